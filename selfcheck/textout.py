"""What the command line writes never fails on its own encoding.

On Windows, Python writes to a console through the console's own (UTF-16) interface, but to a
pipe or a file in the ANSI code page (cp1252 on a Dutch or English Windows): `selfcheck report
FILE > rapport.txt`, `| clip`, Git Bash's mintty or a scheduled task would end with a
UnicodeEncodeError on █ ▲ → ✓ − or "Gemeente Ayşe". `setup()`, called once by the command
line, makes stdout and stderr safe:

  - a pipe or a file gets UTF-8: what a file should hold (Notepad, VS Code, Excel's import and
    every editor read it), what Git Bash/mintty and WSL show, and what Python itself writes
    there in its UTF-8 mode (the default from Python 3.15, PEP 686). Windows PowerShell 5.1
    decodes a program's output with [Console]::OutputEncoding (the OEM code page, 850) before
    `| Out-File`, `>` or `| clip` sees it, so no single choice is right there: use
    `selfcheck report FILE -o rapport.txt` (UTF-8, no pipe), or first
    `[Console]::OutputEncoding = [Text.Encoding]::UTF8`. SELFCHECK_ENCODING=cp850 (any
    Python codec name) makes selfcheck write that encoding to a file or pipe instead;
  - a terminal keeps the encoding Python chose for it (UTF-8 in any Windows console);
  - whatever the encoding still cannot carry becomes plain ASCII (selfcheck.glyphs:
    █ -> #, ▲ -> ^, → -> ->, ✓ -> v, ş -> s, else ?), never an error;
  - in the "ascii" glyph mode (SELFCHECK_ASCII=1, --ascii), and on the classic Windows
    console for the glyphs its fonts lack, the table's plain fall-backs are written instead.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from selfcheck import glyphs

ENV_ENCODING = "SELFCHECK_ENCODING"


class PlainStream:
    """A text stream that writes glyphs as `glyphs.plain` has them (everything else as is)."""

    def __init__(self, stream: TextIO, mode: str) -> None:
        self._stream = stream
        self._mode = mode

    def write(self, text: str) -> int:
        self._stream.write(glyphs.plain(text, self._mode))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def encoding_for(stream: Any, env: Mapping[str, str] | None = None) -> str:
    """The encoding `stream` should be written in (see the module's text)."""
    env = os.environ if env is None else env
    if _isatty(stream):  # the terminal's own (a Windows console's I/O is UTF-8 whatever is chosen)
        return str(getattr(stream, "encoding", None) or "utf-8")
    chosen = env.get(ENV_ENCODING, "").strip()
    if chosen:
        try:
            return codecs.lookup(chosen).name
        except LookupError:
            pass  # a misspelt name is no reason to fail: fall through
    return "utf-8"


def prepare(stream: Any, mode: str, env: Mapping[str, str] | None = None) -> Any:
    """`stream` set up so that writing to it cannot fail on an unencodable character."""
    if stream is None:  # pythonw, a service: there is nowhere to write
        return stream
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(encoding=encoding_for(stream, env), errors=glyphs.ERRORS)
        except (ValueError, OSError, LookupError):  # pragma: no cover - a stream that refuses
            try:
                reconfigure(errors=glyphs.ERRORS)
            except (ValueError, OSError):
                pass
    tty = _isatty(stream)
    if mode == "ascii" or (mode == "console" and tty):
        return PlainStream(stream, mode)
    return stream


def setup(ascii: bool = False, env: Mapping[str, str] | None = None) -> str:
    """Make this process's stdout and stderr safe (once, at start); returns the glyph mode."""
    env = os.environ if env is None else env
    detected = "ascii" if ascii else glyphs.detect(env)
    # "console" matters only where the console draws; a file or pipe gets the full set.
    glyphs.set_mode("unicode" if detected == "console" and not _isatty(sys.stdout) else detected)
    for name in ("stdout", "stderr"):
        current = getattr(sys, name)
        if current is not None and current is getattr(sys, f"__{name}__"):  # not a test's capture
            setattr(sys, name, prepare(current, detected, env))
    return glyphs.mode()
