#!/usr/bin/env python3
"""How many bytes selfcheck sends to the terminal: what a slow SSH link has to carry.

Run (from the repository root, with the project's venv; POSIX only, it needs a pty):

    .venv/bin/python benchmarks/bench_traffic.py                 # TERM=xterm-256color, 80x24, ~1 minute
    .venv/bin/python benchmarks/bench_traffic.py --repeat 5 --idle 10
    .venv/bin/python benchmarks/bench_traffic.py --colorterm truecolor
    .venv/bin/python benchmarks/bench_traffic.py --no-color      # NO_COLOR=1
    .venv/bin/python benchmarks/bench_traffic.py --out-json /tmp/traffic.json

It starts `selfcheck open FILE` (a fresh assessment of "inwoners-betrekken" in a temporary
workspace) in a pseudo-terminal of 80x24, with TERM=xterm-256color and no COLORTERM as over
plain SSH, and reads everything the app writes. For each action it sends the key, then waits
until the output has been quiet for --settle seconds (so the "saving…" → "saved" repaint of a
scoring key counts too), and counts the bytes since the key:

- scoring keystroke: a digit on the answering screen (it also triggers the save indicator);
- next item: → to the next statement;
- screen change: `s` (to the scores screen) and escape (back to the statement), each apart;
- idle: nothing sent for --idle seconds after everything settled.

Targets (issue "remote use"): a scoring keystroke ≤ 2 KB; idle 10 s = 0 bytes. The script
prints a table and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SELFCHECK = Path(sys.executable).parent / "selfcheck"
TARGET_KEY_BYTES = 2048
TARGET_IDLE_BYTES = 0


class Terminal:
    """The app in a pty; a thread appends its output to a buffer with the time of the last byte."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24)) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        cols, rows = size
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.buf = bytearray()
        self.last = time.monotonic()
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        import select

        while True:
            try:
                if not select.select([self.fd], [], [], 0.1)[0]:
                    continue
            except (OSError, ValueError):
                return
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.buf.extend(data)
                self.last = time.monotonic()

    def count(self) -> int:
        with self.lock:
            return len(self.buf)

    def text_since(self, start: int) -> str:
        with self.lock:
            return bytes(self.buf[start:]).decode("utf-8", "replace")

    def settle(self, quiet: float, timeout: float = 30.0) -> None:
        """Wait until nothing was written for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                since = time.monotonic() - self.last
            if since >= quiet:
                return
            time.sleep(min(0.02, quiet - since))
        raise TimeoutError("the app kept writing")

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.text_since(0):
                return
            time.sleep(0.02)
        raise TimeoutError(f"never saw {text!r}")

    def action(self, keys: bytes, quiet: float) -> int:
        start = self.count()
        os.write(self.fd, keys)
        # At least `quiet` after the key, and quiet for `quiet` after the last byte.
        time.sleep(quiet)
        self.settle(quiet)
        return self.count() - start

    def close(self) -> None:
        try:
            os.write(self.fd, b"\x11")  # ctrl+q
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                pid, _ = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    break
                time.sleep(0.05)
            else:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        finally:
            os.close(self.fd)


def run(args: argparse.Namespace) -> dict[str, object]:
    tmp = Path(tempfile.mkdtemp(prefix="selfcheck-traffic-"))
    try:
        env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "TEXTUAL_THEME")}
        env.update(SELFCHECK_WORKSPACE=str(tmp / "ws"), SELFCHECK_SETTINGS=str(tmp / "settings.toml"),
                   SELFCHECK_LANG="nl", TERM=args.term, LANG="C.UTF-8")
        if args.colorterm:
            env["COLORTERM"] = args.colorterm
        if args.no_color:
            env["NO_COLOR"] = "1"
        out = subprocess.run([str(SELFCHECK), "new", "-q", "inwoners-betrekken", "--org", "Verkeersdorp"],
                             env=env, capture_output=True, text=True, check=True)
        path = out.stdout.strip()
        argv = [str(SELFCHECK), "open", path] + (["--no-mouse"] if args.no_mouse else [])
        t0 = time.monotonic()
        term = Terminal(argv, env)
        try:
            term.wait_for("beantwoord")
            term.settle(args.settle)
            first = term.count()
            startup_s = time.monotonic() - t0
            key, move, to_scores, back = [], [], [], []
            for i in range(args.repeat):
                key.append(term.action(str(i % 4).encode(), args.settle))
                move.append(term.action(b"\x1b[C", args.settle))
            for _ in range(args.repeat):
                to_scores.append(term.action(b"s", args.settle))
                back.append(term.action(b"\x1b", args.settle))
            term.settle(args.settle)
            start = term.count()
            time.sleep(args.idle)
            idle = term.count() - start
            idle_text = term.text_since(start)
        finally:
            term.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "term": args.term, "colorterm": args.colorterm or "", "no_color": args.no_color, "mouse": not args.no_mouse,
        "startup_bytes": first, "startup_s": round(startup_s, 2),
        "key": key, "move": move, "to_scores": to_scores, "back": back, "idle_s": args.idle, "idle": idle,
        "idle_sample": idle_text[:200],
    }


def table(r: dict[str, object]) -> str:
    def row(name: str, values: list[int], target: str) -> str:
        med = statistics.median(values)
        return f"| {name:<26} | {med:>8.0f} | {min(values):>6} | {max(values):>6} | {target:<10} |"

    lines = [
        f"TERM={r['term']} COLORTERM={r['colorterm'] or '(unset)'} NO_COLOR={'1' if r['no_color'] else '(unset)'} "
        f"mouse={'on' if r['mouse'] else 'off'}, 80x24",
        "",
        "| action                     |   median |    min |    max | target     |",
        "|----------------------------|---------:|-------:|-------:|------------|",
        row("scoring keystroke", r["key"], "≤ 2048"),  # type: ignore[arg-type]
        row("next item (→)", r["move"], ""),  # type: ignore[arg-type]
        row("screen change: s (scores)", r["to_scores"], ""),  # type: ignore[arg-type]
        row("screen change: esc (back)", r["back"], ""),  # type: ignore[arg-type]
        f"| {'idle ' + str(r['idle_s']) + ' s':<26} | {r['idle']:>8} | {'':>6} | {'':>6} | {'0':<10} |",
        f"| {'first screen':<26} | {r['startup_bytes']:>8} | {'':>6} | {'':>6} | {'':<10} |",
    ]
    return "\n".join(lines)


def main() -> int:
    if os.name != "posix":
        print("bench_traffic needs a POSIX pty", file=sys.stderr)
        return 2
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=5, help="how often each action is measured (default 5)")
    p.add_argument("--idle", type=float, default=10.0, help="seconds of idling to measure (default 10)")
    p.add_argument("--settle", type=float, default=0.4, help="quiet seconds that end an action (default 0.4)")
    p.add_argument("--term", default="xterm-256color")
    p.add_argument("--colorterm", default="", help="e.g. truecolor (default: unset, as over plain SSH)")
    p.add_argument("--no-color", action="store_true", help="set NO_COLOR=1")
    p.add_argument("--no-mouse", action="store_true", help="run the app with --no-mouse")
    p.add_argument("--out-json", type=Path)
    args = p.parse_args()
    r = run(args)
    print(table(r))
    if args.out_json:
        args.out_json.write_text(json.dumps(r, indent=2))
    missed = []
    if max(r["key"]) > TARGET_KEY_BYTES:  # type: ignore[arg-type]
        missed.append(f"a scoring keystroke wrote up to {max(r['key'])} bytes (target ≤ {TARGET_KEY_BYTES})")  # type: ignore[arg-type]
    if r["idle"] > TARGET_IDLE_BYTES:  # type: ignore[operator]
        missed.append(f"idle wrote {r['idle']} bytes: {r['idle_sample']!r}")
    for m in missed:
        print("MISSED:", m)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
