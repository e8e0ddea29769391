"""Three-way merge of one assessment file, per item: what `selfcheck merge-driver` does when git
merges two copies of a workspace (docs/formats.md, "Conflicts"; README, "Sharing a workspace
with git").

Each part is merged against the common ancestor (base):
- changed on one side only: that side's version is taken;
- changed on both sides to the same thing: taken once;
- changed on both sides differently:
  - an answer: field by field (score, note, discuss flag, each participant's vote); a field
    changed on both sides takes the version of the answer with the newer `updated`, and the
    other version of the whole answer is recorded in `[[conflicts]]` for the team to review;
    so different items changed on both sides are simply both kept;
  - a section note: the note of the file with the newer `updated` is kept, the other recorded;
  - an action (matched by id): the one with the newer `updated` wins (an action deleted on one
    side and changed on the other is kept);
  - a header field (team, date, voting, ...), a target: the file with the newer `updated` wins.
- participants: everyone on either side (so every kept vote has its participant);
- created: the earlier; updated: the later;
- conflicts already in the files: kept unless one side resolved (removed) them.

Equal timestamps are broken by comparing the two versions' content, so whichever copy does the
merge, the same version wins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from selfcheck.core.model import Action, Answer, Assessment, Conflict

_MIN = datetime.min.replace(tzinfo=UTC)
T = TypeVar("T")

HEADER_FIELDS = ("questionnaire_version", "organisation", "team", "date", "voting", "previous", "framework")


def _when(value: datetime | None) -> datetime:
    if value is None:
        return _MIN
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _newer(o_when: datetime | None, t_when: datetime | None, o: Any, t: Any) -> str:
    """ "ours" or "theirs": the newer timestamp; a tie goes to the greater content (repr), so the
    answer is the same whichever copy merges."""
    a, b = _when(o_when), _when(t_when)
    if a != b:
        return "ours" if a > b else "theirs"
    return "ours" if repr(o) >= repr(t) else "theirs"


def _one_side(base: T, ours: T, theirs: T) -> tuple[bool, T]:
    """(True, the merged value) when at most one side changed it, or both the same way;
    (False, ours) when both changed it, differently."""
    if ours == theirs:
        return True, ours
    if ours == base:
        return True, theirs
    if theirs == base:
        return True, ours
    return False, ours


def _three(base: Any, ours: Any, theirs: Any, winner: Callable[[], str]) -> tuple[Any, bool]:
    """(merged value, both changed differently)."""
    settled, value = _one_side(base, ours, theirs)
    if settled:
        return value, False
    return (ours if winner() == "ours" else theirs), True


def _answer_key(a: Answer) -> tuple[Any, ...]:
    return (repr(a.score), sorted((k, repr(v)) for k, v in a.votes.items()), a.note, a.discuss)


def merge_answer(base: Answer | None, ours: Answer | None, theirs: Answer | None) -> tuple[Answer | None, str | None]:
    """(merged answer or None, the losing side when both changed the same field differently)."""
    settled, value = _one_side(base, ours, theirs)
    if settled:
        return value, None
    b, o, t = base or Answer(), ours or Answer(), theirs or Answer()
    side = _newer(o.updated, t.updated, _answer_key(o), _answer_key(t))
    pick = lambda: side  # noqa: E731
    merged = Answer()
    clash = False
    for name in ("score", "note", "discuss"):
        value, both = _three(getattr(b, name), getattr(o, name), getattr(t, name), pick)
        setattr(merged, name, value)
        clash = clash or both
    for voter in (
        list(o.votes)
        + [n for n in t.votes if n not in o.votes]
        + [n for n in b.votes if n not in o.votes and n not in t.votes]
    ):
        value, both = _three(b.votes.get(voter), o.votes.get(voter), t.votes.get(voter), pick)
        if value is not None:
            merged.votes[voter] = value
        clash = clash or both
    merged.revealed = o.revealed or t.revealed  # a reveal is never undone (issue 12)
    stamps = [x for x in (o.updated, t.updated) if x is not None]
    merged.updated = max(stamps, key=_when) if stamps else None
    loser = ("theirs" if side == "ours" else "ours") if clash else None
    if merged.is_empty():
        # Cleared on one side, changed on the other: the answer goes, and the changed version
        # is recorded for review (it was dropped silently; found by tests/security/test_sync_merge_fuzz.py).
        return None, loser
    return merged, loser


def _by_key(base: dict[str, T], ours: dict[str, T], theirs: dict[str, T]) -> list[str]:
    keys = list(ours) + [k for k in theirs if k not in ours] + [k for k in base if k not in ours and k not in theirs]
    return keys


def _merge_actions(base: list[Action], ours: list[Action], theirs: list[Action]) -> list[Action]:
    b = {x.id: x for x in base}
    o = {x.id: x for x in ours}
    t = {x.id: x for x in theirs}
    out: list[Action] = []
    for key in _by_key(b, o, t):
        bo, oo, tt = b.get(key), o.get(key), t.get(key)
        settled, chosen = _one_side(bo, oo, tt)
        if not settled:
            if oo is None or tt is None:
                chosen = oo or tt  # deleted on one side, changed on the other: keep it
            else:
                chosen = oo if _newer(oo.updated, tt.updated, oo, tt) == "ours" else tt
        if chosen is not None:
            out.append(chosen)
    return out


def _merge_conflicts(base: list[Conflict], ours: list[Conflict], theirs: list[Conflict]) -> list[Conflict]:
    """Kept unless resolved (removed) on one side; each once."""
    out: list[Conflict] = []
    for c in ours:
        if (c in theirs or c not in base) and c not in out:
            out.append(c)
    for c in theirs:
        if c not in ours and c not in base and c not in out:
            out.append(c)
    return out


def merge_assessments(
    base: Assessment | None,
    ours: Assessment,
    theirs: Assessment,
    *,
    recorded: datetime | None = None,
    who: dict[str, str] | None = None,
) -> Assessment:
    """The three-way merge of one assessment (see the module docstring). `base` is None when
    the two copies have no common ancestor (both added the file): then every difference is a
    change on both sides. `who` maps "ours"/"theirs" to the name to record for that side."""
    who = who or {}
    b = base or Assessment(
        questionnaire=ours.questionnaire, questionnaire_version="", organisation="", voting="", participants=[]
    )
    file_side = _newer(ours.updated, theirs.updated, _header(ours), _header(theirs))
    pick = lambda: file_side  # noqa: E731
    merged = replace(ours, answers={}, section_notes={}, targets={}, actions=[], conflicts=[], participants=[])
    for name in HEADER_FIELDS:
        value, _ = _three(getattr(b, name), getattr(ours, name), getattr(theirs, name), pick)
        setattr(merged, name, value)
    created = [x for x in (ours.created, theirs.created) if x is not None]
    merged.created = min(created, key=_when) if created else None
    updated = [x for x in (ours.updated, theirs.updated) if x is not None]
    merged.updated = max(updated, key=_when) if updated else None
    for key in _by_key(b.targets, ours.targets, theirs.targets):
        value, _ = _three(b.targets.get(key), ours.targets.get(key), theirs.targets.get(key), pick)
        if value is not None:
            merged.targets[key] = value
    new_conflicts: list[Conflict] = []

    def lost_version(side: str, **version: Any) -> Conflict:
        """The version `side` lost (an answer's or a note's fields), recorded for review."""
        return Conflict(side=side, who=who.get(side, ""), recorded=recorded, **version)

    for key in _by_key(b.section_notes, ours.section_notes, theirs.section_notes):
        bo, oo, tt = b.section_notes.get(key, ""), ours.section_notes.get(key, ""), theirs.section_notes.get(key, "")
        value, both = _three(bo, oo, tt, pick)
        if both and oo and tt:
            loser = "theirs" if value == oo else "ours"
            new_conflicts.append(lost_version(loser, section=key, note=tt if loser == "theirs" else oo))
        elif both:
            value = oo or tt  # cleared on one side, changed on the other: keep the text
        if value:
            merged.section_notes[key] = value
    for key in _by_key(b.answers, ours.answers, theirs.answers):
        oa, ta = ours.answers.get(key), theirs.answers.get(key)
        answer, lost_side = merge_answer(b.answers.get(key), oa, ta)
        if answer is not None and not answer.is_empty():
            merged.answers[key] = answer
        if lost_side is not None:
            lost = (ta if lost_side == "theirs" else oa) or Answer()
            new_conflicts.append(
                lost_version(
                    lost_side,
                    item=key,
                    score=lost.score,
                    votes=dict(lost.votes),
                    note=lost.note,
                    discuss=lost.discuss,
                    updated=lost.updated,
                )
            )
    merged.actions = _merge_actions(b.actions, ours.actions, theirs.actions)
    merged.conflicts = _merge_conflicts(b.conflicts, ours.conflicts, theirs.conflicts)
    merged.conflicts += [c for c in new_conflicts if c not in merged.conflicts]
    merged.participants = _participants(b, ours, theirs, merged)
    return merged


def _header(a: Assessment) -> tuple[Any, ...]:
    return tuple(repr(getattr(a, name)) for name in HEADER_FIELDS)


def _participants(base: Assessment, ours: Assessment, theirs: Assessment, merged: Assessment) -> list[str]:
    """Everyone on either side, ours' order first; a name removed on one side (and unchanged on
    the other) goes, unless a kept vote still needs it."""
    voting = {n for a in merged.answers.values() for n in a.votes} | {n for c in merged.conflicts for n in c.votes}
    out: list[str] = []
    for name in ours.participants + [n for n in theirs.participants if n not in ours.participants]:
        removed = name in base.participants and (name not in ours.participants or name not in theirs.participants)
        if (not removed or name in voting) and name not in out:
            out.append(name)
    return out
