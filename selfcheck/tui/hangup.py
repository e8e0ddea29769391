"""Ending the app cleanly when its terminal goes away (an SSH link drops, a window is closed).

The kernel tells a process that its terminal hung up with SIGHUP; a system shutdown or a
plain `kill` sends SIGTERM. Both end the app as ctrl+q does: the app exits, the write in
flight completes, the newest state is written and the edit lock is released (`run_app`
does the last two in its `finally`, through `Session.close`).

What Textual does on its own (8.2): nothing for SIGHUP, so by default the process is killed
mid-write and leaves its lock behind. With the signal caught instead, a hung-up terminal
still bites: reads from it return end-of-file at once (Textual's input thread spins on
them) and writes fail with EIO, which kills Textual's writer thread; after 30 more frames
the app would block forever on its full output queue. So when the terminal is really gone
we point stdin/stdout/stderr at /dev/null first: the exit sequence then "writes" into the
void and cannot fail or block. When the terminal is still there (a `kill -HUP` from another
shell) we leave it alone, so Textual's normal exit switches mouse reporting and the
alternate screen off again. A watchdog ends the process after a deadline should the app
not stop anyway, after saving what it can.

Windows has no SIGHUP: closing the console window or tab, logging off and shutting down send
a console control event (CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT) to a
handler registered with SetConsoleCtrlHandler, on a thread of its own; when the handler
returns (or after 5 seconds for a close), Windows ends the process. `on_console_event` turns
the event into the same clean exit (through SIGTERM's handler, so on the main thread) and
holds Windows off until the session is closed, or saves and unlocks itself if the app does
not stop in time. The ctypes part (`WindowsConsole`) is made only on Windows; the logic runs
on any platform against a stand-in with the same two methods (tests/test_windows_console.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any, Protocol

WATCHDOG_SECONDS = 10.0
"""How long the app may take to stop after a hang-up before the process is ended anyway."""

CONSOLE_EVENTS = {2: "CTRL_CLOSE_EVENT", 5: "CTRL_LOGOFF_EVENT", 6: "CTRL_SHUTDOWN_EVENT"}
"""The Windows console control events that end the process (ctrl+c and ctrl+break are not
among them: Python and the app handle those keys)."""
CONSOLE_SECONDS = 4.0
"""How long a console event's handler waits for the app's clean exit before it saves and
unlocks itself: Windows ends the process 5 seconds after a close event."""


class ConsoleApi(Protocol):
    """What the guard needs of Windows' console: SetConsoleCtrlHandler, and a way off it."""

    def set_handler(self, handler: Callable[[int], bool] | None) -> None: ...

    def detach(self) -> None: ...


_KEPT: list[Any] = []
"""Every console callback made, referenced for the life of the process: Windows may still run
one on its own thread after it was removed (or its guard was collected), and a collected
callback would crash the process."""


class WindowsConsole:
    """SetConsoleCtrlHandler through ctypes (Windows only: only made there)."""

    def __init__(self) -> None:
        import ctypes
        from ctypes import wintypes

        self._kernel32: Any = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        self._prototype: Any = ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.DWORD)  # type: ignore[attr-defined]
        self._registered: Any = None

    def set_handler(self, handler: Callable[[int], bool] | None) -> None:
        if self._registered is not None:
            self._kernel32.SetConsoleCtrlHandler(self._registered, False)
            self._registered = None
        if handler is None:
            return

        def on_event(event: int) -> bool:
            try:
                return bool(handler(int(event)))
            except BaseException:  # noqa: BLE001 - nothing may escape into Windows' thread
                return False

        self._registered = self._prototype(on_event)
        _KEPT.append(self._registered)
        if not self._kernel32.SetConsoleCtrlHandler(self._registered, True):
            self._registered = None

    def detach(self) -> None:
        # Nothing: the console stays until the process ends (Windows waits for the handler),
        # so the exit can still write to it. Pointing fd 1 at NUL instead would make the
        # console writer's next WriteConsoleW fail (NUL is no console), which is worse.
        return


class HangupGuard:
    """Catches SIGHUP and SIGTERM while the app runs and turns them into a clean exit.

    `install()` before `app.run()`, `finish()` after the session was closed. `close` is
    what saves and unlocks (the app's `close_session`); the watchdog calls it too.
    """

    def __init__(
        self, exit_app: Callable[[], None], close: Callable[[], None], console: ConsoleApi | None = None
    ) -> None:
        self._exit_app = exit_app
        self._close = close
        self.signalled: int | None = None
        """The signal that ended the app, if one did."""
        self.terminal_gone = False
        self.console_event: int | None = None
        """The Windows console event (close, logoff, shutdown) that ended the app, if one did."""
        self._previous: dict[int, Any] = {}
        self._finished = threading.Event()
        self._console = console
        if console is None and sys.platform == "win32":  # pragma: no cover - Windows
            try:
                self._console = WindowsConsole()
            except (OSError, AttributeError):
                self._console = None

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # signal handlers can only be set from the main thread (e.g. in tests)
        for name in ("SIGHUP", "SIGTERM"):
            signum = getattr(signal, name, None)  # Windows has no SIGHUP
            if signum is None:
                continue
            previous = signal.getsignal(signum)
            if name == "SIGHUP" and previous == signal.SIG_IGN:
                continue  # started under nohup: the user asked to survive hang-ups
            try:
                signal.signal(signum, self._on_signal)
            except (ValueError, OSError):  # pragma: no cover - not allowed here
                continue
            self._previous[signum] = previous
        if self._console is not None:
            self._console.set_handler(self.on_console_event)

    def uninstall(self) -> None:
        if self._console is not None:
            self._console.set_handler(None)
        for signum, previous in self._previous.items():
            try:
                signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
            except (ValueError, OSError):  # pragma: no cover
                pass
        self._previous.clear()

    def finish(self) -> None:
        """The app stopped and the session is closed: the watchdog may stand down."""
        self.uninstall()
        self._finished.set()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # Runs on the main thread, between two bytecodes of whatever it was doing (usually the
        # event loop waiting for input): only set flags and hand over to the loop.
        if self.signalled is not None:
            return
        self.signalled = signum
        if terminal_gone():
            self.terminal_gone = True
            detach_from_terminal()
        threading.Thread(target=self._watchdog, name="selfcheck-hangup", daemon=True).start()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # the app is not running (yet, or any more): run_app's `finally` does the rest
        loop.call_soon_threadsafe(self._exit_app)

    def on_console_event(self, event: int) -> bool:
        """Windows' console handler (on a thread Windows made): True when the event is ours.

        The process ends as soon as this returns, so it returns only once the session is closed
        (saved, unlocked): by the app's clean exit, or by itself after CONSOLE_SECONDS."""
        if event not in CONSOLE_EVENTS:
            return False  # ctrl+c, ctrl+break: the next handler's (Python's)
        if self.console_event is None and self.signalled is None:
            self.console_event = event
            self.terminal_gone = True
            if self._console is not None:
                self._console.detach()
            sigterm = getattr(signal, "SIGTERM", None)
            if sigterm in self._previous:
                signal.raise_signal(sigterm)  # SIGTERM's handler: the clean exit, on the main thread
        if not self._finished.wait(CONSOLE_SECONDS):
            # The app did not stop in time (or was not running): save and unlock from here;
            # whatever fails, Windows ends the process next anyway.
            with contextlib.suppress(Exception):
                self._close()
        return True

    def _watchdog(self) -> None:
        if self._finished.wait(WATCHDOG_SECONDS):
            return
        try:  # the app did not stop: save what is pending from here and end the process
            self._close()
        finally:
            os._exit(0)


def terminal_gone() -> bool:
    """True when the terminal the app draws on has hung up (its file descriptors give EIO)."""
    try:
        import termios
    except ImportError:  # pragma: no cover - Windows
        return False
    for fd in (sys.__stdin__, sys.__stderr__):
        if fd is None:
            continue
        try:
            termios.tcgetattr(fd.fileno())
        except termios.error as exc:
            if exc.args and exc.args[0] in (errno.EIO, errno.ENXIO, errno.EBADF):
                return True
        except (OSError, ValueError):
            return True
    return False


def detach_from_terminal() -> None:
    """Point stdin, stdout and stderr at /dev/null, so the exit neither fails nor blocks."""
    try:
        null = os.open(os.devnull, os.O_RDWR)
    except OSError:  # pragma: no cover
        return
    for fd in (0, 1, 2):
        try:
            os.dup2(null, fd)
        except OSError:  # pragma: no cover
            pass
    os.close(null)
