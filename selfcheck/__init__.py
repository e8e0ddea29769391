"""selfcheck: assess how a municipal team tackles health inequality against Pharos' nine principles."""

__version__ = "0.1.0"
