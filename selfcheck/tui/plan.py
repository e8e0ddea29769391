"""The agenda (what to discuss, in order) and the action plan (what, who, when, status)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Label, OptionList, Static

from selfcheck.core import fmt
from selfcheck.core.assessment import parse_date
from selfcheck.core.model import ACTION_STATUSES, Action, Questionnaire
from selfcheck.core.report import reason_text
from selfcheck.core.scoring import AgendaEntry
from selfcheck.core.session import OpenAssessment
from selfcheck.core.storage import now
from selfcheck.i18n import language, t
from selfcheck.tui.common import (
    AssessmentTableScreen,
    CheckList,
    ChoiceList,
    ConfirmDialog,
    Dialog,
    clip,
    clip_words,
    column_width,
    selected_key,
    set_columns,
    table_parts,
)
from selfcheck.tui.messages import ShowItem


class AgendaScreen(AssessmentTableScreen):
    BINDINGS = [
        Binding("enter", "open_item", "k.open_item", id="open-item"),
        Binding("n", "add_action", "k.make_action", id="agenda-action"),
        Binding("escape", "app.pop_screen", "k.back", id="back"),
    ]

    def __init__(self, session: OpenAssessment) -> None:
        super().__init__(session)
        self.entries: dict[str, AgendaEntry] = {}

    def compose(self) -> ComposeResult:
        yield from table_parts("agenda-body", "agenda", above="intro", below="detail")

    def fill(self) -> None:
        lang = language()
        self.set_title(f"{self.session.assessment.organisation} · {t('r.agenda')}")
        table = self.query_one("#agenda", DataTable)
        keep = table.cursor_row
        set_columns(
            table,
            self.size.width,
            [("#", 3, "n"), (t("r.col_item"), None, "item", 3), (t("r.col_reason"), None, "reason", 2)],
        )
        item_width = column_width(table, "item")
        reason_width = column_width(table, "reason")
        entries = self.session.analysis().agenda
        self.entries = {e.result.item.id: e for e in entries}
        for n, e in enumerate(entries, 1):
            text = e.result.item.text.get(lang)
            table.add_row(
                str(n), clip(text, item_width), clip(reason_text(e, lang), reason_width), key=e.result.item.id
            )
        if entries:
            table.move_cursor(row=min(keep, len(entries) - 1))
        self.query_one("#intro", Static).update(t("ui.agenda_intro") if entries else t("r.agenda_empty"))
        table.focus()
        self._detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()

    def _detail(self) -> None:
        """The highlighted statement and why it is on the agenda, whole and wrapped: the table's
        cells are cut at 60 and 80 columns (issue 16.4: the reason read "kloof b")."""
        entry = self.entries.get(selected_key(self.query_one("#agenda", DataTable)) or "")
        detail = Text()
        if entry is not None:
            lang = language()
            fw = self.session.framework

            def name(pid: str) -> str:
                p = fw.principle(pid)
                return f"{pid} {p.short_name(lang)}" if p is not None else pid

            detail.append(fmt.safe(entry.result.item.text.get(lang), newlines=False), style="bold")
            detail.append(f"\n{t('r.col_reason')}: {reason_text(entry, lang, name)}")
        self.query_one("#detail", Static).update(detail)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: the focused table takes the key, so act on its selection."""
        event.stop()
        self.action_open_item()

    def action_open_item(self) -> None:
        item_id = selected_key(self.query_one("#agenda", DataTable))
        if item_id is not None:
            self.app.post_message(ShowItem(item_id))

    def action_add_action(self) -> None:
        """An action straight from the agenda: linked to the highlighted statement and the
        principles it serves (issue 16.10)."""
        item_id = selected_key(self.query_one("#agenda", DataTable))
        if item_id is None:
            return
        if self.session.read_only:
            self.notify(self.session.read_only_reason, severity="warning")
            return
        item = self.session.questionnaire.item(item_id)
        weights = item.weights(self.session.framework.id) if item is not None else {}
        principles = [p.id for p in self.session.framework.principles if weights.get(p.id, 0) > 0]
        draft = draft_action(self.session, principles=principles, items=[item_id])

        def done(action: Action | None) -> None:
            if action is not None:
                add_action(self.session, action)
                self.save(self.session)
                self.notify(t("ui.action_made", what=clip_words(action.what, 40)))

        self.app.push_screen(ActionDialog(self.session, draft), done)


class ActionsScreen(AssessmentTableScreen):
    FILL_ON_RESUME = False

    BINDINGS = [
        Binding("n", "add", "k.add_action", id="add-action"),
        Binding("enter", "edit", "k.edit", id="edit-action"),
        Binding("space", "complete", "k.complete", id="complete-action"),
        Binding("c", "carry_on", "k.carry_on", show=False, id="continue-action"),
        Binding("x", "drop", "k.drop", show=False, id="drop-action"),
        # d stays out of the footer (the intro line names it, as help and the palette do): with
        # it "f1 hulp" was hidden behind the palette key at 80 columns.
        Binding("d", "remove", "k.remove", show=False, id="remove-action"),
        Binding("escape", "app.pop_screen", "k.back", id="back"),
    ]

    def __init__(self, session: OpenAssessment, *, section: str | None = None) -> None:
        super().__init__(session)
        self.section = section
        """New actions start linked to this section (theme), when given."""
        self._who_width = 12

    def compose(self) -> ComposeResult:
        yield from table_parts("actions-body", "actions", above="intro", below="detail")

    def fill(self) -> None:
        self.set_title(f"{self.session.assessment.organisation} · {t('r.actions')}")
        table = self.query_one("#actions", DataTable)
        keep = table.cursor_row
        width = self.size.width
        lang = language()
        q = self.session.questionnaire
        actions = self.session.assessment.actions
        statuses = [self._status(x) for x in actions]
        whos = [x.who or "–" for x in actions]
        links = [
            ", ".join([*x.principles, *(_section_title(q, sid, lang) for sid in x.sections)]) or "–" for x in actions
        ]
        # At 60 columns the links make room for what the action is; the line under the table
        # names them in full for the highlighted action (issue 16.4).
        narrow = width < 72
        set_columns(
            table,
            width,
            [
                (t("r.col_status"), max(map(cell_len, [t("r.col_status"), *statuses])), "status"),
                (t("r.col_what"), None, "what", 3),
                (t("r.col_who"), min(12, max(map(cell_len, [t("r.col_who"), *whos]))), "who"),
                (t("r.col_due"), 10, "due"),
                *([] if narrow else [(t("x.col_about"), None, "principles", 1)]),
            ],
        )
        what_width = column_width(table, "what")
        who_width = self._who_width = column_width(table, "who")
        links_width = 0 if narrow else column_width(table, "principles")
        for x, status, who, linked in zip(actions, statuses, whos, links, strict=True):
            table.add_row(
                status,
                clip(x.what, what_width),
                clip(who, who_width),
                x.due.isoformat() if x.due else "–",
                *([] if narrow else [clip(linked, links_width)]),
                key=x.id,
            )
        if actions:
            table.move_cursor(row=min(keep, len(actions) - 1))
        to_review = sum(1 for x in actions if x.from_round and not x.reviewed)
        intro = t("ui.actions_intro") if actions else t("r.no_actions") + " " + t("ui.actions_intro")
        if to_review:
            intro = t("ui.actions_review", n=to_review) + "\n" + intro
        self.query_one("#intro", Static).update(intro)
        table.focus()
        self._detail()

    @staticmethod
    def _status(x: Action) -> str:
        """ "○ open", "● klaar", "↻ ..." for one carried over from the last round and not yet
        reviewed, "te laat" for an open one past its due date: in words, not colour alone."""
        mark = {"open": "○", "busy": "◐", "done": "●", "dropped": "✕"}[x.status]
        if x.from_round and not x.reviewed:
            mark = "↻"
        status = t("status." + x.status)
        if x.status in ("open", "busy") and x.due is not None and x.due < date.today():
            status = t("x.overdue")  # an open action past its due date (issue 12)
        return f"{mark} {status}"

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()

    def _detail(self) -> None:
        """The highlighted action whole, and what it is linked to by name (who too, when the
        table cut the name): the table cuts them (issue 16.4: the linked themes were cut at 80
        columns)."""
        x = self._selected()
        detail = Text()
        if x is not None:
            chosen = set(chosen_links(x))
            linked = [label for key, label in link_choices(self.session, x) if key in chosen]
            detail.append(fmt.safe(x.what, newlines=False), style="bold")
            if x.who and clip(x.who, self._who_width) != x.who:  # the table cut the name
                detail.append(f"\n{t('r.col_who')}: {fmt.safe(x.who, newlines=False)}")
            if linked:
                detail.append(f"\n{t('ui.linked_to', links='; '.join(linked))}")
        self.query_one("#detail", Static).update(detail)

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
        draft = draft_action(self.session, sections=[self.section] if self.section else [])

        def done(action: Action | None) -> None:
            if action is not None:
                add_action(self.session, action)
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


def _section_title(q: Questionnaire, section_id: str, lang: str) -> str:
    """A section (theme) by its title on screen; its id only when the questionnaire lost it."""
    section = q.section(section_id)
    return fmt.safe(section.title.get(lang), newlines=False) if section is not None else section_id


def draft_action(
    session: OpenAssessment,
    *,
    principles: list[str] | None = None,
    items: list[str] | None = None,
    sections: list[str] | None = None,
) -> Action:
    """A new, empty action with the next free id, linked as given."""
    ids = {x.id for x in session.assessment.actions}
    n = 1
    while f"a{n}" in ids:
        n += 1
    stamp = now()
    return Action(
        id=f"a{n}",
        what="",
        created=stamp,
        updated=stamp,
        principles=list(principles or []),
        items=list(items or []),
        sections=list(sections or []),
    )


def add_action(session: OpenAssessment, action: Action) -> None:
    """Add a new action to the assessment; another dialog may have taken its id meanwhile, so
    ids stay unique."""
    actions = session.assessment.actions
    taken = {x.id for x in actions}
    if action.id in taken:
        k = 1
        while f"a{k}" in taken:
            k += 1
        action.id = f"a{k}"
    actions.append(action)


def _replace(actions: list[Action], old: Action, new: Action) -> None:
    """Put `new` where `old` is. Two dialogs can edit one action (two enters in one burst): the
    second finds `old` already replaced, so the action is found by id; gone, it is added again
    (what was typed is never dropped)."""
    for i, a in enumerate(actions):
        if a is old or a.id == old.id:
            actions[i] = new
            return
    actions.append(new)


def link_choices(session: OpenAssessment, action: Action) -> list[tuple[str, str]]:
    """What an action can be linked to, as (key, text) for a `CheckList`: the framework's
    principles (id and name), the questionnaire's sections (title), and the items the action is
    linked to already (their short text). Keys carry their kind: "p:P2", "s:thema-a", "i:..."."""
    lang = language()
    fw, q = session.framework, session.questionnaire
    out: list[tuple[str, str]] = []
    for item_id in action.items:  # first: what the action came from (from the agenda, a statement)
        item = q.item(item_id)
        text = item.text.get(lang) if item is not None else item_id
        out.append((f"i:{item_id}", t("ui.link_item", text=fmt.safe(clip_words(text.rstrip("."), 60), newlines=False))))
    out += [(f"p:{p.id}", fmt.safe(f"{p.id} {p.short_name(lang)}", newlines=False)) for p in fw.principles]
    out += [(f"s:{s.id}", fmt.safe(s.title.get(lang), newlines=False)) for s in q.sections]
    known = {key for key, _ in out}
    # A link to a principle or section this questionnaire no longer has is kept, named by its id.
    out += [(f"p:{pid}", pid) for pid in action.principles if f"p:{pid}" not in known]
    out += [(f"s:{sid}", sid) for sid in action.sections if f"s:{sid}" not in known]
    return out


def chosen_links(action: Action) -> list[str]:
    return (
        [f"p:{x}" for x in action.principles] + [f"s:{x}" for x in action.sections] + [f"i:{x}" for x in action.items]
    )


class ActionDialog(Dialog[Action | None]):
    """Add or edit one action; a bad date is refused with a clear message, a date in the past
    is kept only after a confirmation. The status is a `ChoiceList` and the links a `CheckList`
    (both read without colour); nobody types ids (issue 16.2, 16.6)."""

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
            yield Input(x.due.isoformat() if x.due else "", placeholder=t("ui.due_placeholder"), id="due")
            yield Label(t("r.col_status"))
            yield ChoiceList(
                [(s, t("status." + s)) for s in ACTION_STATUSES],
                chosen=ACTION_STATUSES.index(x.status) if x.status in ACTION_STATUSES else 0,
                id="status",
            )
            yield Label(t("ui.links_label"))
            yield CheckList(link_choices(self.session, x), chosen=chosen_links(x), id="links")
            yield Label("", id="error", classes="error")
            yield Label(t("ui.action_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#what", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "status":
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
        links = self.query_one("#links", CheckList).chosen_ids
        x = self.action_
        status = self.query_one("#status", ChoiceList).chosen_id
        result = Action(
            id=x.id,
            what=what,
            who=self.query_one("#who", Input).value.strip(),
            due=due,
            status=status,
            principles=[k[2:] for k in links if k.startswith("p:")],
            items=[k[2:] for k in links if k.startswith("i:")],
            sections=[k[2:] for k in links if k.startswith("s:")],
            created=x.created,
            updated=now(),
            from_round=x.from_round,
            reviewed=True if x.from_round else False,
        )
        if due is not None and due < date.today() and due != x.due:
            # A date in the past is most often a typing slip (2020 for 2027): ask (issue 16.10).
            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.dismiss(result)
                else:
                    self.query_one("#due", Input).focus()

            self.app.push_screen(ConfirmDialog(t("ui.due_in_past"), t("ui.keep_yes"), danger=False), confirmed)
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
