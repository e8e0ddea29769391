"""Fuzzing the loaders: documents that look like ours, mutated real files, and random bytes.

Shared by tests/robustness/test_fuzz.py (CI) and benchmarks/bench_fuzz.py (long runs). Every
input goes through every loader: `parse_bytes`, `load_library` on a folder holding it (which
runs `framework_from` / `questionnaire_from`), `load_assessment`, `validate_paths` and
`Workspace.summaries`. The rule: nothing escapes but SelfcheckError, and what is returned is
either a result or problems with a message that names the file, points at a line inside it
(or at none), and holds no control character (a message is printed on a terminal). A document
that loads as an assessment must also survive what follows loading: saving it again (which must
read back equal), scoring, the previous round, and every export format.
"""

from __future__ import annotations

import random
import shutil
import string
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import strategies as st

from selfcheck.core.errors import Problem, SelfcheckError

ROOT = Path(__file__).resolve().parents[2]
BUILTIN = ROOT / "questionnaires"
MINI = ROOT / "tests" / "data" / "valid" / "mini.toml"
VALID = ROOT / "tests" / "data" / "valid"
BAD = ROOT / "tests" / "data" / "bad"


@dataclass
class Counts:
    cases: int = 0
    per_source: dict[str, int] = field(default_factory=dict)
    loaded_assessments: int = 0
    loaded_content: int = 0
    rejected: int = 0
    exports: int = 0

    def line(self) -> str:
        sources = ", ".join(f"{n} {k}" for k, n in sorted(self.per_source.items()))
        return (
            f"{self.cases} fuzz cases ({sources}) through parse_bytes, load_library, load_assessment, "
            f"validate_paths and Workspace.summaries: {self.rejected} rejected by every loader with problems, "
            f"{self.loaded_assessments} loaded as assessments and {self.loaded_content} as content "
            f"(then saved, re-read, scored and exported: {self.exports} exports); nothing else escaped"
        )


# --------------------------------------------------------------------------- what to feed


KEYS = [
    "kind",
    "id",
    "version",
    "framework",
    "title",
    "introduction",
    "default_scale",
    "sources",
    "scales",
    "levels",
    "value",
    "label",
    "na",
    "unknown",
    "disagreement",
    "steps",
    "scored",
    "sections",
    "items",
    "text",
    "help",
    "scale",
    "serves",
    "intro",
    "step",
    "discuss",
    "name",
    "description",
    "principles",
    "status",
    "target",
    "short",
    "group",
    "publisher",
    "year",
    "url",
    "schema",
    "questionnaire",
    "questionnaire_version",
    "organisation",
    "team",
    "date",
    "voting",
    "participants",
    "created",
    "updated",
    "previous",
    "targets",
    "answers",
    "score",
    "votes",
    "note",
    "section_notes",
    "actions",
    "what",
    "who",
    "due",
    "nl",
    "en",
    "pharos-9",
    "P1",
    "P2",
    "P9",
    "m-a",
    "m-b",
    "m-c",
    "mini",
    "a1",
    "from_round",
    "reviewed",
    "conflicts",
    "side",
    "item",
    "section",
    "recorded",
]
USER_TEXT = {"organisation", "team", "note", "what", "who", "previous", "title", "text", "help", "intro", "nl", "en"}
WEIRD_TEXT = [
    "",
    " ",
    "\n",
    "\t",
    "nvt",
    "weet-niet",
    "open",
    "blind",
    "team",
    "confirmed",
    "working-title",
    "done",
    "mini",
    "2.0",
    "pharos-9",
    "P1",
    "m-a",
    "../../etc/passwd",
    "CON",
    "<script>",
    "=1+1",
    "\x1b[2J",
    "\u202e",
    "é",
    "🙂",
    "a" * 300,
    "\r\n",
    "\\",
    '"',
    "'''",
    "[[x]]",
    "# x",
]


def _text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(WEIRD_TEXT),
        st.text(max_size=40),
        st.text(alphabet=string.ascii_lowercase + "-_0123456789", min_size=1, max_size=12),
    )


def _scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.sampled_from([0, 1, 2, 3, -1, 4, 100, 101, 2**63 - 1, -(2**63)]),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([0.5, 1e308, -0.0, float("inf"), float("nan"), 99.999]),
        st.booleans(),
        _text(),
        st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
        st.datetimes(
            min_value=datetime(1, 1, 2),
            max_value=datetime(9999, 12, 30),
            timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-12)), timezone(timedelta(hours=14))]),
        ),
        st.times(),
    )


def values(depth: int = 3) -> st.SearchStrategy[Any]:
    keys = st.one_of(st.sampled_from(KEYS), _text())
    return st.recursive(
        _scalars(),
        lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=5)),
        max_leaves=12,
    )


def _template(kind: str) -> dict[str, Any]:
    from selfcheck.core.tomlio import loads

    if kind == "assessment":
        return loads((VALID / "assessment-mini.toml").read_text("utf-8"))
    if kind == "framework":
        return loads((BUILTIN / "pharos-9.toml").read_text("utf-8"))
    return loads(MINI.read_text("utf-8"))


@st.composite
def shaped_documents(draw: Any) -> bytes:
    """A document shaped like ours (a real one of each kind), with random changes at random
    places: keys dropped, values replaced by random ones, keys added, tables nested."""
    kind = draw(st.sampled_from(["assessment", "assessment", "questionnaire", "framework"]))
    doc = _template(kind)
    paths = list(_paths(doc))
    texts = [p for p in paths if p[-1] in USER_TEXT or (len(p) > 1 and p[-2] == "participants")]
    for _ in range(draw(st.integers(1, 4))):
        if not paths:
            break
        action = draw(st.sampled_from(["user-text", "user-text", "same-type", "same-type", "replace", "drop", "add"]))
        if action == "user-text":  # mostly still a valid file, with odd text where people type
            if not texts:
                continue
            path = draw(st.sampled_from(texts))
            action = "same-type"
        else:
            path = draw(st.sampled_from(paths))
        parent = _get(doc, path[:-1])
        if parent is None:
            continue
        key = path[-1]
        try:
            if action == "same-type":  # a value of the kind that belongs there: deeper into the code
                parent[key] = draw(_like(parent[key]))
            elif action == "replace":
                parent[key] = draw(values())
            elif action == "drop" and isinstance(parent, dict):
                parent.pop(key, None)
            elif action == "add":
                target = parent[key] if isinstance(parent[key], (dict, list)) else parent
                if isinstance(target, dict):
                    target[draw(st.one_of(st.sampled_from(KEYS), _text()))] = draw(values())
                else:
                    target.append(draw(values()))
        except (IndexError, KeyError, TypeError):
            continue
    try:
        return tomli_w.dumps(doc, multiline_strings=draw(st.booleans())).encode("utf-8")
    except (TypeError, ValueError):
        return repr(doc).encode("utf-8", "surrogatepass")  # not TOML at all: fine input too


def _like(value: Any) -> st.SearchStrategy[Any]:
    """Another value of the same type as `value`."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.one_of(st.sampled_from([0, 1, 2, 3, -1, 4, 100, 101, 2**63 - 1]), st.integers(-(2**63), 2**63 - 1))
    if isinstance(value, float):
        return st.floats(allow_nan=True, allow_infinity=True)
    if isinstance(value, str):
        return _text()
    if isinstance(value, datetime):
        return _scalars().filter(lambda v: isinstance(v, datetime))
    if isinstance(value, date):
        return st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
    if isinstance(value, list):
        inner = _like(value[0]) if value else _text()
        return st.lists(inner, max_size=6)
    if isinstance(value, dict):
        return st.dictionaries(
            st.one_of(st.sampled_from(KEYS), _text()),
            _like(next(iter(value.values()))) if value else _text(),
            max_size=5,
        )
    return values()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Any:
    if isinstance(value, dict):
        for k, v in value.items():
            yield prefix + (k,)
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield prefix + (i,)
            yield from _paths(v, prefix + (i,))


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for k in path:
        try:
            doc = doc[k]
        except (KeyError, IndexError, TypeError):
            return None
    return doc


def real_files() -> list[Path]:
    out = sorted(BUILTIN.glob("*.toml")) + sorted(VALID.glob("*.toml"))
    return out + sorted(BAD.glob("*.toml"))


SNIPPETS = [
    b"=",
    b"[",
    b"]",
    b"[[",
    b"]]",
    b'"',
    b"'''",
    b'"""',
    b"\n",
    b"{",
    b"}",
    b",",
    b".",
    b"#",
    b"\\",
    b"\\u",
    b"\x00",
    b"\xff",
    b"\xe9",
    b"\xef\xbb\xbf",
    b"nan",
    b"inf",
    b"1979-05-27T07:32:00Z",
    b"0001-01-01",
    b"true",
    b"9999999999999999999999",
    b"-",
    b"\r",
    b"\t",
    b'score = "nvt"',
    b"[answers.x]",
    b"[[sections.items]]",
    b'kind = "framework"',
    b"schema = 2",
]


@st.composite
def mutated_real_files(draw: Any) -> bytes:
    """A real file (built-in content, the test data, the bad corpus), mutated at the byte level."""
    data = bytearray(draw(st.sampled_from(real_files())).read_bytes())
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            data = bytearray(draw(st.binary(max_size=20)))
            continue
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "flip", "snippet", "snippet", "dup-line", "swap-lines", "cut"]))
        if op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "snippet":
            data[at:at] = draw(st.sampled_from(SNIPPETS))
        elif op in ("dup-line", "swap-lines"):
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if op == "dup-line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
        elif op == "cut":
            del data[at:]
    return bytes(data)


def random_bytes() -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=600), st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")))


# --------------------------------------------------------------------------- the loaders


class Escaped(AssertionError):
    pass


def _fine_problem(p: Problem, name: str, raw: bytes) -> None:
    if not isinstance(p.message, str) or not p.message.strip():
        raise Escaped(f"a problem without a message: {p!r}")
    if name not in p.path:
        raise Escaped(f"a problem that does not name the file {name}: {p}")
    if p.line is not None and not 1 <= p.line <= raw.count(b"\n") + 2:
        raise Escaped(f"a problem pointing outside the file (line {p.line}): {p}")
    bad = [
        c
        for c in str(p)
        if unicodedata.category(c) == "Cc" or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    ]
    if bad:
        raise Escaped(f"a message with control characters {bad!r} (a terminal would run them): {str(p)!r}")


class Harness:
    """The workspaces the inputs go into; `feed(raw)` runs every loader on one input."""

    def __init__(self) -> None:
        from selfcheck.core.content import load_library
        from selfcheck.core.storage import Workspace

        self.tmp = Path(tempfile.mkdtemp(prefix="selfcheck-fuzz-"))
        self.builtin = self.tmp / "builtin"  # pharos-9 alone: loading stays cheap per case
        self.builtin.mkdir()
        shutil.copy(BUILTIN / "pharos-9.toml", self.builtin / "pharos-9.toml")
        self.content = self.tmp / "content"
        self.content.mkdir()
        self.ws_root = self.tmp / "ws"
        (self.ws_root / "questionnaires").mkdir(parents=True)
        shutil.copy(MINI, self.ws_root / "questionnaires" / "mini.toml")
        self.library = load_library([self.ws_root / "questionnaires"])
        self.ws = Workspace(self.ws_root, self.library)
        self.ws.ensure()
        self.counts = Counts()
        self.rng = random.Random(0)

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def feed(self, raw: bytes, source: str) -> None:
        from selfcheck.core.assessment import load_assessment
        from selfcheck.core.checker import parse_bytes
        from selfcheck.core.content import load_library
        from selfcheck.core.validate import validate_paths

        self.counts.cases += 1
        self.counts.per_source[source] = self.counts.per_source.get(source, 0) + 1
        name = "fuzz.toml"
        accepted = False

        def guard(what: str, fn: Callable[[], Any]) -> Any:
            try:
                return fn()
            except SelfcheckError:
                return None
            except Exception as exc:  # the point: anything else is a bug
                raise Escaped(f"{what} raised {type(exc).__name__}: {exc}\ninput: {raw[:400]!r}") from exc

        # parse_bytes
        c, data = guard("parse_bytes", lambda: parse_bytes(self.content / name, raw))
        if data is None and c is not None:
            if not [p for p in c.problems if p.severity == "error"]:
                raise Escaped(f"parse_bytes returned nothing and no problem for {raw[:200]!r}")
            for p in c.problems:
                _fine_problem(p, name, raw)

        # frameworks and questionnaires: a folder holding it, as the library loads one
        path = self.content / name
        path.write_bytes(raw)
        lib = guard("load_library", lambda: load_library([self.content], builtin=self.builtin))
        if lib is not None:
            for p in lib.problems:
                _fine_problem(p, name, raw)
            if set(lib.questionnaires) | set(lib.frameworks) != {"pharos-9"}:
                self.counts.loaded_content += 1
                accepted = True
        path.unlink()

        # an assessment
        apath = self.ws.assessments_dir / name
        apath.write_bytes(raw)
        result = guard("load_assessment", lambda: load_assessment(apath, self.library))
        if result is not None:
            a, checker = result
            for p in checker.problems:
                _fine_problem(p, name, raw)
            if a is None:
                if not [p for p in checker.problems if p.severity == "error"]:
                    raise Escaped(f"load_assessment returned nothing and no error for {raw[:200]!r}")
            else:
                self.counts.loaded_assessments += 1
                accepted = True
                guard("after loading", lambda: self._after_loading(a))
        problems = guard("validate_paths", lambda: validate_paths(self.ws, [apath]))
        if problems is not None:
            for p in problems[0]:
                _fine_problem(p, name, raw)
        summaries = guard("Workspace.summaries", lambda: self.ws.summaries())
        if summaries is not None:
            for p in summaries[1]:
                _fine_problem(p, name, raw)
        apath.unlink()
        if not accepted:
            self.counts.rejected += 1

    def _after_loading(self, a: Any) -> None:
        """What the app and the CLI do with a loaded assessment must not fail on it either."""
        from selfcheck.core.assessment import load_assessment, serialise
        from selfcheck.core.export import analysis_for, build_report, render
        from selfcheck.core.scoring import analyse

        q = self.library.questionnaires.get(a.questionnaire)
        text = serialise(a, q)
        back_path = self.ws.assessments_dir / "fuzz-back.toml"
        back_path.write_text(text, "utf-8")
        back, c = load_assessment(back_path, self.library)
        back_path.unlink()
        if back is None:
            raise Escaped(f"saved again, the assessment no longer loads: {[str(p) for p in c.problems]}\n{text[:600]}")
        again = serialise(back, q)
        if again != text:  # (an empty answer table is dropped on saving: compare what is written)
            raise Escaped(f"saved again, the assessment reads back different\n{text[:600]}\n---\n{again[:600]}")
        if q is None:
            return
        fw = self.library.framework_for(q, a.framework or None)
        analyse(a, q, fw)
        self.ws.previous_round(a)
        report = build_report(analysis_for(self.ws, a))
        formats = ["html", "md", "csv", "json"] + (["pdf"] if self.rng.random() < 0.05 else [])
        for fmt in formats:
            render(report, fmt)
            self.counts.exports += 1
