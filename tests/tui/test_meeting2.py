"""Issue 16, second part: the action dialog, from agenda to action, after export, rounds. Each
test at 80x24 (and NO_COLOR where colour was the only sign), as the facilitator saw it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import DataTable, Input
from tui_helpers import make_assessment, on_disk, screen_text, settle, type_text

from selfcheck.core.model import Action, Answer
from selfcheck.core.storage import Workspace
from selfcheck.tui.common import CheckList, ChoiceList, ConfirmDialog
from selfcheck.tui.plan import ActionDialog, ActionsScreen, AgendaScreen

SIZE = (80, 24)
Q = "inwoners-betrekken"


def _ids(ws: Workspace) -> list[str]:
    return [i.id for i in ws.library.questionnaires[Q].items]


def _dialog_lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The dialog's inner lines, without its frame and the focus bar."""
    return [line.split("│")[1].strip(" █▅▂▇") for line in screen_text(app).splitlines() if line.count("│") >= 2]


async def test_action_status_is_marked_without_colour_after_focus_leaves(make_app, workspace, monkeypatch) -> None:
    """16.2: the action's status carries ● / ○, not only a shade, and keeps it when the focus
    moves on (NO_COLOR); the chosen status is what is kept."""
    monkeypatch.setenv("NO_COLOR", "1")
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        await type_text(pilot, "Werkgroep")
        await pilot.press("enter", "enter", "enter")  # what -> who -> due -> status
        assert app.focused is dialog.query_one("#status", ChoiceList)
        await pilot.press("down")  # bezig
        await pilot.press("tab")  # the focus leaves the list
        await pilot.pause()
        assert app.focused is not dialog.query_one("#status")
        lines = _dialog_lines(app)
        assert "● bezig" in lines and "○ open" in lines, screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        [x] = on_disk(path, workspace).actions
        assert x.status == "busy"


async def test_action_links_are_chosen_by_name_not_typed_as_ids(make_app, workspace) -> None:
    """16.6: the links are a check list of principles (id and name) and sections (title); the
    statement an action is linked to shows by its text, never by its id."""
    ids = _ids(workspace)
    path = make_assessment(workspace)
    base = on_disk(path, workspace)
    base.actions = [Action(id="a1", what="Iets", items=[ids[0]])]
    workspace.save(base)
    q = workspace.library.questionnaires[Q]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        assert not dialog.query(Input).filter("#links")
        links = dialog.query_one("#links", CheckList)
        links.focus()
        await pilot.pause()
        text = screen_text(app)
        assert "[ ] P1 " in text, text
        assert ids[0] not in text
        labels = [label for _, label in links._choices]
        assert any(q.sections[0].title.nl in label for label in labels)
        assert any(label.startswith("Stelling: " + q.items[0].text.nl[:20]) for label in labels)
        assert links.chosen_ids == [f"i:{ids[0]}"]
        # the first section, by pressing keys: down past the principles, space
        links.highlighted = next(i for i, (k, _) in enumerate(links._choices) if k.startswith("s:"))
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        [x] = on_disk(path, workspace).actions
        assert x.sections == [q.sections[0].id] and x.items == [ids[0]]


async def test_a_due_date_in_the_past_asks_and_overdue_shows_in_words(make_app, workspace) -> None:
    """16.10: a date already past asks "Toch bewaren?"; no keeps the dialog, yes keeps the
    action, which the actions screen then marks as late in words (not colour alone)."""
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "n")
        await pilot.pause()
        dialog = app.screen
        await type_text(pilot, "Oude klus")
        await pilot.press("enter", "enter")
        await type_text(pilot, "2020-01-31")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Deze datum is al voorbij. Toch bewaren?" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is dialog
        assert on_disk(path, workspace).actions == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        [x] = on_disk(path, workspace).actions
        assert x.due == date(2020, 1, 31)
        row = next(line for line in screen_text(app).splitlines() if "Oude klus" in line)
        assert "te laat" in row, row


async def test_a_future_date_does_not_ask(make_app, workspace) -> None:
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "n")
        await pilot.pause()
        await type_text(pilot, "Nieuwe klus")
        await pilot.press("enter", "enter")
        await type_text(pilot, (date.today() + timedelta(days=30)).isoformat())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        [x] = on_disk(path, workspace).actions
        assert "te laat" not in next(line for line in screen_text(app).splitlines() if "Nieuwe klus" in line)


async def test_agenda_line_becomes_an_action(make_app, workspace) -> None:
    """16.10: from the agenda, n makes an action linked to the highlighted statement and the
    principles it serves; the footer shows the key."""
    ids = _ids(workspace)
    path = make_assessment(workspace, answers={ids[2]: Answer(score=1, discuss=True)})
    item = workspace.library.questionnaires[Q].items[2]
    fw = workspace.library.frameworks[workspace.library.questionnaires[Q].framework]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        agenda = app.screen
        assert isinstance(agenda, AgendaScreen)
        assert ids[2] in [str(k.value) for k in agenda.query_one("#agenda", DataTable).rows]
        assert "n actie maken" in screen_text(app).splitlines()[-1]
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        served = [p.id for p in fw.principles if item.weights(fw.id).get(p.id, 0) > 0]
        assert served
        assert set(dialog.query_one("#links", CheckList).chosen_ids) == {f"i:{ids[2]}", *[f"p:{p}" for p in served]}
        await type_text(pilot, "Inwoners uitnodigen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is agenda
        [x] = on_disk(path, workspace).actions
        assert (x.what, x.items, x.principles) == ("Inwoners uitnodigen", [ids[2]], served)


@pytest.mark.parametrize("lang", ["en"])
async def test_action_dialog_in_english(make_app, workspace, lang) -> None:  # type: ignore[no-untyped-def]
    from selfcheck.i18n import set_language

    set_language(lang)
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "n")
        await pilot.pause()
        assert "Linked to" in screen_text(app)
