"""The agenda (what to discuss, in order) and the action plan (what, who, when, status)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from selfcheck.core.assessment import parse_date
from selfcheck.core.model import ACTION_STATUSES, Action
from selfcheck.core.report import reason_text
from selfcheck.core.session import OpenAssessment
from selfcheck.core.storage import now
from selfcheck.i18n import language, t
from selfcheck.tui.common import (
    AssessmentTableScreen,
    ConfirmDialog,
    Dialog,
    TitleBar,
    clip,
    column_width,
    screen_parts,
    selected_key,
    set_columns,
)
from selfcheck.tui.messages import ShowItem


class AgendaScreen(AssessmentTableScreen):
    BINDINGS = [
        Binding("enter", "open_item", "k.open_item", id="open-item"),
        Binding("escape", "app.pop_screen", "k.back", id="back"),
    ]


    def compose(self) -> ComposeResult:
        yield from screen_parts(
            "agenda-body",
            Static(id="intro"),
            DataTable(id="agenda", cursor_type="row"),
        )

    def fill(self) -> None:
        lang = language()
        self.query_one("#title", TitleBar).update(f"{self.session.assessment.organisation} · {t('r.agenda')}")
        table = self.query_one("#agenda", DataTable)
        table.clear(columns=True)
        set_columns(table, self.size.width, [("#", 3, "n"), (t("r.col_item"), None, "item"),
                                             (t("r.col_reason"), None, "reason")])
        item_width = column_width(table, "item")
        entries = self.session.analysis().agenda
        for n, e in enumerate(entries, 1):
            text = e.result.item.text.get(lang)
            table.add_row(str(n), clip(text, item_width), reason_text(e, lang),
                          key=e.result.item.id)
        self.query_one("#intro", Static).update(t("ui.agenda_intro") if entries else t("r.agenda_empty"))
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: the focused table takes the key, so act on its selection."""
        event.stop()
        self.action_open_item()

    def action_open_item(self) -> None:
        item_id = selected_key(self.query_one("#agenda", DataTable))
        if item_id is not None:
            self.post_message(ShowItem(item_id))


class ActionsScreen(AssessmentTableScreen):
    FILL_ON_RESUME = False

    BINDINGS = [
        Binding("n", "add", "k.add_action", id="add-action"),
        Binding("enter", "edit", "k.edit", id="edit-action"),
        Binding("space", "complete", "k.complete", id="complete-action"),
        Binding("c", "carry_on", "k.carry_on", show=False, id="continue-action"),
        Binding("x", "drop", "k.drop", show=False, id="drop-action"),
        Binding("d", "remove", "k.remove", id="remove-action"),
        Binding("escape", "app.pop_screen", "k.back", id="back"),
    ]

    def __init__(self, session: OpenAssessment, *, section: str | None = None) -> None:
        super().__init__(session)
        self.section = section
        """New actions start linked to this section (theme), when given."""

    def compose(self) -> ComposeResult:
        yield from screen_parts(
            "actions-body",
            Static("", id="intro"),
            DataTable(id="actions", cursor_type="row"),
        )

    def fill(self) -> None:
        self.query_one("#title", TitleBar).update(f"{self.session.assessment.organisation} · {t('r.actions')}")
        table = self.query_one("#actions", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        set_columns(table, self.size.width, [(t("r.col_status"), 12, "status"), (t("r.col_what"), None, "what"),
                                             (t("r.col_who"), 12, "who"), (t("r.col_due"), 10, "due"),
                                             (t("r.col_principle"), 9, "principles")])
        what_width = column_width(table, "what")
        actions = self.session.assessment.actions
        today = date.today()
        for x in actions:
            mark = {"open": "○", "busy": "◐", "done": "●", "dropped": "✕"}[x.status]
            if x.from_round and not x.reviewed:
                mark = "↻"
            status = t("status." + x.status)
            if x.status in ("open", "busy") and x.due is not None and x.due < today:
                status = t("x.overdue")  # an open action past its due date (issue 12)
            table.add_row(f"{mark} {status}", clip(x.what, what_width),
                          x.who[:14] or "–", x.due.isoformat() if x.due else "–",
                          ",".join(x.principles + x.sections) or "–",
                          key=x.id)
        if actions:
            table.move_cursor(row=min(keep, len(actions) - 1))
        to_review = sum(1 for x in actions if x.from_round and not x.reviewed)
        intro = t("ui.actions_intro") if actions else t("r.no_actions") + " " + t("ui.actions_intro")
        if to_review:
            intro = t("ui.actions_review", n=to_review) + "\n" + intro
        self.query_one("#intro", Static).update(intro)
        table.focus()

    def _selected(self) -> Action | None:
        table = self.query_one("#actions", DataTable)
        if not table.row_count:
            return None
        aid = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        return next((x for x in self.session.assessment.actions if x.id == aid), None)

    def _editable(self) -> bool:
        if self.session.read_only:
            self.notify(self.session.read_only_reason, severity="warning")
            return False
        return True

    def _saved(self) -> None:
        self.save(self.session)
        self.refill()

    def action_add(self) -> None:
        if not self._editable():
            return
        ids = {x.id for x in self.session.assessment.actions}
        n = 1
        while f"a{n}" in ids:
            n += 1
        stamp = now()
        draft = Action(id=f"a{n}", what="", created=stamp, updated=stamp,
                       sections=[self.section] if self.section else [])

        def done(action: Action | None) -> None:
            if action is not None:
                actions = self.session.assessment.actions
                taken = {x.id for x in actions}
                if action.id in taken:  # another dialog took this id meanwhile: ids stay unique
                    k = 1
                    while f"a{k}" in taken:
                        k += 1
                    action.id = f"a{k}"
                actions.append(action)
                self._saved()

        self.app.push_screen(ActionDialog(self.session, draft), done)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: the focused table takes the key, so act on its selection."""
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        x = self._selected()
        if x is None or not self._editable():
            return

        def done(action: Action | None) -> None:
            if action is not None:
                _replace(self.session.assessment.actions, x, action)
                self._saved()

        self.app.push_screen(ActionDialog(self.session, x), done)

    def _review(self, status: Callable[[str], str]) -> None:
        """The selected action reviewed in this round, its status now `status(old status)`."""
        x = self._selected()
        if x is None or not self._editable():
            return
        x.status = status(x.status)
        x.reviewed = True
        x.updated = now()
        self._saved()

    def action_complete(self) -> None:
        self._review(lambda old: "open" if old == "done" else "done")

    def action_carry_on(self) -> None:
        """A carried-over action continues in this round: reviewed, status unchanged."""
        self._review(lambda old: old)

    def action_drop(self) -> None:
        self._review(lambda old: "dropped")

    def action_remove(self) -> None:
        x = self._selected()
        if x is None or not self._editable():
            return

        def done(yes: bool | None) -> None:
            if yes:
                actions = self.session.assessment.actions
                actions[:] = [a for a in actions if a is not x and a.id != x.id]
                self._saved()

        self.app.push_screen(ConfirmDialog(t("ui.confirm_remove_action", what=x.what[:40]), t("ui.remove_yes")), done)


def _replace(actions: list[Action], old: Action, new: Action) -> None:
    """Put `new` where `old` is. Two dialogs can edit one action (two enters in one burst): the
    second finds `old` already replaced, so the action is found by id; gone, it is added again
    (what was typed is never dropped)."""
    for i, a in enumerate(actions):
        if a is old or a.id == old.id:
            actions[i] = new
            return
    actions.append(new)


class ActionDialog(Dialog[Action | None]):
    """Add or edit one action; a bad date is refused with a clear message."""

    BINDINGS = [
        Binding("escape", "cancel", "k.cancel"),
        Binding("ctrl+s", "keep", "k.keep", priority=True),
    ]

    def __init__(self, session: OpenAssessment, action: Action) -> None:
        super().__init__()
        self.session = session
        self.action_ = action

    def compose(self) -> ComposeResult:
        x = self.action_
        with VerticalScroll(classes="dialog wide", id="action-form"):
            yield Label(t("ui.action_title"), classes="dialog-text")
            yield Label(t("r.col_what"))
            yield Input(x.what, id="what")
            yield Label(t("r.col_who"))
            yield Input(x.who, id="who")
            yield Label(t("ui.due_label"))
            yield Input(x.due.isoformat() if x.due else "", placeholder="2027-03-31", id="due")
            yield Label(t("r.col_status"))
            status = OptionList(*[Option(t("status." + s), id=s) for s in ACTION_STATUSES], id="status")
            yield status
            yield Label(t("ui.links_label"))
            yield Input(" ".join(x.principles + x.sections + x.items), placeholder="P2 ib-verkennen-doelgroep", id="links")
            yield Label("", id="error", classes="error")
            yield Label(t("ui.action_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#status", OptionList).highlighted = ACTION_STATUSES.index(self.action_.status)
        self.query_one("#what", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "links":
            self.action_keep()
        else:
            self.focus_next()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.focus_next()

    def _error(self, message: str, field: str) -> None:
        self.query_one("#error", Label).update("✗ " + message)
        self.query_one(f"#{field}", Input).focus()

    def action_keep(self) -> None:
        what = self.query_one("#what", Input).value.strip()
        if not what:
            self._error(t("ui.what_required"), "what")
            return
        due_text = self.query_one("#due", Input).value.strip()
        due: date | None = None
        if due_text:
            try:
                due = parse_date(due_text)
            except ValueError:
                self._error(t("ui.bad_date", text=due_text[:20]), "due")
                return
        principles, items, sections, unknown = [], [], [], []
        fw, q = self.session.framework, self.session.questionnaire
        for ref in self.query_one("#links", Input).value.replace(",", " ").split():
            if fw.principle(ref) is not None or fw.principle(ref.upper()) is not None:
                principles.append(ref.upper() if fw.principle(ref) is None else ref)
            elif q.item(ref) is not None:
                items.append(ref)
            elif q.section(ref) is not None:
                sections.append(ref)
            else:
                unknown.append(ref)
        if unknown:
            self._error(t("ui.bad_links", refs=", ".join(unknown)), "links")
            return
        status_list = self.query_one("#status", OptionList)
        status = ACTION_STATUSES[status_list.highlighted or 0]
        x = self.action_
        self.dismiss(Action(id=x.id, what=what, who=self.query_one("#who", Input).value.strip(), due=due,
                            status=status, principles=principles, items=items, sections=sections, created=x.created,
                            updated=now(), from_round=x.from_round, reviewed=True if x.from_round else False))

    def action_cancel(self) -> None:
        self.dismiss(None)
