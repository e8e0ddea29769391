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
        assert "1 conflict bij andere stellingen" in screen.render_item().plain
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


async def test_a_trend_adds_up_with_the_figures_beside_it(make_app, demo):
    """A reader's case (demo 'Inwoners bereiken', P5): 50 % in April over all its statements, 45 %
    now, yet ▲ +5 on the 9 of 11 statements scored in both rounds. The compare screen shows
    40 % → 45 % beside the +5 (the whole rounds' 50 % → 45 % labelled, where there is room);
    the results screen draws no sparkline (its 50 → 45 would fall beside the rising arrow) and
    its drill-down says from which figure to which the trend goes."""
    path = demo.assessments_dir / "demo_inwoners-betrekken_2026-10-20.toml"
    for size, whole_rounds in (((80, 24), False), ((100, 30), True)):
        app = make_app(path, ws=demo)
        async with app.run_test(size=size) as pilot:
            await pilot.press("s", "v")
            await pilot.pause()
            table = app.screen.query_one("#principles", DataTable)
            p5 = [str(c) for c in table.get_row_at(4)]
            assert p5[0].startswith("P5") and p5[1:5] == ["40%", "45%", "▲ +5", "9/11"], p5
            assert (p5[5:] == ["50% → 45%"]) is whole_rounds, p5
            assert "Beide scores en het verschil gaan over dezelfde stellingen" in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ResultsScreen)
            results = app.screen.query_one("#principles", DataTable)
            column = results.get_column_index("trend")
            assert str(results.get_row_at(4)[column]) == "▲ +5"  # no sparkline: the sets differ
            assert str(results.get_row_at(0)[column]) == "▃▃ ▲ +8"  # P1: the same 3 statements
            results.move_cursor(row=4)
            await pilot.press("enter")
            await pilot.pause()
            text = " ".join(screen_text(app).split())
            assert "trend +5: 40% → 45%, vergeleken op 9 van 11 stellingen; hele rondes: 50% → 45%" in text
