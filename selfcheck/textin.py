"""What `selfcheck answer` reads: lines of UTF-8, whatever the platform's code page.

Python decodes a piped stdin in the locale's encoding: cp1252 on Windows, where UTF-8 "café ë"
would be saved as "cafÃ© Ã«" without a word, and a byte such as 0x81 (in UTF-8 "Á") ends the
run. PowerShell 5's `Set-Content -Encoding UTF8` and Notepad may also start the text with a
byte-order mark, which made the first answer "not understood" everywhere. So the lines are
read as bytes and decoded here:

  - UTF-8, with or without a byte-order mark (the mark is dropped);
  - UTF-16 when the input starts with its byte-order mark (what Windows PowerShell 5.1's `>`
    and `Out-File` write, and Notepad's "Unicode");
  - a line that is not UTF-8 is read as Windows-1252 (what Windows programs write when they
    do not write UTF-8), with one warning line on stderr that names the line and shows how it
    was read, so a wrong reading is seen before it is trusted.
"""

from __future__ import annotations

import codecs
import io
import sys
from typing import Any, TextIO

from selfcheck.i18n import t

FALLBACK = "cp1252"


class AnswerInput:
    """`readline()` like a text stream's, over `stream`'s bytes where it has them."""

    def __init__(self, stream: Any, warnings: TextIO | None = None) -> None:
        self._text = stream
        self._bytes = getattr(stream, "buffer", None)
        self._warnings = warnings
        self._first = True
        self.line_number = 0
        self.fallbacks = 0
        """How many lines were not UTF-8 (and so read as Windows-1252)."""

    def readline(self) -> str:
        if self._first and self._bytes is not None:
            peek = getattr(self._bytes, "peek", None)
            head = bytes(peek(2)[:2]) if peek is not None else b""
            if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                self._text = io.TextIOWrapper(self._bytes, encoding="utf-16", errors="replace")
                self._bytes = None
        if self._bytes is None:  # a text stream of a test or a caller: already decoded
            line = str(self._text.readline())
        else:
            line = self._decode(bytes(self._bytes.readline()))
        if line:
            self.line_number += 1
        if self._first:
            self._first = False
            line = line.removeprefix("\ufeff")
        return line

    def _decode(self, raw: bytes) -> str:
        if self._first and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        text = raw.decode(FALLBACK, errors="replace")
        self.fallbacks += 1
        out = self._warnings if self._warnings is not None else sys.stderr
        print(
            f"selfcheck: {t('cli.answer_not_utf8', line=self.line_number + 1, text=text.strip()[:60])}",
            file=out,
            flush=True,
        )
        return text
