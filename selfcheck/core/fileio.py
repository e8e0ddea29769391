"""Durable files: exclusive creation, private folders, temporary files left by killed
writers, and Windows' "another program has the file open".

`storage.atomic_write` (the atomic replacement every writer uses) is built from these;
`selfcheck.core.storage` re-exports the names.
"""

from __future__ import annotations

import hashlib
import os
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from selfcheck.core.errors import SelfcheckError
from selfcheck.core.proc import pid_alive
from selfcheck.i18n import t

T = TypeVar("T")


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


def private_dir(path: Path) -> None:
    """Make `path` a folder, creating each missing parent with mode 0700 itself.

    `mkdir(parents=True, mode=0o700)` gives only the last folder that mode; the parents get
    0777 minus the umask, which under umask 000 is world-writable (issue 11.7). Folders that
    exist are left as they are.
    """
    missing: list[Path] = []
    p = Path(path)
    while not os.path.lexists(p):
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)  # the umask can only take bits away from 0700
        except FileExistsError:
            pass  # made meanwhile by another process: fine if it is a folder (checked below)
    if not path.is_dir():
        raise NotADirectoryError(20, os.strerror(20), str(path))


# --- Windows: a file another program holds open

BUSY_WINERRORS = frozenset({5, 32, 33})
"""ERROR_ACCESS_DENIED (what MoveFileEx says when the target is open without delete sharing),
ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION."""
BUSY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)
"""Back-off between tries while another program holds the file (1.55 s in all): virus
scanners and OneDrive let go within milliseconds to a second."""
_sleep = time.sleep


class FileBusyError(SelfcheckError):
    """Another program keeps the file open (Windows): one line naming it."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def busy(exc: BaseException) -> bool:
    """A Windows "the file is in use by another program" error."""
    return isinstance(exc, PermissionError) and getattr(exc, "winerror", None) in BUSY_WINERRORS


def retry_busy(action: Callable[[], T], path: Path) -> T:
    """Run `action` (a rename or removal of `path`); while Windows says another program holds
    the file, try again with back-off, then raise FileBusyError naming the file. Every other
    error is raised at once, as is."""
    for delay in (*BUSY_DELAYS, None):
        try:
            return action()
        except PermissionError as exc:
            if not busy(exc):
                raise
            if delay is None:
                # "Access denied" is also what a read-only file gives: the line says both.
                key = "s.busy_or_read_only" if getattr(exc, "winerror", None) == 5 else "s.busy"
                raise FileBusyError(t(key, file=path.name), path) from exc
            _sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


# --- temporary files, atomic and exclusive writes

TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 3600
"""A temporary file this old is left over whoever wrote it: a write takes milliseconds."""
_HOST_TAG = hashlib.blake2b(socket.gethostname().encode("utf-8", "replace"), digest_size=3).hexdigest()


def temp_file(folder: Path, name: str) -> tuple[int, str]:
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
                if writer[1] == os.getpid() or pid_alive(writer[1]):
                    continue
            elif time.time() - entry.stat(follow_symlinks=False).st_mtime < STALE_TEMP_SECONDS:
                continue
            path.unlink()
            removed += 1
        except OSError:
            continue
    return removed


def write_temp(folder: Path, name: str, data: bytes, mode: int, *, sync: Callable[[int], None] = fsync) -> str:
    """A complete, fsynced (`sync`) private temporary file with `data` beside `folder / name`; its path."""
    fd, tmp = temp_file(folder, name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            sync(fh.fileno())
        if sys.platform != "win32":
            os.chmod(tmp, mode)
    except BaseException:
        unlink_quietly(tmp)
        raise
    return tmp


def unlink_quietly(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def create_exclusive(path: Path, data: bytes, *, mode: int = 0o600) -> bool:
    """Create `path` with `data` unless something of that name exists (False then); the file
    appears whole or not at all: a complete temporary file is linked into place, and linking
    fails when the name is taken, whoever takes it at the same moment. On a file system
    without hard links it is created with O_CREAT|O_EXCL and then written."""
    folder = path.parent
    tmp = write_temp(folder, path.name, data, mode)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:  # pragma: no cover - a file system without hard links (FAT, some shares)
            return _create_excl(path, data, mode)
    finally:
        unlink_quietly(tmp)
    fsync_dir(folder)
    return True


def _create_excl(path: Path, data: bytes, mode: int) -> bool:  # pragma: no cover - no hard links
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), mode)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        fsync(fh.fileno())
    fsync_dir(path.parent)
    return True


def file_digest(data: bytes) -> str:
    """A file's identity by content: two reads give the same digest only for the same bytes."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()
