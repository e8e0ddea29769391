"""selfcheck/websafety.py: the per-start secret and the Host/Origin checks, as a table.

Each row is one request a browser (or an attacker's page, or a rebinding DNS name) could send.
"""

from __future__ import annotations

import re

import pytest

from selfcheck.websafety import (
    host_allowed,
    is_loopback,
    new_secret,
    origin_allowed,
    origin_of,
    secret_matches,
    split_host,
)


def test_secrets_are_long_random_and_url_safe() -> None:
    many = {new_secret() for _ in range(200)}
    assert len(many) == 200
    for s in many:
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", s)  # 32 bytes = 256 bits


@pytest.mark.parametrize(
    "given, expected, ok",
    [
        ("abc", "abc", True),
        ("abd", "abc", False),
        ("ab", "abc", False),
        ("abcd", "abc", False),
        ("", "abc", False),
        (None, "abc", False),
        ("", "", False),  # an empty secret never matches, not even itself
        ("ABC", "abc", False),
        ("abc\udcff", "abc", False),  # undecodable input does not raise
    ],
)
def test_secret_matches(given: str | None, expected: str, ok: bool) -> None:
    assert secret_matches(given, expected) is ok


@pytest.mark.parametrize(
    "host, bound, port, extra, ok",
    [
        # bound to loopback: its literal and the localhost names, with the right port
        ("127.0.0.1:8000", "127.0.0.1", 8000, (), True),
        ("localhost:8000", "127.0.0.1", 8000, (), True),
        ("LOCALHOST.:8000", "127.0.0.1", 8000, (), True),
        ("[::1]:8000", "127.0.0.1", 8000, (), True),
        ("127.0.0.1:8001", "127.0.0.1", 8000, (), False),  # another port: another server
        ("127.0.0.1", "127.0.0.1", 8000, (), False),  # no port means 80
        ("127.0.0.1", "127.0.0.1", 80, (), True),
        ("127.0.0.1:8000", "localhost", 8000, (), True),
        ("[::1]:8000", "::1", 8000, (), True),
        ("localhost:8000", "::1", 8000, (), True),
        # DNS rebinding: the attacker's name resolves to us, the browser still sends it
        ("evil.example:8000", "127.0.0.1", 8000, (), False),
        ("evil.example", "127.0.0.1", 80, (), False),
        ("127.0.0.1.evil.example:8000", "127.0.0.1", 8000, (), False),
        ("localhost.evil.example:8000", "127.0.0.1", 8000, (), False),
        ("127.0.0.2:8000", "127.0.0.1", 8000, (), False),  # loopback, but not what we serve
        # odd spellings of an address are refused rather than guessed at
        ("127.1:8000", "127.0.0.1", 8000, (), False),
        ("0x7f000001:8000", "127.0.0.1", 8000, (), False),
        ("2130706433:8000", "127.0.0.1", 8000, (), False),
        ("127.000.000.001:8000", "127.0.0.1", 8000, (), False),
        # malformed or missing Host headers
        (None, "127.0.0.1", 8000, (), False),
        ("", "127.0.0.1", 8000, (), False),
        ("127.0.0.1:", "127.0.0.1", 8000, (), False),
        ("127.0.0.1:0", "127.0.0.1", 0, (), False),
        ("127.0.0.1:99999", "127.0.0.1", 8000, (), False),
        ("127.0.0.1:8000:8000", "127.0.0.1", 8000, (), False),
        ("127.0.0.1 :8000", "127.0.0.1", 8000, (), False),
        ("127.0.0.1:8000\r\nX: y", "127.0.0.1", 8000, (), False),
        ("user@127.0.0.1:8000", "127.0.0.1", 8000, (), False),
        ("127.0.0.1:+8000", "127.0.0.1", 8000, (), False),
        ("::1:8000", "::1", 8000, (), False),  # IPv6 needs its brackets
        ("[::1:8000", "::1", 8000, (), False),
        ("[evil.example]:8000", "127.0.0.1", 8000, (), False),
        ("lоcalhost:8000", "127.0.0.1", 8000, (), False),  # a Cyrillic "о"
        ("x" * 400, "127.0.0.1", 8000, (), False),
        # bound to all addresses: any IP literal with our port, never a name
        ("192.168.1.10:8000", "0.0.0.0", 8000, (), True),
        ("[fe80::1]:8000", "::", 8000, (), True),
        ("localhost:8000", "0.0.0.0", 8000, (), True),
        ("192.168.1.10:8001", "0.0.0.0", 8000, (), False),
        ("evil.example:8000", "0.0.0.0", 8000, (), False),
        ("myhost.lan:8000", "0.0.0.0", 8000, (), False),
        # bound to one address or name: only that
        ("192.168.1.10:8000", "192.168.1.10", 8000, (), True),
        ("192.168.1.11:8000", "192.168.1.10", 8000, (), False),
        ("localhost:8000", "192.168.1.10", 8000, (), False),
        ("myhost.lan:8000", "myhost.lan", 8000, (), True),
        ("MyHost.Lan.:8000", "myhost.lan", 8000, (), True),
        # explicitly configured public names (the host of --public-url)
        ("selfcheck.example.org", "127.0.0.1", 8000, ("selfcheck.example.org",), True),
        ("selfcheck.example.org:443", "127.0.0.1", 8000, ("selfcheck.example.org",), True),
        ("selfcheck.example.org:8443", "127.0.0.1", 8000, ("selfcheck.example.org:8443",), True),
        ("selfcheck.example.org:8444", "127.0.0.1", 8000, ("selfcheck.example.org:8443",), False),
        ("selfcheck.example.org", "127.0.0.1", 8000, ("selfcheck.example.org:443",), True),
        ("evil.example", "127.0.0.1", 8000, ("selfcheck.example.org",), False),
        ("selfcheck.example.org.evil.example", "127.0.0.1", 8000, ("selfcheck.example.org",), False),
        ("[2001:db8::1]:8000", "127.0.0.1", 8000, ("2001:db8::1",), True),
        ("xn--bcher-kva.example", "127.0.0.1", 8000, ("xn--bcher-kva.example",), True),
        ("bücher.example", "127.0.0.1", 8000, ("bücher.example",), False),  # only the xn-- form
    ],
)
def test_host_allowed(host: str | None, bound: str, port: int, extra: tuple[str, ...], ok: bool) -> None:
    assert host_allowed(host, bound, port, extra) is ok


@pytest.mark.parametrize(
    "origin, host, allowed, ok",
    [
        (None, "127.0.0.1:8000", (), True),  # typed into the address bar, curl
        ("http://127.0.0.1:8000", "127.0.0.1:8000", (), True),
        ("HTTP://127.0.0.1:8000", "127.0.0.1:8000", (), True),
        ("http://localhost:8000", "localhost:8000", (), True),
        ("http://[::1]:8000", "[::1]:8000", (), True),
        ("http://127.0.0.1", "127.0.0.1:80", (), True),
        ("http://127.0.0.1:80", "127.0.0.1", (), True),
        ("https://127.0.0.1", "127.0.0.1:443", (), True),
        # another page in the same browser
        ("http://evil.example", "127.0.0.1:8000", (), False),
        ("http://evil.example:8000", "127.0.0.1:8000", (), False),
        ("http://127.0.0.1:8001", "127.0.0.1:8000", (), False),  # another local server's page
        ("http://localhost:8000", "127.0.0.1:8000", (), False),  # another origin, strictly
        ("null", "127.0.0.1:8000", (), False),
        ("", "127.0.0.1:8000", (), False),
        ("file://", "127.0.0.1:8000", (), False),
        ("chrome-extension://abc", "127.0.0.1:8000", (), False),
        ("http://127.0.0.1:8000/", "127.0.0.1:8000", (), False),  # an origin has no path
        ("http://127.0.0.1:8000/x", "127.0.0.1:8000", (), False),
        ("http://user@127.0.0.1:8000", "127.0.0.1:8000", (), False),
        ("http://127.0.0.1:8000\\@evil.example", "127.0.0.1:8000", (), False),
        ("http://127.0.0.1:8000", None, (), False),
        ("http://127.0.0.1:8000", "garbage host", (), False),
        # configured origins (that of --public-url)
        ("https://selfcheck.example.org", "127.0.0.1:8000", ("https://selfcheck.example.org",), True),
        ("https://selfcheck.example.org", "127.0.0.1:8000", ("https://Selfcheck.example.org:443/app/",), True),
        ("http://selfcheck.example.org", "127.0.0.1:8000", ("https://selfcheck.example.org",), False),
        ("https://selfcheck.example.org:8443", "127.0.0.1:8000", ("https://selfcheck.example.org",), False),
        ("https://evil.example", "127.0.0.1:8000", ("https://selfcheck.example.org",), False),
    ],
)
def test_origin_allowed(origin: str | None, host: str | None, allowed: tuple[str, ...], ok: bool) -> None:
    assert origin_allowed(origin, host, allowed) is ok


@pytest.mark.parametrize(
    "url, origin",
    [
        ("https://Selfcheck.Example.org:443/app/", "https://selfcheck.example.org"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("http://[::1]:8000", "http://[::1]:8000"),
        ("ftp://x.example", None),
        ("not a url", None),
        ("http://x.example:99999", None),
    ],
)
def test_origin_of(url: str, origin: str | None) -> None:
    assert origin_of(url) == origin


def test_split_host_and_loopback() -> None:
    assert split_host("[::1]:8000") == ("::1", 8000)
    assert split_host("Example.ORG.") == ("example.org", None)
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3", "app.localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.10", "selfcheck.example.org", "127.1"))
