#!/usr/bin/env python3
"""Voting from phones: from a tap until the shared screen shows ✓, and memory per device.

    python benchmarks/bench_devices.py [--rounds 30] [--people 10] [--devices 100]

1. Latency. A blind assessment with `--people` participants (default 10), each a real HTTP
   client (aiohttp) joined through the join URL and holding an open event stream, as a phone
   does. Per round all of them tap at the same moment (one POST each). Measured per tap:
   - tap -> ✓: until the voting state tells the shared screen that this person has voted
     (the app redraws the ✓ on exactly that call), target p95 <= 150 ms;
   - tap -> "received": until the phone has the answer that its vote is in the file on disk
     (written durably, fsync included), which is when the phone shows ✓ itself.
   Server and clients share one event loop and this machine's cores, so the numbers include
   the clients' own work: a conservative measure.
2. Memory. `selfcheck vote --trust-proxy` runs in a child process; `--devices` phones join and keep an event
   stream open; the growth of its resident memory (VmRSS) divided by the devices.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selfcheck.core.model import Assessment  # noqa: E402
from selfcheck.core.session import OpenAssessment  # noqa: E402
from selfcheck.core.storage import Workspace  # noqa: E402
from selfcheck.devices.server import Bucket, DeviceServer  # noqa: E402
from selfcheck.devices.sink import SessionSink  # noqa: E402
from selfcheck.devices.voting import VotingSession  # noqa: E402


def make(ws: Workspace, people: int) -> Path:
    q = ws.library.questionnaire("inwoners-betrekken")
    a = Assessment(
        questionnaire=q.id,
        questionnaire_version=q.version,
        organisation="Benchdam",
        voting="blind",
        participants=[f"Deelnemer {n:03d}" for n in range(people)],
    )
    return ws.save(a)


async def join(
    base: str, url: str, name: str, address: str = ""
) -> tuple[aiohttp.ClientSession, str, asyncio.Task[None]]:
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    headers = {"Origin": base, **({"X-Forwarded-For": address} if address else {})}
    async with http.post(url, data={"name": name}, headers=headers) as resp:
        html = await resp.text()
    m = re.search(r'data-csrf="([^"]+)"', html)
    assert m, html[:300]

    async def stream() -> None:
        async with http.get(base + "/v/events") as resp:
            async for _ in resp.content:
                pass

    return http, m.group(1), asyncio.create_task(stream())


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


async def latency(rounds: int, people: int) -> dict[str, float]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-devices-"))
    ws = Workspace(tmp / "ws")
    ws.ensure()
    path = make(ws, people)
    doc = OpenAssessment.open(ws, path)
    sink = SessionSink(doc)
    voting = VotingSession(sink)
    server = DeviceServer(voting)
    # Rounds follow each other without the minutes a meeting takes: lift the per-device vote
    # limit (5 a second) so it does not throttle the measurement.
    server.vote_limit = Bucket(rate=1000, burst=1000)
    await server.start()
    base = server.base_url
    names = voting.participants
    phones = [await join(base, server.join_url, n) for n in names]
    while not all(voting.connected(n) for n in names):
        await asyncio.sleep(0.01)
    shown: dict[str, float] = {}

    def on_change(what: str) -> None:
        if what == "vote":
            now = time.perf_counter()
            for n in voting.voted():
                shown.setdefault(n, now)

    voting.subscribe(on_change)
    to_check: list[float] = []
    to_received: list[float] = []
    for r in range(rounds):
        voting.set_current(voting.items[r % len(voting.items)].id)
        item = voting.current
        shown.clear()
        for n in voting.voted():
            shown[n] = 0.0  # a vote from an earlier lap over the items: not this round's

        async def tap(k: int, item: str = item, r: int = r) -> tuple[str, float, float]:
            http, csrf, _ = phones[k]
            start = time.perf_counter()
            async with http.post(
                base + "/v",
                data={"item": item, "value": str((k + r) % 4)},
                headers={"Origin": base, "Accept": "application/json", "X-CSRF-Token": csrf},
            ) as resp:
                state = await resp.json()
                assert resp.status == 200 and state["received"], state
            return names[k], start, time.perf_counter()

        results = await asyncio.gather(*(tap(k) for k in range(people)))
        for name, start, end in results:
            if shown.get(name):
                to_check.append((shown[name] - start) * 1000)
            to_received.append((end - start) * 1000)
    for http, _, task in phones:
        task.cancel()
        await http.close()
    await server.stop()
    await sink.flush()
    doc.close()
    return {
        "check_median": statistics.median(to_check),
        "check_p95": pct(to_check, 95),
        "received_median": statistics.median(to_received),
        "received_p95": pct(to_received, 95),
        "taps": len(to_received),
    }


async def app_latency(rounds: int, people: int) -> dict[str, float]:
    """The same taps against the real app (headless under Pilot, 80x24): until the answering
    screen has drawn "Name: ✓" into its votes part (the widget updated; the terminal's paint
    follows on the next frame)."""
    os.environ["SELFCHECK_DEVICES_HOST"] = "127.0.0.1"
    from selfcheck.tui.answer import AnswerScreen
    from selfcheck.tui.app import SelfcheckApp

    tmp = Path(tempfile.mkdtemp(prefix="bench-devices-app-"))
    ws = Workspace(tmp / "ws")
    ws.ensure()
    path = make(ws, people)
    drawn: dict[str, float] = {}
    original = AnswerScreen.render_parts

    def render_parts(self: AnswerScreen) -> dict[str, object]:
        parts = original(self)
        now = time.perf_counter()
        text = parts["votes"].plain
        for name in self.participants:
            if f"{name}: ✓" in text:
                drawn.setdefault(name, now)
        return parts  # type: ignore[return-value]

    AnswerScreen.render_parts = render_parts  # type: ignore[assignment,method-assign]
    app = SelfcheckApp(ws, path)
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        while app.devices is None:
            await pilot.pause(0.02)
        await pilot.press("escape")
        server = app.devices.server
        base = server.base_url
        server.vote_limit = Bucket(rate=1000, burst=1000)
        names = app.devices.voting.participants
        phones = [await join(base, server.join_url, n) for n in names]
        for _ in range(rounds):
            await pilot.press("right")
            await pilot.pause(0.05)
            item = app.devices.voting.current
            drawn.clear()

            async def tap(k: int, item: str = item) -> tuple[str, float]:
                http, csrf, _ = phones[k]
                start = time.perf_counter()
                async with http.post(
                    base + "/v",
                    data={"item": item, "value": str(k % 4)},
                    headers={"Origin": base, "Accept": "application/json", "X-CSRF-Token": csrf},
                ) as resp:
                    await resp.read()
                return names[k], start

            starts = await asyncio.gather(*(tap(k) for k in range(people)))
            while len(drawn) < people:
                await pilot.pause(0.005)
            times.extend((drawn[name] - start) * 1000 for name, start in starts)
        for http, _, task in phones:
            task.cancel()
            await http.close()
    AnswerScreen.render_parts = original  # type: ignore[method-assign]
    return {"median": statistics.median(times), "p95": pct(times, 95), "taps": len(times)}


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def memory(devices: int) -> dict[str, float]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-devices-mem-"))
    ws = Workspace(tmp / "ws")
    ws.ensure()
    path = make(ws, devices)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "selfcheck",
        "--workspace",
        str(ws.root),
        "vote",
        str(path),
        "--trust-proxy",
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )
    assert proc.stdout is not None
    url = ""
    while not url:
        line = (await proc.stdout.readline()).decode()
        m = re.search(r"(http://\S+/j/\S+)", line)
        url = m.group(1) if m else ""
    base = url.split("/j/")[0]
    # One phone first (the first request loads code paths once), then the rest.
    first = [await join(base, url, "Deelnemer 000")]
    await asyncio.sleep(1.0)
    before = rss_kb(proc.pid)
    # Each phone from its own address, as on a meeting's Wi-Fi (the join limit is per address;
    # --trust-proxy lets X-Forwarded-For say which).
    phones = first + [
        await join(base, url, f"Deelnemer {n:03d}", f"10.0.{n // 250}.{n % 250 + 1}") for n in range(1, devices)
    ]
    await asyncio.sleep(1.0)
    after = rss_kb(proc.pid)
    for http, _, task in phones:
        task.cancel()
        await http.close()
    proc.kill()
    await proc.wait()
    return {
        "rss_before_mb": before / 1024,
        "rss_after_mb": after / 1024,
        "per_device_kb": (after - before) / max(1, devices - 1),
        "devices": devices,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--people", type=int, default=10)
    ap.add_argument("--devices", type=int, default=100)
    args = ap.parse_args()
    lat = asyncio.run(latency(args.rounds, args.people))
    in_app = asyncio.run(app_latency(min(args.rounds, 15), args.people))
    mem = asyncio.run(memory(args.devices))
    print(f"load average: {os.getloadavg()[0]:.2f} (2 cores)")
    print(f"{args.people} phones tapping at once, {args.rounds} rounds = {lat['taps']:.0f} taps")
    print(
        f"  tap -> ✓ on the shared screen : median {lat['check_median']:6.1f} ms   p95 {lat['check_p95']:6.1f} ms"
        f"   (target p95 <= 150 ms)"
    )
    print(
        f"  tap -> ✓ drawn by the app's answering screen (Pilot, 80x24, {in_app['taps']:.0f} taps): "
        f"median {in_app['median']:6.1f} ms   p95 {in_app['p95']:6.1f} ms"
    )
    print(
        f"  tap -> 'received' on the phone: median {lat['received_median']:6.1f} ms   p95 {lat['received_p95']:6.1f} ms"
        f"   (the vote durably in the file)"
    )
    print(
        f"memory: {mem['devices']:.0f} connected devices, RSS {mem['rss_before_mb']:.1f} -> {mem['rss_after_mb']:.1f} MB"
        f" = {mem['per_device_kb']:.0f} KB per device"
    )
    return 0 if lat["check_p95"] <= 150 and in_app["p95"] <= 150 else 1


if __name__ == "__main__":
    sys.exit(main())
