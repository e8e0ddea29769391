"""Export from the app: pick a format, the core writes the report, the path is shown."""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import WorkerState

from selfcheck.core.errors import SelfcheckError
from selfcheck.core.scoring import latest_per_questionnaire
from selfcheck.i18n import t
from selfcheck.tui.common import Dialog, translate_bindings
from selfcheck.tui.session import Session

FORMATS = ("html", "pdf", "md", "csv", "json")


class ExportDialog(Dialog[None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "k.cancel")]

    def __init__(self, session: Session, *, combined: bool = False) -> None:
        super().__init__()
        self.session = session
        self.combined = combined
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("ui.export_title"), classes="dialog-text")
            yield OptionList(*[Option(t("ui.format_" + f), id=f) for f in FORMATS], id="formats")
            yield Label("", id="result")
            yield Label(t("ui.enter_escape"), classes="hint")

    def on_mount(self) -> None:
        formats = self.query_one("#formats", OptionList)
        formats.highlighted = 0
        formats.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        fmt = event.option.id or "html"
        self.app.request_save()  # type: ignore[attr-defined]
        self.run_worker(self._export(fmt), exclusive=True)

    async def _export(self, fmt: str) -> None:
        from selfcheck.core.export import export_files

        # Wait for the saves in flight by looking, not with Worker.wait(): when this dialog closes
        # meanwhile, Textual 8.2 would mark the *save* worker cancelled and fail this one.
        saves = [w for w in self.app.workers if w.group == "save"]
        while any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in saves):
            await asyncio.sleep(0.01)
        s = self.session
        files = [s.assessment.path]
        if self.combined:
            others, _ = s.ws.load_all()
            files += [a.path for a in latest_per_questionnaire(others, s.assessment.organisation)
                      if a.questionnaire != s.assessment.questionnaire]
        label = self.query_one("#result", Label)
        try:
            path = export_files(s.ws, [f for f in files if f is not None], fmt, None, framework=s.framework.id)
        except (SelfcheckError, OSError) as exc:
            label.update("✗ " + str(exc))
            return
        path = path.resolve()  # the full path: the folder may be one the user never opened
        label.update("✓ " + t("ui.exported", path=str(path)))
        self.app.notify(t("ui.exported", path=str(path)), timeout=10)
        from selfcheck.tui.web import offer_download

        offer_download(self.app, path)  # in a browser (selfcheck serve): a download
