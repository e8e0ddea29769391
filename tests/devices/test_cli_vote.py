"""`selfcheck vote FILE` as a script uses it: the join address on stdout, commands on stdin
(n, r, a NAME, ok NAME, q), one clear line for a file that cannot vote from phones."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys

import aiohttp
import pytest

from selfcheck.core.storage import Workspace
from tests.devices.conftest import make_assessment

pytestmark = pytest.mark.skipif(os.name == "nt", reason="reads commands with the event loop's reader (POSIX)")


async def read_until(proc: asyncio.subprocess.Process, pattern: str, seen: list[str]) -> re.Match[str]:
    assert proc.stdout is not None
    while True:
        line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
        assert line, "".join(seen)
        seen.append(line)
        m = re.search(pattern, line)
        if m:
            return m


async def test_a_script_runs_a_round(workspace: Workspace) -> None:
    path = make_assessment(workspace, ["Anna", "Bram"])
    env = dict(os.environ, PYTHONIOENCODING="utf-8", SELFCHECK_LANG="nl")
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "selfcheck",
        "--workspace",
        str(workspace.root),
        "vote",
        str(path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    assert proc.stdin is not None
    seen: list[str] = []
    url = (await read_until(proc, r"(http://127\.0\.0\.1:\d+/j/\S+)", seen)).group(1)
    await read_until(proc, r"Luistert op 127\.0\.0\.1:\d+", seen)
    base = url.split("/j/")[0]
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.post(url, data={"name": "Anna"}, headers={"Origin": base}) as resp:
            csrf = re.search(r'data-csrf="([^"]+)"', await resp.text()).group(1)  # type: ignore[union-attr]
        await read_until(proc, r"Anna doet mee", seen)
        async with http.get(base + "/v/state") as resp:
            item = (await resp.json())["item"]
        async with http.post(
            base + "/v",
            data={"item": item, "value": "2"},
            headers={"Origin": base, "Accept": "application/json", "X-CSRF-Token": csrf},
        ) as resp:
            assert (await resp.json())["received"]
        await read_until(proc, r"Gestemd: 1 van 2", seen)
        proc.stdin.write(b"a Bram\nr\n")
        await proc.stdin.drain()
        await read_until(proc, r"Onthuld: 1× 2", seen)
        proc.stdin.write(b"n\n")
        await proc.stdin.drain()
        await read_until(proc, r"Nu: stelling 2 van", seen)
        async with http.get(base + "/v/state") as resp:
            assert (await resp.json())["position"][0] == 2
        proc.stdin.write(b"q\n")
        await proc.stdin.drain()
        await read_until(proc, r"Gestopt", seen)
    assert await asyncio.wait_for(proc.wait(), 30) == 0
    a = workspace.load(path)
    assert a.answers[item].votes == {"Anna": 2} and a.answers[item].revealed


def test_a_round_without_participants_gets_one_clear_line(workspace: Workspace) -> None:
    from tests.helpers import run_cli

    path = make_assessment(workspace, ["Anna"], voting="team")
    out = run_cli("--workspace", str(workspace.root), "vote", str(path))
    assert out.returncode == 1
    assert "deelnemers" in out.stderr and "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
