"""Assessment files: parsing and validating them, upgrading old schemas, and writing them.

The written form is stable (fixed key order, answers sorted as in the questionnaire, one table
per answer) so that a diff of two saves shows only what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from selfcheck.core.checker import Checker, parse_bytes, parse_file
from selfcheck.core.content import Library
from selfcheck.core.model import (
    ACTION_STATUSES,
    CONFLICT_SIDES,
    NA,
    SCHEMA,
    UNKNOWN,
    VOTING_MODES,
    Action,
    Answer,
    Assessment,
    Conflict,
    Questionnaire,
    Value,
)
from selfcheck.core.tomlio import dumps
from selfcheck.i18n import t

MAX_TEXT = 100_000
"""The longest note or name accepted, in characters (a 10 kB note is fine, a 10 MB one is not)."""

# Upgrades from schema N to N+1, applied in order to a parsed document before validation.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older document up to the current schema (a no-op while there is only 1)."""
    version = data.get("schema")
    while isinstance(version, int) and version < SCHEMA and version in UPGRADES:
        data = UPGRADES[version](data)
        version = data["schema"] = version + 1
    return data


def _value(c: Checker, value: Any, keypath: tuple[Any, ...]) -> Value | None:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        c.typed(value, "score", keypath)
        return None
    if isinstance(value, str) and value not in (NA, UNKNOWN):
        c.error(keypath, t("v.score_range", value=repr(value), allowed=f'…, "{NA}", "{UNKNOWN}"'))
        return None
    return value


def _long(c: Checker, value: str, keypath: tuple[Any, ...]) -> str:
    """A user text: refused when absurdly long; control characters replaced (`Checker.clean`,
    which content text goes through too)."""
    if len(value) > MAX_TEXT:
        c.error(keypath, t("v.too_long", key=keypath[-1], size=len(value), limit=MAX_TEXT))
    return c.clean(value, keypath)


def assessment_from(c: Checker, data: dict[str, Any], library: Library | None) -> Assessment | None:
    """Build an assessment from a parsed document; problems go into the checker.

    With a library, answers are checked against the questionnaire: unknown items, scores off
    the scale, and a changed questionnaire version (a warning; the answers are kept).
    """
    schema = data.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        c.error(("schema",), t("v.schema_bad"))
        return None
    if schema > SCHEMA:
        c.error(("schema",), t("v.schema_future", got=schema, known=SCHEMA))
        return None
    data = upgrade(dict(data))
    top = c.table(
        data,
        (),
        {"schema": "int", "questionnaire": "str", "questionnaire_version": "str", "organisation": "str"},
        {
            "team": "str",
            "date": "date",
            "voting": "str",
            "participants": "list",
            "created": "datetime",
            "updated": "datetime",
            "previous": "str",
            "framework": "str",
            "targets": "table",
            "answers": "table",
            "section_notes": "table",
            "actions": "list",
            "conflicts": "list",
        },
    )
    for key in ("organisation", "team", "previous"):
        if key in top:
            top[key] = _long(c, top[key], (key,))
    voting = top.get("voting", "team")
    if voting not in VOTING_MODES:
        c.error(("voting",), t("v.voting", got=voting))
    participants: list[str] = []
    known: set[str] = set()  # a set: 300,000 names are checked in linear time, not quadratic
    for i, name in enumerate(top.get("participants", [])):
        if c.typed(name, "str", ("participants", i)):
            if name in known:
                c.error(("participants",), t("v.participants_dup", name=name))
            cleaned = _long(c, name, ("participants", i))
            known.add(name)
            known.add(cleaned)
            participants.append(cleaned)
    q: Questionnaire | None = None
    if library is not None and "questionnaire" in top:
        q = library.questionnaires.get(top["questionnaire"])
        if q is None:
            c.error(("questionnaire",), t("v.unknown_questionnaire", id=top["questionnaire"]))
    targets: dict[str, float] = {}
    for pid, value in top.get("targets", {}).items():
        if c.typed(value, "number", ("targets", pid)):
            if not 0 <= value <= 100:
                c.error(("targets", pid), t("v.target_range", value=value))
            targets[pid] = float(value)
    # Answered against another version of the questionnaire: an item that is gone is reported
    # (a warning) and its answer kept, so a content update never makes old rounds unreadable.
    changed = q is not None and "questionnaire_version" in top and top["questionnaire_version"] != q.version
    gone = c.warn if changed else c.error
    answers: dict[str, Answer] = {}
    for item_id, adata in top.get("answers", {}).items():
        kp = ("answers", item_id)
        a = c.table(
            adata,
            kp,
            {},
            {
                "score": "score",
                "votes": "table",
                "note": "str",
                "discuss": "bool",
                "updated": "datetime",
                "revealed": "bool",
            },
        )
        item = q.item(item_id) if q else None
        if q is not None and item is None:
            gone(kp, t("v.unknown_item", id=item_id))
        answer = Answer(
            note=_long(c, a.get("note", ""), kp + ("note",)),
            discuss=a.get("discuss", False),
            updated=a.get("updated"),
            revealed=a.get("revealed", False),
        )
        if "score" in a:
            answer.score = _value(c, a["score"], kp + ("score",))
            if item and answer.score is not None and not item.scale.allows(answer.score):
                c.error(kp + ("score",), t("v.score_range", value=answer.score, allowed=_allowed(item.scale)))
        for name, vote in a.get("votes", {}).items():
            vkp = kp + ("votes", name)
            name = _long(c, name, vkp)
            v = _value(c, vote, vkp)
            if v is None:
                continue
            if item and not item.scale.allows(v):
                c.error(vkp, t("v.score_range", value=v, allowed=_allowed(item.scale)))
            if participants and name not in known:
                c.error(vkp, t("v.vote_unknown_participant", name=name))
            answer.votes[name] = v
        answers[item_id] = answer
    section_notes: dict[str, str] = {}
    for sid, note in top.get("section_notes", {}).items():
        if c.typed(note, "str", ("section_notes", sid)):
            if q is not None and q.section(sid) is None:
                c.error(("section_notes", sid), t("v.unknown_section", id=sid))
            section_notes[sid] = _long(c, note, ("section_notes", sid))
    actions: list[Action] = []
    action_ids: list[tuple[str, tuple[Any, ...]]] = []
    for kp, a in c.tables(
        top.get("actions", []),
        ("actions",),
        {"id": "str", "what": "str"},
        {
            "who": "str",
            "due": "date",
            "status": "str",
            "principles": "list",
            "items": "list",
            "sections": "list",
            "from_round": "str",
            "reviewed": "bool",
            "created": "datetime",
            "updated": "datetime",
        },
    ):
        if "id" in a:
            action_ids.append((a["id"], kp + ("id",)))
        status = a.get("status", "open")
        if status not in ACTION_STATUSES:
            c.error(kp + ("status",), t("v.action_status", got=status))
        for ref in a.get("items", []):
            if q is not None and q.item(str(ref)) is None:
                gone(kp + ("items",), t("v.unknown_item_ref", id=ref))
        for ref in a.get("sections", []):
            if q is not None and q.section(str(ref)) is None:
                c.error(kp + ("sections",), t("v.unknown_section", id=ref))
        actions.append(
            Action(
                id=a.get("id", ""),
                what=_long(c, a.get("what", ""), kp + ("what",)),
                who=_long(c, a.get("who", ""), kp + ("who",)),
                due=a.get("due"),
                status=status,
                principles=[str(p) for p in a.get("principles", [])],
                items=[str(x) for x in a.get("items", [])],
                sections=[str(x) for x in a.get("sections", [])],
                from_round=a.get("from_round", ""),
                reviewed=a.get("reviewed", False),
                created=a.get("created"),
                updated=a.get("updated"),
            )
        )
    c.unique(action_ids)
    conflicts = _conflicts(c, top.get("conflicts", []), q)
    if changed:
        assert q is not None
        c.warn(
            ("questionnaire_version",),
            t(
                "v.version_changed",
                old=top["questionnaire_version"],
                id=q.id,
                new=q.version,
                changes=_changes(q, answers),
            ),
        )
    if c.failed:
        return None
    return Assessment(
        questionnaire=top["questionnaire"],
        questionnaire_version=top["questionnaire_version"],
        organisation=top["organisation"],
        team=top.get("team", ""),
        date=top.get("date"),
        voting=voting,
        participants=participants,
        created=top.get("created"),
        updated=top.get("updated"),
        previous=top.get("previous", ""),
        framework=top.get("framework", ""),
        targets=targets,
        answers=answers,
        section_notes=section_notes,
        actions=actions,
        conflicts=conflicts,
        schema=SCHEMA,
        path=c.path,
    )


def _conflicts(c: Checker, entries: list[Any], q: Questionnaire | None) -> list[Conflict]:
    """`[[conflicts]]`: answers (or section notes) changed on both sides of a git merge; the
    version not kept. An item or section that is gone is a warning: the record is only for review."""
    out: list[Conflict] = []
    for i, entry in enumerate(entries):
        kp = ("conflicts", i)
        x = c.table(
            entry,
            kp,
            {"side": "str"},
            {
                "item": "str",
                "section": "str",
                "who": "str",
                "recorded": "datetime",
                "score": "score",
                "votes": "table",
                "note": "str",
                "discuss": "bool",
                "updated": "datetime",
            },
        )
        if isinstance(entry, dict) and ("item" in x) == ("section" in x):
            c.error(kp, t("v.conflict_target"))
        side = x.get("side", "theirs")
        if side not in CONFLICT_SIDES:
            c.error(kp + ("side",), t("v.conflict_side", got=side))
        if q is not None and "item" in x and q.item(x["item"]) is None:
            c.warn(kp + ("item",), t("v.unknown_item", id=x["item"]))
        if q is not None and "section" in x and q.section(x["section"]) is None:
            c.warn(kp + ("section",), t("v.unknown_section", id=x["section"]))
        conflict = Conflict(
            item=x.get("item", ""),
            section=x.get("section", ""),
            side=side,
            who=_long(c, x.get("who", ""), kp + ("who",)),
            recorded=x.get("recorded"),
            note=_long(c, x.get("note", ""), kp + ("note",)),
            discuss=x.get("discuss", False),
            updated=x.get("updated"),
        )
        if "score" in x:
            conflict.score = _value(c, x["score"], kp + ("score",))
        for name, vote in x.get("votes", {}).items():
            v = _value(c, vote, kp + ("votes", name))
            if v is not None:
                conflict.votes[name] = v
        out.append(conflict)
    return out


def _allowed(scale: Any) -> str:
    parts = [str(v) for v in scale.values]
    if scale.na:
        parts.append(f'"{NA}"')
    if scale.unknown:
        parts.append(f'"{UNKNOWN}"')
    return ", ".join(parts)


def _changes(q: Questionnaire, answers: dict[str, Answer]) -> str:
    removed = sorted(i for i in answers if q.item(i) is None)
    added = [i.id for i in q.items if i.id not in answers]
    parts = []
    if removed:
        parts.append(t("v.changes_removed", n=len(removed), ids=", ".join(removed[:5])))
    if added and answers:
        parts.append(t("v.changes_added", n=len(added)))
    return "; ".join(parts) or t("v.changes_none")


def load_assessment(
    path: Path, library: Library | None, *, raw: bytes | None = None, locate: bool = True
) -> tuple[Assessment | None, Checker]:
    """Parse and validate one assessment file. Returns (None, checker) when it has errors.

    `locate=False` skips finding the line of each problem (for bulk loading, where problems
    of healthy files are not shown)."""
    if raw is None:
        c, data = parse_file(path)
    else:
        c, data = parse_bytes(path, raw, Checker(path, "", locate=locate))
    if data is None:
        return None, c
    return assessment_from(c, data, library), c


def to_document(a: Assessment, q: Questionnaire | None = None) -> dict[str, Any]:
    """The assessment as a TOML-ready dict, keys in a fixed order; empty values left out."""
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "questionnaire": a.questionnaire,
        "questionnaire_version": a.questionnaire_version,
        "organisation": a.organisation,
    }
    if a.team:
        doc["team"] = a.team
    if a.date:
        doc["date"] = a.date
    doc["voting"] = a.voting
    doc["participants"] = list(a.participants)
    for key in ("created", "updated"):
        value = getattr(a, key)
        if value:
            doc[key] = value
    if a.previous:
        doc["previous"] = a.previous
    if a.framework:
        doc["framework"] = a.framework
    if a.targets:
        doc["targets"] = {k: _num(v) for k, v in a.targets.items()}
    order = {item.id: n for n, item in enumerate(q.items)} if q else {}
    answers: dict[str, Any] = {}
    for item_id in sorted(a.answers, key=lambda i: (order.get(i, len(order)), i)):
        ans = a.answers[item_id]
        if ans.is_empty():
            continue
        entry: dict[str, Any] = {}
        if ans.score is not None:
            entry["score"] = ans.score
        if ans.votes:
            names = {n: i for i, n in enumerate(a.participants)}
            entry["votes"] = {k: ans.votes[k] for k in sorted(ans.votes, key=lambda n: (names.get(n, len(names)), n))}
        if ans.note:
            entry["note"] = ans.note
        if ans.discuss:
            entry["discuss"] = True
        if ans.revealed and ans.votes:
            entry["revealed"] = True
        if ans.updated:
            entry["updated"] = ans.updated
        answers[item_id] = entry
    if answers:
        doc["answers"] = answers
    notes = {k: v for k, v in a.section_notes.items() if v}
    if notes:
        doc["section_notes"] = notes
    if a.actions:
        doc["actions"] = [_action_doc(x) for x in a.actions]
    if a.conflicts:
        doc["conflicts"] = [_conflict_doc(x, a.participants) for x in a.conflicts]
    return doc


def _num(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def _action_doc(x: Action) -> dict[str, Any]:
    out: dict[str, Any] = {"id": x.id, "what": x.what}
    if x.who:
        out["who"] = x.who
    if x.due:
        out["due"] = x.due
    out["status"] = x.status
    if x.principles:
        out["principles"] = list(x.principles)
    if x.items:
        out["items"] = list(x.items)
    if x.sections:
        out["sections"] = list(x.sections)
    if x.from_round:
        out["from_round"] = x.from_round
        out["reviewed"] = x.reviewed
    for key in ("created", "updated"):
        value = getattr(x, key)
        if value:
            out[key] = value
    return out


def _conflict_doc(x: Conflict, participants: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"item": x.item} if x.item else {"section": x.section}
    out["side"] = x.side
    if x.who:
        out["who"] = x.who
    if x.recorded:
        out["recorded"] = x.recorded
    if x.score is not None:
        out["score"] = x.score
    if x.votes:
        names = {n: i for i, n in enumerate(participants)}
        out["votes"] = {k: x.votes[k] for k in sorted(x.votes, key=lambda n: (names.get(n, len(names)), n))}
    if x.note:
        out["note"] = x.note
    if x.discuss:
        out["discuss"] = True
    if x.updated:
        out["updated"] = x.updated
    return out


def serialise(a: Assessment, q: Questionnaire | None = None) -> str:
    return dumps(to_document(a, q))


def parse_date(text: str) -> date:
    """A date typed by a person: 2026-11-22 or 22-11-2026; raises ValueError otherwise."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
