"""`python -m selfcheck` runs the command line."""

import sys

from selfcheck.cli import main

sys.exit(main())
