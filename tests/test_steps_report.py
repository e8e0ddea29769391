"""Reports of a questionnaire that declares steps (armoede-gezondheid: 1 take stock, 2 six themes,
3 action agenda): the report model keeps the steps, and every format shows them.

The fixed round is tests/golden/assessments/gemeente-toetsstad_toets-stappen_2026-10-27.toml
of tests/golden/content/toets-stappen.toml (two themes, three steps, a note on theme A, actions
on theme A, theme B and none). Golden files `steps.*` beside the others; regenerate deliberately:

    SELFCHECK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_steps_report.py
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from test_export import GENERATED, ROUND, check_golden, golden_workspace, pdf_text

from selfcheck.core.export import analysis_for, build_report, combined_analysis, export_files, render
from selfcheck.core.export.model import Report
from selfcheck.core.storage import Workspace

STEPPED = "gemeente-toetsstad_toets-stappen_2026-10-27.toml"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return golden_workspace(tmp_path / "ws")


def stepped_report(ws: Workspace, lang: str = "nl", name: str = STEPPED) -> Report:
    return build_report(analysis_for(ws, ws.load(ws.assessments_dir / name)), lang=lang, generated=GENERATED)


# --- golden files


@pytest.mark.parametrize("fmt", ["html", "md", "csv", "json"])
def test_golden_stepped(ws: Workspace, fmt: str) -> None:
    data = render(stepped_report(ws), fmt)
    check_golden(f"steps.nl.{fmt}", data.decode("utf-8-sig") if fmt == "csv" else data.decode("utf-8"))


def test_golden_stepped_pdf_text(ws: Workspace) -> None:
    check_golden("steps.nl.pdf.txt", pdf_text(render(stepped_report(ws), "pdf")))


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_golden_stepped_english(ws: Workspace, fmt: str) -> None:
    data = render(stepped_report(ws, "en"), fmt)
    check_golden(f"steps.en.{fmt}", data.decode("utf-8-sig") if fmt == "csv" else data.decode("utf-8"))


# --- the report model


def test_model_keeps_the_three_steps(ws: Workspace) -> None:
    r = stepped_report(ws)
    assert [(s.id, s.number, s.title, s.scored) for s in r.steps] == [
        ("stap-1", 1, "De balans opmaken", True),
        ("stap-2", 2, "Verdieping per thema", False),
        ("stap-3", 3, "Actieagenda", False),
    ]
    one, two, three = r.steps
    assert [s.shows for s in r.steps] == [["statements"], ["discussion"], ["actions"]]
    # step 1: per theme its scored statements
    assert [(b.id, [i.id for i in b.items]) for b in one.sections] == [
        ("thema-a", ["s-visie", "s-stress"]),
        ("thema-b", ["s-overleg", "s-inwoners"]),
    ]
    assert all(b.step == "stap-1" for b in r.sections) and r.loose_sections == []
    # step 2: per theme the score from step 1, the questions and the note
    a, b = two.themes
    assert (a.id, a.step, a.score, a.scored, a.total) == ("thema-a", "stap-1", 50.0, 2, 2)
    assert a.questions == ["Hoe hangen armoede en gezondheid samen?", "Wat willen we over vier jaar bereikt hebben?"]
    assert a.note.startswith("Visie: samen één nota schrijven.\n") and a.actions == ["a1"]
    assert (b.id, b.score, b.scored, b.applicable, b.note, b.actions) == ("thema-b", 100.0, 1, 2, "", ["a2"])
    # step 3: the actions under their theme, then those without one
    assert three.actions is not None
    assert [(g.section, g.title, [x.id for x in g.actions]) for g in three.actions] == [
        ("thema-a", "A. Visie", ["a1"]),
        ("thema-b", "B. Samenwerking", ["a2"]),
        ("", "Zonder thema", ["a3"]),
    ]
    assert three.themes_without_actions == []
    assert one.actions is None and two.actions is None and not one.themes and not three.themes


def test_questionnaire_without_steps_has_none(ws: Workspace) -> None:
    r = build_report(analysis_for(ws, ws.load(ws.assessments_dir / ROUND)), lang="nl", generated=GENERATED)
    assert r.steps == [] and r.loose_sections == []
    assert all(s.step == "" for s in r.sections)
    header = next(csv.reader(io.StringIO(render(r, "csv").decode("utf-8-sig")), delimiter=";"))
    assert "Stap" not in header
    page = render(r, "html").decode("utf-8")
    assert "stepno" not in page and 'class="theme"' not in page


def test_combined_report_has_no_steps(ws: Workspace) -> None:
    an, rounds = combined_analysis(ws, [ws.load(ws.assessments_dir / n) for n in (ROUND, STEPPED)])
    r = build_report(an, rounds, lang="nl", generated=GENERATED)
    assert r.header.kind == "combined" and r.steps == []
    assert json.loads(render(r, "json"))["steps"] == []
    assert "Stap 1" not in render(r, "md").decode("utf-8")


def test_themes_without_actions_are_named_and_no_actions_says_so(ws: Workspace) -> None:
    a = ws.load(ws.assessments_dir / STEPPED)
    a.actions = [x for x in a.actions if x.id == "a2"]
    r = build_report(analysis_for(ws, a), lang="nl", generated=GENERATED)
    agenda = r.steps[2]
    assert [g.section for g in agenda.actions or []] == ["thema-b"]
    assert agenda.themes_without_actions == ["A. Visie"]
    assert "Nog zonder actie: A. Visie." in render(r, "md").decode("utf-8")
    a.actions = []
    r = build_report(analysis_for(ws, a), lang="nl", generated=GENERATED)
    assert r.steps[2].actions == [] and r.steps[2].themes_without_actions == []
    for fmt in ("html", "md"):
        assert "Nog geen acties." in render(r, fmt).decode("utf-8")


def test_an_action_on_two_themes_is_under_both(ws: Workspace) -> None:
    a = ws.load(ws.assessments_dir / STEPPED)
    a.actions[0].sections = ["thema-a", "thema-b"]
    r = build_report(analysis_for(ws, a), lang="nl", generated=GENERATED)
    groups = {g.section: [x.id for x in g.actions] for g in r.steps[2].actions or []}
    assert groups["thema-a"] == ["a1"] and groups["thema-b"] == ["a1", "a2"]
    md = render(r, "md").decode("utf-8")
    # under theme A the row names theme B as well, and the other way round, by title (never the id)
    assert "| Eén nota armoede en gezondheid schrijven | Anouk | 1 februari 2027 | open | B. Samenwerking |" in md
    assert "| Eén nota armoede en gezondheid schrijven | Anouk | 1 februari 2027 | open | A. Visie |" in md


def test_steps_that_all_have_a_score_show_discussion_and_agenda_in_the_last(ws: Workspace) -> None:
    a = ws.load(ws.assessments_dir / STEPPED)
    q = ws.library.questionnaire(a.questionnaire)
    q2 = replace(q, steps=tuple(replace(s, scored=True) for s in q.steps))
    ws.library.questionnaires[q.id] = q2
    r = build_report(analysis_for(ws, a), lang="nl", generated=GENERATED)
    assert [s.shows for s in r.steps] == [["statements"], [], ["discussion", "actions"]]


def test_a_section_without_a_step_is_shown_after_the_steps(ws: Workspace) -> None:
    a = ws.load(ws.assessments_dir / STEPPED)
    q = ws.library.questionnaire(a.questionnaire)
    ws.library.questionnaires[q.id] = replace(q, sections=(q.sections[0], replace(q.sections[1], step=None)))
    r = build_report(analysis_for(ws, a), lang="nl", generated=GENERATED)
    assert [b.id for b in r.steps[0].sections] == ["thema-a"]
    assert [b.id for b in r.loose_sections] == ["thema-b"]
    assert [th.step for th in r.steps[1].themes] == ["stap-1", ""]
    md = render(r, "md").decode("utf-8")
    assert (
        md.index("## Stap 3: Actieagenda") < md.index("## Overige secties") < md.index("### B. Samenwerking\n\n| Nr.")
    )  # issue 12: numbers, not ids
    assert "Score uit de stellingen: 100% (1 van 2 stellingen met een score)" in md


# --- every format shows the three steps


def test_every_format_shows_steps_themes_notes_and_actions(ws: Workspace) -> None:
    r = stepped_report(ws)
    page = render(r, "html").decode("utf-8")
    html = re.sub(r"<[^>]+>", "", page)  # the text a reader sees
    md = render(r, "md").decode("utf-8").replace("**", "").replace("> ", "")
    pdf = " ".join(pdf_text(render(r, "pdf")).split())
    for text in (html, md, pdf):
        assert text.index("De balans opmaken") < text.index("Verdieping per thema") < text.index("Actieagenda")
        assert "Score uit stap 1: 50% (2 van 2 stellingen met een score)" in text
        assert "Hoe hangen armoede en gezondheid samen?" in text
        assert "Visie: samen één nota schrijven." in text and "‘eerst evalueren’" in text
        assert "Notitie van het team: Nog geen notitie." in text
        agenda = text[text.index("Actieagenda") :]
        # each action after its theme's heading, the one without a theme last
        assert (
            agenda.index("A. Visie")
            < agenda.index("Eén nota armoede en gezondheid schrijven")
            < agenda.index("B. Samenwerking")
            < agenda.index("Inwoners uitnodigen voor het overleg")
            < agenda.index("Zonder thema")
            < agenda.index("Budget voor 2027 navragen")
        )
    assert (
        "Stap 1 De balans opmaken" in html and "Stap 1: De balans opmaken" in md and "Stap 1: De balans opmaken" in pdf
    )
    assert page.count('<section class="step next">') == 2, "steps 2 and 3 start on a new printed page"
    assert "Actieplan" not in md and "Items per sectie" not in md, "the steps replace the flat parts"


def test_json_has_the_steps(ws: Workspace) -> None:
    doc = json.loads(render(stepped_report(ws), "json"))
    assert [s["id"] for s in doc["steps"]] == ["stap-1", "stap-2", "stap-3"]
    one, two, three = doc["steps"]
    assert set(one) == {"id", "number", "title", "description", "scored", "shows", "sections", "themes", "actions"}
    assert one["sections"] == ["thema-a", "thema-b"] and one["themes"] == [] and one["actions"] is None
    assert set(two["themes"][0]) == {
        "id",
        "title",
        "step",
        "score",
        "scored",
        "applicable",
        "items",
        "disagreements",
        "questions",
        "note",
        "actions",
    }
    assert two["themes"][0]["note"].startswith("Visie") and two["themes"][0]["score"] == 50
    assert three["actions"] == [
        {"section": "thema-a", "title": "A. Visie", "actions": ["a1"]},
        {"section": "thema-b", "title": "B. Samenwerking", "actions": ["a2"]},
        {"section": None, "title": "Zonder thema", "actions": ["a3"]},
    ]
    assert [s["step"] for s in doc["sections"]] == ["stap-1", "stap-1"]
    assert {x["id"]: x["sections"] for x in doc["actions"]} == {"a1": ["thema-a"], "a2": ["thema-b"], "a3": []}


def test_csv_has_a_step_column(ws: Workspace) -> None:
    # issue 12: the CSV stacks principle, statement and action rows; the step column comes with
    # the statement columns
    rows = list(csv.reader(io.StringIO(render(stepped_report(ws), "csv").decode("utf-8-sig")), delimiter=";"))
    at = rows[0].index("Stap")
    assert rows[0][at : at + 2] == ["Stap", "Onderdeel"]
    assert {r[at] for r in rows[1:] if r[0] == "stelling"} == {"Stap 1: De balans opmaken"}
    en = list(csv.reader(io.StringIO(render(stepped_report(ws, "en"), "csv").decode("utf-8-sig")), delimiter=","))
    at = en[0].index("Step")
    assert en[0][at : at + 2] == ["Step", "Part"]
    assert next(r for r in en[1:] if r[0] == "statement")[at] == "Step 1: Take stock"


def test_export_files_writes_the_steps(ws: Workspace) -> None:
    path = export_files(ws, [ws.assessments_dir / STEPPED], "md", None)
    assert path.name == "gemeente-toetsstad_toets-stappen_2026-10-27.md"
    assert "## Stap 2: Verdieping per thema" in path.read_text("utf-8")


# --- hostile text in the parts only a stepped report has

HOSTILE = '<script>alert(1)</script> [x](javascript:alert(1)) =HYPERLINK("http://evil") \u202eevil\u202c | a'


def test_hostile_theme_note_and_action_stay_inert(ws: Workspace) -> None:
    a = ws.load(ws.assessments_dir / STEPPED)
    a.section_notes["thema-a"] = HOSTILE + "\n- tweede regel"
    a.actions[0].what = HOSTILE
    r = build_report(analysis_for(ws, a), lang="nl", generated=GENERATED)
    html = render(r, "html").decode("utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html and "\u202e" not in html
    md = render(r, "md").decode("utf-8")
    assert "<script>" not in md and "\\[x\\]" in md and "\\<script\\>" in md and "\\- tweede regel" in md
    assert "a \\| a" not in md and "\\|" in md
    doc = json.loads(render(r, "json"))
    assert doc["steps"][1]["themes"][0]["note"].startswith("<script>")  # JSON keeps the text, escaped as JSON
    pdf = pdf_text(render(r, "pdf"))
    assert "alert(1)" in pdf


# --- in a real browser: printed, steps 2 and 3 each start on a new A4 page


def test_printed_html_shows_each_step_in_order(ws: Workspace, tmp_path: Path) -> None:
    """Issue 12 dropped the forced page break before each step (it left pages mostly empty);
    tests/test_export_print.py proves no page is mostly empty and no step heading is left alone
    at a page's foot."""
    import shutil
    import subprocess

    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    page = tmp_path / "steps.html"
    page.write_bytes(render(stepped_report(ws), "html"))
    pdf = tmp_path / "steps.pdf"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-extensions",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert pdf.is_file()
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(pdf)).pages)
    at = [
        text.index(f"Stap {n} {title}")
        for n, title in ((1, "De balans opmaken"), (2, "Verdieping per thema"), (3, "Actieagenda"))
    ]
    assert at == sorted(at)
