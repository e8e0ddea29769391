"""Issue 17.5: closing the console window (or logging off, shutting down) ends the app cleanly.

Windows calls the SetConsoleCtrlHandler handler on a thread of its own and ends the process
when it returns. The guard's logic runs here against a stand-in for the console API; what stays
untested here is Windows itself delivering the events (see the README's Windows section)."""

from __future__ import annotations

import asyncio
import signal
import socket
import threading
from collections.abc import Callable

import pytest

from selfcheck.tui import hangup
from selfcheck.tui.hangup import CONSOLE_EVENTS, HangupGuard

CTRL_C, CTRL_BREAK, CTRL_CLOSE, CTRL_LOGOFF, CTRL_SHUTDOWN = 0, 1, 2, 5, 6


class FakeConsole:
    """Stands in for kernel32's SetConsoleCtrlHandler: `fire` is Windows sending an event."""

    def __init__(self) -> None:
        self.handler: Callable[[int], bool] | None = None
        self.detached = 0
        self.registrations: list[bool] = []

    def set_handler(self, handler: Callable[[int], bool] | None) -> None:
        self.handler = handler
        self.registrations.append(handler is not None)

    def detach(self) -> None:
        self.detached += 1

    def fire(self, event: int) -> tuple[threading.Thread, list[bool]]:
        assert self.handler is not None, "no handler registered"
        result: list[bool] = []
        handler = self.handler
        thread = threading.Thread(target=lambda: result.append(handler(event)), name="windows-console-event")
        thread.start()
        return thread, result


class App:
    """What run_app does around app.run(): exit on request, then close the session."""

    def __init__(self) -> None:
        self.closed = 0
        self.exited = asyncio.Event()

    def close(self) -> None:
        self.closed += 1


def run_like_run_app(console: FakeConsole, event: int) -> tuple[App, HangupGuard, list[bool]]:
    app = App()
    guard = HangupGuard(exit_app=app.exited.set, close=app.close, console=console)
    guard.install()
    fired: list[tuple[threading.Thread, list[bool]]] = []

    async def main() -> None:
        # Windows' event loop (the proactor) wakes on a signal through signal.set_wakeup_fd;
        # the selector loop here sets none unless asked, so do what the proactor does.
        loop = asyncio.get_running_loop()
        wake_r, wake_w = socket.socketpair()
        wake_r.setblocking(False)
        wake_w.setblocking(False)
        loop.add_reader(wake_r.fileno(), lambda: wake_r.recv(512))
        old = signal.set_wakeup_fd(wake_w.fileno())
        try:
            fired.append(console.fire(event))  # while the app runs, as Windows would
            await app.exited.wait()  # the clean exit, as ctrl+q
        finally:
            signal.set_wakeup_fd(old)
            loop.remove_reader(wake_r.fileno())
            wake_r.close()
            wake_w.close()

    try:
        asyncio.run(main())
    finally:
        app.close()  # run_app's `finally`: the last save, then the lock released
        guard.finish()
    thread, out = fired[0]
    thread.join(30)
    assert not thread.is_alive()
    return app, guard, out


@pytest.mark.parametrize("event", sorted(CONSOLE_EVENTS))
def test_a_close_logoff_or_shutdown_event_ends_the_app_like_ctrl_q(event: int) -> None:
    console = FakeConsole()
    previous = signal.getsignal(signal.SIGTERM)
    app, guard, out = run_like_run_app(console, event)
    assert out == [True], "handled: Windows may end the process now"
    assert app.closed == 1, "saved and unlocked exactly once, by the app's own exit"
    assert guard.console_event == event and guard.terminal_gone and console.detached == 1
    assert console.registrations == [True, False], "registered while the app runs, removed after"
    assert signal.getsignal(signal.SIGTERM) == previous


@pytest.mark.parametrize("event", [CTRL_C, CTRL_BREAK, 7])
def test_ctrl_c_and_ctrl_break_are_left_to_python(event: int) -> None:
    console = FakeConsole()
    app = App()
    guard = HangupGuard(exit_app=app.exited.set, close=app.close, console=console)
    guard.install()
    try:
        assert guard.on_console_event(event) is False
    finally:
        guard.finish()
    assert app.closed == 0 and guard.console_event is None and console.detached == 0


def test_an_app_that_does_not_stop_is_saved_and_unlocked_by_the_handler(monkeypatch) -> None:
    """Windows ends the process 5 s after a close event: the handler saves before that."""
    monkeypatch.setattr(hangup, "CONSOLE_SECONDS", 0.05)
    console = FakeConsole()
    app = App()
    guard = HangupGuard(exit_app=lambda: None, close=app.close, console=console)
    # not installed on the main thread's signals: no SIGTERM handler to hand over to
    console.set_handler(guard.on_console_event)
    thread, out = console.fire(CTRL_CLOSE)
    thread.join(30)
    assert out == [True] and app.closed == 1 and console.detached == 1
    guard.finish()


def test_a_failing_save_still_lets_windows_end_the_process(monkeypatch) -> None:
    monkeypatch.setattr(hangup, "CONSOLE_SECONDS", 0.01)

    def broken() -> None:
        raise OSError("disk gone")

    console = FakeConsole()
    guard = HangupGuard(exit_app=lambda: None, close=broken, console=console)
    console.set_handler(guard.on_console_event)
    thread, out = console.fire(CTRL_SHUTDOWN)
    thread.join(30)
    assert out == [True]


def test_no_console_api_is_made_off_windows() -> None:
    guard = HangupGuard(exit_app=lambda: None, close=lambda: None)
    assert guard._console is None  # ctypes' WinDLL exists on Windows only


def test_the_ctypes_part_registers_removes_and_keeps_its_callbacks(monkeypatch) -> None:
    """WindowsConsole against a stand-in for ctypes' WinDLL and WINFUNCTYPE."""
    import ctypes

    calls: list[tuple[object, bool]] = []

    class Kernel32:
        def SetConsoleCtrlHandler(self, callback: object, add: bool) -> int:  # noqa: N802 - the Windows name
            calls.append((callback, add))
            return 1

    monkeypatch.setattr(ctypes, "WinDLL", lambda name, **kw: Kernel32(), raising=False)
    monkeypatch.setattr(ctypes, "WINFUNCTYPE", lambda *types: lambda fn: fn, raising=False)
    console = hangup.WindowsConsole()
    seen: list[int] = []
    console.set_handler(lambda event: seen.append(event) or event == CTRL_CLOSE)
    ((callback, added),) = calls
    assert added and callback in hangup._KEPT
    assert callback(CTRL_CLOSE) is True and callback(CTRL_C) is False and seen == [CTRL_CLOSE, CTRL_C]

    def broken(event: int) -> bool:
        raise RuntimeError("boom")

    console.set_handler(broken)
    assert calls[1] == (callback, False) and calls[2][1] is True
    assert calls[2][0](CTRL_CLOSE) is False, "nothing escapes into Windows' thread"
    console.set_handler(None)
    assert calls[3] == (calls[2][0], False) and len(calls) == 4
    assert callback in hangup._KEPT and calls[2][0] in hangup._KEPT, "kept after removal"
