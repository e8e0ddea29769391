"""The one error type of selfcheck, and the problems that validation reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

_INVISIBLE = {c: f"\\u{c:04x}" for c in (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_INVISIBLE.update({c: f"\\x{c:02x}" for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))})


def printable(text: str) -> str:
    """Text that is safe to print on a terminal: control characters (an escape sequence could
    clear the screen or retitle the window) and bidirectional overrides (they reorder what is
    shown) written as visible escapes such as \\x1b, so a person can still find them."""
    return text.translate(_INVISIBLE)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning) in one file.

    Path and message are made printable: both can hold text from the file or its name (an
    unknown key, a parser's quote of the input), and they end up on a terminal.
    """

    path: str
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"
    count: int = field(default=1, compare=False)
    """How many problems this line stands for: more than 1 for "… and 199,995 more in this file"."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "message", printable(self.message))

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
