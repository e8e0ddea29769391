"""The one write path: `selfcheck.core.session.OpenAssessment`, used by the app, `selfcheck
answer` and every other writer. Lock on open, read-only when held elsewhere or a link, the
digest check before every write, newest state wins, flush and close."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import ROOT

from selfcheck import cli
from selfcheck.core.errors import LockedError, SelfcheckError
from selfcheck.core.model import Answer, Assessment
from selfcheck.core.session import ChangedOnDiskError, OpenAssessment, SaveKind
from selfcheck.core.storage import Lock, Workspace

QID = "inwoners-betrekken"
POSIX = os.name == "posix"


def new_file(ws: Workspace, org: str = "Gemeente Pad") -> Path:
    q = ws.library.questionnaire(QID)
    return ws.save(Assessment(questionnaire=QID, questionnaire_version=q.version, organisation=org))


def first_item(ws: Workspace) -> str:
    return ws.library.questionnaire(QID).items[0].id


HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from selfcheck.core.storage import Lock
    lock = Lock.for_file(Path(sys.argv[1]))
    lock.acquire()
    print("held", flush=True)
    sys.stdin.read()
    lock.release()
""")


@pytest.fixture
def held_elsewhere():
    """Hold a file's lock in another live process while the test runs."""
    children: list[subprocess.Popen[str]] = []

    def hold(path: Path) -> subprocess.Popen[str]:
        child = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        children.append(child)
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        return child

    yield hold
    for child in children:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)


def test_open_edit_save_close(workspace: Workspace) -> None:
    path = new_file(workspace)
    doc = OpenAssessment.open(workspace, path)
    assert not doc.read_only and doc.status.kind is SaveKind.SAVED and doc.state == "saved"
    assert Lock.for_file(path).path.exists()
    doc.assessment.answers[first_item(workspace)] = Answer(score=2)
    seq, data = doc.prepare()
    assert doc.status.kind is SaveKind.PENDING and doc.state == "saving"
    assert doc.write(seq, data) is True
    assert doc.status.kind is SaveKind.SAVED and doc.status.saved_at is not None
    assert workspace.load(path).answers[first_item(workspace)].score == 2
    assert doc.assessment.created is not None and doc.assessment.updated is not None
    assert doc.close() is True
    assert not Lock.for_file(path).path.exists()
    assert doc.close() is True  # idempotent


def test_close_writes_what_is_pending(workspace: Workspace) -> None:
    path = new_file(workspace)
    with OpenAssessment.open(workspace, path) as doc:
        doc.assessment.answers[first_item(workspace)] = Answer(score=3)
        doc.prepare()  # asked for, never written by a worker
    assert workspace.load(path).answers[first_item(workspace)].score == 3
    assert not Lock.for_file(path).path.exists()


def test_an_older_state_never_goes_over_a_newer_one(workspace: Workspace) -> None:
    path = new_file(workspace)
    doc = OpenAssessment.open(workspace, path)
    item = first_item(workspace)
    doc.assessment.answers[item] = Answer(score=1)
    old = doc.prepare()
    doc.assessment.answers[item] = Answer(score=2)
    new = doc.prepare()
    assert doc.write(*new) is True
    assert doc.write(*old) is False  # a slow worker comes late: nothing happens
    assert workspace.load(path).answers[item].score == 2
    doc.close()


def test_writes_from_worker_threads_keep_the_newest(workspace: Workspace) -> None:
    """The app's pattern: prepare on the model thread, write on worker threads in any order."""
    path = new_file(workspace)
    doc = OpenAssessment.open(workspace, path)
    items = [i.id for i in workspace.library.questionnaire(QID).items]
    states = []
    for n, item in enumerate(items):
        doc.assessment.answers[item] = Answer(score=n % 4)
        states.append(doc.prepare())
    start = threading.Barrier(len(states))

    def work(state: tuple[int, bytes]) -> bool:
        start.wait()
        return doc.write(*state)

    with ThreadPoolExecutor(len(states)) as pool:
        done = list(pool.map(work, reversed(states)))  # a write that raised raises here
    assert any(done)
    assert doc.written == doc.seq == len(states) and doc.status.kind is SaveKind.SAVED
    a = workspace.load(path)
    assert [a.answer(i).score for i in items] == [n % 4 for n in range(len(items))]
    doc.close()


def test_a_file_changed_by_another_program_is_not_overwritten(workspace: Workspace) -> None:
    path = new_file(workspace)
    doc = OpenAssessment.open(workspace, path)
    other = workspace.load(path)
    other.team = "Iemand anders"
    workspace.save(other)  # an editor, a sync tool: not through the lock
    theirs = path.read_bytes()
    doc.assessment.answers[first_item(workspace)] = Answer(score=1)
    with pytest.raises(ChangedOnDiskError, match="buiten selfcheck gewijzigd"):
        doc.save()
    status = doc.status
    assert status.kind is SaveKind.CHANGED_ON_DISK and status.state == "error"
    assert "buiten selfcheck gewijzigd" in status.reason
    assert doc.flush() is False  # retried: still refused
    assert doc.close() is False
    assert path.read_bytes() == theirs
    assert not Lock.for_file(path).path.exists()


def test_a_file_deleted_meanwhile_is_written_again(workspace: Workspace) -> None:
    path = new_file(workspace)
    doc = OpenAssessment.open(workspace, path)
    path.unlink()
    doc.assessment.answers[first_item(workspace)] = Answer(score=1)
    doc.save()
    assert workspace.load(path).answers[first_item(workspace)].score == 1
    doc.close()


def test_a_failed_write_is_recorded_and_recovers(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import selfcheck.core.session as session_module

    path = new_file(workspace)
    doc = OpenAssessment.open(workspace, path)
    real = session_module.atomic_write

    def full(p: Path, data: bytes, **kw: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(session_module, "atomic_write", full)
    doc.assessment.answers[first_item(workspace)] = Answer(score=1)
    with pytest.raises(OSError):
        doc.save()
    assert doc.status.kind is SaveKind.FAILED and os.strerror(errno.ENOSPC) in doc.status.reason
    monkeypatch.setattr(session_module, "atomic_write", real)
    assert doc.flush() is True and doc.status.kind is SaveKind.SAVED and doc.error == ""
    doc.close()


def test_held_elsewhere_opens_read_only_and_names_the_holder(workspace: Workspace, held_elsewhere) -> None:
    path = new_file(workspace)
    child = held_elsewhere(path)
    before = path.read_bytes()
    doc = OpenAssessment.open(workspace, path)
    assert doc.read_only and doc.status.kind is SaveKind.READ_ONLY and doc.state == "readonly"
    assert "alleen lezen" in doc.read_only_reason and "geopend door" in doc.read_only_reason
    with pytest.raises(SelfcheckError):
        doc.prepare()
    with pytest.raises(SelfcheckError):
        doc.write(1, b"schema = 1\n")  # handed bytes directly: still nothing written without the lock
    assert doc.close() is True
    assert path.read_bytes() == before
    assert Lock.for_file(path).info()["pid"] == child.pid  # type: ignore[index]  # left alone
    with pytest.raises(LockedError):
        OpenAssessment.open(workspace, path, require_lock=True)


def test_a_broken_file_leaves_no_lock(workspace: Workspace) -> None:
    path = workspace.assessments_dir / "kapot.toml"
    path.write_text("schema = 1\nquestionnaire = [\n", "utf-8")
    with pytest.raises(SelfcheckError, match="kapot.toml"):
        OpenAssessment.open(workspace, path)
    assert not Lock.for_file(path).path.exists()
    with pytest.raises(SelfcheckError, match="bestaat niet"):
        OpenAssessment.open(workspace, workspace.assessments_dir / "weg.toml")
    assert not Lock.for_file(workspace.assessments_dir / "weg.toml").path.exists()


@pytest.mark.skipif(not POSIX, reason="FIFOs")
def test_a_fifo_is_refused_not_waited_for(workspace: Workspace) -> None:
    path = workspace.assessments_dir / "pijp.toml"
    os.mkfifo(path)
    with pytest.raises(SelfcheckError, match="geen gewoon bestand"):
        OpenAssessment.open(workspace, path)
    assert not Lock.for_file(path).path.exists()


@pytest.mark.skipif(not POSIX, reason="symlinks")
def test_a_symlinked_assessment_opens_read_only_and_stays_a_link(workspace: Workspace, tmp_path: Path) -> None:
    """11.7: the first save used to replace the link with a regular copy, silently."""
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    target = new_file(workspace, "Andere Organisatie")
    real = elsewhere / "andere.toml"
    os.replace(target, real)
    link = workspace.assessments_dir / "link.toml"
    link.symlink_to(real)
    before = real.read_bytes()
    doc = OpenAssessment.open(workspace, link)
    assert doc.read_only and "symbolische link" in doc.read_only_reason and str(real) in doc.read_only_reason
    assert doc.assessment.organisation == "Andere Organisatie"  # readable all the same
    with pytest.raises(SelfcheckError):
        doc.save()
    doc.close()
    assert link.is_symlink() and real.read_bytes() == before
    assert not Lock.for_file(link).path.exists()
    with pytest.raises(SelfcheckError, match="symbolische link"):
        OpenAssessment.open(workspace, link, require_lock=True)


@pytest.mark.skipif(not POSIX, reason="symlinks")
def test_a_link_put_in_place_while_open_is_not_written_through(workspace: Workspace, tmp_path: Path) -> None:
    path = new_file(workspace)
    doc = OpenAssessment.open(workspace, path)
    real = tmp_path / "echt.toml"
    real.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(real)  # same bytes: the digest alone would let the write through
    doc.assessment.answers[first_item(workspace)] = Answer(score=2)
    with pytest.raises(SelfcheckError, match="symbolische link"):
        doc.save()
    assert doc.status.kind is SaveKind.FAILED
    doc.close()
    assert path.is_symlink() and first_item(workspace) not in workspace.load(real).answers


@pytest.mark.skipif(not POSIX, reason="symlinks")
def test_answer_on_a_symlink_says_so_in_one_line(workspace: Workspace, tmp_path: Path, capsys) -> None:
    real = tmp_path / "echt.toml"
    os.replace(new_file(workspace), real)
    link = workspace.assessments_dir / "link.toml"
    link.symlink_to(real)
    before = real.read_bytes()
    code = cli.main(["--workspace", str(workspace.root), "answer", str(link)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "symbolische link" in err, err
    assert real.read_bytes() == before and link.is_symlink()
