"""run.py, the README's quick start: which extra it installs before it starts selfcheck."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run_py() -> ModuleType:
    spec = importlib.util.spec_from_file_location("selfcheck_run_py", ROOT / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("argv", "extra"), [
    (["demo"], ""),
    ([], ""),
    (["serve"], "serve"),
    (["--workspace", "/tmp/x", "serve", "--port", "0"], "serve"),
    (["--lang", "en", "list"], ""),
])
def test_run_py_installs_the_extra_the_command_needs(monkeypatch: pytest.MonkeyPatch, argv: list[str], extra: str) -> None:
    # issue 16.13: `python3 run.py serve` on a fresh clone said "pip install 'selfcheck[serve]'",
    # which goes to the package index instead of this clone; now run.py installs the extra.
    run = _run_py()
    seen: list[str] = []
    monkeypatch.setattr(run, "ensure", seen.append)
    monkeypatch.setattr(run.subprocess, "call", lambda cmd, **kw: 0)
    monkeypatch.setattr(sys, "argv", ["run.py", *argv])
    assert run.main() == 0
    assert seen == [extra]
