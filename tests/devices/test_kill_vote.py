"""kill -9 of the process serving the phones, in the middle of voting: every vote a phone was
told is received is in the file afterwards (`selfcheck vote` in a child process, a real HTTP
client per phone, SIGKILL at a random moment, the file read back, and the next start works)."""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from selfcheck.core.storage import Workspace
from tests.devices.conftest import PEOPLE, make_assessment

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")]

VALUES = ["0", "1", "2", "3", "nvt", "weet-niet"]


async def start(ws: Path, path: Path) -> tuple[asyncio.subprocess.Process, str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", SELFCHECK_LANG="nl")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "selfcheck",
        "--workspace",
        str(ws),
        "vote",
        str(path),
        "--port",
        "0",
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    assert proc.stdout is not None
    seen = []
    while True:
        line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
        seen.append(line)
        assert line, "".join(seen)
        m = re.search(r"(http://\S+/j/\S+)", line)
        if m:
            return proc, m.group(1)


async def phone(
    url: str, name: str, rng: random.Random, acked: dict[str, str], sent_after: dict[str, set[str]], stop: asyncio.Event
) -> None:
    base = url.split("/j/")[0]
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.post(url, data={"name": name}, headers={"Origin": base}) as resp:
            html = await resp.text()
        csrf = re.search(r'data-csrf="([^"]+)"', html).group(1)  # type: ignore[union-attr]
        async with http.get(base + "/v/state") as resp:
            item = (await resp.json())["item"]
        while not stop.is_set():
            value = rng.choice(VALUES)
            sent_after[name].add(value)
            try:
                async with http.post(
                    base + "/v",
                    data={"item": item, "value": value},
                    headers={"Origin": base, "Accept": "application/json", "X-CSRF-Token": csrf},
                ) as resp:
                    state = await resp.json()
                    if resp.status == 200 and state.get("received") and str(state["mine"]) == value:
                        acked[name] = value  # the phone now shows "received"
                        sent_after[name] = set()
                    elif resp.status == 429:
                        await asyncio.sleep(0.2)
            except (TimeoutError, aiohttp.ClientError, ValueError):
                return  # the server is gone


async def one_round(ws: Workspace, path: Path, seed: int) -> int:
    rng = random.Random(seed)
    proc, url = await start(ws.root, path)
    people = PEOPLE[:5]
    acked: dict[str, str] = {}
    sent_after: dict[str, set[str]] = {n: set() for n in people}
    stop = asyncio.Event()
    tasks = [
        asyncio.create_task(phone(url, n, random.Random(seed * 10 + i), acked, sent_after, stop))
        for i, n in enumerate(people)
    ]
    # Kill once some votes were received, at a random later moment.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while len(acked) < 3 and loop.time() < deadline:
        await asyncio.sleep(0.01)
    await asyncio.sleep(rng.uniform(0.0, 0.3))
    proc.send_signal(signal.SIGKILL)
    await proc.wait()
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    on_disk = ws.load(path)  # loads: never a broken file
    votes = {}
    for ans in on_disk.answers.values():
        votes.update({k: str(v) for k, v in ans.votes.items()})
    for name, value in acked.items():
        assert votes.get(name) in {value} | sent_after[name], (name, value, votes.get(name), sent_after[name])
    return len(acked)


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_kill_9_loses_no_received_vote(workspace: Workspace, seed: int) -> None:
    path = make_assessment(workspace)
    received = await one_round(workspace, path, seed)
    assert received >= 3
    # The lock of the killed process is stale: the next start takes it over and serves again.
    received = await one_round(workspace, path, seed + 100)
    assert received >= 3
