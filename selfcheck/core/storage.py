"""The workspace on disk: assessments, custom content, exports, listing with a cache, safe
file names.

Layout of a workspace:
    assessments/         one TOML file per assessment round
    assessments/.trash/  deleted assessments, moved aside (never destroyed)
    questionnaires/      optional custom content
    exports/             reports written by `selfcheck export`
    .selfcheck/          cache (safe to delete)

Durable writes live in `selfcheck.core.fileio`, the edit lock in `selfcheck.core.locks`, the
one write path for an open assessment in `selfcheck.core.session`; their names are
re-exported here for the code that imported them from this module.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
import tempfile  # noqa: F401 - re-exported: tests patch storage.tempfile.mkstemp
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from selfcheck.core.assessment import load_assessment, serialise
from selfcheck.core.checker import MAX_FILE_BYTES, unreadable
from selfcheck.core.content import Library, load_library
from selfcheck.core.errors import LockedError, Problem, SelfcheckError, display_path, printable
from selfcheck.core.fileio import (
    _HOST_TAG,
    STALE_TEMP_SECONDS,
    TEMP_SUFFIX,
    FileBusyError,
    clean_temp_files,
    create_exclusive,
    file_digest,
    fsync,
    fsync_dir,
    private_dir,
    retry_busy,
    unlink_quietly,
    write_temp,
)
from selfcheck.core.locks import Lock
from selfcheck.core.model import Assessment
from selfcheck.core.proc import pid_alive as _pid_alive
from selfcheck.core.safefile import read_regular
from selfcheck.i18n import t

__all__ = [
    "ENV_WORKSPACE",
    "STALE_TEMP_SECONDS",
    "TEMP_SUFFIX",
    "_HOST_TAG",
    "FileBusyError",
    "Lock",
    "Summary",
    "Workspace",
    "_pid_alive",
    "atomic_write",
    "clean_temp_files",
    "create_exclusive",
    "default_workspace",
    "file_digest",
    "fsync",
    "fsync_dir",
    "iter_toml",
    "now",
    "private_dir",
    "resolve_workspace",
    "retry_busy",
    "safe_child",
    "serialise",
    "slug",
]

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
    return datetime.now(UTC).replace(microsecond=0)


_private_dir = private_dir


def atomic_write(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace `path` with `data` so that it is either wholly old or wholly new, even on a crash.

    A temporary file in the same folder is written, flushed and fsynced, then renamed over the
    old file, and the folder is fsynced. The file is private to its owner (mode 0600). On
    Windows a rename refused because another program holds the file (a virus scanner,
    OneDrive, a PDF reader) is retried briefly, then FileBusyError names the file.
    """
    folder = path.parent
    tmp = write_temp(folder, path.name, data, mode, sync=fsync)  # this module's fsync: tests replace it
    try:
        retry_busy(lambda: os.replace(tmp, path), path)
    except BaseException:
        unlink_quietly(tmp)
        raise
    fsync_dir(folder)


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
        """Make the workspace's folders, each missing one (parents too) private (0700)."""
        for d in (self.root, self.assessments_dir, self.exports_dir):
            private_dir(d)

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
        """A free file name for a new round (`save` takes it exclusively; this only proposes)."""
        self.ensure()
        return next(self._candidates(a))

    def _candidates(self, a: Assessment) -> Iterator[Path]:
        stem = "_".join([slug(a.organisation), slug(a.questionnaire), (a.date or date.today()).isoformat()])
        n = 1
        while True:
            path = self.assessments_dir / (f"{stem}.toml" if n == 1 else f"{stem}-{n}.toml")
            if not os.path.lexists(path):
                yield path
            n += 1

    def save(self, a: Assessment) -> Path:
        """Write the assessment durably; stamps `updated` (and `created`). Returns its path.

        A new assessment (`a.path` is None) gets a file of its own, created exclusively: of
        several processes saving the same round at the same moment, each gets its own name
        (`-2`, `-3`, ...) and none replaces another's file. With `a.path` set the file is
        replaced as it is, without lock or check: for fixtures and tools; the app and every
        command edit through `selfcheck.core.session.OpenAssessment`.
        """
        a.updated = now()
        if a.created is None:
            a.created = a.updated
        q = self.library.questionnaires.get(a.questionnaire)
        if a.path is not None:
            atomic_write(a.path, serialise(a, q).encode("utf-8"))
            return a.path
        data = serialise(a, q).encode("utf-8")
        self.ensure()
        for path in self._candidates(a):
            if create_exclusive(path, data):
                a.path = path
                return path
        raise AssertionError("unreachable")  # pragma: no cover

    def trash(self, path: Path) -> Path:
        """Move an assessment aside into assessments/.trash/ (never destroyed).

        Refused (SelfcheckError, one line) while another program has it open: that program
        would write it back at its next save. The edit lock is held while it is moved.
        """
        lock = Lock.for_file(path)
        try:
            lock.acquire()
        except LockedError as exc:
            who = exc.holder
            if who.get("user") and who.get("host"):
                line = t(
                    "s.trash_locked_by",
                    file=path.name,
                    user=printable(str(who["user"]))[:80],
                    host=printable(str(who["host"]))[:80],
                )
            else:  # an odd lock file, or open in this very program: its own line says which
                line = t("s.trash_locked", file=path.name, detail=exc)
            raise SelfcheckError(line) from None
        try:
            if not os.path.lexists(path):
                raise SelfcheckError(t("s.not_found", path=display_path(path)))
            trash = self.assessments_dir / ".trash"
            private_dir(trash)
            target = trash / path.name
            n = 2
            while os.path.lexists(target):
                target = trash / f"{path.stem}-{n}{path.suffix}"
                n += 1
            retry_busy(lambda: os.replace(path, target), path)
            fsync_dir(self.assessments_dir)
            return target
        finally:
            lock.release()

    def rounds(
        self, organisation: str, questionnaire: str, assessments: Iterable[Assessment] | None = None
    ) -> list[Assessment]:
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

    def iter_summaries(
        self, paths: list[Path] | None = None, problems: list[Problem] | None = None
    ) -> Iterator[Summary]:
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
                fields: dict[str, Any] = dict(
                    organisation=a.organisation,
                    team=a.team,
                    questionnaire=a.questionnaire,
                    questionnaire_version=a.questionnaire_version,
                    date=a.date.isoformat() if a.date else "",
                    voting=a.voting,
                    participants=len(a.participants),
                    values=values,
                    disagreements=disagreements,
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
        return datetime.min.replace(tzinfo=UTC)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


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

    def __enter__(self) -> _Index:
        import sqlite3  # only listings need it; not importing it keeps start-up short

        self.error = sqlite3.Error
        try:
            private_dir(self.path.parent)
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
