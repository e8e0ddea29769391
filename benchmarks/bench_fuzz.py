#!/usr/bin/env python3
"""Fuzz every loader for a long time: the long variant of tests/robustness/test_fuzz.py.

Documents shaped like ours, mutated copies of real files and random bytes go through
parse_bytes, load_library, load_assessment, validate_paths and Workspace.summaries; what loads
is saved again, re-read, scored and exported (tests/robustness/fuzzing.py has the rules).
Unlike the CI run, the examples are random each time (not derandomized): each run explores
new inputs. A failure prints the smallest input hypothesis found and exits 1.

    .venv/bin/python benchmarks/bench_fuzz.py                 # 20,000 cases (about 3 minutes)
    .venv/bin/python benchmarks/bench_fuzz.py --cases 100000
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "robustness"))

from hypothesis import HealthCheck, given, settings  # noqa: E402

import fuzzing  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=20_000, help="cases in all, split 45/40/15 over shaped, mutated, random")
    args = ap.parse_args()
    h = fuzzing.Harness()
    started = time.monotonic()
    plan = [("shaped documents", fuzzing.shaped_documents(), 0.45), ("mutated real files", fuzzing.mutated_real_files(), 0.40),
            ("random bytes", fuzzing.random_bytes(), 0.15)]
    try:
        for source, strategy, share in plan:
            n = max(1, int(args.cases * share))
            print(f"  {source}: {n} cases ...", file=sys.stderr, flush=True)

            @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            @given(raw=strategy)
            def run(raw: bytes) -> None:
                h.feed(raw, source)

            run()
        for path in fuzzing.real_files():
            h.feed(path.read_bytes(), "real files")
    except fuzzing.Escaped as exc:
        print(f"FAILED after {h.counts.cases} cases: {exc}", file=sys.stderr)
        return 1
    finally:
        h.close()
    seconds = time.monotonic() - started
    print(h.counts.line())
    print(f"{seconds:.1f} s, {h.counts.cases / seconds:.0f} cases per second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
