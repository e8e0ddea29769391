"""The one way selfcheck reads a file it did not write itself: `read_regular`.

Files in a workspace are untrusted input (README, "Security"): git can deliver a FIFO named
``x.toml`` (reading it waits forever for a writer), a symlink to ``/dev/zero`` (reading it
never ends and fills memory) or a huge file. Every loader (questionnaires and frameworks,
assessments, settings, the listing's file scan) reads through `read_regular`, which:

1. looks first (``stat``, following a link) and refuses anything but a regular file, so
   nothing else is even opened (opening some devices does something);
2. opens with ``O_NONBLOCK`` (a FIFO swapped in after the look cannot block the open) and
   checks the opened file again (``fstat``): still a regular file, and the same one;
3. refuses a file larger than `limit` before reading, and stops reading at `limit` + 1 bytes
   if it grows meanwhile.

A link to a regular file is followed: an assessment that is a symlink opens read-only
(selfcheck/core/session.py), and sync refuses links on its own (core/sync.py). The errors are
`OSError` subclasses whose `strerror` is one plain sentence, so code that reports "cannot
read the file: …" for any OSError reports these well too.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from selfcheck.i18n import t

__all__ = ["FileTooLarge", "NotRegularFile", "UnsafeFile", "kind_of", "output_target", "read_regular"]

_CHUNK = 1 << 20


class UnsafeFile(OSError):
    """A file selfcheck will not read; `strerror` says why in one sentence."""


class NotRegularFile(UnsafeFile):
    """Not a regular file: a FIFO, a device, a folder, a socket."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, t("v.not_regular", kind=t(f"v.kind_{kind}")), str(path))
        self.kind = kind


class FileTooLarge(UnsafeFile):
    """Larger than the limit of its kind of file."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, t("v.too_big", size=size, limit=limit), str(path))
        self.size = size
        self.limit = limit


def kind_of(mode: int) -> str:
    """ "regular", "folder", "fifo", "device", "socket" or "other", for a file's st_mode."""
    if stat.S_ISREG(mode):
        return "regular"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path` (a link is followed), at most `limit` of them.

    Raises `NotRegularFile`, `FileTooLarge`, or the `OSError` of the system (missing file,
    no permission, a dangling link). Never blocks on a FIFO, never reads a device.
    """
    before = os.stat(path)
    kind = kind_of(before.st_mode)
    if kind != "regular":
        raise NotRegularFile(path, kind)
    if before.st_size > limit:
        raise FileTooLarge(path, before.st_size, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        now = os.fstat(fd)  # what was opened (a file swapped in after the look is judged here)
        kind = kind_of(now.st_mode)
        if kind != "regular":
            raise NotRegularFile(path, kind)
        if now.st_size > limit:
            raise FileTooLarge(path, now.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileTooLarge(path, size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


# --- where an export may write

_DATA_HEAD = re.compile(rb'(?m)^[ \t]*(?:schema[ \t]*=|kind[ \t]*=[ \t]*["\'](?:questionnaire|framework)["\'])')


def _looks_like_data(path: Path) -> bool:
    """True when a regular file starts like an assessment, questionnaire or framework."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, 64 * 1024)
    finally:
        os.close(fd)
    return _DATA_HEAD.search(head) is not None


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def output_target(output: str | os.PathLike[str], name: str, protected: tuple[Path, ...] = ()) -> Path:
    """The file an export given ``-o OUTPUT`` writes, or SelfcheckError with one plain line.

    - A trailing slash, or an existing folder: into that folder, under `name` (the folder is
      made when missing). ``-o newdir/`` is never a file called "newdir".
    - Otherwise OUTPUT is the file. Refused when it exists and is not a regular file (a FIFO
      or a device would be replaced by a regular file; a link would be replaced, not followed),
      when it is an assessment, questionnaire or framework (by its name ending in .toml, by
      lying in one of the `protected` folders, or by how it starts), or when its folder is
      missing.
    """
    from selfcheck.core.errors import SelfcheckError, display_path
    from selfcheck.core.fileio import private_dir
    from selfcheck.core.storage import safe_child

    text = os.fspath(output)
    folder_meant = text.endswith(("/", os.sep)) or (os.altsep is not None and text.endswith(os.altsep))
    path = Path(text).expanduser()
    if folder_meant or path.is_dir():
        if path.exists() and not path.is_dir():
            raise SelfcheckError(t("x.not_a_folder", path=display_path(path)))
        try:
            private_dir(path)  # each missing folder 0700, whatever the umask (reports hold names)
        except OSError as exc:
            raise SelfcheckError(
                t("x.cannot_make_folder", path=display_path(path), detail=exc.strerror or exc)
            ) from None
        target = safe_child(path, name)
    else:
        if not path.parent.is_dir():
            raise SelfcheckError(t("x.no_folder", path=display_path(path.parent)))
        target = path
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise SelfcheckError(t("v.unreadable", detail=exc.strerror or exc)) from None
    shown = display_path(target)
    if st is not None and stat.S_ISLNK(st.st_mode):
        raise SelfcheckError(t("x.target_link", path=shown))
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise SelfcheckError(t("x.target_special", path=shown, kind=t(f"v.kind_{kind_of(st.st_mode)}")))
    if (
        target.suffix.lower() == ".toml"
        or any(_inside(target, p) for p in protected)
        or (st is not None and _looks_like_data(target))
    ):
        raise SelfcheckError(t("x.target_data", path=shown))
    return target
