"""Two rounds side by side: per principle the difference, and the items that moved."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from selfcheck.core import fmt
from selfcheck.core.model import Assessment
from selfcheck.core.scoring import analyse, compare
from selfcheck.i18n import language, t
from selfcheck.tui.common import TableScreen, clip, clip_words, column_width, screen_parts, set_columns


def file_order(a: Assessment) -> tuple[date, int, str]:
    """Rounds in the order they were held: by date, then (the same day) in the order their files
    were made (a second round's file name ends in -2, a third's in -3 ...)."""
    name = a.path.name if a.path is not None else ""
    return (a.date or date.min, len(name), name)


def round_labels(old: Assessment, new: Assessment) -> tuple[str, str]:
    """The two rounds' column heads: their dates; two rounds of one day numbered "(1)" and "(2)"
    in the order they were made (issue 16.7: "2026-12-02 → 2026-12-02")."""
    old_d = old.date.isoformat() if old.date else "?"
    new_d = new.date.isoformat() if new.date else "?"
    if old_d != new_d:
        return old_d, new_d
    first, second = sorted((old, new), key=file_order)
    return f"{old_d} ({1 if old is first else 2})", f"{new_d} ({1 if new is first else 2})"


class CompareScreen(TableScreen):
    FILL_ON_RESUME = False

    BINDINGS = [Binding("escape", "app.pop_screen", "k.back", id="back")]

    def __init__(self, old: Assessment, new: Assessment) -> None:
        super().__init__()
        self.old = old
        self.new = new

    def compose(self) -> ComposeResult:
        yield from screen_parts(
            "compare-body",
            DataTable(id="principles", cursor_type="row"),
            Static("", id="moved-title"),
            DataTable(id="moved", cursor_type="row"),
        )

    def fill(self) -> None:
        lang = language()
        ws = self.app.ws
        q = ws.library.questionnaire(self.new.questionnaire)
        fw = ws.library.framework_for(q, self.new.framework or None)
        cmp = compare(analyse(self.old, q, fw), analyse(self.new, q, fw))
        old_d, new_d = round_labels(self.old, self.new)
        same_day = old_d.endswith(")")
        # one day: "2026-12-02 (1) → (2)", so the title says both rounds also at 60 columns
        self.set_title(f"{self.new.organisation} · {t('ui.compare')} {old_d} → {new_d[-3:] if same_day else new_d}")
        heads = (old_d, new_d)
        if self.size.width < 72 and same_day:  # the title says the day; the columns "(1)", "(2)"
            heads = (old_d[-3:], new_d[-3:])
        # With a trend the two rounds' figures are their scores on the same statements (the
        # trend compares only statements scored in both rounds, issue 12), so new − old is the
        # trend; each round's own score over all its statements, where that differs, in a
        # column of its own when the screen has room (a reader saw "50%  45%  ▲ +5").
        whole_rounds = self.size.width >= 84
        rows = [
            [
                f"{c.principle.id} {c.principle.short_name(lang)}",
                fmt.pct(c.trend_from if c.delta is not None else c.old),
                fmt.pct(c.trend_to if c.delta is not None else c.new),
                fmt.trend_arrow(c.delta),
                f"{c.compared}/{c.of}" if c.delta is not None else "–",
                *([f"{fmt.pct(c.old)} → {fmt.pct(c.new)}" if c.shifted else ""] if whole_rounds else []),
            ]
            for c in cmp.principles
        ]
        # The figures as wide as their heads and cells; the names the rest, cut with "…" (at 60
        # columns the table ran off the screen: 'P1 Acros', 'On st').
        figures = [heads[0], heads[1], t("r.col_trend"), t("ui.compared_on")]
        if whole_rounds:
            figures.append(t("ui.col_whole_rounds"))
        widths = [max(cell_len(head), *(cell_len(r[n + 1]) for r in rows)) for n, head in enumerate(figures)]
        rounds = [(heads[0], max(10, widths[0]), "old"), (heads[1], max(10, widths[1]), "new")]  # in both tables
        table = self.query_one("#principles", DataTable)
        set_columns(
            table,
            self.size.width,
            [
                (t("r.col_principle"), None, "p"),
                *rounds,
                (figures[2], widths[2], "trend"),
                (figures[3], widths[3], "basis"),
                *([(figures[4], widths[4], "whole")] if whole_rounds else []),
            ],
        )
        name_width = column_width(table, "p")
        for row in rows:
            table.add_row(clip(row[0], name_width), *row[1:])
        big = sum(1 for ch in cmp.moved if ch.delta is not None and abs(ch.delta) >= 2)
        lines = [t("ui.moved_summary", n=len(cmp.moved), big=big)]
        # The statements by their text, never their ids (issue 16.6), each cut after a word.
        if cmp.new_disagreements:
            texts = "; ".join(clip_words(i.text.get(lang), 40) for i in cmp.new_disagreements)
            lines.append("⚠+ " + t("ui.new_disagreements") + ": " + texts)
        if cmp.resolved_disagreements:
            texts = "; ".join(clip_words(i.text.get(lang), 40) for i in cmp.resolved_disagreements)
            lines.append("⚠− " + t("ui.resolved_disagreements") + ": " + texts)
        if cmp.closed_actions:
            lines.append(
                "✓ "
                + t("ui.closed_actions", n=len(cmp.closed_actions))
                + ": "
                + "; ".join(x.what for x in cmp.closed_actions)
            )
        # The rule wraps (it says what the figures mean); each list stays one line, cut after a word.
        self.query_one("#moved-title", Static).update(
            "\n".join([t("x.trend_rule_scores"), *(clip_words(line, max(20, self.size.width - 4)) for line in lines)])
        )
        moved = self.query_one("#moved", DataTable)
        set_columns(moved, self.size.width, [(t("r.col_item"), None, "item"), *rounds, ("", 8, "delta")])
        item_width = column_width(moved, "item")
        for ch in cmp.moved:
            text = ch.item.text.get(lang)
            mark = "‼" if ch.delta is not None and abs(ch.delta) >= 2 else ""
            moved.add_row(
                clip(text, item_width),
                fmt.value(ch.old, lang=lang),
                fmt.value(ch.new, lang=lang),
                f"{fmt.signed(ch.delta)} {mark}".strip(),
            )
        table.focus()
