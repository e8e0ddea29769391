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
import re
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from selfcheck.core.assessment import assessment_from, load_assessment, serialise
from selfcheck.core.checker import MAX_FILE_BYTES, Checker, parse_bytes
from selfcheck.core.childproc import python_command, sh_command
from selfcheck.core.content import Library, load_library
from selfcheck.core.errors import SelfcheckError, printable
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


def hardening() -> list[str]:
    """`-c` options on every git command sync runs: git must not run anything a received
    repository (or a folder someone else can write to) configures, and the merge driver is
    always ours, whatever `.git/config` says (docs/security-sync.md)."""
    return [
        "-c",
        f"core.hooksPath={os.devnull}",  # no hooks: .git/hooks of a shared folder never run
        "-c",
        "core.fsmonitor=false",  # a command git would run on every status
        "-c",
        "protocol.ext.allow=never",  # ext:: remotes run a command
        "-c",
        "fetch.fsckObjects=true",  # malformed objects (.gitmodules tricks, odd names) refused
        "-c",
        f"merge.{DRIVER}.name=selfcheck: assessments merged per item",
        "-c",
        f"merge.{DRIVER}.driver={driver_command()}",
    ]


def _run(
    args: list[str], cwd: Path, *, check: bool = True, env: dict[str, str] | None = None, stdin_tty: bool = False
) -> subprocess.CompletedProcess[bytes]:
    full_env = dict(os.environ)
    full_env["GIT_MERGE_AUTOEDIT"] = "no"
    full_env.update(env or {})
    proc = subprocess.run(
        [git_binary(), *hardening(), *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        check=False,
        stdin=None if stdin_tty else subprocess.DEVNULL,
    )
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


def driver_command() -> str:
    """The command git runs to merge an assessment file: this Python, isolated, running the
    installed selfcheck only (never a `selfcheck/` folder in the work tree, where git runs it;
    selfcheck/core/childproc.py). git runs it through sh, and passes %O %A %B (temporary files)
    and %P (the path) already quoted."""
    return sh_command(python_command("merge-driver")) + " %O %A %B %P"


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


def _rel_to_top(ws: Workspace, top: Path) -> str:
    """The workspace's folder relative to the repository's top ("" at the top), with "/"."""
    rel = ws.root.resolve().relative_to(top.resolve()).as_posix()
    return "" if rel == "." else rel + "/"


def _attr_pattern(prefix: str, tail: str) -> str:
    """A gitattributes pattern for `prefix` (a literal folder) followed by `tail` (a glob)."""
    literal = re.sub(r"([*?\[\]\\])", r"\\\1", prefix)
    pattern = literal + tail
    if re.search(r'[\s"]', pattern) or pattern.startswith(("#", "!")):
        pattern = '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return pattern


INFO_BEGIN = "# selfcheck: begin (written by selfcheck sync; overrides every .gitattributes)"
INFO_END = "# selfcheck: end"


def info_attributes_lines(prefix: str) -> list[str]:
    """What `$GIT_DIR/info/attributes` (the attributes file with the highest precedence, never
    shared) says about the workspace's files: assessments merge with selfcheck's driver and are
    stored byte for byte, whatever a received `.gitattributes` says (`merge=union`, `binary`,
    `-merge`, a filter, another encoding); questionnaires merge as text (conflict, never union)."""
    return [
        INFO_BEGIN,
        f"{_attr_pattern(prefix, 'assessments/*.toml')} merge={DRIVER} -text -eol -filter -ident -working-tree-encoding",
        f"{_attr_pattern(prefix, 'questionnaires/**')} merge=text -filter -ident -working-tree-encoding",
        INFO_END,
    ]


def _git_path(top: Path, name: str) -> Path:
    path = Path(_out(["rev-parse", "--git-path", name], top))
    return path if path.is_absolute() else top / path


def _write_info_attributes(ws: Workspace, top: Path) -> None:
    path = _git_path(top, "info/attributes")
    _no_link(path.parent, top)
    _no_link(path, top)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        text = ""
    lines = text.splitlines()
    if INFO_BEGIN in lines and INFO_END in lines[lines.index(INFO_BEGIN) :]:
        i = lines.index(INFO_BEGIN)
        j = lines.index(INFO_END, i)
        lines[i : j + 1] = []
    new = lines + info_attributes_lines(_rel_to_top(ws, top))
    data = ("\n".join(new) + "\n").encode("utf-8")
    if data != text.encode("utf-8"):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data, mode=0o644)


def setup_merge_driver(ws: Workspace, top: Path | None = None) -> None:
    """`.gitattributes` (+ `.gitignore` for the cache, locks and trash) in the workspace, the
    overriding `$GIT_DIR/info/attributes`, and the driver in the repository's local config (also
    given on every git command sync runs, see `hardening`; the config is for a plain `git pull`,
    and replaces the `python -m selfcheck` of older versions). Safe to repeat."""
    top = top or repo_root(ws.root)
    for name in (".gitattributes", ".gitignore"):
        _no_link(ws.root / name, top)
    _ensure_lines(ws.root / ".gitattributes", (ATTRIBUTE_LINE,))
    _ensure_lines(ws.root / ".gitignore", IGNORE_LINES)
    _write_info_attributes(ws, top)
    _run(["config", "--local", f"merge.{DRIVER}.name", "selfcheck: assessments merged per item"], top)
    _run(["config", "--local", f"merge.{DRIVER}.driver", driver_command()], top)


# --- what must never come in (docs/security-sync.md)


class Refused(GitError):
    """A check of what arrived (or is about to leave) failed: nothing was pushed."""

    def __init__(self, file: str, reason: str) -> None:
        file, reason = printable(file), printable(reason)  # names and text from a remote: no escapes
        super().__init__(t("sync.file_reason", file=file, reason=reason))
        self.file = file
        self.reason = reason


def _no_link(path: Path, top: Path) -> None:
    """Refuse a symlink or special file at `path` (a missing one is fine)."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise Refused(_shown(path, top), exc.strerror or str(exc)) from None
    if stat.S_ISLNK(st.st_mode):
        raise Refused(_shown(path, top), t("sync.why_symlink"))
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        raise Refused(_shown(path, top), t("sync.why_special"))


def _shown(path: Path, top: Path) -> str:
    try:
        return path.relative_to(top).as_posix()
    except ValueError:
        return str(path)


def check_local_files(ws: Workspace, top: Path) -> None:
    """On disk: the folders and files sync (and the app) reads and writes are real folders and
    regular files, not symlinks (to elsewhere) or special files (a FIFO hangs a reader, a device
    never ends). Checks each folder between the repository's top and the workspace too."""
    root = ws.root.resolve() if ws.root.is_symlink() else ws.root
    rel = Path(os.path.relpath(root, top))
    here = top
    for part in rel.parts if rel.parts != (".",) else ():
        here = here / part
        _no_link(here, top)
    for name in (".selfcheck", "assessments", "exports", "questionnaires", ".gitattributes", ".gitignore"):
        _no_link(root / name, top)
    for folder in (root / "assessments", root / "questionnaires"):
        if folder.is_dir():
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.name.endswith(".toml") or entry.is_dir(follow_symlinks=False):
                    _no_link(Path(entry.path), top)
            if folder.name == "questionnaires":
                for dirpath, dirnames, filenames in os.walk(folder):
                    for name in sorted(dirnames + filenames):
                        _no_link(Path(dirpath) / name, top)


def _tree_entries(top: Path, rev: str, prefix: str) -> list[tuple[str, str]]:
    """(mode, path) of every entry of `rev`'s tree in the workspace folder (recursively)."""
    args = ["ls-tree", "-r", "-z", "--full-tree", rev]
    if prefix:
        args += ["--", prefix]
    raw = _run(args, top).stdout.decode("utf-8", "surrogateescape")
    out = []
    for entry in raw.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        out.append((meta.split(" ")[0], path))
    return out


def _forbidden(rel: str) -> str | None:
    """Why a path in the workspace (relative to it) must never be received or shared."""
    parts = rel.split("/")
    if parts[0] == ".selfcheck":
        return t("sync.why_cache")
    if parts[0] == "assessments" and len(parts) > 2:
        return t("sync.why_subfolder")
    if parts[0] == "assessments" and len(parts) == 2:
        if parts[1].endswith(".lock"):
            return t("sync.why_lock")
        if parts[1].startswith("."):
            return t("sync.why_hidden")
    return None


def check_tree(top: Path, ws: Workspace, rev: str) -> None:
    """What a commit (`rev`: what arrived, or what is about to be pushed) holds in the workspace
    folder: no symlink (120000) or submodule (160000) anywhere, no folder on the way to the
    workspace replaced by one, no cache, lock or hidden file of selfcheck's."""
    prefix = _rel_to_top(ws, top)
    parts = prefix.rstrip("/").split("/") if prefix else []
    for n in range(1, len(parts) + 1):
        up = "/".join(parts[:n])
        raw = _run(["ls-tree", "-z", "--full-tree", rev, "--", up], top).stdout.decode("utf-8", "surrogateescape")
        for entry in raw.split("\0"):
            meta, _, path = entry.partition("\t")
            if path == up and not meta.startswith("040000"):
                raise Refused(up, t("sync.why_not_folder"))
    for mode, path in _tree_entries(top, rev, prefix):
        rel = path[len(prefix) :]
        if mode == "120000":
            raise Refused(path, t("sync.why_symlink"))
        if mode == "160000":
            raise Refused(path, t("sync.why_submodule"))
        why = _forbidden(rel)
        if why:
            raise Refused(path, why)


def check_attributes(top: Path, paths: list[str]) -> None:
    """The attributes git really uses for the assessments: selfcheck's driver, no conversion."""
    if not paths:
        return
    want = {
        "merge": DRIVER,
        "text": "unset",
        "filter": ("unset", "unspecified"),
        "working-tree-encoding": ("unset", "unspecified"),
        "ident": ("unset", "unspecified"),
    }
    raw = _run(["check-attr", "-z", *want, "--", *paths], top).stdout.decode("utf-8", "surrogateescape")
    fields = raw.split("\0")
    for i in range(0, len(fields) - 2, 3):
        path, attr, value = fields[i : i + 3]
        ok = want[attr]
        if value != ok and value not in ok:
            raise Refused(path, t("sync.why_attr", attr=attr, value=value))


def _problem_line(c: Checker) -> str:
    errors = [p for p in c.problems if p.severity == "error"]
    p = (errors or c.problems)[0]
    return f"{t('sync.line', n=p.line)}: {p.message}" if p.line else p.message


def validate_bytes(raw: bytes | None, name: str, library: Library | None) -> tuple[Assessment | None, str]:
    """(assessment, "") when `raw` is an assessment the app opens (checked against its
    questionnaire when `library` is given), else (None, the first problem)."""
    if raw is None:
        return None, t("sync.why_unreadable")
    a, c = load_assessment(Path(name), library, raw=raw)
    if a is None:
        return None, _problem_line(c)
    return a, ""


def _library_at(top: Path, ws: Workspace) -> Library:
    return load_library([ws.content_dir])


def check_assessments(top: Path, ws: Workspace, paths: list[str], rev: str = "HEAD") -> None:
    """Every one of `paths` (from the top) is, in commit `rev`, an assessment that loads with its
    questionnaire (the workspace's content as it is on disk now), and on disk a regular file.
    Paths `rev` does not have (deleted) are skipped."""
    library = _library_at(top, ws)
    for path in paths:
        proc = _run(["cat-file", "blob", f"{rev}:{path}"], top, check=False)
        if proc.returncode != 0:
            continue
        _no_link(top / path, top)
        a, why = validate_bytes(proc.stdout, path, library)
        if a is None:
            raise Refused(path, why)


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
    notes: list[str] = field(default_factory=list)
    """What sync repaired on the way (a stale git lock of an interrupted run)."""

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
    # --ignored: a received .gitignore must not keep rounds from being shared (they are added -f)
    raw = _run(
        ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=traditional", "--", *specs], top
    ).stdout
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
        status = "deleted" if "D" in xy else ("added" if xy in ("??", "!!", "A ", "AM") else "modified")
        out.append((status, path))
    return out


def _ws_parts(path: str, top: Path, ws: Workspace) -> tuple[str, ...]:
    """`path` (from the top, as git names it) relative to the workspace, compared as names:
    never through a link, so a linked file cannot pass for one in the workspace. () outside."""
    prefix = _rel_to_top(ws, top)
    if not path.startswith(prefix) or ".." in path.split("/"):
        return ()
    return tuple(x for x in path[len(prefix) :].split("/") if x)


def _shared(path: str, top: Path, ws: Workspace) -> bool:
    parts = _ws_parts(path, top, ws)
    if not parts:
        return False
    if parts[0] == "assessments":
        return len(parts) == 2 and parts[1].endswith(".toml") and not parts[1].startswith(".")
    return parts[0] in SHARED


def _assessment_file(path: str, top: Path, ws: Workspace) -> bool:
    parts = _ws_parts(path, top, ws)
    return bool(parts) and parts[0] == "assessments"


# --- sync


def _check_locks(ws: Workspace) -> None:
    for path in ws.assessment_files():
        refusal = Lock.for_file(path).holder()  # held elsewhere, or an odd lock that is respected
        if refusal is not None:
            info = refusal.holder
            if not info.get("user"):  # a lock folder, another account's unreadable lock: its own line
                raise GitError(str(refusal))
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
            label = t(
                "sync.file_label",
                org=a.organisation,
                questionnaire=a.questionnaire,
                date=a.date.isoformat() if a.date else "–",
                file=name,
            )
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


# --- an interrupted run, a repository that configures commands


def _git_dirs(top: Path) -> tuple[Path, Path]:
    """(this work tree's git folder, the common one), absolute."""
    own = Path(_out(["rev-parse", "--absolute-git-dir"], top))
    common = Path(_out(["rev-parse", "--git-common-dir"], top))
    return own, (common if common.is_absolute() else (top / common)).resolve()


def git_lock_files(top: Path) -> list[Path]:
    """The lock files git leaves behind when it is killed (index, HEAD, refs, config)."""
    own, common = _git_dirs(top)
    names = [own / n for n in ("index.lock", "HEAD.lock", "MERGE_HEAD.lock", "ORIG_HEAD.lock", "AUTO_MERGE.lock")]
    names += [common / n for n in ("config.lock", "packed-refs.lock", "shallow.lock")]
    found = [p for p in dict.fromkeys(names) if os.path.lexists(p)]
    refs = common / "refs"
    if refs.is_dir():
        for dirpath, _dirs, files in os.walk(refs):
            found += [Path(dirpath) / f for f in sorted(files) if f.endswith(".lock")]
    return found


def git_processes(folders: list[Path]) -> list[int] | None:
    """The live git processes working in one of `folders` (their current folder in one), or
    None when this system does not tell (no /proc)."""
    proc = Path("/proc")
    if not (proc / "self" / "cwd").exists():
        return None
    roots = [str(f.resolve()) for f in folders]
    out: list[int] = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            comm = (entry / "comm").read_text("utf-8", "replace").strip()
            if not comm.startswith("git"):
                continue
            if (entry / "stat").read_text("utf-8", "replace").rsplit(")", 1)[-1].split()[0] == "Z":
                continue  # a zombie: dead, holds nothing
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue  # gone meanwhile, or another account's process
        if any(cwd == r or cwd.startswith(r.rstrip(os.sep) + os.sep) for r in roots):
            out.append(int(entry.name))
    return out


def recover_interrupted(top: Path) -> list[str]:
    """A sync (or any git) killed half-way leaves lock files, and perhaps a merge in progress.
    A lock no live git process can own is removed (git's own advice: "remove the file
    manually"); a merge in progress is refused with advice that works now that the locks are
    gone. Returns what was repaired."""
    notes: list[str] = []
    locks = git_lock_files(top)
    if locks:
        seen = {}
        for lock in locks:
            try:
                st = lock.lstat()
                seen[lock] = (st.st_ino, st.st_mtime_ns)
            except OSError:
                pass
        own, common = _git_dirs(top)
        busy = git_processes([top, own, common])
        shown = _shown(locks[0], top)
        if busy is None:
            raise GitError(t("sync.lock_unknown", file=shown))
        if busy:
            raise GitError(t("sync.git_busy", pid=busy[0], file=shown))
        for lock in locks:
            try:
                st = lock.lstat()
                if seen.get(lock) != (st.st_ino, st.st_mtime_ns):
                    raise GitError(t("sync.git_busy", pid="?", file=_shown(lock, top)))  # a new git took it
                os.unlink(lock)
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise GitError(t("sync.lock_unknown", file=_shown(lock, top))) from exc
            notes.append(t("sync.stale_lock", file=_shown(lock, top)))
        # git's temporary copies for a merge driver (at the top, where git runs the driver)
        tracked = set(_out(["ls-files", "-z", "--", ":(glob).merge_file_*"], top, check=False).split("\0"))
        for entry in top.glob(".merge_file_*"):
            if (
                re.fullmatch(r"\.merge_file_\w{6}", entry.name)
                and entry.name not in tracked
                and entry.is_file()
                and not entry.is_symlink()
            ):
                entry.unlink()
    if _run(["rev-parse", "-q", "--verify", "MERGE_HEAD"], top, check=False).returncode == 0:
        raise GitError(t("sync.merging", top=shlex.quote(str(top))))
    return notes


_RUNS_A_COMMAND = re.compile(
    r"^(core\.(sshcommand|gitproxy|askpass|worktree)"
    r"|filter\..+\.(clean|smudge|process)"
    r"|merge\..+\.driver"
    r"|remote\..+\.(uploadpack|receivepack)"
    r"|gpg\.(.+\.)?program"
    r"|credential\.(.+\.)?helper)$"
)


def check_repo_config(top: Path) -> None:  # `top`: any folder in the repository
    """The repository's own config (`.git/config`: never received from a remote, but anyone
    who can write the folder can write it) must not make git run a program or work elsewhere.
    The user's own (global, system) config is theirs and trusted; hooks and fsmonitor are off
    for sync whatever the config says (`hardening`)."""
    raw = _run(["config", "--list", "--show-scope", "-z"], top, check=False).stdout.decode("utf-8", "replace")
    fields = raw.split("\0")
    for i in range(0, len(fields) - 1, 2):
        scope, entry = fields[i], fields[i + 1]
        key, _, value = entry.partition("\n")
        if scope not in ("local", "worktree"):
            continue
        name = key.lower()
        if not _RUNS_A_COMMAND.match(name):
            continue
        if name == f"merge.{DRIVER}.driver":
            continue  # ours; replaced on the command line anyway
        if (
            name.startswith("credential.")
            and value
            and not value.startswith("!")
            and "/" not in value
            and "\\" not in value
        ):
            continue  # a helper by name (store, cache, manager): git's own, from PATH
        raise GitError(t("sync.repo_config", key=key, top=shlex.quote(str(top))))


# --- sync


def _fix_local(top: Path, path: str) -> str:
    """Advice for a changed file of our own that must not be shared."""
    in_head = _run(["cat-file", "-e", f"HEAD:{path}"], top, check=False).returncode == 0
    where = shlex.quote(str(top))
    if in_head:
        return t("sync.fix_local_restore", top=where, file=shlex.quote(path))
    return t("sync.fix_local_remove", file=shlex.quote(str(top / path)))


def _changed_between(top: Path, old: str | None, new: str, prefix: str) -> list[str]:
    args = ["diff", "--name-only", "-z", "--no-renames", old or EMPTY_TREE, new, "--"]
    args += [prefix] if prefix else []
    return [x for x in _out(args, top).split("\0") if x]


EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def _assessment_paths(paths: list[str], top: Path, ws: Workspace) -> list[str]:
    return [p for p in paths if _shared(p, top, ws) and _assessment_file(p, top, ws)]


def _tracked_assessments(top: Path, ws: Workspace) -> list[str]:
    prefix = _rel_to_top(ws, top)
    listed = _out(["ls-files", "-z", "--", f"{prefix}assessments"], top).split("\0")
    return _assessment_paths([x for x in listed if x], top, ws)


def _failing(top: Path, ws: Workspace, paths: list[str]) -> set[str]:
    """Which of `paths` do not load now (to tell what a received questionnaire broke)."""
    library = _library_at(top, ws)
    bad = set()
    for path in paths:
        try:
            raw: bytes | None = (top / path).read_bytes()
        except OSError:
            raw = None
        if validate_bytes(raw, path, library)[0] is None:
            bad.add(path)
    return bad


def _author(top: Path, rev: str, path: str) -> str:
    return printable(_out(["log", "-1", "--format=%an", rev, "--", path], top, check=False)) or t("sync.who_unknown")


def _driver_reason(stderr: bytes, path: str) -> str:
    text = stderr.decode("utf-8", "replace")
    for line in text.splitlines():
        if line.startswith("selfcheck: ") and path in line:
            return line.split(path, 1)[1].lstrip(": ").strip()[:300]
    return t("sync.why_unmergeable")


def sync(ws: Workspace, message: str | None = None, *, push: bool = True) -> SyncResult:
    """Commit the workspace's changes, pull (merging per item) and push. See the module
    docstring, and docs/security-sync.md for what is checked on the way."""
    if ws.root.is_dir():
        check_repo_config(ws.root)  # first: core.worktree would send everything below elsewhere
    top = repo_root(ws.root)
    notes = recover_interrupted(top)
    _check_locks(ws)
    try:
        check_local_files(ws, top)
    except Refused as exc:
        raise GitError(
            t("sync.refused_local", detail=str(exc))
            + " "
            + t("sync.fix_local_remove", file=shlex.quote(str(top / exc.file)))
        ) from None
    setup_merge_driver(ws, top)
    result = SyncResult(who=who_am_i(top), notes=notes)
    has_head = _run(["rev-parse", "-q", "--verify", "HEAD"], top, check=False).returncode == 0
    library = _library_at(top, ws)
    for status, path in _status(top, ws):
        change = FileChange(path, status, is_assessment=_assessment_file(path, top, ws))
        if status != "deleted":
            try:
                _no_link(top / path, top)
            except Refused as exc:
                raise GitError(t("sync.refused_local", detail=str(exc)) + " " + _fix_local(top, path)) from None
        if change.is_assessment:
            old = _parse(_head_bytes(top, path), path) if has_head else None
            new = None
            if status != "deleted":
                try:
                    raw: bytes | None = (top / path).read_bytes()
                except OSError:
                    raw = None
                new, why = validate_bytes(raw, path, library)
                if new is None:
                    raise GitError(
                        t("sync.refused_local", detail=t("sync.file_reason", file=path, reason=why))
                        + " "
                        + _fix_local(top, path)
                    )
            change.assessment = new or old
            if status != "deleted":  # a deleted round says so; its answers did not change
                change.answers, change.actions = count_changes(old, new)
        result.changes.append(change)
    env = _identity_env(top)
    if result.changes:
        paths = [c.path for c in result.changes]
        _run(["add", "-A", "-f", "--", *paths], top)
        result.message = commit_message(result, message)
        _run(["commit", "-q", "-m", result.message, "--", *paths], top, env=env)
        result.commit = _out(["rev-parse", "--short", "HEAD"], top)
    remote, remote_branch, upstream = _remote(top)
    result.remote, result.branch = remote, remote_branch
    if remote is None or not push:
        return result
    before = _out(["rev-parse", "-q", "--verify", "HEAD"], top, check=False)
    prefix = _rel_to_top(ws, top)
    exists = bool(_out(["ls-remote", "--heads", remote, f"refs/heads/{remote_branch}"], top, stdin_tty=True))
    incoming: str | None = None
    if exists:
        proc = _run(
            ["fetch", "-q", "--no-tags", "--no-recurse-submodules", remote, f"refs/heads/{remote_branch}"],
            top,
            check=False,
            stdin_tty=True,
        )
        if proc.returncode != 0:
            raise GitError(t("sync.git_failed", command="git fetch", detail=_last_line(proc)))
        incoming = _out(["rev-parse", "-q", "--verify", "FETCH_HEAD^{commit}"], top)
        _pull(top, ws, result, before, incoming, env)
        if result.unresolved:
            return result
    if not _out(["rev-parse", "-q", "--verify", "HEAD"], top, check=False):
        return result  # nothing committed yet, nothing to share
    # Before pushing: what leaves is what the app opens, and no link or submodule.
    try:
        check_tree(top, ws, "HEAD")
        check_assessments(top, ws, _assessment_paths(_changed_between(top, incoming, "HEAD", prefix), top, ws))
    except Refused as exc:
        raise GitError(
            t("sync.refused_push", detail=str(exc), top=shlex.quote(str(top)), file=shlex.quote(exc.file))
        ) from None
    push_args = ["push", "-q", "--no-recurse-submodules"] + ([] if upstream else ["-u"])
    push_args += [remote, f"HEAD:refs/heads/{remote_branch}"]
    proc = _run(push_args, top, check=False, stdin_tty=True)
    if proc.returncode != 0:
        raise GitError(t("sync.push_failed", remote=remote, detail=_last_line(proc)))
    result.pushed = True
    return result


def _pull(top: Path, ws: Workspace, result: SyncResult, before: str, incoming: str, env: dict[str, str]) -> None:
    """Merge what was fetched (`incoming`), after checking it, and check the result; on any
    failure the workspace is left as it was before the merge, and Refused says why."""
    prefix = _rel_to_top(ws, top)
    remote = f"{result.remote}/{result.branch}"
    if before and _run(["merge-base", "--is-ancestor", incoming, before], top, check=False).returncode == 0:
        result.pulled = True  # nothing new there
        return

    def refused(file: str, reason: str) -> GitError:
        return GitError(
            t("sync.refused_incoming", file=file, reason=reason, remote=remote, who=_author(top, incoming, file))
        )

    # 1. What arrived, before it touches the work tree: no link, submodule, cache or lock.
    try:
        check_tree(top, ws, incoming)
    except Refused as exc:
        raise refused(exc.file, exc.reason) from None
    questionnaires_changed = bool(_changed_between(top, before or None, incoming, f"{prefix}questionnaires"))
    broken_before = _failing(top, ws, _tracked_assessments(top, ws)) if questionnaires_changed else set()
    # 2. The merge (the driver validates what it writes; attributes are ours, info/attributes).
    check_attributes(top, _tracked_assessments(top, ws))
    proc = _run(
        ["merge", "-q", "--no-edit", "--no-stat", "--allow-unrelated-histories", "-m", f"Merge {remote}", incoming],
        top,
        check=False,
        env=env,
        stdin_tty=True,
    )
    unmerged = _out(["diff", "--name-only", "-z", "--diff-filter=U"], top, check=False).split("\0")
    unmerged = [x for x in unmerged if x]
    if unmerged:
        stages = _out(["ls-files", "-u", "-z"], top, check=False).split("\0")
        both = {e.split("\t", 1)[1] for e in stages if "\t" in e and e.split("\t", 1)[0].split(" ")[2] == "3"}
        both &= {e.split("\t", 1)[1] for e in stages if "\t" in e and e.split("\t", 1)[0].split(" ")[2] == "2"}
        for path in _assessment_paths(unmerged, top, ws):
            if path in both:  # the driver ran and refused: undo the merge, push nothing
                reason = _driver_reason(proc.stderr, path)
                _run(["merge", "--abort"], top)
                raise refused(path, reason)
        result.unresolved = unmerged
        return
    if proc.returncode != 0:
        raise GitError(t("sync.git_failed", command="git merge", detail=_last_line(proc)))
    # 3. The result: still no link, git's attributes still ours, every changed assessment opens.
    try:
        check_tree(top, ws, "HEAD")
        check_attributes(top, _tracked_assessments(top, ws))
        changed = _assessment_paths(_changed_between(top, before or None, "HEAD", prefix), top, ws)
        if questionnaires_changed:
            changed += [p for p in _tracked_assessments(top, ws) if p not in changed and p not in broken_before]
        check_assessments(top, ws, changed)
    except Refused as exc:
        if before:
            _run(["reset", "-q", "--keep", before], top)
        raise refused(exc.file, exc.reason) from None
    result.pulled = True
    after = _out(["rev-parse", "HEAD"], top)
    if before and after != before:
        result.conflicts = _new_conflicts(top, ws, before, after)
    _private_files(ws)


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
    sha = _theirs_commit(head)
    if sha:
        out["theirs"] = _out(["log", "-1", "--format=%an", sha, "--", path], top, check=False)
    return {k: v for k, v in out.items() if v}


def _theirs_commit(head: str) -> str | None:
    """The commit being merged in, as git names it to a merge driver (GITHEAD_<sha>)."""
    for key in os.environ:
        sha = key[len("GITHEAD_") :] if key.startswith("GITHEAD_") else ""
        if sha and sha != head and len(sha) >= 7 and all(ch in "0123456789abcdef" for ch in sha.lower()):
            return sha
    return None


def _library_of_commit(top: Path, sha: str, path: str) -> Library | None:
    """The built-in content plus the questionnaires/ folder (next to the assessments/ folder of
    `path`) as commit `sha` has it: their version is checked against their questionnaire (a
    questionnaire and an answer to its new item may arrive together)."""
    parts = path.split("/")
    if len(parts) < 2 or parts[-2] != "assessments":
        return None
    folder = "/".join(parts[:-2] + ["questionnaires"])
    listed = _run(["ls-tree", "-r", "-z", "--full-tree", sha, "--", folder], top, check=False)
    if listed.returncode != 0:
        return None
    with tempfile.TemporaryDirectory(prefix="selfcheck-theirs-") as tmp:
        root = Path(tmp) / "questionnaires"
        root.mkdir()
        for entry in listed.stdout.decode("utf-8", "surrogateescape").split("\0"):
            meta, _, name = entry.partition("\t")
            fields = meta.split(" ")
            if len(fields) != 3 or fields[0] not in ("100644", "100755") or not name.startswith(folder + "/"):
                continue  # links, submodules: never followed
            rel = name[len(folder) + 1 :].split("/")
            if any(x in ("", ".", "..") for x in rel):
                continue
            blob = _run(["cat-file", "blob", fields[2]], top, check=False)
            if blob.returncode != 0 or len(blob.stdout) > MAX_FILE_BYTES:
                continue
            target = root.joinpath(*rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blob.stdout)
        try:
            return load_library([root])
        except Exception:  # noqa: BLE001 - their content cannot be loaded: judge by ours
            return None


def merge_files(base: Path, ours: Path, theirs: Path, path: str, *, cwd: Path | None = None) -> int:
    """`selfcheck merge-driver %O %A %B %P`: merge per item into OURS (atomically); 0 when
    merged. Each side must be an assessment the app opens, checked against its questionnaire
    (the workspace's, the folder above assessments/), and so must the merge: otherwise OURS is
    left as it is (our own version, which opens), one line on stderr says why, and 1 makes git
    report a conflict (`selfcheck sync` then undoes the merge and pushes nothing)."""
    cwd = cwd or Path.cwd()
    library = _library_for(cwd / path)
    raws: list[bytes | None] = []
    for p in (base, ours, theirs):
        try:
            raws.append(p.read_bytes())
        except OSError:
            raws.append(None)
    o, why_o = validate_bytes(raws[1], path, library)
    if o is None:
        return _refuse_merge(path, t("sync.side_ours", reason=why_o))
    sha = _theirs_commit(_out(["rev-parse", "-q", "--verify", "HEAD"], cwd, check=False))
    theirs_library = _library_of_commit(cwd, sha, path) if sha else None
    th, why_t = validate_bytes(raws[2], path, theirs_library or library)
    if th is None:
        return _refuse_merge(path, t("sync.side_theirs", reason=why_t))
    if o.questionnaire != th.questionnaire:
        return _refuse_merge(path, t("sync.why_other_questionnaire", ours=o.questionnaire, theirs=th.questionnaire))
    b = validate_bytes(raws[0], path, library)[0] if raws[0] else None
    if b is None and raws[0]:
        b = _parse(raws[0], path)  # an old version the questionnaire no longer fits: still the base
    if b is not None and b.questionnaire != o.questionnaire:
        b = None
    who: dict[str, str] = {}
    try:
        who = _authors(cwd, path)
    except (OSError, SelfcheckError):
        pass
    merged = merge_assessments(b, o, th, recorded=datetime.now(UTC).replace(microsecond=0), who=who)
    data = serialise(merged, library.questionnaires.get(merged.questionnaire)).encode("utf-8")
    check, why = validate_bytes(data, path, library)
    if check is None and theirs_library is not None and validate_bytes(data, path, theirs_library)[0] is not None:
        check = merged  # opens with the questionnaire that comes in (sync checks the end result again)
    if check is None:
        return _refuse_merge(path, t("sync.why_merge_invalid", reason=why))
    atomic_write(ours, data)
    return 0


def _refuse_merge(path: str, reason: str) -> int:
    print(f"selfcheck: {path}: {printable(reason)}", file=sys.stderr)
    return 1


def _library_for(file: Path) -> Library:
    """The built-in content plus the workspace's own, the workspace being the folder above
    assessments/."""
    folder = file.parent.parent / "questionnaires" if file.parent.name == "assessments" else None
    return load_library([folder] if folder is not None else [])
