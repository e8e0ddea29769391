"""App flows over rounds and organisations (issue 7): the trend per principle over all rounds,
the consultant's view across organisations (with its minimum group size), and reviewing the
conflicts a git merge recorded."""

from __future__ import annotations

from datetime import UTC, date, datetime

from textual.widgets import DataTable
from tui_helpers import make_assessment, on_disk, screen_text, settle

from selfcheck.core.model import Answer, Conflict
from selfcheck.tui.answer import AnswerScreen
from selfcheck.tui.benchmark import BenchmarkScreen
from selfcheck.tui.results import ResultsScreen

SIZE = (80, 24)
Q = "inwoners-betrekken"


def _all(score: int, ws) -> dict[str, Answer]:
    return {i.id: Answer(score=score) for i in ws.library.questionnaires[Q].items}


async def test_results_show_a_sparkline_over_all_rounds(make_app, workspace):
    """Three rounds of one organisation: each principle's trend cell draws the three scores."""
    first = make_assessment(workspace, when=date(2025, 1, 1), answers=_all(0, workspace))
    second = make_assessment(workspace, when=date(2025, 7, 1), answers=_all(3, workspace), previous=first.name)
    third = make_assessment(workspace, when=date(2026, 1, 1), answers=_all(1, workspace), previous=second.name)
    app = make_app(third)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        table = app.screen.query_one("#principles", DataTable)
        trend = str(table.get_row_at(0)[table.get_column_index("trend")])
        # 0 % -> 100 % -> 33 %: lowest block, full block, a low block; then the change since last round
        assert trend.startswith("▁█▃") and "▼" in trend, trend


async def test_benchmark_view_needs_five_organisations(make_app, workspace):
    """b on home: with four organisations nothing is shown; a fifth makes the quartiles appear."""
    for n in range(4):
        make_assessment(workspace, organisation=f"Gemeente {n}", answers=_all(n % 4, workspace))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BenchmarkScreen)
        assert app.screen.query_one("#benchmark", DataTable).row_count == 0
        assert "te weinig" in screen_text(app).lower()
    make_assessment(workspace, organisation="Gemeente 4", answers=_all(2, workspace))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        table = app.screen.query_one("#benchmark", DataTable)
        assert table.row_count == 9
        assert str(table.get_row_at(0)[0]).startswith("P1")


async def test_a_merge_conflict_is_shown_and_can_be_resolved(make_app, workspace):
    """The other version of an answer is shown on its item; c takes it over and closes the conflict."""
    q = workspace.library.questionnaires[Q]
    first = q.items[0].id
    path = make_assessment(workspace, answers={first: Answer(score=1, note="hier")})
    a = on_disk(path, workspace)
    a.conflicts.append(
        Conflict(
            item=first, side="theirs", who="Bram", score=3, note="bij Bram", recorded=datetime(2026, 3, 2, tzinfo=UTC)
        )
    )
    workspace.save(a)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, AnswerScreen) and screen.item.id != first  # opens at the first open item
        assert "1 conflict bij andere items" in screen.render_item().plain
        await pilot.press("c")  # no conflict here: c goes to the item that has one
        await pilot.pause()
        assert screen.item.id == first
        assert "Conflict na samenvoegen" in screen.render_item().plain and "Bram" in screen.render_item().plain
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")  # escape decides nothing
        await pilot.pause()
        await settle(pilot)
        assert on_disk(path, workspace).conflicts  # still there
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")  # the first choice: take the other version
        await settle(pilot)
        back = on_disk(path, workspace)
        assert back.conflicts == []
        assert back.answers[first].score == 3 and back.answers[first].note == "bij Bram"
        assert "Conflict" not in screen.render_item().plain
