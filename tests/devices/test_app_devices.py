"""Voting from phones in the app, under Pilot at 80x24: `v` starts the server and shows the QR
code, phones (real HTTP clients in the same event loop) join and vote, the screen shows ✓ and
never a value before the reveal, the phones follow the facilitator, `u` marks someone absent,
a second device for a name needs the facilitator's yes, and leaving the assessment closes the
server."""

from __future__ import annotations

import asyncio
import re
import socket
from typing import Any

import aiohttp
import pytest

from selfcheck.core.storage import Workspace
from tests.devices.conftest import make_assessment
from tests.tui.tui_helpers import screen_text


async def until(pilot: Any, check: Any, timeout: float = 60.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        assert loop.time() < end, screen_text(pilot.app)
        await pilot.pause(0.02)


class Phone:
    def __init__(self, base: str, url: str) -> None:
        self.base, self.url = base, url
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf = ""

    async def join(self, name: str) -> str:
        async with self.http.post(self.url, data={"name": name}, headers={"Origin": self.base}) as resp:
            html = await resp.text()
        m = re.search(r'data-csrf="([^"]+)"', html)
        self.csrf = m.group(1) if m else ""
        return html

    async def state(self) -> dict[str, Any]:
        async with self.http.get(self.base + "/v/state") as resp:
            return dict(await resp.json())

    async def vote(self, value: str) -> dict[str, Any]:
        item = (await self.state())["item"]
        async with self.http.post(
            self.base + "/v",
            data={"item": item, "value": value},
            headers={"Origin": self.base, "Accept": "application/json", "X-CSRF-Token": self.csrf},
        ) as resp:
            return dict(await resp.json())


async def test_device_voting_in_the_app(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from selfcheck.tui.app import SelfcheckApp
    from selfcheck.tui.devices import DevicesPanel

    monkeypatch.setenv("SELFCHECK_DEVICES_HOST", "127.0.0.1")
    path = make_assessment(workspace, ["Anna", "Bram", "Cem"])
    app = SelfcheckApp(workspace, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "Anna" in screen_text(app))
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, DevicesPanel))
        text = screen_text(app)
        assert "Luistert op 127.0.0.1:" in text and "▀" in text and "/j/" in text
        devices = app.devices
        assert devices is not None
        server = devices.server
        await pilot.press("escape")
        await until(pilot, lambda: f"luistert op {server.listening}" in screen_text(app))  # always: where it listens

        anna, bram, anna2 = (Phone(server.base_url, server.join_url) for _ in range(3))
        try:
            await anna.join("Anna")
            await bram.join("Bram")
            assert (await anna.vote("2"))["received"]
            assert (await bram.vote("0"))["received"]
            await until(pilot, lambda: "Anna: ✓" in screen_text(app) and "Bram: ✓" in screen_text(app))
            text = screen_text(app)
            assert "Anna: 2" not in text and "Bram: 0" not in text  # never the value before the reveal
            item = devices.voting.current
            assert {k: v for k, v in workspace.load(path).answers[item].votes.items()} == {"Anna": 2, "Bram": 0}

            # Cem is not here today: the facilitator marks him absent (row of Cem, then u).
            while app.screen.row != 2:  # type: ignore[attr-defined]
                await pilot.press("down" if app.screen.row < 2 else "up")  # type: ignore[attr-defined]
            await pilot.press("u")
            await until(pilot, lambda: "Cem: afwezig" in screen_text(app))
            assert devices.voting.all_voted()

            # A second phone asks for Anna: the screen asks the facilitator, who allows it.
            await anna2.join("Anna")
            await until(pilot, lambda: "tweede apparaat" in screen_text(app))
            await pilot.press("j")
            await until(pilot, lambda: devices.voting.holder["Anna"] != next(iter(devices.voting.devices)))
            assert (await anna.state())["status"] == "revoked"

            # The reveal: phones show counts, the screen shows the values as always.
            await pilot.press("r")
            await until(pilot, lambda: "Anna: 2" in screen_text(app))
            state = await bram.state()
            assert dict(state["distribution"])["2"] == 1 and "Anna" not in str(state)

            # Next statement: phones follow.
            await pilot.press("right")
            await until(pilot, lambda: devices.voting.current != item)
            assert (await bram.state())["item"] == devices.voting.current

            # Leaving the assessment closes the server: nothing listens any more.
            host, port = server.bound  # type: ignore[misc]
            await pilot.press("escape")
            await until(pilot, lambda: app.devices is None and not server.running)
            with pytest.raises(OSError):
                socket.create_connection((host, port), timeout=2).close()
        finally:
            for p in (anna, bram, anna2):
                await p.http.close()


async def test_device_voting_is_offered_only_with_participants(workspace: Workspace) -> None:
    from selfcheck.core.session import OpenAssessment
    from selfcheck.tui.app import SelfcheckApp
    from selfcheck.tui.devices import DevicesPanel, votable

    path = make_assessment(workspace, ["Anna"], voting="team")
    app = SelfcheckApp(workspace, path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.check_action("devices", ()) is False  # not in the footer, help or palette
        await pilot.press("v")
        await pilot.pause()
        assert app.devices is None and not isinstance(app.screen, DevicesPanel)
    with OpenAssessment.open(workspace, path) as doc:
        assert "deelnemers" in votable(doc)
