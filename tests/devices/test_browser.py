"""Eight phones in a real Chromium (Playwright, the system's browser, no download) vote at once
on one statement while the facilitator's side (server + VotingSession) runs in this process.

One phone reloads mid-vote, one arrives with a forged token, one is attacked by a page of a
foreign origin in the same browser; the file is read back after every vote, and no vote shows
anywhere before the reveal."""

from __future__ import annotations

import asyncio
import random
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from selfcheck.core.storage import Workspace
from tests.devices.conftest import PEOPLE, Running, make_assessment

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs the system's chromium")
playwright_api = pytest.importorskip("playwright.async_api", reason="needs playwright (the test extra)")

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
RECEIVED = "Je stem is binnen"


@pytest.fixture
async def eight(workspace: Workspace) -> AsyncIterator[Running]:
    path = make_assessment(workspace, PEOPLE[:8])
    r = Running(workspace, path)
    await r.server.start()
    try:
        yield r
    finally:
        await r.server.stop()
        await r.sink.flush()
        r.session.close()


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async with playwright_api.async_playwright() as p:
        b = await p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        try:
            yield b
        finally:
            await b.close()


def label_of(value: str) -> str:
    return {"nvt": "n.v.t.", "weet-niet": "weet niet"}.get(value, value + " ·")


async def test_eight_phones_vote_at_once(eight: Running, browser: Any, tmp_path: Path) -> None:
    r = eight
    rng = random.Random(14)
    problems: list[str] = []
    outside: list[str] = []
    pages = []
    for name in PEOPLE[:8]:
        ctx = await browser.new_context(**PHONE)
        page = await ctx.new_page()
        page.on("console", lambda m, n=name: problems.append(f"{n}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e, n=name: problems.append(f"{n}: {e}"))
        page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(r.base) else None)
        await page.goto(r.server.join_url)
        await page.get_by_role("button", name=name, exact=True).click()
        await page.wait_for_url(r.base + "/v")
        await page.wait_for_function("document.getElementById('status') !== null")
        pages.append((name, page))
    await wait_until(lambda: all(r.voting.connected(n) for n in PEOPLE[:8]))
    item = r.voting.current
    text = r.voting.item.text.get("nl")
    for _, page in pages:
        assert await page.locator("#text").inner_text() == text

    # All eight tap at the same moment; the sixth reloads right after its tap.
    values = {name: rng.choice(["0", "1", "2", "3", "nvt", "weet-niet"]) for name, _ in pages}

    async def tap(name: str, page: Any) -> str:
        button = page.locator(f"button.choice[value='{values[name]}']")
        if name == PEOPLE[5]:
            await button.click(no_wait_after=True)
            await page.reload()
            await page.wait_for_function("document.getElementById('status') !== null")
            await page.locator(f"button.choice[value='{values[name]}']").click()
        else:
            await button.click()
        await page.locator("#status").filter(has_text=RECEIVED).wait_for(timeout=60000)
        return name

    for done in asyncio.as_completed([tap(n, p) for n, p in pages]):
        name = await done
        on_disk = r.on_disk().answers[item].votes  # the file, read back after every vote
        assert str(on_disk[name]) == values[name], (name, on_disk)
    assert {k: str(v) for k, v in r.on_disk().answers[item].votes.items()} == values
    assert len(r.on_disk().answers[item].votes) == 8  # the reload voted once, not twice

    # Before the reveal: no phone shows anything but its own vote.
    for name, page in pages:
        body = await page.locator("body").inner_text()
        assert await page.locator("#dist").is_hidden()
        assert all(other not in body for other in PEOPLE[:8] if other != name), name
        pressed = await page.locator("button[aria-pressed='true']").all()
        assert len(pressed) == 1 and await pressed[0].get_attribute("value") == values[name]

    # A phone changes its mind; still one vote for that name.
    name0, page0 = pages[0]
    new = "3" if values[name0] != "3" else "0"
    await page0.locator(f"button.choice[value='{new}']").click()
    await page0.locator("#status").filter(has_text=f"binnen: {label_of(new)}").wait_for()
    assert str(r.on_disk().answers[item].votes[name0]) == new
    values[name0] = new

    await page0.screenshot(path=str(tmp_path / "phone-360.png"), full_page=True)

    # The reveal: every phone shows the distribution (counts), still no names, voting closed.
    r.voting.reveal()
    for name, page in pages:
        await page.locator("#dist").wait_for(state="visible")
        body = await page.locator("body").inner_text()
        assert all(other not in body for other in PEOPLE[:8] if other != name)
        assert await page.locator("#choices button").first.is_disabled()
    counts = await pages[1][1].locator("#dist dd span").all_inner_texts()
    assert sum(int(c) for c in counts) == 8

    # The facilitator moves on: every phone follows to the next statement, nothing chosen yet.
    r.voting.set_current(r.voting.items[1].id)
    nxt = r.voting.items[1].text.get("nl")
    for _, page in pages:
        await page.locator("#text").filter(has_text=nxt[:30]).wait_for()
        assert await page.locator("button[aria-pressed='true']").count() == 0
        assert await page.locator("#dist").is_hidden()

    assert not problems, problems
    assert not outside, outside


async def test_a_forged_token_and_a_foreign_origin_get_nowhere(eight: Running, browser: Any) -> None:
    r = eight
    # A forged token: a clear page, no traceback, nothing written.
    ctx = await browser.new_context(**PHONE)
    await ctx.add_cookies([{"name": r.server.cookie_name, "value": "forged-" + "x" * 40, "url": r.base}])
    page = await ctx.new_page()
    response = await page.goto(r.base + "/v")
    assert response is not None and response.status == 403
    assert "niet (meer) aangemeld" in await page.locator("body").inner_text()

    # A joined phone whose browser also opens a page of a foreign origin (another port on the
    # same machine: the same *site*, so SameSite alone would not stop it).
    victim = await browser.new_context(**PHONE)
    vp = await victim.new_page()
    await vp.goto(r.server.join_url)
    await vp.get_by_role("button", name="Anna", exact=True).click()
    await vp.wait_for_url(r.base + "/v")

    evil = web.Application()
    target = r.base + "/v"
    item = r.voting.current

    async def attack(_: web.Request) -> web.Response:
        html = (
            f'<form id="f" method="post" action="{target}"><input name="item" value="{item}">'
            '<input name="value" value="0"><input name="csrf" value="guess"></form>'
            f'<script>fetch("{target}", {{method: "POST", credentials: "include", mode: "no-cors", '
            f'headers: {{"Content-Type": "application/x-www-form-urlencoded"}}, body: "item={item}&value=0"}})'
            '.finally(function () { document.getElementById("f").submit(); });</script>'
        )
        return web.Response(text=html, content_type="text/html")

    evil.router.add_get("/", attack)
    runner = web.AppRunner(evil)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        ep = await victim.new_page()
        async with ep.expect_navigation():
            await ep.goto(f"http://127.0.0.1:{port}/")
        assert "geweigerd" in await ep.locator("body").inner_text()
    finally:
        await runner.cleanup()
    assert r.voting.voted() == set()
    assert r.on_disk().answers.get(item) is None


async def wait_until(check: Any, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def test_a_phone_that_loses_wifi_comes_back_to_the_current_statement(eight: Running, browser: Any) -> None:
    r = eight
    ctx = await browser.new_context(**PHONE)
    page = await ctx.new_page()
    await page.goto(r.server.join_url)
    await page.get_by_role("button", name="Gijs", exact=True).click()
    await page.wait_for_url(r.base + "/v")
    await wait_until(lambda: r.voting.connected("Gijs"))
    await page.locator("button.choice[value='1']").click()
    await page.locator("#status").filter(has_text=RECEIVED).wait_for()
    # The Wi-Fi drops: no new connection gets through, and the open stream is cut.
    await ctx.set_offline(True)
    for request in list(r.server.streams.values()):
        if request.transport is not None:
            request.transport.close()
    await page.locator("#status").filter(has_text="Geen verbinding").wait_for()
    r.voting.set_current(r.voting.items[4].id)  # the meeting moves on while the phone is away
    await ctx.set_offline(False)
    await page.locator("#text").filter(has_text=r.voting.items[4].text.get("nl")[:30]).wait_for(timeout=20000)
    assert await page.locator("button[aria-pressed='true']").count() == 0
    await page.locator("button.choice[value='3']").click()
    await page.locator("#status").filter(has_text=RECEIVED).wait_for()
    disk = r.on_disk().answers
    assert disk[r.voting.items[0].id].votes == {"Gijs": 1} and disk[r.voting.items[4].id].votes == {"Gijs": 3}
