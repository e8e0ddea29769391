"""Texts every renderer shows the same way (labels, numbers, header lines), so the formats agree.

All return *unescaped* text: user text inside must still be escaped by the renderer.
"""

from __future__ import annotations

from selfcheck.core import fmt
from selfcheck.core.export.model import ActionRow, ItemRow, PrincipleRow, Report, StepBlock, ThemeRow
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
    """The gap in whole percentage points of the shown values ('34 procentpunten'); '–' without a score."""
    return fmt.points(p.gap_points) if p.gap_points is not None else "–"


def gap_cell(p: PrincipleRow) -> str:
    """The gap for a table whose header says the unit: '34'; '–' without a score."""
    return str(p.gap_points) if p.gap_points is not None else "–"


def basis_text(p: PrincipleRow) -> str:
    """'op basis van 1 stelling (smalle basis)', 'op basis van 4 stellingen'; '' without a score."""
    if p.score is None:
        return ""
    text = t("x.basis_one") if p.scored == 1 else t("x.basis", n=p.scored)
    return f"{text}, {t('x.narrow')}" if p.narrow else text


def score_with_basis(p: PrincipleRow) -> str:
    """'56% (op basis van 3 stellingen)'; 'te weinig antwoorden' / 'n.v.t.' without a score."""
    basis = basis_text(p)
    return f"{score_text(p)} ({basis})" if basis else score_text(p)


PRINCIPLE_COLUMNS = [
    ("r.col_principle", ""),
    ("r.col_score", "num"),
    ("x.col_basis_n", "num"),
    ("r.col_target", "num"),
    ("x.col_short_pp", "num"),
    ("x.col_answered", "num"),
    ("r.col_disagree", "num"),
]
"""The principles table's columns (label key, css class) in every format; trend is added when known."""


def principle_cells(p: PrincipleRow, voted: bool = True) -> list[str]:
    """The cells after the principle's name, as PRINCIPLE_COLUMNS: score, basis, target, short
    (points), with a score (x of y), disagreements."""
    basis = "–"
    if p.score is not None:
        basis = t("x.n_statements_one") if p.scored == 1 else t("x.n_statements", n=p.scored)
        if p.narrow:
            basis += f" ({t('x.narrow_short')})"
    answered = f"{p.scored}/{p.applicable}" if p.applicable else "–"
    disagree = str(p.disagreements) if voted else "–"
    return [score_text(p), basis, fmt.pct(p.target), gap_cell(p), answered, disagree]


def bar_text(p: PrincipleRow) -> str:
    """Beside a bar: '56% · 11 onder doel · ▲ +11'; a narrow basis is marked."""
    text = fmt.pct(p.score)
    if p.narrow:
        text += f" ({t('x.narrow_short')})"
    if p.gap_points:
        text += " · " + t("x.bar_short", n=p.gap_points)
    if p.trend is not None:
        text += f" · {fmt.trend_arrow(p.trend)}"
    return text


def coverage_line(r: Report) -> str:
    """Page 1's first line: how many principles have enough answers ("6 van 9 principes: te
    weinig antwoorden ...")."""
    total = len(r.applying)
    if not total:
        return t("x.coverage_none")
    if r.unmeasured:
        return t("x.coverage_some", n=len(r.unmeasured), total=total, measured=total - len(r.unmeasured))
    return t("x.coverage_all", total=total)


def self_assessment_line(r: Report) -> str:
    return t("x.self_assessment")


def key_figures(r: Report) -> list[tuple[str, str]]:
    """(value, label) of the summary's key figures, under the honesty rules: the overall score is
    withheld under the principle rule and qualified while principles lack answers; the count of
    principles under target only when every principle has a score."""
    h = r.header
    if h.overall is None:
        overall = ("–", t("x.overall_withheld"))
    elif r.complete:
        overall = (fmt.pct(h.overall), t("x.overall_label_n", n=h.scored))
    else:
        overall = (fmt.pct(h.overall), t("x.overall_partial", n=h.scored, total=h.applicable))
    scored = (f"{h.scored}/{h.total}", t("x.scored_label"))
    if r.complete:
        third = (str(len(r.below_target)), t("x.below_target_label"))
    else:
        third = (f"{len(r.applying) - len(r.unmeasured)}/{len(r.applying)}", t("x.measured_label"))
    disagree = (str(len(r.disagreements)), t("x.disagree_label")) if r.header.voted else ("–", t("x.disagree_unseen"))
    return [overall, scored, third, disagree]


def no_disagreements_text(r: Report) -> str:
    """No statement with votes far apart; or, without two votes on any statement, that no votes
    per person were recorded, so disagreement cannot be seen (never "0")."""
    if not r.header.voted:
        return t("x.no_votes_recorded")
    return t("r.no_disagreements", n=r.scale.disagreement)


def disagreements_cell(r: Report, n: int) -> str:
    """A count of disagreements for a table: '–' when no votes per person were recorded."""
    return str(n) if r.header.voted else "–"


def gaps_title(r: Report) -> str:
    return t("r.gaps") if r.complete else t("x.gaps_partial")


def gap_line(p: PrincipleRow) -> str:
    """'score 33%, doel 67%: 34 procentpunten te kort (op basis van 3 stellingen)'."""
    return t("x.gap_line", score=score_text(p), target=fmt.pct(p.target), gap=gap_text(p)) + f" ({basis_text(p)})"


def strength_line(p: PrincipleRow) -> str:
    return t("x.strength_line", score=score_text(p), target=fmt.pct(p.target)) + f" ({basis_text(p)})"


def no_gaps_text(r: Report) -> str:
    """Only when every principle has a score may a report say none is under its target."""
    if r.complete:
        return t("r.no_gaps")
    return t("x.no_gaps_unknown", n=len(r.unmeasured))


def no_strengths_text(r: Report) -> str:
    if r.complete:
        return t("x.no_strengths")
    return t("x.no_strengths_unknown", n=len(r.unmeasured))


def action_line(x: ActionRow) -> str:
    """'Sleutelpersonen uitnodigen — Anouk, uiterlijk 15 januari 2027 (te laat)'."""
    parts = [x.who or t("x.no_owner")]
    if x.due is not None:
        parts.append(t("x.due_by", date=fmt.long_date(x.due)))
    text = f"{x.what} — {', '.join(parts)}"
    return f"{text} ({t('x.overdue')})" if x.overdue else text


def gap_actions(r: Report, p: PrincipleRow) -> list[str]:
    """What the team will do about this gap: its open actions, or plainly 'nog geen actie'."""
    lines = [action_line(x) for x in (r.action(a) for a in p.actions) if x is not None]
    return lines or [t("x.no_action_yet")]


def status_text(x: ActionRow) -> str:
    return f"{x.status_text} ({t('x.overdue')})" if x.overdue else x.status_text


def attention_title(r: Report) -> str:
    return t("r.coverage_warnings") if r.coverage_warnings else t("x.attention")


def attention_lines(r: Report) -> list[str]:
    """What the summary asks attention for: each principle answered too little to score, then
    the statements nobody could answer ([] when there is nothing)."""
    lines = [
        t(
            "r.coverage_warning",
            principle=principle_label(p, short=True),
            scored=p.scored,
            applicable=p.applicable,
            pct=coverage_text(p),
        )
        for p in r.coverage_warnings
    ]
    if r.knowledge_gaps:
        lines.append(t("x.knowledge_gaps_line", n=len(r.knowledge_gaps)))
    return lines


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
            value += f" — {fmt.long_date(rd.date)}"
        out.append((label, value))
    out.append((t("r.date"), fmt.long_date(h.date)))
    out.append((t("x.what_this_is"), t("x.self_assessment_short")))
    if h.participants:
        out.append((t("r.participants"), ", ".join(h.participants)))
    if h.kind == "assessment":
        out.append((t("x.how_voted"), t("voting." + h.rounds[0].voting)))
    out.append((t("x.votes_in_report"), votes_mode_text(r)))
    out.append(
        (t("r.progress"), t("x.progress_value", answered=h.answered, total=h.total, scored=h.scored, unknown=h.unknown))
    )
    out.append((t("x.measured_against"), f"{h.framework_name} ({h.framework_version})"))
    return out


def trend_title(r: Report) -> str:
    assert r.trend is not None
    return t("r.trend_title", date=fmt.long_date(r.trend.previous_date))


def generated_text(r: Report) -> str:
    g = r.header.generated
    return t("x.generated", date=fmt.long_date(g.date()), time=g.strftime("%H:%M"))


def action_due(d: object) -> str:
    return fmt.long_date(d) if d is not None else "–"  # type: ignore[arg-type]


def trend_summary(r: Report) -> str:
    """One sentence for management: how many principles rose, fell or stayed, and the extremes."""
    assert r.trend is not None
    changes = r.trend.changes
    up = [p for p in changes if (p.trend or 0) > 0]
    down = [p for p in changes if (p.trend or 0) < 0]
    same = len(changes) - len(up) - len(down)
    text = t("x.trend_counts", up=len(up), down=len(down), same=same)
    if up:
        best = max(up, key=lambda p: p.trend or 0)
        text += " " + t("x.trend_best", principle=chart_label(best), delta=trend_points(best))
    if down:
        worst = min(down, key=lambda p: p.trend or 0)
        text += " " + t("x.trend_worst", principle=chart_label(worst), delta=trend_points(worst))
    shifted = trend_shifted_text(r)
    return text + " " + t("x.trend_rule") + (" " + shifted if shifted else "")


def trend_points(p: PrincipleRow) -> str:
    """'+5 procentpunten, 40% → 45%, vergeleken op 9 van 11 stellingen': from which figure to
    which (both rounds on the same statements), so the points add up with them."""
    from selfcheck.core.report import trend_span_text

    sign = fmt.signed(p.trend)
    unit = t("val.points_one", n=sign) if abs(round(p.trend or 0)) == 1 else t("val.points", n=sign)
    return f"{unit}, {trend_span_text(p.trend_from, p.trend_to, p.trend_compared, p.trend_of)}"


def trend_shifted_text(r: Report) -> str:
    """'Op dezelfde stellingen, anders dan de rondes zelf: P5 40% → 45% (hele rondes: 50% →
    45%), ...': the principles whose trend starts elsewhere than the previous round's own score
    (the statement sets differ), "" when none."""
    from selfcheck.core.report import whole_rounds_text

    assert r.trend is not None
    shifted = [p for p in r.trend.changes if p.trend_shifted]
    if not shifted:
        return ""
    parts = [
        f"{p.id} {fmt.pct(p.trend_from)} → {fmt.pct(p.trend_to)} ({whole_rounds_text(p.previous_score, p.score)})"
        for p in shifted
    ]
    return t("x.trend_shifted", list="; ".join(parts))


def trend_cell(p: PrincipleRow) -> str:
    """For a table: '▲ +5 (40% → 45%, 9/11)' when the trend rests on part of the statements
    and so starts elsewhere than the previous round's own score; the arrow alone otherwise."""
    if p.trend is None:
        return "–"
    arrow = fmt.trend_arrow(p.trend)
    if p.trend_shifted or p.trend_compared < p.trend_of:
        return f"{arrow} ({fmt.pct(p.trend_from)} → {fmt.pct(p.trend_to)}, {p.trend_compared}/{p.trend_of})"
    return arrow


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
    return t(
        "steps.score_line",
        step=step_ref(r, th.step) or t("steps.step_ref_any"),
        score=score,
        scored=th.scored,
        total=th.total,
    )


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
    return (
        score,
        f"{th.scored}/{th.total}" if th.total else "–",
        disagreements_cell(r, th.disagreements) if th.total else "–",
        t("val.yes") if th.note else "–",
        str(len(th.actions)) if th.actions else "–",
    )
