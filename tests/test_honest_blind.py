"""Issue 12: a blind vote stays blind until its item is revealed, in the core, the file, the
listing cache and every export; an item with votes but no team value is open everywhere."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from selfcheck.core.assessment import load_assessment, serialise
from selfcheck.core.export import FORMATS, analysis_for, build_report, render
from selfcheck.core.merge import merge_answer
from selfcheck.core.model import Answer, Assessment
from selfcheck.core.scoring import analyse, distribution
from selfcheck.core.storage import Workspace
from tests.test_export import GENERATED, ROUND, golden_workspace

SEALED = ("t-doelgroep", "t-netwerk", "t-cijfers")


def _blind(ws: Workspace) -> Assessment:
    """The golden round as a blind round: three items voted on, not revealed, no team score."""
    a = ws.load(ws.assessments_dir / ROUND)
    a.voting = "blind"
    for item_id, ans in a.answers.items():
        ans.revealed = item_id not in SEALED and bool(ans.votes)
    for item_id in SEALED:
        a.answers[item_id].score = None
        a.answers[item_id].votes = {"Anouk": 3, "Bas": 0, "Fatima El Amrani": 3, "Joris": 0}
    return a


def _without_sealed(a: Assessment) -> Assessment:
    b = dataclasses.replace(a, answers={k: dataclasses.replace(v, votes=dict(v.votes)) for k, v in a.answers.items()})
    for item_id in SEALED:
        b.answers[item_id].votes = {}
    return b


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return golden_workspace(tmp_path / "ws")


def test_sealed_votes_count_nowhere_in_the_analysis(ws: Workspace) -> None:
    a = _blind(ws)
    q = ws.library.questionnaire(a.questionnaire)
    fw = ws.library.framework_for(q)
    an = analyse(a, q, fw)
    for item_id in SEALED:
        r = an.item(item_id)
        assert r is not None
        assert r.value is None and r.status == "open" and r.spread is None and not r.answer.votes
        assert r.hidden == 4
    plain = analyse(_without_sealed(a), q, fw)
    assert [p.score for p in an.principles] == [p.score for p in plain.principles]
    assert an.answered == plain.answered
    assert [e.result.item.id for e in an.agenda] == [e.result.item.id for e in plain.agenda]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("votes", ["anonymous", "named", "none"])
def test_every_export_of_a_blind_round_is_as_if_the_sealed_votes_were_not_there(
    ws: Workspace, fmt: str, votes: str
) -> None:
    a = _blind(ws)
    b = _without_sealed(a)
    q = ws.library.questionnaire(a.questionnaire)
    fw = ws.library.framework_for(q)
    one = render(build_report(analyse(a, q, fw), lang="nl", generated=GENERATED, votes=votes), fmt)
    two = render(build_report(analyse(b, q, fw), lang="nl", generated=GENERATED, votes=votes), fmt)
    assert one == two


def test_revealed_is_stored_and_survives_a_restart(ws: Workspace, tmp_path: Path) -> None:
    a = _blind(ws)
    q = ws.library.questionnaire(a.questionnaire)
    a.answers["t-doelgroep"].revealed = True
    text = serialise(a, q)
    assert "revealed = true" in text
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    again, checker = load_assessment(path, ws.library)
    assert again is not None, checker.problems
    assert again.answers["t-doelgroep"].revealed and not again.answers["t-netwerk"].revealed
    assert not again.sealed("t-doelgroep") and again.sealed("t-netwerk")
    assert again.visible_votes("t-doelgroep") == a.answers["t-doelgroep"].votes
    assert again.visible_votes("t-netwerk") == {}


def test_old_files_without_the_flag_still_read(ws: Workspace) -> None:
    text = (ws.assessments_dir / ROUND).read_text(encoding="utf-8")
    assert "revealed" not in text
    a = ws.load(ws.assessments_dir / ROUND)
    assert a.voting == "open" and not a.sealed("t-doelgroep")


def test_a_reveal_survives_a_merge() -> None:
    base = Answer(votes={"A": 1, "B": 2})
    ours = Answer(votes={"A": 1, "B": 2}, revealed=True)
    theirs = Answer(votes={"A": 1, "B": 2}, note="x")
    merged, _ = merge_answer(base, ours, theirs)
    assert merged is not None and merged.revealed and merged.note == "x"


def test_listing_cache_counts_a_sealed_item_as_open(ws: Workspace) -> None:
    a = _blind(ws)
    q = ws.library.questionnaire(a.questionnaire)
    path = ws.assessments_dir / ROUND
    path.write_text(serialise(a, q), encoding="utf-8")
    for _ in range(2):  # the second time from the cache
        summaries, _problems = ws.summaries([path])
        (s,) = summaries
        assert not set(SEALED) & set(s.values)
        assert s.disagreements == 0 or all(i not in SEALED for i in s.values)


def test_the_distribution_of_the_votes() -> None:
    assert distribution([2, 0, 3, 0, 1, 3, "nvt", "weet-niet"]) == [
        (0, 2),
        (1, 1),
        (2, 1),
        (3, 2),
        ("nvt", 1),
        ("weet-niet", 1),
    ]


def test_analysis_for_a_blind_round_from_the_workspace(ws: Workspace) -> None:
    a = _blind(ws)
    an = analysis_for(ws, a)
    assert all(an.item(i).status == "open" for i in SEALED)  # type: ignore[union-attr]
