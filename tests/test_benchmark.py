"""selfcheck benchmark: the numbers against a hand-computed example, the minimum group size,
the coverage rule, the latest round per organisation, the formats' escaping, and
`scoring.principle_scores_from_values` equal to `analyse()`.

The example (used throughout): a 0–4 scale, framework principles P1, P2, P3 and four items

    i1 serves P1 (1) and P2 (1)      P1 = (i1 + i2) / 8           × 100 %
    i2 serves P1 (1)                 P2 = (i1 + i3 + i4) / 12     × 100 %   (n.v.t. items out)
    i3 serves P2 (1)                 P3 is served by no item: no row at all
    i4 serves P2 (1)

and six organisations (latest rounds):

    org  i1  i2  i3         i4     P1               P2
    A    4   4   4          4      8/8 = 100        12/12 = 100
    B    2   2   1          3      4/8 = 50          6/12 = 50
    C    1   1   4          1      2/8 = 25          6/12 = 50
    D    3   3   3          nvt    6/8 = 75          6/8  = 75   (i4 left out)
    E    0   0   0          0      0/8 = 0           0/12 = 0
    F    4   2   weet-niet  open   6/8 = 75          i1 only: 1 of 3 applicable = 33 % coverage
                                                      → F has no P2 score, left out of P2
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers import answer, assessment, framework, item, library, principle, questionnaire, scale
from hypothesis import given, settings
from hypothesis import strategies as st

from selfcheck import cli
from selfcheck.core import benchmark as bm
from selfcheck.core.errors import SelfcheckError
from selfcheck.core.export.benchmark import render_benchmark
from selfcheck.core.model import NA, UNKNOWN, Answer, Assessment
from selfcheck.core.scoring import analyse, principle_scores_from_values, team_value
from selfcheck.core.storage import Workspace
from selfcheck.i18n import set_language

S4 = scale((0, 1, 2, 3, 4))
FW = framework(principle("P1"), principle("P2"), principle("P3", status="working-title"))
Q = questionnaire(
    item("i1", {"P1": 1, "P2": 1}, sc=S4),
    item("i2", {"P1": 1}, sc=S4),
    item("i3", {"P2": 1}, sc=S4),
    item("i4", {"P2": 1}, sc=S4),
    qid="bq",
)
LIB = library(Q, FW)

ORGS: dict[str, dict[str, object]] = {
    "Gemeente A": {"i1": 4, "i2": 4, "i3": 4, "i4": 4},
    "Gemeente B": {"i1": 2, "i2": 2, "i3": 1, "i4": 3},
    "Gemeente C": {"i1": 1, "i2": 1, "i3": 4, "i4": 1},
    "Gemeente D": {"i1": 3, "i2": 3, "i3": 3, "i4": NA},
    "Gemeente E": {"i1": 0, "i2": 0, "i3": 0, "i4": 0},
    "Gemeente F": {"i1": 4, "i2": 2, "i3": UNKNOWN},
}


def _ws(root: Path) -> Workspace:
    ws = Workspace(root, LIB)
    ws.ensure()
    return ws


def _save(
    ws: Workspace, org: str, answers: dict[str, object], when: date = date(2026, 5, 1), created: datetime | None = None
) -> Path:
    a = assessment(answers, qid="bq", org=org, when=when)
    a.created = created
    return ws.save(a)


def _fill(ws: Workspace, orgs: list[str]) -> None:
    for org in orgs:
        _save(ws, org, ORGS[org])


@pytest.fixture
def ws(isolated: Path) -> Workspace:
    return _ws(isolated)


# --------------------------------------------------------------------------- the numbers


def test_hand_computed_distribution(ws) -> None:
    _fill(ws, list(ORGS))
    b = bm.build_benchmark(ws, org="Gemeente B")
    assert b.enough and b.organisations == 6 and b.files == 6
    assert [p.principle.id for p in b.principles] == ["P1", "P2"]  # P3: no item serves it
    p1, p2 = b.principles
    # P1 over all six: sorted x0..x5 = 0, 25, 50, 75, 75, 100 (n = 6); inclusive quartiles
    # interpolate at position (n − 1)·p = 5p:
    #   Q1 at 1.25 → x1 + 0.25 × (x2 − x1) = 25 + 0.25 × (50 − 25) = 31.25
    #   Q2 at 2.5  → x2 + 0.5 × (x3 − x2)  = 50 + 0.5 × (75 − 50)  = 62.5
    #   Q3 at 3.75 → x3 + 0.75 × (x4 − x3) = 75 + 0.75 × (75 − 75) = 75
    # issue 12: shown only as 25-point bands of the sorted score at position round(5p):
    #   Q1 at 1 → 25 → band 25–50; median at 3 → 75 → 75–100; Q3 at 4 → 75 → 75–100
    assert bm.quartiles([0, 25, 50, 75, 75, 100]) == (31.25, 62.5, 75.0)  # the exact ones, never shown
    assert (p1.n, p1.shown, p1.q1, p1.median, p1.q3) == (6, True, 25.0, 75.0, 75.0)
    # B scores 50 on P1: not under Q1's band's top (50), under the median band's top → below the middle
    assert (p1.own, p1.position, p1.rank, p1.percentile) == (50.0, "below_middle", None, None)
    # P2 without F (33 % coverage): sorted 0, 50, 50, 75, 100 (n = 5); positions 1, 2, 3 exactly:
    #   Q1 = 50, median = 50, Q3 = 75
    assert (p2.n, p2.shown, p2.q1, p2.median, p2.q3) == (5, True, 50.0, 50.0, 75.0)
    # B scores 50 on P2: under Q1's band's top (75) → in the lowest quarter
    assert (p2.own, p2.position) == (50.0, "low")


def test_an_organisation_with_too_little_coverage_is_left_out_of_that_principle(ws) -> None:
    _fill(ws, list(ORGS))
    b = bm.build_benchmark(ws, org="Gemeente F")
    p1, p2 = b.principles
    assert p1.n == 6 and p1.own == 75.0 and p1.position == "below_middle"  # F counts for P1 (both items scored)
    assert p2.n == 5 and p2.own is None and p2.own_status == "too_few" and p2.position is None
    assert "te weinig antwoorden" in bm.benchmark_text(b, "nl")


def test_the_latest_round_counts_names_match_without_case_and_ties_go_to_the_later_created(ws) -> None:
    _fill(ws, list(ORGS))
    # older rounds with other numbers: ignored (one spelled differently: the same organisation)
    _save(ws, "gemeente  a", {"i1": 0, "i2": 0, "i3": 0, "i4": 0}, when=date(2026, 1, 1))
    _save(ws, "Gemeente E", {"i1": 4, "i2": 4, "i3": 4, "i4": 4}, when=date(2025, 12, 1))
    # two rounds of C on the same date: the one created later counts (P1 = 8/8 = 100)
    first = _save(
        ws,
        "Gemeente C",
        {"i1": 4, "i2": 4, "i3": 4, "i4": 4},
        when=date(2026, 5, 1),
        created=datetime(2026, 5, 1, 12, tzinfo=UTC),
    )
    Path(ws.assessments_dir / "gemeente-c_bq_2026-05-01.toml").unlink()  # the original C round
    _save(ws, "Gemeente C", ORGS["Gemeente C"], when=date(2026, 5, 1), created=datetime(2026, 5, 1, 9, tzinfo=UTC))
    assert first.exists()
    b = bm.build_benchmark(ws)
    assert b.organisations == 6 and b.files == 9
    p1 = b.principles[0]
    # P1 now: A 100, B 50, C 100 (the later-created round), D 75, E 0, F 75 → sorted
    # x0..x5 = 0, 50, 75, 75, 100, 100:
    #   Q1 at 1 → 50 → band 50–75; median at 3 → 75 → 75–100; Q3 at 4 → 100 → 75–100
    assert (p1.q1, p1.median, p1.q3) == (50.0, 75.0, 75.0)


def test_quartile_method_is_inclusive() -> None:
    # 1, 2, 3, 4: positions 0.75, 1.5, 2.25 → 1.75, 2.5, 3.25 (the exclusive method gives 1.25, 2.5, 3.75)
    assert bm.quartiles([4, 1, 3, 2]) == (1.75, 2.5, 3.25)


def test_standing_ties_count_half() -> None:
    assert bm.standing(50.0, [50.0, 50.0, 50.0]) == (1, 50.0)
    assert bm.standing(100.0, [0.0, 100.0, 20.0, 30.0]) == (1, 100.0)
    assert bm.standing(0.0, [0.0, 100.0, 20.0, 30.0]) == (4, 0.0)


# --------------------------------------------------------------------------- minimum group size


def test_four_organisations_show_nothing(ws) -> None:
    _fill(ws, ["Gemeente A", "Gemeente B", "Gemeente C", "Gemeente D"])
    b = bm.build_benchmark(ws, org="Gemeente A")
    assert not b.enough and b.organisations == 4 and b.principles == []
    for lang in ("nl", "en"):
        set_language(lang)
        for fmt_name in ("text", "html", "md", "csv"):
            out = render_benchmark(b, fmt_name).decode("utf-8-sig")
            assert ("Te weinig organisaties" if lang == "nl" else "Too few organisations") in out
            assert "P1" not in out and "P2" not in out  # not one row, not one number
    set_language("nl")


def test_five_organisations_show_and_a_thin_principle_is_suppressed_on_its_own(ws) -> None:
    _fill(ws, ["Gemeente B", "Gemeente C", "Gemeente D", "Gemeente E", "Gemeente F"])
    b = bm.build_benchmark(ws, org="Gemeente F")
    assert b.enough and b.organisations == 5
    p1, p2 = b.principles
    # P1: 50, 25, 75, 0, 75 → sorted 0, 25, 50, 75, 75: Q1 = 25, median = 50, Q3 = 75
    assert (p1.shown, p1.n, p1.q1, p1.median, p1.q3) == (True, 5, 25.0, 50.0, 75.0)
    # P2: F has too little coverage, so only four organisations have a score: suppressed
    assert (p2.shown, p2.n, p2.q1, p2.median, p2.q3, p2.rank) == (False, 4, None, None, None, None)
    text = bm.benchmark_text(b, "nl")
    assert "< 5" in text and "Niet getoond bij P2" in text
    line = next(x for x in text.splitlines() if x.startswith("P2"))
    assert "< 5" in line and "%" not in line


def test_min_group_is_settable_but_never_below_three(ws) -> None:
    _fill(ws, ["Gemeente A", "Gemeente B", "Gemeente C"])
    assert bm.build_benchmark(ws, min_group=3).enough
    assert not bm.build_benchmark(ws, min_group=4).enough
    with pytest.raises(SelfcheckError, match="minstens 3"):
        bm.build_benchmark(ws, min_group=2)


# --------------------------------------------------------------------------- files and choices


def test_paths_folders_recursively_and_content_files_passed_over(ws, tmp_path) -> None:
    _fill(ws, list(ORGS))
    other = tmp_path / "klanten" / "x"
    other.mkdir(parents=True)
    (other / "notes.toml").write_text('kind = "questionnaire"\nid = "zz"\n', "utf-8")
    b = bm.build_benchmark(ws, [tmp_path / "klanten", ws.root])
    assert b.organisations == 6 and b.problems == []
    b2 = bm.build_benchmark(ws, sorted(ws.assessments_dir.glob("*.toml"))[:5])
    assert b2.organisations == 5
    with pytest.raises(SelfcheckError):
        bm.build_benchmark(ws, [tmp_path / "nergens"])


def test_several_questionnaires_need_q_and_unknown_org_is_an_error(ws) -> None:
    q2 = questionnaire(item("j1", {"P1": 1}), qid="bq2")
    ws2 = Workspace(ws.root, library(Q, q2, FW))
    _fill(ws2, list(ORGS))
    ws2.save(assessment({"j1": 2}, qid="bq2", org="Gemeente Z", when=date(2026, 1, 1)))
    with pytest.raises(SelfcheckError, match=r"bq \(6\), bq2 \(1\)"):
        bm.build_benchmark(ws2)
    assert bm.build_benchmark(ws2, questionnaire="bq").organisations == 6
    with pytest.raises(SelfcheckError, match="Gemeente Q"):
        bm.build_benchmark(ws2, questionnaire="bq", org="Gemeente Q")
    empty = Workspace(ws.root / "leeg", LIB)
    with pytest.raises(SelfcheckError, match="geen zelfscans"):
        bm.build_benchmark(empty)


def test_cli_benchmark_text_and_files(ws, capsys, monkeypatch, tmp_path) -> None:
    _fill(ws, list(ORGS))
    monkeypatch.setattr(Workspace, "library", property(lambda self: LIB))
    assert cli.main(["benchmark", "--org", "Gemeente B"]) == 0
    out = capsys.readouterr().out
    row = next(x for x in out.splitlines() if x.startswith("P1"))
    # issue 12: bands, not interpolated quartiles; a position, not a rank
    assert row.split() == ["P1", "Principe", "P1", "6", "25–50%", "75–100%", "75–100%", "50%", "onder", "het", "midden"]
    assert cli.main(["benchmark", "--min-group", "7"]) == 0
    assert "Te weinig organisaties" in capsys.readouterr().out
    assert cli.main(["benchmark", "--min-group", "2"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "minstens 3" in err
    assert cli.main(["benchmark", "-f", "csv", "-o", str(tmp_path / "b.csv")]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'b.csv'}\n"
    raw = (tmp_path / "b.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:8] == ["bq", "P1", "P1 Principe P1", "6", "ja", "25–50%", "75–100%", "75–100%"]
    assert cli.main(["benchmark", "-f", "html"]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written.parent == ws.exports_dir and written.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_hostile_organisation_names_are_escaped_in_every_format(ws) -> None:
    hostile = '=HYPERLINK("http://x")<script>alert(1)</script>|**b**'
    _fill(ws, ["Gemeente A", "Gemeente B", "Gemeente C", "Gemeente D"])
    _save(ws, hostile, ORGS["Gemeente E"])
    b = bm.build_benchmark(ws, org=hostile)
    html = render_benchmark(b, "html").decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = render_benchmark(b, "md").decode()
    assert "<script>" not in md and "\\*\\*b\\*\\*" in md
    set_language("en")
    rows = list(csv.reader(io.StringIO(render_benchmark(b, "csv").decode("utf-8-sig")), delimiter=","))
    set_language("nl")
    assert rows[1][8].startswith("'=HYPERLINK") and rows[1][5] == "25–50%"


# --------------------------------------------------------------------------- equal to analyse()


def _equal(values: dict[str, object], q, fw) -> None:
    a = Assessment(
        questionnaire=q.id,
        questionnaire_version=q.version,
        organisation="X",
        answers={k: Answer(score=v) for k, v in values.items()},
    )
    an = analyse(a, q, fw)
    fast = principle_scores_from_values(values, q, fw)
    for pr in an.principles:
        got = fast[pr.principle.id]
        assert (got.score, got.raw_score, got.coverage, got.scored, got.applicable) == (
            pr.score,
            pr.raw_score,
            pr.coverage,
            pr.scored,
            pr.applicable,
        ), pr.principle.id


def test_principle_scores_from_values_equals_analyse_on_the_example() -> None:
    for values in ORGS.values():
        _equal(dict(values), Q, FW)


def test_principle_scores_from_summaries_equal_analyse_with_votes(ws) -> None:
    # votes and no consensus: the median (1.5 and 2.5 are possible) goes through the cache
    a = assessment(
        {
            "i1": answer(votes={"An": 1, "Bo": 2}),
            "i2": answer(votes={"An": 4, "Bo": 1}),
            "i3": UNKNOWN,
            "i4": answer(3, votes={"An": 0}),
        },
        qid="bq",
        participants=("An", "Bo"),
    )
    path = ws.save(a)
    for _ in range(2):  # parsed, then from the cache
        (s,), _problems = ws.summaries([path])
        fast = principle_scores_from_values(s.values, Q, FW)
        an = analyse(ws.load(path), Q, FW)
        for pr in an.principles:
            assert fast[pr.principle.id].score == pr.score and fast[pr.principle.id].coverage == pr.coverage


_values = st.sampled_from([0, 1, 2, 3, 1.5, 2.5, NA, UNKNOWN, None])


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_principle_scores_from_values_equals_analyse_on_shipped_content(library, data) -> None:
    qid = data.draw(st.sampled_from(sorted(library.questionnaires)))
    q = library.questionnaires[qid]
    values = {}
    for it in q.items:
        v = data.draw(_values)
        if v is not None and (v not in (NA, UNKNOWN) or it.scale.allows(v)):
            values[it.id] = min(v, it.scale.max) if isinstance(v, (int, float)) else v
    for fid in sorted({f for it in q.items for f in it.serves}):
        if fid in library.frameworks:
            _equal(values, q, library.frameworks[fid])


def test_team_value_is_what_summaries_store() -> None:
    assert team_value(answer(votes={"a": 1, "b": 2}))[0] == 1.5
