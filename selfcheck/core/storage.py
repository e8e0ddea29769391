"""The workspace on disk: atomic durable writes, locks, listing with a cache, safe file names.

Layout of a workspace:
    assessments/         one TOML file per assessment round
    assessments/.trash/  deleted assessments, moved aside (never destroyed)
    questionnaires/      optional custom content
    exports/             reports written by `selfcheck export`
    .selfcheck/          cache (safe to delete)
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import re
import socket
import stat
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from selfcheck.core.assessment import load_assessment, serialise
from selfcheck.core.checker import MAX_FILE_BYTES, unreadable
from selfcheck.core.content import Library, load_library
from selfcheck.core.errors import LockedError, Problem, SelfcheckError, display_path
from selfcheck.core.model import Assessment
from selfcheck.core.safefile import read_regular
from selfcheck.i18n import t

ENV_WORKSPACE = "SELFCHECK_WORKSPACE"
ENV_EXPORTS = "SELFCHECK_EXPORTS"
DEMO_NAME = "selfcheck-demo"
"""The demo workspace's folder name in the user's data folder (selfcheck/core/demo.py)."""


def default_workspace() -> Path:
    """The user's data folder for selfcheck (platformdirs knows Windows, macOS and XDG)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("selfcheck", appauthor=False))


def default_exports_dir() -> Path | None:
    """Where reports go when the workspace is the user's data folder, which is hidden on every
    platform (%LOCALAPPDATA% on Windows, ~/Library/Application Support, ~/.local/share): the
    folder SELFCHECK_EXPORTS names, else Documents/selfcheck (platformdirs: the Windows Known
    Folder, so also a Documents moved to OneDrive; XDG_DOCUMENTS_DIR on Linux). None where there
    is no Documents folder (a server): then the workspace's own exports/ folder it is."""
    if os.environ.get(ENV_EXPORTS):
        return Path(os.environ[ENV_EXPORTS]).expanduser()
    import platformdirs

    try:
        documents = Path(platformdirs.user_documents_dir())
    except Exception:  # pragma: no cover - a platform platformdirs cannot ask
        return None
    return documents / "selfcheck" if documents.is_dir() else None


def exports_dir_for(root: Path) -> Path:
    """The exports folder of the workspace in `root`. A workspace the user chose (--workspace,
    SELFCHECK_WORKSPACE: a team folder, a synced folder) keeps its reports in its own exports/,
    next to the data; the hidden default workspace and the demo use `default_exports_dir()`."""
    import platformdirs

    own = root / "exports"
    demo = Path(platformdirs.user_data_dir(DEMO_NAME, appauthor=False))
    if root not in (default_workspace(), demo):
        return own
    shown = default_exports_dir()
    if shown is None:
        return own
    return shown / "demo" if root == demo else shown


def resolve_workspace(option: str | None = None) -> Path:
    """--workspace, then SELFCHECK_WORKSPACE, then the user's data folder."""
    if option:
        return Path(option).expanduser()
    if os.environ.get(ENV_WORKSPACE):
        return Path(os.environ[ENV_WORKSPACE]).expanduser()
    return default_workspace()


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def fsync(fd: int) -> None:
    """Flush a file's data to the disk itself.

    On macOS fsync() only hands the data to the drive, whose cache may still lose it on power
    loss; F_FULLFSYNC asks the drive to write it out (where the file system supports it).
    """
    full = getattr(fcntl, "F_FULLFSYNC", None) if fcntl is not None else None
    if full is not None:  # pragma: no cover - macOS
        try:
            fcntl.fcntl(fd, full)
            return
        except OSError:
            pass  # not supported here (e.g. a network file system): fsync is the best there is
    os.fsync(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable; a no-op where the platform cannot open folders (Windows)."""
    if sys.platform == "win32":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fsync(fd)
    finally:
        os.close(fd)


TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 3600
"""A temporary file this old is left over whoever wrote it: a write takes milliseconds."""
_HOST_TAG = hashlib.blake2b(socket.gethostname().encode("utf-8", "replace"), digest_size=3).hexdigest()


def _temp_file(folder: Path, name: str) -> tuple[int, str]:
    """A new private temporary file beside `folder / name`: `.NAME.HOST-PID.RANDOM.tmp`.

    The name says which process on which machine writes it, so that a file left by a process
    that was killed can be recognised and removed (`clean_temp_files`).
    """
    return tempfile.mkstemp(prefix=f".{name}.{_HOST_TAG}-{os.getpid()}.", suffix=TEMP_SUFFIX, dir=folder)


def _temp_writer(path: Path) -> tuple[str, int] | None:
    """(host tag, pid) of the process that made a temporary file, if its name says so."""
    parts = path.name[: -len(TEMP_SUFFIX)].rsplit(".", 2)
    if len(parts) != 3:
        return None
    host, _, pid = parts[1].partition("-")
    return (host, int(pid)) if pid.isdecimal() else None


def clean_temp_files(folder: Path, name: str | None = None) -> int:
    """Remove the temporary files in `folder` (of `name` only, if given) that nobody writes
    any more: their process on this machine is gone, or they are an hour old. A kill between
    creating a temporary file and renaming it leaves one; without this they would pile up.
    Never raises; returns how many were removed."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    prefix = f".{name}." if name else "."
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        path = Path(entry.path)
        writer = _temp_writer(path)
        try:
            if writer is not None and writer[0] == _HOST_TAG:
                if writer[1] == os.getpid() or _pid_alive(writer[1]):
                    continue
            elif time.time() - entry.stat(follow_symlinks=False).st_mtime < STALE_TEMP_SECONDS:
                continue
            path.unlink()
            removed += 1
        except OSError:
            continue
    return removed


def atomic_write(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace `path` with `data` so that it is either wholly old or wholly new, even on a crash.

    A temporary file in the same folder is written, flushed and fsynced, then renamed over the
    old file, and the folder is fsynced. The file is private to its owner (mode 0600).
    """
    folder = path.parent
    fd, tmp = _temp_file(folder, path.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            fsync(fh.fileno())
        if sys.platform != "win32":
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(folder)


def file_digest(data: bytes) -> str:
    """A file's identity by content: two reads give the same digest only for the same bytes."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


# --- safe names

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def slug(text: str, *, limit: int = 40) -> str:
    """A file-name part made from user text: ASCII letters, digits and '-', never empty,
    never a Windows device name, never a path."""
    norm = unicodedata.normalize("NFKD", text)
    ascii_text = norm.encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")
    if not s:
        s = "x" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8] if text else "naamloos"
    if s in _WINDOWS_RESERVED:
        s = s + "-"
    return s


def safe_child(folder: Path, name: str) -> Path:
    """`folder / name`, refusing anything that would leave the folder."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise SelfcheckError(t("s.bad_name"))
    path = folder / name
    if path.resolve().parent != folder.resolve():
        raise SelfcheckError(t("s.bad_name"))
    return path


# --- locks


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)
            return True
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that was killed but not yet reaped by its parent still answers kill(pid, 0);
    it writes nothing any more, so its temporary files and locks are left over (Linux only:
    elsewhere it counts as alive, and the hour-old rule or a later start cleans up)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    # "pid (comm) S ...": the state follows the last ')' (comm may hold spaces and parentheses)
    rest = stat[stat.rfind(")") + 1:].split()
    return bool(rest) and rest[0] == "Z"


@dataclass
class Lock:
    """An edit lock beside an assessment file: `<file>.lock` with who, where and since when.

    The lock file appears whole or not at all: it is written as a temporary file and then
    linked into place, which fails when a lock is there already. Taking over a stale lock (its
    process is gone) happens under a short-lived second lock, `<file>.lock.break`, so that of
    several processes that find the same stale lock at the same moment exactly one gets it.
    """

    path: Path
    held: bool = False

    GRACE_SECONDS = 0.5
    """An unreadable lock younger than this may still be being written (where links are not
    available); it is given this long before it counts as stale."""

    @classmethod
    def for_file(cls, file: Path) -> "Lock":
        return cls(file.with_name(file.name + ".lock"))

    def info(self) -> dict[str, Any] | None:
        try:
            info = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return info if isinstance(info, dict) else None

    def stale(self, info: dict[str, Any] | None) -> bool:
        """A lock is stale when its process is gone from this machine, or it cannot be read."""
        if not info:
            return True
        if info.get("host") != socket.gethostname():
            return False
        pid = info.get("pid")
        return not isinstance(pid, int) or isinstance(pid, bool) or not _pid_alive(pid)

    def _mine(self, info: dict[str, Any] | None) -> bool:
        return bool(info) and info.get("pid") == os.getpid() and info.get("host") == socket.gethostname()  # type: ignore[union-attr]

    def _age(self) -> float:
        try:
            return time.time() - self.path.stat().st_mtime
        except OSError:
            return 0.0

    def _create(self, data: bytes) -> bool:
        """Put a complete lock file in place unless one is there; True when it is ours."""
        folder = self.path.parent
        fd, tmp = _temp_file(folder, self.path.name)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                fsync(fh.fileno())
            if sys.platform != "win32":
                os.chmod(tmp, 0o600)
            try:
                os.link(tmp, self.path)
            except FileExistsError:
                return False
            except OSError:  # pragma: no cover - a file system without hard links
                return self._create_exclusive(data)
        finally:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        fsync_dir(folder)
        return True

    def _create_exclusive(self, data: bytes) -> bool:  # pragma: no cover - file systems without hard links
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            fsync(fh.fileno())
        return True

    def _break(self, seen: dict[str, Any] | None) -> None:
        """Remove the stale lock `seen`, unless someone else replaced it meanwhile."""
        breaker = self.path.with_name(self.path.name + ".break")
        try:
            fd = os.open(breaker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            # Another process is taking the lock over right now (for microseconds). Its
            # breaker only stays when it died doing so: then it is old, or names a dead pid.
            # (Empty, it is being written: alive.)
            try:
                text = breaker.read_text("utf-8").strip()
                old = time.time() - breaker.stat().st_mtime > 5
            except OSError:
                return  # gone already
            if old or (text.isdecimal() and not _pid_alive(int(text))):
                try:
                    breaker.unlink()
                except OSError:
                    pass
            else:
                time.sleep(0.01)
            return
        try:
            os.write(fd, str(os.getpid()).encode("ascii"))
            os.close(fd)
            # Under the breaker nobody else removes a lock (a live holder only its own), so
            # the file read now is the file removed below. Read it again: only the stale lock
            # judged before goes, never one that took its place (or no file at all).
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                return
            try:
                now_info = json.loads(raw)
            except ValueError:
                now_info = None
            if not isinstance(now_info, dict):
                now_info = None
            if now_info != seen or not self.stale(now_info):
                return
            if now_info is None and self._age() < self.GRACE_SECONDS:
                return
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
        finally:
            try:
                breaker.unlink()
            except OSError:
                pass

    def acquire(self) -> None:
        """Take the lock, taking over a stale one; raise LockedError when someone holds it."""
        me = {"user": _user(), "host": socket.gethostname(), "pid": os.getpid(), "since": now().isoformat()}
        data = json.dumps(me).encode("utf-8")
        deadline = time.monotonic() + 5 + self.GRACE_SECONDS
        info: dict[str, Any] | None = None
        while time.monotonic() < deadline:
            if self._create(data):
                self.held = True
                clean_temp_files(self.path.parent, self.path.name[: -len(".lock")])
                return
            info = self.info()
            if self._mine(info):
                self.held = True
                return
            if not self.stale(info):
                assert info is not None
                raise LockedError(
                    t("s.locked", file=self.path.name[: -len(".lock")], user=info.get("user", "?"),
                      host=info.get("host", "?"), since=_short_time(str(info.get("since", "?")))),
                    info,
                ) from None
            if info is None and self.path.exists() and self._age() < self.GRACE_SECONDS:
                time.sleep(0.05)  # maybe being written right now: look again
                continue
            self._break(info)
        raise LockedError(t("s.locked", file=self.path.name[: -len(".lock")], user="?", host="?", since="?"), {})

    def release(self) -> None:
        """Remove the lock if it is ours. Never raises: a lock that cannot be removed (the folder
        became read-only, or vanished) is left behind and counts as stale once we are gone."""
        if self.held:
            info = self.info()
            if info is None or self._mine(info):
                try:
                    self.path.unlink()
                except OSError:
                    pass
            self.held = False


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user name on some containers
        return "?"


def _short_time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


# --- the workspace


SUMMARY_RULES = 2
"""Raised whenever what a cached summary holds is computed differently (2: sealed blind votes
left out), so old cache entries are not reused."""


@dataclass
class Summary:
    """What a listing needs of one assessment, cached by the content hash of its file."""

    path: Path
    organisation: str
    team: str
    questionnaire: str
    questionnaire_version: str
    date: str
    voting: str
    participants: int
    values: dict[str, Any]
    """Per item: the team value (a number, "nvt" or "weet-niet"); unanswered items absent."""
    disagreements: int
    open_actions: int


class Workspace:
    """One workspace folder: its assessments, its custom content, its exports."""

    def __init__(self, root: Path, library: Library | None = None) -> None:
        self.root = Path(root)
        self._library = library

    @property
    def assessments_dir(self) -> Path:
        return self.root / "assessments"

    @property
    def exports_dir(self) -> Path:
        return exports_dir_for(self.root)

    @property
    def content_dir(self) -> Path:
        return self.root / "questionnaires"

    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = load_library([self.content_dir])
        return self._library

    def ensure(self) -> None:
        for d in (self.root, self.assessments_dir, self.exports_dir):
            _private_dir(d)

    def assessment_files(self) -> list[Path]:
        if not self.assessments_dir.is_dir():
            return []
        return sorted(p for p in self.assessments_dir.glob("*.toml") if not p.name.startswith("."))

    def load(self, path: Path, *, raw: bytes | None = None) -> Assessment:
        """Load one assessment (from `raw`, its bytes, when given) or raise SelfcheckError with
        its first problem."""
        if raw is None and not path.exists():
            raise SelfcheckError(t("s.not_found", path=display_path(path)))
        a, c = load_assessment(path, self.library, raw=raw)
        if a is None:
            c.raise_if_failed()
        assert a is not None
        return a

    def load_all(self) -> tuple[list[Assessment], list[Problem]]:
        """Every healthy assessment of the workspace, and the problems of the broken ones."""
        good: list[Assessment] = []
        problems: list[Problem] = []
        for path in self.assessment_files():
            a, c = load_assessment(path, self.library)
            problems.extend(p for p in c.problems if p.severity == "error")
            if a is not None:
                good.append(a)
        return good, problems

    def new_path(self, a: Assessment) -> Path:
        self.ensure()
        stem = "_".join([slug(a.organisation), slug(a.questionnaire), (a.date or date.today()).isoformat()])
        path = self.assessments_dir / f"{stem}.toml"
        n = 2
        while path.exists():
            path = self.assessments_dir / f"{stem}-{n}.toml"
            n += 1
        return path

    def save(self, a: Assessment) -> Path:
        """Write the assessment durably (atomic); stamps `updated`. Returns its path."""
        if a.path is None:
            a.path = self.new_path(a)
        a.updated = now()
        if a.created is None:
            a.created = a.updated
        q = self.library.questionnaires.get(a.questionnaire)
        atomic_write(a.path, serialise(a, q).encode("utf-8"))
        return a.path

    def trash(self, path: Path) -> Path:
        """Move an assessment aside into assessments/.trash/ (never destroyed)."""
        trash = self.assessments_dir / ".trash"
        _private_dir(trash)
        target = trash / path.name
        n = 2
        while target.exists():
            target = trash / f"{path.stem}-{n}{path.suffix}"
            n += 1
        os.replace(path, target)
        fsync_dir(self.assessments_dir)
        return target

    def rounds(self, organisation: str, questionnaire: str, assessments: Iterable[Assessment] | None = None) -> list[Assessment]:
        """All rounds of one organisation and questionnaire, oldest first."""
        pool = assessments if assessments is not None else self.load_all()[0]
        same = [a for a in pool if a.organisation == organisation and a.questionnaire == questionnaire]
        return sorted(same, key=lambda a: (a.date or date.min, _stamp(a.created)))

    def previous_round(self, a: Assessment, assessments: Iterable[Assessment] | None = None) -> Assessment | None:
        """The round before `a` of the same organisation and questionnaire, if any."""
        if a.previous and self.assessments_dir.is_dir():
            candidate = self.assessments_dir / a.previous
            if candidate.is_file() and candidate.resolve().parent == self.assessments_dir.resolve():
                try:
                    return self.load(candidate)
                except SelfcheckError:
                    pass
        rounds = self.rounds(a.organisation, a.questionnaire, assessments)
        earlier = [r for r in rounds if r.path != a.path and (r.date or date.min) < (a.date or date.max)]
        return earlier[-1] if earlier else None

    # --- listing many files fast

    def summaries(self, paths: list[Path] | None = None) -> tuple[list[Summary], list[Problem]]:
        """Summaries of many assessment files, and the problems of the broken ones.

        See `iter_summaries`, which this collects; use that one to keep memory flat over
        very many files.
        """
        problems: list[Problem] = []
        return list(self.iter_summaries(paths, problems)), problems

    def iter_summaries(self, paths: list[Path] | None = None,
                       problems: list[Problem] | None = None) -> Iterator[Summary]:
        """Summaries of many assessment files, one at a time, parsing only files whose bytes are new.

        The cache (.selfcheck/index.sqlite) is keyed by a BLAKE2 hash of each file's bytes and
        of the content it was checked against, so any change is detected, however it was made;
        parsing is the cost this avoids. Problems of broken files are appended to `problems`.
        """
        from selfcheck.core.scoring import team_value

        problems = problems if problems is not None else []
        if paths is None:
            paths = self.assessment_files()
            clean_temp_files(self.assessments_dir)  # left by writers that were killed
        # The summary's rules are part of the key too: entries made before sealed blind votes
        # were left out (issue 12) must not be served again.
        key = hashlib.blake2b(f"{self.library.fingerprint}|summary-{SUMMARY_RULES}".encode(), digest_size=32).digest()
        with _Index(self.root / ".selfcheck" / "index.sqlite") as index:
            for path in paths:
                try:
                    raw = read_regular(path, MAX_FILE_BYTES)  # never a FIFO, a device, a huge file
                except OSError as exc:
                    problems.append(Problem(display_path(path), None, unreadable(exc)))
                    continue
                # The content's fingerprint is part of the key: a changed questionnaire may
                # change what is valid and what counts as disagreement.
                digest = hashlib.blake2b(raw, digest_size=20, key=key).hexdigest()
                cached = index.get(digest)
                if cached is not None:
                    cached["values"] = {_intern(k): v for k, v in cached["values"].items()}
                    yield Summary(path=path, **cached)
                    continue
                # Lines are looked up only for files that turn out broken: the scan costs more
                # than the parse, and warnings of healthy files are not shown here.
                a, c = load_assessment(path, self.library, raw=raw, locate=False)
                if a is None:
                    _, c = load_assessment(path, self.library, raw=raw)
                    problems.extend(p for p in c.problems if p.severity == "error")
                    continue
                q = self.library.questionnaires.get(a.questionnaire)
                values: dict[str, Any] = {}
                disagreements = 0
                for item_id in a.answers:
                    item = q.item(item_id) if q else None
                    value, _source, spread = team_value(a.visible_answer(item_id))
                    if value is not None:
                        values[_intern(item_id)] = value
                    if item is not None and spread is not None and spread >= item.scale.disagreement:
                        disagreements += 1
                fields = dict(
                    organisation=a.organisation, team=a.team, questionnaire=a.questionnaire,
                    questionnaire_version=a.questionnaire_version, date=a.date.isoformat() if a.date else "",
                    voting=a.voting, participants=len(a.participants), values=values, disagreements=disagreements,
                    open_actions=sum(1 for x in a.actions if x.status in ("open", "busy")),
                )
                index.put(digest, fields)
                yield Summary(path=path, **fields)


def _intern(item_id: str) -> str:
    """Item ids repeat in every file: one string each keeps many summaries small."""
    return sys.intern(item_id)


def _stamp(value: datetime | None) -> datetime:
    """A date-time to sort by. One written by hand without an offset counts as UTC: naive and
    aware date-times cannot be compared, and a file may hold either."""
    if value is None:
        return datetime.min.replace(tzinfo=timezone.utc)
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def _is_real(path: Path, kind: Any) -> bool:
    """True when `path` itself (not a link) is of `kind` (stat.S_ISDIR, stat.S_ISREG)."""
    try:
        return bool(kind(os.lstat(path).st_mode))
    except OSError:
        return False


class _Index:
    """A small sqlite cache: content hash -> summary fields as JSON. Losing it costs only time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db: Any = None
        self.error: type[Exception] = Exception
        self.pending: list[tuple[str, str]] = []

    def __enter__(self) -> "_Index":
        import sqlite3  # only listings need it; not importing it keeps start-up short

        self.error = sqlite3.Error
        try:
            _private_dir(self.path.parent)
            # Files in a workspace are untrusted (git can deliver them): a cache that is a FIFO
            # would hang sqlite, a link (or a linked folder) would have it write elsewhere.
            # Work without the cache then.
            if not _is_real(self.path.parent, stat.S_ISDIR):
                return self
            if not self.path.exists():  # private like every file here: it holds names and scores
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600))
            if not _is_real(self.path, stat.S_ISREG):
                return self
            self.db = sqlite3.connect(self.path)
            self.db.execute("create table if not exists summary (digest text primary key, fields text not null)")
        except (OSError, sqlite3.Error):
            self.db = None  # a read-only or broken cache: work without it
        return self

    def get(self, digest: str) -> dict[str, Any] | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute("select fields from summary where digest = ?", (digest,)).fetchone()
        except self.error:
            return None
        return json.loads(row[0]) if row else None

    def put(self, digest: str, fields: dict[str, Any]) -> None:
        self.pending.append((digest, json.dumps(fields, ensure_ascii=False)))
        if len(self.pending) >= 500:
            self.flush()

    def flush(self) -> None:
        if self.db is not None and self.pending:
            try:
                with self.db:
                    self.db.executemany("insert or replace into summary values (?, ?)", self.pending)
            except self.error:
                pass
        self.pending.clear()

    def __exit__(self, *exc: object) -> None:
        self.flush()
        if self.db is not None:
            self.db.close()


def iter_toml(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and the *.toml files in folders named (recursively)."""
    for p in paths:
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*.toml") if ".trash" not in x.parts and ".selfcheck" not in x.parts)
        else:
            yield p
