"""Reading and writing TOML, fast where it pays, and finding the line of a key.

Reading uses `rtoml` (a Rust parser, about ten times faster than the standard library's
`tomllib` on our assessment files, see benchmarks/) and falls back to `tomllib` where rtoml is
not installed. Writing uses `tomli_w`. Parsers do not tell where a key stands, so
`KeyLines` finds the line of a key path in the source text when a problem is reported.
"""

from __future__ import annotations

import re
import tomllib
from datetime import datetime
from typing import Any

import tomli_w

try:  # pragma: no cover - the fallback is exercised by a test that hides rtoml
    import rtoml as _rtoml
except ImportError:  # pragma: no cover
    _rtoml = None  # type: ignore[assignment]


class TomlSyntaxError(ValueError):
    """A document that is not valid TOML; `line` and `column` where the parser gave them."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


_POS = re.compile(r"\(?at line (\d+),? column (\d+)\)?")


def loads(text: str, *, use_rtoml: bool = True) -> dict[str, Any]:
    """Parse a TOML document; raise `TomlSyntaxError` with the position of the first fault."""
    try:
        if use_rtoml and _rtoml is not None:
            data = _rtoml.loads(text)
        else:
            data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, TypeError) as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        match = _POS.search(message)
        line = int(match.group(1)) if match else None
        column = int(match.group(2)) if match else None
        message = _POS.sub("", message).strip().rstrip(",")
        if match is None and "(at end of document)" in message:
            # tomllib gives no position for a fault at the very end: point at the last line.
            last = text.splitlines() or [""]
            line, column = len(last), len(last[-1]) + 1
            message = message.replace("(at end of document)", "").strip()
        raise TomlSyntaxError(message, line, column) from None
    # rtoml hands back its own tzinfo class for offsets; aware date-times compare by instant and
    # `dumps` writes them itself, so the document is not rebuilt to swap it (that cost ~20 %).
    return data


class _Iso(datetime):
    """A datetime that tomli_w writes as 2026-11-22T10:12:04Z (tomli_w uses str())."""

    def __str__(self) -> str:
        text = self.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


def _iso(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    if isinstance(value, datetime) and not isinstance(value, _Iso):
        return _Iso(
            value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond, value.tzinfo
        )
    return value


def dumps(data: dict[str, Any]) -> str:
    """Write a document; key order is the order of the dicts given; ISO 8601 date-times.

    Texts with line breaks are written as multi-line strings, unless some text holds a "\r\n":
    tomli_w turns that into "\n" in a multi-line string, so such a document is written with
    escapes instead, keeping every character.
    """
    doc = _iso(data)
    return tomli_w.dumps(doc, multiline_strings=not _has_crlf(doc))


def _has_crlf(value: Any) -> bool:
    if isinstance(value, str):
        return "\r\n" in value
    if isinstance(value, dict):
        return any(_has_crlf(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_crlf(v) for v in value)
    return False


_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_KEYVAL = re.compile(rf"^\s*({_DOTTED})\s*=")
_INLINE_KEY = re.compile(rf"(?:^|[{{,])\s*({_DOTTED})\s*=")


def _split(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_KEY, dotted)
    out = []
    for p in parts:
        if p[:1] in "\"'":
            p = p[1:-1]
        out.append(p)
    return tuple(out)


class KeyLines:
    """Maps key paths of a TOML text to the line they stand on (1-based).

    A path is a tuple of keys, with an index for each element of an array of tables or of an
    array of inline tables: ("sections", 0, "items", 3, "weigth"). `line()` falls back to
    the nearest enclosing key it knows, so a message always points somewhere useful.
    """

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[Any, ...], int] = {}
        self._scan(text)

    def line(self, path: tuple[Any, ...]) -> int | None:
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def _note(self, path: tuple[Any, ...], n: int) -> None:
        self.lines.setdefault(path, n)

    def _scan(self, text: str) -> None:
        aot: dict[tuple[Any, ...], int] = {}
        current: tuple[Any, ...] = ()
        closer: str | None = None  # the end of a multi-line string we are inside
        array: tuple[tuple[Any, ...], int, int] | None = None  # (path, element index, depth)

        def resolve(keys: tuple[str, ...]) -> tuple[Any, ...]:
            out: tuple[Any, ...] = ()
            for k in keys:
                out = out + (k,)
                if out in aot:
                    out = out + (aot[out],)
            return out

        for n, raw in enumerate(text.splitlines(), 1):
            if closer:
                if closer in raw:
                    closer = None
                continue
            stripped = _strip_comment(raw).strip()
            if not stripped:
                continue
            if array is not None:
                path, index, depth = array
                if stripped.startswith("{"):
                    self._note(path + (index,), n)
                    for m in _INLINE_KEY.finditer(stripped):
                        self._note(path + (index,) + _split(m.group(1)), n)
                    index += 1
                depth += _depth(stripped)
                array = None if depth <= 0 else (path, index, depth)
                continue
            if stripped.startswith("[["):
                end = stripped.find("]]")
                keys = _split(stripped[2:end] if end > 0 else stripped[2:])
                parent = resolve(keys[:-1])
                arr = parent + keys[-1:]
                aot[arr] = aot.get(arr, -1) + 1
                current = arr + (aot[arr],)
                self._note(arr, n)
                self._note(current, n)
                continue
            if stripped.startswith("["):
                end = stripped.find("]")
                current = resolve(_split(stripped[1:end] if end > 0 else stripped[1:]))
                self._note(current, n)
                continue
            kv = _KEYVAL.match(stripped)
            if not kv:
                continue
            full = current + _split(kv.group(1))
            for i in range(len(current) + 1, len(full) + 1):
                self._note(full[:i], n)
            value = stripped[kv.end() :].strip()
            for quote in ('"""', "'''"):
                if value.startswith(quote) and value.count(quote) == 1:
                    closer = quote
            if value.startswith("{"):
                for km in _INLINE_KEY.finditer(value):
                    self._note(full + _split(km.group(1)), n)
            if value.startswith("[") and _depth(value) > 0:
                array = (full, 0, _depth(value))
                inner = value[1:].strip()
                if inner.startswith("{"):
                    self._note(full + (0,), n)
                    for km in _INLINE_KEY.finditer(inner):
                        self._note(full + (0,) + _split(km.group(1)), n)
                    array = (full, 1, _depth(value))


def _depth(s: str) -> int:
    """Net count of open brackets in a line, ignoring those inside strings (roughly)."""
    s = re.sub(_QUOTED, "", s)
    return s.count("[") + s.count("{") - s.count("]") - s.count("}")


def _strip_comment(line: str) -> str:
    if "#" not in line:
        return line
    out = re.sub(_QUOTED, lambda m: "x" * len(m.group(0)), line)
    i = out.find("#")
    return line if i < 0 else line[:i]
