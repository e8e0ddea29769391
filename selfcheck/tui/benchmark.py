"""The consultant's view across organisations: per principle the quartiles over the latest
rounds of all organisations, and where one organisation stands. Nothing about a group smaller
than the minimum size is shown (selfcheck.core.benchmark decides; this only shows it)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from selfcheck.core import benchmark as bm
from selfcheck.core.errors import SelfcheckError
from selfcheck.i18n import language, t
from selfcheck.tui.common import TableScreen, clip, column_width, set_columns, table_parts


class BenchmarkScreen(TableScreen):
    FILL_ON_RESUME = False

    BINDINGS = [Binding("escape", "app.pop_screen", "k.back", id="back")]

    def __init__(self, questionnaire: str, organisation: str | None) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.organisation = organisation

    def compose(self) -> ComposeResult:
        yield from table_parts("benchmark-body", "benchmark", above="facts", below="method")

    def fill(self) -> None:
        lang = language()
        ws = self.app.ws
        try:
            b = bm.build_benchmark(ws, questionnaire=self.questionnaire, org=self.organisation)
        except SelfcheckError as exc:
            self.query_one("#facts", Static).update(f"✗ {exc}")
            return
        self.set_title(bm.title_text(b, lang))
        facts = Text()
        for label, value in bm.facts(b, lang):
            facts.append(f"{label}: ", style="bold")
            facts.append(f"{value}\n")
        if not b.enough:
            facts.append("\n" + bm.too_few_text(b) + "\n", style="bold")
        self.query_one("#facts", Static).update(facts)
        table = self.query_one("#benchmark", DataTable)
        header = bm.header_cells(b)
        rows = [bm.row_cells(b, pb, lang, short=True) for pb in b.principles] if b.enough else []
        widths = [max([len(h)] + [len(r[n + 1]) for r in rows]) for n, h in enumerate(header[1:])]
        set_columns(
            table,
            self.size.width,
            [(header[0], None, "p")]
            + [(h, w, f"c{n}") for n, (h, w) in enumerate(zip(header[1:], widths, strict=True))],
        )
        width = column_width(table, "p")
        for pb, cells in zip(b.principles, rows, strict=False):  # no rows when the group is too small
            table.add_row(clip(cells[0], width), *cells[1:], key=pb.principle.id)
        method = bm.method_lines(b)
        if self.size.height < 40:
            method = [t("ui.benchmark_method_short", n=b.min_group)]  # the full text on a tall screen
        self.query_one("#method", Static).update(Text("\n".join(method), style="dim"))
        table.focus()
