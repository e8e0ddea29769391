"""The report's items as CSV: one row per item, for Excel and LibreOffice.

- UTF-8 with a byte order mark, so Excel recognises the encoding (ë, €, ‘’ stay intact).
- Dutch (nl): separator ';' and decimal comma — what Excel expects with Dutch regional
  settings, where ',' is the decimal sign. English (en): separator ',' and decimal point.
- Formula injection is neutralised: a cell that starts with =, +, -, @, a tab or a carriage
  return gets a leading apostrophe, so a spreadsheet shows it as text and never runs it.
- Line ends are CRLF; a cell with a newline, a quote or the separator is quoted.
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


def header(r: Report) -> list[str]:
    return ([t("x.col_questionnaire"), t("r.col_section"), t("r.col_item"), t("x.col_statement"), t("x.col_principles"),
             t("x.col_team_score"), t("x.col_basis")]
            + [t("x.col_vote", name=name) for name in r.participants]
            + [t("r.col_spread"), t("x.col_disagreement"), t("r.col_note"), t("r.col_discuss")])


def row(r: Report, i: ItemRow, decimal: str) -> list[str]:
    votes = {v.name: v for v in i.votes}
    basis = {"consensus": t("val.consensus"), "median": t("val.median")}.get(i.source or "", "")
    return ([i.questionnaire, i.section_title, i.id, i.text,
             "; ".join(f"{pid} ({number(w, decimal)})" for pid, w in i.principles),
             value_cell(i.value, i.value_text, decimal), basis]
            + [value_cell(votes[n].value, votes[n].text, decimal) if n in votes else "" for n in r.participants]
            + [number(i.spread, decimal), t("val.yes") if i.disagreement else t("val.no"), i.note,
               t("val.yes") if i.discuss else t("val.no")])


def render_csv(r: Report) -> bytes:
    sep, decimal = dialect_for(r.language)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow([safe_cell(x) for x in header(r)])
    for i in r.items():
        w.writerow([safe_cell(x) for x in row(r, i, decimal)])
    return buf.getvalue().encode("utf-8-sig")
