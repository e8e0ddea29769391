"""Results: per principle score, target, gap, coverage, disagreements and trend; drill-down and explanation."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from selfcheck.core import fmt
from selfcheck.core.report import basis_sentence, coverage_sentence, explain_lines, trend_figures
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


def principle_cell(pr: PrincipleResult, *, full: bool = False) -> str:
    """The principle as a table cell, "P1 Domeinoverstijgend": its short name, or with `full`
    its whole name; † marks a working title."""
    lang = language()
    name = pr.principle.name.get(lang) if full else pr.principle.short_name(lang)
    mark = " †" if pr.principle.working_title else ""
    return f"{pr.principle.id} {name}{mark}"


BAR_MIN = 5
"""A narrower bar says nothing the score does not: then there is none."""


def bar_most(width: int) -> int:
    """The results bar's widest, by the terminal's width."""
    return 10 if width < 100 else (20 if width < 140 else 30)


def results_bar_width(width: int, figures: list[int], name: int) -> int:
    """The bar's width on the results table: what is left at `width` once the figure columns
    (their widths) and the whole principle name (`name` cells) have their room; at most
    `bar_most`, 0 (no bar) when fewer than BAR_MIN cells are left."""
    most = bar_most(width)
    # as set_columns counts: two cells of padding per column, four for the body and scroll bar
    left = width - sum(figures) - 2 * (len(figures) + 2) - 4 - name
    return min(most, left) if left >= BAR_MIN else 0


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
        rows = list(an.principles)
        if self.by_gap:
            rows.sort(key=lambda p: -(p.gap if p.gap is not None else -1))
        # Every column but the name and the bar as wide as its head and its cells, no wider; the
        # name then takes what it needs and the bar what is left (issue 16.4: at 80 columns the
        # names were cut while the bar and score columns stood half empty): the whole names when
        # they leave the bar half its room, else the short ones. A row shows its principle's
        # whole name wherever it fits in the column.
        figures = [
            (t("r.col_score"), [self._score_cell(pr) for pr in rows], "score"),
            (t("r.col_target"), [fmt.pct(pr.target) for pr in rows], "target"),
            (t("r.col_gap"), [str(p.gap_points) if p.gap_points is not None else "–" for p in rows], "gap"),  # points
            (t("ui.col_basis"), [f"{pr.scored}/{pr.applicable}" if pr.applicable else "–" for pr in rows], "coverage"),
            (
                t("r.col_disagree") if wide else "≠",
                [str(pr.disagreements) if pr.disagreements else "·" for pr in rows],
                "disagree",
            ),
            (t("r.col_trend"), [self._trend_cell(pr) for pr in rows], "trend"),
            (
                t("ui.col_actions") if wide else "▪",
                [str(len(pr.open_actions)) if pr.open_actions else "·" for pr in rows],
                "actions",
            ),
        ]
        widths = [max(cell_len(head), *(cell_len(c) for c in cells)) for head, cells, _ in figures]
        whole = max((cell_len(principle_cell(pr, full=True)) for pr in rows), default=0)
        short = max((cell_len(principle_cell(pr)) for pr in rows), default=0)
        bar_width = results_bar_width(width, widths, whole)
        if bar_width < bar_most(width) // 2:
            bar_width = results_bar_width(width, widths, short)
        columns: list[tuple[Any, ...]] = [(t("r.col_principle"), None, "principle")]
        columns.append((figures[0][0], widths[0], "score"))
        if bar_width:
            columns.append(("", bar_width, "bar"))
        columns += [(head, w, key) for (head, _, key), w in zip(figures[1:], widths[1:], strict=True)]
        set_columns(table, width, columns)
        name_width = column_width(table, "principle")
        for n, pr in enumerate(rows):
            name = principle_cell(pr, full=True)
            table.add_row(
                clip(name if cell_len(name) <= name_width else principle_cell(pr), name_width),
                figures[0][1][n],
                *([fmt.bar(pr.score, pr.target, bar_width)] if bar_width else []),
                *(cells[n] for _, cells, _ in figures[1:]),
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

    @staticmethod
    def _score_cell(pr: PrincipleResult) -> str:
        score = fmt.pct(pr.score) if pr.enough else ("?" if pr.applicable else "–")
        if pr.enough and pr.narrow:
            score += "◦"  # a narrow basis (fewer than NARROW_BASIS statements), in the legend
        return score

    def _trend_cell(self, pr: PrincipleResult) -> str:
        arrow = fmt.trend_arrow(pr.trend) if pr.trend is not None else "–"
        series = self.history.get(pr.principle.id) if not self.combined else None
        if self.session.framework.id != self.session.questionnaire.framework:
            series = None
        # The sparkline is each round's own score; the arrow compares the same statements only.
        # Where the statement sets differ the two can point opposite ways (a reader saw '▅▄ ▲ +5'):
        # then the arrow alone, and the drill-down says from which figure to which it goes.
        if pr.trend_shifted:
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
        self._opened = False
        """Filled once: it opens at its top; later fills leave the scroll where the reader put it."""

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
            about.append(f" · {t('r.col_trend').lower()} {fmt.signed(pr.trend)}: {trend_figures(pr)}")
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
        # The table takes the keys, but the screen stays where it is: focus() would scroll the
        # table into view (centred) once laid out, and the screen then opened, or after a
        # language switch or a resize jumped, to a fragment such as "items)" (issue 16.1).
        table.focus(scroll_visible=False)
        self.query_one("#explain", Static).update("\n".join(explain_lines(pr, lang)) + "\n" + t("ui.median_mark"))
        if not self._opened:
            self._opened = True
            self.query_one("#principle-body").scroll_home(animate=False, immediate=True)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: the focused table takes the key, so act on its selection."""
        event.stop()
        self.action_open_item()

    def action_open_item(self) -> None:
        item_id = selected_key(self.query_one("#items", DataTable))
        # In the combined profile an item may belong to another questionnaire: stay here.
        if item_id is not None and self.session.questionnaire.item(item_id) is not None:
            self.app.post_message(ShowItem(item_id))
