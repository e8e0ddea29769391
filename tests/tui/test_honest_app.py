"""Issue 12 in the app: a blind reveal is stored in the file and survives a restart; the reveal
shows the distribution; a half-voted blind item is open (the app resumes at it, the count
does not include it); results say the basis of each score and withhold what is unknown."""

from __future__ import annotations

from tui_helpers import make_assessment, on_disk, settle

from selfcheck.core.storage import Workspace

SIZE = (80, 24)


def _items(ws: Workspace) -> list[str]:
    return [i.id for i in ws.library.questionnaire("inwoners-betrekken").items]


async def test_reveal_is_stored_and_shows_the_distribution(make_app, workspace):
    path = make_assessment(workspace, voting="blind", participants=["Ans", "Bert", "Cem"])
    first = _items(workspace)[0]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("0", "3", "3", "r")
        await settle(pilot)
        text = app.screen.render_item().plain
        assert "verdeling: 1× 0, 2× 3" in text and "mediaan: 3" in text and "spreiding: 3" in text
    a = on_disk(path, workspace)
    assert a.answers[first].revealed and not a.sealed(first)
    # a restart: the item is still revealed
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("home")
        await settle(pilot)
        text = app.screen.render_item().plain
        assert "Ans: 0" in text and "Bert: 3" in text


async def test_a_half_voted_blind_item_is_open_and_the_app_resumes_at_it(make_app, workspace):
    path = make_assessment(workspace, voting="blind", participants=["Ans", "Bert"])
    ids = _items(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")  # Ans voted on the first item; Bert not yet; nothing revealed
        await settle(pilot)
        assert f"0 van {len(ids)} beantwoord" in app.screen.render_item().plain
    a = on_disk(path, workspace)
    assert a.sealed(ids[0])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.item.id == ids[0]  # resumes at the half-voted item: it is open


async def test_the_export_dialog_lets_the_team_choose_how_votes_show(make_app, workspace):
    """Anonymous by default; n switches to named (then to none); the report's header says so.
    The assessment is read from its file (rtoml date-times), which the export copies."""
    from textual.widgets import OptionList

    path = make_assessment(workspace, voting="open", participants=["Ans", "Bert"])
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "3")  # Ans 1, Bert 3 on the first statement
        await settle(pilot)
        await pilot.press("s", "e")
        await settle(pilot)
        for presses, fmt in (((), "md"), (("n",), "html")):
            await pilot.press(*presses)
            formats = app.screen.query_one("#formats", OptionList)
            formats.highlighted = next(
                n for n in range(formats.option_count) if formats.get_option_at_index(n).id == fmt
            )
            await pilot.press("enter")
            for _ in range(100):
                await pilot.pause(0.05)
                if list(workspace.exports_dir.glob(f"*.{fmt}")):
                    break
    md = next(workspace.exports_dir.glob("*.md")).read_text("utf-8")
    html = next(workspace.exports_dir.glob("*.html")).read_text("utf-8")
    assert "zonder namen" in md and "1× 1, 1× 3" in md and "Ans: 1" not in md
    assert "met namen" in html and "<bdi>Ans</bdi>: 1" in html
