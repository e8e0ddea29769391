"""Two rounds side by side: per principle the difference, and the items that moved."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from selfcheck.core import fmt
from selfcheck.core.model import Assessment
from selfcheck.core.scoring import analyse, compare
from selfcheck.i18n import language, t
from selfcheck.tui.common import TableScreen, clip, column_width, screen_parts, set_columns


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
        old_d = self.old.date.isoformat() if self.old.date else "?"
        new_d = self.new.date.isoformat() if self.new.date else "?"
        self.set_title(f"{self.new.organisation} · {t('ui.compare')} {old_d} → {new_d}")
        table = self.query_one("#principles", DataTable)
        set_columns(
            table,
            self.size.width,
            [
                (t("r.col_principle"), None, "p"),
                (old_d, 10, "old"),
                (new_d, 10, "new"),
                (t("r.col_trend"), 8, "trend"),
                (t("ui.compared_on"), 9, "basis"),
            ],
        )
        for c in cmp.principles:
            # the trend compares only statements scored in both rounds (issue 12): on how many
            basis = f"{c.compared}/{c.of}" if c.delta is not None else "–"
            table.add_row(
                f"{c.principle.id} {c.principle.short_name(lang)}",
                fmt.pct(c.old),
                fmt.pct(c.new),
                fmt.trend_arrow(c.delta),
                basis,
            )
        big = sum(1 for ch in cmp.moved if ch.delta is not None and abs(ch.delta) >= 2)
        lines = [t("x.trend_rule"), t("ui.moved_summary", n=len(cmp.moved), big=big)]
        if cmp.new_disagreements:
            lines.append("⚠+ " + t("ui.new_disagreements") + ": " + ", ".join(i.id for i in cmp.new_disagreements))
        if cmp.resolved_disagreements:
            lines.append(
                "⚠− " + t("ui.resolved_disagreements") + ": " + ", ".join(i.id for i in cmp.resolved_disagreements)
            )
        if cmp.closed_actions:
            lines.append(
                "✓ "
                + t("ui.closed_actions", n=len(cmp.closed_actions))
                + ": "
                + "; ".join(x.what for x in cmp.closed_actions)
            )
        self.query_one("#moved-title", Static).update(
            "\n".join(clip(line, max(20, self.size.width - 4)) for line in lines)
        )
        moved = self.query_one("#moved", DataTable)
        set_columns(
            moved,
            self.size.width,
            [(t("r.col_item"), None, "item"), (old_d, 10, "old"), (new_d, 10, "new"), ("", 8, "delta")],
        )
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
