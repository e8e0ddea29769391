"""Issue 12: a real Excel workbook (XlsxWriter): sheets for principles, statements and actions,
real numbers and percentages (not text), frozen headers, Dutch labels, rows that stack; text
never becomes a formula."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from test_export import golden_workspace, report_of

from selfcheck.core.export import FORMATS, render

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture
def book(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws = golden_workspace(tmp_path / "ws")
    data = render(report_of(ws), "xlsx")
    assert data[:2] == b"PK"
    return openpyxl.load_workbook(io.BytesIO(data)), report_of(ws)


def test_xlsx_is_in_the_one_format_registry() -> None:
    assert FORMATS["xlsx"].extension == "xlsx" and "spreadsheetml" in FORMATS["xlsx"].mime


def test_sheets_frozen_dutch_headers_and_real_numbers(book) -> None:  # type: ignore[no-untyped-def]
    wb, report = book
    assert wb.sheetnames == ["Over dit verslag", "Principes", "Stellingen", "Acties"]
    for name in ("Principes", "Stellingen", "Acties"):
        sheet = wb[name]
        assert sheet.freeze_panes == "A2", name
        assert [c.value for c in sheet[1]][:4] == ["Organisatie", "Team", "Vragenlijst", "Datum ronde"]
    p = wb["Principes"]
    head = [c.value for c in p[1]]
    rows = [dict(zip(head, (c for c in row))) for row in p.iter_rows(min_row=2)]
    assert [r["Principe"].value for r in rows] == [x.id for x in report.principles]
    for cells, x in zip(rows, report.principles):
        score = cells["Score (%)"]
        if x.score is None:
            assert score.value is None
        else:
            assert isinstance(score.value, float) and abs(score.value - x.score / 100) < 1e-9
            assert score.number_format == "0%"
        short = cells["Tekort (procentpunten)"].value
        assert short == x.gap_points and (short is None or isinstance(short, int))
        assert cells["Op basis van (stellingen)"].value == (x.scored if x.score is not None else None)
    s = wb["Stellingen"]
    head = [c.value for c in s[1]]
    first = dict(zip(head, (c.value for c in s[2])))
    assert first["Teamscore"] == 2 and first["Code in het bestand"] == "t-doelgroep"
    assert first["Stemmen (aantal per antwoord)"] == "1× 1, 2× 2, 1× 3"  # anonymous by default
    a = wb["Acties"]
    head = [c.value for c in a[1]]
    action = dict(zip(head, (c.value for c in a[2])))
    assert action["Wat"] == report.actions[0].what and action["Wanneer"].year == report.actions[0].due.year


def test_text_never_becomes_a_formula(tmp_path: Path) -> None:
    ws = golden_workspace(tmp_path / "ws")
    from test_export import GENERATED, ROUND

    from selfcheck.core.export import analysis_for, build_report

    a = ws.load(ws.assessments_dir / ROUND)
    a.answers["t-doelgroep"].note = '=HYPERLINK("http://evil","x")'
    a.actions[0].what = "+1+1"
    wb = openpyxl.load_workbook(io.BytesIO(render(build_report(analysis_for(ws, a), generated=GENERATED), "xlsx")))
    values = [c for sheet in wb for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value == '=HYPERLINK("http://evil","x")' and c.data_type == "s" for c in values)
    assert all(c.data_type != "f" for sheet in wb for row in sheet.iter_rows() for c in row)


def test_xlsx_is_deterministic(tmp_path: Path) -> None:
    ws = golden_workspace(tmp_path / "ws")
    assert render(report_of(ws), "xlsx") == render(report_of(ws), "xlsx")
