"""Export from the app: pick a format; the report is rendered in a thread from the assessment
as it is open (not read back from disk) and written by the core; the path is shown."""

from __future__ import annotations

import copy
from functools import partial
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from selfcheck.core.errors import SelfcheckError
from selfcheck.core.export import FORMATS, export_analysis
from selfcheck.core.model import Assessment
from selfcheck.core.scoring import latest_per_questionnaire
from selfcheck.core.session import OpenAssessment
from selfcheck.i18n import language, t
from selfcheck.tui.common import Dialog
from selfcheck.tui.messages import SaveRequested
from selfcheck.tui.web import offer_download


class ExportDialog(Dialog[None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "k.cancel")]

    SAVE_WAIT_SECONDS = 10.0
    """How long the export waits for the saves in flight, so that the report and the file agree."""

    def __init__(self, session: OpenAssessment, *, combined: bool = False) -> None:
        super().__init__()
        self.session = session
        self.combined = combined

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("ui.export_title"), classes="dialog-text")
            yield OptionList(*[Option(t(f.label), id=f.name) for f in FORMATS.values()], id="formats")
            yield Label("", id="result")
            yield Label(t("ui.enter_escape"), classes="hint")

    def on_mount(self) -> None:
        formats = self.query_one("#formats", OptionList)
        formats.highlighted = 0
        formats.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.is_active:
            return
        fmt = event.option.id or "html"
        self.post_message(SaveRequested())
        # A copy of the assessment as it is now: the thread renders that, while the team may
        # go on answering on the UI thread.
        snapshot = copy.deepcopy(self.session.assessment)
        self.run_worker(partial(self._export, fmt, snapshot, language()), thread=True, exclusive=True,
                        group="export", exit_on_error=False)

    def _export(self, fmt: str, snapshot: Assessment, lang: str) -> None:
        """In a worker thread: wait for the saves in flight, render, write, report back."""
        s = self.session
        s.wait_saved(self.SAVE_WAIT_SECONDS)
        target: Assessment | list[Assessment] = snapshot
        try:
            if self.combined:
                others, _ = s.ws.load_all()
                target = [snapshot, *[a for a in latest_per_questionnaire(others, snapshot.organisation)
                                      if a.questionnaire != snapshot.questionnaire]]
            path = export_analysis(s.ws, target, fmt, None, lang=lang, framework=s.framework.id)
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
