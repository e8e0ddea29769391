"""The server over real HTTP (aiohttp's client against a bound socket): joining, voting into the
file, following the facilitator, and every refusal an attacker would meet."""

from __future__ import annotations

import asyncio
import json
import re
import socket

import aiohttp
import pytest

from tests.devices.conftest import Running


def client() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def join(http: aiohttp.ClientSession, r: Running, name: str) -> str:
    """Join as `name`; returns the device's CSRF token."""
    async with http.post(r.server.join_url, data={"name": name}, headers={"Origin": r.base}) as resp:
        assert resp.status == 200 and resp.url.path == "/v", await resp.text()
        html = await resp.text()
    m = re.search(r'data-csrf="([^"]+)"', html)
    assert m
    return m.group(1)


async def vote(
    http: aiohttp.ClientSession,
    r: Running,
    csrf: str,
    value: str,
    *,
    item: str | None = None,
    origin: str | None = None,
) -> tuple[int, dict]:
    headers = {"Origin": origin or r.base, "Accept": "application/json", "X-CSRF-Token": csrf}
    async with http.post(
        r.base + "/v", data={"item": item or r.voting.current, "value": value}, headers=headers
    ) as resp:
        text = await resp.text()
        try:
            return resp.status, json.loads(text)
        except ValueError:
            return resp.status, {"html": text}


async def test_join_vote_and_the_file_holds_it_when_the_phone_is_told(running: Running) -> None:
    async with client() as http:
        csrf = await join(http, running, "Anna")
        status, state = await vote(http, running, csrf, "2")
        assert status == 200 and state["mine"] == 2
        # "received" is said only once the file on disk holds the vote
        assert running.on_disk().answers[running.voting.current].votes == {"Anna": 2}
        status, state = await vote(http, running, csrf, "weet-niet")
        assert state["mine"] == "weet-niet"
        assert running.on_disk().answers[running.voting.current].votes == {"Anna": "weet-niet"}


async def test_the_cookie_is_httponly_and_strict_and_every_page_has_a_strict_csp(running: Running) -> None:
    async with client() as http:
        async with http.post(
            running.server.join_url, data={"name": "Anna"}, headers={"Origin": running.base}, allow_redirects=False
        ) as resp:
            assert resp.status == 303
            cookie = resp.headers["Set-Cookie"]
            assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
            csp = resp.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        for path in ("/", "/v", "/static/vote.js", "/static/vote.css", "/nope"):
            async with http.get(running.base + path) as resp:
                assert "script-src 'self'" in resp.headers["Content-Security-Policy"], path
                assert resp.headers["Referrer-Policy"] == "same-origin"
                body = await resp.text()
                assert "http://" not in body.replace(running.base, "") or path.startswith("/static"), path
                assert "https://" not in body, path


async def test_a_wrong_or_old_token_gets_a_clear_page(running: Running) -> None:
    async with client() as http:
        http.cookie_jar.update_cookies({running.server.cookie_name: "forged-token"})
        async with http.get(running.base + "/v") as resp:
            assert resp.status == 403
            text = await resp.text()
            assert "Scan de QR-code" in text and "Traceback" not in text
        status, state = await vote(http, running, "x", "1")
        assert status == 403 and state["status"] == "unknown"
        async with http.get(running.base + "/j/not-the-secret") as resp:
            assert resp.status == 404 and "werkt niet" in await resp.text()
        async with http.post(
            running.base + "/j/not-the-secret", data={"name": "Anna"}, headers={"Origin": running.base}
        ) as resp:
            assert resp.status == 404
    assert not running.voting.devices


async def test_foreign_origin_wrong_csrf_and_rebinding_are_refused(running: Running) -> None:
    async with client() as http:
        csrf = await join(http, running, "Anna")
        status, _ = await vote(http, running, csrf, "3", origin="http://evil.example")
        assert status == 403
        status, _ = await vote(http, running, "wrong-csrf", "3")
        assert status == 403
        async with http.post(
            running.base + "/v", data={"item": running.voting.current, "value": "3"}, headers={"Origin": running.base}
        ) as resp:  # a form without its CSRF token
            assert resp.status == 403
        _host, port = running.server.bound  # type: ignore[misc]
        async with http.get(running.base + "/v", headers={"Host": f"evil.example:{port}"}) as resp:
            assert resp.status == 421 and "hoort niet" in await resp.text()
        async with http.post(
            running.server.join_url, data={"name": "Bram"}, headers={"Origin": "http://evil.example"}
        ) as resp:
            assert resp.status == 403
        async with http.post(
            running.server.join_url,
            data={"name": "Bram"},
            headers={"Origin": running.base, "Sec-Fetch-Site": "cross-site"},
        ) as resp:
            assert resp.status == 403
    assert running.voting.voted() == set() and set(running.voting.holder) == {"Anna"}
    assert running.on_disk().answers.get(running.voting.current) is None


async def test_joining_and_codes_are_rate_limited(running: Running) -> None:
    running.server.join_limit.clock = lambda: 0.0  # time stands still: no refill, whatever the machine's speed
    async with client() as http:
        statuses = []
        for _ in range(30):
            async with http.post(
                running.base + "/code", data={"code": "WRONG0"}, headers={"Origin": running.base}
            ) as resp:
                statuses.append(resp.status)
        assert statuses[:20] == [403] * 20 and statuses[20:] == [429] * 10  # 20 at once, then refused
        assert running.voting.code_tries == 20


async def test_votes_are_rate_limited_per_device(running: Running) -> None:
    running.server.vote_limit.clock = lambda: 0.0
    async with client() as http:
        csrf = await join(http, running, "Anna")
        statuses = [(await vote(http, running, csrf, str(n % 4)))[0] for n in range(20)]
        assert statuses[:15] == [200] * 15 and statuses[15:] == [429] * 5
        other = client()
        async with other:  # another device has its own budget
            csrf_b = await join(other, running, "Bram")
            assert (await vote(other, running, csrf_b, "1"))[0] == 200


async def test_the_code_leads_to_the_join_page(running: Running) -> None:
    async with (
        client() as http,
        http.post(
            running.base + "/code", data={"code": running.voting.code.lower()}, headers={"Origin": running.base}
        ) as resp,
    ):
        assert resp.status == 200 and resp.url.path == f"/j/{running.server.secret}"
        assert "Anna" in await resp.text()


async def test_phones_follow_the_facilitator_over_server_sent_events(running: Running) -> None:
    async with client() as http:
        await join(http, running, "Anna")
        async with http.get(running.base + "/v/events") as resp:
            assert resp.headers["Content-Type"].startswith("text/event-stream")

            async def next_state() -> dict:
                while True:
                    line = await asyncio.wait_for(resp.content.readline(), 10)
                    if line.startswith(b"data: "):
                        return json.loads(line[6:])

            first = await next_state()
            assert first["item"] == running.voting.current
            assert running.voting.connected("Anna")
            running.voting.set_current(running.voting.items[2].id)
            moved = await next_state()
            assert moved["item"] == running.voting.items[2].id and moved["position"][0] == 3
            await running.server.stop()
            assert (await next_state())["status"] == "stopped"


async def test_a_vote_for_a_statement_no_longer_current_is_refused_with_the_current_one(running: Running) -> None:
    async with client() as http:
        csrf = await join(http, running, "Anna")
        old = running.voting.current
        running.voting.set_current(running.voting.items[1].id)
        status, state = await vote(http, running, csrf, "1", item=old)
        assert status == 409 and state["error"] == "dv.moved_on" and state["item"] == running.voting.items[1].id
    assert running.on_disk().answers.get(old) is None


async def test_stopping_closes_the_port(running: Running) -> None:
    host, port = running.server.bound  # type: ignore[misc]
    await running.server.stop()
    with pytest.raises(OSError):
        socket.create_connection((host, port), timeout=2).close()


async def test_it_listens_on_localhost_unless_told(running: Running) -> None:
    assert running.server.bound[0] == "127.0.0.1"  # type: ignore[index]
    assert running.server.listening.startswith("127.0.0.1:")


async def test_public_url_behind_a_proxy(workspace, blind_file) -> None:
    r = Running(workspace, blind_file, public_url="https://stem.example.nl", trust_proxy=True)
    await r.server.start()
    try:
        assert r.server.join_url.startswith("https://stem.example.nl/j/")
        port = r.server.bound[1]  # type: ignore[index]
        local = f"http://127.0.0.1:{port}"
        async with client() as http:
            headers = {
                "Host": "stem.example.nl",
                "Origin": "https://stem.example.nl",
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "10.0.0.7",
            }
            async with http.post(
                f"{local}/j/{r.server.secret}", data={"name": "Anna"}, headers=headers, allow_redirects=False
            ) as resp:
                assert resp.status == 303 and "Secure" in resp.headers["Set-Cookie"]
            async with http.get(f"{local}/v", headers={"Host": "evil.example.nl"}) as resp:
                assert resp.status == 421
    finally:
        await r.server.stop()
        r.session.close()


async def test_no_vote_is_visible_to_another_phone_before_the_reveal(running: Running) -> None:
    async with client() as a, client() as b:
        csrf_a = await join(a, running, "Anna")
        await join(b, running, "Bram")
        await vote(a, running, csrf_a, "3")
        async with b.get(running.base + "/v/state") as resp:
            state = await resp.json()
        async with b.get(running.base + "/v") as resp:
            page = await resp.text()
        assert state["mine"] is None and "distribution" not in state and "Anna" not in json.dumps(state)
        assert "Anna" not in page


async def test_one_device_cannot_open_endless_streams(running: Running) -> None:
    from selfcheck.devices.server import MAX_STREAMS_PER_DEVICE

    async with client() as http:
        await join(http, running, "Anna")
        streams = []
        for _ in range(MAX_STREAMS_PER_DEVICE):
            resp = await http.get(running.base + "/v/events")
            streams.append(resp)
            await resp.content.readline()
        async with http.get(running.base + "/v/events") as resp:
            assert resp.status == 429
        for resp in streams:
            resp.close()


async def test_a_late_joiner_starts_at_the_current_statement(running: Running) -> None:
    running.voting.set_current(running.voting.items[6].id)
    async with client() as http:
        await join(http, running, "Eva")
        async with http.get(running.base + "/v/state") as resp:
            state = await resp.json()
    assert state["item"] == running.voting.items[6].id and state["position"][0] == 7


def test_two_rounds_on_one_computer_keep_their_own_cookies(running: Running) -> None:
    """Cookies do not tell ports apart: each round's device cookie has a name of its own."""
    from selfcheck.devices.server import DeviceServer

    other = DeviceServer(running.voting)
    assert other.cookie_name != running.server.cookie_name
    assert other.cookie_name.startswith("selfcheck_device_")


def test_forwarded_headers_count_only_from_a_proxy_on_this_computer(running: Running) -> None:
    from unittest import mock

    from aiohttp.test_utils import make_mocked_request

    def request(peer: str) -> object:
        transport = mock.Mock()
        transport.get_extra_info.side_effect = lambda name, default=None: (
            (peer, 1234) if name == "peername" else default
        )
        return make_mocked_request(
            "GET", "/v", headers={"X-Forwarded-For": "6.6.6.6", "X-Forwarded-Proto": "https"}, transport=transport
        )

    server = running.server
    assert server.client(request("192.168.1.50")) == "192.168.1.50"  # trust_proxy off: ignored
    server.trust_proxy = True
    assert server.client(request("127.0.0.1")) == "6.6.6.6" and server.secure(request("127.0.0.1"))
    assert server.client(request("192.168.1.50")) == "192.168.1.50"  # a peer on the network
    assert not server.secure(request("192.168.1.50"))


async def test_the_phone_page_is_labelled_for_screen_readers_in_the_apps_language(running: Running) -> None:
    from selfcheck.i18n import set_language

    async with client() as http:
        await join(http, running, "Anna")
        async with http.get(running.base + "/v") as resp:
            html = await resp.text()
        assert '<html lang="nl">' in html and "<legend>Kies je antwoord</legend>" in html
        assert 'role="status" aria-live="polite"' in html and html.count('aria-pressed="false"') == 6
        assert 'aria-hidden="true"' in html  # the ✓ mark is decoration: aria-pressed says it
        assert "<script>" not in html and "style=" not in html  # nothing inline: the CSP allows none
        set_language("en")
        async with http.get(running.base + "/v") as resp:
            html = await resp.text()
        assert '<html lang="en">' in html and "Choose your answer" in html and "don&#x27;t know" in html


async def test_nothing_but_the_phone_page_is_served(running: Running) -> None:
    """No other files, assessments or the workspace: only the two assets by name."""
    async with client() as http:
        for path in (
            "/static/..%2f..%2fserver.py",
            "/static/%2e%2e/voting.py",
            "/static/server.py",
            "/static/vote.js%00.css",
            "/assessments/",
            "/j/",
            "/../../etc/passwd",
            "/v/../static/x",
        ):
            async with http.get(running.base + path) as resp:
                body = await resp.text()
                assert resp.status in (400, 403, 404), (path, resp.status)
                assert "import" not in body and "Traceback" not in body, path
