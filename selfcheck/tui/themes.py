"""Steps and themes: for questionnaires that declare steps (armoede-gezondheid), step 2 deepens
each theme with questions to discuss, the theme's score from step 1 and a note per theme."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from selfcheck.core import fmt
from selfcheck.core.scoring import section_results
from selfcheck.i18n import language, t
from selfcheck.tui.common import (
    AssessmentTableScreen,
    NoteDialog,
    clip,
    column_width,
    selected_key,
    set_columns,
    table_parts,
)
from selfcheck.tui.plan import ActionsScreen


class ThemesScreen(AssessmentTableScreen):
    BINDINGS = [
        Binding("enter", "discuss", "k.discuss_theme", id="discuss-theme"),
        Binding("p", "plan", "k.plan", id="plan"),
        Binding("escape", "app.pop_screen", "k.back", id="back"),
    ]

    def compose(self) -> ComposeResult:
        yield from table_parts("themes-body", "themes", above="steps", below="questions")

    def fill(self) -> None:
        lang = language()
        q, a = self.session.questionnaire, self.session.assessment
        self.set_title(f"{a.organisation} · {q.title.get(lang)}")
        steps = Text()
        small = self.size.height < 30  # 60x20, 80x24: the steps on one line, so the table has room
        for n, step in enumerate(q.steps, 1):
            steps.append(f"{t('ui.step', n=n)}: {step.title.get(lang)}", style="bold")
            if step.description and self.size.height >= 40:
                steps.append(f" — {step.description.get(lang)}")
            steps.append(" · " if small and n < len(q.steps) else "\n")
        # The table's enter (select) hides the screen's enter from the footer: say it here.
        steps.append(t("ui.themes_hint"), style="dim")
        self.query_one("#steps", Static).update(steps)
        table = self.query_one("#themes", DataTable)
        keep = table.cursor_row
        rows = []
        for sr in section_results(self.session.analysis()):
            sid = sr.section.id
            n_actions = sum(1 for x in a.actions if sid in x.sections)
            rows.append(
                (
                    sid,
                    sr.section.title.get(lang),
                    [
                        fmt.pct(sr.score),
                        f"{sr.scored}/{len(sr.results)}",
                        "✎" if a.section_notes.get(sid) else "·",
                        str(n_actions) if n_actions else "·",
                    ],
                )
            )
        # The figures as wide as their heads and cells, the titles the rest (issue 16.4: the
        # titles were cut while the figure columns stood half empty).
        heads = [(t("r.col_score"), "score"), (t("ui.col_items"), "items"), (t("r.col_note"), "note")]
        heads.append((t("ui.col_actions"), "actions"))
        set_columns(
            table,
            self.size.width,
            [
                (t("ui.theme"), None, "theme"),
                *(
                    (head, max(cell_len(head), *(cell_len(r[2][n]) for r in rows)), key)
                    for n, (head, key) in enumerate(heads)
                ),
            ],
        )
        width = column_width(table, "theme")
        for sid, title, cells in rows:
            table.add_row(clip(title, width), *cells, key=sid)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        table.focus()
        self._show_questions()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_questions()

    def _selected(self) -> str | None:
        return selected_key(self.query_one("#themes", DataTable))

    def _show_questions(self) -> None:
        sid = self._selected()
        section = self.session.questionnaire.section(sid) if sid else None
        out = Text()
        if section is not None:
            # The theme's title whole (the table may cut it), then what to discuss.
            out.append(section.title.get(language()), style="bold")
            questions = section.discuss_questions(language())
            out.append(f" · {t('ui.discuss_questions')}\n" if questions else "\n")
            if questions:
                for question in questions:
                    out.append(f"• {question}\n")
            note = self.session.assessment.section_notes.get(section.id, "")
            if note:
                out.append("\n✎ " + note.splitlines()[0][:200] + "\n", style="italic")
        self.query_one("#questions", Static).update(out)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: the focused table takes the key, so act on its selection."""
        event.stop()
        self.action_discuss()

    def action_discuss(self) -> None:
        sid = self._selected()
        if sid is None:
            return
        if self.session.read_only:
            self.notify(self.session.read_only_reason, severity="warning")
            return
        section = self.session.questionnaire.section(sid)
        assert section is not None
        questions = "\n".join(f"• {q}" for q in section.discuss_questions(language()))
        title = f"{section.title.get(language())}\n{questions}".strip()

        def done(text: str | None) -> None:
            notes = self.session.assessment.section_notes
            if text is not None and text != notes.get(sid, ""):
                notes[sid] = text
                self.save(self.session)
                self.refill()

        self.app.push_screen(NoteDialog(title, self.session.assessment.section_notes.get(sid, "")), done)

    def action_plan(self) -> None:
        self.app.push_screen(ActionsScreen(self.session, section=self._selected()))
