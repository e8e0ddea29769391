"""A new round of an assessment, with the date of the session (issue 16.7).

`r` on the home list used to make a round at once with today's date. `NewRoundDialog` asks
for the date first: prefilled with today, an earlier date for a session held on paper is
fine, a date in the future, before the previous round, or not a date is refused with one
clear line. It says what the new round takes over. The home screen opens it with the
loaded previous round and its path; its result goes to the home screen's `_created`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from selfcheck.core import fmt
from selfcheck.core.assessment import parse_date
from selfcheck.core.model import Assessment
from selfcheck.core.scoring import carry_over
from selfcheck.core.storage import Workspace
from selfcheck.i18n import language, t
from selfcheck.tui.common import Dialog


def new_round(ws: Workspace, base: Assessment, base_path: Path, when: date) -> Assessment:
    """The next round after `base` (the file `base_path`), held on `when`: same organisation,
    team, people, voting and targets; its open actions carried over for review."""
    a = Assessment(
        questionnaire=base.questionnaire,
        questionnaire_version=base.questionnaire_version,
        organisation=base.organisation,
        team=base.team,
        date=when,
        voting=base.voting,
        participants=list(base.participants),
        targets=dict(base.targets),
        previous=base_path.name,
        framework=base.framework,
    )
    q = ws.library.questionnaires.get(a.questionnaire)
    if q is not None:
        a.questionnaire_version = q.version
    carry_over(base, a)
    return a


def date_problem(text: str, previous: date | None, today: date) -> tuple[date | None, str | None]:
    """The date typed for a new round, or why it is refused (one line)."""
    try:
        when = parse_date(text)
    except ValueError:
        return None, t("ui.bad_date", text=text.strip()[:20])
    if when > today:
        return None, t("ui.round_future")
    if previous is not None and when < previous:
        return None, t("ui.round_before_previous", date=fmt.long_date(previous))
    return when, None


class NewRoundDialog(Dialog[Assessment | None]):
    """The date of the new round's session, and what it takes over; enter makes the round
    (nothing is written before), escape makes none."""

    BINDINGS = [Binding("escape", "dismiss(None)", "k.cancel")]

    def __init__(self, ws: Workspace, base: Assessment, base_path: Path, *, today: date | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.base = base
        self.base_path = base_path
        self.today = today or date.today()

    def _title(self) -> str:
        q = self.ws.library.questionnaires.get(self.base.questionnaire)
        what = q.title.get(language()) if q is not None else self.base.questionnaire
        return t(
            "ui.round_title", org=fmt.safe(self.base.organisation, newlines=False), what=fmt.safe(what, newlines=False)
        )

    def _carried_text(self) -> str:
        b = self.base
        open_actions = sum(1 for x in b.actions if x.status in ("open", "busy"))
        lines = [
            t("ui.round_takes", n=len(b.participants), voting=t("voting." + b.voting)),
            t("ui.round_actions", n=open_actions) if open_actions else t("ui.round_no_actions"),
            t("ui.round_previous", date=fmt.long_date(b.date)),
        ]
        return "\n".join("· " + line for line in lines)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="new-round"):
            yield Label(self._title(), classes="dialog-text")
            yield Label(t("ui.round_date_label"))
            yield Input(self.today.isoformat(), id="when")
            yield Static(self._carried_text(), id="carried", classes="hint")
            yield Label("", id="error", classes="error")
            yield Label(t("ui.round_hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#when", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not self.is_active:
            return
        when, problem = date_problem(event.value, self.base.date, self.today)
        if when is None:
            self.query_one("#error", Label).update("✗ " + (problem or ""))
            return
        a = new_round(self.ws, self.base, self.base_path, when)
        carried = sum(1 for x in a.actions if x.from_round)
        if carried:
            self.app.notify(t("ui.carried", n=carried), timeout=6)
        self.dismiss(a)
