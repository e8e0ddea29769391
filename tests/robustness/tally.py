"""What the robustness suites tried, printed once more at the end of the test run.

Each suite calls `report(name, line)` with its counts (kills survived, files rejected with a
message, fuzz cases, keystrokes); the line is printed at once (outside pytest's capture) and
again in the terminal summary, so a CI log can quote it whatever the verbosity.
"""

from __future__ import annotations

import sys

LINES: list[tuple[str, str]] = []


def report(name: str, line: str) -> None:
    LINES.append((name, line))
    sys.__stdout__.write(f"\n[{name}] {line}\n")
    sys.__stdout__.flush()
