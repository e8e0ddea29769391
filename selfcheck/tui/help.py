"""Help: every key of the screen you came from and of the app, generated from their bindings."""

from __future__ import annotations

from rich.table import Table

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from selfcheck.i18n import t
from selfcheck.tui.common import BaseScreen, TitleBar

KEY_NAMES = {"question_mark": "?", "space": "spatie", "escape": "esc", "pagedown": "pgdn", "pageup": "pgup",
             "backspace": "⌫", "delete": "del", "enter": "enter", "left": "←", "right": "→", "up": "↑", "down": "↓"}


def key_text(keys: str) -> str:
    return ", ".join(KEY_NAMES.get(k, k) for k in keys.split(","))


def key_rows(node: object) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for key, bindings in node._bindings.key_to_bindings.items():  # type: ignore[attr-defined]
        for b in bindings:
            if not b.description or b.action.startswith("app.focus") or "copy" in b.action:
                continue
            check = getattr(node, "check_action", None)
            if callable(check) and check(b.action.split("(")[0], ()) is False:
                continue  # a key that does nothing here is not listed
            if b.action in seen:
                continue
            seen.add(b.action)
            keys = [k for k, bs in node._bindings.key_to_bindings.items() if any(x.action == b.action for x in bs)]  # type: ignore[attr-defined]
            rows.append((key_text(",".join(keys)), b.description))
    return rows


class HelpScreen(BaseScreen):
    BINDINGS = [Binding("escape,q,f1", "app.pop_screen", "k.back", id="back")]

    def __init__(self, origin: Screen) -> None:
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        yield TitleBar(f"selfcheck · {t('k.help')}", id="title")
        with VerticalScroll(id="help-body"):
            yield Static(self._table(), id="keys")
        yield Footer()

    def _table(self) -> Table:
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
        table.add_column(t("ui.key"))
        table.add_column(t("ui.what_it_does"))
        if self.origin.__class__.__name__ == "AnswerScreen":
            table.add_row("0–9", t("k.score"))
        for keys, text in key_rows(self.origin):
            table.add_row(keys, text)
        table.add_row("", "")
        for keys, text in key_rows(self.app):
            table.add_row(keys, text)
        table.add_row("ctrl+p", t("ui.palette"))
        return table

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
