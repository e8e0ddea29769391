"""The demo tells a believable story (issue 15): a newcomer shows its report to management, so
each note fits the score beside it and each action belongs to its statement."""

from __future__ import annotations

from pathlib import Path

from selfcheck.core import demo as demo_mod
from selfcheck.core.demo import demo_workspace
from selfcheck.core.model import UNKNOWN
from selfcheck.core.scoring import team_value


def test_notes_fit_their_scores(tmp_path: Path) -> None:
    ws = demo_workspace(tmp_path / "demo")
    rounds = sorted(ws.assessments_dir.glob("demo_*.toml"))
    assert len(rounds) == 3
    notes = 0
    for path in rounds:
        a = ws.load(path)
        q = ws.library.questionnaire(a.questionnaire)
        assert a.questionnaire_version == q.version
        for item in q.items:
            ans = a.answers[item.id]
            if not ans.note:
                continue
            notes += 1
            value = team_value(ans)[0]
            if ans.note == demo_mod.UNKNOWN_NOTE:
                assert ans.score == UNKNOWN, item.id
            elif ans.note == demo_mod.DISAGREE_NOTE:
                votes = [v for v in ans.votes.values() if isinstance(v, int)]
                assert votes and max(votes) - min(votes) >= 2, item.id
            elif item.id in demo_mod.ITEM_NOTES:
                low, high = demo_mod.ITEM_NOTES[item.id]
                assert isinstance(value, (int, float))
                assert ans.note == (high if value >= 2 else low), (item.id, value, ans.note)
            else:
                assert ans.note == demo_mod.GENERIC_NOTES[int(value)], (item.id, value, ans.note)  # type: ignore[arg-type]
        for x in a.actions:
            (item_id,) = x.items
            assert x.what == demo_mod._ACTIONS[item_id], (item_id, x.what)
    assert notes >= 8


def test_every_item_note_and_action_is_about_a_statement_that_exists(tmp_path: Path) -> None:
    ws = demo_workspace(tmp_path / "demo")
    ids = {i.id for q in ws.library.questionnaires.values() for i in q.items}
    assert set(demo_mod.ITEM_NOTES) <= ids and set(demo_mod._ACTIONS) <= ids
    # the example: "pick this up in spring" never sits beside a high score
    spring = [k for k, (low, high) in demo_mod.ITEM_NOTES.items() if "voorjaar" in high]
    assert spring == []


def test_the_demo_regenerates(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    ws = demo_workspace(root)
    first = {p.name: p.read_bytes() for p in ws.assessments_dir.glob("demo_*.toml")}
    ws2 = demo_workspace(root, reset=True)
    again = {p.name: p.read_bytes() for p in ws2.assessments_dir.glob("demo_*.toml")}
    assert first == again, "the demo is the same story every time"
