"""The edit lock: stale locks across restarts, PID reuse, renamed hosts and containers (issue
11.6), Windows liveness against a stand-in for its system calls (17.3), odd lock files giving
one line, and Windows sharing violations retried (17.4)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from selfcheck.core import fileio, proc
from selfcheck.core.errors import LockedError, SelfcheckError
from selfcheck.core.fileio import FileBusyError
from selfcheck.core.locks import Lock
from selfcheck.core.proc import Here, Probe, Seen, Why, judge, probe_windows
from selfcheck.core.storage import atomic_write

LINUX_PROC = Path("/proc/self/stat").exists() and Path("/proc/sys/kernel/random/boot_id").exists()
POSIX = os.name == "posix"
needs_proc = pytest.mark.skipif(not LINUX_PROC, reason="needs Linux /proc")

# --------------------------------------------------------------------------- the decision, pure

HERE = Here(host="laptop-7", boot="linux:b-now", pidns="pid:[1]", machine="m-7")


def look_table(table: dict[int, Probe]):
    return lambda pid: table.get(pid, Probe(Seen.GONE))


PROCS = {
    100: Probe(Seen.RUNNING, start=5000),
    200: Probe(Seen.EXITED, start=6000),
    300: Probe(Seen.HIDDEN, start=7000),
    400: Probe(Seen.HIDDEN),  # another user's, start time unreadable
}


def rec(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "user": "anna",
        "host": "laptop-7",
        "pid": 100,
        "since": "2026-01-01T00:00:00+00:00",
        "boot": "linux:b-now",
        "pidns": "pid:[1]",
        "machine": "m-7",
        "start": 5000,
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


@pytest.mark.parametrize(
    "record, why",
    [
        (rec(), Why.RUNNING),
        (rec(start=4999), Why.REUSED),  # the PID now belongs to a later process
        (rec(pid=555), Why.GONE),
        (rec(pid=200, start=6000), Why.EXITED),  # a zombie / an exited Windows process
        (rec(pid=300, start=7000), Why.HIDDEN),  # another user's: held
        (rec(pid=300, start=1), Why.REUSED),  # another user's, but a later process
        (rec(pid=400, start=1), Why.HIDDEN),  # cannot tell its start: held
        (rec(start=None), Why.RUNNING),  # no start recorded: the PID decides
        (rec(boot="linux:b-before"), Why.OTHER_BOOT),  # this machine restarted since (power cut)
        (rec(boot="linux:b-before", host="oude-naam"), Why.OTHER_BOOT),  # ... and was renamed (same machine id)
        (rec(host="nieuwe-naam"), Why.RUNNING),  # renamed while running: same boot, it runs
        (rec(host="nieuwe-naam", pid=555), Why.GONE),  # renamed, and the holder is gone
        (rec(boot="linux:b-other", machine="m-9", host="pc-9"), Why.ELSEWHERE),  # another machine (shared folder)
        (rec(boot="linux:b-other", machine=None, host="pc-9"), Why.ELSEWHERE),
        (rec(boot="linux:b-other", machine=None), Why.OTHER_BOOT),  # no machine id: the same host name decides
        (rec(pidns="pid:[2]"), Why.ELSEWHERE),  # another container on this kernel
        (rec(pidns=None), Why.RUNNING),
        (rec(boot=None, pidns=None, machine=None, start=None), Why.RUNNING),  # an older selfcheck's lock
        (rec(boot=None, pidns=None, machine=None, pid=555), Why.GONE),
        (rec(boot=None, host="elders.example", pid=555), Why.ELSEWHERE),  # older, another machine: held
        (rec(pid=2**31), Why.BAD_PID),  # issue 17.3: used to raise OverflowError
        (rec(pid=2**64), Why.BAD_PID),
        (rec(pid=0), Why.BAD_PID),
        (rec(pid=-1), Why.BAD_PID),
        (rec(pid=True), Why.BAD_PID),
        (rec(pid="100"), Why.BAD_PID),
        (rec(pid=1.5), Why.BAD_PID),
        (rec(pid=None), Why.BAD_PID),
        (rec(boot=7, host=7), Why.ELSEWHERE),  # junk fields: not this host
    ],
)
def test_judge(record, why) -> None:
    verdict = judge(record, HERE, look_table(PROCS))
    assert verdict.why is why
    assert verdict.stale == (why not in (Why.RUNNING, Why.HIDDEN, Why.ELSEWHERE))


@pytest.mark.parametrize(
    "lock_boot, here_boot, same",
    [
        ("time:1000", "time:1000", True),
        ("time:1000", "time:1250", True),  # the clock was corrected a little between two readings
        ("time:1000", "time:5000", False),  # restarted since
        ("time:x", "time:1000", False),
        ("linux:a", "time:1000", False),
    ],
)
def test_boot_times_compare_with_slack(lock_boot, here_boot, same) -> None:
    where = Here(host="h", boot=here_boot)
    record = {"pid": 100, "host": "h", "boot": lock_boot, "start": 5000}
    why = judge(record, where, look_table(PROCS)).why
    assert (why is Why.RUNNING) == same and (why is Why.OTHER_BOOT) == (not same)


# --------------------------------------------------------------------------- Windows, with a stand-in


class FakeKernel32:
    """OpenProcess / GetLastError / GetExitCodeProcess / GetProcessTimes / CloseHandle."""

    def __init__(self, *, handle: int = 0, error: int = 0, code: int | None = 259, created: int | None = 1234) -> None:
        self.handle, self.error, self.code, self.created = handle, error, code, created
        self.closed: list[int] = []

    def open_process(self, pid: int) -> int:
        return self.handle

    def last_error(self) -> int:
        return self.error

    def exit_code(self, handle: int) -> int | None:
        return self.code

    def creation_time(self, handle: int) -> int | None:
        return self.created

    def close(self, handle: int) -> None:
        self.closed.append(handle)


@pytest.mark.parametrize(
    "api, seen, start",
    [
        (FakeKernel32(handle=0, error=proc.ERROR_ACCESS_DENIED), Seen.HIDDEN, None),  # another user's: alive
        (FakeKernel32(handle=0, error=proc.ERROR_INVALID_PARAMETER), Seen.GONE, None),  # no such process
        (FakeKernel32(handle=0, error=6), Seen.GONE, None),
        (FakeKernel32(handle=8, code=proc.STILL_ACTIVE, created=1234), Seen.RUNNING, 1234),
        (FakeKernel32(handle=8, code=0, created=1234), Seen.EXITED, 1234),  # exited, handle still held: not alive
        (FakeKernel32(handle=8, code=1, created=1234), Seen.EXITED, 1234),
        (FakeKernel32(handle=8, code=None, created=None), Seen.RUNNING, None),  # the calls failed: cannot tell
    ],
    ids=["access-denied", "invalid-pid", "other-error", "running", "exited-0", "exited-1", "calls-fail"],
)
def test_windows_probe(api: FakeKernel32, seen: Seen, start: int | None) -> None:
    got = probe_windows(4242, api)
    assert (got.seen, got.start) == (seen, start)
    assert api.closed == ([api.handle] if api.handle else [])


@pytest.mark.parametrize(
    "api, recorded_start, why",
    [
        (FakeKernel32(handle=0, error=proc.ERROR_ACCESS_DENIED), 1234, Why.HIDDEN),
        (FakeKernel32(handle=0, error=proc.ERROR_INVALID_PARAMETER), 1234, Why.GONE),
        (FakeKernel32(handle=8, created=1234), 1234, Why.RUNNING),
        (FakeKernel32(handle=8, created=9999), 1234, Why.REUSED),  # Windows reuses PIDs quickly
        (FakeKernel32(handle=8, code=3, created=1234), 1234, Why.EXITED),
    ],
)
def test_windows_lock_decisions(api: FakeKernel32, recorded_start: int, why: Why) -> None:
    where = Here(host="DESKTOP-1", boot="time:1000", machine="win:guid")
    record = {"pid": 4242, "host": "DESKTOP-1", "boot": "time:1000", "machine": "win:guid", "start": recorded_start}
    assert judge(record, where, lambda pid: probe_windows(pid, api)).why is why


# --------------------------------------------------------------------------- real processes here


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def sleeper():
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    yield child
    assert child.stdin is not None
    child.stdin.close()
    child.wait(timeout=30)


def write_lock(lock: Lock, **fields: object) -> None:
    where = proc.here()
    record: dict[str, object] = {
        "user": "collega",
        "host": where.host,
        "since": "2026-03-01T09:00:00+00:00",
        "boot": where.boot,
        "pidns": where.pidns,
        "machine": where.machine,
    }
    record.update(fields)
    lock.path.write_text(json.dumps({k: v for k, v in record.items() if v is not None}), "utf-8")


def take(lock: Lock) -> None:
    lock.acquire()
    assert lock.held and lock.info()["pid"] == os.getpid()  # type: ignore[index]
    lock.release()
    assert not os.path.lexists(lock.path)


@needs_proc
def test_a_new_lock_records_boot_namespace_and_start(tmp_path: Path) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    lock.acquire()
    info = lock.info()
    assert info is not None
    assert info["boot"] == "linux:" + Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    assert info["pidns"] == os.readlink("/proc/self/ns/pid")
    assert info["start"] == int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    assert info["pid"] == os.getpid() and info["host"] == socket.gethostname()
    lock.release()


@needs_proc
def test_a_live_holder_is_respected(tmp_path: Path, sleeper) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    write_lock(lock, pid=sleeper.pid, start=proc.probe(sleeper.pid).start)
    with pytest.raises(LockedError, match="collega"):
        lock.acquire()
    assert json.loads(lock.path.read_text())["pid"] == sleeper.pid


@needs_proc
def test_a_pid_now_belonging_to_another_process_is_stale(tmp_path: Path, sleeper) -> None:
    """After a restart (or on Windows, soon) the PID of a crashed holder belongs to someone else."""
    lock = Lock(tmp_path / "a.toml.lock")
    start = proc.probe(sleeper.pid).start
    assert start is not None
    write_lock(lock, pid=sleeper.pid, start=start - 1)
    take(lock)


@needs_proc
def test_a_lock_from_before_a_restart_is_stale(tmp_path: Path, sleeper) -> None:
    """Issue 11.6: after a power cut the PID may belong to a live process; the boot says it is not the holder."""
    lock = Lock(tmp_path / "a.toml.lock")
    write_lock(lock, pid=sleeper.pid, boot="linux:00000000-0000-0000-0000-000000000000", start=None)
    take(lock)
    write_lock(lock, pid=sleeper.pid, boot="linux:00000000-0000-0000-0000-000000000000", host="oude-naam", start=None)
    take(lock)  # renamed at the restart (Windows needs one): the machine id says it is this machine


@needs_proc
def test_a_changed_host_name_with_the_same_boot(tmp_path: Path, sleeper) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    write_lock(lock, pid=sleeper.pid, host="oude-naam", start=proc.probe(sleeper.pid).start)
    with pytest.raises(LockedError):
        lock.acquire()  # the same boot: this machine, and the holder runs
    write_lock(lock, pid=_dead_pid(), host="oude-naam")
    take(lock)  # the same boot, the holder is gone: stale, whatever the name said


def test_another_machines_lock_is_respected_with_advice(tmp_path: Path) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    write_lock(lock, pid=4242, host="pc-9", boot="linux:other", machine="other-machine")
    with pytest.raises(LockedError) as info:
        lock.acquire()
    message = str(info.value)
    assert "pc-9" in message and "verwijder dan het bestand a.toml.lock" in message and "\n" not in message


def test_a_lock_left_by_this_very_process_is_taken_over(tmp_path: Path) -> None:
    """A release that could not remove the file (the folder was read-only) leaves our own lock:
    nobody in this process holds it, so it is stale, not "already open here"."""
    lock = Lock(tmp_path / "a.toml.lock")
    write_lock(lock, pid=os.getpid(), start=proc.own_start())
    assert lock.stale(lock.info())
    take(lock)


# --------------------------------------------------------------------------- odd lock files: one line


@pytest.mark.skipif(not POSIX, reason="symlinks")
@pytest.mark.parametrize("target", ["nergens", "/dev/zero", "../a.toml"], ids=["dangling", "device", "assessment"])
def test_a_lock_that_is_a_symlink_is_replaced_never_followed(tmp_path: Path, target: str) -> None:
    (tmp_path / "a.toml").write_text("x", "utf-8")
    lock = Lock(tmp_path / "a.toml.lock")
    lock.path.symlink_to(target)
    take(lock)
    assert (tmp_path / "a.toml").read_text("utf-8") == "x"


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff\xfe binary junk \x80",
        b"[" * 100_000,  # deep nesting: RecursionError in json
        b"x" * 200_000,  # huge
        b'{"pid": 2147483648, "host": "HOST"}',  # issue 17.3: PID >= 2**31 used to raise OverflowError
        b'{"pid": 18446744073709551616, "host": "HOST"}',
        b'{"pid": 1e400, "host": "HOST"}',
        b'"just a string"',
        b"[1, 2, 3]",
    ],
    ids=["binary", "deep", "huge", "pid-2-31", "pid-2-64", "pid-inf", "string", "list"],
)
def test_junk_locks_are_taken_over(tmp_path: Path, content: bytes) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    lock.path.write_bytes(content.replace(b"HOST", socket.gethostname().encode()))
    old = time.time() - 10
    os.utime(lock.path, (old, old))
    assert lock.stale(lock.info())
    take(lock)


@pytest.mark.skipif(not POSIX, reason="FIFOs")
def test_a_lock_that_is_a_fifo_is_replaced_without_waiting(tmp_path: Path) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    os.mkfifo(lock.path)
    take(lock)


def test_a_lock_that_is_a_folder_gives_one_line(tmp_path: Path) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    lock.path.mkdir()
    (lock.path / "iets").write_text("van iemand", "utf-8")
    with pytest.raises(LockedError) as info:
        lock.acquire()
    message = str(info.value)
    assert "a.toml.lock is een map" in message and "alleen lezen" in message and "\n" not in message
    assert (lock.path / "iets").exists()  # nothing of the folder removed
    assert not lock.held


def test_a_lock_another_user_may_not_read_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mode 0600 on a shared folder: another account's lock cannot be read. It used to count as
    "unreadable, so stale" and was removed: two writers."""
    lock = Lock(tmp_path / "a.toml.lock")
    write_lock(lock, pid=4242)
    real_open = os.open

    def denied(path, flags, *args, **kwargs):
        if Path(path) == lock.path:
            raise PermissionError(13, os.strerror(13), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(LockedError) as info:
        lock.acquire()
    assert "andere gebruiker" in str(info.value) and os.strerror(13) in str(info.value)
    monkeypatch.undo()
    assert lock.path.exists()


@pytest.mark.skipif(not POSIX or os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_gives_one_line(tmp_path: Path) -> None:  # pragma: no cover - CI runs as root
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(LockedError, match="kan niet worden vergrendeld"):
            Lock(folder / "a.toml.lock").acquire()
    finally:
        folder.chmod(0o700)


def test_a_read_only_folder_gives_one_line_injected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, os.strerror(13))

    monkeypatch.setattr(fileio.tempfile, "mkstemp", refuse)
    with pytest.raises(LockedError) as info:
        Lock(tmp_path / "a.toml.lock").acquire()
    assert "kan niet worden vergrendeld" in str(info.value) and os.strerror(13) in str(info.value)


def test_messages_of_odd_locks_are_printable(tmp_path: Path) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    write_lock(lock, pid=4242, user="\x1b]0;pwned\x07evil", host="pc\x1b[2J-9", boot="linux:other", machine="m-x")
    with pytest.raises(LockedError) as info:
        lock.acquire()
    assert "\x1b" not in str(info.value) and "\x07" not in str(info.value)


# --------------------------------------------------------------------------- Windows sharing violations


def busy_error(winerror: int = 32) -> PermissionError:
    exc = PermissionError(13, "The process cannot access the file because it is being used by another process")
    exc.winerror = winerror  # type: ignore[attr-defined]  # what Windows sets; absent elsewhere
    return exc


@pytest.fixture
def naps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(fileio, "_sleep", slept.append)
    return slept


def failing(real, times: int, calls: list[object]):
    def fn(*args: object, **kwargs: object):
        calls.append(args)
        if len(calls) <= times:
            raise busy_error()
        return real(*args, **kwargs)

    return fn


def test_a_replace_refused_for_a_moment_is_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, naps) -> None:
    target = tmp_path / "a.toml"
    target.write_bytes(b"oud")
    calls: list[object] = []
    monkeypatch.setattr(os, "replace", failing(os.replace, 3, calls))
    atomic_write(target, b"nieuw")
    assert target.read_bytes() == b"nieuw" and len(calls) == 4
    assert naps == list(fileio.BUSY_DELAYS[:3]) and naps == sorted(naps)  # backing off
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]


def test_a_file_that_stays_busy_gives_one_line_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, naps) -> None:
    target = tmp_path / "rapport.pdf"
    target.write_bytes(b"oud")
    calls: list[object] = []
    monkeypatch.setattr(os, "replace", failing(os.replace, 10**6, calls))
    with pytest.raises(FileBusyError) as info:
        atomic_write(target, b"nieuw")
    assert "sluit het bestand rapport.pdf in het andere programma" in str(info.value)
    assert info.value.path == target and len(calls) == len(fileio.BUSY_DELAYS) + 1
    assert target.read_bytes() == b"oud" and [p.name for p in tmp_path.iterdir()] == ["rapport.pdf"]


def test_other_permission_errors_are_not_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, naps) -> None:
    def denied(*args: object) -> None:
        raise PermissionError(13, os.strerror(13))

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(PermissionError):
        atomic_write(tmp_path / "a.toml", b"x")
    assert naps == []


def test_taking_over_a_lock_retries_a_busy_removal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, naps) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    write_lock(lock, pid=_dead_pid())
    calls: list[object] = []
    real = os.unlink

    def unlink(path, *args, **kwargs):
        if Path(path) == lock.path:
            calls.append(path)
            if len(calls) <= 2:
                raise busy_error()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    lock.acquire()
    assert lock.held and len(naps) == 2
    lock.release()


def test_a_lock_that_stays_busy_gives_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, naps) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    write_lock(lock, pid=_dead_pid())
    real = os.unlink

    def unlink(path, *args, **kwargs):
        if Path(path) == lock.path:
            raise busy_error()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    with pytest.raises(LockedError) as info:
        lock.acquire()
    assert "a.toml.lock kan niet worden verwijderd" in str(info.value) and "\n" not in str(info.value)


def test_saving_an_open_assessment_retries_then_names_the_file(
    workspace, monkeypatch: pytest.MonkeyPatch, naps
) -> None:
    from selfcheck.core.model import Answer, Assessment
    from selfcheck.core.session import OpenAssessment, SaveKind

    q = workspace.library.questionnaire("inwoners-betrekken")
    path = workspace.save(Assessment(questionnaire=q.id, questionnaire_version=q.version, organisation="Bezet"))
    doc = OpenAssessment.open(workspace, path)
    doc.assessment.answers[q.items[0].id] = Answer(score=1)
    calls: list[object] = []
    monkeypatch.setattr(os, "replace", failing(os.replace, 2, calls))
    doc.save()  # a virus scanner let go after two tries
    assert workspace.load(path).answers[q.items[0].id].score == 1
    monkeypatch.setattr(os, "replace", failing(os.replace, 10**6, []))
    doc.assessment.answers[q.items[1].id] = Answer(score=2)
    with pytest.raises(SelfcheckError):
        doc.save()
    assert doc.status.kind is SaveKind.FAILED and f"sluit het bestand {path.name}" in doc.status.reason
    monkeypatch.undo()
    doc.close()


# --------------------------------------------------------------------------- asking without taking


def test_holder_says_why_without_taking(tmp_path: Path, sleeper) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    assert lock.holder() is None  # free
    write_lock(lock, pid=_dead_pid())
    assert lock.holder() is None and lock.path.exists()  # stale: acquire would take it; nothing removed
    write_lock(lock, pid=sleeper.pid, start=proc.probe(sleeper.pid).start)
    refusal = lock.holder()
    assert refusal is not None and "collega" in str(refusal) and refusal.holder["pid"] == sleeper.pid
    lock.path.unlink()
    lock.path.mkdir()
    refusal = lock.holder()
    assert refusal is not None and "is een map" in str(refusal)
    lock.path.rmdir()
    mine = Lock(tmp_path / "a.toml.lock")
    mine.acquire()
    refusal = Lock(tmp_path / "a.toml.lock").holder()
    assert refusal is not None and "al geopend in dit programma" in str(refusal)
    mine.release()


def test_export_to_a_file_another_program_holds_gives_one_line(
    workspace, capsys, monkeypatch: pytest.MonkeyPatch, naps, tmp_path: Path
) -> None:
    """17.4: Acrobat holding yesterday's PDF: retried, then one line naming the file."""
    from selfcheck import cli
    from selfcheck.core.model import Assessment

    q = workspace.library.questionnaire("inwoners-betrekken")
    path = workspace.save(Assessment(questionnaire=q.id, questionnaire_version=q.version, organisation="Export"))
    out = tmp_path / "rapport.html"
    out.write_text("gisteren", "utf-8")
    monkeypatch.setattr(os, "replace", failing(os.replace, 10**6, []))
    code = cli.main(["--workspace", str(workspace.root), "export", str(path), "-f", "html", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "sluit het bestand rapport.html in het andere programma" in err, err
    assert len(naps) == len(fileio.BUSY_DELAYS) and out.read_text("utf-8") == "gisteren"


@pytest.mark.parametrize("make", ["folder", "dangling-link", "old-junk", "dead-writer"])
def test_a_leftover_break_lock_never_blocks_silently(tmp_path: Path, make: str) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    write_lock(lock, pid=_dead_pid())
    breaker = tmp_path / "a.toml.lock.break"
    if make == "folder":
        breaker.mkdir()
        with pytest.raises(LockedError) as info:
            lock.acquire()
        assert "a.toml.lock.break is een map" in str(info.value) and "?" not in str(info.value)
        assert breaker.is_dir()
        return
    if make == "dangling-link":
        breaker.symlink_to(tmp_path / "nergens")
    elif make == "old-junk":
        breaker.write_bytes(b"\x00junk")
        old = time.time() - 60
        os.utime(breaker, (old, old))
    else:
        breaker.write_text(
            json.dumps({"pid": _dead_pid(), "host": proc.here().host, "boot": proc.here().boot}), "utf-8"
        )
    take(lock)
    assert not os.path.lexists(breaker)


def test_an_older_selfcheck_lock_held_here_gives_advice(tmp_path: Path, sleeper) -> None:
    """No boot recorded (an older version): after a restart its PID may be someone else's, so
    the line says how to clear it (issue 17.3: 'no advice on how to clear it')."""
    lock = Lock(tmp_path / "a.toml.lock")
    lock.path.write_text(
        json.dumps(
            {"user": "anna", "host": socket.gethostname(), "pid": sleeper.pid, "since": "2020-01-01T00:00:00+00:00"}
        ),
        "utf-8",
    )
    with pytest.raises(LockedError) as info:
        lock.acquire()
    assert "verwijder dan het bestand a.toml.lock" in str(info.value)


def test_access_denied_that_stays_says_read_only_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, naps) -> None:
    """MoveFileEx answers ERROR_ACCESS_DENIED (5) both for a file held open without delete
    sharing and for a read-only file: retried like a sharing violation, and the line names both."""
    target = tmp_path / "a.toml"
    target.write_bytes(b"oud")

    def denied(*args: object) -> None:
        raise busy_error(5)

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(FileBusyError) as info:
        atomic_write(target, b"nieuw")
    assert "alleen-lezen" in str(info.value) and "sluit het bestand a.toml" in str(info.value)
    assert len(naps) == len(fileio.BUSY_DELAYS) and target.read_bytes() == b"oud"
