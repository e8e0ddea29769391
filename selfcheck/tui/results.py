"""Results: per principle score, target, gap, coverage, disagreements and trend; drill-down and explanation."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from selfcheck.core import fmt
from selfcheck.core.report import basis_sentence, coverage_sentence, explain_lines, trend_basis_text
from selfcheck.core.scoring import Analysis, PrincipleResult, combine, latest_per_questionnaire, principle_history
from selfcheck.core.session import OpenAssessment
from selfcheck.i18n import language, t
from selfcheck.tui.common import (
    AssessmentTableScreen,
    InputDialog,
    clip,
    column_width,
    selected_key,
    set_columns,
    table_parts,
)
from selfcheck.tui.compare import CompareScreen
from selfcheck.tui.export import ExportDialog
from selfcheck.tui.messages import ShowItem
from selfcheck.tui.plan import ActionsScreen, AgendaScreen


def principle_cell(pr: PrincipleResult, width: int) -> str:
    lang = language()
    name = pr.principle.short_name(lang) if width < 120 else pr.principle.name.get(lang)
    mark = " †" if pr.principle.working_title else ""
    return f"{pr.principle.id} {name}{mark}"


class ResultsScreen(AssessmentTableScreen):
    BINDINGS = [
        Binding("enter", "drill", "k.drill", id="drill"),
        Binding("g", "sort_gap", "k.sort_gap", show=False, id="sort-gap"),
        Binding("t", "target", "k.target", id="target"),
        Binding("c", "combined", "k.combined", show=False, id="combined"),
        Binding("e", "export", "k.export", id="export"),
        Binding("v", "compare", "k.compare_prev", show=False, id="compare-previous"),
        Binding("k", "framework", "k.framework", show=False, id="framework"),
        Binding("a", "agenda", "k.agenda", id="agenda"),
        Binding("p", "plan", "k.plan", id="plan"),
        Binding("escape", "app.pop_screen", "k.back", id="back"),
    ]

    def __init__(self, session: OpenAssessment) -> None:
        super().__init__(session)
        self.by_gap = False
        self.combined = False
        self.analysis: Analysis = session.analysis()
        self.history: dict[str, list[float | None]] = {}
        self.combined_from: list[str] = []
        """The questionnaires the combined profile is made of (shown in the legend)."""

    def compose(self) -> ComposeResult:
        yield from table_parts("results-body", "principles", below="legend")

    def on_mount(self) -> None:
        self._load_history()

    def _load_history(self) -> None:
        """Scores per principle over all rounds of this organisation and questionnaire."""
        s = self.session
        rounds = [
            r if r.path != s.assessment.path else s.assessment
            for r in s.ws.rounds(s.assessment.organisation, s.assessment.questionnaire)
        ]
        if len(rounds) > 1:
            lib = s.ws.library
            self.history = principle_history(
                [(r, lib.questionnaires.get(r.questionnaire, s.questionnaire)) for r in rounds], s.framework
            )

    def _compute(self) -> Analysis:
        s = self.session
        if not self.combined:
            return s.analysis()
        ws = s.ws
        assessments, _ = ws.load_all()
        latest = [
            a
            for a in latest_per_questionnaire(assessments, s.assessment.organisation)
            if a.path != s.assessment.path and a.questionnaire != s.assessment.questionnaire
        ]
        rounds = [(s.assessment, s.questionnaire)]
        rounds += [
            (a, ws.library.questionnaires[a.questionnaire])
            for a in latest
            if a.questionnaire in ws.library.questionnaires
        ]
        self.combined_from = [q.id for _, q in rounds]
        return combine(rounds, s.framework)

    def fill(self) -> None:
        an = self.analysis = self._compute()
        lang = language()
        a = self.session.assessment
        title = (
            t("r.combined_title", org=a.organisation)
            if self.combined
            else f"{a.organisation} · {self.session.questionnaire.title.get(lang)}"
        )
        if self.session.framework.id != self.session.questionnaire.framework:
            title += f" · {self.session.framework.name.get(lang)}"
        self.set_title(f"{title} · {t('ui.results')}")
        table = self.query_one("#principles", DataTable)
        keep = table.cursor_row
        width = self.size.width
        wide = width >= 120
        bar_width = 10 if width < 100 else (20 if width < 140 else 30)
        set_columns(
            table,
            width,
            [
                (t("r.col_principle"), None, "principle"),
                (t("r.col_score"), 5, "score"),
                *([("", bar_width, "bar")] if width >= 72 else []),  # narrow: the numbers say it
                (t("r.col_target"), 5, "target"),
                (t("r.col_gap"), 5, "gap"),
                (t("ui.col_basis"), 7 if wide else 5, "coverage"),
                (t("r.col_disagree") if wide else "≠", 6 if wide else 2, "disagree"),
                (
                    t("r.col_trend"),
                    6 + (min(8, len(next(iter(self.history.values()), []))) + 1 if self.history else 0),
                    "trend",
                ),
                (t("ui.col_actions") if wide else "▪", 6 if wide else 2, "actions"),
            ],
        )
        name_width = column_width(table, "principle")
        rows = list(an.principles)
        if self.by_gap:
            rows.sort(key=lambda p: -(p.gap if p.gap is not None else -1))
        for pr in rows:
            score = fmt.pct(pr.score) if pr.enough else ("?" if pr.applicable else "–")
            if pr.enough and pr.narrow:
                score += "◦"  # a narrow basis (fewer than NARROW_BASIS statements), in the legend
            table.add_row(
                clip(principle_cell(pr, width), name_width),
                score,
                *([fmt.bar(pr.score, pr.target, bar_width)] if width >= 72 else []),
                fmt.pct(pr.target),
                str(pr.gap_points) if pr.gap_points is not None else "–",  # percentage points
                f"{pr.scored}/{pr.applicable}" if pr.applicable else "–",
                str(pr.disagreements) if pr.disagreements else "·",
                self._trend_cell(pr),
                str(len(pr.open_actions)) if pr.open_actions else "·",
                key=pr.principle.id,
            )
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        table.focus()
        legend = Text()
        legend.append(coverage_sentence(an) + "\n", style="bold" if not an.complete else "")
        legend.append(
            t(
                "ui.results_summary",
                answered=an.answered,
                total=an.total,
                overall=fmt.pct(an.overall) if an.overall is not None else t("ui.overall_withheld"),
            )
        )
        if self.combined:
            legend.append("  " + t("r.combined_from", rounds=", ".join(self.combined_from)))
        legend.append("\n" + t("ui.results_legend"), style="dim")
        if self.by_gap:
            legend.append("  " + t("ui.sorted_by_gap"), style="dim")
        self.query_one("#legend", Static).update(legend)

    def _trend_cell(self, pr: PrincipleResult) -> str:
        arrow = fmt.trend_arrow(pr.trend) if pr.trend is not None else "–"
        series = self.history.get(pr.principle.id) if not self.combined else None
        if self.session.framework.id != self.session.questionnaire.framework:
            series = None
        return f"{fmt.sparkline(series[-8:])} {arrow}" if series else arrow

    def _selected(self) -> PrincipleResult | None:
        table = self.query_one("#principles", DataTable)
        if not table.row_count:
            return None
        pid = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.analysis.principle(str(pid))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_drill()

    def action_drill(self) -> None:
        pr = self._selected()
        if pr is not None:
            self.app.push_screen(PrincipleScreen(self.session, pr.principle.id, self.analysis))

    def action_framework(self) -> None:
        """View the results against the next framework the questionnaire's items serve."""
        lib = self.session.ws.library
        items = self.session.questionnaire.items
        served = [fid for fid in sorted(lib.frameworks) if any(i.weights(fid) for i in items)]
        if len(served) < 2:
            self.notify(t("ui.one_framework"))
            return
        current = self.session.framework.id
        nxt = served[(served.index(current) + 1) % len(served)] if current in served else served[0]
        self.session.framework = lib.frameworks[nxt]
        self.notify(t("ui.framework_now", name=self.session.framework.name.get(language())))
        self.refill()

    def action_sort_gap(self) -> None:
        self.by_gap = not self.by_gap
        self.refill()

    def action_combined(self) -> None:
        self.combined = not self.combined
        self.refill()

    def action_target(self) -> None:
        pr = self._selected()
        if pr is None or self.session.read_only:
            if self.session.read_only:
                self.notify(self.session.read_only_reason, severity="warning")
            return

        def check(text: str) -> str | None:
            return None if fmt.parse_pct(text) is not None else t("ui.target_bad")

        def done(text: str | None) -> None:
            value = fmt.parse_pct(text) if text is not None else None
            if value is None:
                return
            self.session.assessment.targets[pr.principle.id] = value
            self.save(self.session)
            self.refill()

        self.app.push_screen(
            InputDialog(t("ui.target_title", principle=pr.principle.id), f"{pr.target:g}", check=check), done
        )

    def action_export(self) -> None:
        self.app.push_screen(ExportDialog(self.session, combined=self.combined))

    def action_compare(self) -> None:
        if self.session.previous is None:
            self.notify(t("r.no_previous"), severity="warning")
            return
        self.app.push_screen(CompareScreen(self.session.previous, self.session.assessment))

    def action_agenda(self) -> None:
        self.app.push_screen(AgendaScreen(self.session))

    def action_plan(self) -> None:
        self.app.push_screen(ActionsScreen(self.session))


class PrincipleScreen(AssessmentTableScreen):
    """One principle: its items with their values and weights, and how the score came about."""

    FILL_ON_RESUME = False

    BINDINGS = [
        Binding("enter", "open_item", "k.open_item", id="open-item"),
        Binding("escape", "app.pop_screen", "k.back", id="back"),
    ]

    def __init__(self, session: OpenAssessment, pid: str, analysis: Analysis) -> None:
        super().__init__(session)
        self.pid = pid
        self.analysis = analysis

    def compose(self) -> ComposeResult:
        yield from table_parts("principle-body", "items", above="about", below="explain", scroll=True)

    def fill(self) -> None:
        lang = language()
        pr = self.analysis.principle(self.pid)
        assert pr is not None
        p = pr.principle
        self.set_title(f"{p.id} {p.name.get(lang)}")
        about = Text()
        if p.working_title:
            about.append(f"† {t('val.working_title')}: {t('ui.working_title_note')}\n", style="italic")
        about.append(p.description.get(lang) + "\n")
        about.append(
            t(
                "ui.principle_numbers",
                score=fmt.pct(pr.score) if pr.enough else t("val.too_few"),
                target=fmt.pct(pr.target),
                gap=fmt.points(pr.gap_points),
                coverage=fmt.pct(pr.coverage * 100),
                scored=pr.scored,
                applicable=pr.applicable,
            ),
            style="bold",
        )
        if pr.enough:
            about.append(f"\n{basis_sentence(pr)}")
        if pr.trend is not None:
            about.append(
                f" · {t('r.col_trend').lower()} {fmt.signed(pr.trend)}, "
                f"{trend_basis_text(pr.trend_compared, pr.trend_of)}"
            )
        today = date.today()
        for action in pr.open_actions:
            late = f" · {t('x.overdue')}" if action.due is not None and action.due < today else ""
            about.append(
                f"\n▪ {action.what} ({action.who or '–'}, {action.due or '–'}, {t('status.' + action.status)}{late})",
                style="bold" if late else "",
            )
        self.query_one("#about", Static).update(about)
        table = self.query_one("#items", DataTable)
        set_columns(
            table,
            self.size.width,
            [
                (t("r.col_item"), None, "item"),
                (t("r.col_weight"), 7, "weight"),
                (t("r.col_value"), 9, "value"),
                (t("r.col_spread"), 9, "spread"),
                ("", 2, "flags"),
            ],
        )
        item_width = column_width(table, "item")
        for c in pr.contributions:
            r = c.result
            flags = ("⚑" if r.answer.discuss else "") + ("⚠" if r.disagreement else "")
            text = r.item.text.get(lang)
            table.add_row(
                clip(text, item_width),
                f"{c.weight:g}",
                fmt.value(r.value, lang=lang) + (" ~" if r.source == "median" and r.status == "scored" else ""),
                fmt.value(r.spread) if r.spread is not None else "–",
                flags,
                key=r.item.id,
            )
        table.focus()
        self.query_one("#explain", Static).update("\n".join(explain_lines(pr, lang)) + "\n" + t("ui.median_mark"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: the focused table takes the key, so act on its selection."""
        event.stop()
        self.action_open_item()

    def action_open_item(self) -> None:
        item_id = selected_key(self.query_one("#items", DataTable))
        # In the combined profile an item may belong to another questionnaire: stay here.
        if item_id is not None and self.session.questionnaire.item(item_id) is not None:
            self.app.post_message(ShowItem(item_id))
