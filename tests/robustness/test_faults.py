"""Faults while saving: a full disk, a read-only folder, a folder that disappears, a file replaced
underneath by another program.

The app (Pilot) shows a clear error ("✗ niet opgeslagen" and what went wrong), keeps the answer
on screen, does not close the assessment while it is unsaved without saying so, and saves the
answer by itself once the fault is gone. A file replaced by another program is never
overwritten blindly: the app says so. `selfcheck answer` fails with one clear line, no
traceback, and loses nothing it had already saved.

Where the machine can produce the fault it is real: a small tmpfs filled up (root only), a
folder made read-only for an unprivileged user, a folder removed, a file replaced. Where it
cannot (tests run as root, and root writes into read-only folders), the failing system call is
simulated in-process with the errno the kernel would give.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tally
from textual.notifications import Notify
from tui_helpers import make_assessment, on_disk, settle

from selfcheck import cli
from selfcheck.core import storage
from selfcheck.core.model import Assessment
from selfcheck.core.storage import Lock, Workspace
from selfcheck.tui.answer import AnswerScreen
from selfcheck.tui.app import SelfcheckApp

SIZE = (80, 24)
QID = "inwoners-betrekken"
SELFCHECK = Path(sys.executable).parent / "selfcheck"
COUNTS: dict[str, int] = {"app faults": 0, "cli faults": 0, "real kernel faults": 0}


def items(ws: Workspace) -> list[str]:
    return [i.id for i in ws.library.questionnaires[QID].items]


def temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] if folder.is_dir() else []


# --------------------------------------------------------------------------- the faults


class Fault:
    """One way saving can fail: `start()` makes saving fail, `stop()` removes the cause."""

    name = ""
    words = ""  # what the message must say

    def __init__(self, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.path = path
        self.mp = monkeypatch

    def start(self) -> None: ...

    def stop(self) -> None: ...


class FullDiskOnWrite(Fault):
    """Half the bytes land, then the disk is full (ENOSPC from write)."""

    name, words = "full-disk-write", os.strerror(errno.ENOSPC)

    def start(self) -> None:
        real = os.fdopen

        class Half:
            def __init__(self, fh: Any) -> None:
                self.fh = fh

            def __enter__(self) -> Half:
                return self

            def __exit__(self, *exc: object) -> None:
                self.fh.close()

            def write(self, data: bytes) -> None:
                self.fh.write(data[: len(data) // 2])
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

            def __getattr__(self, name: str) -> Any:
                return getattr(self.fh, name)

        def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            fh = real(fd, mode, *args, **kwargs)
            return Half(fh) if mode == "wb" else fh  # the temporary file of a save

        self.mp.setattr(storage.os, "fdopen", fdopen)

    def stop(self) -> None:
        self.mp.undo()


class FullDiskOnFsync(Fault):
    """Everything written, but the disk reports it full when the data is flushed (delayed allocation)."""

    name, words = "full-disk-fsync", os.strerror(errno.ENOSPC)

    def start(self) -> None:
        def fsync(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        self.mp.setattr(storage, "fsync", fsync)

    def stop(self) -> None:
        self.mp.undo()


class ReadOnlyFolder(Fault):
    """The folder is read-only (EACCES when creating the temporary file). Tests run as root,
    whom chmod does not stop, so the refusal is the kernel's errno, given in-process."""

    name, words = "read-only-folder", os.strerror(errno.EACCES)

    def start(self) -> None:
        real = storage.tempfile.mkstemp
        folder = self.path.parent

        def mkstemp(*args: Any, dir: Any = None, **kwargs: Any) -> Any:  # noqa: A002 - mkstemp's own name
            if dir is not None and Path(dir) == folder:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
            return real(*args, dir=dir, **kwargs)

        self.mp.setattr(storage.tempfile, "mkstemp", mkstemp)

    def stop(self) -> None:
        self.mp.undo()


class FolderGone(Fault):
    """The assessments folder is removed (an unplugged stick, a cleaned-up share); it comes back later."""

    name, words = "folder-gone", os.strerror(errno.ENOENT)

    def start(self) -> None:
        self.saved = {p.name: p.read_bytes() for p in self.path.parent.iterdir() if p.is_file()}
        shutil.rmtree(self.path.parent)

    def stop(self) -> None:
        self.path.parent.mkdir(mode=0o700)


FAULTS = [FullDiskOnWrite, FullDiskOnFsync, ReadOnlyFolder, FolderGone]


# --------------------------------------------------------------------------- the app


def notices(seen: list[object]) -> list[str]:
    return [str(m.notification.message) for m in seen if isinstance(m, Notify)]


async def wait_saved(pilot: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await settle(pilot)
        if pilot.app.save_state == "saved":
            return
        await pilot.pause(0.05)
    raise AssertionError(f"not saved after the fault was gone: {pilot.app.save_state} {pilot.app.session.error}")


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
async def test_app_shows_the_error_keeps_the_answer_and_saves_when_the_fault_is_gone(
    fault: type[Fault], make_app: Callable[..., SelfcheckApp], workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SelfcheckApp, "RETRY_SECONDS", 0.2)
    path = make_assessment(workspace)
    first, second = items(workspace)[:2]
    seen: list[object] = []
    app = make_app(path)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        screen = app.screen
        assert isinstance(screen, AnswerScreen)
        await pilot.press("1")  # saved before the fault
        await settle(pilot)
        assert on_disk(path, workspace).answers[first].score == 1
        before = path.read_bytes()

        f = fault(path, pytest.MonkeyPatch())
        f.start()
        try:
            await pilot.press("right", "2")
            await settle(pilot)
            assert app.session is not None and app.session.state == "error"  # while retries fail too
            title = str(screen.query_one("#title").render())
            assert "✗ niet opgeslagen" in title, title
            said = notices(seen)
            assert any("opslaan mislukt" in n and f.words in n and "staat nog op het scherm" in n for n in said), said
            assert "▶ 2" in screen.render_item().plain, "the answer stays on screen"
            if fault is FolderGone:
                assert not path.exists()
            else:
                assert path.read_bytes() == before, "the file on disk is the old one, whole"
                assert temps(path.parent) == []
            await pilot.pause(0.5)  # retries keep failing while the fault lasts
            assert app.session.state == "error"

            # Escape does not silently drop what is not saved: it says so and stays.
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen and app.session is not None
            assert any("Nog niet opgeslagen" in n for n in notices(seen))
        finally:
            f.stop()
        await wait_saved(pilot)  # the retry saves it, no key needed
        title = str(screen.query_one("#title").render())
        assert "✓ opgeslagen" in title and "niet" not in title, title
        a = on_disk(path, workspace)
        assert a.answers[first].score == 1 and a.answers[second].score == 2
        assert temps(path.parent) == []
        await pilot.press("escape")  # saved now: escape closes at once
        await pilot.pause()
        assert app.session is None
    assert not Lock.for_file(path).path.exists()
    COUNTS["app faults"] += 1


async def test_app_refuses_to_overwrite_a_file_replaced_underneath(
    make_app: Callable[..., SelfcheckApp], workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program replaces the file while it is open: the app does not write over it, says
    so, keeps the answer on screen; closing asks twice and then leaves the other's file whole."""
    monkeypatch.setattr(SelfcheckApp, "RETRY_SECONDS", 0.1)
    path = make_assessment(workspace)
    first, second = items(workspace)[:2]
    seen: list[object] = []
    app = make_app(path)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        screen = app.screen
        await pilot.press("1")
        await settle(pilot)
        other = on_disk(path, workspace)
        other.team = "Team van een ander programma"
        other.answers[first].note = "door een ander programma geschreven"
        tmp = path.with_name("other-program.tmp")
        tmp.write_bytes(storage.serialise(other, workspace.library.questionnaires[QID]).encode("utf-8"))
        os.replace(tmp, path)  # how editors and sync tools replace a file
        theirs = path.read_bytes()

        await pilot.press("right", "3")
        await settle(pilot)
        assert app.session is not None and app.session.state == "error"
        assert "✗ niet opgeslagen" in str(screen.query_one("#title").render())
        assert any("buiten selfcheck gewijzigd" in n for n in notices(seen)), notices(seen)
        assert "▶ 3" in screen.render_item().plain
        await pilot.pause(0.5)  # several retries: still refused
        assert path.read_bytes() == theirs

        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen, "the first escape keeps it open and says why"
        await pilot.press("escape")
        await settle(pilot)
        assert app.session is None, "asked again, it closes"
    assert path.read_bytes() == theirs, "the other program's file is whole"
    a = on_disk(path, workspace)
    assert a.team == "Team van een ander programma" and second not in a.answers
    COUNTS["app faults"] += 1


# --------------------------------------------------------------------------- `selfcheck answer`


class Lines(io.TextIOBase):
    """stdin for `selfcheck answer`: one line per readline, with a hook before a given line."""

    def __init__(self, lines: list[str], before: dict[int, Callable[[], None]]) -> None:
        self.lines = lines
        self.before = before
        self.n = 0

    def readline(self, size: int = -1) -> str:  # type: ignore[override]
        if self.n >= len(self.lines):
            return ""
        if self.n in self.before:
            self.before[self.n]()
        self.n += 1
        return self.lines[self.n - 1] + "\n"


def run_answer(
    path: Path, lines: list[str], before: dict[int, Callable[[], None]], capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", Lines(lines, before))
    code = cli.main(["answer", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    assert lines[0].startswith("selfcheck: fout: "), lines[0]
    return lines[0]


@pytest.mark.parametrize("fault", [*FAULTS, "replaced"], ids=[*(f.name for f in FAULTS), "replaced"])
def test_cli_answer_fails_with_one_line_and_keeps_what_it_saved(
    fault: Any, workspace: Workspace, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_assessment(workspace)
    first, second = items(workspace)[:2]
    inner = pytest.MonkeyPatch()
    holder: dict[str, bytes] = {}

    def start() -> None:
        if fault == "replaced":
            other = on_disk(path, workspace)
            other.team = "Ander programma"
            path.write_bytes(storage.serialise(other, workspace.library.questionnaires[QID]).encode("utf-8"))
        else:
            holder["fault"] = fault(path, inner)  # type: ignore[assignment]
            holder["fault"].start()  # type: ignore[attr-defined]
        holder["before"] = path.read_bytes() if path.exists() else b""

    try:
        code, out, err = run_answer(path, ["1 eerste", "2 tweede", "3"], {1: start}, capsys, monkeypatch)
    finally:
        inner.undo()
    assert code == 1
    line = one_line(err)
    words = "buiten selfcheck gewijzigd" if fault == "replaced" else fault.words
    assert f"{second} = 2 is NIET opgeslagen" in line and words in line, line
    assert out.count("opgeslagen: ") == 1 and f"opgeslagen: {first} = 1" in out
    if fault is not FolderGone:
        a = on_disk(path, workspace)
        assert a.answers[first].score == 1 and a.answers[first].note == "eerste", "what was saved stays"
        assert second not in a.answers
        assert path.read_bytes() == holder["before"], "the file is whole: the old one, or the other program's"
    assert temps(path.parent) == []
    assert not Lock.for_file(path).path.exists(), "the lock is released"
    COUNTS["cli faults"] += 1


# --------------------------------------------------------------------------- real faults from the kernel


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 512 kB tmpfs (needs root and permission to mount; skipped elsewhere)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small file system needs root")
    where = Path(tempfile.mkdtemp(prefix="selfcheck-full-"))
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs", str(where)], capture_output=True, text=True
    )
    if proc.returncode != 0:
        where.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)
        where.rmdir()


def fill(folder: Path) -> Path:
    """Fill the file system of `folder` to the last byte; returns the filler file."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as fh:
        chunk = b"\0" * 65536
        while True:
            try:
                fh.write(chunk)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                if len(chunk) == 1:
                    break
                chunk = chunk[: len(chunk) // 2]
    return filler


def _ws_on(folder: Path, library: Any) -> tuple[Workspace, Path]:
    ws = Workspace(folder / "ws", library)
    ws.ensure()
    q = library.questionnaires[QID]
    return ws, ws.save(Assessment(questionnaire=QID, questionnaire_version=q.version, organisation="Vol"))


async def test_app_on_a_really_full_disk(
    small_disk: Path, make_app: Callable[..., SelfcheckApp], library: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SelfcheckApp, "RETRY_SECONDS", 0.2)
    ws, path = _ws_on(small_disk, library)
    first = library.questionnaires[QID].items[0].id
    seen: list[object] = []
    app = make_app(path, ws=ws)
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        filler = fill(small_disk)
        await pilot.press("3")
        await settle(pilot)
        assert app.session is not None and app.session.state == "error"
        assert any(os.strerror(errno.ENOSPC) in n for n in notices(seen)), notices(seen)
        assert "▶ 3" in app.screen.render_item().plain
        assert temps(path.parent) == []
        filler.unlink()
        await wait_saved(pilot)
    assert on_disk(path, ws).answers[first].score == 3
    COUNTS["real kernel faults"] += 1


def _answer_process(path: Path, ws: Path, **kwargs: Any) -> subprocess.Popen[str]:
    env = {**os.environ, "SELFCHECK_WORKSPACE": str(ws), "PYTHONIOENCODING": "utf-8", "SELFCHECK_LANG": "nl"}
    return subprocess.Popen(
        [str(SELFCHECK), "answer", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
        **kwargs,
    )


def _first_saved_then(proc: subprocess.Popen[str], between: Callable[[], None]) -> tuple[str, str]:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("1\n")
    proc.stdin.flush()
    seen = ""
    while "opgeslagen: " not in seen:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else ""
        seen += line
    between()
    out, err = proc.communicate("2\n3\n", timeout=60)
    return seen + out, err


@pytest.mark.slow
def test_cli_answer_on_a_really_full_disk(small_disk: Path, library: Any) -> None:
    ws, path = _ws_on(small_disk, library)
    ids = [i.id for i in library.questionnaires[QID].items]
    holder: list[Path] = []
    out, err = _first_saved_then(_answer_process(path, ws.root), lambda: holder.append(fill(small_disk)))
    line = one_line(err)
    assert f"{ids[1]} = 2 is NIET opgeslagen" in line and os.strerror(errno.ENOSPC) in line, line
    holder[0].unlink()
    a = ws.load(path)
    assert a.answers[ids[0]].score == 1 and ids[1] not in a.answers
    assert temps(path.parent) == [] and not Lock.for_file(path).path.exists()
    COUNTS["real kernel faults"] += 1


def _without_dac_override() -> list[str]:
    """A command prefix under which a read-only folder stops this user: nothing for an ordinary
    user; for root, `setpriv` dropping CAP_DAC_OVERRIDE (root as the folder's owner is then
    bound by its mode like anyone)."""
    if not hasattr(os, "geteuid"):
        pytest.skip("POSIX permissions")
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root without setpriv: a read-only folder does not stop root")
    return [setpriv, "--inh-caps=-dac_override", "--bounding-set=-dac_override"]


@pytest.mark.slow
def test_cli_answer_in_a_folder_made_read_only_for_real(library: Any, tmp_path: Path) -> None:
    prefix = _without_dac_override()
    ws, path = _ws_on(tmp_path, library)
    ids = [i.id for i in library.questionnaires[QID].items]
    env = {**os.environ, "SELFCHECK_WORKSPACE": str(ws.root), "PYTHONIOENCODING": "utf-8", "SELFCHECK_LANG": "nl"}
    proc = subprocess.Popen(
        [*prefix, str(SELFCHECK), "answer", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    try:
        out, err = _first_saved_then(proc, lambda: os.chmod(path.parent, 0o555))
    finally:
        os.chmod(path.parent, 0o700)
    line = one_line(err)
    assert f"{ids[1]} = 2 is NIET opgeslagen" in line and os.strerror(errno.EACCES) in line, line
    a = ws.load(path)
    assert a.answers[ids[0]].score == 1 and ids[1] not in a.answers
    assert temps(path.parent) == []
    # The lock could not be removed from the read-only folder: left behind, it is stale.
    lock = Lock.for_file(path)
    assert lock.info() is None or lock.stale(lock.info())
    COUNTS["real kernel faults"] += 1


def test_zz_faults_report() -> None:
    """The counts of this module, for the CI log."""
    tally.report(
        "faults",
        f"{COUNTS['app faults']} fault scenarios in the app (Pilot), {COUNTS['cli faults']} in "
        f"`selfcheck answer`, {COUNTS['real kernel faults']} produced by the kernel itself "
        "(full tmpfs, read-only folder); every one shown clearly, nothing saved lost",
    )
