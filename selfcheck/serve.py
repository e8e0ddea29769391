"""`selfcheck serve`: the app in a browser tab, through textual-serve.

textual-serve is a small web server: each browser tab that connects starts one app process
(`python -m selfcheck.serve`, which is `main()` below) whose screen travels over a websocket.
It is not a shell; but it has no login either, so it listens on this computer only unless
told otherwise, and then says plainly what that exposes.

The page is our own template (`serve_templates/app_index.html`, adapted from
textual-serve's): theirs loads its font from Google's servers, ours uses the copy of the
same font that textual-serve ships in its static files, so the page loads nothing from
anywhere but this server. Its URLs follow the address the browser used, so the page also
works when the server listens on all addresses (0.0.0.0), unless `--public-url` names the
address of a proxy in front of it.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any, TextIO

from selfcheck.core.errors import SelfcheckError
from selfcheck.core.storage import Workspace
from selfcheck.i18n import language, set_language, t

TEMPLATES = Path(__file__).resolve().parent / "serve_templates"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """True when `host` is reachable from this computer only."""
    if host.lower() in ("localhost", "localhost.", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def app_command() -> str:
    """The shell command textual-serve runs for each browser tab."""
    argv = [sys.executable, "-m", "selfcheck.serve"]
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


def serve(ws: Workspace, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, public_url: str | None = None,
          lang: str | None = None, out: TextIO | None = None) -> int:
    """Serve the app on http://host:port until Ctrl+C (or SIGTERM)."""
    out = out or sys.stderr
    try:
        server_class = _server_class()
    except ImportError:
        raise SelfcheckError(t("serve.missing")) from None
    if not 0 < port < 65536:
        raise SelfcheckError(t("serve.bad_port", port=port))
    ws.ensure()
    # The app processes inherit this environment: the same workspace and language as here.
    os.environ["SELFCHECK_WORKSPACE"] = str(ws.root.resolve())
    if lang:
        os.environ["SELFCHECK_LANG"] = lang
    url = public_url or f"http://{_url_host(host)}:{port}"
    if not is_loopback(host):
        print(t("serve.exposed", host=host, path=ws.root), file=out)
    print(t("serve.listening", url=url, path=ws.root), file=out, flush=True)
    server = server_class(app_command(), host=host, port=port, title="selfcheck", public_url=public_url,
                          templates_path=TEMPLATES)
    server.serve()
    return 0


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"  # where this computer's own browser reaches it
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _server_class() -> Any:
    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.server import Server

    class SelfcheckServer(Server):  # type: ignore[misc]
        """textual-serve's server with our page, our start-up lines and request-relative URLs."""

        def __init__(self, *args: Any, public_url: str | None = None, **kwargs: Any) -> None:
            super().__init__(*args, public_url=public_url, **kwargs)
            self.fixed_url = public_url.rstrip("/") if public_url else None

        async def on_startup(self, app: web.Application) -> None:
            pass  # serve() printed what matters; textual-serve's banner names the command line

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> dict[str, Any]:
            base = self.fixed_url or f"{request.scheme}://{request.host}"
            ws_base = ("wss" if base.startswith("https") else "ws") + ":" + base.split(":", 1)[1]
            font_size = request.query.get("fontsize", "16")
            return {
                "font_size": int(font_size) if font_size.isdigit() and 6 <= int(font_size) <= 64 else 16,
                "app_websocket_url": f"{ws_base}/ws",
                "config": {"static": {"url": f"{base}/static/"}},
                "application": {"name": "selfcheck"},
                "lang": language(),
                "text": {k: t(f"serve.page_{k}") for k in ("title", "start", "ended", "restart", "noscript")},
            }

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
