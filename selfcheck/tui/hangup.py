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
"""

from __future__ import annotations

import asyncio
import errno
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any, Callable

WATCHDOG_SECONDS = 10.0
"""How long the app may take to stop after a hang-up before the process is ended anyway."""


class HangupGuard:
    """Catches SIGHUP and SIGTERM while the app runs and turns them into a clean exit.

    `install()` before `app.run()`, `finish()` after the session was closed. `close` is
    what saves and unlocks (the app's `close_session`); the watchdog calls it too.
    """

    def __init__(self, exit_app: Callable[[], None], close: Callable[[], None]) -> None:
        self._exit_app = exit_app
        self._close = close
        self.signalled: int | None = None
        """The signal that ended the app, if one did."""
        self.terminal_gone = False
        self._previous: dict[int, Any] = {}
        self._finished = threading.Event()

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

    def uninstall(self) -> None:
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
