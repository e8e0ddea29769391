#!/usr/bin/env python3
"""Performance benchmark of selfcheck's core: loading and scoring many assessments, memory,
durable saves and process start-up.

Run (from the repository root, with the project's venv):

    .venv/bin/python benchmarks/bench_core.py                # 10,000 files, about 2.5 minutes (2-core VM)
    .venv/bin/python benchmarks/bench_core.py --quick        # 500 files, about 15 seconds
    .venv/bin/python benchmarks/bench_core.py --files 2000 --out-json /tmp/bench.json

What it does, in one run (see benchmarks/README.md for what each number means):

1. Writes a synthetic 100-item questionnaire (the items of the real "inwoners-betrekken",
   repeated to 100, with their pharos-9 weights) into <tmp>/questionnaires/ and N assessment
   files for it into <tmp>/assessments/, written by selfcheck.core.assessment.serialise so
   they are byte for byte what the app writes. Not timed.
2. Times, each pass in a fresh process, page cache warm: reading the bytes; stdlib
   tomllib.loads; rtoml.loads (reference); selfcheck cold (Workspace.summaries() with no
   cache, then per-principle scores from the summaries); selfcheck repeat (the same, cache warm).
3. Peak RSS of cold and repeat at 1,000 and N files (a fresh process each), plus a
   tracemalloc split of the python heap at the small size.
4. Median and p90 of Workspace.save (atomic, fsynced) of a 100-item assessment, 200 times.
5. Process wall time of `python -c pass`, `selfcheck --version`, `selfcheck report FILE`.

The temporary folder is removed at the end (--keep keeps it).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run from a checkout even without the editable install
    sys.path.insert(0, str(REPO))

QID = "bench-inwoners-betrekken-100"
FRAMEWORK = "pharos-9"
ITEMS = 100
PARTICIPANTS = 6
ORGANISATIONS = 200
BUSY_LOAD = 1.0
COLD_TARGET = 0.5
REPEAT_TARGET = 0.1

# --------------------------------------------------------------------------- content


def questionnaire_toml() -> str:
    """A valid 100-item questionnaire: the real inwoners-betrekken items, repeated to 100."""
    from selfcheck.core.content import load_library
    from selfcheck.core.tomlio import dumps

    lib = load_library()
    real = lib.questionnaire("inwoners-betrekken")
    fw = lib.frameworks[FRAMEWORK]
    pids = [p.id for p in fw.principles]
    scale = real.scales[next(iter(real.scales))]
    sections: list[dict[str, Any]] = []
    n = 0
    copy = 0
    while n < ITEMS:
        copy += 1
        for sec in real.sections:
            if n >= ITEMS:
                break
            items = []
            for item in sec.items:
                if n >= ITEMS:
                    break
                weights = {pid: (int(w) if float(w).is_integer() else w) for pid, w in item.weights(FRAMEWORK).items()}
                if not weights:
                    weights = {pids[n % len(pids)]: 1}
                # every principle is served by some items whatever the real weights are
                extra = pids[n % len(pids)]
                weights.setdefault(extra, 1)
                entry: dict[str, Any] = {
                    "id": f"{item.id}-{copy}",
                    "text": {"nl": item.text.nl, "en": item.text.en or item.text.nl},
                }
                if item.help is not None:
                    entry["help"] = {"nl": item.help.nl, "en": item.help.en or item.help.nl}
                entry["serves"] = {FRAMEWORK: weights}
                items.append(entry)
                n += 1
            if items:
                sections.append({
                    "id": f"{sec.id}-{copy}",
                    "title": {"nl": f"{sec.title.nl} ({copy})", "en": f"{sec.title.en or sec.title.nl} ({copy})"},
                    "items": items,
                })
    doc = {
        "kind": "questionnaire",
        "id": QID,
        "version": "1.0",
        "framework": FRAMEWORK,
        "title": {"nl": "Benchmark: inwoners bereiken en betrekken (100 stellingen)",
                  "en": "Benchmark: reaching and involving residents (100 statements)"},
        "introduction": {"nl": "Synthetische lijst voor de benchmark: de stellingen van inwoners-betrekken, herhaald.",
                         "en": "Synthetic list for the benchmark: the statements of inwoners-betrekken, repeated."},
        "default_scale": "standaard",
        "sources": [{"title": "Synthetisch (benchmarks/bench_core.py)", "publisher": "selfcheck", "year": 2026}],
        "scales": {"standaard": {
            "na": True, "unknown": True, "disagreement": scale.disagreement,
            "levels": [{"value": lv.value, "label": {"nl": lv.label.nl, "en": lv.label.en or lv.label.nl}}
                       for lv in scale.levels],
        }},
        "sections": sections,
    }
    return dumps(doc)


PLACES = [
    "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere", "Breda",
    "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort", "Zaanstad", "'s-Hertogenbosch",
    "Haarlemmermeer", "Zwolle", "Leiden", "Maastricht", "Dordrecht", "Zoetermeer", "Ede", "Emmen", "Westland",
    "Venlo", "Delft", "Deventer", "Súdwest-Fryslân", "Heerlen", "Alkmaar", "Sittard-Geleen", "Helmond", "Oss",
    "Hilversum", "Leeuwarden", "Purmerend", "Gouda", "Schiedam", "Noardeast-Fryslân", "Nuenen, Gerwen en Nederwetten",
    "Bergen op Zoom", "Kerkrade", "Vlaardingen", "Capelle aan den IJssel", "Den Helder", "Hoorn", "Lelystad",
    "Tytsjerksteradiel",
]
KINDS = ["Gemeente", "GGD regio", "Wijkteam", "Sociaal domein"]
TEAMS = ["Team gezondheid", "Programmateam Gezond", "Kernteam sociaal domein", "Wijkteam Noord",
         "Beleidsteam Publieke Gezondheid", "Team Armoede & Schulden", "Projectgroep Kansrijke Start"]
PEOPLE = ["Anouk", "Bas", "Fatima", "Joris", "Zoë", "Jérôme", "Noëlle", "Mohamed", "Sanne", "Özlem", "Thijs",
          "Chloë", "Daan", "Inès", "Bram", "Eva", "Youssef", "Maaike", "Rüya", "Sem"]
FRAGMENTS = [
    "We gebruiken de GGD-monitor, maar nog niet per wijk.",
    "Het wijkteam weet dit goed; het beleid loopt achter.",
    "Afspraak: dit in het voorjaar samen met de sleutelpersonen oppakken.",
    "De coördinatie tussen zorg, welzijn en financiën is nog te vrijblijvend.",
    "Ideeën van inwoners komen wél binnen, maar we doen er te weinig mee.",
    "Eén contactpersoon per wijk zou helpen; nu is het versnipperd.",
    "Budget loopt eind 2027 af; borging is nog niet geregeld.",
    "Het café in het buurthuis werkt goed als ontmoetingsplek.",
    "Naïef gedacht dat een folder genoeg was: mondeling werkt beter.",
    "Hier waren we het niet over eens: de uitvoering doet meer dan het beleid laat zien.",
    "Laaggeletterdheid wordt nog te weinig meegenomen in brieven en formulieren.",
    "Cliëntenraad en ervaringsdeskundigen zijn pas laat betrokken.",
    "Volgende ronde de cijfers van de jeugdmonitor erbij pakken.",
    "Over de rol van de wethouder verschillen de meningen; later bespreken.",
]
ACTIONS = [
    "Sleutelpersonen uit drie wijken uitnodigen voor een koffiegesprek",
    "Wijkcijfers van de GGD-monitor per wijk bespreken in het kernteam",
    "Budget voor participatie na 2027 voorleggen aan de wethouder",
    "Brieven laten toetsen door een groep ervaringsdeskundigen (taalniveau B1)",
    "Afspraken met zorgverzekeraar over preventie vastleggen in één convenant",
]


def organisations() -> list[str]:
    out = [f"{kind} {place}" for kind in KINDS for place in PLACES]
    return out[:ORGANISATIONS]


def note(rng: random.Random) -> str:
    """About 150 characters of Dutch with accents; one in five spans two lines."""
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < 130:
        parts.append(rng.choice(FRAGMENTS))
    text = " ".join(parts)
    if len(text) > 170:
        cut = text.rfind(" ", 0, 160)
        text = text[:cut].rstrip(",;:.") + " …"
    if rng.random() < 0.2:
        mid = text.find(". ")
        if mid > 0:
            text = text[: mid + 1] + "\n" + text[mid + 2:]
    return text


def make_assessment(i: int, q: Any, orgs: list[str]) -> Any:
    """Assessment number i: organisation i % 200, round i // 200; deterministic."""
    from selfcheck.core.model import NA, UNKNOWN, Action, Answer, Assessment

    rng = random.Random(i * 7919 + 17)
    org_no, rnd = i % len(orgs), i // len(orgs)
    org = orgs[org_no]
    when = date(2020, 1, 6) + timedelta(days=21 * rnd + org_no % 14)
    org_rng = random.Random(org_no)  # the same organisation scores alike over its rounds
    people = org_rng.sample(PEOPLE, PARTICIPANTS)
    lift = min(1.2, 0.04 * rnd)
    a = Assessment(
        questionnaire=q.id, questionnaire_version=q.version, organisation=org, team=org_rng.choice(TEAMS),
        date=when, voting="blind" if rng.random() < 0.3 else "open", participants=list(people),
    )
    stamp = datetime.combine(when, datetime.min.time(), tzinfo=timezone.utc) + timedelta(hours=9, minutes=rng.randrange(60))
    a.created = stamp
    if rng.random() < 0.2:
        a.targets = {"P2": 80.0, "P5": 75.0}
    items = q.items
    for n, item in enumerate(items):
        if rng.random() < 0.03:
            continue  # not answered yet
        base = org_rng.gauss(1.4, 0.8) + lift
        ans = Answer(updated=stamp + timedelta(minutes=2 * n + rng.randrange(2)))
        if rng.random() < 0.03:
            ans.votes = {p: NA for p in people}
            ans.score = NA
        else:
            spread = 2.4 if rng.random() < 0.12 else 1.0
            for p in people:
                if rng.random() < 0.02:
                    ans.votes[p] = UNKNOWN
                else:
                    ans.votes[p] = int(min(3, max(0, round(base + rng.uniform(-spread / 2, spread / 2)))))
            numeric = sorted(v for v in ans.votes.values() if isinstance(v, int))
            if rng.random() < 0.85:
                ans.score = numeric[len(numeric) // 2] if numeric else UNKNOWN
        if rng.random() < 0.45:
            ans.note = note(rng)
        if rng.random() < 0.10:
            ans.discuss = True
        a.answers[item.id] = ans
    for k in range(rng.choice((0, 1, 2, 2, 3, 4))):
        item = items[rng.randrange(len(items))]
        a.actions.append(Action(
            id=f"a{k + 1}", what=rng.choice(ACTIONS), who=rng.choice(people), due=when + timedelta(days=30 + 30 * k),
            status=rng.choice(("open", "open", "busy", "done", "dropped")),
            principles=list(item.weights(FRAMEWORK))[:2], items=[item.id],
            created=stamp, updated=stamp + timedelta(minutes=90),
        ))
    a.updated = stamp + timedelta(hours=1, minutes=rng.randrange(60))
    return a


def file_name(i: int, orgs: list[str]) -> str:
    from selfcheck.core.storage import slug

    org_no, rnd = i % len(orgs), i // len(orgs)
    when = date(2020, 1, 6) + timedelta(days=21 * rnd + org_no % 14)
    return f"{slug(orgs[org_no])}_{slug(QID)}_{when.isoformat()}.toml"


_GEN: dict[str, Any] = {}


def _generate_chunk(bounds: tuple[int, int]) -> int:
    from selfcheck.core.assessment import serialise

    q, orgs, folder = _GEN["q"], _GEN["orgs"], _GEN["folder"]
    total = 0
    for i in range(*bounds):
        a = make_assessment(i, q, orgs)
        rnd = i // len(orgs)
        if rnd:
            a.previous = file_name(i - len(orgs), orgs)
        data = serialise(a, q).encode("utf-8")
        (folder / file_name(i, orgs)).write_bytes(data)
        total += len(data)
    return total


def generate(root: Path, n: int) -> dict[str, Any]:
    """Write the questionnaire and n assessments; returns facts about what was written."""
    from selfcheck.core.storage import Workspace

    (root / "questionnaires").mkdir(parents=True, exist_ok=True)
    (root / "questionnaires" / f"{QID}.toml").write_text(questionnaire_toml(), "utf-8")
    ws = Workspace(root)
    ws.ensure()
    lib = ws.library
    if lib.problems or QID not in lib.questionnaires:
        raise SystemExit("the synthetic questionnaire does not load:\n" + "\n".join(map(str, lib.problems)))
    q = lib.questionnaires[QID]
    assert len(q.items) == ITEMS, len(q.items)
    orgs = organisations()
    names = {file_name(i, orgs) for i in range(n)}
    assert len(names) == n, "file names collide"
    _GEN.update(q=q, orgs=orgs, folder=ws.assessments_dir)
    step = 250
    chunks = [(s, min(n, s + step)) for s in range(0, n, step)]
    t0 = time.perf_counter()
    try:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(max(1, min(4, os.cpu_count() or 1))) as pool:
            total = sum(pool.map(_generate_chunk, chunks))
    except (ValueError, ImportError, OSError):  # no fork (Windows, macOS spawn issues): serially
        total = sum(_generate_chunk(c) for c in chunks)
    return {"files": n, "bytes": total, "seconds": time.perf_counter() - t0, "items": len(q.items)}


# --------------------------------------------------------------------------- scoring from summaries


def score_plan(library: Any, qid: str) -> list[tuple[str, list[tuple[str, float, int]]]]:
    """Per principle of the questionnaire's framework: (item id, weight, scale max) of its items."""
    q = library.questionnaire(qid)
    fw = library.framework_for(q)
    plan: dict[str, list[tuple[str, float, int]]] = {p.id: [] for p in fw.principles}
    for item in q.items:
        for pid, w in item.weights(fw.id).items():
            if pid in plan:
                plan[pid].append((item.id, w, item.scale.max))
    return list(plan.items())


def scoring_impl() -> str:
    try:
        from selfcheck.core.scoring import principle_scores_from_values  # noqa: F401
    except ImportError:  # an older checkout: the benchmark's own copy of the formula
        return "bench_core.principle_scores (own copy of the formula)"
    return "selfcheck.core.scoring.principle_scores_from_values"


def principle_scores(summaries: list[Any], library: Any) -> list[dict[str, float | None]]:
    """The PRODUCT.md §3 principle score of every summary (None under 50 % coverage).

    Uses the app's own scoring.principle_scores_from_values where it exists, else the same
    formula written out here; either way from the cached team values, so no assessment has to
    be parsed. check_scores() proves the result equals scoring.analyse.
    """
    from selfcheck.core.model import NA
    from selfcheck.core.scoring import MIN_COVERAGE

    try:
        from selfcheck.core.scoring import principle_scores_from_values
    except ImportError:
        principle_scores_from_values = None
    if principle_scores_from_values is not None:
        pairs: dict[str, Any] = {}
        result = []
        for s in summaries:
            pair = pairs.get(s.questionnaire)
            if pair is None:
                q = library.questionnaire(s.questionnaire)
                pair = pairs[s.questionnaire] = (q, library.framework_for(q))
            result.append({pid: ps.score for pid, ps in principle_scores_from_values(s.values, *pair).items()})
        return result

    plans: dict[str, Any] = {}
    out = []
    for s in summaries:
        plan = plans.get(s.questionnaire)
        if plan is None:
            plan = plans[s.questionnaire] = score_plan(library, s.questionnaire)
        values = s.values
        scores: dict[str, float | None] = {}
        for pid, entries in plan:
            points = possible = 0.0
            applicable = scored = 0
            for item_id, weight, top in entries:
                v = values.get(item_id)
                if v == NA:
                    continue
                applicable += 1
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    scored += 1
                    points += weight * v
                    possible += weight * top
            enough = applicable > 0 and scored / applicable >= MIN_COVERAGE
            scores[pid] = 100.0 * points / possible if enough and possible else None
        out.append(scores)
    return out


def check_scores(root: Path, sample: int = 25) -> int:
    """Compare principle_scores() with selfcheck.core.scoring.analyse on a sample of files."""
    from selfcheck.core.scoring import analyse
    from selfcheck.core.storage import Workspace

    scratch = Path(tempfile.mkdtemp(prefix="selfcheck-bench-check-"))
    try:
        shutil.copytree(root / "questionnaires", scratch / "questionnaires")
        ws = Workspace(root)
        paths = ws.assessment_files()
        picked = paths[:: max(1, len(paths) // sample)][:sample]
        # A separate root for the cache, so the benchmark's own workspace stays cache-free.
        summaries, problems = Workspace(scratch, ws.library).summaries(picked)
        assert not problems, problems
        mine = principle_scores(summaries, ws.library)
        for path, scores in zip(picked, mine):
            a = ws.load(path)
            q = ws.library.questionnaire(a.questionnaire)
            an = analyse(a, q, ws.library.framework_for(q))
            for pr in an.principles:
                want, got = pr.score, scores[pr.principle.id]
                if (want is None) != (got is None) or (want is not None and abs(want - got) > 1e-9):
                    raise SystemExit(f"score mismatch in {path.name} {pr.principle.id}: analyse {want}, summary {got}")
        return len(picked)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# --------------------------------------------------------------------------- timed passes (worker processes)


def _maxrss_mb() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024 * 1024) if sys.platform == "darwin" else r / 1024


def _status_mb(field: str) -> float | None:
    """VmRSS (now) or VmHWM (peak) from /proc/self/status, in MB; None off Linux."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (Linux >= 4.0), so the peak of one pass can be read."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def worker(mode: str, root: Path, trace: bool) -> dict[str, Any]:
    """One timed pass over the workspace, in this (fresh) process. Imports are done first."""
    import tomllib

    import rtoml

    from selfcheck.core import scoring  # noqa: F401 - imported by summaries() anyway
    from selfcheck.core.storage import Workspace

    if mode == "cold":
        shutil.rmtree(root / ".selfcheck", ignore_errors=True)
    gc.collect()
    if trace:
        import tracemalloc

        tracemalloc.start()
    base_peak, base_rss = _maxrss_mb(), _status_mb("VmRSS")
    reset = _reset_peak()
    out: dict[str, Any] = {"mode": mode}
    c0 = time.process_time()
    t0 = time.perf_counter()
    if mode in ("read", "tomllib", "rtoml"):
        files = sorted(p for p in (root / "assessments").glob("*.toml") if not p.name.startswith("."))
        size = 0
        for path in files:
            raw = path.read_bytes()
            size += len(raw)
            if mode == "tomllib":
                tomllib.loads(raw.decode("utf-8"))
            elif mode == "rtoml":
                rtoml.loads(raw.decode("utf-8"))
        out.update(files=len(files), bytes=size)
        t1 = t0
    elif mode in ("cold", "repeat"):
        # Streamed, as `selfcheck benchmark` and any aggregate over many files should be: each
        # summary is scored and folded into running totals per principle, then dropped, so the
        # memory held does not grow with the number of files.
        from selfcheck.core.scoring import principle_scores_from_values

        ws = Workspace(root)
        problems: list[Any] = []
        pairs: dict[str, Any] = {}
        totals: dict[str, list[float]] = {}
        files = scored = 0
        summarise = 0.0
        for s in ws.iter_summaries(None, problems):
            t_s = time.perf_counter()
            files += 1
            pair = pairs.get(s.questionnaire)
            if pair is None:
                q = ws.library.questionnaire(s.questionnaire)
                pair = pairs[s.questionnaire] = (q, ws.library.framework_for(q))
            for pid, ps in principle_scores_from_values(s.values, *pair).items():
                if ps.score is not None:
                    scored += 1
                    acc = totals.setdefault(pid, [0.0, 0.0])
                    acc[0] += ps.score
                    acc[1] += 1
            summarise += time.perf_counter() - t_s
        t1 = time.perf_counter() - summarise  # scoring time is what summarise measured
        out.update(files=files, problems=len(problems), scored=scored, summaries_s=t1 - t0,
                   mean_scores={pid: round(a / n, 3) for pid, (a, n) in sorted(totals.items())})
    else:
        raise SystemExit(f"unknown mode {mode}")
    t2 = time.perf_counter()
    out["seconds"] = t2 - t0
    out["cpu_seconds"] = time.process_time() - c0
    if mode in ("cold", "repeat"):
        out["scoring_s"] = summarise
    if trace:
        current, peak = tracemalloc.get_traced_memory()
        out.update(trace_current_mb=current / 2**20, trace_peak_mb=peak / 2**20)
    hwm = _status_mb("VmHWM") if reset else None
    out.update(rss_base_mb=base_rss, maxrss_base_mb=base_peak, maxrss_mb=_maxrss_mb(), pass_peak_mb=hwm,
               rss_end_mb=_status_mb("VmRSS"))
    # growth: peak RSS during the pass above the RSS just before it (after imports)
    if hwm is not None and base_rss is not None:
        out["growth_mb"] = hwm - base_rss
    else:  # no /proc: the process peak above the peak before the pass (an underestimate)
        out["growth_mb"] = out["maxrss_mb"] - base_peak
    return out


def run_worker(mode: str, root: Path, trace: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, "--root", str(root)]
    if trace:
        cmd.append("--trace")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"worker {mode} failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def read_all(root: Path) -> int:
    total = 0
    for path in (root / "assessments").glob("*.toml"):
        total += len(path.read_bytes())
    return total


# --------------------------------------------------------------------------- save


def bench_save(tmp: Path, content: Path, iterations: int) -> dict[str, Any]:
    from selfcheck.core.assessment import serialise
    from selfcheck.core.storage import Workspace, atomic_write

    save_root = tmp / "save-ws"
    shutil.copytree(content, save_root / "questionnaires")
    ws = Workspace(save_root)
    q = ws.library.questionnaire(QID)
    a = make_assessment(4242, q, organisations())
    items = [i.id for i in q.items if i.id in a.answers]
    rng = random.Random(1)

    def edit(k: int) -> None:  # what a person does between two saves: change one answer
        ans = a.answers[items[k % len(items)]]
        ans.score = rng.randrange(4)
        ans.note = note(rng)

    for k in range(10):  # warm-up: creates the file, warms the folder
        edit(k)
        ws.save(a)
    times = []
    for k in range(iterations):
        edit(k)
        t0 = time.perf_counter()
        ws.save(a)
        times.append(time.perf_counter() - t0)
    size = a.path.stat().st_size if a.path else 0
    ser, wr = [], []
    for k in range(iterations):
        edit(k)
        t0 = time.perf_counter()
        data = serialise(a, q).encode("utf-8")
        t1 = time.perf_counter()
        atomic_write(a.path, data)  # type: ignore[arg-type]
        t2 = time.perf_counter()
        ser.append(t1 - t0)
        wr.append(t2 - t1)
    return {"iterations": iterations, "bytes": size, **_stats_ms(times, "save"),
            "serialise_median_ms": statistics.median(ser) * 1000, "atomic_write_median_ms": statistics.median(wr) * 1000}


def _stats_ms(times: list[float], prefix: str) -> dict[str, float]:
    s = sorted(times)

    def pct(p: float) -> float:
        return s[min(len(s) - 1, int(round(p * (len(s) - 1))))] * 1000

    return {f"{prefix}_median_ms": statistics.median(s) * 1000, f"{prefix}_p90_ms": pct(0.9),
            f"{prefix}_p99_ms": pct(0.99), f"{prefix}_max_ms": s[-1] * 1000}


# --------------------------------------------------------------------------- process wall time


def selfcheck_cmd() -> list[str]:
    script = Path(sys.executable).parent / "selfcheck"
    return [str(script)] if script.exists() else [sys.executable, "-m", "selfcheck"]


def wall(cmd: list[str], env: dict[str, str], runs: int, warmup: int) -> dict[str, float]:
    """hyperfine-style: warm-up runs, then the median and spread of `runs` timed runs."""
    times, cpus = [], []
    for k in range(warmup + runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        dt = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise SystemExit(f"{cmd} failed: {proc.stderr.decode(errors='replace')}")
        if k >= warmup:
            times.append(dt)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {"median_ms": statistics.median(times) * 1000, "min_ms": min(times) * 1000, "max_ms": max(times) * 1000,
            "cpu_median_ms": statistics.median(cpus) * 1000, "runs": runs}


def bench_processes(root: Path, runs: int = 7, warmup: int = 2) -> dict[str, Any]:
    demo = root / "demo-ws"
    env = dict(os.environ, SELFCHECK_WORKSPACE=str(demo))
    sc = selfcheck_cmd()
    subprocess.run(sc + ["demo", "--workspace", str(demo)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=env, check=True)
    newest = sorted((demo / "assessments").glob("demo_inwoners-betrekken_*.toml"))[-1]
    cmds = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "selfcheck --version": sc + ["--version"],
        "selfcheck report FILE": sc + ["report", str(newest)],
    }
    out: dict[str, Any] = {"report_file": newest.name, "env_dont_write_bytecode": os.environ.get("PYTHONDONTWRITEBYTECODE", "")}
    for name, cmd in cmds.items():
        out[name] = wall(cmd, env, runs, warmup)
    # The same with a bytecode cache, as after `pip install` (which compiles every module):
    # PYTHONPYCACHEPREFIX keeps the .pyc files out of the source tree.
    cache_env = dict(env, PYTHONPYCACHEPREFIX=str(root / "pycache"))
    cache_env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in ("selfcheck --version", "selfcheck report FILE"):
        out[name + " (bytecode cached)"] = wall(cmds[name], cache_env, runs, warmup)
    return out


# --------------------------------------------------------------------------- the run


def machine() -> dict[str, Any]:
    import rtoml

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    calib = min(_time(lambda: sum(range(1_000_000))) for _ in range(5))
    return {"date": datetime.now().astimezone().isoformat(timespec="seconds"), "cpus": os.cpu_count(), "cpu": cpu,
            "python": platform.python_version(), "platform": platform.platform(),
            "rtoml": getattr(rtoml, "__version__", "?"), "calibration_sum_range_1e6_ms": calib * 1000,
            "loadavg_start": _loadavg(), "commit": _git("rev-parse", "--short", "HEAD"),
            "uncommitted_core_changes": bool(_git("status", "--porcelain", "selfcheck/core")),
            "scoring": scoring_impl()}


def _git(*args: str) -> str:
    try:
        proc = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _time(fn: Any) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--files", type=int, default=10_000, help="assessment files to generate (default 10000)")
    p.add_argument("--quick", action="store_true", help="a 500-file smoke run")
    p.add_argument("--out-json", metavar="PATH", help="also write the numbers as JSON")
    p.add_argument("--runs", type=int, default=1, help="time each pass this many times, keep the median (default 1)")
    p.add_argument("--save-iterations", type=int, default=200)
    p.add_argument("--keep", action="store_true", help="keep the temporary workspace")
    p.add_argument("--tmp", metavar="DIR", help="where to make the temporary workspace")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--root", help=argparse.SUPPRESS)
    p.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, Path(args.root), args.trace)))
        return 0

    n = 500 if args.quick else args.files
    small = 1000 if n > 1000 else max(1, n // 5)
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="selfcheck-bench-", dir=args.tmp))
    root = tmp / "ws"
    results: dict[str, Any] = {"machine": machine(), "files": n, "small": small, "runs": args.runs}

    def say(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {msg}", file=sys.stderr, flush=True)

    try:
        say(f"writing {n} assessment files into {root} ...")
        gen = generate(root, n)
        results["generate"] = gen
        say(f"wrote {gen['bytes'] / 1e6:.1f} MB in {gen['seconds']:.1f}s; checking summary scores against scoring.analyse ...")
        results["scores_checked"] = check_scores(root)

        t0 = time.perf_counter()
        from selfcheck.core.content import load_library

        load_library([root / "questionnaires"])
        results["library_load_s"] = time.perf_counter() - t0

        read_all(root)  # warm the page cache (untimed)
        runs: dict[str, list[dict[str, Any]]] = {m: [] for m in ("read", "tomllib", "rtoml", "cold", "repeat")}
        for k in range(args.runs):
            for mode in runs:
                say(f"pass {mode} over {n} files{f' (run {k + 1}/{args.runs})' if args.runs > 1 else ''} ...")
                x = run_worker(mode, root)
                if x["files"] != n or x.get("problems"):
                    raise SystemExit(f"pass {mode}: {x}")
                runs[mode].append(x)
        passes = {}
        for mode, xs in runs.items():
            passes[mode] = dict(sorted(xs, key=lambda x: x["seconds"])[len(xs) // 2])
            passes[mode]["all_seconds"] = [x["seconds"] for x in xs]
        results["passes"] = passes
        with sqlite3.connect(root / ".selfcheck" / "index.sqlite") as db:
            results["cache_rows"] = db.execute("select count(*) from summary").fetchone()[0]
        results["cache_bytes"] = (root / ".selfcheck" / "index.sqlite").stat().st_size

        # Memory at a smaller size: the first `small` files, hard-linked into their own workspace.
        small_root = tmp / "ws-small"
        (small_root / "assessments").mkdir(parents=True)
        shutil.copytree(root / "questionnaires", small_root / "questionnaires")
        firsts = sorted((root / "assessments").glob("*.toml"))[:small]
        for path in firsts:
            try:
                os.link(path, small_root / "assessments" / path.name)
            except OSError:
                shutil.copy2(path, small_root / "assessments" / path.name)
        memory: dict[str, Any] = {}
        say(f"memory passes at {small} files ...")
        for mode in ("cold", "repeat"):
            memory[f"{mode}_small"] = run_worker(mode, small_root)
        for mode in ("cold", "repeat"):
            memory[f"{mode}_small_traced"] = run_worker(mode, small_root, trace=True)
        results["memory"] = memory

        # The same small set as files of an older questionnaire version: each one then carries
        # a warning ("questionnaire changed"), the path a workspace takes after a content update.
        old_root = tmp / "ws-oldversion"
        (old_root / "assessments").mkdir(parents=True)
        shutil.copytree(root / "questionnaires", old_root / "questionnaires")
        for path in firsts:
            text = path.read_text("utf-8").replace('questionnaire_version = "1.0"', 'questionnaire_version = "0.9"', 1)
            (old_root / "assessments" / path.name).write_text(text, "utf-8")
        read_all(old_root)
        say(f"cold pass over {small} files of an older questionnaire version ...")
        results["cold_old_version"] = run_worker("cold", old_root)

        say(f"durable saves x{args.save_iterations} ...")
        results["save"] = bench_save(tmp, root / "questionnaires", args.save_iterations)
        say("process wall times ...")
        results["processes"] = bench_processes(tmp)
        results["total_s"] = time.perf_counter() - started
        results["machine"]["loadavg_end"] = _loadavg()
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print(table(results))
    if args.out_json:
        Path(args.out_json).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return 0


def table(r: dict[str, Any]) -> str:
    n, small = r["files"], r["small"]
    m, g, ps, mem = r["machine"], r["generate"], r["passes"], r["memory"]
    base = ps["tomllib"]["seconds"]
    per_file_base = base / n
    median_of = f"; median of {r['runs']} runs" if r["runs"] > 1 else ""
    lines = [
        "",
        f"selfcheck core benchmark  {m['date']}  {m['cpus']} CPUs ({m['cpu'] or '?'})  Python {m['python']}  "
        f"rtoml {m['rtoml']}",
        f"calibration: sum(range(10**6)), best of 5: {m['calibration_sum_range_1e6_ms']:.1f} ms; load average "
        f"(1, 5, 15 min) at start {m['loadavg_start']}, at end {m.get('loadavg_end')}",
        f"workspace: {n} files, {g['bytes'] / 1e6:.1f} MB ({g['bytes'] / n / 1024:.1f} KiB/file), {g['items']} items, "
        f"{PARTICIPANTS} voters; summary scores = scoring.analyse on {r['scores_checked']} files",
        f"code: commit {m.get('commit') or '?'}{' + uncommitted changes in selfcheck/core' if m.get('uncommitted_core_changes') else ''}"
        f"; scores by {m.get('scoring')}",
        "",
        f"1. Load and score {n} files (page cache warm; each pass a fresh process; imports not timed"
        f"{median_of})",
        f"   {'pass':<44}{'seconds':>8}{'ms/file':>9}{'÷tomllib':>10}{'target':>8}  {'':<5}"
        f"{'CPU s':>8}{'÷tomllib':>10}{'peak RSS MB':>13}",
    ]
    rows = [
        ("read bytes", ps["read"], n, None),
        ("stdlib tomllib.loads (read + decode + parse)", ps["tomllib"], n, None),
        ("rtoml.loads (reference)", ps["rtoml"], n, None),
        ("selfcheck cold: summaries() + scores", ps["cold"], n, COLD_TARGET),
        ("selfcheck repeat: the same, cache warm", ps["repeat"], n, REPEAT_TARGET),
        (f"cold, {small} files of an older q. version*", r["cold_old_version"], small, COLD_TARGET),
    ]
    cpu_base = ps["tomllib"]["cpu_seconds"] / n
    for label, x, count, target in rows:
        ratio = x["seconds"] / count / per_file_base
        cpu_ratio = x["cpu_seconds"] / count / cpu_base
        verdict = "" if target is None else ("ok" if ratio <= target else "OVER")
        tgt = "" if target is None else f"≤{target:.2f}"
        lines.append(f"   {label:<44}{x['seconds']:>8.2f}{1000 * x['seconds'] / count:>9.3f}{ratio:>10.3f}{tgt:>8}  "
                     f"{verdict:<5}{x['cpu_seconds']:>8.2f}{cpu_ratio:>10.3f}{x['maxrss_mb']:>13.1f}")
    for key in ("cold", "repeat"):
        x = ps[key]
        lines.append(f"     {key}: summaries() {x['summaries_s']:.2f} s + scores {x['scoring_s']:.2f} s")
    lines += [
        f"     content library load (in cold's summaries(), in repeat's scores): {r['library_load_s']:.2f} s",
        f"     cache after cold: {r['cache_rows']} rows, {r['cache_bytes'] / 1e6:.1f} MB",
        "     * every file warns 'questionnaire version changed'; ratio per file against the tomllib rate above",
    ]
    lines += ["", "2. Memory (a fresh process per row; RSS measured around the pass, after imports)",
              f"   {'files':>7} {'pass':<8}{'RSS before':>11}{'pass peak':>11}{'growth':>9}{'KiB/file':>10}"
              f"{'ru_maxrss':>11}   (MB)"]
    for size, x, label in ((small, mem["cold_small"], "cold"), (small, mem["repeat_small"], "repeat"),
                           (n, ps["cold"], "cold"), (n, ps["repeat"], "repeat")):
        peak = x["pass_peak_mb"] if x.get("pass_peak_mb") is not None else x["maxrss_mb"]
        lines.append(f"   {size:>7} {label:<8}{x['rss_base_mb'] or 0:>11.1f}{peak:>11.1f}{x['growth_mb']:>9.1f}"
                     f"{1024 * x['growth_mb'] / size:>10.1f}{x['maxrss_mb']:>11.1f}")
    for key in ("cold", "repeat"):
        x = mem[f"{key}_small_traced"]
        lines.append(f"   tracemalloc, {key} at {small}: python heap peak {x['trace_peak_mb']:.1f} MB; still held after "
                     f"the pass (summaries + scores) {x['trace_current_mb']:.1f} MB = "
                     f"{1024 * x['trace_current_mb'] / small:.1f} KiB/file")
    verdicts = []
    for key in ("cold", "repeat"):
        gs, gb = mem[f"{key}_small"]["growth_mb"], ps[key]["growth_mb"]
        slope = 1024 * (gb - gs) / (n - small) if n > small else 0.0
        verdicts.append(f"{key} {gs:.1f} MB at {small} -> {gb:.1f} MB at {n} ({slope:.1f} KiB per extra file)")
        r.setdefault("memory_slope_kib_per_file", {})[key] = slope
    flat = all(v < 1.0 for v in r["memory_slope_kib_per_file"].values())
    lines.append(f"   verdict: {'flat' if flat else 'NOT flat, grows with file count'}: " + "; ".join(verdicts))
    sv = r["save"]
    lines += ["", f"3. Durable save: Workspace.save of a {ITEMS}-item assessment ({sv['bytes'] / 1024:.1f} KiB), "
                  f"{sv['iterations']} iterations",
              f"   median {sv['save_median_ms']:.2f} ms   p90 {sv['save_p90_ms']:.2f} ms   p99 {sv['save_p99_ms']:.2f} ms"
              f"   max {sv['save_max_ms']:.2f} ms",
              f"   parts (medians): serialise (to_document + tomli_w) {sv['serialise_median_ms']:.2f} ms; "
              f"atomic_write (tmp + fsync + replace + fsync dir) {sv['atomic_write_median_ms']:.2f} ms"]
    pr = r["processes"]
    lines += ["", f"4. Process wall time (median of {pr['python -c pass']['runs']} after 2 warm-ups; "
                  f"PYTHONDONTWRITEBYTECODE={pr['env_dont_write_bytecode'] or 'unset'})",
              f"   {'command':<50}{'median ms':>10}{'min':>8}{'max':>8}{'CPU ms':>9}"]
    for name, x in pr.items():
        if isinstance(x, dict):
            lines.append(f"   {name:<50}{x['median_ms']:>10.1f}{x['min_ms']:>8.1f}{x['max_ms']:>8.1f}"
                         f"{x['cpu_median_ms']:>9.1f}")
    lines.append(f"   report FILE = the demo workspace's {pr['report_file']}; 'bytecode cached' = PYTHONPYCACHEPREFIX set, "
                 "as after pip install")
    lines += ["", f"total benchmark time {r['total_s']:.0f} s (of which generating the files {g['seconds']:.0f} s)"]
    start, end = m.get("loadavg_start"), m.get("loadavg_end")
    if (start and start[0] > BUSY_LOAD) or (end and end[0] > BUSY_LOAD + 0.5):
        lines.append(f"NOTE: the machine was busy (load average {start} -> {end}; this benchmark alone adds about 1): "
                     "wall times are inflated and noisy; the CPU-time columns are steadier.")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
