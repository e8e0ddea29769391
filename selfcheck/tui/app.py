"""The full-screen app: a thin face over selfcheck.core (load, score, save are all the core's)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, Provider
from textual.reactive import var
from textual.screen import Screen

from selfcheck.core.errors import SelfcheckError
from selfcheck.core.session import OpenAssessment
from selfcheck.core.storage import Workspace
from selfcheck.i18n import language, set_language, t
from selfcheck.tui.common import AppBase, BaseScreen, ItemScreen
from selfcheck.tui.hangup import HangupGuard
from selfcheck.tui.home import HomeScreen
from selfcheck.tui.messages import CloseAssessment, OpenFile, SaveRequested, SaveStateChanged, ShowItem
from selfcheck.tui.settings import load_settings, save_settings


def _keys_provider() -> type[Provider]:
    """The palette's keys of the screen (tui/help.py), imported when the palette first opens:
    Textual's COMMANDS take such a callable so that start-up does not import it."""
    from selfcheck.tui.help import KeysProvider

    return KeysProvider


class SelfcheckApp(AppBase):
    """selfcheck's app. `path` opens one assessment straight away; otherwise the home list.

    It owns the open assessment (`session`), its save worker and the navigation between the
    list and the answering screen; screens ask for those with messages (tui/messages.py)."""

    CSS_PATH = "app.tcss"
    TITLE = "selfcheck"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {*AppBase.COMMANDS, _keys_provider}
    BINDINGS = [
        Binding("f1,question_mark", "help", "k.help", id="help"),
        Binding("L", "toggle_language", "k.language", show=False, id="language"),
        Binding("ctrl+q", "quit", "k.quit", show=False, id="quit", priority=True),
    ]

    RETRY_SECONDS = 5.0
    """After a failed save the newest state is written again this often, until it works."""

    save_state: var[str] = var("saved")
    """"saved", "saving", "error" or "readonly" for the open assessment. A plain `var`: the
    title bar redraws itself on SaveStateChanged, and a reactive would repaint the whole app
    twice per save (11 KB per keystroke over SSH instead of ~2 KB)."""

    def __init__(self, ws: Workspace, path: Path | None = None, *, lang: str | None = None) -> None:
        """`lang` is the language the command line asked for (`--lang`); without it, the
        environment's SELFCHECK_LANG or else the language saved in the settings."""
        super().__init__()
        self.ws = ws
        self.start_path = path
        self.session = None
        self._warned_unsaved: OpenAssessment | None = None
        self._warned_error = ""
        self.settings = load_settings()
        if lang is not None:
            set_language(lang)
        elif os.environ.get("SELFCHECK_LANG") is None and self.settings.get("lang") in ("nl", "en"):
            set_language(str(self.settings["lang"]))

    def on_mount(self) -> None:
        theme = self.settings.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.push_screen(HomeScreen())
        if self.start_path is not None:
            self.open_assessment(self.start_path)

    def watch_theme(self, theme: str) -> None:
        if self.is_running and theme != self.settings.get("theme"):
            self.settings["theme"] = theme
            save_settings(self.settings)

    # --- what screens ask for (tui/messages.py)

    def on_open_file(self, message: OpenFile) -> None:
        self.open_assessment(message.path, item=message.item)

    def on_close_assessment(self, message: CloseAssessment) -> None:
        if not isinstance(self.screen, ItemScreen) or self.keep_open_unsaved():
            return
        self.pop_screen()
        self.close_session()

    def on_save_requested(self, message: SaveRequested) -> None:
        if message.session is not self.session:  # closed meanwhile: its close wrote this state
            return
        self.request_save(message.prepared)

    def on_show_item(self, message: ShowItem) -> None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ItemScreen):
                screen.goto(message.item)
                while self.screen is not screen:
                    self.pop_screen()
                return

    def open_assessment(self, path: Path, *, item: str | None = None) -> None:
        """Open an assessment on the answering screen (read-only when locked elsewhere)."""
        # Imported here, not at the top, for start-up time: the answering screen and what it
        # opens (results, plans, export: ~100 ms of imports) are not needed for the home list
        # the app starts on. (tests/test_layering.py counts this import too: it hides no cycle.)
        from selfcheck.tui.answer import AnswerScreen

        self.close_session()
        try:
            self.session = OpenAssessment.open(self.ws, path)
        except (SelfcheckError, OSError) as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.save_state = self.session.state
        if self.session.read_only:
            self.notify(self.session.read_only_reason, severity="warning", timeout=8)
        self.push_screen(AnswerScreen(self.session, item=item))

    def close_session(self) -> None:
        if self.devices is not None:  # voting from phones ends with the assessment: nothing else listens
            self.devices.close_now()
            self.devices = None
        if self.session is not None:
            self.session.close()
            self.session = None

    def request_save(self, prepared: tuple[int, bytes] | None = None) -> None:
        """Save the open assessment: serialised on this thread (unless the screen did so right
        after the change: `prepared`), written durably in a worker thread."""
        s = self.session
        if s is None or s.read_only:
            return
        seq, data = prepared or s.prepare()
        self.save_state = "saving"
        self.run_worker(partial(self._write, s, seq, data), thread=True, group="save", exit_on_error=False)

    def _write(self, s: OpenAssessment, seq: int, data: bytes) -> None:
        try:
            s.write(seq, data)  # the write path records a failure in s.status (and s.error)
        except (OSError, SelfcheckError):
            self.call_from_thread(self._save_failed, s)
            return
        self.call_from_thread(self._saved, s)

    def _saved(self, s: OpenAssessment) -> None:
        if s is self.session:
            self.save_state = s.state
            self.screen.post_message(SaveStateChanged())

    def _save_failed(self, s: OpenAssessment) -> None:
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
        from selfcheck.tui.help import HelpScreen  # imported when first asked for: start-up time

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_language(self) -> None:
        set_language("en" if language() == "nl" else "nl")
        self.settings["lang"] = language()
        save_settings(self.settings)
        for screen in self.screen_stack:
            if isinstance(screen, BaseScreen):
                screen.relabel()
        self.refresh_bindings()
        self.notify(t("ui.language_now"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Of Textual's own commands only the theme choice helps here (the ANSI themes follow the
        terminal's palette); "Screenshot" would write a file on a server, the rest we have. The
        keys of the screen are commands too: `KeysProvider` (tui/help.py)."""
        yield SystemCommand(t("ui.cmd_theme"), t("ui.cmd_theme_help"), self.action_change_theme)

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
        if self.use_command_palette:  # Textual's own would say "Search for commands…"
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("ui.palette_placeholder")))

    def action_help_quit(self) -> None:
        """ctrl+c: Textual says "Do you want to quit? Press ctrl+q to quit the app"; in our words."""
        self.notify(t("ui.quit_how"), title=t("ui.quit_title"))

    async def action_quit(self) -> None:
        if self.keep_open_unsaved():
            return
        self.close_session()
        self.exit(0)

    def on_unmount(self) -> None:
        self.close_session()


def run_app(ws: Workspace, path: Path | None = None, *, mouse: bool = True, lang: str | None = None) -> int:
    """Run the app until it exits.

    A hang-up (SIGHUP: the SSH link dropped, the terminal closed) or SIGTERM ends it like
    ctrl+q (see selfcheck/tui/hangup.py). Whatever ended it, the `finally` lets the write in
    flight complete, writes what is still pending and only then releases the lock.
    """
    app = SelfcheckApp(ws, path, lang=lang)
    from selfcheck import glyphs  # plain fall-backs for a console that shows boxes (issue 17.8)

    mode = glyphs.app_mode(app.settings.get("glyphs"))
    if mode != "unicode" and app.driver_class.__name__ in ("LinuxDriver", "WindowsDriver"):
        app.driver_class = glyphs.plain_driver(app.driver_class, mode)  # not a browser's or a test's
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
