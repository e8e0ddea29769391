"""One assessment open for editing: the one write path of selfcheck.

Every program that changes an assessment file goes through `OpenAssessment`: the app (its
save worker thread), `selfcheck answer`, and future writers such as votes from phones.

    doc = OpenAssessment.open(ws, path)          # takes the edit lock, or opens read-only
    doc.assessment.answers[...] = ...            # edit the model (one thread: the "model thread")
    seq, data = doc.prepare()                    # model thread: stamp `updated`, serialise (ms)
    doc.write(seq, data)                         # any thread: digest check + durable write
    doc.save()                                   # or both at once, on this thread
    doc.close()                                  # write what is pending, release the lock

What it guarantees:

- **One writer per file.** `open` takes the file's edit lock (`selfcheck.core.locks.Lock`);
  when another program holds it, the assessment opens read-only and `read_only_reason` says
  who has it (`require_lock=True` raises `LockedError` instead, for `selfcheck answer`).
- **Never over someone else's change.** Each write first compares the file on disk with the
  bytes last read or written here (`file_digest`); when another program (an editor, a sync
  tool, a restore from backup) changed it meanwhile, nothing is written and the status is
  `CHANGED_ON_DISK` with a line saying so. A file that is gone is written again.
- **Never through a link.** A symlinked assessment opens read-only with the reason: writing
  would replace the link with a regular copy (the atomic rename replaces the name, not the
  target), silently separating it from the file it pointed at, or write another
  organisation's file on a consultant's machine. A link that appears later is refused at save.
- **Whole or not at all.** Writes are atomic and durable (`storage.atomic_write`); on Windows a
  file held open by a virus scanner or OneDrive is retried briefly (`fileio.retry_busy`).
- **Newest wins, in order.** `prepare` numbers each state; `write` of an older number than
  one already written does nothing, so a slow worker never puts an old state over a newer one.

Threads: `prepare`, `save`, `flush` and `close` run on the thread that changes the model;
`write` may run on any thread (the app's save worker). Writes are serialised by an internal
lock; the status is read and changed under a second, short one.
"""

from __future__ import annotations

import os
import stat
import threading
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

from selfcheck.core import safefile
from selfcheck.core.assessment import load_assessment, serialise
from selfcheck.core.errors import LockedError, SelfcheckError, display_path
from selfcheck.core.model import Assessment, Framework, Questionnaire
from selfcheck.core.scoring import Analysis, analyse
from selfcheck.core.storage import Lock, Workspace, atomic_write, file_digest, now
from selfcheck.i18n import t

__all__ = ["ChangedOnDiskError", "OpenAssessment", "SaveKind", "SaveState", "Status", "read_regular"]

MAX_ASSESSMENT_BYTES = 64 * 1024 * 1024
"""Reading more than this for the digest check is refused (a file swapped for a huge one)."""


class SaveKind(Enum):
    """Where saving stands for an open assessment."""

    SAVED = "saved"
    """Everything asked to be saved is on disk (or nothing was asked yet)."""
    PENDING = "pending"
    """A state was prepared and is being (or waiting to be) written."""
    FAILED = "failed"
    """The last write failed (a full disk, a folder gone, a file held open): `reason` says why.
    Retrying the newest state may work once the cause is gone."""
    CHANGED_ON_DISK = "changed-on-disk"
    """The file was changed by another program since it was read here: nothing is written over
    it. Open it again to see the other change (the answers on screen are kept until closed)."""
    READ_ONLY = "read-only"
    """Opened read-only (another program holds the lock, or the file is a link): `reason` says why."""


SaveState = Literal["saved", "saving", "error", "readonly"]
"""The coarse mark the title bar shows: CHANGED_ON_DISK and FAILED are both "error"."""

_COARSE: dict[SaveKind, SaveState] = {
    SaveKind.SAVED: "saved",
    SaveKind.PENDING: "saving",
    SaveKind.FAILED: "error",
    SaveKind.CHANGED_ON_DISK: "error",
    SaveKind.READ_ONLY: "readonly",
}


@dataclass(frozen=True)
class Status:
    """A snapshot of the saving state, safe to pass between threads."""

    kind: SaveKind
    reason: str = ""
    """One line for a person: why saving failed, or why the file is read-only; else ""."""
    saved_at: datetime | None = None
    """When the newest successful write finished (UTC), if any."""

    @property
    def state(self) -> SaveState:
        return _COARSE[self.kind]


class ChangedOnDiskError(SelfcheckError):
    """The file on disk is no longer the one last read or written here: not overwritten."""


def read_regular(path: Path, limit: int = MAX_ASSESSMENT_BYTES) -> bytes:
    """The bytes of a regular file, following a link; raise SelfcheckError for a FIFO, a device
    or a folder (reading them would hang or never end) and for a file over `limit` bytes.
    (selfcheck/core/safefile.py does the reading: the one reader of every loader.)"""
    try:
        return safefile.read_regular(path, limit)
    except safefile.NotRegularFile:
        raise SelfcheckError(t("s.not_regular", file=display_path(path))) from None
    except safefile.FileTooLarge:
        raise SelfcheckError(t("s.too_big", file=display_path(path))) from None


class OpenAssessment:
    """One assessment open for editing (or read-only). See the module's description."""

    def __init__(
        self,
        ws: Workspace,
        path: Path,
        assessment: Assessment,
        questionnaire: Questionnaire,
        raw: bytes,
        *,
        lock: Lock | None,
        read_only_reason: str = "",
        framework_id: str | None = None,
    ) -> None:
        """Use `OpenAssessment.open`; this only assembles the parts."""
        self.ws = ws
        self.path = path
        self.assessment = assessment
        self.questionnaire = questionnaire
        self.lock = lock
        self.read_only = lock is None
        self.read_only_reason = read_only_reason or (t("s.read_only") if lock is None else "")
        self._framework_id = framework_id
        self.closed = False
        """True once `close` ran: the lock is given up, and no write happens any more."""
        self._write_lock = threading.Lock()  # held for the whole of a write: one at a time
        self._state_lock = threading.Lock()  # held briefly to read or change the fields below
        self._finished = threading.Condition(self._state_lock)  # notified when a write ends (`wait_saved`)
        self._tried = 0  # the newest state a write finished with, written or failed
        self._on_disk = file_digest(raw)
        self._seq = 0
        self._written = 0
        self._failure: SaveKind | None = None
        self.error = ""
        """Why the last write failed (one line, "s.save_failed"), or ""."""
        self.saved_at: datetime | None = None
        """When the newest successful write finished."""

    # --- opening and closing

    @classmethod
    def open(
        cls,
        ws: Workspace,
        path: Path,
        *,
        framework: str | None = None,
        read_only: bool = False,
        require_lock: bool = False,
    ) -> OpenAssessment:
        """Open `path` for editing: take its edit lock, then read and check it.

        Read-only (with `read_only_reason`) when another program holds the lock, when the file
        is a symbolic link, or when `read_only` asks for it. With `require_lock`, those raise
        (LockedError, or SelfcheckError for a link) instead. A missing or broken file raises
        SelfcheckError with one clear line, and leaves no lock behind.
        """
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            raise SelfcheckError(t("s.not_found", path=display_path(path))) from None
        lock: Lock | None = None
        reason = ""
        if stat.S_ISLNK(st.st_mode):
            reason = t("s.symlink", file=path.name, target=_link_target(path))
            if require_lock:
                raise SelfcheckError(reason)
        elif not read_only:
            candidate = Lock.for_file(path)
            try:
                candidate.acquire()
                lock = candidate
            except LockedError as exc:
                if require_lock:
                    raise
                reason = str(exc)
        try:
            raw = read_regular(path)  # read under the lock: as it is now that no other selfcheck writes it
            a, c = load_assessment(path, ws.library, raw=raw)
            if a is None:
                c.raise_if_failed()
            assert a is not None
            q = ws.library.questionnaire(a.questionnaire)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(ws, path, a, q, raw, lock=lock, read_only_reason=reason, framework_id=framework)

    def close(self, *, flush: bool = True) -> bool:
        """Write what is pending (see `flush`; not with `flush=False`, for a caller that saved
        each change itself and reported failures), then release the lock. Idempotent; never
        raises. True when everything asked to be saved is on disk."""
        done = self.flush() if flush else self.status.kind in (SaveKind.SAVED, SaveKind.READ_ONLY)
        with self._write_lock:  # a write in flight ends first; none starts after this
            self.closed = True
            if self.lock is not None:
                self.lock.release()
                self.lock = None
        return done

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # --- what the screens read

    @cached_property
    def framework(self) -> Framework:
        """The framework the results are shown against (resolved on first use)."""
        return self.ws.library.framework_for(
            self.questionnaire, self._framework_id or self.assessment.framework or None
        )

    @cached_property
    def previous(self) -> Assessment | None:
        """The round before this one, for trends (looked up on first use)."""
        return self.ws.previous_round(self.assessment)

    def analysis(self) -> Analysis:
        prev = self.previous
        prev_q = self.ws.library.questionnaires.get(prev.questionnaire) if prev else None
        return analyse(self.assessment, self.questionnaire, self.framework, prev, prev_q)

    @property
    def status(self) -> Status:
        """Where saving stands now (a snapshot)."""
        if self.read_only:
            return Status(SaveKind.READ_ONLY, self.read_only_reason)
        with self._state_lock:
            if self.error:
                return Status(self._failure or SaveKind.FAILED, self.error, self.saved_at)
            kind = SaveKind.SAVED if self._written >= self._seq else SaveKind.PENDING
            return Status(kind, "", self.saved_at)

    @property
    def state(self) -> SaveState:
        """The coarse mark: "saved", "saving", "error" or "readonly"."""
        return self.status.state

    @property
    def seq(self) -> int:
        """The number of the newest prepared state."""
        return self._seq

    @property
    def written(self) -> int:
        """The number of the newest state on disk."""
        return self._written

    @property
    def on_disk(self) -> str:
        """`file_digest` of the bytes last read or written here."""
        return self._on_disk

    # --- saving

    def mark_changed(self) -> int:
        """On the model thread: the model was changed and a writer will `prepare` and `write` it
        soon (phone votes are gathered for a moment and written together). Until then the state
        is "saving", and `flush` (closing, a hang-up) writes the change itself: a change is never
        left out of the file because its writer had not come round to it yet. Returns the
        number of the state now asked for."""
        if self.read_only:
            raise SelfcheckError(self.read_only_reason or t("s.read_only"))
        with self._state_lock:
            self._seq += 1
            return self._seq

    def prepare(self) -> tuple[int, bytes]:
        """On the model thread: stamp `updated` (and `created`) and serialise the current state.
        Cheap (a few ms); the write is `write`, which may run elsewhere."""
        if self.read_only:
            raise SelfcheckError(self.read_only_reason or t("s.read_only"))
        a = self.assessment
        a.updated = now()
        if a.created is None:
            a.created = a.updated
        data = serialise(a, self.questionnaire).encode("utf-8")
        with self._state_lock:
            self._seq += 1
            return self._seq, data

    def write(self, seq: int, data: bytes) -> bool:
        """On any thread: write state `seq` durably, unless a newer one was written already
        (False). Raises ChangedOnDiskError when another program changed the file since it was
        read or written here (nothing written), SelfcheckError for a link, OSError when the
        write itself fails; each is recorded in `status` too."""
        with self._write_lock:
            try:
                return self._write(seq, data)
            finally:
                with self._finished:
                    self._tried = max(self._tried, seq)
                    self._finished.notify_all()

    def wait_saved(self, timeout: float) -> bool:
        """On any thread but the model thread: wait until every state prepared so far was
        written or its write failed (see `status`). False when `timeout` seconds passed first."""
        if self.read_only:
            return True
        with self._finished:
            return self._finished.wait_for(lambda: self._tried >= self._seq, timeout)

    def _write(self, seq: int, data: bytes) -> bool:
        if self.read_only:  # never without the lock, whatever a caller hands in
            raise SelfcheckError(self.read_only_reason or t("s.read_only"))
        if self.closed:  # the close wrote what was pending and gave the lock up: nothing more
            return False
        path = self.path
        with self._state_lock:
            if seq <= self._written:
                return False
        try:
            self._check_target(path)
            atomic_write(path, data)
        except ChangedOnDiskError as exc:
            self._failed(SaveKind.CHANGED_ON_DISK, str(exc))
            raise
        except OSError as exc:
            self._failed(SaveKind.FAILED, exc.strerror or str(exc))
            raise
        except SelfcheckError as exc:
            self._failed(SaveKind.FAILED, str(exc))
            raise
        with self._state_lock:
            self._on_disk = file_digest(data)
            self._written = seq
            self.saved_at = now()
            if self._written >= self._seq:  # the newest state is on disk: earlier failures are overtaken
                self.error = ""
                self._failure = None
        return True

    def save(self) -> None:
        """Prepare and write the current state now, on this thread; raises like `write`."""
        self.write(*self.prepare())

    def flush(self) -> bool:
        """Wait for the write in flight; if a save is still pending (or failed), write the newest
        state now, on this thread. True when everything asked to be saved is on disk.

        For closing and hang-ups: call it where the model is not being changed. Never raises;
        a failure stays in `status`.
        """
        if self.read_only:
            return True
        with self._write_lock, self._state_lock:  # a worker's write holds the first: wait for it
            pending = self._written < self._seq or bool(self.error)
        if not pending:
            return True
        try:
            self.save()
        except (OSError, SelfcheckError):
            return False
        return True

    def _check_target(self, path: Path) -> None:
        """Refuse to write when the file became a link, or changed since read or written here."""
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return  # gone (deleted by hand): written again
        if stat.S_ISLNK(st.st_mode):
            raise SelfcheckError(t("s.symlink", file=path.name, target=_link_target(path)))
        try:
            current = read_regular(path)
        except FileNotFoundError:
            return
        if file_digest(current) != self._on_disk:
            raise ChangedOnDiskError(t("s.changed_on_disk", file=path.name))

    def _failed(self, kind: SaveKind, detail: str) -> None:
        with self._state_lock:
            self._failure = kind
            self.error = t("s.save_failed", detail=detail)


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"
