"""A demo workspace: a fictional municipality with finished rounds, so a newcomer sees results."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from selfcheck.core.model import NA, UNKNOWN, Action, Answer, Assessment
from selfcheck.core.storage import DEMO_NAME, Workspace, atomic_write
from selfcheck.core.assessment import serialise

ORG = "Gemeente Voorbeeldstad"
TEAM = "Programmateam Gezond Voorbeeldstad"
PEOPLE = ["Anouk", "Bas", "Fatima", "Joris"]
NOTES = [
    "We gebruiken de GGD-monitor, maar nog niet per wijk.",
    "Het wijkteam weet dit goed; het beleid loopt achter.",
    "Afspraak: dit in het voorjaar samen met de sleutelpersonen oppakken.",
    "Hier waren we het niet over eens: de uitvoering doet meer dan het beleid laat zien.",
    "Budget loopt eind 2027 af; borging is nog niet geregeld.",
]


def demo_workspace(root: Path | None = None, *, reset: bool = False) -> Workspace:
    """The demo workspace in `root` (default: the user's demo folder), with its rounds written
    when they are missing (or `reset`): what a newcomer changes there stays until a reset."""
    if root is None:
        import platformdirs

        root = Path(platformdirs.user_data_dir(DEMO_NAME, appauthor=False))
    ws = Workspace(root)
    ws.ensure()
    existing = list(ws.assessments_dir.glob("demo_*.toml"))
    if existing and not reset:
        return ws
    for old in existing:
        old.unlink()
    lib = ws.library
    rng = random.Random(2026)
    made: list[Assessment] = []
    plan = [
        ("inwoners-betrekken", date(2026, 4, 14), "team", 0.0),
        ("inwoners-betrekken", date(2026, 10, 20), "open", 0.45),
        ("goed-gesprek-organisatie", date(2026, 10, 20), "blind", 0.3),
    ]
    for qid, when, voting, lift in plan:
        q = lib.questionnaires.get(qid)
        if q is None:
            continue
        a = Assessment(questionnaire=q.id, questionnaire_version=q.version, organisation=ORG, team=TEAM, date=when,
                       voting=voting, participants=list(PEOPLE) if voting != "team" else [])
        stamp = datetime.combine(when, datetime.min.time(), tzinfo=timezone.utc) + timedelta(hours=9)
        a.created = stamp
        base_rng = random.Random(q.id)  # the same item tends to score alike over rounds
        for n, item in enumerate(q.items):
            level = min(3.0, max(0.0, base_rng.gauss(1.4, 0.9) + lift))
            ans = Answer(updated=stamp + timedelta(minutes=2 * n))
            roll = rng.random()
            if roll < 0.05:
                ans.score = NA
            elif roll < 0.10:
                ans.score = UNKNOWN
            elif voting == "team":
                ans.score = round(level)
            else:
                for person in PEOPLE:
                    ans.votes[person] = int(min(3, max(0, round(level + rng.uniform(-0.5, 0.5)))))
                if n % 6 == 2:  # a few items where the team clearly disagreed
                    low, high = (0, 2) if level < 1.5 else (1, 3)
                    ans.votes[PEOPLE[0]], ans.votes[PEOPLE[-1]] = low, high
                if rng.random() < 0.8 and n % 6 != 2:
                    ans.score = int(round(sorted(ans.votes.values())[len(PEOPLE) // 2 - 1]))
                ans.revealed = voting == "blind"  # a finished meeting: every blind vote revealed
            if rng.random() < 0.2:
                ans.note = rng.choice(NOTES)
            if rng.random() < 0.12:
                ans.discuss = True
            a.answers[item.id] = ans
        if made and made[-1].questionnaire == qid:
            a.previous = made[-1].path.name if made[-1].path else ""
        if when.month == 10:
            weakest = sorted(q.items, key=lambda i: _num(a.answers[i.id]))[:3]
            for k, item in enumerate(weakest, 1):
                principles = list(item.weights(q.framework))[:2]
                a.actions.append(Action(
                    id=f"a{k}", what=_ACTIONS[k - 1], who=PEOPLE[k - 1], due=when + timedelta(days=60 * k),
                    status=("busy" if k == 1 else "open"), principles=principles, items=[item.id],
                    created=stamp, updated=stamp,
                ))
        a.updated = stamp + timedelta(hours=1, minutes=30)
        a.path = ws.assessments_dir / f"demo_{q.id}_{when.isoformat()}.toml"
        atomic_write(a.path, serialise(a, q).encode("utf-8"))
        made.append(a)
    return ws


def _num(ans: Answer) -> float:
    return float(ans.score) if isinstance(ans.score, int) else 9.0


_ACTIONS = [
    "Sleutelpersonen uit drie wijken uitnodigen voor een koffiegesprek",
    "Wijkcijfers van de GGD-monitor per wijk bespreken in het kernteam",
    "Budget voor participatie na 2027 voorleggen aan de wethouder",
]
