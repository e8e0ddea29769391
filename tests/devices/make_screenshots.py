#!/usr/bin/env python3
"""PNG screenshots of the phone pages with the system's Chromium, at 360 px and 1280 px wide.

    .venv/bin/python tests/devices/make_screenshots.py [OUTDIR] [--lang en]

Writes join-, vote-, voted- and revealed-<width>.png (default OUTDIR: docs/devices/).
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from selfcheck.core.storage import Workspace  # noqa: E402
from selfcheck.i18n import set_language  # noqa: E402
from tests.devices.conftest import PEOPLE, Running, make_assessment  # noqa: E402


async def main(out: Path) -> None:
    ws = Workspace(Path(tempfile.mkdtemp(prefix="shots-")) / "ws")
    ws.ensure()
    r = Running(ws, make_assessment(ws, PEOPLE[:5]))
    await r.server.start()
    out.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as p:
        b = await p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        for width, height, mobile in ((360, 740, True), (1280, 800, False)):
            ctx = await b.new_context(
                viewport={"width": width, "height": height}, is_mobile=mobile, device_scale_factor=2 if mobile else 1
            )
            page = await ctx.new_page()
            await page.goto(r.server.join_url)
            if width == 360:
                r.voting.join("Bram")  # one name taken already
            await page.reload()
            await page.screenshot(path=str(out / f"join-{width}.png"), full_page=True)
            name = "Anna" if width == 360 else "Cem"
            await page.get_by_role("button", name=name, exact=True).click()
            await page.wait_for_url(r.base + "/v")
            await page.wait_for_function("document.getElementById('status') !== null")
            await page.screenshot(path=str(out / f"vote-{width}.png"), full_page=True)
            await page.locator("button.choice[value='2']").click()
            await page.locator("#status.in").wait_for()
            await page.screenshot(path=str(out / f"voted-{width}.png"), full_page=True)
            await ctx.close()
        # Others vote, the facilitator reveals: both phones show the distribution.
        for n, value in (("Dewi", 1), ("Eva", 2)):
            _, d = r.voting.join(n)
            await r.sink.saved(r.voting.vote(d, r.voting.current, value))
        for width, height, mobile, name in ((360, 740, True, "Anna"), (1280, 800, False, "Cem")):
            ctx = await b.new_context(
                viewport={"width": width, "height": height}, is_mobile=mobile, device_scale_factor=2 if mobile else 1
            )
            page = await ctx.new_page()
            token, _ = r.voting.join(name) if name not in r.voting.holder else (None, None)
            if token is None:  # take over the name on this new context (the facilitator allows it)
                token, _ = r.voting.join(name)
                r.voting.confirm(name, allow=True)
            await ctx.add_cookies([{"name": r.server.cookie_name, "value": token, "url": r.base}])
            await page.goto(r.base + "/v")
            r.voting.reveal()
            await page.locator("#dist").wait_for(state="visible")
            await page.screenshot(path=str(out / f"revealed-{width}.png"), full_page=True)
            await ctx.close()
        await b.close()
    await r.server.stop()
    r.session.close()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--lang" in sys.argv:
        set_language(sys.argv[sys.argv.index("--lang") + 1])
        args = [a for a in args if a not in ("en", "nl")]
    asyncio.run(main(Path(args[0]) if args else ROOT / "docs" / "devices"))
