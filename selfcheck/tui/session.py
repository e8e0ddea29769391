"""One assessment open in the app: the core objects, its lock, and saving it off the UI thread."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from selfcheck.core.assessment import load_assessment, serialise
from selfcheck.core.errors import LockedError, SelfcheckError
from selfcheck.core.model import Assessment, Framework, Questionnaire
from selfcheck.core.scoring import Analysis, analyse
from selfcheck.core.storage import Lock, Workspace, atomic_write, now
from selfcheck.i18n import t


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


@dataclass
class Session:
    ws: Workspace
    assessment: Assessment
    questionnaire: Questionnaire
    framework: Framework
    previous: Assessment | None = None
    lock: Lock | None = None
    read_only: bool = False
    read_only_reason: str = ""
    on_disk: str = ""
    """Digest of the bytes we last read or wrote: a different file on disk was changed by someone else."""
    seq: int = 0
    written: int = 0
    error: str = ""
    saved_at: datetime | None = None
    _write_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, ws: Workspace, path: Path, *, framework: str | None = None) -> "Session":
        """Load an assessment and take its edit lock; locked elsewhere means read-only."""
        raw = path.read_bytes()
        a, c = load_assessment(path, ws.library, raw=raw)
        if a is None:
            c.raise_if_failed()
        assert a is not None
        q = ws.library.questionnaire(a.questionnaire)
        fw = ws.library.framework_for(q, framework or a.framework or None)
        s = cls(ws, a, q, fw, on_disk=digest(raw))
        s.previous = ws.previous_round(a)
        lock = Lock.for_file(path)
        try:
            lock.acquire()
            s.lock = lock
        except LockedError as exc:
            s.read_only = True
            s.read_only_reason = str(exc)
        return s

    def close(self) -> None:
        """Finish saving (the write in flight, then anything still pending), then release the lock."""
        if self.lock is not None:
            self.flush()
            self.lock.release()
            self.lock = None

    def flush(self) -> bool:
        """Wait for the write in flight; if a save is still pending (or failed), write the newest
        state now, on this thread. True when everything asked to be saved is on disk.

        For closing and hang-ups: call it where the model is not being changed (the UI thread,
        or after the app stopped). Never raises; a failure stays in `error`.
        """
        if self.read_only:
            return True
        with self._write_lock:  # a worker's write holds this lock: wait for it
            pending = self.written < self.seq or bool(self.error)
        if not pending:
            return True
        try:
            self.write(*self.prepare())
        except (OSError, SelfcheckError) as exc:
            self.error = t("s.save_failed", detail=exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc))
            return False
        self.error = ""
        self.saved_at = now()
        return True

    def analysis(self) -> Analysis:
        prev_q = self.ws.library.questionnaires.get(self.previous.questionnaire) if self.previous else None
        return analyse(self.assessment, self.questionnaire, self.framework, self.previous, prev_q)

    @property
    def state(self) -> str:
        """"saved", "saving", "error" or "readonly"."""
        if self.read_only:
            return "readonly"
        if self.error:
            return "error"
        return "saved" if self.written >= self.seq else "saving"

    def prepare(self) -> tuple[int, bytes]:
        """On the UI thread: stamp and serialise the current state (cheap: a few ms)."""
        if self.read_only:
            raise SelfcheckError(t("s.read_only"))
        self.seq += 1
        self.assessment.updated = now()
        if self.assessment.created is None:
            self.assessment.created = self.assessment.updated
        return self.seq, serialise(self.assessment, self.questionnaire).encode("utf-8")

    def write(self, seq: int, data: bytes) -> bool:
        """In a worker thread: write durably unless a newer state was written already.

        Refuses to overwrite a file that someone else changed since we read or wrote it.
        """
        path = self.assessment.path
        assert path is not None
        with self._write_lock:
            if seq <= self.written:
                return False
            try:
                current = path.read_bytes()
            except FileNotFoundError:
                current = None
            if current is not None and self.on_disk and digest(current) != self.on_disk:
                raise SelfcheckError(t("s.changed_on_disk", file=path.name))
            atomic_write(path, data)
            self.on_disk = digest(data)
            self.written = seq
            return True
