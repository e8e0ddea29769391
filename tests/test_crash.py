"""No answer is ever lost: `selfcheck answer` is killed with SIGKILL at random moments while it
saves, again and again. After every kill each answer it reported saved is in the file, the file
loads and validates, and the next run works (a stale lock of the killed process is taken over,
a temporary file left by the kill is ignored)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from helpers import ROOT

from selfcheck.core.model import NA, UNKNOWN, Assessment
from selfcheck.core.storage import Lock, Workspace
from selfcheck.core.validate import validate_paths

KILLS = 60
SEED = 20261122
QID = "inwoners-betrekken"
WORDS = ["", "", "", "notitie", "één 🙂", 'met "quotes"', "back\\slash", "# geen commentaar", "x" * 300]
SHOWN = {NA: "n.v.t.", UNKNOWN: "weet niet"}

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")


def _new_round(ws: Workspace, n: int) -> Path:
    q = ws.library.questionnaires[QID]
    a = Assessment(
        questionnaire=QID, questionnaire_version=q.version, organisation=f"Gemeente Crash {n}", date=date(2026, 1, 1)
    )
    return ws.save(a)


def _line(rng: random.Random) -> tuple[str, object, str]:
    """One input line and the score and note it should leave in the file."""
    head = rng.choice(["0", "1", "2", "3", "n", "w"])
    value = {"n": NA, "w": UNKNOWN}.get(head, None)
    score = value if value is not None else int(head)
    note = rng.choice(WORDS)
    return (f"{head} {note}" if note else head), score, note


@pytest.mark.slow
def test_kill_while_saving(workspace: Workspace, capsys) -> None:
    rng = random.Random(SEED)
    ws = workspace
    q = ws.library.questionnaires[QID]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    rounds = 0
    path = _new_round(ws, rounds)
    totals = {
        "kills": 0,
        "survived": 0,
        "saved_reported": 0,
        "killed_with_input_pending": 0,
        "stale_locks_left": 0,
        "temp_files_left": 0,
        "rounds": 1,
    }
    expected: dict[str, tuple[object, str]] = {}  # item id -> (score, note) reported saved, this round
    killed: set[int] = set()
    seen_temps: set[str] = set()

    for kill in range(KILLS):
        a = ws.load(path)
        open_items = [i.id for i in q.items if a.answer(i.id).score is None]
        if not open_items:
            rounds += 1
            totals["rounds"] += 1
            path, expected = _new_round(ws, rounds), {}
            open_items = [i.id for i in q.items]
        planned = [_line(rng) for _ in range(rng.randint(1, len(open_items)))]
        stop_after = rng.randint(0, len(planned))  # saved lines to see before the kill (0: during start-up)

        child = subprocess.Popen(
            [sys.executable, "-m", "selfcheck", "answer", str(path)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        reported: list[str] = []
        try:
            child.stdin.write("".join(line + "\n" for line, _s, _n in planned))
            child.stdin.flush()
            while len(reported) < stop_after:
                out = child.stdout.readline()
                if not out:
                    break
                if "opgeslagen: " in out:
                    reported.append(out.split("opgeslagen: ", 1)[1].split(" = ", 1)[0])
        finally:
            child.send_signal(signal.SIGKILL)
            rest = child.stdout.read()  # what it said before it died counts too
            child.wait(timeout=30)
            child.stdin.close()
            err = child.stderr.read()
            child.stdout.close()
            child.stderr.close()
        assert child.returncode == -signal.SIGKILL, err
        killed.add(child.pid)
        assert "Traceback" not in err and "fout" not in err, err
        totals["kills"] += 1
        for out in rest.splitlines():
            if "opgeslagen: " in out:
                reported.append(out.split("opgeslagen: ", 1)[1].split(" = ", 1)[0])
        if len(reported) < len(planned):
            totals["killed_with_input_pending"] += 1

        # the answers were given to the open items in order
        assert reported == open_items[: len(reported)]
        for item_id, (_line_text, score, note) in zip(reported, planned):
            expected[item_id] = (score, note)
        totals["saved_reported"] += len(reported)

        # every answer reported saved is in the file, which loads and validates
        a = ws.load(path)
        for item_id, (score, note) in expected.items():
            ans = a.answers.get(item_id)
            assert ans is not None and ans.score == score and ans.note == note, (kill, item_id, path.read_text())
        problems, _n = validate_paths(ws, [path])
        assert [str(p) for p in problems if p.severity == "error"] == []

        # leftovers of the kill: a stale lock, maybe a temporary file; neither blocks anything
        lock = Lock.for_file(path)
        info = lock.info()
        if info is not None:
            assert info["pid"] in killed and lock.stale(info)  # this child's, or an earlier one's
            totals["stale_locks_left"] += 1
        temps = {p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")}
        totals["temp_files_left"] += len(temps - seen_temps)  # left in place: they must not get in the way
        seen_temps |= temps
        assert [p for p in ws.assessment_files() if not p.name.endswith(".toml")] == []
        totals["survived"] += 1

    # after all that, a normal run finishes the round
    a = ws.load(path)
    open_items = [i.id for i in q.items if a.answer(i.id).score is None]
    proc = subprocess.run(
        [sys.executable, "-m", "selfcheck", "answer", str(path)],
        cwd=ROOT,
        env=env,
        input="2\n" * len(open_items),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("opgeslagen: ") == len(open_items)
    assert all(ws.load(path).answer(i.id).score is not None for i in q.items)
    assert not Lock.for_file(path).path.exists()
    listing = subprocess.run(
        [sys.executable, "-m", "selfcheck", "list"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert listing.returncode == 0 and listing.stderr == ""
    assert len(listing.stdout.splitlines()) == totals["rounds"]

    assert totals["kills"] >= 50 and totals["survived"] == totals["kills"]
    with capsys.disabled():
        print(
            "\ncrash test (seed {seed}): {kills} kills, {survived} survived, {saved_reported} answers reported "
            "saved and all found, {killed_with_input_pending} kills with input still pending, "
            "{stale_locks_left} stale locks left (each taken over by the next run), {temp_files_left} temporary files left by kills, "
            "{rounds} rounds".format(seed=SEED, **totals)
        )
