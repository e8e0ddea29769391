"""The three steps of armoede-gezondheid in the app, with the keyboard through Textual's Pilot:
step 1 takes stock, step 2 scores a theme's statements and writes a note on it (themes screen,
`t`), step 3 adds an action linked to that theme (`p` on the themes screen); then the report
shows the three steps. (Issue 15: the six themes belong to step 2, as in the source; this test
used to score them as step 1.)

Every change is checked in the file on disk (read back with the core's loader).
"""

from __future__ import annotations

import html as html_lib
import re

from textual.widgets import DataTable, TextArea
from tui_helpers import make_assessment, on_disk, screen_text, settle, type_text

from selfcheck.core.export import export_files
from selfcheck.tui.answer import AnswerScreen
from selfcheck.tui.common import CheckList, NoteDialog
from selfcheck.tui.plan import ActionDialog, ActionsScreen
from selfcheck.tui.themes import ThemesScreen

SIZE = (80, 24)
Q = "armoede-gezondheid"


async def test_three_steps_of_armoede_gezondheid(make_app, workspace):
    q = workspace.library.questionnaires[Q]
    stock, theme = q.sections[0], q.sections[1]
    assert stock.step == "stap-1" and theme.step == "stap-2"
    statements = [i.id for i in theme.items][:3]
    assert theme.id == "thema-a" and len(theme.items) == 4
    path = make_assessment(workspace, questionnaire=Q)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        # --- step 1 is the stock-take: its statements come first; step past them
        screen = app.screen
        assert isinstance(screen, AnswerScreen) and screen.item.id == stock.items[0].id
        for _ in stock.items:
            await pilot.press("right")
        await pilot.pause()
        assert screen.item.id == statements[0]
        # --- step 2: score three statements of theme A, each on disk right after its key
        for n, (item_id, digit) in enumerate(zip(statements, ("2", "1", "3"))):
            if n:
                await pilot.press("right")
            await pilot.press(digit)
            await settle(pilot)
            assert on_disk(path, workspace).answers[item_id].score == int(digit)

        # --- still step 2: the themes screen (the stock-take and the six themes); a note on theme A
        await pilot.press("t")
        await pilot.pause()
        themes = app.screen
        assert isinstance(themes, ThemesScreen)
        table = themes.query_one("#themes", DataTable)
        assert table.row_count == 7 and table.cursor_row == 0
        await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == 1
        assert table.get_row_at(1)[1] == "67%", "theme A's score: (2+1+3)/9 over its three answered statements"
        shown = screen_text(app)
        assert "Stap 2" in shown and theme.discuss_questions("nl")[0][:30] in shown

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog) and isinstance(app.focused, TextArea)
        await type_text(pilot, "Samen een nota schrijven")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is themes
        a = on_disk(path, workspace)
        assert a.section_notes == {"thema-a": "Samen een nota schrijven"}
        assert table.get_row_at(1)[3] == "✎"

        # --- step 3: from the themes screen, a new action starts linked to theme A
        await pilot.press("p")
        await pilot.pause()
        actions = app.screen
        assert isinstance(actions, ActionsScreen) and actions.section == "thema-a"
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        assert dialog.query_one("#links", CheckList).chosen_ids == ["s:thema-a"]
        await type_text(pilot, "Nota armoede en gezondheid")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is actions
        [x] = on_disk(path, workspace).actions
        assert (x.what, x.sections, x.status) == ("Nota armoede en gezondheid", ["thema-a"], "open")

        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is themes
        assert table.get_row_at(1)[4] == "1", "the theme counts its action"

    # --- the report of this round shows the three steps
    a = on_disk(path, workspace)
    assert a.answers.keys() == set(statements) and a.section_notes["thema-a"] == "Samen een nota schrijven"
    html = export_files(workspace, [path], "html", None).read_text("utf-8")
    md = export_files(workspace, [path], "md", None).read_text("utf-8")
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", html))  # what a reader sees
    for doc in (text, md):
        one, two, three = (doc.index(s.title.nl) for s in q.steps)  # "De balans opmaken", …
        assert one < two < three
        assert "Samen een nota schrijven" in doc[two:three], "the theme's note is in step 2"
        agenda = doc[three:]
        title = theme.title.nl
        assert title in agenda and agenda.index(title) < agenda.index("Nota armoede en gezondheid"), (
            "the action is under its theme in step 3"
        )
    assert "Score uit stap 2: 67% (3 van 4 stellingen met een score)" in md
    assert "## Stap 1: De balans opmaken" in md and "## Stap 3: Actieagenda" in md
