"""Small builders for in-memory content and assessments, so tests do not depend on the shipped
questionnaires (which change while the product grows)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from selfcheck.core.content import Library
from selfcheck.core.model import (
    Action,
    Answer,
    Assessment,
    Framework,
    Item,
    Level,
    Principle,
    Questionnaire,
    Scale,
    Section,
    Text,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
FW = "fw"
"""The id of the framework `framework()` builds by default."""


def scale(
    values: Sequence[int] = (0, 1, 2, 3),
    *,
    disagreement: int = 2,
    na: bool = True,
    unknown: bool = True,
    sid: str = "s",
) -> Scale:
    return Scale(sid, tuple(Level(v, Text(f"n{v}", f"e{v}")) for v in values), na, unknown, disagreement)


STANDARD = scale()


def principle(pid: str, target: float = 70, status: str = "confirmed") -> Principle:
    return Principle(pid, Text(f"Principe {pid}", f"Principle {pid}"), Text("b", "d"), status, float(target))


def framework(*principles: Principle | str, fid: str = FW) -> Framework:
    ps = tuple(p if isinstance(p, Principle) else principle(p) for p in principles)
    return Framework(fid, "1", Text("Kader", "Framework"), None, ps)


def item(
    iid: str,
    serves: dict[str, float] | None = None,
    *,
    sc: Scale = STANDARD,
    fid: str = FW,
    section: str = "sec",
    extra: dict[str, dict[str, float]] | None = None,
) -> Item:
    weights = {fid: dict(serves if serves is not None else {"P1": 1})}
    weights.update(extra or {})
    return Item(iid, Text(f"Stelling {iid}", f"Statement {iid}"), None, sc, weights, section)


def questionnaire(
    *items: Item, qid: str = "q", version: str = "1", fid: str = FW, sections: dict[str, Iterable[Item]] | None = None
) -> Questionnaire:
    if sections is None:
        sections = {"sec": items}
    secs = tuple(Section(sid, Text(sid, sid), None, None, tuple(its)) for sid, its in sections.items())
    all_items = [i for s in secs for i in s.items]
    scales = {i.scale.id: i.scale for i in all_items} or {STANDARD.id: STANDARD}
    return Questionnaire(qid, version, fid, Text("Lijst", "List"), None, (), scales, (), secs)


def answer(score: Any = None, votes: dict[str, Any] | None = None, *, discuss: bool = False, note: str = "") -> Answer:
    return Answer(score=score, votes=dict(votes or {}), note=note, discuss=discuss)


def assessment(
    answers: dict[str, Any] | None = None,
    *,
    qid: str = "q",
    version: str = "1",
    targets: dict[str, float] | None = None,
    when: date | None = None,
    participants: Sequence[str] = (),
    actions: Sequence[Action] = (),
    org: str = "Gemeente Test",
) -> Assessment:
    """`answers`: item id -> an Answer, or a bare value used as the team score."""
    out: dict[str, Answer] = {}
    for iid, a in (answers or {}).items():
        out[iid] = a if isinstance(a, Answer) else Answer(score=a)
    return Assessment(
        questionnaire=qid,
        questionnaire_version=version,
        organisation=org,
        date=when,
        voting="open" if participants else "team",
        participants=list(participants),
        targets=dict(targets or {}),
        answers=out,
        actions=list(actions),
    )


def library(*items: Questionnaire | Framework) -> Library:
    lib = Library()
    for x in items:
        if isinstance(x, Framework):
            lib.frameworks[x.id] = x
        else:
            lib.questionnaires[x.id] = x
    return lib


def run_cli(
    *args: str,
    input: str | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """`python -m selfcheck ARGS` in a child process, with the test's environment."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    # No PYTHONIOENCODING here: the CLI must write what it can on its own (issue 17.1), and a
    # forced UTF-8 would hide it. The output is UTF-8 to a pipe; decoded as such below.
    return subprocess.run(
        [sys.executable, "-m", "selfcheck", *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=timeout,
        encoding="utf-8",
    )


MINI = DATA / "valid" / "mini.toml"
"""A tiny but complete questionnaire (id "mini", version "2.0", items m-a, m-b, m-c) whose
framework is the shipped pharos-9, for tests that need files that do not change when the
shipped content does."""
