"""Export from the app: pick a format; the report is rendered in a thread from the assessment
as it is open (not read back from disk) and written by the core; the path is shown."""

from __future__ import annotations

import copy
from datetime import datetime
from functools import partial
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from selfcheck.core.errors import SelfcheckError
from selfcheck.core.export import FORMATS, VOTE_MODES, export_analysis
from selfcheck.core.model import Assessment
from selfcheck.core.scoring import latest_per_questionnaire
from selfcheck.core.session import OpenAssessment
from selfcheck.i18n import language, t
from selfcheck.tui.common import Dialog
from selfcheck.tui.messages import SaveRequested
from selfcheck.tui.web import offer_download


def _snapshot(a: Assessment) -> Assessment:
    """A deep copy of the assessment. The tzinfo objects of date-times read by rtoml cannot be
    deep-copied (their constructor needs arguments), and they are immutable: shared, not copied."""
    stamps = [a.created, a.updated, *(x.updated for x in a.answers.values()),
              *(s for x in a.actions for s in (x.created, x.updated)),
              *(s for c in a.conflicts for s in (c.recorded, c.updated))]
    memo: dict[int, object] = {id(d.tzinfo): d.tzinfo for d in stamps if isinstance(d, datetime) and d.tzinfo is not None}
    return copy.deepcopy(a, memo)


class ExportDialog(Dialog[None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "k.cancel"),
                Binding("n", "votes", "k.export_votes", id="export-votes")]

    SAVE_WAIT_SECONDS = 10.0
    """How long the export waits for the saves in flight, so that the report and the file agree."""

    def __init__(self, session: OpenAssessment, *, combined: bool = False) -> None:
        super().__init__()
        self.session = session
        self.combined = combined
        self.votes = VOTE_MODES[0]
        """How the report shows votes: anonymous unless the team chooses (issue 12)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("ui.export_title"), classes="dialog-text")
            yield OptionList(*[Option(t(f.label), id=f.name) for f in FORMATS.values()], id="formats")
            yield Label(self._votes_text(), id="votes")
            yield Label("", id="result")
            yield Label(t("ui.enter_escape"), classes="hint")

    def on_mount(self) -> None:
        formats = self.query_one("#formats", OptionList)
        formats.highlighted = 0
        formats.focus()

    def _votes_text(self) -> str:
        return t("ui.export_votes", choice=t("x.votes_mode." + self.votes))

    def action_votes(self) -> None:
        """n: the next choice for the votes: without names, with names, left out."""
        self.votes = VOTE_MODES[(VOTE_MODES.index(self.votes) + 1) % len(VOTE_MODES)]
        self.query_one("#votes", Label).update(self._votes_text())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.is_active:
            return
        fmt = event.option.id or "html"
        self.app.post_message(SaveRequested())
        # A copy of the assessment as it is now: the thread renders that, while the team may
        # go on answering on the UI thread.
        snapshot = _snapshot(self.session.assessment)
        self.run_worker(partial(self._export, fmt, snapshot, language(), self.votes), thread=True, exclusive=True,
                        group="export", exit_on_error=False)

    def _export(self, fmt: str, snapshot: Assessment, lang: str, votes: str = VOTE_MODES[0]) -> None:
        """In a worker thread: wait for the saves in flight, render, write, report back."""
        s = self.session
        s.wait_saved(self.SAVE_WAIT_SECONDS)
        target: Assessment | list[Assessment] = snapshot
        try:
            if self.combined:
                others, _ = s.ws.load_all()
                target = [snapshot, *[a for a in latest_per_questionnaire(others, snapshot.organisation)
                                      if a.questionnaire != snapshot.questionnaire]]
            path = export_analysis(s.ws, target, fmt, None, lang=lang, framework=s.framework.id, votes=votes)
            path = path.resolve()  # the full path: the folder may be one the user never opened
        except (SelfcheckError, OSError) as exc:
            self._report(partial(self._failed, str(exc)))
            return
        self._report(partial(self._written, path))

    def _report(self, callback: partial[None]) -> None:
        try:
            self.app.call_from_thread(callback)
        except RuntimeError:  # the app stopped meanwhile: the file is written, nobody to tell
            pass

    def _failed(self, detail: str) -> None:
        if self.is_attached:
            self.query_one("#result", Label).update("✗ " + detail)

    def _written(self, path: Path) -> None:
        if self.is_attached:
            self.query_one("#result", Label).update("✓ " + t("ui.exported", path=str(path)))
        self.app.notify(t("ui.exported", path=str(path)), timeout=10)
        offer_download(self.app, path)  # in a browser (selfcheck serve): a download
