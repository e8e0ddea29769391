"""The device-voting web server: aiohttp in the caller's own asyncio event loop (no thread).

`DeviceServer(voting, Listen(host=..., port=...))`; `await start()` binds (127.0.0.1 unless the
facilitator chose an address) and `await stop()` closes every connection and the socket.

Safety (issue 11 sets the bar): the join address carries a per-round secret of 256 bits; a
short join code is an alternative that stops working after a few wrong tries; after joining a
device holds its own token in an HttpOnly SameSite=Strict cookie, and every POST carries that
device's CSRF token and an Origin of this server; Host must be an address this server answers
on (DNS rebinding gets a refusal); joining, codes and votes are rate-limited per client; a
strict Content-Security-Policy, every asset served from here; every refusal is a clear page.
Forwarded headers (X-Forwarded-For, -Proto) count only with `trust_proxy`.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import json
import logging
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from selfcheck import websafety
from selfcheck.devices import page
from selfcheck.devices.listen import LOCAL, Listen
from selfcheck.devices.sink import NotSaved
from selfcheck.devices.voting import Device, VoteRefused, VotingSession, parse_value
from selfcheck.i18n import t

log = logging.getLogger("selfcheck.devices")

COOKIE = "selfcheck_device"
"""The device cookie's name begins so; a short tag of the round follows (`cookie_name`):
cookies do not tell ports apart, so two rounds on one computer must not share one."""
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # "no-referrer" makes Chromium send Origin: null on a form POST
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
STATIC = {"vote.js": "application/javascript", "vote.css": "text/css"}
HEARTBEAT = 15.0
"""Seconds between keep-alive comments on an event stream (proxies close silent ones)."""
MAX_BODY = 4096
MAX_STREAMS_PER_DEVICE = 4
"""Open event streams one device may hold (a few tabs); more are refused, so one phone cannot
tie up the server's memory."""


@dataclass
class Bucket:
    """A token bucket: `rate` per second, at most `burst` at once."""

    rate: float
    burst: float
    tokens: dict[str, tuple[float, float]] = field(default_factory=dict)
    clock: Callable[[], float] = time.monotonic

    def take(self, key: str) -> bool:
        now = self.clock()
        level, last = self.tokens.get(key, (self.burst, now))
        level = min(self.burst, level + (now - last) * self.rate)
        if level < 1:
            self.tokens[key] = (level, now)
            return False
        self.tokens[key] = (level - 1, now)
        if len(self.tokens) > 10_000:  # never grows without bound under a flood of addresses
            self.tokens.clear()
        return True


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent: a UDP socket is only
    pointed at a documentation address), or 127.0.0.1 when there is none."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            return str(s.getsockname()[0])
    except OSError:
        return "127.0.0.1"


def _hostport(host: str, port: int) -> str:
    try:
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]:{port}"
    except ValueError:
        pass
    return f"{host}:{port}"


class DeviceServer:
    """The phone pages and their API for one `VotingSession`."""

    def __init__(self, voting: VotingSession, listen: Listen = LOCAL) -> None:
        self.voting = voting
        self.host = listen.host
        self.port = listen.port
        self.public_url = listen.public_url.rstrip("/")
        self.trust_proxy = listen.trust_proxy
        self.secret = websafety.new_secret()
        self.join_limit = Bucket(rate=0.5, burst=20)
        """Joins and codes per client address: 20 at once (a team behind one proxy), then one per 2 s."""
        self.vote_limit = Bucket(rate=5, burst=15)
        """Votes per device: a person tapping around is fine, a script flooding the file is not."""
        self.runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self.bound: tuple[str, int] | None = None
        self._wake: set[asyncio.Event] = set()
        self.streams: dict[int, web.Request] = {}
        """The requests of the open event streams (one per connected phone), by id."""
        self._closing = asyncio.Event()
        self._unsubscribe: Callable[[], None] | None = None

    @property
    def cookie_name(self) -> str:
        return f"{COOKIE}_{hashlib.sha256(self.secret.encode()).hexdigest()[:10]}"

    # --- addresses

    @property
    def base_url(self) -> str:
        """The address phones open (the public one behind a reverse proxy)."""
        if self.public_url:
            return self.public_url
        assert self.bound is not None
        host, port = self.bound
        if host in ("0.0.0.0", "::"):
            host = lan_address()
        return f"http://{_hostport(host, port)}"

    @property
    def join_url(self) -> str:
        return f"{self.base_url}/j/{self.secret}"

    @property
    def code_url(self) -> str:
        return f"{self.base_url}/"

    @property
    def listening(self) -> str:
        """Where the socket listens, as the screen shows it."""
        assert self.bound is not None
        return _hostport(*self.bound)

    def extra_hosts(self) -> list[str]:
        """Names besides the bound address: the host of the public URL (behind a proxy)."""
        if not self.public_url:
            return []
        parts = urlsplit(self.public_url)
        return [parts.netloc] if parts.netloc else []

    def allowed_origins(self) -> list[str]:
        return [self.public_url] if self.public_url else []

    def _from_proxy(self, request: web.Request) -> bool:
        """Forwarded headers count only with `trust_proxy`, and only from a proxy on this same
        computer (a peer on the network could write any X-Forwarded-For it likes)."""
        if not self.trust_proxy:
            return False
        try:
            return ipaddress.ip_address(request.remote or "").is_loopback
        except ValueError:
            return False

    def client(self, request: web.Request) -> str:
        if self._from_proxy(request):
            forwarded = request.headers.get("X-Forwarded-For", "")
            if forwarded:
                return forwarded.split(",")[-1].strip()[:64]  # the address the trusted proxy saw
        return request.remote or "?"

    def secure(self, request: web.Request) -> bool:
        if self.public_url.startswith("https://"):
            return True
        return self._from_proxy(request) and request.headers.get("X-Forwarded-Proto", "") == "https"

    @staticmethod
    def _path(request: web.Request) -> str:
        """The path for a log line, without the join secret."""
        return "/j/…" if request.path.startswith("/j/") else request.path[:100]

    # --- running

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_BODY)
        app.router.add_get("/", self.code_form)
        app.router.add_post("/code", self.code_post)
        app.router.add_get("/j/{secret}", self.join_form)
        app.router.add_post("/j/{secret}", self.join_post)
        app.router.add_get("/v", self.vote_form)
        app.router.add_post("/v", self.vote_post)
        app.router.add_get("/v/state", self.state_get)
        app.router.add_get("/v/events", self.events)
        app.router.add_get("/static/{name}", self.static)
        app.router.add_get("/favicon.ico", self.no_icon)
        return app

    async def start(self) -> None:
        """Bind and serve in the running event loop."""
        self._closing.clear()
        self.runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=1.0, handle_signals=False)
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.host, self.port, reuse_address=False)
        self._site = site
        try:
            await site.start()
        except BaseException:
            await self.runner.cleanup()
            self.runner = None
            raise
        name = self.runner.addresses[0]
        self.bound = (str(name[0]), int(name[1]))
        self._unsubscribe = self.voting.subscribe(self._on_change)

    def close_socket(self) -> None:
        """Stop listening now, synchronously (for an app that ends before `stop` can run)."""
        self._closing.set()
        server = getattr(self._site, "_server", None)
        if server is not None:
            server.close()

    async def stop(self) -> None:
        """Close every event stream and the listening socket."""
        self._closing.set()
        for ev in list(self._wake):
            ev.set()
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None
        if self.runner is not None:
            runner, self.runner = self.runner, None
            await runner.cleanup()

    @property
    def running(self) -> bool:
        return self.runner is not None

    def _on_change(self, _what: str) -> None:
        for ev in list(self._wake):
            ev.set()

    # --- the guard around every request

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        try:
            if self._closing.is_set():
                return self._html(page.message_page("dv.stopped"), 503)
            host = request.headers.get("Host")
            assert self.bound is not None
            if not websafety.host_allowed(host, self.host, self.bound[1], self.extra_hosts()):
                log.warning("refused: Host %r from %s", (host or "")[:100], self.client(request))
                return self._html(page.message_page("dv.wrong_host"), 421)
            origin = request.headers.get("Origin")
            if origin is not None and not websafety.origin_allowed(origin, host, self.allowed_origins()):
                log.warning(
                    "refused: Origin %r for %s %s from %s",
                    (origin or "")[:100],
                    request.method,
                    self._path(request),
                    self.client(request),
                )
                return self._html(page.message_page("dv.forbidden"), 403)
            if (
                request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none")
                and request.method != "GET"
            ):
                return self._html(page.message_page("dv.forbidden"), 403)
            response = await handler(request)
        except web.HTTPException as exc:
            if exc.status == 404:
                return self._html(page.message_page("dv.bad_link"), 404)
            if exc.status == 413:
                return self._html(page.message_page("dv.error"), 413)
            if exc.status == 405:
                return self._html(page.message_page("dv.error"), 405)
            raise
        except asyncio.CancelledError:
            raise
        except Exception:  # a clear page, never a traceback (the log has it)
            log.exception("error on %s %s", request.method, self._path(request))
            return self._html(page.message_page("dv.error"), 500)
        for k, v in HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @staticmethod
    def _html(text: str, status: int = 200) -> web.Response:
        resp = web.Response(text=text, status=status, content_type="text/html", charset="utf-8")
        resp.headers.update(HEADERS)
        return resp

    @staticmethod
    def _json(data: dict[str, Any], status: int = 200) -> web.Response:
        resp = web.Response(
            text=json.dumps(data, ensure_ascii=False), status=status, content_type="application/json", charset="utf-8"
        )
        resp.headers.update(HEADERS)
        return resp

    def _device(self, request: web.Request) -> Device | None:
        return self.voting.device(request.cookies.get(self.cookie_name))

    # --- joining

    async def code_form(self, request: web.Request) -> web.Response:
        return self._html(page.code_page(disabled=self.voting.code_tries >= _code_tries()))

    async def code_post(self, request: web.Request) -> web.StreamResponse:
        if not self.join_limit.take("code:" + self.client(request)):
            return self._html(page.message_page("dv.rate"), 429)
        form = await request.post()
        code = str(form.get("code", ""))[:20]
        if self.voting.check_code(code):
            raise web.HTTPSeeOther(f"/j/{self.secret}")
        disabled = self.voting.code_tries >= _code_tries()
        return self._html(page.code_page(error=t("dv.code_wrong"), disabled=disabled), 403)

    def _secret_ok(self, request: web.Request) -> bool:
        return websafety.secret_matches(request.match_info.get("secret", ""), self.secret)

    def _names(self) -> list[tuple[str, bool]]:
        return [(p, p in self.voting.holder) for p in self.voting.participants]

    async def join_form(self, request: web.Request) -> web.Response:
        if not self._secret_ok(request):
            return self._html(page.message_page("dv.bad_link"), 404)
        return self._html(page.join_page(self.secret, self._names()))

    async def join_post(self, request: web.Request) -> web.StreamResponse:
        if not self._secret_ok(request):
            return self._html(page.message_page("dv.bad_link"), 404)
        if not self.join_limit.take("join:" + self.client(request)):
            return self._html(page.message_page("dv.rate"), 429)
        form = await request.post()
        name = str(form.get("name", ""))
        try:
            token, _device = self.voting.join(name)
        except VoteRefused as exc:
            return self._html(page.join_page(self.secret, self._names(), error=t(exc.reason)), exc.status)
        resp = web.HTTPSeeOther("/v")
        resp.set_cookie(
            self.cookie_name, token, httponly=True, samesite="Strict", secure=self.secure(request), path="/"
        )
        resp.headers.update(HEADERS)
        raise resp

    # --- voting

    async def vote_form(self, request: web.Request) -> web.Response:
        device = self._device(request)
        if device is None:
            return self._html(page.message_page("dv.unknown_device"), 403)
        return self._html(page.vote_page(self.voting.phone_state(device), device.csrf))

    async def state_get(self, request: web.Request) -> web.Response:
        device = self._device(request)
        if device is None:  # asked by the join page too (is this phone in already?): no error
            return self._json({"status": "unknown"})
        return self._json(self.voting.phone_state(device))

    async def vote_post(self, request: web.Request) -> web.StreamResponse:
        wants_json = "application/json" in request.headers.get("Accept", "")
        device = self._device(request)
        if device is None:
            if wants_json:
                return self._json({"status": "unknown"}, 403)
            return self._html(page.message_page("dv.unknown_device"), 403)
        form = await request.post()
        csrf = request.headers.get("X-CSRF-Token") or str(form.get("csrf", ""))
        if not device.csrf_ok(csrf):
            log.warning("refused: wrong CSRF token for a device of %s", self.client(request))
            if wants_json:
                return self._json({"status": "forbidden"}, 403)
            return self._html(page.message_page("dv.forbidden"), 403)
        if not self.vote_limit.take(device.key):
            if wants_json:
                return self._json({**self.voting.phone_state(device), "error": "dv.rate"}, 429)
            return self._html(page.message_page("dv.rate"), 429)
        error = ""
        status = 200
        try:
            value = parse_value(str(form.get("value", "")))
            ticket = self.voting.vote(device, str(form.get("item", "")), value)
            await self.voting.sink.saved(ticket)  # "received" only once the file holds it
            self.voting.stored(ticket)
        except VoteRefused as exc:
            error, status = exc.reason, exc.status
        except NotSaved:
            error, status = "dv.not_saved", 503
        if not wants_json:
            if error and status != 409:
                return self._html(page.message_page(error), status)
            raise web.HTTPSeeOther("/v")
        state = self.voting.phone_state(device)
        if error:
            state["error"] = error
        return self._json(state, status)

    async def events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: this device's state whenever it changes, so every phone follows
        the facilitator. A phone that slept reconnects (EventSource does) to the same state."""
        device = self._device(request)
        if device is None:
            return self._json({"status": "unknown"}, 403)
        if device.connections >= MAX_STREAMS_PER_DEVICE:
            return self._json({"status": "busy"}, 429)
        resp = web.StreamResponse(
            headers={"Content-Type": "text/event-stream; charset=utf-8", "X-Accel-Buffering": "no", **HEADERS}
        )
        await resp.prepare(request)
        wake = asyncio.Event()
        self._wake.add(wake)
        self.streams[id(request)] = request
        self.voting.connect(device, 1)
        last = ""
        try:
            await resp.write(b"retry: 2000\n\n")
            while not self._closing.is_set():
                wake.clear()
                state = self.voting.phone_state(device)
                text = json.dumps(state, ensure_ascii=False, sort_keys=True)
                if text != last:
                    last = text
                    await resp.write(f"data: {text}\n\n".encode())
                if state["status"] in ("revoked", "unknown"):
                    break
                try:
                    await asyncio.wait_for(wake.wait(), HEARTBEAT)
                except TimeoutError:
                    await resp.write(b": ping\n\n")
            if self._closing.is_set():
                await resp.write(b'data: {"status": "stopped"}\n\n')
        except (ConnectionResetError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._wake.discard(wake)
            self.streams.pop(id(request), None)
            self.voting.connect(device, -1)
        return resp

    async def no_icon(self, request: web.Request) -> web.Response:
        """Browsers ask for an icon; there is none (and no error in the phone's console)."""
        resp = web.Response(status=204)
        resp.headers.update(HEADERS)
        return resp

    async def static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        kind = STATIC.get(name)
        if kind is None:
            return self._html(page.message_page("dv.bad_link"), 404)
        body = resources.files("selfcheck.devices").joinpath("static", name).read_bytes()
        resp = web.Response(body=body, content_type=kind, charset="utf-8")
        resp.headers.update(HEADERS)
        resp.headers["Cache-Control"] = "no-cache"
        return resp


def _code_tries() -> int:
    from selfcheck.devices.voting import CODE_TRIES

    return CODE_TRIES
