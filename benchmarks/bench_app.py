#!/usr/bin/env python3
"""App start-up and keystroke latency, measured in a real terminal (tmux), as a person sees it.

    python benchmarks/bench_app.py [--runs 7] [--keys 30] [--before OTHER/.venv/bin/selfcheck]

1. Time from process start until the first screen is usable, for `selfcheck demo` and for a
   minimal Textual app that shows a Header, one label and a Footer (the floor: importing
   Textual and drawing its own widgets). The two are started in turn (one of each, `--runs`
   times), so a busy machine slows both alike. Target: selfcheck <= 1.1 x the minimal app.
2. Median time from a scoring keystroke until the screen shows the answer (target <= 50 ms),
   and until the answer is in the file on disk.

Method (as in shared/research/perf-baselines.md): a private tmux server stays up, so its
start-up is not measured; each run starts the program in a new 80x24 session and polls
`capture-pane` every few ms until the markers of the finished screen appear. The polling adds
a few ms (calibrated with `echo`, printed too).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SOCKET = f"bench-{os.getpid()}"

MINIMAL = '''
from textual.app import App
from textual.widgets import Footer, Header, Label
class Minimal(App):
    BINDINGS = [("ctrl+q", "quit", "Quit")]
    def compose(self):
        yield Header()
        yield Label("Hello, questionnaire")
        yield Footer()
Minimal().run()
'''


def tmux(*args: str, check: bool = True) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=check).stdout


def wait_for(session: str, markers: list[str], deadline: float = 20.0) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < deadline:
        screen = tmux("capture-pane", "-p", "-t", session, check=False)
        if all(m in screen for m in markers):
            return time.perf_counter()
        time.sleep(0.003)
    raise TimeoutError(f"{markers} not shown; screen was:\n{screen}")


def start_time(command: str, markers: list[str], env: dict[str, str]) -> float:
    session = f"s{time.perf_counter_ns()}"
    t0 = time.perf_counter()
    args = ["new-session", "-d", "-s", session, "-x", "80", "-y", "24"]
    for k, v in env.items():
        args += ["-e", f"{k}={v}"]
    tmux(*args, command)
    t1 = wait_for(session, markers)
    tmux("kill-session", "-t", session, check=False)
    time.sleep(0.3)
    return t1 - t0


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=15)
    p.add_argument("--keys", type=int, default=30)
    p.add_argument("--start-only", action="store_true", help="measure the start-up only (no keystrokes)")
    p.add_argument("--selfcheck", default=str(BIN / "selfcheck"),
                   help="the command that starts selfcheck (e.g. another checkout's, to compare)")
    p.add_argument("--before", default=None, metavar="COMMAND",
                   help="another checkout's selfcheck (e.g. /path/to/old/.venv/bin/selfcheck), started in turn "
                        "with the minimal app and this one: a before/after comparison of the start-up")
    args = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-app-"))
    env = {"SELFCHECK_WORKSPACE": str(tmp / "ws"), "SELFCHECK_SETTINGS": str(tmp / "settings.toml"),
           "TERM": "xterm-256color", "SELFCHECK_LANG": "nl"}
    minimal = tmp / "minimal.py"
    minimal.write_text(MINIMAL)
    # Compile selfcheck's modules first, as `pip install` does: Textual's were compiled at install,
    # and a checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile ours at every start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "selfcheck")], check=True,
                   stdout=subprocess.DEVNULL)
    tmux("new-session", "-d", "-s", "keeper", "-x", "80", "-y", "24", "sleep 100000")
    try:
        selfcheck = f"{args.selfcheck} demo"
        # Each selfcheck gets its own home, so its demo folder holds the demo of its own version
        # (a checkout of another version would otherwise rewrite the shared one on every start).
        env_ours = dict(env, HOME=str(tmp / "home"), XDG_DATA_HOME=str(tmp / "home" / "data"))
        env_before = dict(env, HOME=str(tmp / "home-before"), XDG_DATA_HOME=str(tmp / "home-before" / "data"),
                          SELFCHECK_WORKSPACE=str(tmp / "ws-before"), SELFCHECK_SETTINGS=str(tmp / "before.toml"))
        before = f"{args.before} demo" if args.before else None
        # Warm-up: the first runs fill the page cache and write the demo workspace.
        for _ in range(2):
            start_time(f"{sys.executable} {minimal}", ["Hello, questionnaire"], env)
            start_time(selfcheck, ["Gemeente Voor", "verwijderen"], env_ours)
            if before:
                start_time(before, ["Gemeente Voor", "verwijderen"], env_before)
        calib = [start_time("sh -c 'echo READY-MARK; sleep 5'", ["READY-MARK"], env) for _ in range(args.runs)]
        mini: list[float] = []
        ours: list[float] = []
        old: list[float] = []
        for _ in range(args.runs):  # interleaved: one of each in turn
            mini.append(start_time(f"{sys.executable} {minimal}", ["Hello, questionnaire", "Quit"], env))
            ours.append(start_time(selfcheck, ["Gemeente Voor", "verwijderen"], env_ours))
            if before:
                old.append(start_time(before, ["Gemeente Voor", "verwijderen"], env_before))
        if before:
            print(f"minimal (Header+Footer) {median_ms(mini):.1f} ms, before {median_ms(old):.1f} ms "
                  f"({median_ms(old) / median_ms(mini):.2f} x), this {median_ms(ours):.1f} ms "
                  f"({median_ms(ours) / median_ms(mini):.2f} x): this/before {median_ms(ours) / median_ms(old):.2f} "
                  f"(runs: {args.runs} each, interleaved; echo overhead {median_ms(calib):.0f} ms)")
        if args.start_only:
            print(f"minimal (Header+Footer) {median_ms(mini):.1f} ms, selfcheck demo {median_ms(ours):.1f} ms: "
                  f"{median_ms(ours) / median_ms(mini):.2f} x (runs: {args.runs} each, interleaved; "
                  f"echo overhead {median_ms(calib):.0f} ms)")
            return 0

        # Keystrokes: open a fresh assessment and score items.
        env_run = dict(os.environ, **env)
        out = subprocess.run([str(BIN / "selfcheck"), "new", "-q", "inwoners-betrekken", "--org", "Bench"],
                             capture_output=True, text=True, env=env_run, check=True)
        path = Path(out.stdout.strip())
        session = "keys"
        targs = ["new-session", "-d", "-s", session, "-x", "80", "-y", "24"]
        for k, v in env.items():
            targs += ["-e", f"{k}={v}"]
        tmux(*targs, f"{BIN / 'selfcheck'} open {path}")
        wait_for(session, ["Verkennen", "opgeslagen"])
        to_screen, to_disk = [], []
        for n in range(args.keys):
            digit = str(n % 4)
            marker = f"▶ {digit}"
            # move on first so that each keystroke changes what the screen shows
            tmux("send-keys", "-t", session, "Right")
            time.sleep(0.15)
            before = path.read_bytes()
            t0 = time.perf_counter()
            tmux("send-keys", "-t", session, digit)
            t1 = wait_for(session, [marker])
            while path.read_bytes() == before:
                if time.perf_counter() - t0 > 5:
                    raise TimeoutError("answer never reached the disk")
                time.sleep(0.001)
            t2 = time.perf_counter()
            to_screen.append(t1 - t0)
            to_disk.append(t2 - t0)
            time.sleep(0.1)
        tmux("kill-session", "-t", session, check=False)
    finally:
        tmux("kill-server", check=False)
    rows = [
        ("method overhead (echo)", median_ms(calib), ""),
        ("minimal Textual app: first screen", median_ms(mini), ""),
        ("selfcheck demo: home screen usable", median_ms(ours),
         f"{median_ms(ours) / median_ms(mini):.2f} x minimal (target <= 1.1)"),
        ("scoring key -> screen shows it", median_ms(to_screen), "target <= 50 ms"),
        ("scoring key -> answer on disk", median_ms(to_disk), ""),
    ]
    print(f"{'measure':<40} {'median ms':>10}  note")
    for name, ms, note in rows:
        print(f"{name:<40} {ms:>10.1f}  {note}")
    print(f"(runs: {args.runs} starts each, {args.keys} keystrokes; tmux polling adds ~{median_ms(calib):.0f} ms "
          "to start-up times and a few ms to key times)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
