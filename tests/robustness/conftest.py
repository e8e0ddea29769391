"""Set-up for the robustness suites (issue 6).

The app tests' fixtures of tests/tui/conftest.py apply here too (private settings file, Dutch,
a fixed theme, `make_app`, `demo`), and tests/tui/tui_helpers.py is importable. At the end of
the run the counts every suite printed are repeated under "robustness totals".
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import tally

TUI = Path(__file__).resolve().parent.parent / "tui"
if str(TUI) not in sys.path:
    sys.path.insert(0, str(TUI))

_spec = importlib.util.spec_from_file_location("_tui_conftest_for_robustness", TUI / "conftest.py")
assert _spec is not None and _spec.loader is not None
_tui = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tui)

app_settings = _tui.app_settings
make_app = _tui.make_app
demo = _tui.demo


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not tally.LINES:
        return
    terminalreporter.section("robustness totals")
    for name, line in tally.LINES:
        terminalreporter.write_line(f"[{name}] {line}")
