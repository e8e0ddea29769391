"""Kill selfcheck with SIGKILL at random moments while answers are given, and check what survives.

Shared by tests/robustness/test_kill.py (CI: a few hundred kills) and benchmarks/bench_kill.py
(thousands). Two ways in, both the real program:

- `selfcheck answer FILE` with piped input. "Reported saved" is every answer whose line
  `opgeslagen: ID = VALUE` was read from its output before the kill (or after: what it printed
  before it died counts too).
- the full-screen app, `selfcheck open FILE`, in a pseudo-terminal (TERM=xterm-256color, 80x24),
  driven with digit and arrow keys. "Reported saved" is what the file held at a read made
  before the kill, and beyond that whatever the app's own saved mark acknowledged: once the
  screen as painted (rows rebuilt from the terminal output) shows the progress line counting
  the k-th answer and, painted after that line, the title saying "✓ opgeslagen HH:MM:SS", the
  app has said that answer is on disk.

After every kill: each answer reported saved is in the file with its value (and no answer that
was never given is), the file loads and validates, the killed process's lock is recognised as
stale, and the next start works: it takes the lock over and removes the temporary files the
killed writer left.

Starting Python and importing Textual costs 0.2-0.4 s per process. A fork server (`Zygote`)
imports selfcheck and Textual once; each run is a fork of it that becomes `selfcheck ...` by
calling `selfcheck.cli.main(argv)` in a fresh session with its own stdin/stdout/stderr (pipes,
or a pseudo-terminal as controlling terminal). What runs is the same code as the installed
command; only the imports are shared. Some runs exec the real `selfcheck` command instead, so
the plain entry point is killed too.
"""

from __future__ import annotations

import json
import os
import queue
import random
import re
import selectors
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

try:  # POSIX only; on Windows the module still imports, so test collection works there
    import fcntl
    import termios
except ImportError:  # pragma: no cover - Windows
    fcntl = termios = None  # type: ignore[assignment]

POSIX = fcntl is not None and termios is not None and hasattr(os, "fork") and hasattr(signal, "SIGKILL")
"""True where this harness can run: fork, SIGKILL and pseudo-terminals (fcntl, termios)."""
POSIX_REASON = "POSIX only: needs fork, SIGKILL and a pseudo-terminal (fcntl, termios), which Windows lacks"

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SELFCHECK = VENV_BIN / "selfcheck"
QID = "inwoners-betrekken"
ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=$]*[a-zA-Z~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1bP.*?\x1b\\|\x1b\].*?(?:\x07|\x1b\\)", re.S
)
SAVED_MARK = re.compile(r"✓ opgeslagen \d\d:\d\d:\d\d")
PROGRESS = re.compile(r"(?<!\d)(\d+) van (\d+) beantwoord")
CUP = re.compile(rb"\x1b\[(\d+);(\d+)H")
SAVING_MARK = "opslaan…"
RIGHT = b"\x1b[C"
LEFT = b"\x1b[D"
KEY_OF = {0: b"0", 1: b"1", 2: b"2", 3: b"3", "nvt": b"n", "weet-niet": b"w"}
LINE_OF = {0: "0", 1: "1", 2: "2", 3: "3", "nvt": "n", "weet-niet": "w"}
NOTES = ["", "", "", "notitie", "één 🙂", 'met "quotes"', "back\\slash", "# geen commentaar", "x" * 300]


# --------------------------------------------------------------------------- the fork server


ZYGOTE_CODE = r"""
import sys
sys.path.insert(0, sys.argv[1])
import killharness
killharness.zygote_main(int(sys.argv[2]))
"""


def zygote_main(fd: int) -> None:
    """The fork server's loop: import once, then fork one `selfcheck` per request.

    Requests arrive on a SOCK_SEQPACKET socket as JSON with the child's fds attached; the
    answer is the child's pid, and later a message when it ended (its wait status). No
    threads here: forking a process with threads is unsafe.
    """
    import traceback

    import textual.drivers.linux_driver  # noqa: F401

    import selfcheck.cli  # noqa: F401 - the warm-up is the point
    import selfcheck.core.assessment  # noqa: F401
    import selfcheck.core.scoring  # noqa: F401
    import selfcheck.core.storage  # noqa: F401
    import selfcheck.tui.answer  # noqa: F401
    import selfcheck.tui.app  # noqa: F401
    import selfcheck.tui.home  # noqa: F401

    sock = socket.socket(fileno=fd)
    sel = selectors.DefaultSelector()
    sel.register(sock, selectors.EVENT_READ)
    children: set[int] = set()
    while True:
        for _key, _ev in sel.select(timeout=0.005 if children else 0.5):
            msg, fds, _flags, _addr = socket.recv_fds(sock, 65536, 8)
            if not msg:
                for pid in children:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                os._exit(0)
            req = json.loads(msg)
            pid = os.fork()
            if pid == 0:  # the child: become `selfcheck ARGS`
                code = 70
                try:
                    sock.close()
                    os.setsid()
                    if req.get("pty"):
                        fcntl.ioctl(fds[0], termios.TIOCSCTTY, 0)
                        targets = [fds[0]] * 3
                    else:
                        targets = fds[:3]
                    for n, src in enumerate(targets):
                        os.dup2(src, n)
                    for src in set(fds):
                        if src > 2:
                            os.close(src)
                    os.environ.clear()
                    os.environ.update(req["env"])
                    os.chdir(req["cwd"])
                    sys.argv = ["selfcheck", *req["argv"]]
                    sys.stdout.reconfigure(line_buffering=os.isatty(1))
                    from selfcheck.cli import main

                    code = main(req["argv"])
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else 1
                except BaseException:
                    traceback.print_exc()
                finally:
                    try:
                        sys.stdout.flush()
                        sys.stderr.flush()
                    finally:
                        os._exit(int(code or 0))
            for src in fds:
                os.close(src)
            children.add(pid)
            sock.send(json.dumps({"pid": pid}).encode())
        for pid in list(children):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                children.discard(pid)
                sock.send(json.dumps({"exit": pid, "status": status}).encode())


class Zygote:
    """The test's side of the fork server: `spawn()` returns a pid; `wait(pid)` its wait status."""

    def __init__(self, env: dict[str, str]) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock = ours
        self.proc = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE_CODE, str(Path(__file__).parent), str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.replies: queue.Queue[int] = queue.Queue()
        self.exits: dict[int, int] = {}
        self.cond = threading.Condition()
        self.spawn_lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                msg = self.sock.recv(65536)
            except OSError:
                return
            if not msg:
                return
            data = json.loads(msg)
            if "pid" in data:
                self.replies.put(data["pid"])
            else:
                with self.cond:
                    self.exits[data["exit"]] = data["status"]
                    self.cond.notify_all()

    def spawn(
        self, argv: list[str], env: dict[str, str], fds: list[int], *, pty: bool = False, cwd: Path = ROOT
    ) -> int:
        with self.spawn_lock:
            req = json.dumps({"argv": argv, "env": env, "cwd": str(cwd), "pty": pty}).encode()
            socket.send_fds(self.sock, [req], fds)
            return self.replies.get(timeout=30)

    def wait(self, pid: int, timeout: float = 30) -> int:
        """The wait status of a child (as from os.waitpid), once it ended."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while pid not in self.exits:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"child {pid} did not end")
                self.cond.wait(left)
            return self.exits.pop(pid)

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the reader thread; the server sees the end
        except OSError:
            pass
        self.sock.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()
            self.proc.wait()


# --------------------------------------------------------------------------- processes


class Child:
    """One `selfcheck` process: through the fork server or a real exec; pipes or a pty."""

    def __init__(
        self, argv: list[str], env: dict[str, str], *, zygote: Zygote | None, pty: bool, umask: int | None = None
    ) -> None:
        self.zygote = zygote
        self.pty = pty
        self.status: int | None = None
        self._buf = bytearray()
        self._lock = threading.Lock()
        self.started = time.monotonic()
        self.stdin_fd: int | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        if pty:
            master, slave = os.openpty()
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            self.fd = master
            if zygote is not None:
                self.pid = zygote.spawn(argv, env, [slave], pty=True)
            else:

                def become_terminal_owner() -> None:
                    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
                    if umask is not None:
                        os.umask(umask)

                self.proc = subprocess.Popen(
                    [str(SELFCHECK), *argv],
                    stdin=slave,
                    stdout=slave,
                    stderr=slave,
                    env=env,
                    cwd=ROOT,
                    start_new_session=True,
                    preexec_fn=become_terminal_owner,
                )
                self.pid = self.proc.pid
            os.close(slave)
            self.stdin_fd = master
        else:
            in_r, in_w = os.pipe()
            out_r, out_w = os.pipe()
            err_r, err_w = os.pipe()
            if zygote is not None:
                self.pid = zygote.spawn(argv, env, [in_r, out_w, err_w])
            else:
                self.proc = subprocess.Popen(
                    [str(SELFCHECK), *argv],
                    stdin=in_r,
                    stdout=out_w,
                    stderr=err_w,
                    env=env,
                    cwd=ROOT,
                    start_new_session=True,
                )
                self.pid = self.proc.pid
            for fd in (in_r, out_w, err_w):
                os.close(fd)
            self.stdin_fd = in_w
            self.fd = out_r
            self.err_fd = err_r
            self._err = bytearray()
            threading.Thread(target=self._drain_err, daemon=True).start()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                break
            if not data:
                break
            with self._lock:
                self._buf.extend(data)

    def _drain_err(self) -> None:
        while True:
            try:
                data = os.read(self.err_fd, 65536)
            except OSError:
                break
            if not data:
                break
            self._err.extend(data)

    @property
    def raw(self) -> bytes:
        with self._lock:
            return bytes(self._buf)

    def text(self, start: int = 0) -> str:
        return ANSI.sub(b"", self.raw[start:]).decode("utf-8", "replace")

    def screen(self) -> dict[int, str]:
        """The terminal's rows as last painted (row 1 is the top), from the output so far.

        Textual paints a frame as whole rows, each after a cursor move to its start
        (ESC [ row ; col H), top row first. Output is read up to the last cursor move, so a
        row still arriving is never half taken.
        """
        raw = self.raw
        if not hasattr(self, "_rows"):
            self._rows: dict[int, str] = {}
            self.painted_at: dict[int, int] = {}
            """Where in the output each row was last written to (a byte offset)."""
            self._parsed = 0
        moves = list(CUP.finditer(raw, self._parsed))
        if len(moves) < 2:
            return self._rows
        for move, nxt in zip(moves, moves[1:]):
            row, col = int(move.group(1)), int(move.group(2))
            text = ANSI.sub(b"", raw[move.end() : nxt.start()]).decode("utf-8", "replace").split("\r\n")[0]
            if text:
                self.painted_at[row] = move.start()
            old = self._rows.get(row, "")
            self._rows[row] = (
                (old[: col - 1].ljust(col - 1) + text + old[col - 1 + len(text) :])
                if col > 1
                else text + old[len(text) :]
            )
        self._parsed = moves[-1].start()
        return self._rows

    def send(self, data: bytes) -> None:
        assert self.stdin_fd is not None
        os.write(self.stdin_fd, data)

    def kill(self) -> int:
        """SIGKILL, then wait until the process is really gone; returns its wait status."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return self.wait()

    def wait(self, timeout: float = 30) -> int:
        if self.status is None:
            if self.zygote is not None:
                self.status = self.zygote.wait(self.pid, timeout)
            else:
                assert self.proc is not None
                self.proc.wait(timeout)
                rc = self.proc.returncode
                self.status = (-rc) if rc < 0 else (rc << 8)
        return self.status

    def ended(self) -> bool:
        """The process ended by itself (exec'd runs only)."""
        assert self.proc is not None
        return self.proc.poll() is not None

    def close(self) -> None:
        for fd in {self.fd, self.stdin_fd, getattr(self, "err_fd", None)}:
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass

    @property
    def stderr(self) -> str:
        return bytes(getattr(self, "_err", b"")).decode("utf-8", "replace")


def wait_until(predicate: Callable[[], object], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.003)
    return bool(predicate())


# --------------------------------------------------------------------------- checking


@dataclass
class Totals:
    kills: int = 0
    survived: int = 0
    answer_kills: int = 0
    app_kills: int = 0
    via_exec: int = 0
    killed_in_startup: int = 0
    killed_with_save_in_flight: int = 0
    answers_reported_saved: int = 0
    answers_acknowledged_by_app: int = 0
    answers_found_beyond_report: int = 0
    stale_locks_taken_over: int = 0
    temp_files_left_by_kills: int = 0
    temp_files_removed_on_next_start: int = 0
    temp_files_removed_by_listing: int = 0
    rounds: int = 1
    files: list[str] = field(default_factory=list)

    def line(self, seed: int, seconds: float) -> str:
        return (
            f"kill harness (seed {seed}): {self.kills} SIGKILLs, {self.survived} survived "
            f"({self.answer_kills} `selfcheck answer`, {self.app_kills} full-screen app in a pty; "
            f"{self.via_exec} of them the exec'd command, the rest forks of one warmed-up interpreter); "
            f"{self.killed_in_startup} during start-up, {self.killed_with_save_in_flight} with a save in flight; "
            f"{self.answers_reported_saved} answers reported saved, all found "
            f"({self.answers_acknowledged_by_app} by the app's saved mark, "
            f"{self.answers_found_beyond_report} more on disk than reported); "
            f"{self.stale_locks_taken_over} stale locks taken over, {self.temp_files_left_by_kills} temporary files "
            f"left by kills: {self.temp_files_removed_on_next_start} removed by the next start, "
            f"{self.temp_files_removed_by_listing} by the listing; "
            f"{self.rounds} assessment files; {seconds:.1f} s"
        )


class KillError(AssertionError):
    pass


def temp_files(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.") and p.name.endswith(".tmp")}


class Campaign:
    """A series of kills on the assessment files of one workspace; see the module docstring."""

    def __init__(
        self,
        ws_root: Path,
        env: dict[str, str],
        seed: int,
        *,
        zygote: Zygote | None,
        exec_share: float = 0.1,
        log: Callable[[str], None] | None = None,
    ) -> None:
        from selfcheck.core.storage import Workspace

        self.ws = Workspace(ws_root)
        self.ws.ensure()
        self.env = dict(env)
        self.rng = random.Random(seed)
        self.seed = seed
        self.zygote = zygote
        self.exec_share = exec_share
        self.log = log or (lambda s: None)
        self.q = self.ws.library.questionnaires[QID]
        self.items = [i.id for i in self.q.items]
        self.totals = Totals(rounds=0)
        self.path = self._new_file()
        self.expected: dict[str, tuple[object, str]] = {}  # reported saved: item -> (score, note)
        self.given: dict[str, tuple[object, str]] = {}  # ever given (the file may hold these only)
        self.killed: set[int] = set()
        self.pending_temps: set[str] = set()
        self.checks = 0
        self.last_output = ""
        self.rotated_temps: set[Path] = set()  # left in files no longer answered: the listing removes them

    def _new_file(self) -> Path:
        from selfcheck.core.model import Assessment

        self.totals.rounds += 1
        n = self.totals.rounds
        a = Assessment(
            questionnaire=QID,
            questionnaire_version=self.q.version,
            organisation=f"Gemeente Kill {n}",
            date=date(2026, 1, 1),
        )
        path = self.ws.save(a)
        self.totals.files.append(path.name)
        return path

    def _open_items(self) -> list[str]:
        a = self.ws.load(self.path)
        return [i for i in self.items if a.answer(i).score is None]

    def _next_file_if_done(self) -> list[str]:
        """The open items; a new file when fewer than two are left (`answer` ends by itself
        after the last open item, and a kill must find it running)."""
        open_items = self._open_items()
        if len(open_items) < 2:
            self.path = self._new_file()
            self.expected, self.given = {}, {}
            self.rotated_temps |= {self.path.parent / n for n in self.pending_temps}
            self.pending_temps = set()
            open_items = list(self.items)
        return open_items

    def _spawn(self, argv: list[str], *, pty: bool) -> Child:
        use_exec = self.zygote is None or self.rng.random() < self.exec_share
        child = Child(argv, self.env, zygote=None if use_exec else self.zygote, pty=pty)
        if use_exec:
            self.totals.via_exec += 1
        return child

    # --- after a kill

    def check(self, status: int, pid: int, reported: dict[str, tuple[object, str]], what: str) -> None:
        from selfcheck.core.assessment import load_assessment
        from selfcheck.core.storage import Lock
        from selfcheck.core.validate import validate_paths

        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            raise KillError(
                f"{what}: process {pid} ended by itself before the kill (status {status}): {self.last_output[-3000:]}"
            )
        self.killed.add(pid)
        self.totals.kills += 1
        self.expected.update(reported)
        a, c = load_assessment(self.path, self.ws.library)
        if a is None:
            raise KillError(f"{what}: {self.path.name} does not load after the kill: {[str(p) for p in c.problems]}")
        for item, (score, note) in self.expected.items():
            ans = a.answers.get(item)
            if ans is None or ans.score != score or ans.note != note:
                raise KillError(
                    f"{what}: answer {item} = {score!r} was reported saved, the file has "
                    f"{None if ans is None else (ans.score, ans.note)!r}"
                )
        for item, ans in a.answers.items():
            if ans.score is not None and item not in self.given:
                raise KillError(f"{what}: the file holds {item} = {ans.score!r}, which was never given")
            if ans.score is not None and (ans.score, ans.note) != self.given[item]:
                raise KillError(
                    f"{what}: the file holds {item} = {(ans.score, ans.note)!r}, given was {self.given[item]!r}"
                )
        beyond = {i for i, ans in a.answers.items() if ans.score is not None} - set(self.expected)
        self.totals.answers_found_beyond_report += len(beyond)
        for item in beyond:  # on disk now: from here on it must stay
            self.expected[item] = self.given[item]
        self.checks += 1
        if self.checks % 10 == 1:  # the full validator is slower; every tenth kill
            problems, _n = validate_paths(self.ws, [self.path])
            errors = [str(p) for p in problems if p.severity == "error"]
            if errors:
                raise KillError(f"{what}: validation fails after the kill: {errors}")
        lock = Lock.for_file(self.path)
        info = lock.info()
        if info is not None and not lock.stale(info):
            raise KillError(f"{what}: the lock of killed process {info.get('pid')} is not recognised as stale")
        left = temp_files(self.path)
        # Gone since the last kill: removed by a start in between (which was killed in turn).
        self.totals.temp_files_removed_on_next_start += len(self.pending_temps - left)
        self.totals.temp_files_left_by_kills += len(left - self.pending_temps)
        self.pending_temps = left
        if any(p.name.endswith(".tmp") or p.name.endswith(".lock") for p in self.ws.assessment_files()):
            raise KillError(f"{what}: a leftover file is listed as an assessment")
        self.totals.survived += 1

    def after_start(self, child: Child) -> None:
        """The next process is up and holds the lock: the killed writers' leftovers are gone."""
        from selfcheck.core.storage import Lock

        info = Lock.for_file(self.path).info()
        if info is None or info.get("pid") != child.pid:
            raise KillError(f"the new process {child.pid} does not hold the lock: {info}")
        if self.pending_temps:
            left = temp_files(self.path)
            stale = {n for n in left & self.pending_temps}
            if stale:
                raise KillError(
                    f"temporary files of killed writers were not removed on the next start: {sorted(stale)}"
                )
            self.totals.temp_files_removed_on_next_start += len(self.pending_temps)
            self.pending_temps = set()

    # --- `selfcheck answer` with piped input

    def answer_round(self) -> None:
        rng = self.rng
        open_items = self._next_file_if_done()
        had_lock = Lock_exists(self.path)
        planned = []
        for item in open_items[: rng.randint(1, min(len(open_items) - 1, 8))]:
            value = rng.choice([0, 1, 2, 3, 0, 1, 2, 3, "nvt", "weet-niet"])
            note = rng.choice(NOTES)
            planned.append((item, value, note))
        for item, value, note in planned:
            self.given[item] = (value, note)
        mode = rng.choice(["startup", "after-saves", "after-saves", "mid-save", "timed"])
        child = self._spawn(["answer", str(self.path)], pty=False)
        text = "".join(LINE_OF[v] + (" " + n if n else "") + "\n" for _i, v, n in planned)
        reported: dict[str, tuple[object, str]] = {}
        started = False
        try:
            child.send(text.encode("utf-8"))
            if mode == "startup":
                time.sleep(rng.uniform(0, 0.12))
            elif mode == "timed":
                time.sleep(rng.uniform(0, 0.25))
            else:
                want = rng.randint(0 if mode == "after-saves" else 1, len(planned))
                if wait_until(lambda: b"antwoord> " in child.raw, 15):
                    self.after_start(child)
                wait_until(lambda: child.raw.count(b"opgeslagen: ") >= want, 15)
                if mode == "mid-save":
                    time.sleep(rng.uniform(0, 0.004))
        finally:
            started = b"antwoord> " in child.raw
            in_flight = bool(temp_files(self.path) - self.pending_temps)
            status = child.kill()
        out = child.raw.decode("utf-8", "replace")
        self.last_output = out + child.stderr
        child.close()
        for line in out.splitlines():
            if "opgeslagen: " in line:
                item = line.split("opgeslagen: ", 1)[1].split(" = ", 1)[0]
                match = next((p for p in planned if p[0] == item), None)
                if match is None:
                    raise KillError(f"`answer` reported saving {item}, which was not asked")
                reported[item] = (match[1], match[2])
        order = [p[0] for p in planned]
        if list(reported) != order[: len(reported)]:
            raise KillError(f"`answer` saved out of order: {list(reported)} vs {order}")
        if not started:
            self.totals.killed_in_startup += 1
        if in_flight:
            self.totals.killed_with_save_in_flight += 1
        if had_lock and started:
            self.totals.stale_locks_taken_over += 1
        self.totals.answer_kills += 1
        self.totals.answers_reported_saved += len(reported)
        self.check(status, child.pid, reported, f"answer kill {self.totals.kills + 1} ({mode})")

    # --- the full-screen app in a pty

    def app_round(self) -> None:
        from selfcheck.core.assessment import load_assessment

        rng = self.rng
        open_items = self._next_file_if_done()
        total = len(self.items)
        done_before = total - len(open_items)
        had_lock = Lock_exists(self.path)
        planned = [
            (item, rng.choice([0, 1, 2, 3, "nvt", "weet-niet"]))
            for item in open_items[: rng.randint(0, min(6, len(open_items)))]
        ]
        for item, value in planned:
            self.given[item] = (value, "")
        mode = rng.choice(["startup", "keys", "keys", "keys-ack", "keys-mid-save"])
        child = self._spawn(["open", str(self.path)], pty=True)
        reported: dict[str, tuple[object, str]] = {}
        acked = 0
        ready = False
        trace: list[str] = [f"done_before={done_before} planned={planned}"]  # for a failure's message
        try:
            if mode == "startup":
                time.sleep(rng.uniform(0, 0.6))
            else:
                ready = wait_until(lambda: f"{done_before} van {total} beantwoord" in child.text(), 20)
                if not ready:
                    raise KillError(f"the app did not show its answering screen:\n{child.text()[-2000:]}")
                self.after_start(child)
                for k, (item, value) in enumerate(planned):
                    child.send(KEY_OF[value])
                    if mode == "keys-ack" or (mode == "keys" and rng.random() < 0.3):
                        want = done_before + k + 1

                        def acknowledged() -> bool:
                            # The screen as painted: the progress line counts this answer, and
                            # after that the title was painted saying saved. The key sets the
                            # title to "opslaan…" before it changes the count, and only a finished
                            # save sets it back to "✓ opgeslagen"; but each widget's repaint is
                            # sent on its own, so one frame can carry the new count while the
                            # title still shows the "✓" of the save before (seed 21 acknowledged
                            # an answer whose write was still in flight that way). So the "✓"
                            # counts only when painted later in the output than the count.
                            rows = child.screen()
                            at = child.painted_at
                            counted = [
                                r
                                for r, text in rows.items()
                                for m in PROGRESS.finditer(text)
                                if int(m.group(1)) >= want
                            ]
                            return (
                                bool(counted)
                                and SAVED_MARK.search(rows.get(1, "")) is not None
                                and at.get(1, -1) > max(at.get(r, -1) for r in counted)
                            )

                        if wait_until(acknowledged, 1.5):
                            acked = k + 1
                            rows = child.screen()
                            trace.append(
                                f"ack {k + 1} at byte {len(child.raw)}: {[rows.get(r, '') for r in sorted(rows)][:6]}"
                            )
                    elif mode == "keys-mid-save" and k == len(planned) - 1:
                        time.sleep(rng.uniform(0, 0.01))
                        break
                    else:
                        time.sleep(rng.choice([0, 0, 0.002, 0.01, 0.03]))
                    if rng.random() < 0.15 and self.items.index(item) > 0:  # a look back and forth changes nothing
                        child.send(LEFT + RIGHT)
                    child.send(RIGHT)
                    if rng.random() < 0.3:  # a read of the file: what it holds now was saved
                        a, _c = load_assessment(self.path, self.ws.library)
                        if a is not None:
                            for item2, ans in a.answers.items():
                                if ans.score is not None:
                                    reported[item2] = (ans.score, ans.note)
                            trace.append(
                                f"read after key {k + 1}: {sorted(i for i, x in a.answers.items() if x.score is not None and i not in self.expected)}"
                            )
                if rng.random() < 0.5:
                    time.sleep(rng.choice([0, 0.001, 0.005, 0.02, 0.1]))
        finally:
            in_flight = bool(temp_files(self.path) - self.pending_temps)
            status = child.kill()
            self.last_output = child.text()
            raw = child.raw
            child.close()
        for item, value in planned[:acked]:
            reported[item] = (value, "")
        if not ready:
            self.totals.killed_in_startup += 1
        if in_flight:
            self.totals.killed_with_save_in_flight += 1
        if had_lock and ready:
            self.totals.stale_locks_taken_over += 1
        self.totals.app_kills += 1
        self.totals.answers_acknowledged_by_app += acked
        self.totals.answers_reported_saved += len({i for i in reported if i not in self.expected})
        try:
            self.check(status, child.pid, reported, f"app kill {self.totals.kills + 1} ({mode})")
        except KillError as exc:
            dump = self.ws.root.parent / f"app-kill-{self.totals.kills + 1}.out"
            dump.write_bytes(raw)  # what the app painted, escape sequences and all
            raise KillError(f"{exc}\n  trace: {' | '.join(trace)}\n  terminal output: {dump}") from None

    # --- the end: a normal run finishes the round and everything lists

    def finish(self) -> None:
        from selfcheck.core.storage import Lock

        open_items = self._open_items()
        proc = subprocess.run(
            [str(SELFCHECK), "answer", str(self.path)],
            input="2\n" * len(open_items),
            env=self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            cwd=ROOT,
        )
        if proc.returncode != 0 or proc.stdout.count("opgeslagen: ") != len(open_items):
            raise KillError(f"the run after the kills failed: {proc.stderr}")
        a = self.ws.load(self.path)
        if any(a.answer(i).score is None for i in self.items):
            raise KillError("the run after the kills did not answer everything")
        if Lock.for_file(self.path).path.exists():
            raise KillError("the run after the kills left its lock")
        if temp_files(self.path):
            raise KillError(f"temporary files left after a clean run: {temp_files(self.path)}")
        # The clean run is a start too: it removed what the last kill left in this file (a
        # seed whose last kill left one counted it as left and never as removed: 24 != 23).
        self.totals.temp_files_removed_on_next_start += len(self.pending_temps)
        self.pending_temps = set()
        self.rotated_temps = {p for p in self.rotated_temps if p.exists()}
        listing = subprocess.run(
            [str(SELFCHECK), "list"],
            env=self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            cwd=ROOT,
        )
        if listing.returncode != 0 or listing.stderr or len(listing.stdout.splitlines()) != self.totals.rounds:
            raise KillError(
                f"`selfcheck list` after the kills: {listing.returncode} {listing.stderr!r} {listing.stdout!r}"
            )
        left = [p.name for p in self.ws.assessments_dir.iterdir() if p.name.endswith(".tmp")]
        if left:
            raise KillError(f"temporary files left in the workspace after listing: {left}")
        self.totals.temp_files_removed_by_listing += len(self.rotated_temps)


def Lock_exists(path: Path) -> bool:  # noqa: N802 - reads like what it checks
    return path.with_name(path.name + ".lock").exists()


def app_env(ws_root: Path, settings: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "TEXTUAL_THEME", "SELFCHECK_DEBUG")
    }
    env.update(
        SELFCHECK_WORKSPACE=str(ws_root),
        SELFCHECK_SETTINGS=str(settings),
        TERM="xterm-256color",
        SELFCHECK_LANG="nl",
        PYTHONIOENCODING="utf-8",
        LANG="C.UTF-8",
    )
    return env


def run(
    ws_root: Path,
    settings: Path,
    *,
    answer_kills: int,
    app_kills: int,
    seed: int,
    zygote: bool = True,
    exec_share: float = 0.1,
    progress: Callable[[Campaign], None] | None = None,
) -> tuple[Totals, float]:
    """Kill `selfcheck answer` and the app the given numbers of times, interleaved at random."""
    env = app_env(ws_root, settings)
    started = time.monotonic()
    z = Zygote(env) if zygote else None
    try:
        c = Campaign(ws_root, env, seed, zygote=z, exec_share=exec_share)
        order = ["answer"] * answer_kills + ["app"] * app_kills
        c.rng.shuffle(order)
        for kind in order:
            if kind == "answer":
                c.answer_round()
            else:
                c.app_round()
            if progress is not None:
                progress(c)
        c.finish()
    finally:
        if z is not None:
            z.close()
    return c.totals, time.monotonic() - started
