#!/usr/bin/env python3
"""SIGKILL selfcheck thousands of times while answers are given; nothing reported saved may be lost.

The long variant of tests/robustness/test_kill.py (same harness: tests/robustness/killharness.py):
`selfcheck answer` with piped input and the full-screen app in a pseudo-terminal, killed at
random moments (start-up, between answers, with a save in flight). After every kill each
answer reported saved must be in the file, the file must load and validate, and the next start
must take the stale lock over and remove the temporary files the kill left.

    .venv/bin/python benchmarks/bench_kill.py                      # 2,000 kills (1,300 answer, 700 app)
    .venv/bin/python benchmarks/bench_kill.py --answer 300 --app 100 --seed 7
    .venv/bin/python benchmarks/bench_kill.py --no-fork-server     # every run a fresh `selfcheck` process

Exit status 0 when every kill was survived; the first failure stops the run with its seed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "robustness"))

import killharness  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--answer", type=int, default=1300, help="kills of `selfcheck answer` (default 1300)")
    ap.add_argument("--app", type=int, default=700, help="kills of the app in a pty (default 700)")
    ap.add_argument("--seed", type=int, default=None, help="the order and timing plan (default: random, printed)")
    ap.add_argument("--no-fork-server", action="store_true", help="start every process from scratch (slower)")
    ap.add_argument("--exec-share", type=float, default=0.1,
                    help="share of runs that exec the real command even with the fork server (default 0.1)")
    ap.add_argument("--out-json", type=Path, default=None)
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    tmp = Path(tempfile.mkdtemp(prefix="selfcheck-bench-kill-"))
    last = [time.monotonic()]

    def progress(c: killharness.Campaign) -> None:
        if c.totals.kills % 100 == 0 or time.monotonic() - last[0] > 15:
            last[0] = time.monotonic()
            print(f"  {c.totals.kills} kills survived, {c.totals.answers_reported_saved} answers reported saved and found",
                  file=sys.stderr, flush=True)

    print(f"bench_kill: {args.answer} + {args.app} kills, seed {seed}, workspace {tmp}", file=sys.stderr)
    try:
        totals, seconds = killharness.run(tmp / "ws", tmp / "settings.toml", answer_kills=args.answer, app_kills=args.app,
                                          seed=seed, zygote=not args.no_fork_server, exec_share=args.exec_share,
                                          progress=progress)
    except killharness.KillError as exc:
        print(f"FAILED (seed {seed}; workspace kept in {tmp}): {exc}", file=sys.stderr)
        return 1
    shutil.rmtree(tmp, ignore_errors=True)
    print(totals.line(seed, seconds))
    print(f"{seconds / max(1, totals.kills) * 1000:.0f} ms per kill on average")
    if args.out_json:
        data = {k: v for k, v in totals.__dict__.items() if k != "files"}
        args.out_json.write_text(json.dumps({"seed": seed, "seconds": seconds, **data}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
