"""Issue 11.1, 11.3 and 11.7 (kill during sync): a collaborator who can push to the shared
remote, or write the shared folder, attacks a teammate's `selfcheck sync` — for real: a bare
repository in the test's folder (file:// URL), two clones, real git, `selfcheck` in a child
process. docs/security-sync.md says what holds and what does not.

Each test names the attack, shows what arrived, and asserts: nothing of the attacker's code ran,
nothing was pushed that the app cannot open, the one line printed names the file and the reason,
and (where there is advice) running the advice really recovers.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import MINI, run_cli

from selfcheck.core.assessment import load_assessment
from selfcheck.core.content import load_library
from selfcheck.core.model import Answer
from selfcheck.core.storage import Workspace, now

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ORG_FILE = "gemeente-a_mini_2026-05-01.toml"


@pytest.fixture
def git_env(monkeypatch, tmp_path):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_DIR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def git(cwd: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def sync(ws_root: Path) -> subprocess.CompletedProcess[str]:
    proc = run_cli("--workspace", str(ws_root), "sync")
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


class Team:
    """A bare remote, Anna's clone (the victim: uses selfcheck sync) and Bram's (the attacker:
    plain git, anything git can carry)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        git(root, "init", "-q", "--bare", "-b", "main", "remote.git")
        self.url = (root / "remote.git").as_uri()
        self.anna = self._clone("anna", "Anna")
        (self.anna / "questionnaires").mkdir()
        shutil.copy(MINI, self.anna / "questionnaires" / "mini.toml")
        proc = run_cli(
            "--workspace",
            str(self.anna),
            "new",
            "-q",
            "mini",
            "--org",
            "Gemeente A",
            "--date",
            "2026-05-01",
            "--participant",
            "An",
            "--participant",
            "Bo",
        )
        assert proc.returncode == 0, proc.stderr
        self.answer(self.anna, {"m-a": 1})
        first = sync(self.anna)
        assert first.returncode == 0, first.stderr
        self.bram = self._clone("bram", "Bram")

    def _clone(self, name: str, user: str) -> Path:
        git(self.root, "clone", "-q", self.url, name)
        git(self.root / name, "config", "user.name", user)
        git(self.root / name, "config", "user.email", f"{user.lower()}@example.org")
        return self.root / name

    @property
    def file(self) -> str:
        return f"assessments/{ORG_FILE}"

    def answer(self, ws_root: Path, scores: dict[str, object], note: str = "") -> None:
        ws = Workspace(ws_root)
        a = ws.load(ws_root / self.file)
        for item, score in scores.items():
            a.answers[item] = Answer(score=score, note=note, updated=now())
        ws.save(a)

    def bram_pushes(self, message: str = "bram", *paths: str) -> None:
        git(self.bram, "add", "-A", "--", *paths)
        git(self.bram, "commit", "-q", "-m", message)
        git(self.bram, "push", "-q", "origin", "HEAD:main")

    def remote_head(self) -> str:
        return git(self.root / "remote.git", "rev-parse", "main").stdout.strip()

    def remote_text(self, path: str) -> str:
        return git(self.root / "remote.git", "show", f"main:{path}", ok=False).stdout

    def loads(self, ws_root: Path) -> dict[str, object]:
        a, c = load_assessment(ws_root / self.file, load_library([ws_root / "questionnaires"]))
        assert a is not None, c.problems
        return {k: v.score for k, v in a.answers.items()}


@pytest.fixture
def team(git_env) -> Team:
    return Team(git_env)


def one_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode != 0, proc.stdout
    assert proc.stderr.count("\n") == 1, proc.stderr
    return proc.stderr


# --------------------------------------------------------------------------- 11.1 code at merge


def hostile_package(folder: Path, marker: Path) -> None:
    """A `selfcheck/` package whose every module leaves a marker, and a driver that 'merges'
    by keeping ours only (it silently drops their answer)."""
    pkg = folder / "selfcheck"
    pkg.mkdir()
    code = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\nimport sys\nsys.exit(0)\n"
    for name in ("__init__.py", "__main__.py", "cli.py"):
        (pkg / name).write_text(code, "utf-8")


def test_a_committed_selfcheck_package_never_runs_at_merge(team: Team) -> None:
    marker = team.root / "MARKER"
    hostile_package(team.bram, marker)
    team.bram_pushes("selfcheck/ folder")
    assert sync(team.anna).returncode == 0  # the folder arrives (fast-forward: no driver yet)
    assert (team.anna / "selfcheck" / "__init__.py").is_file()
    # an older selfcheck wrote this driver into the repository's config: upgraded at the next sync
    git(team.anna, "config", "merge.selfcheck.driver", "python3 -m selfcheck merge-driver %O %A %B %P")
    # both change the round: the next merge needs the driver, in a work tree holding selfcheck/
    git(team.bram, "pull", "-q", "--no-rebase", "origin", "main")
    team.answer(team.anna, {"m-b": 2})
    team.answer(team.bram, {"m-c": 3})
    team.bram_pushes("m-c")
    proc = sync(team.anna)
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists(), marker.read_text()
    assert team.loads(team.anna) == {"m-a": 1, "m-b": 2, "m-c": 3}  # no answer dropped
    driver = git(team.anna, "config", "merge.selfcheck.driver").stdout
    assert " -I -c " in driver and "-m selfcheck" not in driver
    # a plain `git pull` by the user afterwards uses the upgraded driver too
    team.answer(team.anna, {"m-a": 0})
    assert sync(team.anna).returncode == 0
    git(team.bram, "pull", "-q", "--no-rebase", "origin", "main")
    team.answer(team.bram, {"m-b": 3})
    team.bram_pushes("m-b")
    team.answer(team.anna, {"m-c": 1})
    git(team.anna, "commit", "-q", "-am", "anna")
    git(team.anna, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    assert not marker.exists()
    assert team.loads(team.anna) == {"m-a": 0, "m-b": 3, "m-c": 1}


# --------------------------------------------------------------------------- 11.3a attributes


@pytest.mark.parametrize(
    "where, line",
    [
        (".gitattributes", "assessments/*.toml merge=union"),
        (".gitattributes", "assessments/*.toml binary"),
        (".gitattributes", "assessments/*.toml -merge"),
        (".gitattributes", "*.toml merge=text"),
        (".gitattributes", "assessments/*.toml working-tree-encoding=UTF-16"),
        ("assessments/.gitattributes", "*.toml merge=union"),
    ],
)
def test_received_attributes_cannot_change_how_assessments_merge(team: Team, where: str, line: str) -> None:
    path = team.bram / where  # the line goes last, after selfcheck's own: in a .gitattributes the last wins
    path.write_text((path.read_text("utf-8") if path.exists() else "") + line + "\n", "utf-8")
    (team.bram / ".git" / "info" / "attributes").write_text("* -working-tree-encoding\n", "utf-8")  # his own side
    team.bram_pushes("attributes", where)
    if where.startswith("assessments/."):  # a hidden file among the assessments: refused outright
        err = one_line(sync(team.anna))
        assert where in err and not (team.anna / where).exists()
        return
    assert sync(team.anna).returncode == 0
    git(team.bram, "pull", "-q", "--no-rebase", "origin", "main")
    # neighbouring lines on both sides: a line merge (union) would duplicate keys
    team.answer(team.anna, {"m-b": 2}, note="anna")
    team.answer(team.bram, {"m-b": 3, "m-c": 1}, note="bram")
    team.bram_pushes("bram")
    proc = sync(team.anna)
    assert proc.returncode == 0, proc.stderr
    scores = team.loads(team.anna)
    assert scores["m-c"] == 1 and scores["m-a"] == 1
    attrs = git(team.anna, "check-attr", "merge", "working-tree-encoding", "--", team.file).stdout
    assert "merge: selfcheck" in attrs and "working-tree-encoding: unset" in attrs
    # what was pushed opens
    (team.root / "check.toml").write_text(team.remote_text(team.file), "utf-8")
    a, c = load_assessment(team.root / "check.toml", load_library([team.anna / "questionnaires"]))
    assert a is not None, c.problems


# --------------------------------------------------------------------------- 11.3b validation


def bram_answers_an_unknown_item(team: Team) -> None:
    text = (team.bram / team.file).read_text("utf-8")
    (team.bram / team.file).write_text(text + '\n[answers.m-zzz]\nscore = 2\nnote = "geen vraag"\n', "utf-8")
    team.bram_pushes("unknown item")


@pytest.mark.parametrize("anna_changed_too", [True, False], ids=["merge", "fast-forward"])
def test_an_answer_to_an_unknown_item_is_refused_and_nothing_is_pushed(team: Team, anna_changed_too: bool) -> None:
    bram_answers_an_unknown_item(team)
    bad_head = team.remote_head()
    if anna_changed_too:
        team.answer(team.anna, {"m-b": 2})
    before = git(team.anna, "rev-parse", "HEAD").stdout
    err = one_line(sync(team.anna))
    assert team.file in err and "m-zzz" in err and "Bram" in err
    assert team.remote_head() == bad_head  # nothing pushed
    # the workspace is as before the pull: our own commit, a file that opens
    assert git(team.anna, "status", "--porcelain").stdout == ""
    if anna_changed_too:
        assert git(team.anna, "rev-parse", "HEAD~1").stdout == before
    assert "m-zzz" not in team.loads(team.anna)
    # the advice: Bram undoes it on the remote; then sync works, and everyone's answers are there
    git(team.bram, "revert", "--no-edit", "HEAD")
    git(team.bram, "push", "-q", "origin", "HEAD:main")
    proc = sync(team.anna)
    assert proc.returncode == 0, proc.stderr
    assert team.loads(team.anna) == ({"m-a": 1, "m-b": 2} if anna_changed_too else {"m-a": 1})


def test_the_driver_refuses_a_merge_of_a_broken_side_and_sync_undoes_it(team: Team) -> None:
    """Their version is not even TOML (but both changed the file): the driver refuses, sync
    aborts the merge: no conflict markers anywhere, nothing pushed."""
    team.answer(team.anna, {"m-b": 2})
    (team.bram / team.file).write_text((team.bram / team.file).read_text("utf-8") + "\nm-c = [kapot\n", "utf-8")
    team.bram_pushes("broken")
    bad_head = team.remote_head()
    err = one_line(sync(team.anna))
    assert team.file in err
    assert team.remote_head() == bad_head
    assert not git(team.anna, "rev-parse", "-q", "--verify", "MERGE_HEAD", ok=False).stdout
    assert "<<<<<<<" not in (team.anna / team.file).read_text("utf-8")
    assert team.loads(team.anna) == {"m-a": 1, "m-b": 2}


# --------------------------------------------------------------------------- 11.3c links


@pytest.mark.parametrize("name", ["exports", ".selfcheck", "questionnaires/extra", "assessments/other.toml"])
def test_a_received_symlink_is_refused_before_it_reaches_the_work_tree(team: Team, name: str) -> None:
    outside = team.root / "outside"
    outside.mkdir()
    secret = outside / "andere-gemeente.toml"
    secret.write_text((team.anna / team.file).read_text("utf-8").replace("Gemeente A", "Gemeente Geheim"), "utf-8")
    link = team.bram / name
    link.parent.mkdir(exist_ok=True)
    if name.endswith(".toml"):
        link.symlink_to(secret)
    else:
        if link.exists():
            shutil.rmtree(link)
        link.symlink_to(outside, target_is_directory=True)
    team.bram_pushes("link")
    err = one_line(sync(team.anna))
    assert name in err and "symbolische link" in err
    assert not (team.anna / name).is_symlink()
    # export writes into the workspace, never through a link
    proc = run_cli("--workspace", str(team.anna), "export", str(team.anna / team.file), "-f", "md")
    assert proc.returncode == 0, proc.stderr
    assert list(outside.iterdir()) == [secret]


def test_a_local_symlinked_assessment_is_never_shared(team: Team) -> None:
    """On a consultant's machine an assessment links to another organisation's file: sync
    refuses before committing, and that organisation's answers never reach the remote."""
    other = team.root / "klant-b.toml"
    other.write_text(
        (team.anna / team.file)
        .read_text("utf-8")
        .replace("Gemeente A", "Gemeente B")
        .replace("[answers.m-a]", '[answers.m-a]\nnote = "GEHEIM"'),
        "utf-8",
    )
    (team.anna / "assessments" / "klant-b.toml").symlink_to(other)
    head = team.remote_head()
    err = one_line(sync(team.anna))
    assert "assessments/klant-b.toml" in err and "symbolische link" in err
    assert team.remote_head() == head
    assert "GEHEIM" not in git(team.root / "remote.git", "log", "--all", "-p").stdout
    # the advice (remove the link) recovers
    advice = err.split("verwijder het: ", 1)[1].strip()
    os.unlink(advice)
    assert sync(team.anna).returncode == 0


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_a_special_file_in_the_workspace_is_refused_at_once(team: Team, target: str) -> None:
    path = team.anna / "assessments" / "speciaal.toml"
    if target == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(target)
    err = one_line(sync(team.anna))  # run_cli's timeout guards a hang
    assert "assessments/speciaal.toml" in err


def test_a_received_lock_file_or_cache_is_refused(team: Team) -> None:
    (team.bram / "assessments" / f"{ORG_FILE}.lock").write_text('{"user": "anna", "host": "x", "pid": 1}', "utf-8")
    git(team.bram, "add", "-f", f"assessments/{ORG_FILE}.lock")
    team.bram_pushes("lock")
    err = one_line(sync(team.anna))
    assert f"{ORG_FILE}.lock" in err
    assert not (team.anna / "assessments" / f"{ORG_FILE}.lock").exists()


# --------------------------------------------------------------------------- what git would run


def test_hooks_and_fsmonitor_of_the_repository_never_run(team: Team) -> None:
    """A folder others can write (a shared drive) can hold .git/hooks and .git/config."""
    marker = team.root / "RAN"
    script = f'#!/bin/sh\necho "$0" >> {shlex.quote(str(marker))}\n'
    hooks = team.anna / ".git" / "hooks"
    for name in (
        "pre-commit",
        "commit-msg",
        "post-commit",
        "post-merge",
        "pre-push",
        "post-checkout",
        "reference-transaction",
        "pre-merge-commit",
    ):
        (hooks / name).write_text(script, "utf-8")
        (hooks / name).chmod(0o755)
    (team.root / "fsmonitor").write_text(script, "utf-8")
    (team.root / "fsmonitor").chmod(0o755)
    git(team.anna, "config", "core.fsmonitor", str(team.root / "fsmonitor"))
    team.answer(team.bram, {"m-c": 2})
    team.bram_pushes("bram")
    team.answer(team.anna, {"m-b": 1})
    proc = sync(team.anna)
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists(), marker.read_text()
    assert team.loads(team.anna) == {"m-a": 1, "m-b": 1, "m-c": 2}


@pytest.mark.parametrize(
    "key, value",
    [
        ("core.sshCommand", "sh -c 'touch RAN' ssh"),
        ("filter.evil.smudge", "touch RAN"),
        ("merge.evil.driver", "touch RAN"),
        ("remote.origin.uploadpack", "touch RAN; git-upload-pack"),
        ("credential.helper", "!touch RAN"),
        ("core.worktree", "/tmp"),
    ],
)
def test_repository_config_that_runs_a_program_is_refused_and_the_advice_works(
    team: Team, key: str, value: str
) -> None:
    git(team.anna, "config", key, value)
    team.answer(team.anna, {"m-b": 1})
    err = one_line(sync(team.anna))
    assert key.lower() in err.lower()
    assert not (team.anna / "RAN").exists()
    advice = err.split("Haal het weg met: ", 1)[1].split(" (of ", 1)[0]
    subprocess.run(shlex.split(advice), check=True, capture_output=True)
    proc = sync(team.anna)
    assert proc.returncode == 0, proc.stderr
    assert not (team.anna / "RAN").exists()


# --------------------------------------------------------------------------- kill -9 during sync


def _wait_for(path: Path, proc: subprocess.Popen[bytes], log: Path | None = None) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert proc.poll() is None, "ended before it got there: " + (log.read_text("utf-8") if log else "")
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def hanging_git(folder: Path, started: Path, fifo: Path) -> Path:
    """A `git` first on PATH that runs the real one, but makes its merge driver hang (it tells
    the test it started, then waits on a FIFO nobody writes): a sync caught mid-merge."""
    real = shutil.which("git")
    assert real
    hang = folder / "hang.sh"
    hang.write_text(f"#!/bin/sh\ntouch {shlex.quote(str(started))}\ncat {shlex.quote(str(fifo))}\n", "utf-8")
    hang.chmod(0o755)
    os.mkfifo(fifo)
    wrapper = folder / "bin" / "git"
    wrapper.parent.mkdir()
    wrapper.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        "args = sys.argv[1:]\n"
        "i = 0\n"
        "while i < len(args) and args[i].startswith('-'):\n"
        "    i += 2 if args[i] == '-c' else 1\n"
        "if args[i:i + 1] == ['merge']:\n"
        f"    args[i:i] = ['-c', 'merge.selfcheck.driver={hang}']\n"
        f"os.execv({real!r}, [{real!r}] + args)\n",
        "utf-8",
    )
    wrapper.chmod(0o755)
    return wrapper.parent


def test_kill_9_during_the_merge_then_sync_recovers(team: Team, tmp_path: Path) -> None:
    team.answer(team.bram, {"m-c": 2})
    team.bram_pushes("bram")
    team.answer(team.anna, {"m-b": 1})
    started, fifo = tmp_path / "started", tmp_path / "fifo"
    bindir = hanging_git(tmp_path, started, fifo)
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}", PYTHONIOENCODING="utf-8")
    log = tmp_path / "log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "selfcheck", "--workspace", str(team.anna), "sync"],
            env=env,
            start_new_session=True,
            stdout=out,
            stderr=out,
        )
    try:
        _wait_for(started, proc, log)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert (team.anna / ".git" / "index.lock").exists()  # what the kill left
    proc2 = sync(team.anna)
    assert proc2.returncode == 0, proc2.stderr
    assert "index.lock" in proc2.stdout
    assert team.loads(team.anna) == {"m-a": 1, "m-b": 1, "m-c": 2}
    assert git(team.anna, "status", "--porcelain").stdout == ""


def test_a_stale_lock_and_an_unfinished_merge_get_advice_that_works(team: Team, tmp_path: Path) -> None:
    """An unfinished merge (a questionnaire changed on both sides: a text conflict), then a git
    killed while it held the index lock: `git merge --abort` alone fails; sync's advice works."""
    for folder, title in ((team.anna, "Anna's"), (team.bram, "Bram's")):
        q = folder / "questionnaires" / "mini.toml"
        q.write_text(q.read_text("utf-8").replace("version = ", f"# {title}\nversion = ", 1), "utf-8")
    team.bram_pushes("q")
    proc = sync(team.anna)
    assert proc.returncode == 1 and "questionnaires/mini.toml" in proc.stderr  # the text conflict
    # a git killed while it held the index lock (its smudge filter hangs)
    started, fifo = tmp_path / "started", tmp_path / "fifo"
    hang = tmp_path / "hang.sh"
    hang.write_text(f"#!/bin/sh\ntouch {shlex.quote(str(started))}\ncat {shlex.quote(str(fifo))}\n", "utf-8")
    hang.chmod(0o755)
    os.mkfifo(fifo)
    info = team.anna / ".git" / "info" / "attributes"
    kept = info.read_text("utf-8")
    info.write_text(kept + "questionnaires/mini.toml filter=hang\n", "utf-8")  # after sync's own lines: wins
    killed = subprocess.Popen(
        ["git", "-c", f"filter.hang.smudge={hang}", "checkout", "HEAD", "--", "questionnaires/mini.toml"],
        cwd=team.anna,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(started, killed)
    finally:
        if killed.poll() is None:
            os.killpg(killed.pid, signal.SIGKILL)
        killed.wait()
    info.write_text(kept, "utf-8")
    lock = team.anna / ".git" / "index.lock"
    assert lock.exists()
    assert git(team.anna, "merge", "--abort", ok=False).returncode != 0  # the old advice fails
    err = one_line(sync(team.anna))
    assert not lock.exists()  # stale: no git runs; removed
    assert "merge --abort" in err, err
    advice = err.split("ongedaan met: ", 1)[1].split(" en draai", 1)[0]
    subprocess.run(shlex.split(advice), check=True, capture_output=True)
    # now resolve the way the team would: take Bram's questionnaire, then sync
    git(team.anna, "fetch", "-q", "origin")
    git(team.anna, "checkout", "origin/main", "--", "questionnaires/mini.toml")
    git(team.anna, "commit", "-q", "-m", "take Bram's")
    proc = sync(team.anna)
    assert proc.returncode == 0, proc.stderr


def test_a_received_gitignore_cannot_keep_rounds_from_being_shared(team: Team) -> None:
    (team.bram / ".gitignore").write_text("assessments/\n*.toml\n", "utf-8")
    team.bram_pushes("ignore")
    assert sync(team.anna).returncode == 0
    proc = run_cli("--workspace", str(team.anna), "new", "-q", "mini", "--org", "Gemeente A", "--date", "2026-09-01")
    assert proc.returncode == 0, proc.stderr
    assert sync(team.anna).returncode == 0
    assert team.remote_text("assessments/gemeente-a_mini_2026-09-01.toml").startswith("schema = 1")  # shared


@pytest.mark.parametrize("name", ["assessments/map/x.toml", "assessments/\x1b]0;gehackt\x07.toml.lock"])
def test_a_folder_among_the_assessments_or_an_escape_in_a_name_is_refused_printably(team: Team, name: str) -> None:
    path = team.bram / name
    path.parent.mkdir(exist_ok=True)
    path.write_text("x = 1\n", "utf-8")
    git(team.bram, "add", "-f", "--", name)
    team.bram_pushes("odd")
    err = one_line(sync(team.anna))
    assert "\x1b" not in err and "\x07" not in err
    assert ("assessments/map/x.toml" in err) if "map" in name else ("\\x1b" in err)


def test_a_new_item_and_its_answer_arrive_together_with_a_change_of_ours(team: Team) -> None:
    """Not an attack: the team adds an item to its own questionnaire and answers it while we
    change another answer of the same round. The driver checks their version against their
    questionnaire, so this merges (it must not be refused as an 'unknown item')."""
    q = team.bram / "questionnaires" / "mini.toml"
    q.write_text(
        q.read_text("utf-8") + '\n[[sections.items]]\nid = "m-d"\ntext = { nl = "We doen D.", en = "We do D." }\n'
        "serves = { pharos-9 = { P2 = 1 } }\n",
        "utf-8",
    )
    team.answer(team.bram, {"m-d": 2})
    team.bram_pushes("m-d")
    team.answer(team.anna, {"m-b": 1})
    proc = sync(team.anna)
    assert proc.returncode == 0, proc.stderr
    assert team.loads(team.anna) == {"m-a": 1, "m-b": 1, "m-d": 2}


def test_a_received_questionnaire_that_breaks_our_rounds_is_refused(team: Team) -> None:
    """The shared questionnaire loses the item our round answers (same version): every round
    that opened before must still open, or the merge is undone."""
    q = team.bram / "questionnaires" / "mini.toml"
    text = q.read_text("utf-8")
    start = text.index('[[sections.items]]\nid = "m-a"')
    end = text.index("[[sections.items]]", start + 1)
    q.write_text(text[:start] + text[end:], "utf-8")
    team.bram_pushes("drop m-a")
    bad = team.remote_head()
    err = one_line(sync(team.anna))
    assert team.file in err and "m-a" in err
    assert team.remote_head() == bad
    assert (team.anna / "questionnaires" / "mini.toml").read_text("utf-8") == text
    assert team.loads(team.anna) == {"m-a": 1}


def test_a_lock_of_a_git_that_still_runs_is_left_alone(team: Team, tmp_path: Path) -> None:
    """Only a lock no live git can own is removed: while a git (here one whose smudge filter
    waits) holds the index lock, sync says git is busy and touches nothing."""
    started, fifo = tmp_path / "started", tmp_path / "fifo"
    hang = tmp_path / "hang.sh"
    hang.write_text(f"#!/bin/sh\ntouch {shlex.quote(str(started))}\ncat {shlex.quote(str(fifo))}\n", "utf-8")
    hang.chmod(0o755)
    os.mkfifo(fifo)
    sync(team.anna)  # writes sync's own info/attributes first
    info = team.anna / ".git" / "info" / "attributes"
    kept = info.read_text("utf-8")
    info.write_text(kept + "questionnaires/mini.toml filter=hang\n", "utf-8")
    q = team.anna / "questionnaires" / "mini.toml"
    q.write_text(q.read_text("utf-8") + "\n", "utf-8")
    running = subprocess.Popen(
        ["git", "-c", f"filter.hang.smudge={hang}", "checkout", "HEAD", "--", "questionnaires/mini.toml"],
        cwd=team.anna,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(started, running)
        lock = team.anna / ".git" / "index.lock"
        assert lock.exists()
        err = one_line(sync(team.anna))
        assert "nog bezig" in err and str(running.pid) in err
        assert lock.exists()
    finally:
        if running.poll() is None:
            os.killpg(running.pid, signal.SIGKILL)
        running.wait()
    info.write_text(kept, "utf-8")
    proc = sync(team.anna)  # now it is stale: repaired
    assert proc.returncode == 0, proc.stderr
    assert not (team.anna / ".git" / "index.lock").exists()


def test_info_attributes_win_for_a_workspace_in_a_subfolder_with_an_awkward_name(git_env: Path) -> None:
    """The workspace one folder down, its name with a space and glob characters; the repository's
    top-level .gitattributes (or one in the workspace) says merge=union: git still uses selfcheck's
    driver for its assessments."""
    from selfcheck.core.sync import setup_merge_driver

    git(git_env, "init", "-q", "-b", "main", "repo")
    top = git_env / "repo"
    ws_root = top / "werk ruimte [a*b]"
    (ws_root / "assessments").mkdir(parents=True)
    (top / ".gitattributes").write_text("*.toml merge=union\n", "utf-8")
    (ws_root / ".gitattributes").write_text("assessments/*.toml merge=union\n", "utf-8")
    setup_merge_driver(Workspace(ws_root), top)
    (ws_root / ".gitattributes").write_text("assessments/*.toml merge=union\n", "utf-8")  # last line wins there
    path = "werk ruimte [a*b]/assessments/x.toml"
    out = git(top, "check-attr", "merge", "text", "--", path).stdout
    assert f"{path}: merge: selfcheck" in out and f"{path}: text: unset" in out
    # and nothing else is touched: a file beside the workspace keeps the repository's own line
    assert git(top, "check-attr", "merge", "--", "elders/y.toml").stdout.strip().endswith("merge: union")


def test_a_link_committed_by_hand_is_not_pushed_and_the_advice_works(team: Team) -> None:
    """Someone committed a symlink with plain git: sync first asks to remove it from the disk,
    then (it is still in the last commit) to take it out of git; doing both lets sync push."""
    (team.anna / "exports").mkdir(exist_ok=True)
    shutil.rmtree(team.anna / "exports")
    (team.anna / "exports").symlink_to(team.root, target_is_directory=True)
    git(team.anna, "add", "-f", "exports")
    git(team.anna, "commit", "-q", "-m", "by hand")
    head = team.remote_head()
    err = one_line(sync(team.anna))
    assert "exports" in err and team.remote_head() == head
    os.unlink(err.split("verwijder het: ", 1)[1].strip())
    err = one_line(sync(team.anna))
    assert "niet verstuurd" in err and team.remote_head() == head
    advice = err.split("Haal het uit git met: ", 1)[1].split(" — ", 1)[0]
    subprocess.run(advice, shell=True, check=True, capture_output=True)
    proc = sync(team.anna)
    assert proc.returncode == 0, proc.stderr
    assert git(team.root / "remote.git", "ls-tree", "main", "exports").stdout == ""
