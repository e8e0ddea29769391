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
        assert "[x] Stelling: " + item.text.nl[:20] in screen_text(app)  # first in the list: in sight
        # an empty date reads as empty, also without colour: its placeholder is no date alone
        assert (dialog.query_one("#due", Input).placeholder or "").startswith("bijv.")
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


@pytest.mark.parametrize(
    ("env", "platform", "web", "expect"),
    [
        ({}, "linux", False, "geen beeldscherm"),
        ({"DISPLAY": ":0"}, "linux", False, None),
        ({"SSH_TTY": "/dev/pts/1"}, "linux", False, "SSH"),
        ({"SSH_TTY": "/dev/pts/1", "DISPLAY": "localhost:10.0"}, "linux", False, None),  # X forwarded
        ({"SSH_TTY": "/dev/pts/1", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False, "SSH"),
        ({}, "darwin", False, None),
        ({"SSH_CONNECTION": "x"}, "darwin", False, "SSH"),
        ({}, "win32", False, None),
        ({"DISPLAY": ":0"}, "linux", True, "download"),
    ],
)
def test_why_a_file_cannot_be_opened(env, platform, web, expect, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from selfcheck.tui import opener

    monkeypatch.setattr(opener.shutil, "which", lambda name: "/usr/bin/" + name)
    reason = opener.why_not(env, platform, web=web)
    assert (reason is None) if expect is None else (reason is not None and expect in reason)


# --- 16.7 rounds


def test_a_new_round_date_is_today_or_earlier_never_future_or_before_the_previous() -> None:
    from selfcheck.tui.rounds import date_problem

    today, previous = date(2026, 12, 1), date(2026, 6, 1)
    assert date_problem("2026-12-01", previous, today) == (today, None)
    assert date_problem("24-11-2026", previous, today) == (date(2026, 11, 24), None)  # on paper last week
    for text, words in (
        ("2026-12-02", "nog niet geweest"),
        ("2026-05-31", "vóór de vorige ronde"),
        ("31-02-2026", "geen datum"),
        ("gisteren", "geen datum"),
    ):
        when, problem = date_problem(text, previous, today)
        assert when is None and problem is not None and words in problem, (text, problem)


def test_previous_note_is_the_first_line_of_the_previous_rounds_note() -> None:
    from selfcheck.core.model import Assessment
    from selfcheck.core.scoring import previous_note

    prev = Assessment(
        questionnaire="q",
        questionnaire_version="1",
        organisation="o",
        answers={"a": Answer(score=2, note="  Nog geen budget\nTweede regel"), "b": Answer(score=1)},
    )
    assert previous_note(prev, "a") == "Nog geen budget"
    assert previous_note(prev, "b") == previous_note(prev, "c") == previous_note(None, "a") == ""


async def test_new_round_asks_the_date_says_what_carries_and_shows_the_previous_note(make_app, workspace) -> None:
    """16.7: the new-round dialog is prefilled with today, refuses a future date with a clear
    line, accepts an earlier one (a session on paper), says what is taken over; the new round
    shows the previous round's note beside its score."""
    from textual.widgets import Label, Static

    from selfcheck.tui.answer import AnswerScreen
    from selfcheck.tui.home import HomeScreen
    from selfcheck.tui.rounds import NewRoundDialog

    ids = _ids(workspace)
    old = make_assessment(
        workspace,
        voting="open",
        participants=["Ans", "Bert"],
        when=date(2026, 3, 1),
        answers={ids[0]: Answer(score=3, votes={"Ans": 3, "Bert": 3}, note="Nog geen budget")},
    )
    base = on_disk(old, workspace)
    base.actions = [Action(id="a1", what="Nog te doen", status="open")]
    workspace.save(base)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        # the call site the home screen's r uses (action_new_round)
        app.push_screen(NewRoundDialog(workspace, on_disk(old, workspace), old), home._created)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewRoundDialog)
        assert dialog.query_one("#when", Input).value == date.today().isoformat()
        carried = str(dialog.query_one("#carried", Static).render())
        assert "2 deelnemers" in carried and "1 open actie gaat mee" in carried, carried
        assert "1 maart 2026" in carried
        await pilot.press("ctrl+u")
        await type_text(pilot, (date.today() + timedelta(days=3)).isoformat())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "nog niet geweest" in str(dialog.query_one("#error", Label).render())
        assert len(workspace.assessment_files()) == 1  # nothing written

        paper = date.today() - timedelta(days=7)
        await pilot.press("ctrl+u")
        await type_text(pilot, paper.strftime("%d-%m-%Y"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AnswerScreen)
        new = next(p for p in workspace.assessment_files() if p != old)
        a = on_disk(new, workspace)
        assert a.date == paper and a.previous == old.name and a.participants == ["Ans", "Bert"]
        assert [x.what for x in a.actions] == ["Nog te doen"]
        assert ids[0] not in a.answers or not a.answers[ids[0]].note  # the note stays in its own round
        await pilot.press("home")
        await pilot.pause()
        text = screen_text(app)
        assert "Vorige ronde: " in text and "Notitie vorige ronde: Nog geen budget" in text, text


async def test_actions_list_names_themes_by_title_not_id(make_app, workspace) -> None:
    """16.6: an action linked to a section (theme) shows the section's title on the actions
    screen, not its id."""
    q = workspace.library.questionnaires[Q]
    section = q.sections[1]
    path = make_assessment(workspace)
    base = on_disk(path, workspace)
    base.actions = [Action(id="a1", what="Thema-actie", sections=[section.id], principles=["P2"])]
    workspace.save(base)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        row = next(line for line in screen_text(app).splitlines() if "Thema-actie" in line)
        assert section.id not in row, row
        assert "P2, " + section.title.nl[:3] in row, row  # 80 columns: the title cut with …
    async with make_app(path).run_test(size=(140, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        row = next(line for line in screen_text(pilot.app).splitlines() if "Thema-actie" in line)
        assert "P2, " + section.title.nl in row, row  # room enough: the whole title
