"""The gap analysis as plain text (for `selfcheck report`, scripts and screen readers)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date

from selfcheck.core import fmt
from selfcheck.core.scoring import NARROW_BASIS, AgendaEntry, Analysis, Comparison, PrincipleResult
from selfcheck.i18n import language, t


def principle_label(pr: PrincipleResult, lang: str) -> str:
    label = f"{pr.principle.id} {pr.principle.name.get(lang)}"
    if pr.principle.working_title:
        label += f" ({t('val.working_title')})"
    return label


def reason_text(entry: AgendaEntry, lang: str, principle: Callable[[str], str] | None = None) -> str:
    """Why a statement is on the agenda, in words; the principles below target by their id, or
    as `principle(id)` names them ("P6 Leefomstandigheden")."""
    parts = []
    for r in entry.reasons:
        if r == "disagreement":
            parts.append(t("r.reason_disagree", spread=fmt.value(entry.result.spread)))
        elif r == "discuss":
            parts.append(t("r.reason_flag"))
        elif r == "unknown":
            parts.append(t("r.reason_unknown"))
        elif r == "gap":
            parts.append(t("r.reason_gap", principles=", ".join(map(principle or str, entry.gap_principles))))
    return "; ".join(parts)


def coverage_sentence(an: Analysis) -> str:
    """'6 van 9 principes: te weinig antwoorden voor een score. …' (as page 1 of every report)."""
    applying = [p for p in an.principles if p.applicable]
    if not applying:
        return t("x.coverage_none")
    if an.low_coverage:
        return t(
            "x.coverage_some",
            n=len(an.low_coverage),
            total=len(applying),
            measured=len(applying) - len(an.low_coverage),
        )
    return t("x.coverage_all", total=len(applying))


def basis_sentence(pr: PrincipleResult) -> str:
    text = t("x.basis_one") if pr.scored == 1 else t("x.basis", n=pr.scored)
    return f"{text}, {t('x.narrow')}" if pr.narrow else text


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]

    def line(r: list[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=False)).rstrip()

    return [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]


def _none_text(an: Analysis, key: str, partial_key: str) -> str:
    """No gaps (or no strengths): said outright only when every principle has a score;
    otherwise how many principles have too few answers to tell."""
    return t(key) if an.complete else t(partial_key, n=len(an.low_coverage))


def text_report(an: Analysis, width: int = 78) -> str:
    lang = language()
    out: list[str] = []
    a, q = an.assessment, an.questionnaire
    title = f"{t('r.title')}: {q.title.get(lang)}" if q else t("r.title")
    out += [title, "=" * min(width, len(title)), ""]
    if a is not None and q is not None:
        out.append(f"{t('r.organisation')}: {fmt.safe(a.organisation, newlines=False)}")
        if a.team:
            out.append(f"{t('r.team')}: {fmt.safe(a.team, newlines=False)}")
        out.append(f"{t('r.questionnaire')}: {q.id} ({t('r.version')} {a.questionnaire_version})")
        out.append(f"{t('r.framework')}: {an.framework.name.get(lang)} ({an.framework.id})")
        if a.date:
            out.append(f"{t('r.date')}: {a.date.isoformat()}")
        if a.participants:
            out.append(f"{t('r.participants')}: {fmt.safe(', '.join(a.participants), newlines=False)}")
        out.append(f"{t('r.voting')}: {t('voting.' + a.voting)}")
        out.append(f"{t('r.progress')}: {t('r.progress_value', answered=an.answered, total=an.total)}")
        out.append(f"{t('r.overall')}: " + (fmt.pct(an.overall) if an.overall is not None else t("x.overall_withheld")))
        out.append("")
    out.append(coverage_sentence(an))
    out.append(t("x.self_assessment"))
    out.append("")
    rebuilt = [i.id for i in q.reconstructed_items] if q is not None else []  # issue 15: as plain as a working title
    if q is not None and rebuilt:
        title_q = q.title.get(lang)
        note = (
            t("x.reconstructed_all", title=title_q)
            if len(rebuilt) == len(q.items)
            else t("x.reconstructed_some", title=title_q, n=len(rebuilt), total=len(q.items), ids=", ".join(rebuilt))
        )
        out += textwrap.wrap("‡ " + note, width) + [""]
    out += [t("r.principles"), ""]
    rows = []
    voted = any(len(r.answer.votes) >= 2 for r in an.items)  # else disagreement cannot be seen: "–", not 0
    for pr in an.principles:
        score = fmt.pct(pr.score) if pr.enough else t("val.too_few")
        basis = ""
        if pr.enough:
            basis = t("x.n_statements_one") if pr.scored == 1 else t("x.n_statements", n=pr.scored)
            basis += f" ({t('x.narrow_short')})" if pr.narrow else ""
        rows.append(
            [
                principle_label(pr, lang)[:44],
                score,
                basis,
                fmt.pct(pr.target),
                str(pr.gap_points) if pr.gap_points is not None else "–",
                f"{pr.scored}/{pr.applicable}" if pr.applicable else "–",
                str(pr.disagreements) if voted else "–",
                fmt.trend_arrow(pr.trend),
            ]
        )
    out += _table(
        rows,
        [
            t("r.col_principle"),
            t("r.col_score"),
            t("x.col_basis_n"),
            t("r.col_target"),
            t("x.col_short_pp"),
            t("x.col_answered"),
            t("r.col_disagree"),
            t("r.col_trend"),
        ],
    )
    out.append("")
    for pr in an.principles:
        out.append(
            f"{pr.principle.id:<4} {fmt.bar(pr.score, pr.target, 30)} {fmt.pct(pr.score):>5}  ({t('r.col_target').lower()} {fmt.pct(pr.target)})"
        )
    out.append("")
    out.append(t("r.gaps") if an.complete else t("x.gaps_partial"))
    gaps = an.gaps
    if gaps:
        for n, pr in enumerate(gaps[:3], 1):
            out.append(
                f"  {n}. {principle_label(pr, lang)}: "
                + t("x.gap_line", score=fmt.pct(pr.score), target=fmt.pct(pr.target), gap=fmt.points(pr.gap_points))
                + f" ({basis_sentence(pr)})"
            )
            acts = [x for x in pr.open_actions]
            if acts:
                for x in acts:
                    due = f", {t('x.due_by', date=x.due.isoformat())}" if x.due else ""
                    late = f" ({t('x.overdue')})" if x.due and a is not None and x.due < date.today() else ""
                    out.append(
                        f"       → {fmt.safe(x.what, newlines=False)} — {fmt.safe(x.who, newlines=False) or t('x.no_owner')}{due}{late}"
                    )
            else:
                out.append(f"       → {t('x.no_action_yet')}")
    else:
        out.append("  " + _none_text(an, "r.no_gaps", "x.no_gaps_unknown"))
    out.append("")
    out.append(t("r.strengths"))
    strengths = an.strengths
    if strengths:
        for n, pr in enumerate(strengths[:3], 1):
            out.append(f"  {n}. {principle_label(pr, lang)}: {fmt.pct(pr.score)} ({basis_sentence(pr)})")
    else:
        out.append("  " + _none_text(an, "x.no_strengths", "x.no_strengths_unknown"))
    out.append("")
    if an.low_coverage:
        out.append(t("r.coverage_warnings"))
        for pr in an.low_coverage:
            out.append(
                "  " + t("r.coverage_warning", principle=pr.principle.id, scored=pr.scored, applicable=pr.applicable)
            )
        out.append("")
    if an.previous is not None and an.previous.assessment is not None:
        prev_date = an.previous.assessment.date.isoformat() if an.previous.assessment.date else "?"
        out.append(t("r.trend_title", date=prev_date))
        for pr in an.principles:
            # the figures the trend goes between (same statements), so it adds up with them
            line = f"  {pr.principle.id:<4} {fmt.trend_arrow(pr.trend):<6}"
            if pr.trend is None:
                out.append(line.rstrip())
                continue
            out.append(f"{line} {trend_span_text(pr.trend_from, pr.trend_to, pr.trend_compared, pr.trend_of)}")
            if pr.trend_shifted:  # each round's own score, as in its own report
                out.append(" " * 14 + f"({whole_rounds_text(pr.previous_score, pr.score)})")
        out.append("  " + t("x.trend_rule"))
        out.append("")
    out.append(t("r.agenda"))
    entries = an.agenda
    if entries:
        for n, e in enumerate(entries, 1):
            text = e.result.item.text.get(lang)
            out.extend(textwrap.wrap(f"{n}. {text}", width, initial_indent="  ", subsequent_indent="     "))
            out.append(f"     → {reason_text(e, lang)}")
    else:
        out.append("  " + t("r.agenda_empty"))
    out.append("")
    if a is not None:
        out.append(t("r.actions"))
        if a.actions:
            rows = [
                [
                    fmt.safe(x.what, newlines=False)[:40],
                    fmt.safe(x.who, newlines=False)[:16],
                    x.due.isoformat() if x.due else "–",
                    t("status." + x.status),
                ]
                for x in a.actions
            ]
            out += [
                "  " + r for r in _table(rows, [t("r.col_what"), t("r.col_who"), t("r.col_due"), t("r.col_status")])
            ]
        else:
            out.append("  " + t("r.no_actions"))
        out.append("")
    scale = q.max_scale if q else None
    if scale is not None:
        out.append(t("r.method"))
        out.extend(
            textwrap.wrap(
                t("r.method_text", min=scale.min, max=scale.max, disagree=scale.disagreement, narrow=NARROW_BASIS),
                width,
                initial_indent="  ",
                subsequent_indent="  ",
            )
        )
    return "\n".join(out).rstrip() + "\n"


def explain_lines(pr: PrincipleResult, lang: str) -> list[str]:
    """How one principle's score came about, item by item."""
    out = [t("r.explain_title", principle=principle_label(pr, lang))]

    def n(v: float) -> str:
        return fmt.num(v, lang)

    for c in pr.contributions:
        r = c.result
        v = fmt.value(r.value, lang=lang)
        if r.status == "scored":
            calc = f"{n(c.weight)} × {v} = {n(c.points)} / {n(c.weight)} × {r.item.scale.max} = {n(c.possible)}"
        else:
            calc = {"na": t("val.na"), "unknown": t("val.unknown"), "open": t("val.open")}[r.status]
        source = f" ({t('val.median')})" if r.source == "median" and r.status == "scored" else ""
        out.append(f"  {short_statement(r.item.text.get(lang))}: {calc}{source}")
    if pr.possible:
        out.append("  " + t("r.explain_sum", num=n(pr.points), den=n(pr.possible), score=fmt.pct(pr.raw_score)))
    else:
        out.append("  " + t("r.explain_none"))
    return out


def trend_basis_text(compared: int, of: int) -> str:
    """'vergeleken op 4 van 6 stellingen' when the trend rests on fewer statements than were
    scored in either round; 'vergeleken op alle 6 stellingen' otherwise."""
    if compared < of:
        return t("x.trend_basis_part", n=compared, of=of)
    return t("x.trend_basis_all", n=compared)


def trend_span_text(start: int | None, end: int | None, compared: int, of: int) -> str:
    """'40% → 45%, vergeleken op 9 van 11 stellingen': the figures a trend goes between (both
    rounds on the same statements, `PrincipleResult.trend_from`/`trend_to`) and its basis."""
    return t("x.trend_span", start=fmt.pct(start), end=fmt.pct(end), basis=trend_basis_text(compared, of))


def whole_rounds_text(old: float | None, new: float | None) -> str:
    """'hele rondes: 50% → 45%': each round's own score over all its statements, shown beside a
    trend's figures when the statement sets differ (then those are not the rounds' own scores)."""
    return t("x.whole_rounds", old=fmt.pct(old), new=fmt.pct(new))


def trend_figures(pr: PrincipleResult) -> str:
    """'40% → 45%, vergeleken op 9 van 11 stellingen; hele rondes: 50% → 45%' for a principle
    with a trend: the figures it goes between (same statements) and, only where they differ
    from the rounds' own scores, those."""
    text = trend_span_text(pr.trend_from, pr.trend_to, pr.trend_compared, pr.trend_of)
    if pr.trend_shifted:
        text += f"; {whole_rounds_text(pr.previous_score, pr.score)}"
    return text


def compare_report(cmp: Comparison, old_name: str, new_name: str) -> str:
    lang = language()
    out = [t("cli.compare_title", old=old_name, new=new_name), ""]
    # With a trend, ← and → are both rounds on the same statements (so → − ← is the trend);
    # each round's own score over all its statements stands beside them where that differs.
    rows = [
        [
            f"{c.principle.id} {c.principle.short_name(lang)}"[:30],
            fmt.pct(c.trend_from if c.delta is not None else c.old),
            fmt.pct(c.trend_to if c.delta is not None else c.new),
            fmt.trend_arrow(c.delta),
            trend_basis_text(c.compared, c.of) if c.delta is not None else "",
            f"({whole_rounds_text(c.old, c.new)})" if c.shifted else "",
        ]
        for c in cmp.principles
    ]
    out += _table(rows, [t("r.col_principle"), "←", "→", t("r.col_trend"), "", ""])
    out.extend(textwrap.wrap(t("x.trend_rule_scores"), 96))
    out += ["", t("r.moved")]
    if cmp.moved:
        for ch in cmp.moved:
            mark = " ‼" if ch.delta is not None and abs(ch.delta) >= 2 else ""
            out.append(f"  {short_statement(ch.item.text.get(lang))}: {fmt.value(ch.old)} → {fmt.value(ch.new)}{mark}")
    else:
        out.append("  " + t("r.no_moved"))
    if cmp.new_disagreements or cmp.resolved_disagreements:
        out += ["", t("r.disagreements")]
        out += [f"  + {short_statement(i.text.get(lang))}" for i in cmp.new_disagreements]
        out += [f"  − {short_statement(i.text.get(lang))}" for i in cmp.resolved_disagreements]
    if cmp.closed_actions:
        out += ["", t("r.actions")]
        out += [f"  ✓ {x.what} ({t('status.' + x.status)})" for x in cmp.closed_actions]
    return "\n".join(out) + "\n"


def short_statement(text: str, width: int = 48) -> str:
    """A statement as people read it, cut at a word with an ellipsis (no internal ids on
    screen or in the text report: issues 12 and 16.6)."""
    text = " ".join(text.split()).rstrip(".")  # a label before ':' ("geld.: 2 × 1" read oddly)
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] if " " in text[: width - 1] else text[: width - 1]
    return cut.rstrip(",;:") + "…"
