"""Sharing a workspace with git: `selfcheck sync` and `selfcheck merge-driver`.

A workspace can be (inside) a git repository. `sync`:
1. sets up the merge driver for assessment files (once, and again whenever the Python that runs
   selfcheck moved): `.gitattributes` in the workspace says `assessments/*.toml merge=selfcheck`,
   and the repository's own config (`.git/config`, never the user's global one) names the
   command: `<python> -m selfcheck merge-driver %O %A %B %P`;
2. commits what changed in the workspace's shared files (assessments/*.toml, questionnaires/,
   .gitattributes, .gitignore; nothing else, and nothing the user staged elsewhere) with a
   message that says who (git's user.name, else the login name), which assessments and how many
   answers changed (each file compared with HEAD's version through the core's loader);
3. with a remote: `git pull --no-rebase` (assessment files merged per item by the driver) and
   `git push`, to the branch's configured upstream, else `origin` (or the only remote).
   Without a remote it commits only, and says so.

Only git talks to the network, and only to the remote the user configured.

Refused, with one clear line: no git, not a repository, a merge in progress, an assessment open
in the app (the app would later write its copy over the merged file).
"""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from selfcheck.core.assessment import assessment_from, serialise
from selfcheck.core.checker import parse_bytes
from selfcheck.core.content import load_library
from selfcheck.core.errors import SelfcheckError
from selfcheck.core.merge import merge_assessments
from selfcheck.core.model import Assessment, Conflict
from selfcheck.core.storage import Lock, Workspace, atomic_write
from selfcheck.i18n import t

DRIVER = "selfcheck"
ATTRIBUTE_LINE = "assessments/*.toml merge=selfcheck"
IGNORE_LINES = (".selfcheck/", "assessments/.trash/", "assessments/*.lock", "assessments/.*.tmp")
SHARED = ("assessments", "questionnaires", ".gitattributes", ".gitignore")


class GitError(SelfcheckError):
    pass


# --- running git


def git_binary() -> str:
    found = shutil.which("git")
    if not found:
        raise GitError(t("sync.no_git"))
    return found


def _run(args: list[str], cwd: Path, *, check: bool = True, env: dict[str, str] | None = None,
         stdin_tty: bool = False) -> subprocess.CompletedProcess[bytes]:
    full_env = dict(os.environ)
    full_env["GIT_MERGE_AUTOEDIT"] = "no"
    full_env.update(env or {})
    proc = subprocess.run([git_binary(), *args], cwd=cwd, env=full_env, capture_output=True,
                          stdin=None if stdin_tty else subprocess.DEVNULL)
    if check and proc.returncode != 0:
        raise GitError(t("sync.git_failed", command="git " + " ".join(args[:2]), detail=_last_line(proc)))
    return proc


def _out(args: list[str], cwd: Path, **kw: object) -> str:
    return _run(args, cwd, **kw).stdout.decode("utf-8", "replace").strip()  # type: ignore[arg-type]


def _last_line(proc: subprocess.CompletedProcess[bytes]) -> str:
    text = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    fatal = [x for x in lines if x.lower().startswith(("fatal:", "error:"))]
    return (fatal or lines or ["?"])[-1][:300]


def repo_root(folder: Path) -> Path:
    if not folder.is_dir():
        raise GitError(t("sync.not_repo", path=folder))
    proc = _run(["rev-parse", "--show-toplevel"], folder, check=False)
    if proc.returncode != 0:
        raise GitError(t("sync.not_repo", path=folder))
    return Path(proc.stdout.decode("utf-8", "replace").strip())


def who_am_i(top: Path) -> str:
    """git's user.name, else the login name."""
    name = _out(["config", "user.name"], top, check=False)
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover
        return "?"


# --- the merge driver's set-up


def driver_command(python: str | None = None) -> str:
    """The command git runs to merge an assessment file. git runs it through a shell, and
    passes %O %A %B (temporary files) and %P (the path) already quoted."""
    exe = Path(python or sys.executable)
    text = exe.as_posix() if os.name == "nt" else str(exe)
    return f"{shlex.quote(text)} -m selfcheck merge-driver %O %A %B %P"


def _ensure_lines(path: Path, lines: tuple[str, ...]) -> bool:
    """Add the lines a file lacks (keeping everything in it); True when it changed."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        text = ""
    have = {x.strip() for x in text.splitlines()}
    missing = [x for x in lines if x not in have]
    if not missing:
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    atomic_write(path, (text + "\n".join(missing) + "\n").encode("utf-8"), mode=0o644)
    return True


def setup_merge_driver(ws: Workspace, top: Path | None = None) -> None:
    """`.gitattributes` (+ `.gitignore` for the cache, locks and trash) in the workspace, and the
    driver in the repository's local config. Safe to repeat."""
    top = top or repo_root(ws.root)
    _ensure_lines(ws.root / ".gitattributes", (ATTRIBUTE_LINE,))
    _ensure_lines(ws.root / ".gitignore", IGNORE_LINES)
    _run(["config", "--local", f"merge.{DRIVER}.name", "selfcheck: assessments merged per item"], top)
    _run(["config", "--local", f"merge.{DRIVER}.driver", driver_command()], top)


# --- what changed


@dataclass
class FileChange:
    path: str
    """Relative to the repository's top."""
    status: str
    """"added", "modified" or "deleted"."""
    is_assessment: bool = False
    assessment: Assessment | None = None
    """The file's new version (its HEAD version when deleted), when it could be read."""
    answers: int = 0
    """Answers (score, votes, note or flag) that differ from HEAD's version."""
    actions: int = 0


@dataclass
class SyncResult:
    who: str
    changes: list[FileChange] = field(default_factory=list)
    commit: str = ""
    message: str = ""
    remote: str | None = None
    branch: str = ""
    pulled: bool = False
    pushed: bool = False
    conflicts: list[tuple[str, Conflict]] = field(default_factory=list)
    """Conflicts the pull's merge added: (file, conflict)."""
    unresolved: list[str] = field(default_factory=list)
    """Files git could not merge: the user resolves them with git."""

    @property
    def answers(self) -> int:
        return sum(c.answers for c in self.changes)


def _parse(raw: bytes | None, name: str) -> Assessment | None:
    if raw is None:
        return None
    c, data = parse_bytes(Path(name), raw)
    if data is None:
        return None
    return assessment_from(c, data, None)


def _head_bytes(top: Path, path: str, rev: str = "HEAD") -> bytes | None:
    proc = _run(["show", f"{rev}:{path}"], top, check=False)
    return proc.stdout if proc.returncode == 0 else None


def _answer_content(a: Assessment, item: str) -> tuple[object, ...]:
    ans = a.answers.get(item)
    if ans is None or ans.is_empty():
        return ()
    return (ans.score, sorted(ans.votes.items(), key=str), ans.note, ans.discuss)


def count_changes(old: Assessment | None, new: Assessment | None) -> tuple[int, int]:
    """(answers, actions) that differ between two versions of an assessment."""
    empty = Assessment(questionnaire="", questionnaire_version="", organisation="")
    old, new = old or empty, new or empty
    items = set(old.answers) | set(new.answers)
    answers = sum(1 for i in items if _answer_content(old, i) != _answer_content(new, i))
    o = {x.id: x for x in old.actions}
    n = {x.id: x for x in new.actions}
    actions = sum(1 for k in set(o) | set(n) if o.get(k) != n.get(k))
    return answers, actions


def _status(top: Path, ws: Workspace) -> list[tuple[str, str]]:
    """(status, path from top) of the workspace's shared files that differ from HEAD."""
    specs = [str((ws.root / s).resolve().relative_to(top.resolve()).as_posix()) for s in SHARED]
    raw = _run(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *specs], top).stdout
    parts = raw.decode("utf-8", "surrogateescape").split("\0")
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(parts):
        entry = parts[i]
        i += 1
        if len(entry) < 4:
            continue
        xy, path = entry[:2], entry[3:]
        if xy[0] in "RC":
            i += 1  # the old name follows
        if "U" in xy or xy in ("AA", "DD"):
            raise GitError(t("sync.unmerged", path=path))
        if not _shared(path, top, ws):
            continue
        status = "deleted" if "D" in xy else ("added" if xy in ("??", "A ", "AM") else "modified")
        out.append((status, path))
    return out


def _shared(path: str, top: Path, ws: Workspace) -> bool:
    rel = (top / path).resolve()
    try:
        parts = rel.relative_to(ws.root.resolve()).parts
    except ValueError:
        return False
    if not parts:
        return False
    if parts[0] == "assessments":
        return len(parts) == 2 and parts[1].endswith(".toml") and not parts[1].startswith(".")
    return parts[0] in SHARED


def _assessment_file(path: str, top: Path, ws: Workspace) -> bool:
    parts = (top / path).resolve().relative_to(ws.root.resolve()).parts
    return parts[0] == "assessments"


# --- sync


def _check_locks(ws: Workspace) -> None:
    for path in ws.assessment_files():
        lock = Lock.for_file(path)
        if lock.path.exists():
            info = lock.info()
            if not lock.stale(info):
                assert info is not None
                raise GitError(t("sync.locked", file=path.name, user=info.get("user", "?"), host=info.get("host", "?")))


def _remote(top: Path) -> tuple[str | None, str, bool]:
    """(remote, branch on the remote, upstream configured)."""
    branch = _out(["symbolic-ref", "--short", "-q", "HEAD"], top, check=False)
    if not branch:
        raise GitError(t("sync.detached"))
    remotes = _out(["remote"], top).split()
    configured = _out(["config", f"branch.{branch}.remote"], top, check=False)
    merge_ref = _out(["config", f"branch.{branch}.merge"], top, check=False)
    if configured and configured in remotes:
        remote_branch = merge_ref.removeprefix("refs/heads/") if merge_ref else branch
        return configured, remote_branch, bool(merge_ref)
    if not remotes:
        return None, branch, False
    if "origin" in remotes:
        return "origin", branch, False
    if len(remotes) == 1:
        return remotes[0], branch, False
    raise GitError(t("sync.which_remote", remotes=", ".join(remotes), branch=branch))


def commit_message(result: SyncResult, subject: str | None = None) -> str:
    """The subject (or --message) and a body: one line per file."""
    assessments = [c for c in result.changes if c.is_assessment]
    auto = t("sync.subject", who=result.who, answers=result.answers, files=len(assessments))
    lines = [subject.strip() if subject and subject.strip() else auto, ""]
    if subject and subject.strip():
        lines += [auto, ""]
    for c in result.changes:
        name = Path(c.path).name
        if c.assessment is not None:
            a = c.assessment
            label = t("sync.file_label", org=a.organisation, questionnaire=a.questionnaire,
                      date=a.date.isoformat() if a.date else "–", file=name)
        else:
            label = c.path
        what = {"added": t("sync.added"), "deleted": t("sync.deleted"), "modified": t("sync.modified")}[c.status]
        detail = [what]
        if c.answers:
            detail.append(t("sync.n_answers", n=c.answers))
        if c.actions:
            detail.append(t("sync.n_actions", n=c.actions))
        lines.append(f"- {label}: {', '.join(detail)}")
    return "\n".join(lines).rstrip() + "\n"


def _identity_env(top: Path) -> dict[str, str]:
    """git refuses to commit without a name and e-mail address: fall back to the login name
    (and login@host), as the message says."""
    env: dict[str, str] = {}
    if not _out(["config", "user.name"], top, check=False):
        name = who_am_i(top)
        env["GIT_AUTHOR_NAME"] = env["GIT_COMMITTER_NAME"] = name
    if not _out(["config", "user.email"], top, check=False):
        login = who_am_i(top)
        env["GIT_AUTHOR_EMAIL"] = env["GIT_COMMITTER_EMAIL"] = f"{login}@{socket.gethostname()}"
    return env


def sync(ws: Workspace, message: str | None = None, *, push: bool = True) -> SyncResult:
    """Commit the workspace's changes, pull (merging per item) and push. See the module docstring."""
    top = repo_root(ws.root)
    if _run(["rev-parse", "-q", "--verify", "MERGE_HEAD"], top, check=False).returncode == 0:
        raise GitError(t("sync.merging"))
    _check_locks(ws)
    setup_merge_driver(ws, top)
    result = SyncResult(who=who_am_i(top))
    has_head = _run(["rev-parse", "-q", "--verify", "HEAD"], top, check=False).returncode == 0
    for status, path in _status(top, ws):
        change = FileChange(path, status, is_assessment=_assessment_file(path, top, ws))
        if change.is_assessment:
            old = _parse(_head_bytes(top, path), path) if has_head else None
            new = None
            if status != "deleted":
                try:
                    new = _parse((top / path).read_bytes(), path)
                except OSError:
                    new = None
            change.assessment = new or old
            if status != "deleted":  # a deleted round says so; its answers did not change
                change.answers, change.actions = count_changes(old, new)
        result.changes.append(change)
    env = _identity_env(top)
    if result.changes:
        paths = [c.path for c in result.changes]
        _run(["add", "-A", "--", *paths], top)
        result.message = commit_message(result, message)
        _run(["commit", "-q", "-m", result.message, "--", *paths], top, env=env)
        result.commit = _out(["rev-parse", "--short", "HEAD"], top)
    remote, remote_branch, upstream = _remote(top)
    result.remote, result.branch = remote, remote_branch
    if remote is None or not push:
        return result
    before = _out(["rev-parse", "-q", "--verify", "HEAD"], top, check=False)
    exists = bool(_out(["ls-remote", "--heads", remote, f"refs/heads/{remote_branch}"], top, stdin_tty=True))
    if exists:
        # Unrelated histories are allowed: two copies that each made their first commit before
        # their first sync (e.g. both cloned an empty repository) share one workspace all the same.
        proc = _run(["pull", "--no-rebase", "--no-edit", "--allow-unrelated-histories", "-q", remote, remote_branch],
                    top, check=False, env=env, stdin_tty=True)
        unmerged = _out(["diff", "--name-only", "--diff-filter=U"], top, check=False).splitlines()
        if unmerged:
            result.unresolved = unmerged
            return result
        if proc.returncode != 0:
            raise GitError(t("sync.git_failed", command="git pull", detail=_last_line(proc)))
        result.pulled = True
        after = _out(["rev-parse", "HEAD"], top)
        if before and after != before:
            result.conflicts = _new_conflicts(top, ws, before, after)
            _private_files(ws)
    if not _out(["rev-parse", "-q", "--verify", "HEAD"], top, check=False):
        return result  # nothing committed yet, nothing to share
    push_args = ["push", "-q"] + ([] if upstream else ["-u"]) + [remote, f"HEAD:refs/heads/{remote_branch}"]
    proc = _run(push_args, top, check=False, stdin_tty=True)
    if proc.returncode != 0:
        raise GitError(t("sync.push_failed", remote=remote, detail=_last_line(proc)))
    result.pushed = True
    return result


def _new_conflicts(top: Path, ws: Workspace, before: str, after: str) -> list[tuple[str, Conflict]]:
    names = _out(["diff", "--name-only", "-z", before, after, "--"], top).split("\0")
    out: list[tuple[str, Conflict]] = []
    for path in names:
        if not path or not _shared(path, top, ws) or not _assessment_file(path, top, ws):
            continue
        new = _parse(_head_bytes(top, path, after), path)
        old = _parse(_head_bytes(top, path, before), path)
        if new is None:
            continue
        seen = old.conflicts if old is not None else []
        out += [(Path(path).name, c) for c in new.conflicts if c not in seen]
    return out


def _private_files(ws: Workspace) -> None:
    """git writes files with the umask's mode; assessment files are private to their owner."""
    if os.name == "nt":  # pragma: no cover
        return
    for path in ws.assessment_files():
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass


# --- the merge driver


def _authors(top: Path, path: str) -> dict[str, str]:
    """Who last changed the file on each side, as far as git tells a merge driver: ours is
    HEAD; theirs is the commit git names in a GITHEAD_<sha> variable (best effort)."""
    out: dict[str, str] = {}
    head = _out(["rev-parse", "-q", "--verify", "HEAD"], top, check=False)
    if head:
        out["ours"] = _out(["log", "-1", "--format=%an", head, "--", path], top, check=False)
    for key in os.environ:
        sha = key[len("GITHEAD_"):] if key.startswith("GITHEAD_") else ""
        if sha and sha != head and all(ch in "0123456789abcdef" for ch in sha.lower()):
            out["theirs"] = _out(["log", "-1", "--format=%an", sha, "--", path], top, check=False)
    return {k: v for k, v in out.items() if v}


def merge_files(base: Path, ours: Path, theirs: Path, path: str, *, cwd: Path | None = None) -> int:
    """`selfcheck merge-driver %O %A %B %P`: merge per item into OURS (atomically); 0 when
    merged, 1 when a side cannot be read (then git's own line merge with conflict markers is
    left in OURS for the user to resolve)."""
    cwd = cwd or Path.cwd()
    raws = []
    for p in (base, ours, theirs):
        try:
            raws.append(p.read_bytes())
        except OSError:
            raws.append(None)
    b = _parse(raws[0], path) if raws[0] else None
    o = _parse(raws[1], path)
    th = _parse(raws[2], path)
    if o is None or th is None or o.questionnaire != th.questionnaire:
        _leave_git_conflict(base, ours, theirs, cwd)
        return 1
    who: dict[str, str] = {}
    try:
        who = _authors(cwd, path)
    except (OSError, SelfcheckError):
        pass
    merged = merge_assessments(b, o, th, recorded=datetime.now(timezone.utc).replace(microsecond=0), who=who)
    q = _questionnaire_for(cwd / path, merged.questionnaire)
    atomic_write(ours, serialise(merged, q).encode("utf-8"))
    return 0


def _leave_git_conflict(base: Path, ours: Path, theirs: Path, cwd: Path) -> None:
    try:
        subprocess.run([git_binary(), "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", str(ours), str(base), str(theirs)],
                       cwd=cwd, capture_output=True)
    except (OSError, SelfcheckError):
        pass


def _questionnaire_for(file: Path, qid: str):  # type: ignore[no-untyped-def]
    """The questionnaire (for the stable order of answers): built-in content plus the
    workspace's own, the workspace being the folder above assessments/."""
    folder = file.parent.parent / "questionnaires" if file.parent.name == "assessments" else None
    try:
        lib = load_library([folder] if folder is not None else [])
    except Exception:  # pragma: no cover - content trouble must never break a merge
        return None
    return lib.questionnaires.get(qid)
