"""The one error type of selfcheck, and the problems that validation reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning) in one file."""

    path: str
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        tag = "" if self.severity == "error" else "warning: "
        return f"{where}: {tag}{self.message}"


class SelfcheckError(Exception):
    """Raised for anything a user can cause: a broken file, a bad argument, a locked file.

    Its message is one clear line meant for a person; `problems` holds the details when a
    file failed validation.
    """

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems: list[Problem] = problems or []


class LockedError(SelfcheckError):
    """The assessment is open for editing in another process."""

    def __init__(self, message: str, holder: dict[str, object]) -> None:
        super().__init__(message)
        self.holder = holder


def display_path(path: Path | str) -> str:
    """A path as short as it can be shown: relative to the current folder where possible."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)
