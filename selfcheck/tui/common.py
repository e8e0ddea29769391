"""Pieces every screen uses: the app's typed base, a base screen and one for table screens, the
footer in the current language, small dialogs and table helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from rich.cells import cell_len, set_cell_size
from textual import getters
from textual.app import App, ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets._footer import FooterLabel
from textual.widgets.option_list import Option

from selfcheck.core.session import OpenAssessment
from selfcheck.core.storage import Workspace
from selfcheck.i18n import CATALOGUE, t
from selfcheck.tui.messages import SaveRequested

if TYPE_CHECKING:
    # DataTable only for the table helpers' types: the home list the app starts on has none, and
    # importing it costs start-up time.
    from textual.widgets import DataTable, TextArea

    from selfcheck.devices.control import DeviceVoting

ResultT = TypeVar("ResultT")


def _page_keys_wait_for_layout() -> None:
    """Textual 8.2: page up/down on an OptionList that has not been laid out yet (a dialog
    opened a moment ago, a burst of keys over a slow link) raises KeyError and ends the app.
    Until it is laid out, those keys do nothing. (One place, for every OptionList of the app.)"""
    original = OptionList._move_page

    def _move_page(self: OptionList, direction: Literal[-1, 1]) -> None:
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


def key_label(description: str, action: str) -> str:
    """What a key does, in the current language. Bindings hold catalogue keys ("k.next") as
    descriptions; Textual's own palette binding has an English word, so it gets ours."""
    if action.endswith("command_palette"):
        return t("ui.palette_short")
    return tr(description)


class AppBase(App[int]):
    """What a screen may read from the app, typed: the workspace and the open assessment.

    The app itself is `selfcheck.tui.app.SelfcheckApp`, a subclass that imports the screens;
    screens import only this base (so there is no import cycle) and ask the app for anything
    else with a message (`selfcheck.tui.messages`)."""

    ws: Workspace
    """The workspace: the assessments folder and the questionnaire library."""
    session: OpenAssessment | None
    """The assessment open on the answering screen, or None on the home list."""
    devices: DeviceVoting | None = None
    """Voting from phones for the open assessment while it runs (tui/devices.py), else None."""


class KeyFooter(Footer):
    """Textual's footer, with each key's description in the current language.

    The descriptions are catalogue keys; this footer translates them each time it draws (after
    every `refresh_bindings()`, which the language switch calls), so the bindings themselves
    never change."""

    def __init__(self) -> None:
        # Compact: one space between keys instead of two pads, so an 80-column footer holds
        # every key a screen shows (issue 16.3; tests/tui/test_meeting.py measures it).
        super().__init__(compact=True)
        self._fit_tries = 0

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterLabel):  # a group's description (→← bladeren)
                widget.update(tr(str(widget.content)))
            if getattr(widget, "key_display", None) == "space":  # the key's name in words: translated
                widget.key_display = t("ui.key_space")  # type: ignore[attr-defined]
            description = getattr(widget, "description", None)
            if isinstance(description, str):
                if description in self.KEEP:
                    widget.add_class("-keep")
                widget.description = key_label(description, str(getattr(widget, "action", "")))  # type: ignore[attr-defined]
            yield widget
        self._fit_tries = 0
        self.call_after_refresh(self._fit)

    KEEP: ClassVar[tuple[str, ...]] = ("k.help", "k.back")
    """Keys that stay when the footer is too narrow for all (help lists the others)."""

    def on_resize(self) -> None:
        self._fit_tries = 0
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Too narrow for every key (60 columns): leave keys out from the right, help and back
        last, rather than cut one in half behind the palette key ('esc ba▏^p commands')."""
        if not self.is_attached:
            return
        units = [w for w in self.children if not w.has_class("-command-palette")]
        palettes = [w for w in self.children if w.has_class("-command-palette")]
        palette = sum(w.outer_size.width for w in palettes)
        for w in units:  # measured once laid out, while all are shown (a hidden one has no size)
            if w.display and not hasattr(w, "_cells") and w.outer_size.width:
                w._cells = w.outer_size.width + w.styles.margin.left + w.styles.margin.right  # type: ignore[attr-defined]
        if any(not hasattr(w, "_cells") for w in units) or any(not w.outer_size.width for w in palettes):
            if self._fit_tries < 5:  # not laid out yet: after the next refresh
                self._fit_tries += 1
                self.call_after_refresh(self._fit)
            return
        room = self.size.width - palette
        shown = list(units)
        for w in [*reversed([u for u in units if not u.has_class("-keep")]), *reversed(units)]:
            if sum(getattr(u, "_cells", 0) for u in shown) <= room:
                break
            if w in shown:
                shown.remove(w)
        for w in units:
            w.display = w in shown


class BaseScreen(Screen[None]):
    """A screen whose texts follow the language, with a one-line title bar and `KeyFooter`.

    Its keys act once it is mounted (`check_action`): keys typed ahead, or a burst over a slow
    link, can arrive before its widgets are there. After a language switch the app calls
    `relabel()` on every screen of the stack: it puts the new texts into the widgets that are
    there (nothing is composed again)."""

    app = getters.app(AppBase)

    HELP_ROWS: ClassVar[tuple[tuple[str, str], ...]] = ()

    def help_rows(self) -> tuple[tuple[str, str], ...]:
        """The extra help rows for this screen as it is now (a scale's own range, say)."""
        return self.HELP_ROWS

    """Extra rows for the help screen (keys, catalogue key): keys that are not one binding
    each (the answering screen's digits)."""

    @property
    def is_open(self) -> bool:
        """Still one of the app's screens. Keys come faster than screens mount (typed ahead, a
        burst over a slow link): a screen can be closed before its mount or resize events are
        handled, and those then have nothing to draw on."""
        return self.is_attached and self in self.app.screen_stack

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.is_mounted and self.is_open

    def relabel(self) -> None:
        """The language changed: put the new texts into this screen's widgets. Subclasses that
        show texts of their own extend it; the footer follows from `refresh_bindings()`."""
        self.refresh_bindings()

    def set_title(self, text: str) -> None:
        """Put `text` into the title bar (the one `screen_parts` makes)."""
        self.query_one("#title", TitleBar).update(text)

    def save(self, session: OpenAssessment) -> None:
        """`session`'s assessment was edited here: serialise it now (the model thread's part of
        the write path) and ask the app to write it."""
        if not session.read_only:
            self.app.post_message(SaveRequested(session, session.prepare()))


def screen_parts(body_id: str, *widgets: Widget, scroll: bool = False) -> ComposeResult:
    """A screen's parts: the title bar, a body holding `widgets` (scrolling with `scroll`), the
    footer. Texts are set later (`fill`, `relabel`), so that a language switch can set them again."""
    yield TitleBar(id="title")
    yield (VerticalScroll if scroll else Vertical)(*widgets, id=body_id)
    yield KeyFooter()


def table_parts(
    body_id: str, table_id: str, *, above: str = "", below: str = "", scroll: bool = False
) -> ComposeResult:
    """The parts of a screen of one table (`screen_parts`): the table, with a text above it and
    one below it where their ids are given (empty until `fill`)."""
    from textual.widgets import DataTable  # here: the home list the app starts on has no table

    widgets: list[Widget] = [Static("", id=above)] if above else []
    widgets.append(DataTable(id=table_id, cursor_type="row"))
    if below:
        widgets.append(Static("", id=below))
    yield from screen_parts(body_id, *widgets, scroll=scroll)


class ItemScreen(BaseScreen):
    """A screen that shows one assessment item at a time: the answering screen
    (tui/answer.py). The app finds it in the screen stack by this class, to go back to an item
    (`ShowItem`) or to close the assessment, without importing the screen before it is needed."""

    def goto(self, item_id: str) -> None:
        """Show the item with this id."""
        raise NotImplementedError


class TableScreen(BaseScreen):
    """A screen that draws its contents in `fill()`: when it is first shown, again when it is
    shown after another screen (unless `FILL_ON_RESUME` is False: its contents cannot have
    changed meanwhile), when its size changes, and after a language switch."""

    FILL_ON_RESUME: ClassVar[bool] = True

    def __init__(self) -> None:
        super().__init__()
        self._filled_size: Size | None = None
        """The size of the last fill: a resize to the same size draws nothing again."""

    def fill(self) -> None:
        """Draw the screen's contents for its current size and language."""
        raise NotImplementedError

    def refill(self) -> None:
        if not self.is_open:  # closed before it was shown (escape right after opening it)
            return
        self._filled_size = self.size
        self.fill()

    def on_screen_resume(self) -> None:
        # Shown first, or back from a dialog or another screen: one fill (over SSH every fill is bytes).
        if self.FILL_ON_RESUME or self._filled_size is None:
            self.refill()

    def on_resize(self) -> None:
        if self.is_mounted and self._filled_size is not None and self.size != self._filled_size:
            self.refill()

    def relabel(self) -> None:
        super().relabel()
        if self._filled_size is not None:
            self.refill()


class AssessmentTableScreen(TableScreen):
    """A table screen about the open assessment (results, agenda, actions, themes)."""

    def __init__(self, session: OpenAssessment) -> None:
        super().__init__()
        self.session = session


class TitleBar(Static):
    """The top line: where you are, in words (no clock: nothing repaints while idle); too long,
    it ends in "…" (it wrapped, and its second line was hidden)."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top; height: 1; background: $panel; color: $text; padding: 0 1; text-style: bold;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """


class Dialog(ModalScreen[ResultT]):
    """A modal dialog that is dismissed once. Two keys in one burst (enter on a button and
    escape, or y) would otherwise dismiss it twice: Textual then runs the callback again and
    pops the screen below it too. Its handlers act only while it is the screen on top
    (`is_active`): a second enter in a burst can reach it after it was dismissed."""

    app = getters.app(AppBase)

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        if not self.is_active:  # dismissed already, or not on top: once is enough
            return AwaitComplete()
        return super().dismiss(result)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Its keys act once it is mounted (ctrl+s right behind the key that opened the note
        # editor would reach for a text area not there yet) and while it is still open.
        return self.is_mounted and self.is_active


class QuestionDialog(Dialog[ResultT]):
    """A dialog that asks one thing: a box with the question on top, then its own `parts()`."""

    BOX: ClassVar[str] = "dialog"
    """The box's classes ("dialog wide" for a wide one)."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes=self.BOX):
            yield Label(self.question, classes="dialog-text")
            yield from self.parts()

    def parts(self) -> ComposeResult:
        """What stands below the question."""
        raise NotImplementedError


class ConfirmDialog(QuestionDialog[bool]):
    """Yes or no; escape means no. Arrow keys move between the buttons."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", "k.cancel"),
        Binding("left,up", "app.focus_previous", show=False),
        Binding("right,down", "app.focus_next", show=False),
        Binding("j,y", "dismiss(True)", show=False),
    ]

    def __init__(self, question: str, yes: str | None = None, *, danger: bool = True) -> None:
        super().__init__(question)
        self.yes_label = yes or t("ui.yes")
        self.danger = danger
        """A dangerous yes (delete) starts on "no"; a harmless one (create) on "yes"."""

    def parts(self) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button(self.yes_label, id="yes", variant="error" if self.danger else "primary")
            yield Button(t("ui.no"), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes" if not self.danger else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class InputDialog(QuestionDialog[str | None]):
    """One line of text, with a check that can refuse it and say why."""

    BINDINGS = [Binding("escape", "dismiss(None)", "k.cancel")]

    def __init__(
        self, title: str, value: str = "", *, placeholder: str = "", check: Callable[[str], str | None] | None = None
    ) -> None:
        super().__init__(title)
        self.value = value
        self.placeholder = placeholder
        self.check = check

    def parts(self) -> ComposeResult:
        yield Input(self.value, placeholder=self.placeholder, id="value")
        yield Label("", id="error", classes="error")
        yield Label(t("ui.enter_escape"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not self.is_active:
            return
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one("#error", Label).update(f"✗ {problem}")
            return
        self.dismiss(event.value)


class NoteDialog(QuestionDialog[str | None]):
    """A multi-line note; ctrl+s keeps it, escape keeps it too (never destroys), ctrl+z in the editor undoes."""

    BOX = "dialog wide"
    BINDINGS = [
        Binding("ctrl+s", "keep", "k.keep", priority=True),
        Binding("escape", "keep", "k.keep", show=False, priority=True),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__(title)
        self.text = text

    def parts(self) -> ComposeResult:
        from textual.widgets import TextArea  # the editor's modules load when a note is first edited: start-up time

        area = TextArea(self.text, id="note", soft_wrap=True, show_line_numbers=False)
        area.cursor_blink = False
        if self.app.size.height < 30:  # 60x20, 80x24: the title, the editor and its keys all in view
            area.styles.height = max(3, min(10, self.app.size.height - 14))
        yield area
        yield Label(t("ui.note_hint"), classes="hint")

    def on_mount(self) -> None:
        area = self._area()
        area.focus()
        area.move_cursor(area.document.end)

    def action_keep(self) -> None:
        self.dismiss(self._area().text.rstrip())

    def _area(self) -> TextArea:
        from textual.widgets import TextArea

        return self.query_one("#note", TextArea)


def set_columns(table: DataTable[Any], width: int, columns: list[tuple[Any, ...]]) -> None:
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


def column_width(table: DataTable[Any], key: str) -> int:
    """The width `set_columns` gave the column `key` (column keys compare equal to their text)."""
    return next(column.width for column_key, column in table.columns.items() if column_key == key)


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def clip_words(text: str, width: int) -> str:
    """`text` in at most `width` characters, cut after a whole word with an ellipsis (mid-word
    only when its first word alone is longer)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    head = text[: max(1, width - 1)]
    if " " in head and text[len(head)] != " ":
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:") + "…"


def selected_key(table: DataTable[Any]) -> str | None:
    """The row key under a DataTable's cursor, or None for an empty table."""
    if not table.row_count:
        return None
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


class ChoiceDialog(QuestionDialog[str | None]):
    """A question with a few answers to pick from; escape picks nothing (and changes nothing)."""

    BOX = "dialog wide"
    BINDINGS = [Binding("escape", "dismiss(None)", "k.cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__(question)
        self.choices = choices

    def parts(self) -> ComposeResult:
        yield PickList(self.choices, id="choices")
        yield Label(t("ui.enter_escape"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#choices", PickList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.is_active:
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
    out = []
    for cell, width in zip(cells, widths, strict=True):
        text = cell if cell_len(cell) <= width else set_cell_size(cell, width - 1) + "…"
        out.append(set_cell_size(text, width))
    return "  ".join(out).rstrip()


class PickList(OptionList):
    """A few options to pick one from with enter, the highlighted one marked ▸, not by a
    background shade alone: with NO_COLOR the shade is grey on grey (issue 16.2). The ChoiceDialog
    and the export dialog's formats."""

    def __init__(self, choices: list[tuple[str, str]], *, id: str | None = None) -> None:
        self._choices = list(choices)
        self._marked = 0
        super().__init__(*[Option(self._prompt(i), id=key) for i, (key, _) in enumerate(choices)], id=id)

    def _prompt(self, index: int) -> Content:
        return Content(("▸ " if index == self._marked else "  ") + self._choices[index][1])  # plain text

    def on_mount(self) -> None:
        self.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self and event.option_index != self._marked:
            old, self._marked = self._marked, event.option_index
            for i in (old, self._marked):
                self.replace_option_prompt_at_index(i, self._prompt(i))


class ChoiceList(OptionList):
    """One choice from a few, visible without colour: ● before the chosen option, ○ before
    the others. Moving the highlight chooses; the mark stays when the focus moves on, so the
    choice can be read with NO_COLOR and after the list lost the focus."""

    def __init__(self, choices: list[tuple[str, str]], *, chosen: int = 0, id: str | None = None) -> None:
        self._choices = list(choices)
        self.chosen = max(0, min(chosen, len(choices) - 1))
        super().__init__(*[Option(self._prompt(i), id=key) for i, (key, _) in enumerate(choices)], id=id)

    def _prompt(self, index: int) -> str:
        return ("● " if index == self.chosen else "○ ") + self._choices[index][1]

    @property
    def chosen_id(self) -> str:
        return self._choices[self.chosen][0]

    def on_mount(self) -> None:
        self.highlighted = self.chosen

    def choose(self, index: int) -> None:
        old, self.chosen = self.chosen, index
        for i in {old, index}:
            self.replace_option_prompt_at_index(i, self._prompt(i))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self and event.option_index != self.chosen:
            self.choose(event.option_index)


class CheckList(OptionList):
    """Several choices, visible without colour: [x] before each chosen option, [ ] before the
    others; space (or enter) switches the highlighted one, which ▸ marks (with NO_COLOR its
    shade was grey on grey: space switched a line nobody could see)."""

    BINDINGS = [Binding("space", "toggle_choice", "k.toggle", show=False)]

    def __init__(self, choices: list[tuple[str, str]], *, chosen: Iterable[str] = (), id: str | None = None) -> None:
        self._choices = list(choices)
        wanted = set(chosen)
        self.chosen: set[str] = {key for key, _ in choices if key in wanted}
        self._cursor: int | None = None
        super().__init__(*[Option(self._prompt(i), id=key) for i, (key, _) in enumerate(choices)], id=id)

    def _prompt(self, index: int) -> Content:
        key, label = self._choices[index]
        mark = ("▸" if index == self._cursor else " ") + ("[x] " if key in self.chosen else "[ ] ")
        return Content(mark + label)  # plain: "[x]" is no markup tag

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self and event.option_index != self._cursor:
            old, self._cursor = self._cursor, event.option_index
            for i in {event.option_index, *([] if old is None else [old])}:
                self.replace_option_prompt_at_index(i, self._prompt(i))

    @property
    def chosen_ids(self) -> list[str]:
        return [key for key, _ in self._choices if key in self.chosen]

    def action_toggle_choice(self) -> None:
        index = self.highlighted
        if index is None:
            return
        key = self._choices[index][0]
        self.chosen ^= {key}
        self.replace_option_prompt_at_index(index, self._prompt(index))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is self:
            event.stop()
            self.action_toggle_choice()
