"""What the key screens look like, as SVG snapshots (pytest-textual-snapshot).

All on the demo workspace, whose rounds have fixed dates and seeded answers. Nothing in these
tests saves, so the title bar shows "✓ opgeslagen" without a clock time, and no tmp path is on
screen. After a deliberate change: `pytest tests/tui/test_snapshots.py --snapshot-update`, then
look at the SVGs (or snapshot_report.html) before committing them.
"""

from __future__ import annotations

import pytest
from tui_helpers import BLIND_ROUND, OPEN_ROUND, round_path

from selfcheck.core.scoring import team_value
from selfcheck.core.storage import Workspace

pytestmark = pytest.mark.snapshot


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_home(demo, make_app, snap_compare):
    """Home lists the three demo rounds with progress and overall score."""
    assert snap_compare(make_app(ws=demo), terminal_size=(80, 24), run_before=settle)


def test_answering_open_votes(demo, make_app, snap_compare):
    """An item of an open-votes round: the scale, the four votes, the team score, the previous round."""
    app = make_app(round_path(demo, OPEN_ROUND), ws=demo)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def first_disagreement(ws: Workspace, name: str) -> int:
    """The index of the round's first item whose votes differ enough to be a disagreement."""
    a = ws.load(round_path(ws, name))
    q = ws.library.questionnaires[a.questionnaire]
    for n, item in enumerate(q.items):
        spread = team_value(a.answer(item.id))[2]
        if spread is not None and spread >= item.scale.disagreement:
            return n
    raise AssertionError(f"no disagreement in {name}")


def test_blind_reveal(demo, make_app, snap_compare):
    """A blind round after r on its first disagreement: every vote, the spread and the ⚠ mark."""
    app = make_app(round_path(demo, BLIND_ROUND), ws=demo)
    steps = first_disagreement(demo, BLIND_ROUND)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("home", *["right"] * steps)
        await pilot.press("r")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_results(demo, make_app, snap_compare):
    """Results per principle: score, bar, target, gap, coverage, disagreement, trend, actions."""
    app = make_app(round_path(demo, OPEN_ROUND), ws=demo)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_results_wide(demo, make_app, snap_compare):
    """Results at 160x45: full principle names, wider bars, spelled-out column heads."""
    app = make_app(round_path(demo, OPEN_ROUND), ws=demo)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(160, 45), run_before=run_before)


def test_actions(demo, make_app, snap_compare):
    """The action plan of the demo round: status with symbol, what, who, due date, principles."""
    app = make_app(round_path(demo, OPEN_ROUND), ws=demo)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_help(demo, make_app, snap_compare):
    """Help (F1) from the answering screen: its keys, then the app's keys."""
    app = make_app(round_path(demo, OPEN_ROUND), ws=demo)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
