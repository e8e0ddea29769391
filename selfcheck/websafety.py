"""Checks for selfcheck's small web servers: who may talk to them.

Pure functions, no web framework: `selfcheck serve` (selfcheck/serve.py) and the phone-voting
server both build on them, and they are tested on their own (tests/security/test_serve_websafety.py).

What they defend against (README, "Security"):

- **Another web page in the same browser.** A page on evil.example can make the browser open
  ``ws://127.0.0.1:8000/ws`` or load ``http://127.0.0.1:8000/``. The browser then sends
  ``Origin: http://evil.example``; `origin_allowed` refuses every origin but the server's own
  and the configured ones. And the page cannot know the per-start secret (`new_secret`),
  which every request must carry (in the URL, or in the cookie set by the first visit).
- **DNS rebinding.** evil.example first resolves to the attacker, then to 127.0.0.1: the
  browser now thinks the server *is* evil.example, so the Origin check alone would pass. But
  the browser still sends ``Host: evil.example``; `host_allowed` accepts only the address the
  server was started on (plus localhost names when that is loopback, and names given
  explicitly, such as the host of ``--public-url``).
- **Guessing the secret.** 256 random bits (`secrets.token_urlsafe(32)`), compared in
  constant time (`secret_matches`).

What they do not do: encrypt anything (use https through a proxy for that), or tell people
apart (everyone with the URL is let in).
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

__all__ = [
    "SECRET_BYTES",
    "host_allowed",
    "is_loopback",
    "new_secret",
    "origin_allowed",
    "origin_of",
    "secret_matches",
    "split_host",
]

SECRET_BYTES = 32  # 256 bits of randomness (the issue asks for at least 128)
LOCALHOST_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})
_NAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def new_secret() -> str:
    """A fresh URL-safe secret of 256 random bits (43 characters)."""
    return secrets.token_urlsafe(SECRET_BYTES)


def secret_matches(given: str | None, expected: str) -> bool:
    """True when `given` is `expected`, compared in constant time; never true for an empty secret."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape"))


def _normal_name(name: str) -> str | None:
    """A host name or IP literal in one canonical form, or None when it is not a valid one.

    Lower case, no trailing dot, IP addresses as `ipaddress` writes them (so ``127.000.0.1``
    is refused rather than guessed at). Only ASCII letters, digits, ``-``, ``_`` and dots:
    a name in another script must come in its punycode (``xn--``) form.
    """
    name = name.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
        try:
            return str(ipaddress.IPv6Address(name))
        except ValueError:
            return None
    if ":" in name:  # a bare IPv6 address (how a bound host is written, never a Host header)
        try:
            return str(ipaddress.IPv6Address(name))
        except ValueError:
            return None
    name = name.removesuffix(".")
    if not name or len(name) > 253 or not name.isascii() or not _NAME.match(name):
        return None
    if re.fullmatch(r"[0-9.]+", name):
        try:
            return str(ipaddress.IPv4Address(name))
        except ValueError:
            return None
    return name


def split_host(value: str | None) -> tuple[str, int | None] | None:
    """A Host header (``name``, ``name:port``, ``[v6]:port``) as (canonical name, port or None).

    None when it is missing or malformed: a port that is not 1-65535, characters a host name
    cannot have, an IPv6 address without brackets but with a port, anything with spaces.
    """
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > 300 or any(c.isspace() for c in value) or not value.isascii():
        return None
    port: int | None = None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[: end + 1], value[end + 1 :]
        if rest:
            if not rest.startswith(":"):
                return None
            port_text = rest[1:]
        else:
            port_text = None
    elif value.count(":") == 1:
        name, port_text = value.split(":")
    elif ":" in value:
        return None  # a bare IPv6 address with a port cannot be told apart from one without
    else:
        name, port_text = value, None
    if port_text is not None:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            return None
        port = int(port_text)
    canonical = _normal_name(name)
    return None if canonical is None else (canonical, port)


def is_loopback(host: str) -> bool:
    """True when `host` (a bound address or a name) is reachable from this computer only."""
    canonical = _normal_name(host)
    if canonical is None:
        return False
    if canonical in ("localhost", "ip6-localhost") or canonical.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(canonical).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def _split_configured(value: str) -> tuple[str, int | None] | None:
    """A configured host (as `split_host`, and also a bare IPv6 address such as ``::1``)."""
    if value.count(":") > 1 and not value.strip().startswith("["):
        name = _normal_name(value)
        return None if name is None else (name, None)
    return split_host(value)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(host_header: str | None, bound_host: str, bound_port: int, extra_hosts: Iterable[str] = ()) -> bool:
    """True when a request's Host header names this server, so it is no DNS-rebinding attack.

    Allowed:

    - the address the server listens on (`bound_host`) with its port (`bound_port`, the real
      one after binding; a Host without a port means 80);
    - when `bound_host` is a loopback address or ``localhost``: ``localhost``, ``127.0.0.1``
      and ``[::1]`` with that port;
    - when `bound_host` is a wildcard (``0.0.0.0``, ``::``): any IP address literal with that
      port (the server answers on all of this computer's addresses; a rebinding attack always
      arrives with a *name*, never a literal), and the localhost names;
    - any entry of `extra_hosts`: ``name`` (any port, e.g. a proxy's name) or ``name:port``
      (only that port; a Host without a port then matches 80 or 443).

    Everything else is refused, including any host name not listed, a missing or malformed
    Host header, and names outside ASCII (use the ``xn--`` form in `extra_hosts`).
    """
    parsed = split_host(host_header)
    if parsed is None:
        return False
    name, port = parsed
    for extra in extra_hosts:
        wanted = _split_configured(extra)
        if wanted is None:
            continue
        extra_name, extra_port = wanted
        if name != extra_name:
            continue
        if extra_port is None or port == extra_port or (port is None and extra_port in (80, 443)):
            return True
    if (port if port is not None else 80) != bound_port:
        return False
    bound = _normal_name(bound_host) if bound_host not in WILDCARDS else bound_host
    if bound is None:
        return False
    if bound in WILDCARDS:
        return _is_ip(name) or name in LOCALHOST_NAMES
    if name == bound:
        return True
    return is_loopback(bound) and name in LOCALHOST_NAMES


def origin_of(url: str) -> str | None:
    """The origin (``scheme://host[:port]``, canonical, default port left out) of a URL, or None.

    ``https://Selfcheck.Example.org:443/app/`` gives ``https://selfcheck.example.org``.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname or parts.username is not None or parts.password is not None:
        return None
    name = _normal_name(f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname)
    if name is None:
        return None
    host = f"[{name}]" if ":" in name else name
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host += f":{port}"
    return f"{scheme}://{host}"


def origin_allowed(origin_header: str | None, host_header: str | None, allowed_origins: Iterable[str] = ()) -> bool:
    """True when a request's Origin header is this server itself or one of `allowed_origins`.

    - No Origin header: allowed. Browsers send one with every websocket and every cross-site
      request that could change something; it is missing on a plain visit typed into the
      address bar (and from tools such as curl, which can send any header anyway: the secret
      stops those).
    - ``Origin: null`` (sandboxed frames, files, some redirects): refused.
    - Same origin: the origin's host and port are the request's Host header (which
      `host_allowed` checked), by http or https.
    - Or equal to one of `allowed_origins` (e.g. the origin of ``--public-url``), compared in
      canonical form.
    """
    if origin_header is None:
        return True
    try:
        parts = urlsplit(origin_header.strip())
    except ValueError:
        return False
    if parts.path or parts.query or parts.fragment or "\\" in origin_header:
        return False  # an origin is scheme://host[:port], nothing more
    origin = origin_of(origin_header)
    if origin is None:
        return False
    for allowed in allowed_origins:
        if origin_of(allowed) == origin:
            return True
    host = split_host(host_header)
    if host is None:
        return False
    scheme = origin.split("://", 1)[0]
    if scheme not in ("http", "https"):
        return False
    origin_parsed = split_host(origin.split("://", 1)[1])
    if origin_parsed is None:
        return False
    o_name, o_port = origin_parsed
    h_name, h_port = host
    default = _DEFAULT_PORTS[scheme]
    return o_name == h_name and (o_port or default) == (h_port or default)
