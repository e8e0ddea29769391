"""Is the process that left a lock still there? Process identity across restarts, PID reuse,
containers and Windows, with the standard library only.

A lock records who holds it: host name, PID, and also

- `boot`: which boot of which machine: Linux's `/proc/sys/kernel/random/boot_id` (a random
  id per boot, `linux:<uuid>`); elsewhere the boot time (`time:<epoch seconds>`, from
  GetTickCount64 on Windows, `kern.boottime` on macOS);
- `pidns`: the Linux PID namespace (`/proc/self/ns/pid`): two containers share the kernel,
  and so the boot id, but not their PIDs;
- `machine`: a machine id (`/etc/machine-id`, Windows' MachineGuid), to recognise this
  machine after a restart under another host name (Windows renames need a restart);
- `start`: the process's start time (Linux: field 22 of `/proc/PID/stat`, clock ticks since
  boot; Windows: the creation time from GetProcessTimes), so a PID that now belongs to
  another process is told apart from the one that took the lock.

`judge` is the decision, a pure function of the lock's record, this process's `Here` and a
`probe` of a PID; `probe_windows` is the Windows probe written against `WinApi`, a small
stand-in for the system calls (OpenProcess, GetExitCodeProcess, GetProcessTimes), so both
are tested on any platform.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Protocol

PID_LIMIT = 2**31
"""PIDs are below this everywhere (Linux's pid_max is at most 2**22); a lock naming a larger
one is junk (os.kill would raise OverflowError)."""

BOOT_TIME_SLACK = 300
"""Two boot times (`time:` boots) this close are the same boot: the boot time is computed from
the clock minus the uptime, and the clock may be corrected between two readings. The
process start time still tells a restarted machine's processes apart."""


# --- this process and this machine


@dataclass(frozen=True)
class Here:
    """Where this process runs, as recorded in a lock."""

    host: str
    boot: str = ""
    pidns: str = ""
    machine: str = ""


def _read_first_line(path: str) -> str:
    try:
        with open(path, encoding="ascii", errors="replace") as fh:
            return fh.readline(200).strip()
    except OSError:
        return ""


@cache
def boot_id() -> str:
    """An id of this boot of this machine, or "" where none can be had."""
    if sys.platform.startswith("linux"):
        text = _read_first_line("/proc/sys/kernel/random/boot_id")
        if text:
            return "linux:" + text
    boot = _boot_time()
    return f"time:{boot}" if boot is not None else ""


def _boot_time() -> int | None:
    """When this machine booted (epoch seconds), where the platform says."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32")
        kernel32.GetTickCount64.restype = ctypes.c_ulonglong
        return round(time.time() - int(kernel32.GetTickCount64()) / 1000)
    if sys.platform == "darwin":  # pragma: no cover - macOS
        try:
            import ctypes
            import ctypes.util

            libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)

            class Timeval(ctypes.Structure):
                _fields_ = [("tv_sec", ctypes.c_long), ("tv_usec", ctypes.c_long)]

            tv = Timeval()
            size = ctypes.c_size_t(ctypes.sizeof(tv))
            if libc.sysctlbyname(b"kern.boottime", ctypes.byref(tv), ctypes.byref(size), None, 0) == 0:
                return int(tv.tv_sec)
        except (OSError, AttributeError, TypeError):
            return None
    return None


@cache
def pid_namespace() -> str:
    """Linux: the PID namespace of this process ("pid:[4026531836]"); else ""."""
    try:
        return os.readlink("/proc/self/ns/pid")
    except OSError:
        return ""


@cache
def machine_id() -> str:
    """A stable id of this machine (it survives restarts and renames), or ""."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        try:
            import winreg

            with winreg.OpenKey(
                winreg.HKEY_LOCAL_MACHINE,
                r"SOFTWARE\Microsoft\Cryptography",
                0,
                winreg.KEY_READ | winreg.KEY_WOW64_64KEY,
            ) as key:
                value, _kind = winreg.QueryValueEx(key, "MachineGuid")
                return f"win:{value}"
        except OSError:
            return ""
    for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        text = _read_first_line(path)
        if text:
            return text
    return ""


def here() -> Here:
    """This process's place (the host name is read each time: it may change while running)."""
    return Here(host=socket.gethostname(), boot=boot_id(), pidns=pid_namespace(), machine=machine_id())


_own_start: dict[int, int | None] = {}


def own_start() -> int | None:
    """This process's start time, in the unit `probe` reports (None where unknown)."""
    pid = os.getpid()  # after a fork the child has its own
    if pid not in _own_start:
        _own_start[pid] = probe(pid).start
    return _own_start[pid]


# --- looking at another process


class Seen(Enum):
    """What a look at a PID found."""

    RUNNING = "running"
    """A process with this PID runs (its start time tells whether it is the same one)."""
    GONE = "gone"
    """No process with this PID."""
    EXITED = "exited"
    """It has ended, but is still there as an entry (a zombie; a Windows process whose handle
    someone still holds): it writes nothing any more."""
    HIDDEN = "hidden"
    """It exists but may not be looked at (another user's process): counts as running."""


@dataclass(frozen=True)
class Probe:
    seen: Seen
    start: int | None = None
    """Its start time, when it could be read."""


def valid_pid(pid: object) -> bool:
    return isinstance(pid, int) and not isinstance(pid, bool) and 0 < pid < PID_LIMIT


def probe(pid: int) -> Probe:
    """Look at `pid` on this machine (this platform's way)."""
    if not valid_pid(pid):
        return Probe(Seen.GONE)
    if sys.platform == "win32":  # pragma: no cover - Windows
        return probe_windows(pid, _kernel32())
    return probe_posix(pid)


def probe_posix(pid: int) -> Probe:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return Probe(Seen.GONE)
    except PermissionError:
        seen = Seen.HIDDEN
    except (OverflowError, ValueError, OSError):
        return Probe(Seen.GONE)
    else:
        seen = Seen.RUNNING
    state, start = _darwin_info(pid) if sys.platform == "darwin" else _linux_stat(pid)
    if state == "Z":  # killed, not yet reaped by its parent: it writes nothing any more
        return Probe(Seen.EXITED, start)
    return Probe(seen, start)


def _darwin_info(pid: int) -> tuple[str, int | None]:  # pragma: no cover - macOS, untested here
    """macOS: ("Z" for a zombie, else "", start time in microseconds since the epoch) from
    libproc's proc_pidinfo(PROC_PIDTBSDINFO); ("", None) when it cannot be read."""
    try:
        import ctypes
        import ctypes.util

        class BsdInfo(ctypes.Structure):  # struct proc_bsdinfo, <sys/proc_info.h>
            _fields_ = [
                ("pbi_flags", ctypes.c_uint32),
                ("pbi_status", ctypes.c_uint32),
                ("pbi_xstatus", ctypes.c_uint32),
                ("pbi_pid", ctypes.c_uint32),
                ("pbi_ppid", ctypes.c_uint32),
                ("ids", ctypes.c_uint32 * 6),  # uid, gid, ruid, rgid, svuid, svgid
                ("rfu_1", ctypes.c_uint32),
                ("pbi_comm", ctypes.c_char * 16),
                ("pbi_name", ctypes.c_char * 32),
                ("counts", ctypes.c_uint32 * 5),  # nfiles, pgid, pjobc, e_tdev, e_tpgid
                ("pbi_nice", ctypes.c_int32),
                ("pbi_start_tvsec", ctypes.c_uint64),
                ("pbi_start_tvusec", ctypes.c_uint64),
            ]

        libproc = ctypes.CDLL(ctypes.util.find_library("proc") or "libproc.dylib")
        info = BsdInfo()
        got = libproc.proc_pidinfo(pid, 3, ctypes.c_uint64(0), ctypes.byref(info), ctypes.sizeof(info))
        if got != ctypes.sizeof(info) or info.pbi_pid != pid:
            return "", None
        state = "Z" if info.pbi_status == 5 else ""  # SZOMB
        return state, int(info.pbi_start_tvsec) * 1_000_000 + int(info.pbi_start_tvusec)
    except (OSError, AttributeError, TypeError, ValueError):
        return "", None


def _linux_stat(pid: int) -> tuple[str, int | None]:
    """(state letter, start time in clock ticks since boot) from /proc/PID/stat; ("", None)
    where there is no /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text("ascii", errors="replace")
    except OSError:
        return "", None
    # "pid (comm) S ppid ...": comm may hold spaces and parentheses, so split after the last
    # ')'. The state is field 3, the start time field 22: index 0 and 19 of what follows.
    rest = text[text.rfind(")") + 1 :].split()
    state = rest[0] if rest else ""
    start = int(rest[19]) if len(rest) > 19 and rest[19].isdecimal() else None
    return state, start


def pid_alive(pid: int) -> bool:
    """A process with this PID runs on this machine (or exists and may not be looked at)."""
    return probe(pid).seen in (Seen.RUNNING, Seen.HIDDEN)


# --- Windows, against a stand-in for its system calls

STILL_ACTIVE = 259
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_PARAMETER = 87
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000


class WinApi(Protocol):
    """The few kernel32 calls the Windows probe needs, one method each."""

    def open_process(self, pid: int) -> int:
        """OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid): a handle, 0 on failure."""

    def last_error(self) -> int:
        """GetLastError() right after the failed call."""

    def exit_code(self, handle: int) -> int | None:
        """GetExitCodeProcess: STILL_ACTIVE (259) while it runs; None when the call fails."""

    def creation_time(self, handle: int) -> int | None:
        """GetProcessTimes' creation time (a FILETIME as an int); None when the call fails."""

    def close(self, handle: int) -> None:
        """CloseHandle."""


def probe_windows(pid: int, api: WinApi) -> Probe:
    """Look at `pid` through `api`.

    "Access denied" from OpenProcess means the process exists and belongs to someone else (a
    shared Citrix/RDS host): it runs. A handle to a process that has exited (someone still holds
    a handle, so the PID is not free yet) is not a running process: its exit code says so.
    Any other failure to open it means there is no such process.
    """
    handle = api.open_process(pid)
    if not handle:
        return Probe(Seen.HIDDEN) if api.last_error() == ERROR_ACCESS_DENIED else Probe(Seen.GONE)
    try:
        start = api.creation_time(handle)
        code = api.exit_code(handle)
        if code is not None and code != STILL_ACTIVE:
            return Probe(Seen.EXITED, start)
        return Probe(Seen.RUNNING, start)
    finally:
        api.close(handle)


@cache
def _kernel32() -> WinApi:  # pragma: no cover - Windows
    if sys.platform == "win32":
        return _Kernel32()
    raise OSError("kernel32 exists on Windows only")


if sys.platform == "win32":  # pragma: no cover - Windows only; the logic above is tested with a stand-in

    class _Kernel32:
        def __init__(self) -> None:
            import ctypes
            from ctypes import wintypes

            self._ctypes = ctypes
            k = ctypes.WinDLL("kernel32", use_last_error=True)
            k.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
            k.OpenProcess.restype = wintypes.HANDLE
            k.GetExitCodeProcess.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD)]
            k.GetExitCodeProcess.restype = wintypes.BOOL
            k.GetProcessTimes.argtypes = [wintypes.HANDLE, *[ctypes.POINTER(wintypes.FILETIME)] * 4]
            k.GetProcessTimes.restype = wintypes.BOOL
            k.CloseHandle.argtypes = [wintypes.HANDLE]
            self._k = k
            self._wintypes = wintypes

        def open_process(self, pid: int) -> int:
            return int(self._k.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid) or 0)

        def last_error(self) -> int:
            return int(self._ctypes.get_last_error())

        def exit_code(self, handle: int) -> int | None:
            code = self._wintypes.DWORD()
            return int(code.value) if self._k.GetExitCodeProcess(handle, self._ctypes.byref(code)) else None

        def creation_time(self, handle: int) -> int | None:
            ft = [self._wintypes.FILETIME() for _ in range(4)]
            if not self._k.GetProcessTimes(handle, *[self._ctypes.byref(x) for x in ft]):
                return None
            return (int(ft[0].dwHighDateTime) << 32) | int(ft[0].dwLowDateTime)

        def close(self, handle: int) -> None:
            self._k.CloseHandle(handle)


# --- the decision


class Why(Enum):
    """Why a lock counts as held or as stale."""

    RUNNING = "running"  # held: its process runs here
    HIDDEN = "hidden"  # held: its process exists, another user's
    ELSEWHERE = "elsewhere"  # held: another machine's (or another container's): cannot look
    BAD_PID = "bad-pid"  # stale: no usable PID in it
    OTHER_BOOT = "other-boot"  # stale: this machine has restarted since
    GONE = "gone"  # stale: its process is gone
    EXITED = "exited"  # stale: its process has ended
    REUSED = "reused"  # stale: its PID belongs to a process started later


HELD = frozenset({Why.RUNNING, Why.HIDDEN, Why.ELSEWHERE})


@dataclass(frozen=True)
class Verdict:
    why: Why

    @property
    def stale(self) -> bool:
        return self.why not in HELD


def same_boot(a: str, b: str) -> bool:
    if a.startswith("time:") and b.startswith("time:"):
        try:
            return abs(int(a[5:]) - int(b[5:])) <= BOOT_TIME_SLACK
        except ValueError:
            return False
    return a == b


def judge(record: Mapping[str, object], where: Here, look: Callable[[int], Probe]) -> Verdict:
    """Whether a lock's holder is gone. Pure: `where` is this process's `Here`, `look` probes
    a PID on this machine.

    - Same boot (and the same PID namespace, where recorded): this machine, even under a new
      host name; the PID decides, with its start time when recorded.
    - Another boot of this machine (the same machine id; or the same host name where no
      machine id is known): it has restarted since, so every process of then is gone.
    - A lock without a boot (older selfcheck) counts as this machine's when the host name is
      ours, and as another machine's otherwise.
    - Another machine's lock is held: its process cannot be looked at from here.
    """
    pid = record.get("pid")
    if not valid_pid(pid):
        return Verdict(Why.BAD_PID)
    assert isinstance(pid, int)
    host = _text(record.get("host"))
    boot = _text(record.get("boot"))
    pidns = _text(record.get("pidns"))
    machine = _text(record.get("machine"))
    if boot and where.boot:
        if same_boot(boot, where.boot):
            if pidns and where.pidns and pidns != where.pidns:
                return Verdict(Why.ELSEWHERE)  # another container on this kernel: its PIDs are not ours
        else:
            this_machine = (machine == where.machine) if machine and where.machine else host == where.host
            return Verdict(Why.OTHER_BOOT if this_machine else Why.ELSEWHERE)
    elif host != where.host:
        return Verdict(Why.ELSEWHERE)
    seen = look(pid)
    if seen.seen is Seen.GONE:
        return Verdict(Why.GONE)
    if seen.seen is Seen.EXITED:
        return Verdict(Why.EXITED)
    start = record.get("start")
    if valid_start(start) and seen.start is not None and start != seen.start:
        return Verdict(Why.REUSED)
    return Verdict(Why.HIDDEN if seen.seen is Seen.HIDDEN else Why.RUNNING)


def valid_start(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
