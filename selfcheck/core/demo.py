"""A demo workspace: a fictional municipality with finished rounds, so a newcomer sees results.

The story must hold up when a newcomer shows the demo report to management (issue 15): a note
fits the score beside it (no "we will pick this up in spring" next to a 3 for secured funding),
a note on a statement is about that statement, and each action belongs to the statement it is
linked to.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from selfcheck.core.assessment import serialise
from selfcheck.core.model import NA, UNKNOWN, Action, Answer, Assessment
from selfcheck.core.storage import DEMO_NAME, Workspace, atomic_write

ORG = "Gemeente Voorbeeldstad"
TEAM = "Programmateam Gezond Voorbeeldstad"
PEOPLE = ["Anouk", "Bas", "Fatima", "Joris"]
# Notes about one statement, for a low score (0-1) and for a high one (2-3).
ITEM_NOTES: dict[str, tuple[str, str]] = {
    "ib-verkennen-cijfers": (
        "We gebruiken de GGD-monitor, maar nog niet per wijk.",
        "De wijkcijfers van de GGD-monitor bepaalden de keuze voor Noord en Oost.",
    ),
    "ib-verkennen-netwerken": (
        "Het wijkteam kent de sleutelpersonen; er is nog geen overzicht.",
        "Overzicht van sleutelpersonen per wijk staat in de gedeelde map.",
    ),
    "ib-bereiken-sleutelpersonen": (
        "Afspraak: dit in het voorjaar samen met de sleutelpersonen oppakken.",
        "Zes sleutelpersonen werken mee, met een vergoeding.",
    ),
    "ib-bereiken-taal": (
        "De uitnodiging voor de wijkavond was te moeilijk, zeiden bewoners.",
        "De meeste uitnodigingen gaan nu eerst langs het taalpanel.",
    ),
    "ib-betrekken-vergoeding-uitkering": (
        "Nog navragen bij werk en inkomen wat een bon doet met een uitkering.",
        "Werk en inkomen heeft bevestigd wat kan; staat op de website.",
    ),
    "ib-aansluiten-borging": (
        "Budget loopt eind 2027 af; borging is nog niet geregeld.",
        "Staat in de meerjarenbegroting, ook na het project.",
    ),
    "ggo-ruimte-tijd": (
        "Consulenten krijgen drie kwartier per gesprek; dat is vaak te kort.",
        "Geen vaste duur meer sinds de nieuwe werkafspraken.",
    ),
    "ggo-ruimte-huisbezoek": (
        "Huisbezoek moet vooraf worden aangevraagd bij de teamleider.",
        "Huisbezoek met z'n tweeën is gewoon mogelijk.",
    ),
    "ggo-leren-werkdruk": (
        "Het wijkteam Noord heeft te veel dossiers per persoon.",
        "Grens op het aantal dossiers; de teamleider bewaakt die.",
    ),
    "ggo-beleid-financiering": (
        "Schuldhulp en gezondheid hebben elk een eigen potje.",
        "Eén budget voor de brede aanpak, voor drie jaar.",
    ),
}
GENERIC_NOTES = (
    "Nog niet aan begonnen.",
    "Er is een begin, maar het hangt nog af van één collega.",
    "Staat in de werkafspraken, maar niet elk team doet het al.",
    "Gaat goed; vasthouden.",
)
"""Notes that fit any statement, one per level of the 0-3 scale."""
DISAGREE_NOTE = "Hier waren we het niet over eens; in het volgende overleg bespreken wat we zien."
UNKNOWN_NOTE = "Weet niet: navragen bij wie dit in de wijk uitvoert."


def demo_workspace(root: Path | None = None, *, reset: bool = False) -> Workspace:
    """The demo workspace in `root` (default: the user's demo folder), with its rounds written
    when they are missing (or `reset`): what a newcomer changes there stays until a reset."""
    if root is None:
        import platformdirs

        root = Path(platformdirs.user_data_dir(DEMO_NAME, appauthor=False))
    ws = Workspace(root)
    ws.ensure()
    existing = list(ws.assessments_dir.glob("demo_*.toml"))
    if existing and not reset and not _outdated(ws, existing):
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
        a = Assessment(
            questionnaire=q.id,
            questionnaire_version=q.version,
            organisation=ORG,
            team=TEAM,
            date=when,
            voting=voting,
            participants=list(PEOPLE) if voting != "team" else [],
        )
        stamp = datetime.combine(when, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
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
                    ans.score = sorted(v for v in ans.votes.values() if isinstance(v, int))[len(PEOPLE) // 2 - 1]
                ans.revealed = voting == "blind"  # a finished meeting: every blind vote revealed
            votes = [v for v in ans.votes.values() if isinstance(v, int)]
            ans.note = _note(item.id, ans, spread_flagged=bool(votes) and max(votes) - min(votes) >= 2, rng=rng)
            if rng.random() < 0.12:
                ans.discuss = True
            a.answers[item.id] = ans
        if made and made[-1].questionnaire == qid:
            a.previous = made[-1].path.name if made[-1].path else ""
        if when.month == 10:
            weakest = sorted(q.items, key=lambda i: _num(a.answers[i.id]))[:3]
            for k, item in enumerate(weakest, 1):
                principles = list(item.weights(q.framework))[:2]
                a.actions.append(
                    Action(
                        id=f"a{k}",
                        what=_action(item.id, item.text.nl),
                        who=PEOPLE[k - 1],
                        due=when + timedelta(days=60 * k),
                        status=("busy" if k == 1 else "open"),
                        principles=principles,
                        items=[item.id],
                        created=stamp,
                        updated=stamp,
                    )
                )
        a.updated = stamp + timedelta(hours=1, minutes=30)
        a.path = ws.assessments_dir / f"demo_{q.id}_{when.isoformat()}.toml"
        atomic_write(a.path, serialise(a, q).encode("utf-8"))
        made.append(a)
    return ws


def _outdated(ws: Workspace, files: list[Path]) -> bool:
    """True when a demo round was written for another version of its questionnaire than the
    one installed now: after an update the demo would show half-answered rounds of statements
    that changed. Such a demo is written again (it is an example; nobody's own answers)."""
    summaries, problems = ws.summaries(files)
    if problems:
        return True
    for s in summaries:
        q = ws.library.questionnaires.get(s.questionnaire)
        if q is None or q.version != s.questionnaire_version:
            return True
    return False


def _num(ans: Answer) -> float:
    return float(ans.score) if isinstance(ans.score, int) else 9.0


def _level(ans: Answer) -> float | None:
    """The score a reader sees beside the note: the team score, else the median of the votes."""
    if isinstance(ans.score, int):
        return float(ans.score)
    votes = sorted(v for v in ans.votes.values() if isinstance(v, int))
    if not votes or ans.score is not None:
        return None
    mid = len(votes) // 2
    return float(votes[mid]) if len(votes) % 2 else (votes[mid - 1] + votes[mid]) / 2


def _note(item_id: str, ans: Answer, *, spread_flagged: bool, rng: random.Random) -> str:
    """A note that fits the answer beside it, or "" (most statements have none)."""
    if ans.score == UNKNOWN:
        return UNKNOWN_NOTE if rng.random() < 0.5 else ""
    level = _level(ans)
    if level is None:
        return ""
    if spread_flagged:
        return DISAGREE_NOTE if rng.random() < 0.5 else ""
    if item_id in ITEM_NOTES:
        return ITEM_NOTES[item_id][level >= 2]
    if rng.random() < 0.12 and level == int(level):
        return GENERIC_NOTES[int(level)]
    return ""


_ACTIONS = {
    "ib-bereiken-sleutelpersonen": "Sleutelpersonen uit drie wijken uitnodigen voor een koffiegesprek",
    "ib-verkennen-cijfers": "Wijkcijfers van de GGD-monitor bespreken in het kernteam",
    "ib-aansluiten-borging": "Budget voor participatie na 2027 voorleggen aan de wethouder",
    "ib-betrekken-vergoeding-uitkering": "Met werk en inkomen afspreken welke vergoeding kan zonder gevolgen voor een uitkering",
    "ggo-leren-werkdruk": "Aantal dossiers per professional in Noord bespreken met de teamleider",
    "ggo-ruimte-tijd": "Voorstel voor langere eerste gesprekken voorleggen aan het management",
    "ib-bereiken-partners": "Met welzijn en twee scholen afspreken wie welke groep uitnodigt",
    "ib-betrekken-werkvormen": "Een koffieochtend in de wijk Noord uitproberen in plaats van de wijkavond",
    "ib-verkennen-doelgroep": "In het plan opschrijven welke groep we in welke wijk zoeken, en waarom",
    "ggo-leren-ervaringsdeskundigheid-training": "Twee ervaringsdeskundigen vragen mee les te geven in de gesprekstraining",
    "ggo-beleid-visie": "Werkinstructies en doelen naast het beleid leggen: wat past niet?",
    "ggo-beleid-inkoop": "Bij de nieuwe inkoop van schuldhulp een eis over aandacht voor gezondheid opnemen",
    "ggo-samenwerking-jeugd": "Het consultatiebureau en de scholen een vaste contactpersoon voor geldzorgen geven",
    "ggo-leren-ervaringsdeskundigheid-beleid": "Een klankbordgroep van ervaringsdeskundigen starten voor de nieuwe werkwijze",
    "ib-aansluiten-bereik-meten": "Bij de volgende activiteiten bijhouden wie er komt, niet alleen hoeveel",
    "ib-verkennen-rol": "Bij het beweegplan vooraf opschrijven waarover bewoners beslissen",
}


def _action(item_id: str, text: str) -> str:
    """The action for a weak statement: one written for it, else a plain first step for it."""
    return _ACTIONS.get(item_id) or f"In het kernteam bespreken wat nodig is voor: \u201c{text}\u201d"
