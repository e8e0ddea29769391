"""Assessment files: any assessment saves and loads back equal, the written form is stable and
diffable, older schemas are upgraded, and absurd documents give problems, not exceptions."""

from __future__ import annotations

import difflib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import assessment, item, library, questionnaire
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcheck.core import assessment as amod
from selfcheck.core.assessment import load_assessment, parse_date, serialise
from selfcheck.core.checker import Checker
from selfcheck.core.model import ACTION_STATUSES, NA, UNKNOWN, VOTING_MODES, Action, Answer, Assessment
from selfcheck.core.tomlio import dumps, loads

# --------------------------------------------------------------------------- strategies

ODD = st.sampled_from(
    [
        "",
        " ",
        "🙂",
        "O'Brien",
        'say "hi"',
        "a\\b",
        "line\nbreak",
        "tab\there",
        "[x]",
        "a.b",
        "= #",
        "\u200b",
        "Zoë",
        "CON",
        "../../etc",
        '"""',
        "'''",
        "\\",
        "Ω≈ç√",
    ]
)
# Everything a person can put in a text: any character but control characters (line breaks
# and tabs included). Control characters are replaced on load, see test_control_characters_*.
TYPED = st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t")
text = st.one_of(st.text(TYPED, max_size=30), ODD)
names = st.one_of(ODD, st.text(TYPED, max_size=15))
BIG = st.text(TYPED, min_size=1, max_size=40).map(lambda s: (s * (10_240 // len(s) + 1))[:10_240])  # a 10 kB note
notes = st.one_of(st.just(""), text, st.text(TYPED, max_size=400), BIG)
aware = st.datetimes(
    min_value=datetime(1970, 1, 1),
    max_value=datetime(2200, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-9, minutes=-30))]),
)
stamps = st.one_of(st.none(), aware, st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1)))
dates = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
values = st.one_of(st.integers(0, 3), st.sampled_from([NA, UNKNOWN]))
item_ids = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,24}", fullmatch=True)


@st.composite
def answers_for(draw, participants: list[str]) -> Answer:
    votes = {}
    if participants:
        voters = draw(st.lists(st.sampled_from(participants), unique=True, max_size=len(participants)))
        votes = {v: draw(values) for v in voters}
    a = Answer(
        score=draw(st.one_of(st.none(), values)),
        votes=votes,
        note=draw(notes),
        discuss=draw(st.booleans()),
        updated=draw(stamps),
    )
    if a.is_empty():
        a.discuss = True  # an empty answer is not written at all
    return a


@st.composite
def assessments(draw, ids: st.SearchStrategy[str] = st.one_of(item_ids, text)) -> Assessment:
    participants = draw(st.lists(names, unique=True, max_size=6))
    templates = draw(st.lists(answers_for(participants), min_size=1, max_size=8))
    count = draw(st.integers(0, 200))
    base = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    answers = {}
    for n in range(count):
        answers[f"{base[n % len(base)]}-{n}" if n >= len(base) else base[n]] = Answer(
            **{**templates[n % len(templates)].__dict__, "votes": dict(templates[n % len(templates)].votes)}
        )
    action_ids = draw(st.lists(text, unique=True, max_size=4))
    actions = [
        Action(
            id=aid,
            what=draw(text),
            who=draw(names),
            due=draw(dates),
            status=draw(st.sampled_from(ACTION_STATUSES)),
            principles=draw(st.lists(text, max_size=3)),
            items=draw(st.lists(st.sampled_from(sorted(answers)), max_size=3)) if answers else [],
            sections=draw(st.lists(st.just("sec"), max_size=1)),
            created=draw(stamps),
            updated=draw(stamps),
        )
        for aid in action_ids
    ]
    return Assessment(
        questionnaire=draw(st.one_of(item_ids, text)),
        questionnaire_version=draw(text),
        organisation=draw(st.one_of(text, st.text(TYPED, min_size=1, max_size=200))),
        team=draw(text),
        date=draw(dates),
        voting=draw(st.sampled_from(VOTING_MODES)),
        participants=participants,
        created=draw(stamps),
        updated=draw(stamps),
        previous=draw(text),
        framework=draw(text),
        targets=draw(st.dictionaries(text, st.one_of(st.integers(0, 100), st.floats(0, 100)), max_size=5)),
        answers=answers,
        section_notes=draw(st.one_of(st.just({}), st.just({"sec": "x"}), st.builds(lambda n: {"sec": n}, BIG))),
        actions=actions,
    )


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "a.toml"
    path.write_bytes(text.encode("utf-8"))
    return path


ROUND_TRIP = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


@ROUND_TRIP
@given(assessments())
def test_round_trip_without_library(tmp_path_factory, a: Assessment) -> None:
    path = _write(tmp_path_factory.mktemp("rt"), serialise(a))
    back, c = load_assessment(path, None)
    assert [str(p) for p in c.problems] == []
    assert back == a
    assert back.path == path


@ROUND_TRIP
@given(assessments(ids=item_ids).filter(lambda a: bool(a.answers)))
def test_round_trip_with_a_generated_questionnaire(tmp_path_factory, a: Assessment) -> None:
    q = questionnaire(*(item(i) for i in a.answers), qid="gen", version=a.questionnaire_version)
    a.questionnaire = "gen"
    path = _write(tmp_path_factory.mktemp("rtq"), serialise(a, q))
    back, c = load_assessment(path, library(q))
    assert [str(p) for p in c.problems] == []
    assert back == a
    # answers are written in questionnaire order
    written = list(loads(path.read_text("utf-8")).get("answers", {}))
    assert written == [i.id for i in q.items if i.id in written]


def test_a_fixed_hard_case_round_trips(tmp_path) -> None:
    note = 'quotes " and \'\'\' and """ and \\ and \\n and a tab\t, emoji 🙂, CR\r\nnew line\n\nend\\'
    a = assessment(
        {
            "x": Answer(
                score=2,
                votes={'"Anna"': 1, "Bram\nB": NA},
                note=note,
                discuss=True,
                updated=datetime(2026, 11, 22, 10, 12, 4, 500, tzinfo=UTC),
            )
        },
        participants=['"Anna"', "Bram\nB", ""],
        targets={"P1": 33.3333333333333, "P2": 80},
        actions=[
            Action(
                "a1", 'Wat "precies"\n', who="Zoë", due=date(2027, 1, 15), status="busy", principles=["P1"], items=["x"]
            )
        ],
    )
    a.organisation = "Gemeente 's-Hertogenbosch \\ 🙂"
    path = _write(tmp_path, serialise(a))
    back, c = load_assessment(path, None)
    a.answers["x"].note = note.replace("\r\n", "\n")  # a Windows line end loads as a plain one
    assert c.problems == [] and back == a


# --------------------------------------------------------------------------- stable, diffable form


def _three() -> tuple[Assessment, object]:
    q = questionnaire(item("a"), item("b"), item("c"))
    a = assessment(
        {
            "c": Answer(score=3, note="drie"),
            "a": Answer(score=1, votes={"Bram": 1, "Anna": 2}),
            "b": Answer(score=NA, discuss=True),
        },
        participants=["Anna", "Bram"],
    )
    a.created = a.updated = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
    return a, q


def _diff(old: str, new: str) -> list[str]:
    return [
        x
        for x in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if x[:1] in "+-" and not x.startswith(("+++", "---"))
    ]


def test_two_saves_differing_in_one_answer_differ_only_there() -> None:
    a, q = _three()
    before = serialise(a, q)
    a.answers["b"].score = 2
    assert _diff(before, serialise(a, q)) == ['-score = "nvt"', "+score = 2"]
    before = serialise(a, q)
    a.answers["a"].votes["Anna"] = 3
    assert _diff(before, serialise(a, q)) == ["-Anna = 2", "+Anna = 3"]
    before = serialise(a, q)
    a.answers["c"].note = "drie\nen een halve"
    assert _diff(before, serialise(a, q)) == ['-note = "drie"', '+note = """', "+drie", '+en een halve"""']


def test_key_order_is_fixed_whatever_the_order_in_memory() -> None:
    a, q = _three()
    text = serialise(a, q)
    shuffled = Assessment(**{**a.__dict__, "answers": dict(reversed(list(a.answers.items())))})
    shuffled.answers["a"] = Answer(score=1, votes={"Anna": 2, "Bram": 1})
    assert serialise(shuffled, q) == text
    lines = text.splitlines()
    assert lines[:4] == [
        "schema = 1",
        'questionnaire = "q"',
        'questionnaire_version = "1"',
        'organisation = "Gemeente Test"',
    ]
    headers = [x for x in lines if x.startswith("[")]
    assert headers == ["[answers.a]", "[answers.a.votes]", "[answers.b]", "[answers.c]"]  # questionnaire order
    at = lines.index("[answers.a.votes]")
    assert lines[at + 1 : at + 3] == ["Anna = 2", "Bram = 1"]  # participants' order
    assert "created = 2026-11-22T09:30:00Z" in lines


def test_empty_answers_are_not_written() -> None:
    a, q = _three()
    a.answers["d"] = Answer()
    a.answers["a"] = Answer(updated=datetime(2026, 1, 1, tzinfo=UTC))
    text = serialise(a, q)
    assert "[answers.d]" not in text and "[answers.a]" not in text


# --------------------------------------------------------------------------- schema upgrades


OLD_DOC = """\
schema = 1
questionnaire = "q"
questionnaire_version = "1"
organization = "Gemeente Oud"

[answers.a]
score = 2
comment = "oude sleutel"
"""


def _rename_v1(doc: dict) -> dict:
    doc = dict(doc)
    doc["organisation"] = doc.pop("organization")
    doc["answers"] = {
        k: {("note" if kk == "comment" else kk): vv for kk, vv in v.items()} for k, v in doc.get("answers", {}).items()
    }
    return doc


def test_upgrade_hook_is_applied_to_an_older_schema(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(amod, "SCHEMA", 2)
    monkeypatch.setattr(amod, "UPGRADES", {1: _rename_v1})
    a, c = load_assessment(_write(tmp_path, OLD_DOC), None)
    assert c.problems == []
    assert a.organisation == "Gemeente Oud" and a.answers["a"].note == "oude sleutel" and a.schema == 2
    assert serialise(a).startswith("schema = 2\n")


def test_upgrades_run_in_order(tmp_path, monkeypatch) -> None:
    calls: list[int] = []

    def step(n):
        def up(doc):
            calls.append(n)
            return _rename_v1(doc) if n == 1 else {**doc, "team": "via stap 2"}

        return up

    monkeypatch.setattr(amod, "SCHEMA", 3)
    monkeypatch.setattr(amod, "UPGRADES", {2: step(2), 1: step(1)})
    a, c = load_assessment(_write(tmp_path, OLD_DOC), None)
    assert calls == [1, 2] and c.problems == []
    assert a.team == "via stap 2" and a.schema == 3


def test_without_upgrade_the_old_key_is_an_error(tmp_path) -> None:
    a, c = load_assessment(_write(tmp_path, OLD_DOC), None)
    assert a is None
    assert any("organization" in p.message and p.line == 4 for p in c.problems)


@pytest.mark.parametrize(
    "schema, word", [("0", "schema"), ("-1", "schema"), ('"1"', "schema"), ("true", "schema"), ("2", "nieuwer")]
)
def test_bad_or_future_schema(tmp_path, schema, word) -> None:
    a, c = load_assessment(_write(tmp_path, OLD_DOC.replace("schema = 1", f"schema = {schema}")), None)
    assert a is None
    (p,) = c.problems
    assert p.line == 1 and word in p.message


# --------------------------------------------------------------------------- absurd input


keys = st.one_of(
    st.sampled_from(
        [
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
            "framework",
            "targets",
            "answers",
            "actions",
            "score",
            "votes",
            "note",
            "discuss",
            "id",
            "what",
            "who",
            "due",
            "status",
            "principles",
            "items",
        ]
    ),
    st.text(max_size=8),
)
scalars = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=10),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.just(UTC)),
    st.times(),
)
docs = st.recursive(
    scalars, lambda ch: st.one_of(st.lists(ch, max_size=3), st.dictionaries(keys, ch, max_size=5)), max_leaves=30
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, docs, max_size=10), st.booleans())
def test_absurd_documents_give_problems_not_exceptions(doc, with_library) -> None:
    doc.setdefault("schema", 1)
    text = dumps(doc)
    lib = library(questionnaire(item("a"), item("b"), qid="q")) if with_library else None
    c = Checker(Path("x.toml"), text)
    a = amod.assessment_from(c, loads(text), lib)
    assert (a is None) == c.failed
    for p in c.problems:
        assert p.message and (p.line is None or p.line >= 1)


# --------------------------------------------------------------------------- dates typed by people


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2026-11-22", date(2026, 11, 22)),
        (" 22-11-2026 ", date(2026, 11, 22)),
        ("22/11/2026", date(2026, 11, 22)),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_parse_date(typed, expected) -> None:
    assert parse_date(typed) == expected


@pytest.mark.parametrize("typed", ["", "morgen", "2026-13-01", "2023-02-29", "11/22/2026", "2026-11-22T10:00"])
def test_parse_date_rejects(typed) -> None:
    with pytest.raises(ValueError):
        parse_date(typed)


def test_control_characters_in_user_text_are_replaced_with_a_warning(tmp_path) -> None:
    """An escape sequence in a name or note could drive a terminal: it is neutralised on load."""
    a = Assessment(
        questionnaire="q",
        questionnaire_version="1",
        organisation="Evil\x1b]0;PWNED\x07 Org",
        participants=["An\x1b[31mna"],
        team="line\r\nend",
    )
    a.answers["x"] = Answer(votes={"An\x1b[31mna": 2}, note="a\tb\nc\x00d")
    path = _write(tmp_path, serialise(a))
    back, c = load_assessment(path, None)
    assert back is not None
    assert back.organisation == "Evil\ufffd]0;PWNED\ufffd Org"
    assert back.participants == ["An\ufffd[31mna"] and back.answers["x"].votes == {"An\ufffd[31mna": 2}
    assert back.team == "line\nend"  # a Windows line end is a plain line end
    assert back.answers["x"].note == "a\tb\nc\ufffdd"  # tabs and line breaks stay
    warnings = [p for p in c.problems if p.severity == "warning"]
    assert warnings and all("stuurtekens" in p.message for p in warnings)
    assert not [p for p in c.problems if p.severity == "error"]
