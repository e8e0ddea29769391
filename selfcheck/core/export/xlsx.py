"""The report as an Excel workbook (.xlsx), written with XlsxWriter (pure Python, no Excel needed).

Sheets: "Over dit verslag" (what the report is, its choices and rules), "Principes",
"Stellingen" and "Acties". Numbers are real numbers (a score is a number with a percentage
format, so a sum or a chart works), percentage points are whole numbers, dates are dates; the
header row is frozen and filtered; labels are in the report's language. Every data row starts
with organisation, team, questionnaire and round date, so sheets of many rounds stack.

Text never becomes a formula: every string is written with `write_string` and the workbook
has `strings_to_formulas` off, so "=HYPERLINK(...)" in a note stays text. The file is
deterministic: its creation time is the report's.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from selfcheck.core.export import common as c
from selfcheck.core.export.model import ActionRow, ItemRow, PrincipleRow, Report
from selfcheck.i18n import t

MAX_CELL = 32_767
"""Excel's limit on the characters in one cell; longer text is cut with an ellipsis."""


def _text(value: object) -> str:
    s = "" if value is None else str(value)
    return s if len(s) <= MAX_CELL else s[: MAX_CELL - 1] + "…"


def render_xlsx(r: Report) -> bytes:
    import xlsxwriter  # type: ignore[import-untyped]

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    created = r.header.generated.replace(tzinfo=None)
    wb.set_properties(
        {
            "title": _text(r.header.title),
            "company": _text(r.header.organisation),
            "created": created,
            "comments": "selfcheck",
        }
    )
    f = _Formats(wb)
    _about(wb, f, r)
    _principles(wb, f, r)
    _statements(wb, f, r)
    _actions(wb, f, r)
    wb.close()
    return buf.getvalue()


class _Formats:
    def __init__(self, wb: Any) -> None:
        self.head = wb.add_format(
            {"bold": True, "bg_color": "#F0F4F8", "text_wrap": True, "valign": "top", "bottom": 1}
        )
        self.pct = wb.add_format({"num_format": "0%"})
        self.num = wb.add_format({"num_format": "0"})
        self.dec = wb.add_format({"num_format": "0.0"})
        self.date = wb.add_format({"num_format": "d-m-yyyy"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.bold = wb.add_format({"bold": True})
        self.title = wb.add_format({"bold": True, "font_size": 14})


class _Sheet:
    """A sheet with a frozen, filtered header row; cells written by their kind."""

    def __init__(self, wb: Any, f: _Formats, name: str, columns: list[tuple[str, int]]) -> None:
        self.ws = wb.add_worksheet(name[:31])
        self.f = f
        self.row = 0
        for col, (label, width) in enumerate(columns):
            self.ws.write_string(0, col, _text(label), f.head)
            self.ws.set_column(col, col, width)
        self.ws.freeze_panes(1, 0)
        self.ws.autofilter(0, 0, 0, len(columns) - 1)
        self.ws.set_row(0, 30)
        self.width = len(columns)

    def add(self, cells: list[tuple[str, Any]]) -> None:
        self.row += 1
        for col, (kind, value) in enumerate(cells):
            if value is None or value == "":
                continue
            if kind == "pct":
                self.ws.write_number(self.row, col, float(value) / 100.0, self.f.pct)
            elif kind == "int":
                self.ws.write_number(self.row, col, int(value), self.f.num)
            elif kind == "num":
                self.ws.write_number(self.row, col, float(value), self.f.dec)
            elif kind == "date":
                self.ws.write_datetime(self.row, col, datetime(value.year, value.month, value.day), self.f.date)
            elif kind == "bool":
                self.ws.write_string(self.row, col, t("val.yes") if value else t("val.no"))
            elif kind == "wrap":
                self.ws.write_string(self.row, col, _text(value), self.f.wrap)
            else:
                self.ws.write_string(self.row, col, _text(value))


def _lead(r: Report, questionnaire: str) -> list[tuple[str, Any]]:
    h = r.header
    rd = next((x for x in h.rounds if x.questionnaire == questionnaire), h.rounds[0])
    return [("text", h.organisation), ("text", rd.team), ("text", rd.questionnaire), ("date", rd.date)]


def _lead_columns() -> list[tuple[str, int]]:
    return [(t("r.organisation"), 22), (t("r.team"), 22), (t("x.col_questionnaire"), 20), (t("x.col_round_date"), 12)]


def _rounds_sheet(
    wb: Any,
    f: _Formats,
    r: Report,
    name: str,
    columns: list[tuple[str, int]],
    rows: Iterable[tuple[str, list[tuple[str, Any]]]],
) -> None:
    """A sheet whose every row starts with its round (organisation, team, questionnaire, date),
    so that sheets of many rounds stack; `rows`: (questionnaire, the row's own cells) each."""
    sheet = _Sheet(wb, f, name, _lead_columns() + columns)
    for questionnaire, cells in rows:
        sheet.add(_lead(r, questionnaire) + cells)


def _about(wb: Any, f: _Formats, r: Report) -> None:
    ws = wb.add_worksheet(t("xlsx.sheet_about")[:31])
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 90)
    ws.write_string(0, 0, _text(r.header.title), f.title)
    ws.write_string(1, 0, _text(c.coverage_line(r)), f.bold)
    ws.write_string(2, 0, _text(c.self_assessment_line(r)))
    row = 4
    for first, second in [*c.header_lines(r), *c.key_figures(r)]:  # (label, value), then (figure, what it counts)
        ws.write_string(row, 0, _text(first), f.bold)
        ws.write_string(row, 1, _text(second), f.wrap)
        row += 1
    row += 1
    ws.write_string(row, 0, _text(t("r.method")), f.bold)
    ws.write_string(row, 1, _text(r.method), f.wrap)
    ws.write_string(row + 1, 0, _text(c.generated_text(r)))


def _principles(wb: Any, f: _Formats, r: Report) -> None:
    columns = [
        (t("r.col_principle"), 8),
        (t("x.col_principle_name"), 34),
        (t("x.col_score_pct"), 10),
        (t("x.col_basis_count"), 14),
        (t("x.col_narrow"), 10),
        (t("x.col_target_pct"), 10),
        (t("x.col_short_pp"), 14),
        (t("x.col_below_target"), 10),
        (t("x.col_scored_count"), 12),
        (t("x.col_applicable"), 12),
        (t("x.col_trend_pp"), 16),
        (t("x.col_trend_compared"), 16),
        (t("x.col_trend_from_pct"), 16),
        (t("x.col_trend_to_pct"), 16),
        (t("x.col_open_actions"), 12),
    ]
    questionnaire = r.header.rounds[0].questionnaire
    rows = ((questionnaire, _principle_cells(p)) for p in r.principles)
    _rounds_sheet(wb, f, r, t("xlsx.sheet_principles"), columns, rows)


def _principle_cells(p: PrincipleRow) -> list[tuple[str, Any]]:
    name = f"{p.name} ({t('val.working_title')})" if p.working_title else p.name
    return [
        ("text", p.id),
        ("text", name),
        ("pct", p.score),
        ("int", p.scored if p.score is not None else None),
        ("bool" if p.score is not None else "text", p.narrow if p.score is not None else ""),
        ("pct", p.target),
        ("int", p.gap_points),
        ("bool" if p.gap_points is not None else "text", bool(p.gap_points) if p.gap_points is not None else ""),
        ("int", p.scored),
        ("int", p.applicable),
        ("int", p.trend),
        ("int", p.trend_compared if p.trend is not None else None),
        ("int", p.trend_from),
        ("int", p.trend_to),
        ("int", p.open_actions),
    ]


def _statements(wb: Any, f: _Formats, r: Report) -> None:
    votes: list[tuple[str, int]] = []
    if r.header.votes == "named":
        votes = [(t("x.col_vote", name=n), 10) for n in r.participants]
    elif r.header.votes == "anonymous" and r.participants:
        votes = [(t("x.col_votes_count"), 18)]
    columns = (
        [
            (t("x.col_part"), 22),
            (t("x.col_statement_no"), 6),
            (t("x.col_statement"), 60),
            (t("x.col_principles"), 18),
            (t("x.col_team_score"), 10),
            (t("xlsx.col_value_text"), 14),
            (t("x.col_basis"), 12),
        ]
        + votes
        + [
            (t("x.col_spread_words"), 12),
            (t("x.col_disagreement"), 10),
            (t("r.col_note"), 50),
            (t("r.col_discuss"), 10),
            (t("x.col_id"), 22),
        ]
    )
    rows = ((i.questionnaire, _statement_cells(r, i)) for i in r.items())
    _rounds_sheet(wb, f, r, t("xlsx.sheet_statements"), columns, rows)


def _statement_cells(r: Report, i: ItemRow) -> list[tuple[str, Any]]:
    numeric = isinstance(i.value, (int, float)) and not isinstance(i.value, bool)
    basis = {"consensus": t("val.consensus"), "median": t("val.median")}.get(i.source or "", "")
    cells: list[tuple[str, Any]] = [
        ("text", i.section_title),
        ("int", i.number),
        ("wrap", i.text),
        ("text", "; ".join(f"{pid} ({w:g})" for pid, w in i.principles)),
        ("num", i.value if numeric else None),
        ("text", i.value_text if i.status != "open" else ""),
        ("text", basis),
    ]
    if r.header.votes == "named":
        named = {v.name: v for v in i.votes}
        for n in r.participants:
            v = named.get(n)
            if v is None:
                cells.append(("text", ""))
            elif isinstance(v.value, (int, float)) and not isinstance(v.value, bool):
                cells.append(("num", v.value))
            else:
                cells.append(("text", v.text))
    elif r.header.votes == "anonymous" and r.participants:
        cells.append(("text", c.distribution_text(i)))
    cells += [
        ("num", i.spread),
        ("bool", i.disagreement if r.header.voted else None),
        ("wrap", i.note),
        ("bool", i.discuss),
        ("text", i.id),
    ]
    return cells


def _actions(wb: Any, f: _Formats, r: Report) -> None:
    columns = [
        (t("r.col_what"), 50),
        (t("r.col_who"), 18),
        (t("r.col_due"), 12),
        (t("r.col_status"), 10),
        (t("x.col_overdue"), 10),
        (t("x.col_about"), 24),
        (t("x.col_id"), 10),
    ]
    _rounds_sheet(wb, f, r, t("xlsx.sheet_actions"), columns, ((x.questionnaire, _action_cells(x)) for x in r.actions))


def _action_cells(x: ActionRow) -> list[tuple[str, Any]]:
    return [
        ("wrap", x.what),
        ("text", x.who),
        ("date", x.due),
        ("text", x.status_text),
        ("bool", x.overdue),
        ("text", "; ".join(x.about_labels())),
        ("text", x.id),
    ]
