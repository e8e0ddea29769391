"""A socket guard: every attempt to reach the network is written down (and refused).

Two forms. `guard(monkeypatch)` patches this process (for Pilot tests and in-process CLI runs).
`sitecustomize_dir(tmp)` writes a `sitecustomize.py` that does the same in every Python process
started with that folder on PYTHONPATH, writing each attempt to $SELFCHECK_NETGUARD_LOG; the
tests read that file afterwards, so an attempt that the code caught and hid still shows.

Looked at: connect, connect_ex and sendto on any socket but a Unix one; create_connection;
name lookups (getaddrinfo and friends) for anything but a literal address. Binding and
listening are written down too (with the address) but allowed: only `selfcheck serve` may do
them, on the address it is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

GUARD_SOURCE = r"""
import ipaddress as _ipaddress
import json as _json
import os as _os
import socket as _socket

_LOG = _os.environ.get("SELFCHECK_NETGUARD_LOG")


def _note(kind, detail):
    entry = {"pid": _os.getpid(), "kind": kind, "detail": repr(detail)}
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(_json.dumps(entry) + "\n")
    else:
        _GUARD_NOTES.append(entry)


_GUARD_NOTES = []


def _literal(host):
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        _ipaddress.ip_address(str(host).split("%")[0])
        return True
    except ValueError:
        return False


def _refuse(kind, detail):
    _note(kind, detail)
    raise OSError(101, "selfcheck's test guard: no network (" + kind + ")")


_Socket = _socket.socket
_real = {name: getattr(_Socket, name) for name in ("connect", "connect_ex", "sendto", "bind", "listen")}


def _connect(self, address):
    if self.family != _socket.AF_UNIX:
        _refuse("connect", address)
    return _real["connect"](self, address)


def _connect_ex(self, address):
    if self.family != _socket.AF_UNIX:
        _refuse("connect_ex", address)
    return _real["connect_ex"](self, address)


def _sendto(self, *args):
    if self.family != _socket.AF_UNIX:
        _refuse("sendto", args[-1])
    return _real["sendto"](self, *args)


def _bind(self, address):
    if self.family != _socket.AF_UNIX:
        _note("bind", address)
    return _real["bind"](self, address)


def _listen(self, *args):
    if self.family != _socket.AF_UNIX:
        try:
            _note("listen", self.getsockname())
        except OSError:
            _note("listen", "?")
    return _real["listen"](self, *args)


_real_getaddrinfo = _socket.getaddrinfo


def _getaddrinfo(host, *args, **kwargs):
    if not _literal(host):
        _refuse("getaddrinfo", host)
    return _real_getaddrinfo(host, *args, **kwargs)


def _lookup(name):
    def refuse(host, *args, **kwargs):
        _refuse(name, host)
    return refuse


def _create_connection(address, *args, **kwargs):
    _refuse("create_connection", address)


def _install():
    _Socket.connect = _connect
    _Socket.connect_ex = _connect_ex
    _Socket.sendto = _sendto
    _Socket.bind = _bind
    _Socket.listen = _listen
    _socket.getaddrinfo = _getaddrinfo
    _socket.create_connection = _create_connection
    for name in ("gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        setattr(_socket, name, _lookup(name))


_install()
"""


def sitecustomize_dir(tmp: Path) -> Path:
    """A folder holding the guard as sitecustomize.py; put it first on PYTHONPATH."""
    folder = tmp / "netguard"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(GUARD_SOURCE, "utf-8")
    return folder


def env_with_guard(env: dict[str, str], tmp: Path, log: Path) -> dict[str, str]:
    folder = sitecustomize_dir(tmp)
    out = dict(env)
    out["PYTHONPATH"] = str(folder) + (":" + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    out["SELFCHECK_NETGUARD_LOG"] = str(log)
    return out


def read_log(log: Path) -> list[dict[str, Any]]:
    import json

    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text("utf-8").splitlines() if line.strip()]


def guard(monkeypatch: Any) -> list[dict[str, Any]]:
    """Install the guard in this process for the test's duration; returns the list of attempts."""
    import socket

    namespace: dict[str, Any] = {}
    exec(compile(GUARD_SOURCE.replace("_install()\n", ""), "<netguard>", "exec"), namespace)
    notes: list[dict[str, Any]] = namespace["_GUARD_NOTES"]
    monkeypatch.delenv("SELFCHECK_NETGUARD_LOG", raising=False)
    namespace["_LOG"] = None
    for name in ("connect", "connect_ex", "sendto", "bind", "listen"):
        monkeypatch.setattr(socket.socket, name, namespace["_" + name])
    monkeypatch.setattr(socket, "getaddrinfo", namespace["_getaddrinfo"])
    monkeypatch.setattr(socket, "create_connection", namespace["_create_connection"])
    for name in ("gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        monkeypatch.setattr(socket, name, namespace["_lookup"](name))
    return notes
