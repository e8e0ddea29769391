"""The report as CSV for Excel and LibreOffice: one row per principle, per statement and per
action (first column: what the row is), every row with organisation, team, questionnaire and
round date, so files of many rounds stack in one sheet (docs/exports.md).

- UTF-8 with a byte order mark, so Excel recognises the encoding (ë, €, ‘’ stay intact).
- Dutch (nl): separator ';' and decimal comma — what Excel expects with Dutch regional
  settings, where ',' is the decimal sign. English (en): separator ',' and decimal point.
- Formula injection is neutralised: a cell that starts with =, +, -, @, a tab or a carriage
  return gets a leading apostrophe, so a spreadsheet shows it as text and never runs it.
- Line ends are CRLF; a cell with a newline, a quote or the separator is quoted.
- A questionnaire that declares steps gets a step column after the questionnaire ("Stap 1: De
  balans opmaken"); without steps the columns are exactly as before.
"""

from __future__ import annotations

import csv
import io

from selfcheck.core.export.model import ActionRow, ItemRow, PrincipleRow, Report
from selfcheck.i18n import t

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def dialect_for(lang: str) -> tuple[str, str]:
    """(separator, decimal sign) for a language: nl → (';', ','), en → (',', '.')."""
    return (";", ",") if lang == "nl" else (",", ".")


def safe_cell(text: str) -> str:
    """A cell value that no spreadsheet will read as a formula."""
    return "'" + text if text.startswith(_DANGEROUS) else text


def number(value: float | None, decimal: str) -> str:
    if value is None:
        return ""
    text = f"{value:g}" if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal)


def value_cell(value: object, text: str, decimal: str) -> str:
    """A team value or vote: a number (with the language's decimal sign) or its text."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(float(value), decimal)
    return text


def _steps_by_section(r: Report) -> dict[str, str]:
    """Section id -> the title of its step ("Stap 1: …"), for a report with steps."""
    return {s.id: t("steps.step_title", n=st.number, title=st.title) for st in r.steps for s in st.sections}


def _round_cells(r: Report, questionnaire: str) -> list[str]:
    """Organisation, team, questionnaire and round date: on every row, so files stack."""
    h = r.header
    rd = next((x for x in h.rounds if x.questionnaire == questionnaire), h.rounds[0])
    return [h.organisation, rd.team, rd.questionnaire, rd.date.isoformat() if rd.date else ""]


_KINDS = ("principle", "statement", "action")


def header(r: Report) -> list[str]:
    step = [t("steps.col_step")] if r.steps else []
    return (
        [t("x.col_kind"), t("r.organisation"), t("r.team"), t("x.col_questionnaire"), t("x.col_round_date")]
        # principle data
        + [
            t("r.col_principle"),
            t("x.col_principle_name"),
            t("x.col_score_pct"),
            t("x.col_basis_count"),
            t("x.col_narrow"),
            t("x.col_target_pct"),
            t("x.col_short_pp"),
            t("x.col_below_target"),
            t("x.col_applicable"),
            t("x.col_trend_pp"),
            t("x.col_trend_compared"),
            t("x.col_trend_from_pct"),
            t("x.col_trend_to_pct"),
        ]
        # statement data
        + step
        + [
            t("x.col_part"),
            t("x.col_statement_no"),
            t("x.col_statement"),
            t("x.col_principles"),
            t("x.col_team_score"),
            t("x.col_basis"),
        ]
        + _vote_columns(r)
        + [t("x.col_spread_words"), t("x.col_disagreement"), t("r.col_note"), t("r.col_discuss")]
        # action data
        + [t("r.col_what"), t("r.col_who"), t("r.col_due"), t("r.col_status"), t("x.col_overdue"), t("x.col_about")]
        + [t("x.col_id")]
    )


def _vote_columns(r: Report) -> list[str]:
    """One column per participant when the report names votes; one column with the count per
    answer when anonymous; none when votes are left out."""
    if r.header.votes == "named":
        return [t("x.col_vote", name=name) for name in r.participants]
    if r.header.votes == "anonymous" and r.participants:
        return [t("x.col_votes_count")]
    return []


def _vote_cells(r: Report, i: ItemRow, decimal: str) -> list[str]:
    if r.header.votes == "named":
        votes = {v.name: v for v in i.votes}
        return [value_cell(votes[n].value, votes[n].text, decimal) if n in votes else "" for n in r.participants]
    if r.header.votes == "anonymous" and r.participants:
        return [", ".join(f"{n}× {text}" for _v, text, n in i.distribution)]
    return []


def _widths(r: Report) -> tuple[int, int, int]:
    """(principle cells, statement cells, action cells) after the five leading columns."""
    return 13, (1 if r.steps else 0) + 6 + len(_vote_columns(r)) + 4, 6


def principle_row(r: Report, p: PrincipleRow, decimal: str) -> list[str]:
    np, ns, na = _widths(r)
    trend_on = f"{p.trend_compared}/{p.trend_of}" if p.trend is not None else ""
    cells = [
        p.id,
        p.name,
        number(round(p.score, 2) if p.score is not None else None, decimal),
        str(p.scored) if p.applicable else "",
        (t("val.yes") if p.narrow else t("val.no")) if p.score is not None else "",
        number(p.target, decimal),
        "" if p.gap_points is None else str(p.gap_points),
        "" if p.gap_points is None else (t("val.yes") if p.gap_points else t("val.no")),
        str(p.applicable),
        "" if p.trend is None else number(p.trend, decimal),
        trend_on,
        "" if p.trend_from is None else str(p.trend_from),
        "" if p.trend_to is None else str(p.trend_to),
    ]
    return (
        [t("x.kind.principle")] + _round_cells(r, r.header.rounds[0].questionnaire) + cells + [""] * (ns + na) + [p.id]
    )


def row(r: Report, i: ItemRow, decimal: str, steps: dict[str, str] | None = None) -> list[str]:
    np, _ns, na = _widths(r)
    basis = {"consensus": t("val.consensus"), "median": t("val.median")}.get(i.source or "", "")
    step = [(steps or {}).get(i.section, "")] if r.steps else []
    cells = (
        step
        + [
            i.section_title,
            str(i.number),
            i.text,
            "; ".join(f"{pid} ({number(w, decimal)})" for pid, w in i.principles),
            value_cell(i.value, i.value_text, decimal),
            basis,
        ]
        + _vote_cells(r, i, decimal)
        + [
            number(i.spread, decimal),
            (t("val.yes") if i.disagreement else t("val.no")) if r.header.voted else "",
            i.note,
            t("val.yes") if i.discuss else t("val.no"),
        ]
    )
    return [t("x.kind.statement")] + _round_cells(r, i.questionnaire) + [""] * np + cells + [""] * na + [i.id]


def action_row(r: Report, x: ActionRow) -> list[str]:
    np, ns, _na = _widths(r)
    cells = [
        x.what,
        x.who,
        x.due.isoformat() if x.due else "",
        x.status_text,
        t("val.yes") if x.overdue else t("val.no"),
        "; ".join(x.about_labels()),
    ]
    return [t("x.kind.action")] + _round_cells(r, x.questionnaire) + [""] * (np + ns) + cells + [x.id]


def render_csv(r: Report) -> bytes:
    sep, decimal = dialect_for(r.language)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow([safe_cell(x) for x in header(r)])
    steps = _steps_by_section(r)
    for p in r.principles:
        w.writerow([safe_cell(x) for x in principle_row(r, p, decimal)])
    for i in r.items():
        w.writerow([safe_cell(x) for x in row(r, i, decimal, steps)])
    for a in r.actions:
        w.writerow([safe_cell(x) for x in action_row(r, a)])
    return buf.getvalue().encode("utf-8-sig")
