"""Texts every renderer shows the same way (labels, numbers, header lines), so the formats agree.

All return *unescaped* text: user text inside must still be escaped by the renderer.
"""

from __future__ import annotations

from selfcheck.core import fmt
from selfcheck.core.export.model import ItemRow, PrincipleRow, Report, StepBlock, ThemeRow, long_date
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
    """Named: 'Anouk: 2, Bas: 3'; anonymous: '2× 0, 1× 1, 2× 3'; '' when votes are left out."""
    if i.votes:
        return ", ".join(f"{v.name}: {v.text}" for v in i.votes)
    return distribution_text(i)


def distribution_text(i: ItemRow) -> str:
    """'2× 0, 1× 1, 2× 3': how many people gave each answer, without names."""
    return ", ".join(f"{n}× {text}" for _v, text, n in i.distribution)


def votes_mode_text(r: Report) -> str:
    return t("x.votes_mode." + r.header.votes)


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
    out.append((t("x.votes_in_report"), votes_mode_text(r)))
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


# --- steps


def step_ref(r: Report, step_id: str) -> str:
    """'stap 1' for a step id of the report's questionnaire ('' when unknown)."""
    st = next((s for s in r.steps if s.id == step_id), None)
    return t("steps.step_ref", n=st.number) if st is not None else ""


def discussion_intro(r: Report, step: StepBlock) -> str:
    source = next((th.step for th in step.themes if th.step), "")
    return t("steps.discussion_intro", step=step_ref(r, source) or t("steps.step_ref_any"))


def theme_score_text(r: Report, th: ThemeRow) -> str:
    """'Score uit stap 1: 56% (6 van 9 stellingen met een score)'; 'te weinig antwoorden' under
    50 % coverage; a plain line for a theme without statements."""
    if not th.total:
        return t("steps.no_statements")
    if th.score is not None:
        score = fmt.pct(th.score)
    else:
        score = t("val.na") if th.applicable == 0 else t("val.too_few")
    return t("steps.score_line", step=step_ref(r, th.step) or t("steps.step_ref_any"), score=score, scored=th.scored,
             total=th.total)


def more_in_items(r: Report, n: int) -> str:
    """'En nog 3 item(s): zie de items per sectie.' — in a report with steps: 'zie de stellingen bij stap 1'."""
    holding = [st for st in r.steps if st.sections]
    if holding:
        return t("steps.more_in_steps", n=n, step=", ".join(t("steps.step_ref", n=st.number) for st in holding))
    return t("x.more_in_items", n=n)


def theme_cells(r: Report, th: ThemeRow) -> tuple[str, str, str, str, str]:
    """(score, scored, disagreements, note, actions) of a theme for the overview table."""
    if not th.total:
        score = "–"
    elif th.score is not None:
        score = fmt.pct(th.score)
    else:
        score = t("val.na") if th.applicable == 0 else t("val.too_few")
    return (score, f"{th.scored}/{th.total}" if th.total else "–", str(th.disagreements) if th.total else "–",
            t("val.yes") if th.note else "–", str(len(th.actions)) if th.actions else "–")
