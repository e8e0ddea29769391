#!/usr/bin/env python3
"""A monkey at the keyboard for a long time: the long variant of tests/robustness/test_monkey.py.

Seeded random keys into the app (Pilot, 80x24) across every screen, in chunks that each start a
fresh app on a fresh workspace (tests/robustness/monkey.py). No crash, and every answer given
is in the file. Prints keys, per-screen counts and the time per key.

    .venv/bin/python benchmarks/bench_monkey.py                       # 50,000 keys (about 16 minutes)
    .venv/bin/python benchmarks/bench_monkey.py --keys 10000 --seed 7
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "robustness"))

import monkey  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keys", type=int, default=50_000)
    ap.add_argument("--chunk", type=int, default=1000, help="keys per fresh app (default 1000)")
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    tmp = Path(tempfile.mkdtemp(prefix="selfcheck-bench-monkey-"))
    os.environ["SELFCHECK_SETTINGS"] = str(tmp / "settings.toml")  # the developer's own settings stay untouched
    os.environ["SELFCHECK_WORKSPACE"] = str(tmp / "unused")
    os.environ.pop("SELFCHECK_LANG", None)
    os.chdir(tmp)  # the palette's "save screenshot" writes here

    from selfcheck.i18n import set_language
    from selfcheck.tui.app import SelfcheckApp

    set_language("nl")

    def make_app(path: Path | None = None, ws: object = None) -> SelfcheckApp:
        app = SelfcheckApp(ws, path)  # type: ignore[arg-type]
        app.theme = "textual-dark"
        return app

    chunks = max(1, args.keys // args.chunk)
    print(f"bench_monkey: {chunks} x {args.chunk} keys, seed {seed}", file=sys.stderr)
    m = monkey.Monkey(monkey.template(tmp / "template"), tmp / "work", seed, make_app)
    try:
        totals = asyncio.run(m.run(chunks, args.chunk))
    except monkey.Broken as exc:
        print(f"FAILED (seed {seed}, workspace kept in {tmp}): {exc}", file=sys.stderr)
        return 1
    missing = monkey.REQUIRED - set(totals.visits)
    print(totals.line(seed))
    if missing:
        print(f"screens never reached: {sorted(missing)}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
