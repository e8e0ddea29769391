"""Texts every renderer shows the same way (labels, numbers, header lines), so the formats agree.

All return *unescaped* text: user text inside must still be escaped by the renderer.
"""

from __future__ import annotations

from selfcheck.core import fmt
from selfcheck.core.export.model import ItemRow, PrincipleRow, Report, long_date
from selfcheck.i18n import t


def principle_label(p: PrincipleRow, *, short: bool = False) -> str:
    """'P5 Meer inzet … (werktitel)': a working title is marked wherever a principle is named."""
    label = f"{p.id} {p.short if short else p.name}"
    return f"{label} ({t('val.working_title')})" if p.working_title else label


def chart_label(p: PrincipleRow) -> str:
    """A short label for charts: 'P5 Naar behoefte*' (the * is explained under the chart)."""
    return f"{p.id} {p.short}" + ("*" if p.working_title else "")


def score_text(p: PrincipleRow) -> str:
    """'54%'; 'te weinig antwoorden' under 50 % coverage; 'n.v.t.' when no item applies."""
    if p.score is not None:
        return fmt.pct(p.score)
    return t("val.na") if p.applicable == 0 else t("val.too_few")


def gap_text(p: PrincipleRow) -> str:
    return fmt.pct(p.gap) if p.gap is not None else "–"


def coverage_text(p: PrincipleRow) -> str:
    return fmt.pct(p.coverage * 100) if p.coverage is not None else "–"


def trend_text(p: PrincipleRow) -> str:
    return fmt.trend_arrow(p.trend)


def value_text(i: ItemRow) -> str:
    """'2 Grotendeels', '1,5 (mediaan)', 'n.v.t.', '–'."""
    text = i.value_text
    if i.value_label:
        text = f"{text} {i.value_label}"
    if i.source == "median" and i.status == "scored":
        text += f" ({t('val.median')})"
    return text


def votes_text(i: ItemRow) -> str:
    return ", ".join(f"{v.name}: {v.text}" for v in i.votes)


def spread_text(i: ItemRow) -> str:
    if i.spread is None:
        return "–"
    text = fmt.value(i.spread)
    return f"{text} ({t('x.disagreement_mark')})" if i.disagreement else text


def principles_text(i: ItemRow) -> str:
    return ", ".join(pid for pid, _w in i.principles)


def header_lines(r: Report) -> list[tuple[str, str]]:
    """(label, value) pairs for the report's header block."""
    h = r.header
    out: list[tuple[str, str]] = [(t("r.organisation"), h.organisation)]
    if h.teams:
        out.append((t("r.team"), ", ".join(h.teams)))
    for rd in h.rounds:
        label = t("r.questionnaire")
        value = t("x.questionnaire_value", title=rd.title, id=rd.questionnaire, version=rd.version)
        if h.kind == "combined":
            value += f" — {long_date(rd.date)}"
        out.append((label, value))
    out.append((t("r.date"), long_date(h.date)))
    if h.participants:
        out.append((t("r.participants"), ", ".join(h.participants)))
    if h.kind == "assessment":
        out.append((t("r.voting"), t("voting." + h.rounds[0].voting)))
    out.append((t("r.progress"), t("r.progress_value", answered=h.answered, total=h.total)))
    out.append((t("r.framework"), f"{h.framework_name} ({h.framework_version})"))
    return out


def trend_title(r: Report) -> str:
    assert r.trend is not None
    return t("r.trend_title", date=long_date(r.trend.previous_date))


def generated_text(r: Report) -> str:
    g = r.header.generated
    return t("x.generated", date=long_date(g.date()), time=g.strftime("%H:%M"))


def action_due(d: object) -> str:
    return long_date(d) if d is not None else "–"  # type: ignore[arg-type]


def trend_summary(r: Report) -> str:
    """One sentence for management: how many principles rose, fell or stayed, and the extremes."""
    assert r.trend is not None
    changes = r.trend.changes
    up = [p for p in changes if round(p.trend or 0) > 0]
    down = [p for p in changes if round(p.trend or 0) < 0]
    same = len(changes) - len(up) - len(down)
    text = t("x.trend_counts", up=len(up), down=len(down), same=same)
    if up:
        best = max(up, key=lambda p: p.trend or 0)
        text += " " + t("x.trend_best", principle=chart_label(best), delta=fmt.signed(best.trend))
    if down:
        worst = min(down, key=lambda p: p.trend or 0)
        text += " " + t("x.trend_worst", principle=chart_label(worst), delta=fmt.signed(worst.trend))
    return text
