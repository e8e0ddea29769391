"""Crash safety: selfcheck is killed with SIGKILL at random moments while answers are given,
through `selfcheck answer` with piped input and through the full-screen app in a pty.

After each kill every answer reported saved is on disk, the file loads and validates, and the
next start works: it takes the killed process's lock over and removes the temporary files the
kill left (see killharness.py for what "reported saved" means for each). Longer runs:
benchmarks/bench_kill.py.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import killharness
import pytest
import tally

from selfcheck.core import storage
from selfcheck.core.model import Assessment
from selfcheck.core.storage import Lock, Workspace, atomic_write, clean_temp_files

ANSWER_KILLS = 140
APP_KILLS = 60

posix_only = pytest.mark.skipif(sys.platform == "win32" or not killharness.POSIX, reason=killharness.POSIX_REASON)


@posix_only
@pytest.mark.slow
def test_kill_answer_and_app_at_random_moments(isolated: Path, tmp_path: Path) -> None:
    seed = int(os.environ.get("SELFCHECK_KILL_SEED") or random.SystemRandom().randrange(1_000_000))
    try:
        totals, seconds = killharness.run(
            isolated, tmp_path / "settings.toml", answer_kills=ANSWER_KILLS, app_kills=APP_KILLS, seed=seed
        )
    except killharness.KillError as exc:
        pytest.fail(f"seed {seed} (SELFCHECK_KILL_SEED={seed} repeats the order): {exc}")
    try:  # a tally that is off names the seed too, so that the run can be repeated
        assert totals.kills == ANSWER_KILLS + APP_KILLS >= 200
        assert totals.survived == totals.kills
        assert totals.answer_kills == ANSWER_KILLS and totals.app_kills == APP_KILLS
        assert totals.via_exec > 0, "some kills hit the plain exec'd command"
        assert totals.killed_in_startup > 0 and totals.answers_reported_saved > 100
        assert totals.answers_acknowledged_by_app > 0, "the app's saved mark was seen"
        assert totals.stale_locks_taken_over > 50
        assert (
            totals.temp_files_left_by_kills
            == totals.temp_files_removed_on_next_start + totals.temp_files_removed_by_listing
        )
    except AssertionError as exc:
        pytest.fail(f"seed {seed} (SELFCHECK_KILL_SEED={seed} repeats the order): {exc}\n{totals.line(seed, seconds)}")
    tally.report("kill", totals.line(seed, seconds))


# --- the mechanism the harness relies on, piece by piece


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_temporary_files_of_dead_writers_are_removed(tmp_path: Path) -> None:
    """A kill between creating the temporary file and renaming it leaves `.NAME.HOST-PID.x.tmp`;
    the next lock or listing removes those of processes that are gone, and nothing else."""
    host = storage._HOST_TAG
    dead, alive = _dead_pid(), os.getpid()
    names = {
        f".a.toml.{host}-{dead}.k1.tmp": False,  # its writer is gone: removed
        f".a.toml.{host}-{alive}.k2.tmp": True,  # being written by a live process: kept
        f".a.toml.ffffff-{dead}.k3.tmp": True,  # another machine's (a shared folder): kept
        ".a.toml.oldstyle1.tmp": True,  # no writer in the name, young: kept
        ".a.toml.oldstyle2.tmp": False,  # no writer in the name, an hour old: removed
        f".b.toml.{host}-{dead}.k4.tmp": True,  # another file's: kept by a.toml's lock
        "a.toml": True,
    }
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    old = time.time() - storage.STALE_TEMP_SECONDS - 60
    os.utime(tmp_path / ".a.toml.oldstyle2.tmp", (old, old))
    lock = Lock.for_file(tmp_path / "a.toml")
    lock.acquire()
    try:
        assert {p.name for p in tmp_path.iterdir()} == {n for n, kept in names.items() if kept} | {"a.toml.lock"}
    finally:
        lock.release()
    assert clean_temp_files(tmp_path) == 1  # the listing's sweep: b.toml's dead writer
    assert not (tmp_path / f".b.toml.{host}-{dead}.k4.tmp").exists()


def test_atomic_write_names_its_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = os.replace

    def spy(src: str, dst: object) -> None:
        seen.append(Path(src).name)
        real(src, dst)

    monkeypatch.setattr(storage.os, "replace", spy)
    atomic_write(tmp_path / "a.toml", b"x")
    assert seen and seen[0].startswith(f".a.toml.{storage._HOST_TAG}-{os.getpid()}.") and seen[0].endswith(".tmp")


@posix_only
def test_listing_after_kills_removes_leftovers_and_lists_only_assessments(workspace: Workspace) -> None:
    q = workspace.library.questionnaire("inwoners-betrekken")
    path = workspace.save(Assessment(questionnaire=q.id, questionnaire_version=q.version, organisation="Lijst"))
    dead = _dead_pid()
    (path.parent / f".{path.name}.{storage._HOST_TAG}-{dead}.zz.tmp").write_bytes(b"half")
    Lock.for_file(path).path.write_text(
        json.dumps({"user": "weg", "host": socket.gethostname(), "pid": dead, "since": "2026-01-01T00:00:00+00:00"}),
        "utf-8",
    )
    summaries, problems = workspace.summaries()
    assert [s.path for s in summaries] == [path] and problems == []
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
