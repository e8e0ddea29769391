"""The complete result as JSON, with a "format_version"; docs/exports.md lists every field.

Numbers are plain JSON numbers (percentages 0–100 rounded to 2 decimals, coverage 0–1; gaps
and trends in whole percentage points), absent values are null, dates are ISO 8601, texts
are in the report's language. The document states its units and the rules it applied
("units", "rules"), and applies the same thresholds as every other format: a gap is the
shown target minus the shown score, so counting principles with "gap" > 0 gives the number
the report prints.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from selfcheck.core.export.model import ItemRow, PrincipleRow, Report, StepBlock
from selfcheck.core.scoring import MIN_COVERAGE


def _num(x: float | int | None) -> float | int | None:
    if x is None:
        return None
    if isinstance(x, int) and not isinstance(x, bool):
        return x
    value = round(float(x), 2)
    return int(value) if value.is_integer() else value


def _value(v: object) -> Any:
    """A team value or vote: a number, "nvt", "weet-niet" or null."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return _num(v)
    return v


def _date(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _principle(p: PrincipleRow) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "short": p.short,
        "status": "working-title" if p.working_title else "confirmed",
        "target": _num(p.target),
        "score": _num(p.score),
        "raw_score": _num(p.raw_score),
        "gap": p.gap_points,
        "below_target": bool(p.gap_points),
        "narrow_basis": p.narrow,
        "coverage": _num(p.coverage),
        "enough_answers": p.enough,
        "scored": p.scored,
        "applicable": p.applicable,
        "unknown": p.unknown,
        "disagreements": p.disagreements,
        "trend": _num(p.trend),
        "trend_compared": p.trend_compared,
        "trend_of": p.trend_of,
        "previous_score": _num(p.previous_score),
        "trend_from": p.trend_from,
        "trend_to": p.trend_to,
        "open_actions": p.open_actions,
        "actions": p.actions,
    }


def _votes(i: ItemRow, mode: str) -> Any:
    """Named: {name: vote}; anonymous: [{"value": v, "count": n}]; none: null."""
    if mode == "named":
        return {v.name: _value(v.value) for v in i.votes}
    if mode == "anonymous":
        return [{"value": _value(v), "count": n} for v, _text, n in i.distribution]
    return None


def _item(i: ItemRow, mode: str = "anonymous") -> dict[str, Any]:
    return {
        "id": i.id,
        "questionnaire": i.questionnaire,
        "section": i.section,
        "text": i.text,
        "principles": {pid: _num(w) for pid, w in i.principles},
        "value": _value(i.value),
        "value_text": i.value_text,
        "value_label": i.value_label,
        "source": i.source,
        "status": i.status,
        "votes": _votes(i, mode),
        "spread": _num(i.spread),
        "disagreement": i.disagreement,
        "note": i.note,
        "discuss": i.discuss,
        "previous": _value(i.previous),
        "scale_max": i.scale_max,
    }


def _step(st: StepBlock) -> dict[str, Any]:
    return {
        "id": st.id,
        "number": st.number,
        "title": st.title,
        "description": st.description,
        "scored": st.scored,
        "shows": st.shows,
        "sections": [s.id for s in st.sections],
        "themes": [
            {
                "id": th.id,
                "title": th.title,
                "step": th.step or None,
                "score": _num(th.score),
                "scored": th.scored,
                "applicable": th.applicable,
                "items": th.total,
                "disagreements": th.disagreements,
                "questions": th.questions,
                "note": th.note,
                "actions": th.actions,
            }
            for th in st.themes
        ],
        "actions": None
        if st.actions is None
        else [
            {"section": g.section or None, "title": g.title, "actions": [x.id for x in g.actions]} for g in st.actions
        ],
    }


def to_dict(r: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data (the structure docs/exports.md describes)."""
    h = r.header
    return {
        "format_version": r.format_version,
        "kind": h.kind,
        "language": r.language,
        "generated": h.generated.isoformat(),
        "title": h.title,
        "organisation": h.organisation,
        "teams": h.teams,
        "date": _date(h.date),
        "participants": h.participants,
        "votes": h.votes,
        "rounds": [
            {
                "questionnaire": x.questionnaire,
                "title": x.title,
                "version": x.version,
                "date": _date(x.date),
                "team": x.team,
                "voting": x.voting,
                "participants": x.participants,
                "file": x.file,
            }
            for x in h.rounds
        ],
        "framework": {"id": h.framework_id, "name": h.framework_name, "version": h.framework_version},
        "units": {
            "score": "percent (0-100)",
            "target": "percent (0-100)",
            "gap": "percentage points",
            "trend": "percentage points",
            "trend_from": "percent (0-100), whole",
            "trend_to": "percent (0-100), whole",
            "coverage": "fraction (0-1)",
        },
        "rules": {
            "min_coverage": MIN_COVERAGE,
            "narrow_basis": r.narrow_basis,
            "trend": "only statements with a score in both rounds",
            "trend_from": "the previous round's score on those same statements (trend = trend_to - trend_from);"
            " previous_score is that round's own score over all its statements",
            "gap": "shown target minus shown score, both rounded to whole percent",
        },
        "progress": {
            "answered": h.answered,
            "total": h.total,
            "scored": h.scored,
            "applicable": h.applicable,
            "unknown": h.unknown,
        },
        "overall": _num(h.overall),
        "scale": {
            "min": r.scale.min,
            "max": r.scale.max,
            "disagreement": r.scale.disagreement,
            "levels": [{"value": v, "label": label} for v, label in r.scale.levels],
        },
        "principles": [_principle(p) for p in r.principles],
        "summary": {
            "complete": r.complete,
            "unmeasured": [p.id for p in r.unmeasured],
            "below_target": [p.id for p in r.below_target],
            "gaps": [p.id for p in r.gaps],
            "strengths": [p.id for p in r.strengths],
            "disagreements": [i.id for i in r.disagreements],
            "coverage_warnings": [p.id for p in r.coverage_warnings],
            "knowledge_gaps": [i.id for i in r.knowledge_gaps],
            "working_titles": r.working_titles,
        },
        "trend": None
        if r.trend is None
        else {
            "previous_date": _date(r.trend.previous_date),
            "previous_file": r.trend.previous_file,
            "principles": {p.id: _num(p.trend) for p in r.trend.changes},
            "compared": {p.id: {"statements": p.trend_compared, "of": p.trend_of} for p in r.trend.changes},
            "from": {p.id: {"previous": p.trend_from, "now": p.trend_to} for p in r.trend.changes},
        },
        "actions": [
            {
                "id": x.id,
                "what": x.what,
                "who": x.who,
                "due": _date(x.due),
                "status": x.status,
                "overdue": x.overdue,
                "principles": x.principles,
                "items": x.items,
                "sections": x.sections,
                "questionnaire": x.questionnaire,
            }
            for x in r.actions
        ],
        "agenda": [
            {"item": e.item, "reasons": e.reasons, "reason_text": e.reason_text, "principles": e.principles}
            for e in r.agenda
        ],
        "sections": [
            {
                "questionnaire": s.questionnaire,
                "id": s.id,
                "title": s.title,
                "step": s.step or None,
                "items": [_item(i, h.votes) for i in s.items],
            }
            for s in r.sections
        ],
        "steps": [_step(st) for st in r.steps],
        "method": r.method,
        # issue 15: only when there is something to say, so reports of other content keep their shape
        **(
            {
                "reconstructed": [
                    {"questionnaire": rc.questionnaire, "items": rc.items, "text": rc.text} for rc in r.reconstructed
                ]
            }
            if r.reconstructed
            else {}
        ),
        "sources": [
            {"questionnaire": s.questionnaire, "title": s.title, "publisher": s.publisher, "year": s.year, "url": s.url}
            for s in r.sources
        ],
    }


def render_json(r: Report) -> str:
    return json.dumps(to_dict(r), ensure_ascii=False, indent=2, default=_default) + "\n"


def _default(o: object) -> Any:  # pragma: no cover - every value above is JSON already
    if isinstance(o, (date, datetime)):
        return o.isoformat()
    raise TypeError(type(o).__name__)
