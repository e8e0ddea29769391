"""`selfcheck serve`: the app in a browser tab, through textual-serve.

textual-serve is a small web server: each browser tab that connects starts one app process
(`python -m selfcheck.serve`, which is `main()` below) whose screen travels over a websocket.
It is not a shell, and it has no accounts; what keeps others out (README, "Security"):

- **A secret per start.** `serve` makes a new one each time (selfcheck/websafety.py) and
  prints the address with it (``http://127.0.0.1:8000/?token=…``), as Jupyter does. Every
  request needs it: in the URL, or in the cookie the first visit sets (HttpOnly,
  SameSite=Strict). The page passes it on to its websocket (``/ws/<secret>``). Only the
  page's public files (``/static/``: scripts, fonts, style) are served without it.
- **Host and Origin checked** on every request, the page and the websocket alike: the Host
  must be the address served (DNS rebinding), the Origin (when the browser sends one) must be
  this server or ``--public-url``. Anything else gets a short 403 page and one log line.
- It listens on this computer only unless told otherwise, and then says plainly what that
  exposes.

The page is our own template (`serve_templates/app_index.html`, adapted from
textual-serve's): theirs loads its font from Google's servers, ours uses the copy of the
same font that textual-serve ships in its static files, so the page loads nothing from
anywhere but this server. Its URLs follow the address the browser used, so the page also
works when the server listens on all addresses (0.0.0.0), unless `--public-url` names the
address of a proxy in front of it.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from selfcheck import websafety
from selfcheck.core.errors import SelfcheckError, printable
from selfcheck.core.storage import Workspace
from selfcheck.i18n import language, set_language, t

TEMPLATES = Path(__file__).resolve().parent / "serve_templates"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TOKEN_PARAM = "token"


def is_loopback(host: str) -> bool:
    """True when `host` is reachable from this computer only."""
    return websafety.is_loopback(host)


def app_command() -> str:
    """The shell command textual-serve runs for each browser tab."""
    from selfcheck.core.childproc import python_command, shell_command

    # isolated: a selfcheck/ folder where serve was started must not replace the app (issue 11.1)
    return shell_command(python_command(module="selfcheck.serve"))


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: a free one, chosen by the system)."""
    try:
        infos = socket.getaddrinfo(host.strip("[]") or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as exc:
        raise SelfcheckError(t("serve.cannot_listen", host=host, port=port, detail=exc.strerror or exc)) from None
    error: OSError | None = None
    for family, kind, proto, _name, address in infos:
        sock = socket.socket(family, kind, proto)
        try:
            if os.name != "nt":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6 and host in ("::", "[::]"):
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            sock.bind(address)
            sock.listen(128)
        except OSError as exc:
            sock.close()
            error = exc
            continue
        sock.setblocking(False)
        return sock
    detail = (error.strerror or str(error)) if error else "?"
    raise SelfcheckError(t("serve.cannot_listen", host=host, port=port, detail=detail))


def serve(
    ws: Workspace,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    public_url: str | None = None,
    lang: str | None = None,
    out: TextIO | None = None,
) -> int:
    """Serve the app on http://host:port until Ctrl+C (or SIGTERM); port 0 picks a free one."""
    out = out or sys.stderr
    try:
        server_class = _server_class()
    except ImportError:
        raise SelfcheckError(t("serve.missing")) from None
    if not 0 <= port < 65536:
        raise SelfcheckError(t("serve.bad_port", port=port))
    if public_url is not None and websafety.origin_of(public_url) is None:
        raise SelfcheckError(t("serve.bad_public_url", url=printable(public_url)))
    ws.ensure()
    # The app processes inherit this environment: the same workspace and language as here.
    os.environ["SELFCHECK_WORKSPACE"] = str(ws.root.resolve())
    if lang:
        os.environ["SELFCHECK_LANG"] = lang
    sock = bind(host, port)
    port = int(sock.getsockname()[1])
    secret = websafety.new_secret()
    base = public_url.rstrip("/") if public_url else f"http://{_url_host(host)}:{port}"
    url = f"{base}/?{TOKEN_PARAM}={secret}"
    if not is_loopback(host):
        print(t("serve.exposed", host=host, path=ws.root), file=out)
    if public_url:  # where the proxy must send its requests (proxy_pass)
        print(t("serve.behind_proxy", local=f"http://{_url_host(host)}:{port}"), file=out)
    print(t("serve.listening", url=url, path=ws.root), file=out, flush=True)
    server = server_class(
        app_command(),
        host=host,
        port=port,
        title="selfcheck",
        public_url=public_url,
        templates_path=TEMPLATES,
        secret=secret,
        sock=sock,
        out=out,
    )
    server.serve()
    return 0


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::", "[::]", ""):
        return "127.0.0.1"  # where this computer's own browser reaches it
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class _OneLineFormatter(logging.Formatter):
    """A log record as one printable line; an exception as its type and the start of its text."""

    def format(self, record: logging.LogRecord) -> str:
        message = printable(record.getMessage())[:300]
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            first = str(exc).splitlines()[0] if str(exc) else ""
            message += f": {type(exc).__name__}: {printable(first)[:80]}"
        return f"selfcheck serve: {record.levelname.lower()}: {message}"


def _server_class() -> Any:
    import asyncio
    import signal

    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.server import Server

    Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

    class SelfcheckServer(Server):
        """textual-serve's server with our page, our start-up lines, request-relative URLs,
        and a guard in front of every route: Host, Origin and the per-start secret."""

        def __init__(
            self,
            command: str,
            *,
            public_url: str | None = None,
            secret: str,
            sock: socket.socket | None = None,
            out: TextIO | None = None,
            **kwargs: Any,
        ) -> None:
            super().__init__(command, public_url=public_url, **kwargs)
            self.fixed_url = public_url.rstrip("/") if public_url else None
            self.secret = secret
            self.sock = sock
            self.out = out or sys.stderr
            self.cookie = f"selfcheck-{self.port}"  # cookies are per host, not per port
            self.extra_hosts: tuple[str, ...] = ()
            self.allowed_origins: tuple[str, ...] = ()
            if public_url:
                parts = urlsplit(public_url)
                self.extra_hosts = (parts.netloc.rsplit("@", 1)[-1],)
                self.allowed_origins = (public_url,)

        async def on_startup(self, app: web.Application) -> None:
            pass  # serve() printed what matters; textual-serve's banner names the command line

        async def _make_app(self) -> web.Application:
            app: web.Application = await super()._make_app()
            app.middlewares.append(self.guard)
            app.on_response_prepare.append(self.add_headers)
            app.router.add_get("/ws/{secret}", self.handle_websocket, name="websocket_secret")
            return app

        def refuse(self, request: web.Request, reason: str) -> web.Response:
            """One log line saying who was refused and why; a short page saying what to do."""
            peer = request.remote or "?"
            path = "/ws/…" if request.path.startswith("/ws/") else request.path  # never a secret in the log
            line = t(
                "serve.refused",
                method=printable(request.method[:16]),
                path=printable(path[:80]),
                peer=printable(peer),
                reason=reason,
            )
            print(line, file=self.out, flush=True)
            body = f'<!DOCTYPE html><meta charset="utf-8"><title>selfcheck</title><p>{t("serve.refused_page")}</p>\n'
            return web.Response(
                status=403,
                text=body,
                content_type="text/html",
                headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
            )

        @web.middleware
        async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
            host = request.headers.get("Host")
            if not websafety.host_allowed(host, self.host, self.port, self.extra_hosts):
                return self.refuse(request, t("serve.bad_host", host=printable((host or "")[:80])))
            origin = request.headers.get("Origin")
            if websafety.host_allowed(host, self.host, self.port):
                origin_ok = websafety.origin_allowed(origin, host, self.allowed_origins)
            else:  # reached by the --public-url name: only that origin, with its scheme (https)
                origin_ok = origin is None or websafety.origin_allowed(origin, None, self.allowed_origins)
            if not origin_ok:
                return self.refuse(request, t("serve.bad_origin", origin=printable((origin or "")[:80])))
            if request.path.startswith("/static/"):
                return await handler(request)  # the page's public files: scripts, fonts, style
            from_url = request.match_info.get("secret") or request.query.get(TOKEN_PARAM)
            given = from_url or request.cookies.get(self.cookie)
            if not websafety.secret_matches(given, self.secret):
                reason = t("serve.bad_secret") if given else t("serve.no_secret")
                return self.refuse(request, reason)
            response = await handler(request)
            if from_url and request.path == "/" and not response.prepared:
                response.set_cookie(
                    self.cookie,
                    self.secret,
                    httponly=True,
                    samesite="Strict",
                    path="/",
                    secure=bool(self.fixed_url and self.fixed_url.startswith("https")),
                )
            return response

        async def add_headers(self, request: web.Request, response: web.StreamResponse) -> None:
            """On every response: no page may frame this one (clickjacking), no address leaks
            in a Referer."""
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
            response.headers.setdefault("Referrer-Policy", "no-referrer")

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> dict[str, Any]:
            base = self.fixed_url or f"{request.scheme}://{request.host}"
            ws_base = ("wss" if base.startswith("https") else "ws") + ":" + base.split(":", 1)[1]
            font_size = request.query.get("fontsize", "16")
            return {
                "font_size": int(font_size) if font_size.isdigit() and 6 <= int(font_size) <= 64 else 16,
                "app_websocket_url": f"{ws_base}/ws/{self.secret}",
                "config": {"static": {"url": f"{base}/static/"}},
                "application": {"name": "selfcheck"},
                "lang": language(),
                "text": {k: t(f"serve.page_{k}") for k in ("title", "start", "ended", "restart", "noscript")},
            }

        def initialize_logging(self) -> None:
            """One short line per log record, never a traceback: textual-serve's rich handler
            printed tracebacks with local variables, which hold the request and its secret."""
            handler = logging.StreamHandler(self.out)
            handler.setFormatter(_OneLineFormatter())
            logging.basicConfig(level="DEBUG" if self.debug else "INFO", handlers=[handler], force=True)

        def serve(self, debug: bool = False) -> None:
            """textual-serve's serve(), on the socket bound beforehand (so port 0 works)."""
            self.debug = debug
            self.initialize_logging()
            if self.sock is None:
                self.sock = bind(self.host, self.port)
            try:
                loop = asyncio.get_event_loop()
            except RuntimeError:
                loop = asyncio.new_event_loop()
            try:
                loop.add_signal_handler(signal.SIGINT, self.request_exit)
                loop.add_signal_handler(signal.SIGTERM, self.request_exit)
            except NotImplementedError:
                pass
            web.run_app(
                self._make_app(),
                sock=self.sock,
                handle_signals=False,
                loop=loop,
                print=lambda *args: None,
                access_log=None,
            )

    return SelfcheckServer


def main() -> int:
    """One browser tab's app (textual-serve starts this with its web driver)."""
    from selfcheck.core.storage import resolve_workspace
    from selfcheck.tui.app import run_app

    lang = os.environ.get("SELFCHECK_LANG")
    if lang in ("nl", "en"):
        set_language(lang)
    return run_app(Workspace(resolve_workspace(None)))


if __name__ == "__main__":
    sys.exit(main())
