"""Pieces every screen uses: translated key bindings, a base screen, small dialogs."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Any, Callable, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea

from selfcheck.i18n import CATALOGUE, t

ResultT = TypeVar("ResultT")


def _page_keys_wait_for_layout() -> None:
    """Textual 8.2: page up/down on an OptionList that has not been laid out yet (a dialog
    opened a moment ago, a burst of keys over a slow link) raises KeyError and ends the app.
    Until it is laid out, those keys do nothing. (One place, for every OptionList of the app.)"""
    original = OptionList._move_page

    def _move_page(self: OptionList, direction: int) -> None:
        if (self.highlighted or 0) not in self._index_to_line:
            return
        original(self, direction)

    if not getattr(original, "_selfcheck", False):
        _move_page._selfcheck = True  # type: ignore[attr-defined]
        OptionList._move_page = _move_page  # type: ignore[method-assign]


_page_keys_wait_for_layout()


def tr(text: str) -> str:
    """Translate a catalogue key; anything else stays as it is."""
    return t(text) if text in CATALOGUE else text


def translate_bindings(node: DOMNode) -> None:
    """Give a node its class bindings with descriptions in the current language.

    BINDINGS hold catalogue keys as descriptions ("k.next"); Textual copies bindings per node
    at creation, so swapping the copy re-labels the footer, the help screen and the palette.
    """
    # Start from the node's own first bindings, kept aside: they include bindings added per
    # instance (the App adds ctrl+p for the command palette in its __init__).
    original = node.__dict__.get("_selfcheck_bindings")
    if original is None:
        original = node._bindings
        node.__dict__["_selfcheck_bindings"] = original
    keys: dict[str, list[Binding]] = {}
    for key, bindings in original.key_to_bindings.items():
        keys[key] = [replace(b, description=_label(b), tooltip=tr(b.tooltip) if b.tooltip else "")
                     for b in bindings]
    node._bindings = BindingsMap.from_keys(keys)


def _label(b: Binding) -> str:
    if b.action.endswith("command_palette"):
        return t("ui.palette_short")  # Textual's own binding, labelled in English
    return tr(b.description)


_UNGUARDED = {"on_unmount", "on_screen_suspend"}


def _guard_handlers(cls: type) -> None:
    """Wrap a screen class's own handlers so that none reaches for widgets that are not there.

    Keys can come faster than screens mount (typed ahead, a burst over a slow link, escape right
    after opening something): a screen can be closed before its `on_mount` runs, or get a
    message (resumed, resized, "saved", a row selected in a table that is being replaced) while
    a language switch recomposes it. Then `on_mount` is skipped (the screen is gone) and the
    other `on_*` handlers too (the end of recomposing draws the newest state).
    """
    for name, handler in list(cls.__dict__.items()):
        if not name.startswith("on_") or name in _UNGUARDED or not callable(handler) or getattr(handler, "_guarded", False):
            continue
        setattr(cls, name, _skip_unless(handler, attached_only=name == "on_mount"))


def _skip_unless(handler: Callable[..., Any], *, attached_only: bool) -> Callable[..., Any]:
    @functools.wraps(handler)
    def wrapper(self: Screen, *args: Any, **kwargs: Any) -> Any:
        if not self.is_attached or self._pruning:
            return None
        if not attached_only and not getattr(self, "ready", True):
            return None
        return handler(self, *args, **kwargs)

    wrapper._guarded = True  # type: ignore[attr-defined]
    return wrapper


class BaseScreen(Screen):
    """A screen whose key labels follow the language, with a one-line title bar.

    Its handlers are guarded (`_guard_handlers`) and its actions are off until it is `ready`.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _guard_handlers(cls)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)
        self._recomposing = False
        self._relabel_again = False

    @property
    def ready(self) -> bool:
        """Composed, mounted and filled, and not being recomposed after a language switch.

        Keys can arrive before that (typed ahead, or a burst over a slow link): an action then
        would reach for widgets that are not there yet (or no more). Until the screen is ready
        its actions are off (`check_action`), so such a key does nothing.
        """
        return self.is_mounted and not self._recomposing

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.ready

    def relabel(self) -> None:
        """Called after a language switch: new key labels, then a fresh compose."""
        translate_bindings(self)
        self.refresh_bindings()
        self.call_later(self._relabel)

    async def _relabel(self) -> None:
        if self._recomposing:  # switched again while recomposing: once more when this one is done
            self._relabel_again = True
            return
        self._recomposing = True
        try:
            while True:
                self._relabel_again = False
                await self.recompose()
                if not self._relabel_again:
                    break
        finally:
            self._recomposing = False
        if not self.is_attached or self._pruning:  # closed meanwhile (escape right after the switch)
            return
        self.fill_after_compose()
        # The new Footer learns the (translated) keys from a bindings refresh after it mounted.
        self.call_after_refresh(self.refresh_bindings)

    def fill_after_compose(self) -> None:
        """Fill the freshly composed widgets; screens that fill in on_mount do the same here."""
        on_mount = getattr(self, "on_mount", None)
        if callable(on_mount):
            on_mount()


class TitleBar(Static):
    """The top line: where you are, in words (no clock: nothing repaints while idle)."""

    DEFAULT_CSS = """
    TitleBar { dock: top; height: 1; background: $panel; color: $text; padding: 0 1; text-style: bold; }
    """


class Dialog(ModalScreen[ResultT]):
    """A modal dialog that is dismissed once. Two keys in one burst (enter on a button and
    escape, or y) would otherwise dismiss it twice: Textual then runs the callback again and
    pops the screen below it too. Its handlers are guarded like a BaseScreen's."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _guard_handlers(cls)

    def dismiss(self, result: ResultT | None = None) -> Any:
        if not self.is_active:  # dismissed already, or not on top: once is enough
            return None
        return super().dismiss(result)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Its keys act once it is mounted (ctrl+s right behind the key that opened the note
        # editor would reach for a text area not there yet) and while it is still open.
        return self.is_mounted and self.is_attached and not self._pruning


class ConfirmDialog(Dialog[bool]):
    """Yes or no; escape means no. Arrow keys move between the buttons."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", "k.cancel"),
        Binding("left,up", "app.focus_previous", show=False),
        Binding("right,down", "app.focus_next", show=False),
        Binding("j,y", "dismiss(True)", show=False),
    ]

    def __init__(self, question: str, yes: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes or t("ui.yes")
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(self.yes_label, id="yes", variant="error")
                yield Button(t("ui.no"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class InputDialog(Dialog[str | None]):
    """One line of text, with a check that can refuse it and say why."""

    BINDINGS = [Binding("escape", "dismiss(None)", "k.cancel")]

    def __init__(self, title: str, value: str = "", *, placeholder: str = "",
                 check: Callable[[str], str | None] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.check = check
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-text")
            yield Input(self.value, placeholder=self.placeholder, id="value")
            yield Label("", id="error", classes="error")
            yield Label(t("ui.enter_escape"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one("#error", Label).update(f"✗ {problem}")
            return
        self.dismiss(event.value)


class NoteDialog(Dialog[str | None]):
    """A multi-line note; ctrl+s keeps it, escape keeps it too (never destroys), ctrl+z in the editor undoes."""

    BINDINGS = [
        Binding("ctrl+s", "keep", "k.keep", priority=True),
        Binding("escape", "keep", "k.keep", show=False, priority=True),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.title_text, classes="dialog-text")
            area = TextArea(self.text, id="note", soft_wrap=True, show_line_numbers=False)
            area.cursor_blink = False
            yield area
            yield Label(t("ui.note_hint"), classes="hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_keep(self) -> None:
        self.dismiss(self.query_one(TextArea).text.rstrip())


def set_columns(table: Any, width: int, columns: list[tuple[Any, ...]]) -> None:
    """Replace a DataTable's columns: (label, width or None for flexible, key[, weight]).

    Flexible columns share what the fixed ones leave of `width` by weight (each column also
    takes two cells of padding), so a table always fits the terminal instead of guessing.
    """
    table.clear(columns=True)
    fixed = sum(c[1] for c in columns if c[1]) + 2 * len(columns) + 4
    weights = [(c[3] if len(c) > 3 else 1) for c in columns if not c[1]]
    free = max(8 * len(weights), width - fixed)
    for c in columns:
        label, w, key = c[0], c[1], c[2]
        share = max(8, int(free * (c[3] if len(c) > 3 else 1) / max(1, sum(weights))))
        table.add_column(label, width=w or share, key=key)


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def selected_key(table: Any) -> str | None:
    """The row key under a DataTable's cursor, or None for an empty table."""
    if not table.row_count:
        return None
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


def show_item(app: Any, item_id: str) -> bool:
    """Go back to the answering screen below, at `item_id` (closing what is above it)."""
    from selfcheck.tui.answer import AnswerScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, AnswerScreen):
            screen.goto(item_id)
            while app.screen is not screen:
                app.pop_screen()
            return True
    return False


class ChoiceDialog(Dialog["str | None"]):
    """A question with a few answers to pick from; escape picks nothing (and changes nothing)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "k.cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

        with Vertical(classes="dialog wide"):
            yield Label(self.question, classes="dialog-text")
            yield OptionList(*[Option(label, id=key) for key, label in self.choices], id="choices")
            yield Label(t("ui.enter_escape"), classes="hint")

    def on_mount(self) -> None:
        from textual.widgets import OptionList

        choices = self.query_one("#choices", OptionList)
        choices.highlighted = 0
        choices.focus()

    def on_option_list_option_selected(self, event: Any) -> None:
        self.dismiss(event.option.id)


def column_widths(width: int, columns: list[tuple[str, int | None, int]]) -> dict[str, int]:
    """Widths of text columns (key, fixed width or None, weight): the flexible ones share
    what the fixed ones leave, by weight; two spaces between columns."""
    fixed = sum(w for _, w, _ in columns if w) + 2 * (len(columns) - 1)
    flexible = [weight for _, w, weight in columns if not w]
    weights = sum(flexible) or 1
    free = max(8 * len(flexible), width - fixed)
    return {key: w or max(6, free * weight // weights) for key, w, weight in columns}


def row_text(cells: list[str], widths: list[int]) -> str:
    """One row of fixed-width columns, each cell cut with an ellipsis, measured in cells."""
    from rich.cells import cell_len, set_cell_size

    out = []
    for cell, width in zip(cells, widths):
        text = cell if cell_len(cell) <= width else set_cell_size(cell, width - 1) + "…"
        out.append(set_cell_size(text, width))
    return "  ".join(out).rstrip()
