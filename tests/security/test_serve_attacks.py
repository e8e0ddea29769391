"""A real `selfcheck serve` attacked as another web page, a rebinding DNS name or a stranger would.

One server per module (port 0, its own workspace holding one assessment of "Geheimdorp").
Each attack is a real HTTP request or websocket handshake from aiohttp's client with forged
headers; none may reach the app (which would show "Geheimdorp" and accept key presses, i.e.
scores). The one request that carries the printed secret, with this server's own Host and
Origin, must still get the app: the checks shut out strangers, not the user.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="needs the serve extra (pip install 'selfcheck[serve]')")
import aiohttp

SELFCHECK = Path(sys.executable).parent / "selfcheck"
ORG = "Geheimdorp"
URL = re.compile(r"(http://127\.0\.0\.1:(\d+))/\?token=([A-Za-z0-9_-]+)")


@dataclass
class Served:
    base: str
    port: int
    secret: str
    log: Path
    proc: subprocess.Popen[bytes]

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def wait_for(predicate: object, timeout: float, what: str, detail: object = str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.02)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{detail()}")  # type: ignore[operator]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("serve")
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "TEXTUAL_THEME")}
    env.update(
        SELFCHECK_WORKSPACE=str(tmp / "ws"),
        SELFCHECK_SETTINGS=str(tmp / "settings.toml"),
        XDG_DATA_HOME=str(tmp / "xdg-data"),
        XDG_CONFIG_HOME=str(tmp / "xdg-config"),
        TERM="xterm-256color",
        SELFCHECK_LANG="nl",
    )
    subprocess.run(
        [str(SELFCHECK), "new", "-q", "inwoners-betrekken", "--org", ORG],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    log = tmp / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(SELFCHECK), "serve", "--port", "0"], env=env, stdout=out, stderr=subprocess.STDOUT)

    def text() -> str:
        return log.read_text(encoding="utf-8", errors="replace")

    def started() -> bool:
        if proc.poll() is not None:
            pytest.fail(f"selfcheck serve exited with {proc.returncode}:\n{text()}")
        return URL.search(text()) is not None

    try:
        wait_for(started, 30, "selfcheck serve to print its address", text)
        m = URL.search(text())
        assert m is not None
        yield Served(m.group(1), int(m.group(2)), m.group(3), log, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
            proc.wait(timeout=15)


async def _screen(
    url: str, headers: dict[str, str], cookies: dict[str, str] | None = None, during: Callable[[], None] | None = None
) -> tuple[int, bytes]:
    """Open the websocket like the page does; (101, screen bytes) or (refusal status, b"")."""
    got = b""
    async with aiohttp.ClientSession(cookies=cookies) as session:
        try:
            async with session.ws_connect(
                url + ("&" if "?" in url else "?") + "width=80&height=24", headers=headers
            ) as ws:
                await ws.send_json(["resize", {"width": 80, "height": 24}])
                deadline = time.monotonic() + 30
                while ORG.encode() not in got and time.monotonic() < deadline:
                    msg = await ws.receive(timeout=deadline - time.monotonic())
                    if msg.type == aiohttp.WSMsgType.BINARY:
                        got += msg.data
                    elif msg.type != aiohttp.WSMsgType.TEXT:
                        break
                if ORG.encode() in got:
                    if during is not None:
                        during()
                    await ws.send_json(["stdin", "\r"])  # what an attacker would do next: press keys
                return 101, got
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status, b""


async def _get(
    url: str, headers: dict[str, str], cookies: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, str, dict[str, str]]:
    async with (
        aiohttp.ClientSession(cookies=cookies) as session,
        session.request(method, url, headers=headers, allow_redirects=False) as r,
    ):
        _last_headers.clear()
        _last_headers.update(r.headers)
        return r.status, await r.text(errors="replace"), {k: v.value for k, v in r.cookies.items()}


_last_headers: dict[str, str] = {}


# (name, path, headers, cookie) — {base}, {port}, {secret} are filled in per server.
WS_ATTACKS = [
    ("no secret, no Origin", "/ws", {}, None),
    ("no secret, another site", "/ws", {"Origin": "http://evil.example"}, None),
    ("no secret, own origin", "/ws", {"Origin": "{base}"}, None),
    ("wrong secret in the path", "/ws/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", {"Origin": "{base}"}, None),
    ("secret's prefix", "/ws/{secret_prefix}", {"Origin": "{base}"}, None),
    ("wrong secret in the query", "/ws?token=nope", {"Origin": "{base}"}, None),
    ("wrong cookie", "/ws", {"Origin": "{base}"}, {"selfcheck-{port}": "nope"}),
    ("secret, another site", "/ws/{secret}", {"Origin": "http://evil.example"}, None),
    ("secret, another local port", "/ws/{secret}", {"Origin": "http://127.0.0.1:1"}, None),
    ("secret, Origin null", "/ws/{secret}", {"Origin": "null"}, None),
    (
        "secret, DNS rebinding",
        "/ws/{secret}",
        {"Host": "evil.example:{port}", "Origin": "http://evil.example:{port}"},
        None,
    ),
    ("secret, rebinding without Origin", "/ws/{secret}", {"Host": "evil.example:{port}"}, None),
    ("secret, Host of another port", "/ws/{secret}", {"Host": "127.0.0.1:1"}, None),
    ("secret in a cookie, another site", "/ws", {"Origin": "http://evil.example"}, {"selfcheck-{port}": "{secret}"}),
]


def _fill(value: str, s: Served) -> str:
    return value.format(base=s.base, port=s.port, secret=s.secret, secret_prefix=s.secret[:-1])


@pytest.mark.slow
@pytest.mark.parametrize("name, path, headers, cookie", WS_ATTACKS, ids=[a[0] for a in WS_ATTACKS])
def test_websocket_attack_is_refused(
    served: Served, name: str, path: str, headers: dict[str, str], cookie: dict[str, str] | None
) -> None:
    """Before the fix every one of these got the app's screen (with the organisation's name)
    and could press keys, i.e. write scores."""
    h = {k: _fill(v, served) for k, v in headers.items()}
    c = {_fill(k, served): _fill(v, served) for k, v in cookie.items()} if cookie else None
    status, screen = asyncio.run(_screen(served.base.replace("http", "ws") + _fill(path, served), h, c))
    assert status == 403, (name, status, screen[-300:])
    assert ORG.encode() not in screen
    wait_for(lambda: "geweigerd" in served.text(), 10, "the refusal in the log", served.text)


PAGE_ATTACKS = [
    ("page without secret", "/", {}, None),
    ("page with wrong secret", "/?token=nope", {}, None),
    ("page with an empty secret", "/?token=", {}, None),
    ("page with secret, DNS rebinding", "/?token={secret}", {"Host": "evil.example:{port}"}, None),
    ("page with secret, Host without port", "/?token={secret}", {"Host": "127.0.0.1"}, None),
    ("page with secret, Host with spaces", "/?token={secret}", {"Host": "127.0.0.1 :{port}"}, None),
    ("page with secret, POSTed from another site", "/?token={secret}", {"Origin": "http://evil.example"}, None),
    ("download without secret", "/download/some-key", {}, None),
    ("unknown path without secret", "/etc/passwd", {}, None),
    ("static with a rebinding Host", "/static/js/textual.js", {"Host": "evil.example:{port}"}, None),
    ("download traversal without secret", "/download/..%2f..%2fetc%2fpasswd", {}, None),
    ("secret with a NUL after it", "/?token={secret}%00", {}, None),
    ("secret twice, the first wrong", "/?token=nope&token={secret}", {}, None),
]


@pytest.mark.slow
@pytest.mark.parametrize("name, path, headers, cookie", PAGE_ATTACKS, ids=[a[0] for a in PAGE_ATTACKS])
def test_page_attack_gets_a_clear_403(
    served: Served, name: str, path: str, headers: dict[str, str], cookie: dict[str, str] | None
) -> None:
    h = {k: _fill(v, served) for k, v in headers.items()}
    status, body, cookies = asyncio.run(_get(served.base + _fill(path, served), h))
    assert status == 403, (name, status, body[:300])
    assert "Geen toegang" in body and "token" in body and "Traceback" not in body
    assert served.secret not in body and not cookies
    wait_for(lambda: "geweigerd" in served.text(), 10, "the refusal in the log", served.text)


@pytest.mark.slow
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_other_methods_are_refused_too(served: Served, method: str) -> None:
    """A form on another site can POST without reading the answer: it gets nothing either."""
    status, body, _ = asyncio.run(_get(served.base + "/ws", {"Origin": "http://evil.example"}, method=method))
    assert status == 403 and "Traceback" not in body, (method, status, body[:200])


@pytest.mark.slow
@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/static/js/../../server.py",
        "/static/%2e%2e/server.py",
    ],
)
def test_static_files_do_not_leave_their_folder(served: Served, path: str) -> None:
    status, body, _ = asyncio.run(_get(served.base + path, {}))
    assert status in (403, 404), (path, status, body[:200])
    assert "root:" not in body and "import" not in body


@pytest.mark.slow
def test_huge_and_odd_headers_are_refused_and_the_server_lives_on(served: Served) -> None:
    async def go() -> list[int]:
        statuses = []
        async with aiohttp.ClientSession() as session:
            for headers in (
                {"X-Big": "a" * 100_000},
                {"Cookie": "c=" + "b" * 100_000},
                {f"X-{i}": "x" for i in range(500)},
            ):
                try:
                    async with session.get(served.base + f"/?token={served.secret}", headers=headers) as r:
                        statuses.append(r.status)
                except aiohttp.ClientError:
                    statuses.append(0)  # the server closed the connection: also a refusal
        return statuses

    statuses = asyncio.run(go())
    assert all(s != 200 for s in statuses[:2]), statuses
    status, _body, _ = asyncio.run(_get(served.base + f"/?token={served.secret}", {}))
    assert status == 200 and served.proc.poll() is None
    assert "Traceback" not in served.text()


@pytest.mark.slow
def test_the_printed_address_gets_the_app(served: Served) -> None:
    """The secret URL gives the page, a cookie, and a websocket URL that carries the secret; that
    websocket, with this server's own Origin, shows the app (with the organisation's name)."""
    status, html, cookies = asyncio.run(_get(f"{served.base}/?token={served.secret}", {}))
    assert status == 200, html[:300]
    # no other page may frame it (a click-jacking page cannot put it under its own buttons)
    assert _last_headers.get("X-Frame-Options") == "DENY"
    assert "frame-ancestors 'none'" in _last_headers.get("Content-Security-Policy", "")
    assert _last_headers.get("Referrer-Policy") == "no-referrer"
    assert cookies.get(f"selfcheck-{served.port}") == served.secret
    m = re.search(r'data-session-websocket-url="([^"]+)"', html)
    assert m and m.group(1) == served.base.replace("http", "ws") + f"/ws/{served.secret}"
    # a second visit with only the cookie (a reload after the URL lost its token)
    status, _, _ = asyncio.run(_get(f"{served.base}/", {}, {f"selfcheck-{served.port}": served.secret}))
    assert status == 200
    seen: list[int] = []

    def secret_in_no_command_line_or_environment() -> None:
        """Other accounts on the machine may list processes: the secret is in none of them
        (neither the server nor the app it started for this tab)."""
        if not Path("/proc").is_dir():
            return
        pids = [served.proc.pid]
        for pid in pids:  # the server and all its descendants
            seen.append(pid)
            for task in Path(f"/proc/{pid}/task").iterdir():
                children = (task / "children").read_text().split() if (task / "children").exists() else []
                pids.extend(int(c) for c in children)
            for what in ("cmdline", "environ"):
                assert served.secret.encode() not in Path(f"/proc/{pid}/{what}").read_bytes(), (pid, what)

    status, screen = asyncio.run(
        _screen(m.group(1), {"Origin": served.base}, during=secret_in_no_command_line_or_environment)
    )
    assert status == 101 and ORG.encode() in screen, (status, screen[-300:], served.text())
    assert not Path("/proc").is_dir() or len(seen) >= 2  # the app process of the tab was looked at too
    # and the refusals are one readable line each, never a traceback
    log = served.text()
    assert "Traceback" not in log
    assert log.count(served.secret) == 1  # printed once, at the start; no refusal line repeats it
    for line in log.splitlines():
        if "geweigerd" in line:
            assert re.search(r"geweigerd: [A-Z]+ \S+ van \S+: \S", line), line


@pytest.mark.slow
def test_behind_a_proxy_only_the_public_name_and_origin_are_added(tmp_path: Path) -> None:
    """`--public-url https://selfcheck.example.org`: what the proxy forwards (that Host, that
    Origin) is let in with the secret; another site or another name still is not."""
    env = dict(
        os.environ,
        SELFCHECK_WORKSPACE=str(tmp_path / "ws"),
        SELFCHECK_SETTINGS=str(tmp_path / "s.toml"),
        SELFCHECK_LANG="nl",
    )
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(SELFCHECK), "serve", "--port", "0", "--public-url", "https://selfcheck.example.org/"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    public = re.compile(r"https://selfcheck\.example\.org/\?token=([A-Za-z0-9_-]+)")
    local = re.compile(r"http://127\.0\.0\.1:(\d+)")

    def text() -> str:
        return log.read_text(encoding="utf-8", errors="replace")

    try:
        wait_for(lambda: public.search(text()) and local.search(text()), 30, "the addresses", text)
        secret = public.search(text()).group(1)  # type: ignore[union-attr]
        base = f"http://127.0.0.1:{local.search(text()).group(1)}"  # type: ignore[union-attr]
        proxied = {"Host": "selfcheck.example.org", "Origin": "https://selfcheck.example.org"}
        status, html, _ = asyncio.run(_get(f"{base}/?token={secret}", proxied))
        assert status == 200 and f"wss://selfcheck.example.org/ws/{secret}" in html, html[:300]
        for headers in (
            {"Host": "selfcheck.example.org", "Origin": "https://evil.example"},
            {"Host": "evil.example", "Origin": "https://selfcheck.example.org"},
            {"Host": "selfcheck.example.org", "Origin": "http://selfcheck.example.org"},
        ):
            status, _, _ = asyncio.run(_get(f"{base}/?token={secret}", headers))
            assert status == 403, headers
        status, _, _ = asyncio.run(_get(f"{base}/", proxied))
        assert status == 403  # the secret is still needed
    finally:
        proc.terminate()
        proc.wait(timeout=15)
