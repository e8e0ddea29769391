"""How long writing a management report takes, per format.

A full round of a shipped questionnaire (default goed-gesprek-organisatie) with the votes of
eight participants, a note on every third item and five actions, exported in every format
into a temporary workspace; the median of several runs is printed as a table.

    .venv/bin/python benchmarks/bench_export.py [--questionnaire ID] [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from selfcheck.core.export import FORMATS, analysis_for, build_report, export_analysis, render  # noqa: E402
from selfcheck.core.model import NA, UNKNOWN, Action, Answer, Assessment  # noqa: E402
from selfcheck.core.storage import Workspace  # noqa: E402

PEOPLE = ["Anouk", "Bas", "Fatima", "Joris", "Karim", "Lotte", "Mehmet", "Noor"]


def full_assessment(ws: Workspace, qid: str) -> Assessment:
    q = ws.library.questionnaire(qid)
    rng = random.Random(8)
    stamp = datetime(2026, 10, 20, 9, 0, tzinfo=timezone.utc)
    a = Assessment(questionnaire=q.id, questionnaire_version=q.version, organisation="Gemeente Voorbeeldstad",
                   team="Programmateam Gezond Voorbeeldstad", date=date(2026, 10, 20), voting="open",
                   participants=list(PEOPLE), created=stamp, updated=stamp)
    for n, item in enumerate(q.items):
        ans = Answer(updated=stamp + timedelta(minutes=n))
        base = rng.randint(0, 3)
        for person in PEOPLE:
            ans.votes[person] = max(0, min(3, base + rng.choice((-1, 0, 0, 1))))
        if n % 11 == 5:
            ans.score = NA
        elif n % 13 == 7:
            ans.score = UNKNOWN
        elif n % 2:
            ans.score = base
        if n % 3 == 0:
            ans.note = f"Notitie bij {item.id}: budget € {1000 + n * 250} ‘voorlopig’, “eerst evalueren”, één cliënt."
        ans.discuss = n % 5 == 0
        a.answers[item.id] = ans
    for k in range(5):
        a.actions.append(Action(id=f"a{k + 1}", what=f"Actie {k + 1}: sleutelpersonen uitnodigen", who=PEOPLE[k],
                                due=date(2027, 1 + k, 15), status="open", principles=["P1", "P2"],
                                items=[q.items[k].id], created=stamp, updated=stamp))
    ws.save(a)
    return a


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questionnaire", default="goed-gesprek-organisatie")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp))
        ws.ensure()
        a = full_assessment(ws, args.questionnaire)
        q = ws.library.questionnaire(a.questionnaire)
        rows = []
        t0 = time.perf_counter()
        an = analysis_for(ws, a)
        report = build_report(an)
        model_ms = (time.perf_counter() - t0) * 1000
        for fmt in FORMATS:
            render(report, fmt)  # warm up: imports, font loading
            times, size = [], 0
            for _ in range(args.runs):
                start = time.perf_counter()
                path = export_analysis(ws, a, fmt)
                times.append((time.perf_counter() - start) * 1000)
                size = path.stat().st_size
            rows.append((fmt, statistics.median(times), min(times), max(times), size))
    print(f"questionnaire {q.id} {q.version}: {len(q.items)} items, {len(PEOPLE)} participants, "
          f"{sum(1 for x in a.answers.values() if x.note)} notes, {len(a.actions)} actions; median of {args.runs} runs")
    print(f"analysis + report model: {model_ms:.1f} ms (first run, cold)")
    print()
    print(f"{'format':<7} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'bytes':>9}")
    print(f"{'-' * 7} {'-' * 10} {'-' * 8} {'-' * 8} {'-' * 9}")
    for fmt, med, lo, hi, size in rows:
        print(f"{fmt:<7} {med:>10.1f} {lo:>8.1f} {hi:>8.1f} {size:>9}")
    print("\n(each run: analyse, build the report model, render, write atomically with fsync)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
