"""The one table of the symbols selfcheck draws, each with a plain fall-back.

Windows' classic console (conhost, the window `cmd.exe` and PowerShell open in unless Windows
Terminal is the default) draws with Consolas or Lucida Console: they carry the WGL4 set (ë é,
box lines, █ ░ ▲ ▼ → ↑ ↓ •) but not ▸ ✓ ⚑ ⚠ ↻ ✗, which show as boxes. A stream in a narrow
encoding (cp1252 when output goes to a pipe or a file on Windows) cannot carry █ ▲ → either.

Three modes, decided once at start (`detect`, or `set_mode`):
  - "unicode": every glyph as it is (Linux, macOS, Windows Terminal, VS Code, a browser);
  - "console": the glyphs the classic console's fonts lack are replaced (automatic on Windows
    when neither Windows Terminal (WT_SESSION) nor another terminal (TERM_PROGRAM) is seen);
  - "ascii": every glyph of the table is replaced (SELFCHECK_ASCII=1, `--ascii`, or the
    app's setting `glyphs = "ascii"`); letters such as ë and ş are no glyphs and stay.

Each glyph has two fall-backs: `cell`, exactly as wide on screen as the glyph (the full-screen
app swaps them after Textual laid the screen out), and `text`, which may be longer ("->" for
→, for the command line's output). Both are ASCII. The exports (HTML, PDF, Markdown...) never
go through this table: a file keeps every character.
"""

from __future__ import annotations

import codecs
import os
import sys
import unicodedata
from collections.abc import Mapping
from typing import Any, NamedTuple, TypeVar, cast

MODES = ("unicode", "console", "ascii")


class Glyph(NamedTuple):
    cell: str
    """ASCII of the same width on screen (one cell; two for a wide emoji)."""
    text: str
    """ASCII for running text; may be longer than the glyph."""
    console: bool
    """True when the classic Windows console's fonts (WGL4) show the glyph itself."""


TABLE: dict[str, Glyph] = {
    # marks in the app and the CLI
    "▸": Glyph(">", ">", False),
    "▶": Glyph(">", ">", False),
    "✓": Glyph("v", "v", False),
    "✗": Glyph("x", "x", False),
    "✕": Glyph("x", "x", False),
    "⚑": Glyph("!", "!", False),
    "⚠": Glyph("!", "!", False),
    "‼": Glyph("!", "!!", True),
    "↻": Glyph("@", "(again)", False),
    "✎": Glyph("*", "*", False),
    "◆": Glyph("*", "*", False),
    "●": Glyph("*", "*", True),
    "◐": Glyph("o", "o", False),
    "○": Glyph("o", "o", True),
    "◦": Glyph("o", "o", True),
    "•": Glyph("*", "*", True),
    "▪": Glyph("*", "*", True),
    "†": Glyph("+", "+", True),
    "‡": Glyph("+", "++", True),
    "⌫": Glyph("<", "<-", False),
    "🔒": Glyph("[]", "[lock]", False),
    "📱": Glyph("[]", "[phone]", False),
    # arrows and signs
    "→": Glyph(">", "->", True),
    "←": Glyph("<", "<-", True),
    "↑": Glyph("^", "^", True),
    "↓": Glyph("v", "v", True),
    "▲": Glyph("^", "^", True),
    "▼": Glyph("v", "v", True),
    "−": Glyph("-", "-", True),
    "–": Glyph("-", "-", True),
    "—": Glyph("-", "--", True),
    "…": Glyph(".", "...", True),
    "≥": Glyph(">", ">=", True),
    "≤": Glyph("<", "<=", True),
    "≠": Glyph("#", "!=", True),
    "±": Glyph("+", "+-", True),
    "·": Glyph(".", ".", True),
    "Σ": Glyph("S", "sum", True),
    "‘": Glyph("'", "'", True),
    "’": Glyph("'", "'", True),
    "“": Glyph('"', '"', True),
    "”": Glyph('"', '"', True),
    "€": Glyph("E", "EUR", True),
    "\ufffd": Glyph("?", "?", False),
    # bars, sparklines and lines
    "█": Glyph("#", "#", True),
    "░": Glyph("-", "-", True),
    "│": Glyph("|", "|", True),
    "┃": Glyph("|", "|", False),
    "▏": Glyph("|", "|", False),  # Textual's footer: the bar before the palette key
    "▁": Glyph("_", "_", False),
    "▂": Glyph("_", "_", False),
    "▃": Glyph(".", ".", False),
    "▄": Glyph("-", "-", True),
    "▀": Glyph('"', '"', True),
    "▌": Glyph("[", "[", True),
    "▐": Glyph("]", "]", True),
    "▅": Glyph("-", "-", False),
    "▆": Glyph("=", "=", False),
    "▇": Glyph("=", "=", False),
}

_mode = "unicode"
_tables: dict[tuple[str, str], dict[int, str]] = {}
T = TypeVar("T")


def detect(env: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """The mode this process should draw in (see the module's text)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    wanted = env.get("SELFCHECK_ASCII", "").strip().lower()
    if wanted in ("1", "yes", "true", "on", "ascii"):
        return "ascii"
    if wanted in ("0", "no", "false", "off", "unicode"):
        return "unicode"
    if platform == "win32" and not env.get("WT_SESSION") and not env.get("TERM_PROGRAM"):
        return "console"
    return "unicode"


def set_mode(mode: str) -> None:
    global _mode
    if mode not in MODES:
        raise ValueError(mode)
    _mode = mode


def mode() -> str:
    return _mode


def _table(mode: str, kind: str) -> dict[int, str]:
    key = (mode, kind)
    if key not in _tables:
        _tables[key] = {
            ord(ch): (g.cell if kind == "cell" else g.text)
            for ch, g in TABLE.items()
            if (mode == "ascii" or (mode == "console" and not g.console))
            # On a laid-out screen the box lines are Textual's borders too: they stay whole
            # (the console's fonts carry the light ones) rather than half | and half ─.
            and not (kind == "cell" and "\u2500" <= ch <= "\u257f")
        }
    return _tables[key]


def plain(text: str, mode: str | None = None) -> str:
    """`text` with the glyphs the mode cannot show replaced by their text fall-backs."""
    m = _mode if mode is None else mode
    return text if m == "unicode" else text.translate(_table(m, "text"))


def cells(text: str, mode: str | None = None) -> str:
    """Like `plain`, with fall-backs exactly as wide as the glyphs (for a laid-out screen)."""
    m = _mode if mode is None else mode
    return text if m == "unicode" else text.translate(_table(m, "cell"))


def app_mode(setting: object, env: Mapping[str, str] | None = None) -> str:
    """The mode for the full-screen app: --ascii and SELFCHECK_ASCII first, then the setting
    `glyphs` ("ascii", "unicode" or "auto") in the app's settings.toml, then the automatic one."""
    env = os.environ if env is None else env
    if _mode == "ascii" or env.get("SELFCHECK_ASCII", "").strip():
        return _mode
    return setting if isinstance(setting, str) and setting in MODES else _mode


def plain_driver(base: type[T], mode: str | None = None) -> type[T]:
    """A subclass of a Textual driver class whose output has the glyphs the mode cannot show
    replaced by their same-width fall-backs (`cells`): Textual has laid the screen out, so each
    fall-back takes exactly the cells of its glyph. Imports nothing of Textual itself."""
    chosen = _mode if mode is None else mode
    parent = cast(Any, base)

    class PlainDriver(parent):  # type: ignore[misc,valid-type]
        def write(self, data: str) -> None:
            super().write(cells(data, chosen))

    PlainDriver.__name__ = PlainDriver.__qualname__ = f"Plain{base.__name__}"
    return cast("type[T]", PlainDriver)


def g(glyph: str) -> str:
    """One glyph as this process shows it (for a call site that prints a symbol)."""
    return plain(glyph)


_LETTERS = {
    "Ł": "L",
    "ł": "l",
    "Ø": "O",
    "ø": "o",
    "Đ": "D",
    "đ": "d",
    "ß": "ss",
    "Æ": "AE",
    "æ": "ae",
    "Œ": "OE",
    "œ": "oe",
    "ı": "i",
    "Þ": "Th",
    "þ": "th",
    "Ð": "D",
    "ð": "d",
    "Ħ": "H",
    "ħ": "h",
}
"""Latin letters that Unicode does not decompose into a base letter and an accent."""


def fallback(ch: str) -> str:
    """ASCII for one character a stream cannot carry: the table's fall-back, else the letter
    without its accent (ş -> s), else '?'."""
    entry = TABLE.get(ch)
    if entry is not None:
        return entry.text
    if ch in _LETTERS:
        return _LETTERS[ch]
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if c.isascii() and not unicodedata.combining(c))
    return base if base.isprintable() and base else "?"


ERRORS = "selfcheck.plain"
"""The codec error handler that writes `fallback(ch)` for what an encoding cannot carry."""


def _on_unencodable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(fallback(ch) for ch in exc.object[exc.start : exc.end]), exc.end


codecs.register_error(ERRORS, _on_unencodable)
