"""The report's items as CSV: one row per item, for Excel and LibreOffice.

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

from selfcheck.core.export.model import ItemRow, Report
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


def header(r: Report) -> list[str]:
    step = [t("steps.col_step")] if r.steps else []
    return ([t("x.col_questionnaire")] + step + [t("r.col_section"), t("r.col_item"), t("x.col_statement"), t("x.col_principles"),
             t("x.col_team_score"), t("x.col_basis")]
            + _vote_columns(r)
            + [t("r.col_spread"), t("x.col_disagreement"), t("r.col_note"), t("r.col_discuss")])


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


def row(r: Report, i: ItemRow, decimal: str, steps: dict[str, str] | None = None) -> list[str]:
    basis = {"consensus": t("val.consensus"), "median": t("val.median")}.get(i.source or "", "")
    step = [(steps or {}).get(i.section, "")] if r.steps else []
    return ([i.questionnaire] + step + [i.section_title, i.id, i.text,
             "; ".join(f"{pid} ({number(w, decimal)})" for pid, w in i.principles),
             value_cell(i.value, i.value_text, decimal), basis]
            + _vote_cells(r, i, decimal)
            + [number(i.spread, decimal), t("val.yes") if i.disagreement else t("val.no"), i.note,
               t("val.yes") if i.discuss else t("val.no")])


def render_csv(r: Report) -> bytes:
    sep, decimal = dialect_for(r.language)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow([safe_cell(x) for x in header(r)])
    steps = _steps_by_section(r)
    for i in r.items():
        w.writerow([safe_cell(x) for x in row(r, i, decimal, steps)])
    return buf.getvalue().encode("utf-8-sig")
