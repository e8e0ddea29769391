"""`selfcheck serve` in a real browser (the system's Chromium, driven by Playwright).

The user opens the printed address: the app's screen arrives over the websocket. Then, in the
same browser (so with the cookie set), a page of another origin tries what an attacker's page
would: open the app's websocket with and without the (leaked) secret. The browser itself adds
the Origin header it really sends; every attempt must be refused. Last, a name that resolves to
this computer (DNS rebinding, made with Chromium's host resolver rules) gets the 403 page even
with the secret.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="needs the system's chromium"),
]
playwright_api = pytest.importorskip("playwright.async_api", reason="needs playwright (the test extra)")
pytest.importorskip("textual_serve", reason="needs the serve extra")

SELFCHECK = Path(sys.executable).parent / "selfcheck"
URL = re.compile(r"(http://127\.0\.0\.1:(\d+))/\?token=([A-Za-z0-9_-]+)")

EVIL = """<!DOCTYPE html><meta charset="utf-8"><title>wait</title><script>
const results = {};
function attempt(name, url) {
  return new Promise(done => {
    let ws;
    try { ws = new WebSocket(url); } catch (e) { results[name] = "threw"; return done(); }
    ws.onopen = () => { results[name] = "OPEN"; ws.close(); done(); };
    ws.onerror = () => { results[name] = results[name] || "refused"; };
    ws.onclose = () => { results[name] = results[name] || "refused"; done(); };
  });
}
async function run() {
  const target = new URLSearchParams(location.search).get("target");
  const secret = new URLSearchParams(location.search).get("secret");
  await attempt("cookie only", `ws://${target}/ws?width=80&height=24`);
  await attempt("leaked secret", `ws://${target}/ws/${secret}?width=80&height=24`);
  try {
    const r = await fetch(`http://${target}/?token=${secret}`, {credentials: "include"});
    results["read page"] = "READ " + r.status;
  } catch (e) { results["read page"] = "refused"; }
  document.title = JSON.stringify(results);
}
run();
</script>"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(predicate: object, timeout: float, what: str, detail: object = str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}\n{detail()}")  # type: ignore[operator]


def test_the_browser_gets_the_app_and_another_origin_gets_nothing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "TEXTUAL_THEME")}
    env.update(
        SELFCHECK_WORKSPACE=str(tmp_path / "ws"),
        SELFCHECK_SETTINGS=str(tmp_path / "s.toml"),
        TERM="xterm-256color",
        SELFCHECK_LANG="nl",
    )
    subprocess.run(
        [str(SELFCHECK), "new", "-q", "inwoners-betrekken", "--org", "Geheimdorp"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    log = tmp_path / "serve.log"
    evil_dir = tmp_path / "evil"
    evil_dir.mkdir()
    (evil_dir / "evil.html").write_text(EVIL, encoding="utf-8")
    evil_port = _free_port()
    with open(log, "wb") as out:
        serve = subprocess.Popen(
            [str(SELFCHECK), "serve", "--port", "0"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    evil = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(evil_port), "--bind", "127.0.0.1", "--directory", str(evil_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def text() -> str:
        return log.read_text(encoding="utf-8", errors="replace")

    try:
        _wait(lambda: URL.search(text()), 30, "the printed address", text)
        m = URL.search(text())
        assert m is not None
        printed, port, secret = m.group(0), m.group(2), m.group(3)

        async def go() -> tuple[bool, str]:
            async with playwright_api.async_playwright() as p:
                # evil.test resolves to this computer, as after a DNS rebinding
                browser = await p.chromium.launch(
                    executable_path=shutil.which("chromium"),
                    args=["--no-sandbox", "--host-resolver-rules=MAP evil.test 127.0.0.1"],
                )
                page = await browser.new_page()
                await page.goto(printed)
                # textual-serve's page marks the body once the app's first bytes arrived
                await page.wait_for_function("document.body.classList.contains('-first-byte')", timeout=30_000)
                connected = await page.evaluate("document.body.classList.contains('-first-byte')")
                other = await browser.new_page()  # same browser, same cookies
                await other.goto(f"http://localhost:{evil_port}/evil.html?target=127.0.0.1:{port}&secret={secret}")
                await other.wait_for_function("document.title.startsWith('{')", timeout=30_000)
                title = await other.title()
                rebound = await browser.new_page()
                response = await rebound.goto(f"http://evil.test:{port}/?token={secret}")
                assert response is not None and response.status == 403
                assert "Geen toegang" in await rebound.content()
                await browser.close()
                return connected, title

        connected, title = asyncio.run(go())
        assert f"Host 'evil.test:{port}' is niet het adres van deze server" in text(), text()
        assert connected, text()
        assert "OPEN" not in title and "READ" not in title, title
        assert '"cookie only":"refused"' in title and '"leaked secret":"refused"' in title, title
        assert f"Origin 'http://localhost:{evil_port}' is een andere website" in text(), text()
    finally:
        for proc in (serve, evil):
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:  # pragma: no cover
                proc.kill()
