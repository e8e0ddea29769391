"""One file must not stop everything (issue 11.4): files in a workspace are untrusted input.

Real FIFOs, real symlinks to /dev/zero, folders named *.toml, huge files, 300,000 participants,
200,000 answers for unknown items, and file names that hold terminal escapes. Every command runs
in a child process under a timeout, so a loader that hangs fails the test instead of hanging
the run; each must finish, name the bad file with one plain reason, and still show the healthy
assessment beside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import ROOT

from selfcheck.core.checker import MAX_FILE_BYTES, MAX_PROBLEMS_PER_FILE, Checker
from selfcheck.core.model import Assessment
from selfcheck.core.safefile import FileTooLarge, NotRegularFile, read_regular
from selfcheck.core.storage import Workspace

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
QUESTIONNAIRE = "inwoners-betrekken"
HEALTHY = "Gezonddorp"
TIMEOUT = 60  # far beyond what any of these takes when it works; a hang fails here
BIG_TIMEOUT = 240  # the 5-8 MB files: seconds when it works (linear), never when quadratic


def run(
    ws: Path, *args: str, env: dict[str, str] | None = None, timeout: float = TIMEOUT
) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, SELFCHECK_WORKSPACE=str(ws), PYTHONIOENCODING="utf-8", **(env or {}))
    try:
        return subprocess.run(
            [sys.executable, "-m", "selfcheck", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            cwd=ROOT,
            env=full,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"selfcheck {' '.join(args)} hung (no answer in {timeout} s)")


def healthy(workspace: Workspace) -> Path:
    q = workspace.library.questionnaire(QUESTIONNAIRE)
    return workspace.save(Assessment(questionnaire=q.id, questionnaire_version=q.version, organisation=HEALTHY))


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_zero_link(path: Path) -> None:
    path.symlink_to("/dev/zero")


def make_folder(path: Path) -> None:
    path.mkdir()


def make_huge(path: Path) -> None:
    with open(path, "wb") as f:  # sparse: 9 MB that take no room
        f.truncate(MAX_FILE_BYTES + 1024 * 1024)


def make_dangling(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere.toml")


SPECIAL: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (make_fifo, "pipe"),
    "link to /dev/zero": (make_zero_link, "apparaat"),
    "folder": (make_folder, "een map"),
    "9 MB": (make_huge, "te groot"),
    "dangling link": (make_dangling, "kan het bestand niet lezen"),
}


@posix_only
@pytest.mark.parametrize("kind", list(SPECIAL))
@pytest.mark.parametrize("command", ["list", "validate"])
def test_special_assessment_file_is_refused_and_the_rest_shown(kind: str, command: str, workspace: Workspace) -> None:
    good = healthy(workspace)
    make, reason = SPECIAL[kind]
    bad = workspace.assessments_dir / "kwaad.toml"
    make(bad)
    r = run(workspace.root, command)
    out = r.stdout + r.stderr
    lines = [line for line in out.splitlines() if "kwaad.toml" in line]
    assert len(lines) == 1 and reason in lines[0], out
    if command == "list":
        assert HEALTHY in r.stdout and r.returncode == 0, out
    else:
        assert r.returncode == 1 and good.name not in "".join(lines), out


@posix_only
@pytest.mark.parametrize("kind", list(SPECIAL))
@pytest.mark.parametrize("command", ["questionnaires", "list", "validate"])
def test_special_content_file_never_stops_the_built_in_content(kind: str, command: str, workspace: Workspace) -> None:
    healthy(workspace)
    workspace.content_dir.mkdir(exist_ok=True)
    make, reason = SPECIAL[kind]
    make(workspace.content_dir / "kwaad.toml")
    r = run(workspace.root, command)
    out = r.stdout + r.stderr
    lines = [line for line in out.splitlines() if "kwaad.toml" in line]
    assert len(lines) == 1 and reason in lines[0], out
    if command == "questionnaires":
        assert QUESTIONNAIRE in r.stdout, out
    if command == "list":
        assert HEALTHY in r.stdout, out


@posix_only
@pytest.mark.parametrize("make", [make_fifo, make_zero_link], ids=["fifo", "link to /dev/zero"])
def test_special_listing_cache_is_left_alone(make: Callable[[Path], None], workspace: Workspace) -> None:
    """.selfcheck/index.sqlite as a FIFO hung sqlite; as a link it would have been written through."""
    healthy(workspace)
    (workspace.root / ".selfcheck").mkdir(exist_ok=True)
    make(workspace.root / ".selfcheck" / "index.sqlite")
    r = run(workspace.root, "list")
    assert r.returncode == 0 and HEALTHY in r.stdout, r.stdout + r.stderr


@posix_only
def test_cache_folder_that_is_a_link_is_not_written_through(workspace: Workspace, tmp_path: Path) -> None:
    healthy(workspace)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (workspace.root / ".selfcheck").symlink_to(elsewhere)
    r = run(workspace.root, "list")
    assert r.returncode == 0 and HEALTHY in r.stdout, r.stdout + r.stderr
    assert list(elsewhere.iterdir()) == []


@posix_only
@pytest.mark.parametrize("make", [make_fifo, make_zero_link], ids=["fifo", "link to /dev/zero"])
def test_special_settings_file_is_ignored(make: Callable[[Path], None], tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    make(settings)
    code = "from selfcheck.tui.settings import load_settings; print(repr(load_settings()))"
    full = dict(os.environ, SELFCHECK_SETTINGS=str(settings))
    try:
        r = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=full,
            cwd=ROOT,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("loading settings from a FIFO or /dev/zero hung")
    assert r.stdout.strip() == "{}", r.stderr


@posix_only
def test_read_regular_itself(tmp_path: Path) -> None:
    fifo = tmp_path / "p.toml"
    os.mkfifo(fifo)
    result: list[object] = []

    def read() -> None:
        try:
            result.append(read_regular(fifo, 100))
        except OSError as exc:
            result.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(TIMEOUT)
    assert not reader.is_alive(), "read_regular blocked on a FIFO"
    assert isinstance(result[0], NotRegularFile) and result[0].kind == "fifo"
    with pytest.raises(NotRegularFile):
        read_regular(Path("/dev/zero"), 100)
    big = tmp_path / "big.toml"
    big.write_bytes(b"x" * 101)
    with pytest.raises(FileTooLarge):
        read_regular(big, 100)
    ok = tmp_path / "ok.toml"
    ok.write_bytes(b"x" * 100)
    assert read_regular(ok, 100) == b"x" * 100
    link = tmp_path / "link.toml"
    link.symlink_to(ok)
    assert read_regular(link, 100) == b"x" * 100  # a link to a regular file is read (and opened read-only)


def _header(q_version: str) -> str:
    return (
        f'schema = 1\nquestionnaire = "{QUESTIONNAIRE}"\nquestionnaire_version = "{q_version}"\n'
        f'organisation = "Veeldorp"\n'
    )


@pytest.mark.slow
def test_300000_participants_are_checked_in_linear_time(workspace: Workspace) -> None:
    """The duplicate check compared each name with every earlier one: 300,000 names never
    finished. Now a command answers (within the guard) and still finds the one duplicate."""
    healthy(workspace)
    q = workspace.library.questionnaire(QUESTIONNAIRE)
    names = [f"p{i:06d}" for i in range(300_000)] + ["p000007"]
    text = _header(q.version) + "participants = [" + ", ".join(f'"{n}"' for n in names) + "]\n"
    assert len(text) < MAX_FILE_BYTES
    (workspace.assessments_dir / "veel.toml").write_text(text, encoding="utf-8")
    r = run(workspace.root, "validate", str(workspace.assessments_dir / "veel.toml"), timeout=BIG_TIMEOUT)
    assert r.returncode == 1 and "p000007" in r.stdout and "twee keer" in r.stdout, r.stdout[-500:] + r.stderr
    r = run(workspace.root, "list", timeout=BIG_TIMEOUT)
    assert HEALTHY in r.stdout


@pytest.mark.slow
def test_200000_unknown_items_give_six_lines_not_200000(workspace: Workspace) -> None:
    healthy(workspace)
    q = workspace.library.questionnaire(QUESTIONNAIRE)
    body = "".join(f"[answers.onbekend-{i}]\nscore = 1\n" for i in range(200_000))
    (workspace.assessments_dir / "veel.toml").write_text(_header(q.version) + body, encoding="utf-8")
    r = run(workspace.root, "list", timeout=BIG_TIMEOUT)
    mine = [line for line in r.stderr.splitlines() if "veel.toml" in line]
    assert len(mine) == MAX_PROBLEMS_PER_FILE + 1, mine[:10]
    assert "en nog 199.995 in dit bestand" in mine[-1]
    assert HEALTHY in r.stdout
    r = run(workspace.root, "validate", str(workspace.assessments_dir / "veel.toml"), timeout=BIG_TIMEOUT)
    mine = [line for line in r.stdout.splitlines() if "veel.toml" in line]
    assert len(mine) == MAX_PROBLEMS_PER_FILE + 1 and "en nog 199.995" in mine[-1], mine[:10]
    assert "200000 fouten" in r.stderr, r.stderr


def test_problem_cap_counts_per_severity_and_keeps_an_error_an_error() -> None:
    c = Checker("x.toml", "", locate=False)
    for i in range(7):
        c.warn((), f"w{i}")
    assert not c.failed
    c.error((), "the one error")  # after many warnings: still listed, not hidden in a count
    for i in range(10):
        c.error((), f"e{i}")
    messages = [p.message for p in c.problems]
    assert "the one error" in messages and c.failed
    assert [p.severity for p in c.problems[-2:]] == ["error", "warning"]  # one closing line each
    assert c.problems[-2].count == 6 and c.problems[-1].count == 2
    assert len(c.problems) == 2 * MAX_PROBLEMS_PER_FILE + 2


@posix_only
@pytest.mark.parametrize(
    "name", ["\x1b]0;pwned\x07kwaad.toml", "\x1b[2Jkwaad.toml", "kwaad\u202eexe.toml", "kwaad\r\nfake: ok.toml"]
)
def test_file_names_with_terminal_escapes_are_printed_harmless(name: str, workspace: Workspace) -> None:
    healthy(workspace)
    (workspace.assessments_dir / name).write_text("schema = \n", encoding="utf-8")
    for command in ("list", "validate"):
        r = run(workspace.root, command)
        out = r.stdout + r.stderr
        assert "kwaad" in out, out
        assert not any(c in out for c in "\x1b\x07\u202e\r"), repr(out)


@posix_only
@pytest.mark.parametrize("command", ["report", "export", "answer", "validate", "compare", "open"])
@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero"])
def test_a_special_file_named_on_the_command_line_gets_one_line(
    command: str, kind: str, workspace: Workspace, tmp_path: Path
) -> None:
    bad = tmp_path / "kwaad.toml"
    SPECIAL[kind][0](bad)
    args = [command, str(bad)] + ([str(bad)] if command == "compare" else [])
    r = run(workspace.root, *args)
    assert r.returncode == 1, r.stdout + r.stderr
    out = (r.stdout + r.stderr).strip()
    assert "Traceback" not in out and "kwaad.toml" in out and ("gewoon bestand" in out or "link" in out), out


@posix_only
def test_benchmark_over_a_folder_with_a_fifo_finishes(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "rondes"
    folder.mkdir()
    os.mkfifo(folder / "kwaad.toml")
    r = run(workspace.root, "benchmark", str(folder))
    assert "Traceback" not in r.stderr, r.stderr
