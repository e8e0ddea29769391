"""The full-screen app: a thin face over selfcheck.core (load, score, save are all the core's)."""

from __future__ import annotations

import os
import sys
from functools import partial
from pathlib import Path
from typing import Any, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen

from selfcheck.core.errors import SelfcheckError
from selfcheck.core.storage import Workspace
from selfcheck.i18n import language, set_language, t
from selfcheck.tui.common import BaseScreen, translate_bindings
from selfcheck.tui.session import Session
from selfcheck.tui.settings import load_settings, save_settings


class SaveStateChanged(Message):
    """The open assessment was saved, or saving failed: screens refresh their saved mark."""


class SelfcheckApp(App[int]):
    """selfcheck's app. `path` opens one assessment straight away; otherwise the home list."""

    CSS_PATH = "app.tcss"
    TITLE = "selfcheck"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1,question_mark", "help", "k.help", id="help"),
        Binding("L", "toggle_language", "k.language", show=False, id="language"),
        Binding("ctrl+q", "quit", "k.quit", id="quit", priority=True),
    ]

    RETRY_SECONDS = 5.0
    """After a failed save the newest state is written again this often, until it works."""

    save_state: var[str] = var("saved")
    """"saved", "saving", "error" or "readonly" for the open assessment. A plain `var`: the
    title bar redraws itself on SaveStateChanged, and a reactive would repaint the whole app
    twice per save (11 KB per keystroke over SSH instead of ~2 KB)."""

    def __init__(self, ws: Workspace, path: Path | None = None, *, demo: bool = False) -> None:
        super().__init__()
        self.ws = ws
        self.start_path = path
        self.demo = demo
        self.session: Session | None = None
        self._warned_unsaved: Session | None = None
        self._warned_error = ""
        self.settings = load_settings()
        if os.environ.get("SELFCHECK_LANG") is None and self.settings.get("lang") in ("nl", "en") and not _lang_forced():
            set_language(str(self.settings["lang"]))
        translate_bindings(self)

    def on_mount(self) -> None:
        theme = self.settings.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        from selfcheck.tui.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.start_path is not None:
            self.open_assessment(self.start_path)

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted and theme != self.settings.get("theme"):
            self.settings["theme"] = theme
            save_settings(self.settings)

    # --- sessions

    def open_assessment(self, path: Path, *, item: str | None = None) -> None:
        """Open an assessment on the answering screen (read-only when locked elsewhere)."""
        from selfcheck.tui.answer import AnswerScreen

        self.close_session()
        try:
            self.session = Session.open(self.ws, path)
        except (SelfcheckError, OSError) as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.save_state = self.session.state
        if self.session.read_only:
            self.notify(self.session.read_only_reason, severity="warning", timeout=8)
        self.push_screen(AnswerScreen(self.session, item=item))

    def close_session(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    def request_save(self) -> None:
        """Save the open assessment: serialised here, written durably in a worker thread."""
        s = self.session
        if s is None or s.read_only:
            return
        seq, data = s.prepare()
        self.save_state = "saving"
        self.run_worker(partial(self._write, s, seq, data), thread=True, group="save", exit_on_error=False)

    def _write(self, s: Session, seq: int, data: bytes) -> None:
        try:
            s.write(seq, data)
        except (OSError, SelfcheckError) as exc:
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.call_from_thread(self._save_failed, s, detail)
            return
        self.call_from_thread(self._saved, s)

    def _saved(self, s: Session) -> None:
        from selfcheck.core.storage import now

        if s.written >= s.seq:  # a later save that failed meanwhile keeps its error (and retry)
            s.error = ""
        s.saved_at = now()
        if s is self.session:
            self.save_state = s.state
            self.screen.post_message(SaveStateChanged())

    def _save_failed(self, s: Session, detail: str) -> None:
        s.error = t("s.save_failed", detail=detail)
        if s is self.session:
            self.save_state = "error"
            self.screen.post_message(SaveStateChanged())
            self.notify(s.error + " " + t("ui.save_retry"), severity="error", timeout=6)
            self.set_timer(self.RETRY_SECONDS, self._retry_save)

    def _retry_save(self) -> None:
        if self.session is not None and self.session.error:
            self.request_save()

    # --- global actions

    def action_help(self) -> None:
        from selfcheck.tui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_language(self) -> None:
        set_language("en" if language() == "nl" else "nl")
        self.settings["lang"] = language()
        save_settings(self.settings)
        translate_bindings(self)
        for screen in self.screen_stack:
            if isinstance(screen, BaseScreen):
                screen.relabel()
        self.refresh_bindings()
        self.notify(t("ui.language_now"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of the current screen is also a command in the palette (ctrl+p)."""
        seen: set[str] = set()
        for node in (screen, self):
            for key, bindings in node._bindings.key_to_bindings.items():
                for b in bindings:
                    if not b.description or b.action in seen or b.action.startswith("app.focus"):
                        continue
                    seen.add(b.action)
                    target = node
                    yield SystemCommand(b.description, f"{t('ui.key')}: {_key_label(b.key)}",
                                        partial(self._run_binding, target, b.action))
        # Of Textual's own commands only the theme choice helps here (the ANSI themes follow the
        # terminal's palette); "Screenshot" would write a file on a server, the rest we have.
        yield SystemCommand(t("ui.cmd_theme"), t("ui.cmd_theme_help"), self.action_change_theme)

    async def _run_binding(self, node: Any, action: str) -> None:
        await node.run_action(action)

    def keep_open_unsaved(self) -> bool:
        """Before closing the open assessment (escape, ctrl+q): when its last save failed, try
        once more; when that fails too, say so and keep it open (True). Asked again for the
        same failure, let it close: the person has been told what is lost."""
        s = self.session
        if s is None or s.read_only or not s.error:
            return False
        if s.flush():
            self._saved(s)
            return False
        if self._warned_unsaved is s and self._warned_error == s.error:
            return False
        self._warned_unsaved, self._warned_error = s, s.error
        self.notify(s.error + " " + t("ui.close_unsaved"), severity="error", timeout=10)
        return True

    def action_command_palette(self) -> None:
        # Textual opens the palette unless it is the screen on top; with one lower in the stack
        # (ctrl+p, F1 for help, ctrl+p) a second one with the same id crashes the app.
        if any(isinstance(s, CommandPalette) for s in self.screen_stack):
            return
        super().action_command_palette()

    async def action_quit(self) -> None:
        if self.keep_open_unsaved():
            return
        self.close_session()
        self.exit(0)

    def on_unmount(self) -> None:
        self.close_session()


def _key_label(key: str) -> str:
    return key.split(",")[0].replace("question_mark", "?")


def _lang_forced() -> bool:
    return any(a == "--lang" or a.startswith("--lang=") for a in sys.argv)


def run_app(ws: Workspace, path: Path | None = None, *, mouse: bool = True, demo: bool = False) -> int:
    """Run the app until it exits.

    A hang-up (SIGHUP: the SSH link dropped, the terminal closed) or SIGTERM ends it like
    ctrl+q (see selfcheck/tui/hangup.py). Whatever ended it, the `finally` lets the write in
    flight complete, writes what is still pending and only then releases the lock.
    """
    from selfcheck.tui.hangup import HangupGuard

    app = SelfcheckApp(ws, path, demo=demo)
    guard = HangupGuard(exit_app=lambda: app.exit(0), close=app.close_session)
    guard.install()
    result: int | None = None
    try:
        if guard.signalled is None:  # not hung up while starting
            result = app.run(mouse=mouse)
    except OSError:
        if guard.signalled is None:
            raise
    finally:
        try:
            app.close_session()
        finally:
            guard.finish()
    return 0 if guard.signalled is not None else int(result or 0)
