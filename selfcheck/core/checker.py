"""Shared machinery for validating a parsed TOML document and reporting `file:line:` problems."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from selfcheck.core.errors import Problem, SelfcheckError, display_path
from selfcheck.core.model import Text
from selfcheck.core.safefile import UnsafeFile, read_regular
from selfcheck.core.tomlio import KeyLines, TomlSyntaxError, loads
from selfcheck.i18n import language, t

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Larger files are refused before parsing: no real questionnaire or assessment comes close."""

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters but tab and line feed: what `Checker.clean` replaces."""

MAX_PROBLEMS_PER_FILE = 5
"""A file reports its first problems and then how many more: 200,000 answers for unknown items
are six lines, not 200,000 (and cost no line lookups)."""

Path_ = tuple[Any, ...]

_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "table": ((dict,), "t.table"),
    "str": ((str,), "t.text"),
    "int": ((int,), "t.integer"),
    "number": ((int, float), "t.number"),
    "bool": ((bool,), "t.boolean"),
    "list": ((list,), "t.list"),
    "date": ((date,), "t.date"),
    "datetime": ((datetime,), "t.datetime"),
    "text": ((dict, str), "t.text"),
    "score": ((int, str), "t.score"),
}


class Checker:
    """Collects problems for one file; knows the file's text to find the line of a key."""

    def __init__(self, path: Path | str, text: str, *, locate: bool = True) -> None:
        self.path = Path(path)
        self.text = text
        self._problems: list[Problem] = []
        self._lines: KeyLines | None = None
        self.locate = locate
        """Find the line of each problem; bulk loading turns this off (the scan costs ~2 ms a file)."""
        self._listed: dict[str, int] = {}
        self._more: dict[str, int] = {}
        """Problems beyond MAX_PROBLEMS_PER_FILE (per severity), only counted."""
        self._name: tuple[Path, str] | None = None

    @property
    def name(self) -> str:
        if self._name is None or self._name[0] is not self.path:  # display_path resolves: once a file
            self._name = (self.path, display_path(self.path))
        return self._name[1]

    @property
    def problems(self) -> list[Problem]:
        """The problems listed, then per severity one "… and 199,995 more in this file" line."""
        if not self._more:
            return self._problems
        return self._problems + [
            Problem(self.name, None, t("v.more_problems", n=_count(n)), sev, n) for sev, n in sorted(self._more.items())
        ]

    def line(self, keypath: Path_) -> int | None:
        if not self.locate:
            return None
        if self._lines is None:
            self._lines = KeyLines(self.text)
        return self._lines.line(keypath)

    def error(self, keypath: Path_, message: str) -> None:
        self.add(keypath, message, "error")

    def warn(self, keypath: Path_, message: str) -> None:
        self.add(keypath, message, "warning")

    def add(self, keypath: Path_, message: str, severity: str) -> None:
        """Record a problem. Past MAX_PROBLEMS_PER_FILE of its severity, only count it: 200,000
        answers for unknown items are six lines, found in linear time."""
        if self._listed.get(severity, 0) < MAX_PROBLEMS_PER_FILE:
            self._listed[severity] = self._listed.get(severity, 0) + 1
            self._problems.append(Problem(self.name, self.line(keypath), message, severity))
        else:
            self._more[severity] = self._more.get(severity, 0) + 1

    def add_problem(self, problem: Problem) -> None:
        """Record a problem made elsewhere (bytes, encoding, syntax: one per file)."""
        self._problems.append(problem)

    @property
    def failed(self) -> bool:
        return bool(self._more.get("error")) or any(p.severity == "error" for p in self._problems)

    def raise_if_failed(self) -> None:
        if self.failed:
            first = next(p for p in self.problems if p.severity == "error")
            raise SelfcheckError(str(first), list(self.problems))

    # --- text

    def clean(self, value: str, keypath: Path_) -> str:
        """A text from a file made harmless for a terminal, for user text (assessments) and
        content text (questionnaires, frameworks: sync shares them) alike.

        An escape character could drive the terminal of whoever looks at the text (retitle
        it, clear it, fake output); nobody types one on purpose. Control characters become
        U+FFFD with a warning; line breaks and tabs stay, and a Windows line end becomes a
        plain one.
        """
        if "\r\n" in value:
            value = value.replace("\r\n", "\n")
        if CONTROL.search(value):
            self.warn(keypath, t("v.control_chars", key=".".join(str(k) for k in keypath)))
            value = CONTROL.sub("\ufffd", value)
        return value

    def clean_tree(self, value: Any, keypath: Path_ = ()) -> Any:
        """`clean` every text in a parsed document, keys included (ids and languages are keys)."""
        if isinstance(value, str):
            return self.clean(value, keypath)
        if isinstance(value, dict):
            return {
                (self.clean(k, keypath + (k,)) if isinstance(k, str) else k): self.clean_tree(v, keypath + (k,))
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.clean_tree(v, keypath + (i,)) for i, v in enumerate(value)]
        return value

    # --- structure

    def table(
        self,
        data: Any,
        keypath: Path_,
        required: dict[str, str],
        optional: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Check a table's keys and the types of their values; return the well-typed ones."""
        optional = optional or {}
        where = _where(keypath)
        if not isinstance(data, dict):
            self.error(keypath, t("v.wrong_type", key=where, expected=t("t.table"), got=_kind(data)))
            return {}
        known = {**required, **optional}
        good: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                hint = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
                if hint:
                    self.error(keypath + (key,), t("v.unknown_key_hint", key=key, where=where, hint=hint[0]))
                else:
                    self.error(keypath + (key,), t("v.unknown_key", key=key, where=where))
                continue
            if self.typed(value, known[key], keypath + (key,)):
                good[key] = value
        for key in required:
            if key not in data:
                self.error(keypath, t("v.missing_key", key=key, where=where))
        return good

    def tables(
        self,
        entries: list[Any],
        keypath: Path_,
        required: dict[str, str],
        optional: dict[str, str] | None = None,
    ) -> Iterator[tuple[Path_, dict[str, Any]]]:
        """Each table of an array of tables (`[[sections]]` at `keypath`) with its own key path,
        checked as `table` checks one."""
        for i, entry in enumerate(entries):
            yield keypath + (i,), self.table(entry, keypath + (i,), required, optional)

    def typed(self, value: Any, kind: str, keypath: Path_) -> bool:
        types, label = _TYPES[kind]
        ok = isinstance(value, types)
        if kind in ("int", "number", "score") and isinstance(value, bool):
            ok = False
        if kind == "date" and isinstance(value, datetime):
            ok = False
        if not ok:
            self.error(keypath, t("v.wrong_type", key=_key(keypath), expected=t(label), got=_kind(value)))
        return ok

    def ltext(self, value: Any, keypath: Path_, *, required_langs: tuple[str, ...] = ("nl", "en")) -> Text:
        """A `{nl = …, en = …}` table (a bare string counts as Dutch only)."""
        key = _key(keypath)
        if isinstance(value, str):
            value = {"nl": value}
        if not isinstance(value, dict):
            self.error(keypath, t("v.wrong_type", key=key, expected=t("t.text"), got=_kind(value)))
            return Text("")
        out: dict[str, str] = {}
        for lang, s in value.items():
            if lang not in ("nl", "en"):
                self.error(keypath + (lang,), t("v.unknown_lang", lang=lang, key=key))
            elif not isinstance(s, str):
                self.error(
                    keypath + (lang,), t("v.wrong_type", key=f"{key}.{lang}", expected=t("t.text"), got=_kind(s))
                )
            elif not s.strip():
                self.error(keypath + (lang,), t("v.empty_text", key=f"{key}.{lang}"))
            else:
                out[lang] = s
        for lang in required_langs:
            if lang not in value:
                self.error(keypath, t("v.missing_lang", lang=lang, key=key))
        return Text(out.get("nl", out.get("en", "")), out.get("en", ""))

    def unique(self, ids: list[tuple[str, Path_]]) -> None:
        seen: dict[str, Path_] = {}
        for ident, keypath in ids:
            if ident in seen:
                other = self.line(seen[ident])
                msg = t("v.duplicate_id", id=ident, other=other) if other else t("v.duplicate_id_noline", id=ident)
                self.error(keypath, msg)
            else:
                seen[ident] = keypath


def parse_file(path: Path, *, use_rtoml: bool = True) -> tuple[Checker, dict[str, Any] | None]:
    """Read and parse a file; problems with bytes, encoding or syntax go into the checker."""
    checker = Checker(path, "")
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except OSError as exc:
        checker.error((), unreadable(exc))
        return checker, None
    return parse_bytes(path, raw, checker, use_rtoml=use_rtoml)


def unreadable(exc: OSError) -> str:
    """One line for a file that could not be read: `read_regular`'s own sentence (not a regular
    file, too large), else "cannot read the file: <the system's reason>"."""
    if isinstance(exc, UnsafeFile):
        return exc.strerror or str(exc)
    return t("v.unreadable", detail=exc.strerror or str(exc))


def _count(n: int) -> str:
    """199995 as 199.995 in Dutch, 199,995 in English."""
    text = f"{n:,}"
    return text.replace(",", ".") if language() == "nl" else text


def parse_bytes(
    path: Path, raw: bytes, checker: Checker | None = None, *, use_rtoml: bool = True
) -> tuple[Checker, dict[str, Any] | None]:
    checker = checker or Checker(path, "")
    if len(raw) > MAX_FILE_BYTES:  # read by a caller that did not look at the size first
        checker.error((), t("v.too_big", size=len(raw), limit=MAX_FILE_BYTES))
        return checker, None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # a byte order mark of UTF-16 (Windows "Unicode")
        checker.add_problem(Problem(checker.name, 1, t("v.utf16")))
        return checker, None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        checker.add_problem(
            Problem(checker.name, line, t("v.not_utf8_at", byte=f"0x{raw[exc.start]:02X}", column=column))
        )
        return checker, None
    checker.text = text
    if not text.strip():
        checker.error((), t("v.empty"))
        return checker, None
    if "\x00" in text:
        at = text.index("\x00")
        line = text[:at].count("\n") + 1
        checker.add_problem(Problem(checker.name, line, t("v.nul", column=at - (text.rfind("\n", 0, at) + 1) + 1)))
        return checker, None
    try:
        data = loads(text, use_rtoml=use_rtoml)
    except TomlSyntaxError as exc:
        if "recurs" in str(exc):  # rtoml: "recursion limit", "cannot recurse further"
            checker.add_problem(Problem(checker.name, exc.line or _deepest_line(text), t("v.too_deep")))
            return checker, None
        msg = t("v.syntax_col", column=exc.column, detail=exc) if exc.column else t("v.syntax", detail=exc)
        checker.add_problem(Problem(checker.name, exc.line, msg))
        return checker, None
    except RecursionError:
        checker.add_problem(Problem(checker.name, _deepest_line(text), t("v.too_deep")))
        return checker, None
    return checker, data


def _deepest_line(text: str) -> int | None:
    """The line that nests tables or lists deepest (dotted keys, [a.b.c] headers, brackets):
    where a parser that gave up on nesting would have given up."""
    best, where = 0, None
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        depth = max(stripped.count("."), stripped.count("[") + stripped.count("{"))
        if depth > best:
            best, where = depth, n
    return where


def _where(keypath: Path_) -> str:
    if not keypath:
        return t("w.top")
    return "[" + _key(keypath) + "]"


def _key(keypath: Path_) -> str:
    out = ""
    for k in keypath:
        if isinstance(k, int):
            out += f"[{k + 1}]"
        else:
            out += ("." if out else "") + str(k)
    return out


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return t("t.boolean")
    if isinstance(value, datetime):
        return t("t.datetime")
    for name, (types, label) in _TYPES.items():
        if name in ("text", "score", "number"):
            continue
        if isinstance(value, types) and not (name == "int" and isinstance(value, bool)):
            return t(label)
    if isinstance(value, float):
        return t("t.number")
    return type(value).__name__
