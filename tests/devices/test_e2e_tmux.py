"""The whole five-phone blind round as the README tells it: the real app in a real terminal
(tmux, 100x30), `v`, "only this computer", five phones in Chromium join from the address read
off the screen and vote, the screen shows ✓ and no value, `r` reveals (the phones show the
counts), a team score, `→` (every phone follows), `v` `s` stops (the phones say so), ctrl+q,
and the file holds every vote and the reveal."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from selfcheck.core.storage import Workspace
from tests.devices.conftest import make_assessment

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("tmux") is None or shutil.which("chromium") is None, reason="needs tmux and the system's chromium"
    ),
]
playwright_api = pytest.importorskip("playwright.async_api", reason="needs playwright (the test extra)")

PEOPLE = ["Anna", "Bram", "Cem", "Dewi", "Eva"]
VOTES = ["2", "1", "2", "3", "weet-niet"]


class Terminal:
    def __init__(self, tmp: Path) -> None:
        self.cmd = ["tmux", "-S", str(tmp / "tmux.sock")]

    def run(self, *args: str) -> str:
        return subprocess.run([*self.cmd, *args], capture_output=True, text=True, timeout=30).stdout

    def keys(self, *keys: str) -> None:
        self.run("send-keys", *keys)

    async def wait_for(self, read: Callable[[str], str | None], what: str, timeout: float = 60.0) -> str:
        """Wait until `read` finds what it looks for on the screen; returns what it found."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while True:
            screen = self.run("capture-pane", "-p")
            found = read(screen)
            if found is not None:
                return found
            assert loop.time() < end, f"{what} not on the screen:\n{screen}"
            await asyncio.sleep(0.1)

    async def wait(self, pattern: str, timeout: float = 60.0) -> str:
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while True:
            screen = self.run("capture-pane", "-p")
            if re.search(pattern, screen):
                return screen
            assert loop.time() < end, f"{pattern!r} not on the screen:\n{screen}"
            await asyncio.sleep(0.1)


def join_url(screen: str) -> str | None:
    """The join address as the panel shows it, wrapped over lines beside the QR code; None
    while the panel is not wholly painted yet (the choice dialog before it still partly on the
    screen: a CI run captured such a frame)."""
    lines = screen.splitlines()
    start = next((n for n, line in enumerate(lines) if "Scan de QR-code" in line), None)
    if start is None or "Waar mogen telefoons" in screen:
        return None
    parts = []
    for line in lines[start + 1 :]:
        if "Of ga naar" in line:
            break
        parts.append(line.rstrip(" │").split("   ")[-1].strip())
    m = re.match(r"(http://127\.0\.0\.1:\d+/j/[A-Za-z0-9_-]+)", "".join(parts))
    return m.group(1) if m else None


async def test_a_five_phone_blind_round_as_the_readme_tells_it(workspace: Workspace, tmp_path: Path) -> None:
    path = make_assessment(workspace, PEOPLE)
    term = Terminal(tmp_path)
    env = f"SELFCHECK_WORKSPACE={workspace.root} XDG_CONFIG_HOME={tmp_path / 'cfg'} SELFCHECK_LANG=nl"
    term.run(
        "new-session", "-d", "-x", "100", "-y", "30", f"env {env} {sys.executable} -m selfcheck open {path}; sleep 30"
    )
    try:
        await term.wait("Anna")
        term.keys("v")
        await term.wait("Waar mogen telefoons")
        term.keys("Down", "Enter")
        await term.wait(r"Luistert op 127\.0\.0\.1:\d+")
        url = await term.wait_for(join_url, "the join address beside the QR code")
        base = url.split("/j/")[0]
        term.keys("Escape")
        async with playwright_api.async_playwright() as p:
            browser = await p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            try:
                phones: dict[str, Any] = {}
                for name in PEOPLE:
                    ctx = await browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
                    page = await ctx.new_page()
                    await page.goto(url)
                    await page.get_by_role("button", name=name, exact=True).click()
                    await page.wait_for_url(base + "/v")
                    phones[name] = page
                await term.wait("5/5 telefoons")
                for name, value in zip(PEOPLE, VOTES, strict=True):
                    await phones[name].locator(f"button.choice[value='{value}']").click()
                    await phones[name].locator("#status").filter(has_text="Je stem is binnen").wait_for(timeout=60000)
                screen = await term.wait("Eva: ✓")
                assert not re.search(r"(Anna|Bram|Cem|Dewi|Eva): (\d|weet)", screen)  # no value before r
                term.keys("r")
                await term.wait("Anna: 2")
                await phones["Bram"].locator("#dist").wait_for(state="visible", timeout=60000)
                counts = await phones["Bram"].locator("#dist dd span").all_inner_texts()
                assert [int(c) for c in counts] == [0, 1, 2, 1, 0, 1]
                term.keys("Down", "2")  # the team row, team score 2
                await term.wait("Teamscore: 2")
                first = await phones["Eva"].locator("#text").inner_text()
                term.keys("Right")
                await phones["Eva"].wait_for_function(
                    "t => document.getElementById('text').textContent !== t", arg=first, timeout=60000
                )
                term.keys("v")
                await term.wait("stoppen")
                term.keys("s")
                await phones["Anna"].locator("#status").filter(has_text="gestopt").wait_for(timeout=60000)
            finally:
                await browser.close()
        term.keys("C-q")
        await term.wait(r"^(?![\s\S]*Teamscore)", timeout=30)  # the app has ended
    finally:
        term.run("kill-server")
    a = workspace.load(path)
    item = next(iter(a.answers))
    assert {k: str(v) for k, v in a.answers[item].votes.items()} == dict(zip(PEOPLE, VOTES, strict=True))
    assert a.answers[item].revealed and a.answers[item].score == 2
    assert os.path.exists(path)
