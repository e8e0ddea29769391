"""The edit lock beside an assessment: `<file>.lock`, one writer per file across processes and
machines sharing a folder.

- **Whole or not at all.** The lock file is written completely as a temporary file and then
  linked into place, which fails when a lock is there already (`fileio.create_exclusive`).
- **Never released early.** A lock held in this process is refused to a second holder in the
  same process (`LockedError`, "al geopend in dit programma"): a re-entrant lock would let the
  first release delete the file while the second still believed it held it.
- **Stale locks are recognised** (`selfcheck.core.proc.judge`): a lock from before this
  machine restarted, whose process is gone or has ended, or whose PID now belongs to a
  process started later, is taken over. A lock from another machine is respected, with advice
  on how to clear it if that machine crashed.
- **Odd lock files give one line**, never a raw OS error: a folder, or a lock another user's
  account may not read, is respected (the assessment opens read-only, saying why); a dangling
  symlink, a FIFO, binary junk or a PID of 2**31 or more counts as stale and is replaced.
- **One winner.** Taking over a stale lock happens under a short-lived second lock,
  `<file>.lock.break`, so that of several processes that find the same stale lock at the
  same moment exactly one gets it.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import stat
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from selfcheck.core.errors import LockedError
from selfcheck.core.fileio import (
    FileBusyError,
    clean_temp_files,
    create_exclusive,
    retry_busy,
)
from selfcheck.core.proc import (
    Here,
    Verdict,
    Why,
    here,
    judge,
    own_start,
    probe,
    valid_pid,
)
from selfcheck.i18n import t

MAX_LOCK_BYTES = 64 * 1024
"""A lock file is a few hundred bytes; more is junk (and is not read further)."""

Kind = Literal["none", "lock", "junk", "link", "folder", "special", "unreadable"]


@dataclass(frozen=True)
class LockFile:
    """What is at a lock's path, as read once."""

    kind: Kind
    info: dict[str, Any] | None = None
    """The record, for kind "lock"."""
    raw: bytes = b""
    """The bytes read (kind "lock" and "junk"): under the break lock, only the very same file is removed."""
    detail: str = ""
    """For a person: a link's target, the OS's reason."""
    age: float = 0.0
    """Seconds since it was last written."""


def read_lock(path: Path) -> LockFile:
    """Look at a lock's path without following links or waiting on a FIFO. Never raises."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return LockFile("none")
    except OSError as exc:
        return LockFile("unreadable", detail=exc.strerror or str(exc))
    age = max(0.0, time.time() - st.st_mtime)
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return LockFile("link", detail=target, age=age)
    if stat.S_ISDIR(st.st_mode):
        return LockFile("folder", age=age)
    if not stat.S_ISREG(st.st_mode):
        return LockFile("special", age=age)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return LockFile("none")
    except PermissionError as exc:
        return LockFile("unreadable", detail=exc.strerror or str(exc), age=age)
    except OSError as exc:  # replaced by a link or a FIFO meanwhile, or an I/O error
        return LockFile("junk", detail=exc.strerror or str(exc), age=age)
    try:
        raw = os.read(fd, MAX_LOCK_BYTES + 1)
    except OSError as exc:
        return LockFile("junk", detail=exc.strerror or str(exc), age=age)
    finally:
        os.close(fd)
    if len(raw) > MAX_LOCK_BYTES:
        return LockFile("junk", raw=raw, age=age)
    try:
        info = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return LockFile("junk", raw=raw, age=age)
    if not isinstance(info, dict):
        return LockFile("junk", raw=raw, age=age)
    return LockFile("lock", info=info, raw=raw, age=age)


# --- held in this process

_held: dict[str, Lock] = {}
_held_guard = threading.Lock()


def _key(path: Path) -> str:
    try:
        folder = os.path.realpath(path.parent)
    except OSError:  # pragma: no cover
        folder = os.path.abspath(path.parent)
    return os.path.normcase(os.path.join(folder, path.name))


def _forget_after_fork() -> None:
    # A forked child holds none of its parent's locks (their files name the parent).
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001  # pragma: no cover - no user name on some containers
        return "?"


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _short_time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def _shown(value: object) -> str:
    """A field of someone else's lock, safe to print on one line."""
    from selfcheck.core.errors import printable

    return printable(str(value))[:80] if value not in (None, "") else "?"


@dataclass
class Lock:
    """An edit lock beside an assessment file. See the module's description."""

    path: Path
    held: bool = False
    _record: dict[str, Any] = field(default_factory=dict, repr=False)

    GRACE_SECONDS = 0.5
    """An unreadable lock younger than this may still be being written (where links are not
    available); it is given this long before it counts as stale."""
    PATIENCE_SECONDS = 5.0
    """How long `acquire` keeps trying while other processes take over a stale lock."""

    @classmethod
    def for_file(cls, file: Path) -> Lock:
        return cls(file.with_name(file.name + ".lock"))

    @property
    def file_name(self) -> str:
        """The assessment's file name."""
        return self.path.name.removesuffix(".lock")

    # --- reading someone's lock

    def info(self) -> dict[str, Any] | None:
        """The lock's record, or None when there is none or it cannot be read as one."""
        return read_lock(self.path).info

    def verdict(self, info: dict[str, Any]) -> Verdict:
        """Held or stale, and why (see `selfcheck.core.proc.judge`); a lock naming this very
        process counts as held only while a Lock in this process holds it."""
        where = here()
        if self._names_me(info, where):
            with _held_guard:
                holder = _held.get(_key(self.path))
            mine = holder is not None and holder.held  # reserved by an acquire in progress is not held
            return Verdict(Why.RUNNING if mine else Why.GONE)
        return judge(info, where, probe)

    def stale(self, info: dict[str, Any] | None) -> bool:
        """A lock is stale when its holder is gone (see `verdict`), or it cannot be read as a lock."""
        if not info:
            return True
        return self.verdict(info).stale

    @staticmethod
    def _names_me(info: dict[str, Any], where: Here) -> bool:
        if info.get("pid") != os.getpid():
            return False
        boot = info.get("boot")
        if isinstance(boot, str) and boot and where.boot and boot != where.boot:
            return False
        if isinstance(info.get("pidns"), str) and info.get("pidns") and where.pidns and info["pidns"] != where.pidns:
            return False
        start, mine = info.get("start"), own_start()
        if isinstance(start, int) and mine is not None and start != mine:
            return False
        return bool(boot) or info.get("host") == where.host

    # --- taking and releasing

    def acquire(self) -> None:
        """Take the lock, taking over a stale one; raise LockedError (one line, for a person)
        when someone holds it, this process included."""
        key = _key(self.path)
        with _held_guard:
            if self.held or key in _held:
                raise LockedError(t("s.locked_here", file=self.file_name), {"pid": os.getpid()})
            _held[key] = self  # reserved: another thread of this process is refused meanwhile
        try:
            self._acquire()
        except BaseException:
            with _held_guard:
                if _held.get(key) is self:
                    del _held[key]
            raise
        self.held = True

    def _acquire(self) -> None:
        where = here()
        self._record = {
            "user": _user(),
            "host": where.host,
            "pid": os.getpid(),
            "since": _now().isoformat(),
            "boot": where.boot,
            "pidns": where.pidns,
            "machine": where.machine,
            "start": own_start(),
        }
        data = json.dumps(self._record).encode("utf-8")
        deadline = time.monotonic() + self.PATIENCE_SECONDS + self.GRACE_SECONDS
        seen = LockFile("none")
        while time.monotonic() < deadline:
            try:
                if create_exclusive(self.path, data):
                    clean_temp_files(self.path.parent, self.file_name)
                    return
            except OSError as exc:  # a read-only folder, a full disk: say so, read-only
                raise LockedError(
                    t("s.lock_cannot_create", file=self.file_name, detail=exc.strerror or str(exc)), {}
                ) from None
            seen = read_lock(self.path)
            if seen.kind == "none":
                continue  # released just now: try again
            refusal = self._refusal(seen)
            if refusal is not None:
                raise refusal
            if seen.kind == "junk" and seen.age < self.GRACE_SECONDS:
                time.sleep(0.05)  # young: maybe being written right now (no hard links); look again
                continue
            self._break(seen)
        raise LockedError(t("s.lock_contended", file=self.file_name, lock=self.path.name), seen.info or {})

    def holder(self) -> LockedError | None:
        """Why this lock may not be taken now (the LockedError `acquire` would raise, whose
        message is one line for a person), or None when it is free or stale (`acquire` would
        take it over). For code that must not run while an assessment is open elsewhere
        (sync); it changes nothing."""
        return self._refusal(read_lock(self.path))

    def _refusal(self, seen: LockFile) -> LockedError | None:
        if seen.kind == "folder":
            return LockedError(t("s.lock_folder", file=self.file_name, lock=self.path.name), {})
        if seen.kind == "unreadable":
            return LockedError(t("s.lock_unreadable", file=self.file_name, lock=self.path.name, detail=seen.detail), {})
        if seen.kind == "lock":
            assert seen.info is not None
            verdict = self.verdict(seen.info)
            if not verdict.stale:
                return self._held_by(seen.info, verdict)
        return None

    def _held_by(self, info: dict[str, Any], verdict: Verdict) -> LockedError:
        if verdict.why is Why.RUNNING and self._names_me(info, here()):
            return LockedError(t("s.locked_here", file=self.file_name), info)
        # Advice on clearing it where it cannot be checked from here: another machine's lock,
        # or an older selfcheck's (no boot recorded: after a restart its PID may be another's).
        unsure = verdict.why is Why.ELSEWHERE or not info.get("boot")
        key = "s.locked_elsewhere" if unsure else "s.locked"
        return LockedError(
            t(
                key,
                file=self.file_name,
                user=_shown(info.get("user")),
                host=_shown(info.get("host")),
                since=_short_time(_shown(info.get("since"))),
                lock=self.path.name,
            ),
            info,
        )

    def _break(self, seen: LockFile) -> None:
        """Remove the stale lock `seen`, unless someone else replaced it meanwhile."""
        breaker = self.path.with_name(self.path.name + ".break")
        try:
            fd = os.open(breaker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            self._clear_dead_breaker(breaker)
            return
        except OSError as exc:
            raise LockedError(
                t("s.lock_stuck", file=self.file_name, lock=self.path.name, detail=exc.strerror or str(exc)), {}
            ) from None
        try:
            os.write(
                fd,
                json.dumps(
                    {
                        "pid": os.getpid(),
                        "start": own_start(),
                        "boot": here().boot,
                        "host": here().host,
                        "pidns": here().pidns,
                    }
                ).encode("utf-8"),
            )
            os.close(fd)
            # Under the breaker nobody else removes a lock (a live holder only its own), so
            # the file read now is the file removed below. Read it again: only the stale lock
            # judged before goes, never one that took its place (or no file at all).
            now = read_lock(self.path)
            if now.kind != seen.kind or now.raw != seen.raw or now.kind in ("none", "folder", "unreadable"):
                return
            if now.kind == "lock" and (now.info is None or not self.stale(now.info)):
                return
            if now.kind == "junk" and now.age < self.GRACE_SECONDS:
                return
            try:
                retry_busy(lambda: os.unlink(self.path), self.path)
            except FileNotFoundError:
                pass
            except FileBusyError:
                raise LockedError(
                    t("s.lock_stuck", file=self.file_name, lock=self.path.name, detail=t("s.in_use")), {}
                ) from None
            except OSError as exc:
                raise LockedError(
                    t("s.lock_stuck", file=self.file_name, lock=self.path.name, detail=exc.strerror or str(exc)), {}
                ) from None
        finally:
            try:
                os.unlink(breaker)
            except OSError:
                pass

    def _clear_dead_breaker(self, breaker: Path) -> None:
        """Another process is taking the lock over right now (for microseconds). Its breaker
        only stays when it died doing so: then it is old, or names a process that is gone.
        (Empty, it is being written: alive.)"""
        found = read_lock(breaker)
        if found.kind == "none":
            return
        if found.kind == "folder":  # nobody makes one: never removed, said in one line
            raise LockedError(t("s.lock_folder", file=self.file_name, lock=breaker.name), {})
        dead = found.age > 5 or found.kind in ("link", "special")
        if not dead and found.kind == "lock" and found.info is not None:
            dead = valid_pid(found.info.get("pid")) and judge(found.info, here(), probe).stale
        elif not dead and found.kind == "junk" and found.raw.strip().isdigit():  # an older selfcheck's
            dead = (
                not valid_pid(int(found.raw))
                or judge({"pid": int(found.raw), "host": here().host}, here(), probe).stale
            )
        if not dead:
            time.sleep(0.01)
            return
        try:
            retry_busy(lambda: os.unlink(breaker), breaker)
        except FileNotFoundError:
            pass
        except (OSError, FileBusyError) as exc:
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else t("s.in_use")
            raise LockedError(t("s.lock_stuck", file=self.file_name, lock=breaker.name, detail=detail), {}) from None

    def release(self) -> None:
        """Remove the lock if it is ours. Never raises: a lock that cannot be removed (the folder
        became read-only, or vanished) is left behind and counts as stale once we are gone."""
        if not self.held:
            return
        try:
            found = read_lock(self.path)
            if found.kind == "lock" and found.info == self._record:
                with contextlib.suppress(Exception):  # never raises, see above
                    retry_busy(lambda: os.unlink(self.path), self.path)
        finally:
            self.held = False
            with _held_guard:
                if _held.get(_key(self.path)) is self:
                    del _held[_key(self.path)]
