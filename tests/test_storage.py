"""The workspace on disk: atomic writes, safe names, where the workspace is, edit locks, and the
cached listing."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from helpers import MINI, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from selfcheck.core import storage
from selfcheck.core.errors import LockedError, SelfcheckError
from selfcheck.core.model import NA, Answer, Assessment
from selfcheck.core.storage import Lock, Workspace, atomic_write, resolve_workspace, safe_child, slug

POSIX = os.name == "posix"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --------------------------------------------------------------------------- atomic_write


def test_atomic_write_creates_a_private_file(tmp_path) -> None:
    target = tmp_path / "a.toml"
    atomic_write(target, b"nieuw")
    assert target.read_bytes() == b"nieuw"
    assert _leftovers(tmp_path) == []
    if POSIX:
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.skipif(not POSIX, reason="file modes")
def test_atomic_write_makes_an_existing_file_private(tmp_path) -> None:
    target = tmp_path / "a.toml"
    target.write_bytes(b"oud")
    target.chmod(0o644)
    atomic_write(target, b"nieuw")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("fail", ["fsync", "replace", "write", "interrupt"])
def test_old_file_stays_whole_when_writing_fails(tmp_path, monkeypatch, fail) -> None:
    target = tmp_path / "a.toml"
    old = b"schema = 1\n" + b"x" * 100_000
    target.write_bytes(old)

    def boom(*args, **kwargs):
        raise KeyboardInterrupt() if fail == "interrupt" else OSError(28, "No space left on device")

    if fail in ("fsync", "interrupt"):
        monkeypatch.setattr(storage.os, "fsync", boom)
    elif fail == "replace":
        monkeypatch.setattr(storage.os, "replace", boom)
    else:
        real_fdopen = os.fdopen

        class Half:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, data):
                self.fh.write(data[: len(data) // 2])  # half the bytes land, then the disk is full
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(storage.os, "fdopen", lambda fd, mode: Half(real_fdopen(fd, mode)))
    with pytest.raises(KeyboardInterrupt if fail == "interrupt" else OSError):
        atomic_write(target, b"schema = 1\n" + b"y" * 200_000)
    assert target.read_bytes() == old
    assert _leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


def test_atomic_write_into_a_missing_folder_fails_cleanly(tmp_path) -> None:
    with pytest.raises(OSError):
        atomic_write(tmp_path / "nope" / "a.toml", b"x")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- safe names


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gemeente Voorbeeld", "gemeente-voorbeeld"),
        ("../../etc", "etc"),
        ("a/b", "a-b"),
        ("a\\b", "a-b"),
        ("CON", "con-"),
        ("con", "con-"),
        ("Lpt1", "lpt1-"),
        ("nul", "nul-"),
        ("", "naamloos"),
        ("Zoë 's-Hertogenbosch", "zoe-s-hertogenbosch"),
        ("x" * 500, "x" * 40),
        ("  -- A --  ", "a"),
    ],
)
def test_slug(text, expected) -> None:
    assert slug(text) == expected


def test_slug_of_text_without_ascii_is_a_stable_hash() -> None:
    assert slug("🙂") == slug("🙂") != slug("🙃")
    assert slug("🙂").startswith("x") and len(slug("🙂")) == 9
    assert slug("..") != "" and slug("/") != ""


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_any_slug_is_a_plain_file_name(tmp_path_factory, text) -> None:
    s = slug(text)
    assert s and len(s) <= 41
    assert all(ch in "abcdefghijklmnopqrstuvwxyz0123456789-" for ch in s)
    assert s.rstrip("-") not in storage._WINDOWS_RESERVED or s.endswith("-")
    assert s not in storage._WINDOWS_RESERVED
    folder = tmp_path_factory.getbasetemp()
    assert safe_child(folder, s + ".toml").parent == folder


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "../x", "/etc/passwd", "a\\b", "nul\x00byte"])
def test_safe_child_refuses_names_that_leave_the_folder(tmp_path, name) -> None:
    with pytest.raises(SelfcheckError):
        safe_child(tmp_path, name)


@pytest.mark.parametrize("name", ["a.toml", "...", "CON", "🙂.html", "x" * 200])
def test_safe_child_accepts_plain_names(tmp_path, name) -> None:
    assert safe_child(tmp_path, name) == tmp_path / name


@pytest.mark.skipif(not POSIX, reason="symlinks")
def test_safe_child_refuses_a_symlink_out(tmp_path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "link").symlink_to(tmp_path)
    with pytest.raises(SelfcheckError):
        safe_child(tmp_path / "in", "link")


def test_new_path_with_hostile_organisation_stays_inside(workspace) -> None:
    for org in ["../../etc", "CON", "a/b", "", "🙂" * 100, "x" * 1000, "..\\..\\windows"]:
        a = Assessment(questionnaire="../q", questionnaire_version="1", organisation=org, date=date(2026, 1, 2))
        path = workspace.new_path(a)
        assert path.parent == workspace.assessments_dir
        assert path.name.endswith("_2026-01-02.toml") and len(path.name) < 120
        assert "/" not in path.name and "\\" not in path.name and not path.name.startswith(".")


# --------------------------------------------------------------------------- where the workspace is


def test_resolve_workspace_precedence(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("SELFCHECK_WORKSPACE", str(tmp_path / "env"))
    assert resolve_workspace(str(tmp_path / "opt")) == tmp_path / "opt"
    assert resolve_workspace(None) == tmp_path / "env"
    monkeypatch.delenv("SELFCHECK_WORKSPACE")
    default = resolve_workspace(None)
    assert default == storage.default_workspace()
    if sys.platform.startswith("linux"):
        assert default == Path(os.environ["XDG_DATA_HOME"]) / "selfcheck"
    monkeypatch.setenv("SELFCHECK_WORKSPACE", "")
    assert resolve_workspace(None) == default  # an empty variable counts as unset
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))  # what expanduser reads on Windows
    assert resolve_workspace("~/ws") == tmp_path / "home" / "ws"


# --------------------------------------------------------------------------- workspace files


@pytest.fixture
def mini_ws(workspace: Workspace) -> Workspace:
    workspace.content_dir.mkdir(exist_ok=True)
    shutil.copy(MINI, workspace.content_dir / "mini.toml")
    return Workspace(workspace.root)


def _mini(org: str = "Gemeente Test", when: date = date(2026, 3, 1), **answers) -> Assessment:
    a = Assessment(questionnaire="mini", questionnaire_version="2.0", organisation=org, date=when)
    for item_id, score in answers.items():
        a.answers[item_id.replace("_", "-")] = Answer(score=score)
    return a


def test_save_new_path_and_reload(mini_ws) -> None:
    a = _mini(m_a=2, m_b=NA)
    path = mini_ws.save(a)
    assert path == mini_ws.assessments_dir / "gemeente-test_mini_2026-03-01.toml"
    assert a.path == path and a.created is not None and a.updated is not None
    assert a.created.tzinfo is not None
    again = mini_ws.load(path)
    assert again == a
    second = mini_ws.save(_mini())
    assert second.name == "gemeente-test_mini_2026-03-01-2.toml"
    third = mini_ws.save(_mini())
    assert third.name == "gemeente-test_mini_2026-03-01-3.toml"
    assert _leftovers(mini_ws.assessments_dir) == []
    if POSIX:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(mini_ws.root.stat().st_mode) == 0o700


def test_save_keeps_created_and_moves_updated(mini_ws) -> None:
    a = _mini(m_a=1)
    mini_ws.save(a)
    created = a.created
    a.answers["m-a"].score = 3
    mini_ws.save(a)
    assert a.created == created and a.updated >= created
    assert mini_ws.load(a.path).answers["m-a"].score == 3


def test_trash_moves_aside_never_deletes(mini_ws) -> None:
    a = _mini(m_a=1)
    path = mini_ws.save(a)
    content = path.read_bytes()
    moved = mini_ws.trash(path)
    assert not path.exists()
    assert moved == mini_ws.assessments_dir / ".trash" / path.name
    assert moved.read_bytes() == content
    # the same name again goes beside it, not over it
    path2 = mini_ws.save(_mini(m_a=2))
    assert path2.name == path.name
    moved2 = mini_ws.trash(path2)
    assert moved2.name == path.stem + "-2.toml" and moved.read_bytes() == content
    assert mini_ws.assessment_files() == []
    assert mini_ws.load_all() == ([], [])


def test_load_missing_and_broken(mini_ws) -> None:
    with pytest.raises(SelfcheckError, match="bestaat niet"):
        mini_ws.load(mini_ws.assessments_dir / "nope.toml")
    mini_ws.ensure()
    bad = mini_ws.assessments_dir / "kapot.toml"
    bad.write_text("schema = 1\nquestionnaire = \n", "utf-8")
    with pytest.raises(SelfcheckError) as info:
        mini_ws.load(bad)
    assert "kapot.toml:2:" in str(info.value) and info.value.problems


def test_previous_round(mini_ws) -> None:
    first = _mini(when=date(2026, 1, 1), m_a=1)
    second = _mini(when=date(2026, 6, 1), m_a=2)
    other_org = _mini(org="Elders", when=date(2026, 3, 1), m_a=3)
    for a in (first, second, other_org):
        mini_ws.save(a)
    third = _mini(when=date(2026, 12, 1))
    assert mini_ws.previous_round(third).path == second.path
    assert mini_ws.previous_round(second).path == first.path
    assert mini_ws.previous_round(first) is None
    third.previous = first.path.name  # a recorded previous round wins
    assert mini_ws.previous_round(third).path == first.path
    third.previous = "../../elders.toml"  # but never outside the folder
    assert mini_ws.previous_round(third).path == second.path


# --------------------------------------------------------------------------- locks

HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from selfcheck.core.storage import Lock
    lock = Lock.for_file(Path(sys.argv[1]))
    lock.acquire()
    print("held", flush=True)
    sys.stdin.read()
    lock.release()
    print("released", flush=True)
""")


def test_second_acquire_from_another_process_fails_and_names_the_holder(tmp_path) -> None:
    file = tmp_path / "a.toml"
    file.write_text("x", "utf-8")
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(file)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert child.stdout.readline().strip() == "held"
        mine = Lock.for_file(file)
        with pytest.raises(LockedError) as info:
            mine.acquire()
        holder = info.value.holder
        assert holder["pid"] == child.pid and holder["host"] == socket.gethostname()
        assert holder["user"] and holder["since"]
        message = str(info.value)
        assert "a.toml" in message and str(holder["user"]) in message and socket.gethostname() in message
        assert "alleen lezen" in message
        assert str(holder["since"])[:4] in message  # the year of 'since', shown as local time
        assert not mine.held
        mine.release()  # releasing a lock one does not hold leaves the other's alone
        assert Lock.for_file(file).path.exists()
        child.stdin.close()
        assert child.stdout.readline().strip() == "released"
    finally:
        child.stdin.close() if not child.stdin.closed else None
        child.wait(timeout=30)
    assert not Lock.for_file(file).path.exists()
    mine.acquire()
    assert mine.held and mine.info()["pid"] == os.getpid()
    mine.release()
    assert not mine.path.exists()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize(
    "content",
    [
        lambda: json.dumps(
            {"user": "weg", "host": socket.gethostname(), "pid": _dead_pid(), "since": "2026-01-01T00:00:00+00:00"}
        ),
        lambda: json.dumps({"user": "weg", "host": socket.gethostname(), "pid": "niet-een-getal"}),
        lambda: "{ kapot",
        lambda: "",
    ],
    ids=["dead-pid", "bad-pid", "garbage", "empty"],
)
def test_stale_lock_is_taken_over(tmp_path, content) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    lock.path.write_text(content(), "utf-8")
    lock.acquire()
    assert lock.held
    info = lock.info()
    assert info["pid"] == os.getpid() and info["host"] == socket.gethostname()
    if POSIX:
        assert stat.S_IMODE(lock.path.stat().st_mode) == 0o600
    lock.release()
    assert not lock.path.exists()


def test_lock_of_another_host_is_respected(tmp_path) -> None:
    lock = Lock(tmp_path / "a.toml.lock")
    lock.path.write_text(
        json.dumps({"user": "ander", "host": "elders.example", "pid": 1, "since": "2026-11-22T09:30:00+00:00"}), "utf-8"
    )
    with pytest.raises(LockedError, match="ander.*elders.example"):
        lock.acquire()
    assert lock.path.exists()


def test_acquire_twice_in_one_process_is_refused_and_never_released_early(tmp_path) -> None:
    """This test used to assert that a second acquire in the same process succeeded: the lock
    was re-entrant, and the first release() deleted the file while the second holder still
    believed it held it (issue 13, "a lock that lies"). A second holder is refused now."""
    first, second = Lock(tmp_path / "a.lock"), Lock(tmp_path / "a.lock")
    first.acquire()
    with pytest.raises(LockedError, match="al geopend in dit programma"):
        second.acquire()
    with pytest.raises(LockedError):
        first.acquire()  # the same object twice: refused too
    assert first.held and not second.held
    second.release()  # releasing what it never got leaves the first's lock alone
    assert first.path.exists() and first.info()["pid"] == os.getpid()
    first.release()
    assert not first.path.exists()
    second.acquire()  # free again
    assert second.held
    second.release()


# --------------------------------------------------------------------------- cached listing


@pytest.fixture
def counted(monkeypatch):
    calls: list[Path] = []
    real = storage.load_assessment

    def counting(path, library, **kwargs):
        calls.append(Path(path))
        return real(path, library, **kwargs)

    monkeypatch.setattr(storage, "load_assessment", counting)
    return calls


def test_summaries_are_cached_by_content(mini_ws, counted) -> None:
    a = _mini(m_a=3, m_b=NA)
    a.answers["m-c"] = Answer(votes={"Anna": 0, "Bram": 2})
    a.participants = ["Anna", "Bram"]
    paths = [mini_ws.save(a), mini_ws.save(_mini(org="Elders", m_a=1))]
    first, problems = mini_ws.summaries()
    assert problems == [] and len(counted) == 2
    by_org = {s.organisation: s for s in first}
    s = by_org["Gemeente Test"]
    assert s.values == {"m-a": 3, "m-b": NA, "m-c": 1}  # m-c: median of 0 and 2
    assert (s.disagreements, s.participants, s.questionnaire, s.date) == (1, 2, "mini", "2026-03-01")
    assert by_org["Elders"].values == {"m-a": 1}

    counted.clear()
    second, _ = mini_ws.summaries()
    assert counted == []  # nothing re-parsed
    assert second == first

    # any byte change is seen, even one that keeps size and time
    text = paths[1].read_bytes()
    stat_before = paths[1].stat()
    changed = text.replace(b"score = 1", b"score = 2")
    assert len(changed) == len(text)
    paths[1].write_bytes(changed)
    os.utime(paths[1], ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))
    third, _ = mini_ws.summaries()
    assert counted == [paths[1]]
    assert {x.organisation: x.values for x in third}["Elders"] == {"m-a": 2}


def test_summaries_follow_a_change_of_the_questionnaire(mini_ws, counted) -> None:
    """A cached summary was checked against content: changed content means check again."""
    a = _mini(m_a=3)
    a.answers["m-c"] = Answer(votes={"Anna": 0, "Bram": 2})
    a.participants = ["Anna", "Bram"]
    mini_ws.save(a)
    first, _ = mini_ws.summaries()
    assert first[0].disagreements == 1 and len(counted) == 1
    custom = mini_ws.content_dir / "mini.toml"
    custom.write_text(
        custom.read_text("utf-8").replace("[scales.standaard]\n", "[scales.standaard]\ndisagreement = 3\n"), "utf-8"
    )
    counted.clear()
    again = Workspace(mini_ws.root)  # a new process: the content is read afresh
    second, _ = again.summaries()
    assert len(counted) == 1  # re-checked against the new content
    assert second[0].disagreements == 0


def test_summaries_of_identical_files_keep_their_own_paths(mini_ws, counted) -> None:
    path = mini_ws.save(_mini(m_a=1))
    copy = path.with_name("kopie.toml")
    shutil.copy(path, copy)
    for _ in range(2):
        summaries, _ = mini_ws.summaries()
        assert sorted(s.path.name for s in summaries) == sorted([path.name, "kopie.toml"])
    assert len(counted) <= 2  # the second listing came from the cache


def test_summaries_report_broken_files_and_list_healthy_ones(mini_ws, counted) -> None:
    good = mini_ws.save(_mini(m_a=1))
    (mini_ws.assessments_dir / "kapot.toml").write_text("schema = 1\nquestionnaire = [\n", "utf-8")
    (mini_ws.assessments_dir / "leeg.toml").write_bytes(b"")
    (mini_ws.assessments_dir / "vreemd.toml").write_text(
        'schema = 1\nquestionnaire = "mini"\nquestionnaire_version = "2.0"\norganisation = "X"\n\n'
        "[answers.m-a]\nscore = 9\n",
        "utf-8",
    )
    summaries, problems = mini_ws.summaries()
    assert [s.path for s in summaries] == [good]
    assert sorted(p.path.rsplit("/", 1)[-1] for p in problems) == ["kapot.toml", "leeg.toml", "vreemd.toml"]
    assert any(p.line == 7 and "score 9" in p.message for p in problems)
    # broken files are not cached as healthy: asked again, they are parsed again and still broken
    counted.clear()
    summaries, problems = mini_ws.summaries()
    # each broken file: a quick pass without line lookup, then one more to say where
    assert len(summaries) == 1 and len(problems) == 3 and len(counted) == 6


def test_summaries_work_without_a_writable_cache(mini_ws, counted) -> None:
    mini_ws.save(_mini(m_a=1))
    cache = mini_ws.root / ".selfcheck"
    shutil.rmtree(cache, ignore_errors=True)
    cache.write_text("not a folder", "utf-8")  # the cache cannot be made
    summaries, problems = mini_ws.summaries()
    assert len(summaries) == 1 and problems == []


def test_a_killed_but_unreaped_writer_counts_as_gone() -> None:
    """A zombie still answers kill(pid, 0); its temporary files and locks are left over all the same."""
    import signal as _signal
    import time as _time

    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        _time.sleep(30)
        os._exit(0)
    try:
        assert storage._pid_alive(pid)
        os.kill(pid, _signal.SIGKILL)
        deadline = _time.monotonic() + 5
        while storage._pid_alive(pid) and _time.monotonic() < deadline:
            _time.sleep(0.01)
        assert not storage._pid_alive(pid)  # a zombie now: killed, not yet reaped
    finally:
        os.waitpid(pid, 0)
    assert storage._pid_alive(os.getpid())


# --------------------------------------------------------------------------- issue 11.7: races and overwrites

QID = "inwoners-betrekken"


def _new_in_child(root: str, barrier, results) -> None:  # pragma: no cover - runs in the children
    import contextlib
    import io

    from selfcheck import cli

    out = io.StringIO()
    barrier.wait()
    with contextlib.redirect_stdout(out):
        code = cli.main(["--workspace", root, "new", "-q", QID, "--org", "Gemeente Race", "--date", "2026-05-01"])
    results.put((code, out.getvalue().strip()))


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_parallel_new_of_the_same_round_each_get_their_own_file(tmp_path) -> None:
    """Four `selfcheck new` of the same round at the same instant (a barrier), ten times over:
    four files, four different paths printed, none lost (it used to lose one in 6 of 20)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    root = tmp_path / "ws"
    expected = 0
    for _ in range(10):
        barrier, results = ctx.Barrier(4), ctx.Queue()
        procs = [ctx.Process(target=_new_in_child, args=(str(root), barrier, results)) for _ in range(4)]
        for p in procs:
            p.start()
        got = [results.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        assert all(code == 0 for code, _ in got), got
        printed = [Path(path) for _, path in got]
        assert len(set(printed)) == 4, printed
        expected += 4
        files = Workspace(root).assessment_files()
        assert len(files) == expected and set(printed) <= set(files)
    ws = Workspace(root)
    assert all(ws.load(p).organisation == "Gemeente Race" for p in ws.assessment_files())
    assert _leftovers(ws.assessments_dir) == []


def test_save_of_a_new_round_never_replaces_an_existing_file(mini_ws) -> None:
    first = mini_ws.save(_mini(m_a=1))
    content = first.read_bytes()
    second = mini_ws.save(_mini(m_a=2))
    assert second != first and first.read_bytes() == content


@pytest.mark.skipif(not POSIX, reason="symlinks")
def test_a_dangling_link_in_the_way_of_a_new_round_is_left_alone(mini_ws, tmp_path) -> None:
    mini_ws.ensure()
    link = mini_ws.assessments_dir / "gemeente-test_mini_2026-03-01.toml"
    link.symlink_to(tmp_path / "nergens.toml")
    path = mini_ws.save(_mini(m_a=1))
    assert path.name == "gemeente-test_mini_2026-03-01-2.toml"
    assert link.is_symlink() and not (tmp_path / "nergens.toml").exists()


@pytest.mark.skipif(not POSIX, reason="file modes")
def test_missing_parents_of_the_workspace_are_private_under_umask_000(tmp_path) -> None:
    """Issue 11.7: under umask 000 the parents of --workspace were created world-writable."""
    root = tmp_path / "diep" / "er" / "onder" / "ws"
    proc = subprocess.run(
        [sys.executable, "-m", "selfcheck", "--workspace", str(root), "new", "-q", QID, "--org", "X"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        preexec_fn=lambda: os.umask(0),
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    made = [
        tmp_path / "diep",
        tmp_path / "diep" / "er",
        tmp_path / "diep" / "er" / "onder",
        root,
        root / "assessments",
        root / "exports",
    ]
    assert {str(d.relative_to(tmp_path)): oct(stat.S_IMODE(d.stat().st_mode)) for d in made} == {
        str(d.relative_to(tmp_path)): "0o700" for d in made
    }
    assert stat.S_IMODE(Path(proc.stdout.strip()).stat().st_mode) == 0o600


@pytest.mark.skipif(not POSIX, reason="file modes")
def test_existing_folders_keep_their_mode(tmp_path) -> None:
    shared = tmp_path / "gedeeld"
    shared.mkdir()
    shared.chmod(0o755)
    old = os.umask(0)
    try:
        Workspace(shared / "ws").ensure()
    finally:
        os.umask(old)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "ws").stat().st_mode) == 0o700


def test_private_dir_over_a_file_fails_cleanly(tmp_path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("x", "utf-8")
    with pytest.raises(OSError):
        storage.private_dir(blocker / "ws")
    with pytest.raises(OSError):
        storage.private_dir(blocker)


def test_trash_refuses_while_another_program_has_it_open(mini_ws) -> None:
    """Issue 11.7: deleting ignored another app's lock, and that app's next save brought the file back."""
    path = mini_ws.save(_mini(m_a=1))
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(SelfcheckError) as info:
            mini_ws.trash(path)
        message = str(info.value)
        assert "niet verwijderd" in message and "geopend door" in message and "\n" not in message
        assert path.exists() and Lock.for_file(path).info()["pid"] == child.pid
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    moved = mini_ws.trash(path)
    assert moved.exists() and not path.exists() and not Lock.for_file(path).path.exists()


def test_trash_refuses_what_this_program_has_open(mini_ws) -> None:
    from selfcheck.core.session import OpenAssessment

    path = mini_ws.save(_mini(m_a=1))
    with OpenAssessment.open(mini_ws, path):
        with pytest.raises(SelfcheckError, match="niet verwijderd"):
            mini_ws.trash(path)
        assert path.exists()
    mini_ws.trash(path)
