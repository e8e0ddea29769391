"""selfcheck.core.tomlio: finding the line of a key, syntax errors with positions, writing ISO
date-times, and documents that survive a write and a read with both parsers."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfcheck.core import tomlio
from selfcheck.core.tomlio import KeyLines, TomlSyntaxError, dumps, loads

DOC = '''\
# line 1: a comment, with key = "value" in it
kind = "questionnaire"   # line 2, a trailing comment: id = "not a key"
"quoted key" = 1
'literal key' = 2
a.b.c = 3
title = { nl = "Titel", en = "Title" }
note = """
multi-line string
fake = "not a key"
[not.a.table]
"""
after = 4
hash = "a # in a string"

[scales.standaard]
levels = [
  { value = 0, label = { nl = "Nee", en = "No" } },   # line 17
  { value = 1, label = { nl = "Ja", en = "Yes" } },
]

[[sections]]
id = "s1"

[[sections.items]]
id = "i1"
serves = { pharos-9 = { P1 = 2 } }

[[sections.items]]
id = "i2"  # line 29
weigth = 3

[[sections]]
id = "s2"

[[sections.items]]
id = "i3"
text.nl = "een # hekje"
text.en = 'a # hash'

[answers."odd key.with dot"]
score = 1
votes = { "Anna B" = 2, Bram = 3 }

[[actions]]
id = "a1"
items = [
  "i1",
  "i2",
]

[[actions]]
id = "a2"
'''


@pytest.mark.parametrize(
    "path, line",
    [
        (("kind",), 2),
        (("quoted key",), 3),
        (("literal key",), 4),
        (("a",), 5),
        (("a", "b", "c"), 5),
        (("title",), 6),
        (("title", "en"), 6),
        (("note",), 7),
        (("fake",), None),  # inside a multi-line string: not a key
        (("not",), None),
        (("after",), 12),
        (("hash",), 13),
        (("scales", "standaard"), 15),
        (("scales", "standaard", "levels"), 16),
        (("scales", "standaard", "levels", 0), 17),
        (("scales", "standaard", "levels", 0, "value"), 17),
        (("scales", "standaard", "levels", 1), 18),
        (("scales", "standaard", "levels", 1, "label", "en"), 18),
        (("sections",), 21),
        (("sections", 0), 21),
        (("sections", 0, "id"), 22),
        (("sections", 0, "items", 0), 24),
        (("sections", 0, "items", 0, "id"), 25),
        (("sections", 0, "items", 0, "serves"), 26),
        (("sections", 0, "items", 0, "serves", "pharos-9", "P1"), 26),
        (("sections", 0, "items", 1), 28),
        (("sections", 0, "items", 1, "id"), 29),
        (("sections", 0, "items", 1, "weigth"), 30),
        (("sections", 1), 32),
        (("sections", 1, "id"), 33),
        (("sections", 1, "items", 0), 35),
        (("sections", 1, "items", 0, "id"), 36),
        (("sections", 1, "items", 0, "text", "nl"), 37),
        (("sections", 1, "items", 0, "text", "en"), 38),
        (("answers", "odd key.with dot"), 40),
        (("answers", "odd key.with dot", "score"), 41),
        (("answers", "odd key.with dot", "votes", "Anna B"), 42),
        (("answers", "odd key.with dot", "votes", "Bram"), 42),
        (("actions", 0), 44),
        (("actions", 0, "items"), 46),
        (("actions", 1), 51),
        (("actions", 1, "id"), 52),
        # unknown keys fall back to the nearest enclosing key the scan knows
        (("sections", 1, "items", 0, "nope"), 35),
        (("scales", "standaard", "levels", 7), 16),
        (("answers", "odd key.with dot", "votes", "Nobody"), 42),
        ((), None),
    ],
)
def test_keylines(path, line) -> None:
    assert KeyLines(DOC).line(path) == line


def test_keylines_doc_is_valid_toml_with_the_paths_it_claims() -> None:
    data = loads(DOC)
    assert data["sections"][0]["items"][1]["weigth"] == 3
    assert data["answers"]["odd key.with dot"]["votes"] == {"Anna B": 2, "Bram": 3}
    assert "fake" not in data and data["note"].startswith("multi-line")
    assert data["hash"] == "a # in a string"


def test_keylines_multiline_string_closed_on_a_content_line() -> None:
    text = 'a = """x\ny = 1\nz"""\nb = 2\nc = """one line"""\nd = 3\n'
    kl = KeyLines(text)
    assert (kl.line(("a",)), kl.line(("y",)), kl.line(("b",)), kl.line(("c",)), kl.line(("d",))) == (1, None, 4, 5, 6)
    literal = "a = '''\nq = 1\n'''\nr = 2\n"
    assert KeyLines(literal).line(("q",)) is None and KeyLines(literal).line(("r",)) == 4


def test_keylines_of_a_written_assessment() -> None:
    doc = {
        "schema": 1,
        "participants": ["A", "B"],
        "answers": {"x-1": {"score": 2, "note": "een\ntwee\nscore = 9"}, "x-2": {"score": "nvt"}},
    }
    text = dumps(doc)
    lines = text.splitlines()
    kl = KeyLines(text)
    for path, needle in [
        (("answers", "x-1"), "[answers.x-1]"),
        (("answers", "x-2"), "[answers.x-2]"),
        (("answers", "x-2", "score"), 'score = "nvt"'),
        (("answers", "x-1", "note"), "note = "),
    ]:
        n = kl.line(path)
        assert n is not None and lines[n - 1].startswith(needle), (path, n, lines)


# --------------------------------------------------------------------------- syntax errors


@pytest.mark.parametrize("use_rtoml", [True, False], ids=["rtoml", "tomllib"])
@pytest.mark.parametrize(
    "text, line, column",
    [
        ("a = 1\nb = \n", 2, 5),
        ('a = 1\nb = "open\nc = 2\n', 2, None),
        ("x = [1,\n2,,]\n", 2, 3),
        ("a = 1\n\n\nk = tru\n", 4, 5),
        ("a = 1\na = 2\n", 2, None),
        ("[t]\nx = 1\n[t]\ny = 2\n", 3, None),
        # faults at the very end (tomllib says only "at end of document")
        ("a = 1\nb = [\n", 2, 6),
        ("a = 1\nb = ", 2, None),
        ('a = 1\nb = """abc\n\nx', 4, 2),
        ("[t", 1, 3),
    ],
)
def test_syntax_error_position(text, line, column, use_rtoml) -> None:
    with pytest.raises(TomlSyntaxError) as info:
        loads(text, use_rtoml=use_rtoml)
    err = info.value
    assert err.line == line
    assert isinstance(err.column, int) and err.column >= 1
    if column is not None:
        assert err.column == column
    assert str(err) and "at line" not in str(err) and "end of document" not in str(err)  # position not left in


def test_tomllib_fallback_when_rtoml_missing(monkeypatch) -> None:
    monkeypatch.setattr(tomlio, "_rtoml", None)
    assert loads("a = 1979-05-27T07:32:00Z\n") == {"a": datetime(1979, 5, 27, 7, 32, tzinfo=UTC)}
    with pytest.raises(TomlSyntaxError) as info:
        loads("a = 1\nb = [\n")
    assert (info.value.line, info.value.column) == (2, 6)
    assert "end of document" not in str(info.value)


def test_syntax_error_is_a_value_error() -> None:
    assert issubclass(TomlSyntaxError, ValueError)


# --------------------------------------------------------------------------- writing


def test_dumps_iso_datetimes_with_t_and_z() -> None:
    text = dumps(
        {
            "when": datetime(2026, 11, 22, 10, 12, 4, tzinfo=UTC),
            "day": date(2026, 11, 22),
            "nested": {"at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)},
            "list": [datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=UTC)],
            "local": datetime(2026, 1, 2, 3, 4, 5),
            "offset": datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2))),
        }
    )
    assert "when = 2026-11-22T10:12:04Z\n" in text
    assert "day = 2026-11-22\n" in text
    assert "at = 2026-01-02T03:04:05Z\n" in text
    assert "2026-01-02T03:04:05.120000Z" in text
    assert "local = 2026-01-02T03:04:05\n" in text
    assert "offset = 2026-01-02T03:04:05+02:00\n" in text
    assert "+00:00" not in text and " 03:04" not in text


def test_dumps_keeps_key_order_and_reads_back_the_same_instant() -> None:
    doc = {"z": 1, "a": 2, "m": {"y": 1, "b": 2}}
    assert [line.split(" ")[0] for line in dumps(doc).splitlines() if " = " in line] == ["z", "a", "y", "b"]
    written = dumps({"t": datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5)))})
    assert "2026-01-02T03:04:05-05:00" in written
    for use_rtoml in (True, False):
        back = loads(written, use_rtoml=use_rtoml)
        assert back["t"] == datetime(2026, 1, 2, 8, 4, 5, tzinfo=UTC)  # the same instant
        assert back["t"].utcoffset() == timedelta(hours=-5)  # and the offset as written


# --------------------------------------------------------------------------- round trip

keys = st.text(max_size=12)
scalars = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2200, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
    ),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),  # local date-time
    st.times(),
)


def _tables(children):
    return st.dictionaries(keys, children, max_size=5)


values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), _tables(children)),
    max_leaves=25,
)
documents = st.dictionaries(keys, values, max_size=6)


def _same(a, b) -> bool:
    """Equal, with floats compared bit-for-bit in value (0.0 == -0.0 is fine, NaN excluded)."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return isinstance(b, float) and (a == b or (math.isnan(a) and math.isnan(b)))
    if isinstance(a, datetime):
        return isinstance(b, datetime) and a == b and (a.tzinfo is None) == (b.tzinfo is None)
    return type(a) is type(b) and a == b


@settings(max_examples=300, deadline=None)
@given(documents)
def test_round_trip_both_parsers(doc) -> None:
    text = dumps(doc)
    fast = loads(text)
    slow = loads(text, use_rtoml=False)
    assert _same(doc, fast), text
    assert _same(doc, slow), text
    assert _same(fast, slow)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_any_string_survives(s) -> None:
    text = dumps({"s": s, "t": {"u": [s, s]}})
    assert loads(text) == {"s": s, "t": {"u": [s, s]}}
    assert loads(text, use_rtoml=False) == {"s": s, "t": {"u": [s, s]}}
    assert isinstance(time(), time)


@pytest.mark.parametrize("s", ["\r\n", "a\r\nb", "een\r\ntwee\ndrie", "\r\n\r\n", "x\r"])
def test_crlf_survives(s) -> None:
    """tomli_w turns \\r\\n into \\n inside multi-line strings; dumps keeps every character."""
    doc = {"note": s, "other": "regel 1\nregel 2", "list": [s], "t": {s: s}}
    text = dumps(doc)
    assert loads(text) == doc and loads(text, use_rtoml=False) == doc


def test_multiline_strings_without_crlf_stay_readable() -> None:
    assert dumps({"note": "regel 1\nregel 2"}) == 'note = """\nregel 1\nregel 2"""\n'
