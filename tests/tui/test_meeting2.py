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


# --- 16.11 after export


async def _export_dialog(pilot, fmt: str = "md"):  # type: ignore[no-untyped-def]
    from textual.widgets import OptionList

    from selfcheck.tui.export import ExportDialog

    await pilot.press("s", "e")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    formats = dialog.query_one("#formats", OptionList)
    formats.highlighted = next(n for n in range(formats.option_count) if formats.get_option_at_index(n).id == fmt)
    return dialog


async def _wait_for(pilot, condition) -> None:  # type: ignore[no-untyped-def]
    for _ in range(400):
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
        if condition():
            return
    raise AssertionError("condition not reached")


async def test_export_again_asks_and_messages_do_not_pile_up(make_app, workspace) -> None:
    """16.11: one status line in the dialog, no notification per export; exporting again to the
    same file asks: escape writes nothing, "new" writes name-2, "replace" replaces; the full
    path shows uncut."""
    from textual.widgets import Static

    from selfcheck.tui.common import ChoiceDialog

    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _export_dialog(pilot)
        await pilot.press("enter")
        await _wait_for(pilot, lambda: "✓" in str(dialog.query_one("#result", Static).render()))
        [first] = workspace.exports_dir.glob("*.md")
        flat = "".join("".join(_dialog_lines(app)).split())
        assert "".join(str(first.resolve()).split()) in flat, screen_text(app)  # wrapped, not cut
        first.write_text("kept", "utf-8")

        await pilot.press("enter")
        await _wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert f"{first.name}bestaatal" in "".join("".join(_dialog_lines(app)).split())
        await pilot.press("escape")
        await _wait_for(pilot, lambda: "Niet geschreven" in str(dialog.query_one("#result", Static).render()))
        assert first.read_text("utf-8") == "kept"

        await pilot.press("enter")
        await _wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # a new name
        second = first.with_name(first.stem + "-2.md")
        await _wait_for(pilot, second.exists)
        assert first.read_text("utf-8") == "kept"

        await pilot.press("enter")
        await _wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # replace
        await _wait_for(pilot, lambda: first.read_text("utf-8") != "kept")
        assert {p.name for p in workspace.exports_dir.glob("*.md")} == {first.name, second.name}
        assert not app._notifications, [n.message for n in app._notifications]


async def test_export_opens_the_file_or_folder_where_the_desktop_allows(make_app, workspace, monkeypatch) -> None:
    """16.11: o opens the file, m its folder, through the desktop's program; without a display
    the dialog says so plainly and nothing is started."""
    from textual.widgets import Static

    from selfcheck.tui import export, opener

    opened: list[object] = []
    monkeypatch.setattr(export, "open_path", opened.append)
    monkeypatch.setattr(opener.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(opener.sys, "platform", "linux")
    for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _export_dialog(pilot)
        await pilot.press("o")  # nothing written yet: nothing to open
        await pilot.press("enter")
        await _wait_for(pilot, lambda: dialog.written is not None)
        assert "o: bestand openen" in screen_text(app)
        await pilot.press("o", "m")
        await pilot.pause()
        assert opened == [dialog.written, dialog.written.parent]

        monkeypatch.delenv("DISPLAY")
        monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5 10.0.0.2 22")
        await pilot.press("o")
        await pilot.pause()
        assert len(opened) == 2
        assert "op afstand (SSH)" in str(dialog.query_one("#open", Static).render())


@pytest.mark.parametrize(("env", "platform", "web", "expect"), [
    ({}, "linux", False, "geen beeldscherm"),
    ({"DISPLAY": ":0"}, "linux", False, None),
    ({"SSH_TTY": "/dev/pts/1"}, "linux", False, "SSH"),
    ({"SSH_TTY": "/dev/pts/1", "DISPLAY": "localhost:10.0"}, "linux", False, None),  # X forwarded
    ({"SSH_TTY": "/dev/pts/1", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False, "SSH"),
    ({}, "darwin", False, None),
    ({"SSH_CONNECTION": "x"}, "darwin", False, "SSH"),
    ({}, "win32", False, None),
    ({"DISPLAY": ":0"}, "linux", True, "download"),
])
def test_why_a_file_cannot_be_opened(env, platform, web, expect, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from selfcheck.tui import opener

    monkeypatch.setattr(opener.shutil, "which", lambda name: "/usr/bin/" + name)
    reason = opener.why_not(env, platform, web=web)
    assert (reason is None) if expect is None else (reason is not None and expect in reason)
