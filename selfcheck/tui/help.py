"""Help and the command palette: every key of a screen and of the app, from their declared
`BINDINGS` (ours, in the current language), leaving out keys that do nothing there
(`check_action`). The palette is a command `Provider`, as the Textual docs show."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from rich.table import Table
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from selfcheck.i18n import t
from selfcheck.tui.common import BaseScreen, key_label, screen_parts

KEY_NAMES = {
    "question_mark": "?",
    "escape": "esc",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "backspace": "⌫",
    "delete": "del",
    "enter": "enter",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
}


def key_text(keys: list[str]) -> str:
    """Keys as help shows them; a key named in words ("spatie") in the current language."""
    return ", ".join(t("ui.key_space") if k == "space" else KEY_NAMES.get(k, k) for k in keys)


@dataclass(frozen=True)
class KeyRow:
    """One thing a node's keys do: the keys, what it does (translated), the action to run."""

    keys: list[str]
    description: str
    action: str
    node: Widget | App[Any]


def key_rows(node: Widget | App[Any]) -> list[KeyRow]:
    """The keys the node declares in its class's `BINDINGS`, one row per action, in the order
    declared; keys without a description, focus moves, copying, and keys whose action does
    nothing here (`check_action` says False) are left out."""
    rows: dict[str, KeyRow] = {}
    for binding in type(node).BINDINGS:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        action = binding.action
        if action.startswith("app.focus") or "copy" in action:
            continue
        if node.check_action(action.split("(")[0], ()) is False:
            continue
        keys = [k.strip() for k in binding.key.split(",")]
        if action in rows:
            rows[action].keys.extend(keys)
        else:
            rows[action] = KeyRow(keys, key_label(binding.description, action), action, node)
    return list(rows.values())


class HelpScreen(BaseScreen):
    BINDINGS = [Binding("escape,q,f1", "app.pop_screen", "k.back", id="back")]

    def __init__(self, origin: Screen[object]) -> None:
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        yield from screen_parts(
            "help-body",
            Static(id="keys"),
            scroll=True,
        )

    def on_mount(self) -> None:
        if not self.is_open:
            return
        self.relabel()
        self.query_one("#help-body").focus()

    def relabel(self) -> None:
        super().relabel()
        self.set_title(f"selfcheck · {t('k.help')}")
        self.query_one("#keys", Static).update(self._table())

    def _table(self) -> Table:
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
        table.add_column(t("ui.key"))
        table.add_column(t("ui.what_it_does"))
        extra = self.origin.help_rows() if isinstance(self.origin, BaseScreen) else ()
        for keys, text in extra:
            table.add_row(keys, t(text))
        for row in key_rows(self.origin):
            table.add_row(key_text(row.keys), row.description)
        table.add_row("", "")
        for row in key_rows(self.app):
            table.add_row(key_text(row.keys), row.description)
        table.add_row("ctrl+p", t("ui.palette"))
        return table


class KeysProvider(Provider):
    """The command palette (ctrl+p): every key of the screen below and of the app as a command."""

    def _commands(self) -> list[KeyRow]:
        return key_commands(self.screen, self.app)

    async def discover(self) -> Hits:
        for row in self._commands():
            yield DiscoveryHit(
                row.description, partial(row.node.run_action, row.action), help=f"{t('ui.key')}: {_first_key(row.keys)}"
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for row in self._commands():
            score = matcher.match(row.description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(row.description),
                    partial(row.node.run_action, row.action),
                    text=row.description,
                    help=f"{t('ui.key')}: {_first_key(row.keys)}",
                )


def key_commands(screen: Screen[Any], app: App[Any]) -> list[KeyRow]:
    """What the palette offers on `screen`: its keys, then the app's (each action once)."""
    seen: set[str] = set()
    rows = []
    for row in [*key_rows(screen), *key_rows(app)]:
        if row.action not in seen:
            seen.add(row.action)
            rows.append(row)
    return rows


def _first_key(keys: list[str]) -> str:
    return keys[0].replace("question_mark", "?")
