"""The app's user flows, driven with the keyboard through Textual's Pilot.

Every change that saves is checked in the file on disk (read back with the core's loader), not
only on screen: the file is what the team keeps.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
from datetime import date

import pytest
from textual.command import CommandPalette
from textual.notifications import Notify
from textual.widgets import DataTable, Input, Label, TextArea
from tui_helpers import make_assessment, on_disk, screen_text, settle, type_text

from selfcheck.core.model import NA, UNKNOWN, Action, Answer
from selfcheck.core.storage import Lock, Workspace
from selfcheck.i18n import language
from selfcheck.tui.answer import AnswerScreen
from selfcheck.tui.common import CheckList, InputDialog, NoteDialog
from selfcheck.tui.compare import CompareScreen
from selfcheck.tui.help import HelpScreen, key_commands
from selfcheck.tui.home import HomeScreen, NewAssessmentDialog
from selfcheck.tui.plan import ActionDialog, ActionsScreen, AgendaScreen
from selfcheck.tui.results import PrincipleScreen, ResultsScreen

SIZE = (80, 24)
Q = "inwoners-betrekken"


def items(ws: Workspace, qid: str = Q) -> list[str]:
    return [i.id for i in ws.library.questionnaires[qid].items]


def label_text(label: Label) -> str:
    return str(label.render())


# --- new assessment


async def test_wizard_creates_assessment_and_opens_it(make_app, workspace):
    """The wizard asks questionnaire, organisation, team, participants and voting mode; the file holds them."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewAssessmentDialog)
        qlist = app.screen.query_one("#questionnaire")
        wanted = next(n for n in range(qlist.option_count) if qlist.get_option_at_index(n).id == Q)
        await pilot.press(*["down"] * wanted, "enter")
        await type_text(pilot, "Gem Wiz")
        await pilot.press("enter")
        await type_text(pilot, "Noord")
        await pilot.press("enter")
        await type_text(pilot, "Ans, Bert,Cem")
        await pilot.press("enter")
        await pilot.press("down", "enter")  # voting: team, open, blind -> open
        await pilot.pause()
        # issue 16.8: the last enter shows a summary first; enter on "Aanmaken" makes it
        assert workspace.assessment_files() == []
        assert "Gem Wiz" in screen_text(app) and "Ans, Bert, Cem" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)

        assert isinstance(app.screen, AnswerScreen)
        files = workspace.assessment_files()
        assert len(files) == 1
        a = on_disk(files[0], workspace)
        assert (a.questionnaire, a.organisation, a.team) == (Q, "Gem Wiz", "Noord")
        assert a.participants == ["Ans", "Bert", "Cem"]
        assert a.voting == "open"
        assert a.date == date.today()
        assert app.session is not None and app.session.assessment.path == files[0]
        assert "Ans" in app.screen.render_item().plain


async def test_wizard_refuses_without_organisation(make_app, workspace):
    """Without an organisation the wizard stays open, says why, and writes nothing."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter", "enter", "enter", "enter", "enter")  # questionnaire, empty org/team/people, voting
        await pilot.pause()
        assert isinstance(app.screen, NewAssessmentDialog)
        assert "✗" in label_text(app.screen.query_one("#error", Label))
        assert workspace.assessment_files() == []


# --- answering


async def test_answer_digits_na_unknown_each_saved(make_app, workspace):
    """A digit, n (n.v.t.), w (weet niet) and x (clear) are each in the file right after the key."""
    path = make_assessment(workspace)
    ids = items(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, AnswerScreen)
        assert screen.item.id == ids[0]

        await pilot.press("2")
        await settle(pilot)
        assert on_disk(path, workspace).answers[ids[0]].score == 2
        assert screen.item.id == ids[0]  # scoring does not move on by itself

        await pilot.press("right", "n")
        await settle(pilot)
        assert on_disk(path, workspace).answers[ids[1]].score == NA

        await pilot.press("right", "w")
        await settle(pilot)
        assert on_disk(path, workspace).answers[ids[2]].score == UNKNOWN

        await pilot.press("right", "3")
        await settle(pilot)
        a = on_disk(path, workspace)
        assert [a.answers[i].score for i in ids[:4]] == [2, NA, UNKNOWN, 3]

        await pilot.press("x")
        await settle(pilot)
        a = on_disk(path, workspace)
        assert ids[3] not in a.answers or a.answers[ids[3]].score is None
        assert a.answers[ids[0]].score == 2

        await pilot.press("left", "left", "left")
        assert screen.item.id == ids[0]
        text = screen.render_item().plain
        assert "▶ 2" in text
        assert f"3 van {len(ids)} beantwoord" in text
        assert "✓ opgeslagen" in str(screen.query_one("#title").render())


async def test_scale_out_of_range_digit_is_refused(make_app, workspace):
    """A digit that is not on the item's scale (0–3) stores nothing."""
    path = make_assessment(workspace)
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        await settle(pilot)
        assert path.read_bytes() == before
        assert "▶" not in app.screen.render_item().plain


async def test_next_open_skips_answered_items(make_app, workspace):
    """o jumps to the next unanswered item."""
    ids = items(workspace)
    path = make_assessment(workspace, answers={ids[1]: Answer(score=1), ids[2]: Answer(score=2)})
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.item.id == ids[0]
        await pilot.press("o")
        assert app.screen.item.id == ids[3]


async def test_item_help_toggles(make_app, workspace):
    """i shows the item's explanation and hides it again."""
    path = make_assessment(workspace)
    item = workspace.library.questionnaires[Q].items[0]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        assert item.help.nl not in app.screen.render_item().plain
        await pilot.press("i")
        assert item.help.nl in app.screen.render_item().plain
        await pilot.press("i")
        assert item.help.nl not in app.screen.render_item().plain


async def test_note_and_flag_are_saved(make_app, workspace):
    """m opens the note editor, ctrl+s keeps the note; f flags the item for discussion."""
    path = make_assessment(workspace)
    first = items(workspace)[0]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, "Bij GGD")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AnswerScreen)
        assert on_disk(path, workspace).answers[first].note == "Bij GGD"
        assert "✎ Bij GGD" in app.screen.render_item().plain

        await pilot.press("f")
        await settle(pilot)
        a = on_disk(path, workspace)
        assert a.answers[first].discuss is True
        assert a.answers[first].note == "Bij GGD"
        assert "⚑ bespreken" in app.screen.render_item().plain

        await pilot.press("f")
        await settle(pilot)
        assert on_disk(path, workspace).answers[first].discuss is False


async def test_note_escape_keeps_the_text(make_app, workspace):
    """Escape in the note editor keeps what was typed (it never throws text away)."""
    path = make_assessment(workspace)
    first = items(workspace)[0]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await type_text(pilot, "half af")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AnswerScreen)
        assert on_disk(path, workspace).answers[first].note == "half af"


# --- voting


async def test_open_votes_spread_and_median(make_app, workspace):
    """Open voting: digits go to the participants in turn, the spread shows at once, enter takes the median."""
    path = make_assessment(workspace, voting="open", participants=["Ans", "Bert", "Cem"])
    first = items(workspace)[0]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("1")
        await settle(pilot)
        text = screen.render_item().plain
        assert "Ans: 1" in text and "Bert: ·" in text
        assert on_disk(path, workspace).answers[first].votes == {"Ans": 1}

        await pilot.press("3")
        await settle(pilot)
        text = screen.render_item().plain
        assert "Ans: 1" in text and "Bert: 3" in text
        assert "spreiding: 2" in text
        assert "⚠ onenigheid" in text  # spread 2 reaches the scale's disagreement threshold

        await pilot.press("2")
        await settle(pilot)
        a = on_disk(path, workspace)
        assert a.answers[first].votes == {"Ans": 1, "Bert": 3, "Cem": 2}
        assert a.answers[first].score is None
        text = screen.render_item().plain
        assert "(mediaan)" in text  # the median stands in until the team decides
        assert "▸Teamscore: –" in text

        await pilot.press("enter")
        await settle(pilot)
        assert on_disk(path, workspace).answers[first].score == 2
        assert "Teamscore: 2" in screen.render_item().plain

        # up picks Cem again; a new vote replaces Cem's, the team score stays as agreed
        await pilot.press("up", "0")
        await settle(pilot)
        a = on_disk(path, workspace)
        assert a.answers[first].votes == {"Ans": 1, "Bert": 3, "Cem": 0}
        assert a.answers[first].score == 2


async def test_blind_votes_hidden_until_reveal(make_app, workspace):
    """Blind voting hides votes and their median until r; then votes, spread and ⚠ show and the team decides."""
    path = make_assessment(workspace, voting="blind", participants=["Ans", "Bert", "Cem"])
    first = items(workspace)[0]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert "Beurt van Ans" in screen.render_item().plain
        await pilot.press("0")
        await settle(pilot)
        text = screen.render_item().plain
        assert "Ans: ✓" in text and "Bert: ·" in text
        assert "Beurt van Bert" in text

        await pilot.press("3", "1")
        await settle(pilot)
        assert on_disk(path, workspace).answers[first].votes == {"Ans": 0, "Bert": 3, "Cem": 1}
        text = screen.render_item().plain
        for name in ("Ans", "Bert", "Cem"):
            assert f"{name}: ✓" in text
        for shown in ("Ans: 0", "Bert: 3", "Cem: 1", "(mediaan)", "mediaan:", "spreiding", "⚠", "▶"):
            assert shown not in text, shown
        assert "Druk r om de stemmen te onthullen" in text

        # enter (accept the median) is refused before the reveal
        before = path.read_bytes()
        await pilot.press("enter")
        await settle(pilot)
        assert path.read_bytes() == before

        await pilot.press("r")
        text = screen.render_item().plain
        assert "Ans: 0" in text and "Bert: 3" in text and "Cem: 1" in text
        assert "spreiding: 3" in text
        assert "⚠ onenigheid" in text
        assert "(mediaan)" in text

        await pilot.press("2")  # after the reveal the cursor is on the team row
        await settle(pilot)
        a = on_disk(path, workspace)
        assert a.answers[first].score == 2
        assert a.answers[first].votes == {"Ans": 0, "Bert": 3, "Cem": 1}
        assert "Teamscore: 2" in screen.render_item().plain


async def test_blind_team_score_refused_before_reveal(make_app, workspace):
    """Before the reveal the team cannot set a team score with a digit either (as with enter)."""
    path = make_assessment(workspace, voting="blind", participants=["Ans", "Bert"])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "3")  # both voted; the cursor is on the team row now
        await settle(pilot)
        before = path.read_bytes()
        await pilot.press("2")
        await settle(pilot)
        assert "▶" not in app.screen.render_item().plain
        assert path.read_bytes() == before


async def test_blind_reveal_then_enter_accepts_median(make_app, workspace):
    """After the reveal, enter on the team row takes the median of the votes as the team score."""
    path = make_assessment(workspace, voting="blind", participants=["Ans", "Bert", "Cem"])
    first = items(workspace)[0]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "2", "2", "r", "enter")
        await settle(pilot)
        assert on_disk(path, workspace).answers[first].score == 2


async def test_blind_votes_stay_hidden_on_another_item(make_app, workspace):
    """A reveal is per item: the next item's blind votes stay hidden."""
    path = make_assessment(workspace, voting="blind", participants=["Ans", "Bert"])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "3", "r", "right", "0", "2")
        await settle(pilot)
        text = app.screen.render_item().plain
        assert "Ans: ✓" in text and "Bert: ✓" in text
        assert "Ans: 0" not in text and "Bert: 2" not in text


async def test_flag_and_note_visible_at_80x24_on_voting_item(make_app, workspace):
    """A revealed blind-voting item with a flag and a note shows both on an 80x24 screen."""
    first = items(workspace)[0]
    people = ["Ans", "Bert", "Cem", "Dirk"]
    votes = dict(zip(people, [0, 3, 1, 2]))
    path = make_assessment(
        workspace,
        voting="blind",
        participants=people,
        answers={first: Answer(votes=votes, discuss=True, note="Navragen")},
    )
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("home", "r")
        await pilot.pause()
        assert screen.item.id == first
        assert "⚠ onenigheid" in screen_text(app)
        assert "✎ Navragen" in screen.render_item().plain
        shown = screen_text(app)
        assert "⚑ bespreken" in shown
        assert "✎ Navragen" in shown


# --- results, agenda, actions


async def test_results_drill_down_and_target(make_app, workspace):
    """s shows the principles; enter drills into one; t changes its target, which is saved in [targets]."""
    ids = items(workspace)
    path = make_assessment(workspace, answers={i: Answer(score=2) for i in ids[:6]})
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        table = results.query_one("#principles", DataTable)
        assert table.row_count == len(app.session.framework.principles)
        pid = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PrincipleScreen)
        assert app.screen.pid == pid
        assert str(app.screen.query_one("#title").render()).startswith(pid)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is results

        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "80")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is results
        assert on_disk(path, workspace).targets[pid] == 80
        row = table.get_row(pid)
        assert "80%" in [str(c).strip() for c in row]


async def test_principle_enter_opens_item(make_app, workspace):
    """Enter on an item in the drill-down opens it on the answering screen."""
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        answer = app.screen
        await pilot.press("end", "s", "enter")
        await pilot.pause()
        principle = app.screen
        assert isinstance(principle, PrincipleScreen)
        table = principle.query_one("#items", DataTable)
        wanted = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        assert wanted != answer.item.id
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is answer
        assert answer.item.id == wanted


async def test_target_out_of_range_is_refused(make_app, workspace):
    """A target above 100 keeps the dialog open with a message and changes nothing."""
    path = make_assessment(workspace)
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "t")
        await pilot.pause()
        await pilot.press("end", "ctrl+u", "1", "5", "0", "enter")
        await settle(pilot)
        assert isinstance(app.screen, InputDialog)
        assert "✗" in label_text(app.screen.query_one("#error", Label))
        assert path.read_bytes() == before


async def test_sort_by_gap(make_app, workspace):
    """g orders the principles by gap, largest first."""
    ids = items(workspace)
    path = make_assessment(workspace, answers={i: Answer(score=n % 4) for n, i in enumerate(ids)})
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "g")
        await pilot.pause()
        screen = app.screen
        order = [str(k.value) for k in screen.query_one("#principles", DataTable).rows]
        gaps = [screen.analysis.principle(p).gap for p in order]
        gaps = [g if g is not None else -1 for g in gaps]
        assert gaps == sorted(gaps, reverse=True)


async def test_agenda_lists_flagged_item(make_app, workspace):
    """An item flagged with f is on the agenda (a), with its reason."""
    ids = items(workspace)
    path = make_assessment(workspace, answers={i: Answer(score=2) for i in ids})
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "right", "f")
        await settle(pilot)
        assert on_disk(path, workspace).answers[ids[3]].discuss is True
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        table = app.screen.query_one("#agenda", DataTable)
        assert [str(k.value) for k in table.rows] == [ids[3]]
        text = workspace.library.questionnaires[Q].items[3].text.nl
        assert text[:30] in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AnswerScreen)


async def test_agenda_enter_opens_item(make_app, workspace):
    """Enter on an agenda line opens that item on the answering screen."""
    ids = items(workspace)
    path = make_assessment(workspace, answers={i: Answer(score=2) for i in ids})
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("right", "right", "right", "f")
        await settle(pilot)
        await pilot.press("home")
        assert screen.item.id == ids[0]
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.item.id == ids[3]
        assert "⚑ bespreken" in screen.render_item().plain


async def test_actions_add_bad_date_complete(make_app, workspace):
    """An action: a bad date is refused (dialog stays, message, file unchanged); ctrl+s adds it; space completes it."""
    path = make_assessment(workspace)
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        actions = app.screen
        assert isinstance(actions, ActionsScreen)

        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        await type_text(pilot, "GGD-cijfers")
        await pilot.press("enter")
        await type_text(pilot, "Fatima")
        await pilot.press("enter")
        await type_text(pilot, "31-02-2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # refused: the dialog stays open
        assert "geen datum" in label_text(dialog.query_one("#error", Label))
        assert app.focused is dialog.query_one("#due", Input)
        assert path.read_bytes() == before

        await pilot.press("ctrl+u")
        await type_text(pilot, "2027-03-31")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is actions
        [x] = on_disk(path, workspace).actions
        assert (x.what, x.who, x.due, x.status) == ("GGD-cijfers", "Fatima", date(2027, 3, 31), "open")
        assert actions.query_one("#actions", DataTable).row_count == 1
        assert "GGD-cijfers" in screen_text(app)

        await pilot.press("space")
        await settle(pilot)
        [x] = on_disk(path, workspace).actions
        assert x.status == "done"
        assert x.due == date(2027, 3, 31)
        assert "● klaar" in screen_text(app)


async def test_action_dialog_escape_adds_nothing(make_app, workspace):
    """Escape in a new action's dialog cancels it: no action in the file."""
    path = make_assessment(workspace)
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "n")
        await pilot.pause()
        await type_text(pilot, "Nee")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        assert path.read_bytes() == before


async def test_action_edit_with_bad_date_is_refused(make_app, workspace):
    """Enter edits an action; a bad date is refused with a message and the file stays as it was."""
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "n")
        await pilot.pause()
        await type_text(pilot, "GGD-cijfers")
        await pilot.press("ctrl+s")
        await settle(pilot)
        actions = app.screen
        assert isinstance(actions, ActionsScreen)
        before = path.read_bytes()

        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        assert dialog.query_one("#what", Input).value == "GGD-cijfers"
        await pilot.press("enter", "enter")  # what -> who -> due
        assert app.focused is dialog.query_one("#due", Input)
        await type_text(pilot, "morgen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "geen datum" in label_text(dialog.query_one("#error", Label))
        assert path.read_bytes() == before

        await pilot.press("ctrl+u")
        await type_text(pilot, "2027-06-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is actions
        [x] = on_disk(path, workspace).actions
        assert (x.what, x.due) == ("GGD-cijfers", date(2027, 6, 30))


async def test_action_links_to_principles_and_items(make_app, workspace):
    """Links are chosen, not typed (issue 16.6): a check list of the principles (id and name)
    and the sections (title); an item link the action has is kept and shown by its text.
    (It typed ids before, and an unknown id was refused: there is nothing to type now.)"""
    path = make_assessment(workspace)
    first = items(workspace)[0]
    base = on_disk(path, workspace)
    base.actions = [Action(id="a1", what="Iets", items=[first], principles=["P1"])]
    workspace.save(base)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        links = dialog.query_one("#links", CheckList)
        assert set(links.chosen_ids) == {"p:P1", f"i:{first}"}
        links.focus()
        await pilot.pause()
        keys = [key for key, _ in links._choices]
        links.highlighted = keys.index("p:P2")
        await pilot.press("space")
        links.highlighted = keys.index("p:P1")
        await pilot.press("space")
        await pilot.pause()
        assert "[x] P2 " in screen_text(app)
        assert first not in screen_text(app)  # the item shows by its text, not its id
        await pilot.press("ctrl+s")
        await settle(pilot)
        [x] = on_disk(path, workspace).actions
        assert x.principles == ["P2"] and x.items == [first]


# --- rounds and comparison


async def test_new_round_from_earlier_round(make_app, workspace):
    """r on home starts a new round with previous = the old file, and the same organisation, people and targets."""
    ids = items(workspace)
    old = make_assessment(
        workspace,
        voting="open",
        participants=["Ans", "Bert"],
        targets={"P5": 75},
        answers={ids[0]: Answer(score=3, votes={"Ans": 3, "Bert": 3})},
    )
    base = on_disk(old, workspace)
    base.actions = [Action(id="a1", what="Nog te doen", status="open"), Action(id="a2", what="Gedaan", status="done")]
    workspace.save(base)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        from selfcheck.tui.rounds import NewRoundDialog

        # issue 16.7: r asks the date first (nothing written yet); enter takes today
        assert isinstance(app.screen, NewRoundDialog) and len(workspace.assessment_files()) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AnswerScreen)
        files = workspace.assessment_files()
        assert len(files) == 2
        [new] = [f for f in files if f != old]
        a = on_disk(new, workspace)
        assert a.previous == old.name
        assert (a.organisation, a.team, a.questionnaire) == ("Gemeente Test", "Team Test", Q)
        assert a.participants == ["Ans", "Bert"]
        assert a.voting == "open"
        assert a.targets == {"P5": 75}
        assert a.answers == {}
        assert a.date == date.today()
        assert [(x.what, x.status, x.from_round) for x in a.actions] == [("Nog te doen", "open", old.name)]
        assert app.screen.item.id == ids[0]
        assert "Vorige ronde: 3" in app.screen.render_item().plain
        assert on_disk(old, workspace).answers[ids[0]].score == 3  # the old round is untouched


async def test_compare_with_previous_round(make_app, demo):
    """v on a round with an earlier round shows both side by side, one row per principle."""
    app = make_app(ws=demo)
    async with app.run_test(size=SIZE) as pilot:
        keys = [p.name for p in app.screen.paths()]
        await pilot.press(*["down"] * keys.index("demo_inwoners-betrekken_2026-10-20.toml"), "v")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert "2026-04-14 → 2026-10-20" in str(app.screen.query_one("#title").render())
        rows = app.screen.query_one("#principles", DataTable)
        assert rows.row_count == 9
        assert str(rows.get_row_at(0)[0]).startswith("P1")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_compare_marked_rounds(make_app, workspace):
    """space marks a round, v on another compares the two (older on the left)."""
    ids = items(workspace)
    one = make_assessment(
        workspace, organisation="Gemeente Een", when=date(2026, 1, 5), answers={ids[0]: Answer(score=0)}
    )
    two = make_assessment(
        workspace, organisation="Gemeente Twee", when=date(2026, 6, 5), answers={ids[0]: Answer(score=3)}
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")  # no earlier round of Gemeente Een: a hint, no screen
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("space", "down", "v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert (screen.old.path, screen.new.path) == (one, two)
        assert screen.query_one("#principles", DataTable).row_count == 9
        assert screen.query_one("#moved", DataTable).row_count == 1


async def test_results_compare_with_previous(make_app, demo):
    """v on the results of a later round compares with its previous round."""
    path = demo.assessments_dir / "demo_inwoners-betrekken_2026-10-20.toml"
    app = make_app(path, ws=demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "v")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.old.date == date(2026, 4, 14)


# --- language, help, palette


async def test_language_switch(make_app, workspace, app_settings):
    """L switches footer and labels to English and back to Dutch; the choice is remembered."""
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert "beantwoord" in screen.render_item().plain
        await pilot.press("L")
        await pilot.pause()
        await pilot.pause()
        assert language() == "en"
        assert "answered" in screen.render_item().plain
        shown = screen_text(app)
        assert "answered" in shown
        assert "saved" in shown
        assert 'lang = "en"' in app_settings.read_text("utf-8")

        await pilot.press("L")
        await pilot.pause()
        await pilot.pause()
        assert language() == "nl"
        shown = screen_text(app)
        assert "beantwoord" in shown and "opgeslagen" in shown
        assert "answered" not in shown

        await pilot.press("s")  # a screen opened after the switch has the footer in the new language
        await pilot.pause()
        assert "doel" in screen_text(app)


async def test_language_switch_relabels_footer(make_app, workspace):
    """After L the footer of the screen you are on shows its keys in the new language."""
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        assert "bladeren" in screen_text(app).splitlines()[-1]  # → and ← share one place (issue 16.3)
        await pilot.press("L")
        await pilot.pause()
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "browse" in footer and "back" in footer
        assert "bladeren" not in footer and "terug" not in footer


async def test_language_switch_relabels_home_below(make_app, workspace):
    """After L on the answering screen, going back shows the home list in the new language too."""
    path = make_assessment(workspace)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AnswerScreen)
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        shown = screen_text(app)
        assert "Organisation" in shown
        assert "Organisatie" not in shown
        assert path.exists()


async def test_help_lists_keys_of_the_screen_it_came_from(make_app, workspace):
    """F1 shows the keys of the screen below (answering: notitie, n.v.t.), then the app's own keys."""
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=(80, 50)) as pilot:
        answer = app.screen
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = [" ".join(line.split()) for line in screen_text(app).splitlines()]
        for row in (
            "0–3 score geven (of stem van de deelnemer met ▸)",
            "m notitie",
            "n n.v.t.",
            "w weet niet",
            "f bespreken",
            "s scores",
            "f1, ? hulp",
            "L taal: Nederlands / English",
            "ctrl+p alle opdrachten zoeken",
        ):
            assert row in rows, row
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is answer

        await pilot.press("s", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = [" ".join(line.split()) for line in screen_text(app).splitlines()]
        assert "m notitie" not in rows  # now the results' keys, not the answering keys
        assert "t doel" in rows and "g sorteer op verschil met doel" in rows


async def test_help_leaves_out_keys_disabled_here(make_app, workspace):
    """Help lists only keys that work on the screen it came from (no themes key without steps)."""
    assert not workspace.library.questionnaires[Q].steps
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=(80, 50)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, AnswerScreen)  # t does nothing here
        await pilot.press("f1")
        await pilot.pause()
        assert "thema" not in screen_text(app)


async def test_command_palette_has_screen_actions(make_app, workspace):
    """ctrl+p lists the screen's actions; choosing one runs it."""
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE):
        answer = app.screen
        titles = [c.description for c in key_commands(answer, app)]  # what KeysProvider offers
        for title in ("notitie", "bespreken", "scores", "hulp"):
            assert title in titles, title


async def test_command_palette_runs_screen_action(make_app, workspace):
    """ctrl+p opens the palette; typing "notitie" and enter opens the note editor."""
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "notitie")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "toets: m" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)


# --- locks, escape, failures


@pytest.fixture
def other_process():
    """A live process that is not this one (its pid goes into a lock file)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc
    proc.kill()
    proc.wait()


async def test_locked_assessment_opens_read_only(make_app, workspace, other_process):
    """An assessment locked by another live process opens read-only: a notice, and keys change nothing."""
    path = make_assessment(workspace)
    lock = Lock.for_file(path)
    lock.path.write_text(
        json.dumps(
            {
                "user": "collega",
                "host": socket.gethostname(),
                "pid": other_process.pid,
                "since": "2026-03-01T09:00:00+00:00",
            }
        ),
        "utf-8",
    )
    before = path.read_bytes()
    seen: list[object] = []
    app = make_app(path)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AnswerScreen)
        assert app.session is not None and app.session.read_only
        notices = [m.notification.message for m in seen if isinstance(m, Notify)]
        assert any("collega" in n and "alleen lezen" in n for n in notices), notices
        assert "alleen lezen" in str(app.screen.query_one("#title").render())

        await pilot.press("2", "n", "f", "m")
        await settle(pilot)
        assert isinstance(app.screen, AnswerScreen)  # no note editor either
        assert path.read_bytes() == before
        assert "▶" not in app.screen.render_item().plain
        await pilot.press("escape")
        await pilot.pause()
    assert json.loads(lock.path.read_text("utf-8"))["pid"] == other_process.pid  # the other's lock is left alone


async def test_stale_lock_is_taken_over(make_app, workspace):
    """A lock of a process that is gone does not block: the assessment opens for editing."""
    path = make_assessment(workspace)
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    Lock.for_file(path).path.write_text(
        json.dumps(
            {"user": "weg", "host": socket.gethostname(), "pid": proc.pid, "since": "2026-03-01T09:00:00+00:00"}
        ),
        "utf-8",
    )
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.session is not None and not app.session.read_only
        await pilot.press("1")
        await settle(pilot)
        assert on_disk(path, workspace).answers[items(workspace)[0]].score == 1


async def test_escape_goes_home_and_keeps_everything(make_app, workspace):
    """Escape from answering returns home; every answer is in the file and the lock is released."""
    path = make_assessment(workspace)
    ids = items(workspace)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AnswerScreen)
        assert Lock.for_file(path).path.exists()
        await pilot.press("1", "right", "2", "right", "n", "s", "escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.session is None
        assert not Lock.for_file(path).path.exists()
        a = on_disk(path, workspace)
        assert [a.answers[i].score for i in ids[:3]] == [1, 2, NA]
        assert "3/" in screen_text(app)  # the home list shows the progress


async def test_save_failure_shows_error_then_recovers(make_app, workspace, monkeypatch):
    """A failed save says "niet opgeslagen", keeps the answer on screen; once the fault is gone, saving works."""
    import selfcheck.core.session as session_module

    path = make_assessment(workspace)
    first = items(workspace)[0]
    real = session_module.atomic_write

    def full_disk(p, data, **kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(session_module, "atomic_write", full_disk)
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("2")
        await settle(pilot)
        assert app.save_state == "error"
        assert "✗ niet opgeslagen" in str(screen.query_one("#title").render())
        assert "▶ 2" in screen.render_item().plain
        assert path.read_bytes() == before

        monkeypatch.setattr(session_module, "atomic_write", real)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.save_state == "saved"
        title = str(screen.query_one("#title").render())
        assert "✓ opgeslagen" in title and "niet" not in title
        assert on_disk(path, workspace).answers[first].score == 2


async def test_changed_on_disk_is_not_overwritten(make_app, workspace):
    """When someone else changed the file meanwhile, the app refuses to overwrite it and says so."""
    path = make_assessment(workspace)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        other = on_disk(path, workspace)
        other.team = "Iemand anders"
        workspace.save(other)
        changed = path.read_bytes()
        await pilot.press("1")
        await settle(pilot)
        assert app.save_state == "error"
        assert path.read_bytes() == changed


async def test_a_save_asked_for_by_a_closed_assessment_never_overwrites_the_reopened_file(make_app, workspace):
    """A save message still queued when its assessment closes (escape, then the same file opened
    again at once, on a slow machine) must not be written through the new session: the close
    wrote that state already, and writing it now would put the older state over the newer one
    (found by the monkey: an answer given after the reopening vanished from the file)."""
    from selfcheck.tui.messages import SaveRequested

    path = make_assessment(workspace)
    q = workspace.library.questionnaire("inwoners-betrekken")
    first, second = q.items[0].id, q.items[1].id
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        old = app.session
        old.assessment.answers[first] = Answer(score=1)
        for _ in range(5):  # a few saves asked for: its state number is ahead of the new session's
            stale = SaveRequested(old, old.prepare())
        app.pop_screen()
        app.close_session()  # writes the newest state of the old session (first = 1)
        app.open_assessment(path)
        await settle(pilot)
        assert app.session is not old and isinstance(app.screen, AnswerScreen)
        app.screen.goto(second)
        await pilot.press("3")
        await settle(pilot)
        app.post_message(stale)  # the old session's message, arriving late
        await settle(pilot)
        a = on_disk(path, workspace)
        assert a.answers[first].score == 1 and a.answers[second].score == 3
