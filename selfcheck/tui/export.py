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
from textual.content import Content
from textual.widgets import Label, OptionList, Static

from selfcheck.core.errors import SelfcheckError
from selfcheck.core.export import FORMATS, VOTE_MODES, ReportExists, export_analysis, free_name
from selfcheck.core.model import Assessment
from selfcheck.core.scoring import latest_per_questionnaire
from selfcheck.core.session import OpenAssessment
from selfcheck.i18n import language, t
from selfcheck.tui.common import ChoiceDialog, Dialog, PickList
from selfcheck.tui.messages import SaveRequested
from selfcheck.tui.opener import open_path, why_not
from selfcheck.tui.web import offer_download


def _snapshot(a: Assessment) -> Assessment:
    """A deep copy of the assessment. The tzinfo objects of date-times read by rtoml cannot be
    deep-copied (their constructor needs arguments), and they are immutable: shared, not copied."""
    stamps = [
        a.created,
        a.updated,
        *(x.updated for x in a.answers.values()),
        *(s for x in a.actions for s in (x.created, x.updated)),
        *(s for c in a.conflicts for s in (c.recorded, c.updated)),
    ]
    memo: dict[int, object] = {
        id(d.tzinfo): d.tzinfo for d in stamps if isinstance(d, datetime) and d.tzinfo is not None
    }
    return copy.deepcopy(a, memo)


class ExportDialog(Dialog[None]):
    """Pick a format, the report is written; one status line in the dialog says what happened
    (no notification per export, issue 16.11), with the full path, wrapped, never cut. A file
    that is there already is not replaced silently: replace it or write a new name. o / m open
    the file or its folder where the desktop is in front of the user (tui/opener.py)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "k.cancel"),
        Binding("n", "votes", "k.export_votes", id="export-votes"),
        Binding("o", "open_file", "k.open_file", show=False, id="export-open"),
        Binding("m", "open_folder", "k.open_folder", show=False, id="export-open-folder"),
    ]

    SAVE_WAIT_SECONDS = 10.0
    """How long the export waits for the saves in flight, so that the report and the file agree."""

    def __init__(self, session: OpenAssessment, *, combined: bool = False) -> None:
        super().__init__()
        self.session = session
        self.combined = combined
        self.votes = VOTE_MODES[0]
        """How the report shows votes: anonymous unless the team chooses (issue 12)."""
        self.written: Path | None = None
        """The file this dialog wrote last (o and m open it or its folder)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("ui.export_title"), classes="dialog-text")
            yield PickList([(f.name, t(f.label)) for f in FORMATS.values()], id="formats")
            yield Static(self._votes_text(), id="votes")
            yield Static("", id="result", classes="export-result")
            yield Static("", id="open", classes="hint")
            yield Label(t("ui.enter_escape"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#formats", PickList).focus()

    def _votes_text(self) -> str:
        return t("ui.export_votes", choice=t("x.votes_mode." + self.votes))

    def _status(self, text: str) -> None:
        if self.is_attached:
            self.query_one("#result", Static).update(Content(text))  # plain: a path may hold [ ]

    def action_votes(self) -> None:
        """n: the next choice for the votes: without names, with names, left out."""
        self.votes = VOTE_MODES[(VOTE_MODES.index(self.votes) + 1) % len(VOTE_MODES)]
        self.query_one("#votes", Static).update(self._votes_text())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.is_active:
            return
        self.app.post_message(SaveRequested(self.session))
        self._start(event.option.id or "html")

    def _start(self, fmt: str, output: Path | None = None, *, replace: bool = False) -> None:
        # A copy of the assessment as it is now: the thread renders that, while the team may
        # go on answering on the UI thread.
        snapshot = _snapshot(self.session.assessment)
        self._status("… " + t("ui.exporting"))
        self.run_worker(
            partial(self._export, fmt, snapshot, language(), self.votes, output, replace),
            thread=True,
            exclusive=True,
            group="export",
            exit_on_error=False,
        )

    def _export(
        self,
        fmt: str,
        snapshot: Assessment,
        lang: str,
        votes: str = VOTE_MODES[0],
        output: Path | None = None,
        replace: bool = True,
    ) -> None:
        """In a worker thread: wait for the saves in flight, render, write, report back."""
        s = self.session
        s.wait_saved(self.SAVE_WAIT_SECONDS)
        target: Assessment | list[Assessment] = snapshot
        try:
            if self.combined:
                others, _ = s.ws.load_all()
                target = [
                    snapshot,
                    *[
                        a
                        for a in latest_per_questionnaire(others, snapshot.organisation)
                        if a.questionnaire != snapshot.questionnaire
                    ],
                ]
            path = export_analysis(
                s.ws, target, fmt, output, lang=lang, framework=s.framework.id, votes=votes, replace=replace
            )
            path = path.resolve()  # the full path: the folder may be one the user never opened
        except ReportExists as exc:
            self._report(partial(self._exists, fmt, exc.path))
            return
        except (SelfcheckError, OSError) as exc:
            self._report(partial(self._failed, str(exc)))
            return
        self._report(partial(self._written, path))

    def _report(self, callback: partial[None]) -> None:
        try:
            self.app.call_from_thread(callback)
        except RuntimeError:  # the app stopped meanwhile: the file is written, nobody to tell
            pass

    def _exists(self, fmt: str, path: Path) -> None:
        """The report's file is there already (an export a moment ago, or an earlier day's):
        replace it, or write a new name next to it; escape writes nothing."""
        if not self.is_attached:
            return
        path = path.resolve()
        new = free_name(path)
        self._status(t("x.report_exists", path=str(path)))

        def chosen(choice: str | None) -> None:
            if choice == "replace":
                self._start(fmt, path, replace=True)
            elif choice == "new":
                self._start(fmt, new)
            else:
                self._status(t("ui.export_not_written"))

        self.app.push_screen(
            ChoiceDialog(
                t("ui.export_exists", name=path.name),
                [("replace", t("ui.export_replace")), ("new", t("ui.export_new_name", name=new.name))],
            ),
            chosen,
        )

    def _failed(self, detail: str) -> None:
        self._status("✗ " + detail)

    def _written(self, path: Path) -> None:
        self.written = path
        self._status("✓ " + t("ui.exported", path=str(path)))
        if offer_download(self.app, path):  # in a browser (selfcheck serve): a download
            return
        if self.is_attached:
            reason = why_not(web=self.app.is_web)
            self.query_one("#open", Static).update(t("ui.open_keys") if reason is None else reason)

    def _open(self, path: Path | None) -> None:
        if path is None:
            return
        reason = why_not(web=self.app.is_web)
        if reason is not None:
            self.query_one("#open", Static).update(reason)
            return
        try:
            open_path(path)
        except OSError as exc:
            self.query_one("#open", Static).update("✗ " + t("ui.open_failed", detail=exc.strerror or str(exc)))

    def action_open_file(self) -> None:
        self._open(self.written)

    def action_open_folder(self) -> None:
        self._open(self.written.parent if self.written is not None else None)
