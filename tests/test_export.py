"""Management reports: golden files per format, read-backs (CSV, JSON, PDF), file names, the
combined report, the command line.

The fixed assessment lives in tests/golden/ (content/ and assessments/, every timestamp
frozen); the golden files beside them are the expected output. A difference fails with a
unified diff. To accept a deliberate change, regenerate them:

    SELFCHECK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_export.py

and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from selfcheck.core.content import Library, load_library
from selfcheck.core.export import build_report, export_analysis, export_files, render
from selfcheck.core.export.model import FORMAT_VERSION
from selfcheck.core.storage import Workspace
from selfcheck.i18n import set_language

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("SELFCHECK_UPDATE_GOLDEN") == "1"
GENERATED = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
ROUND = "gemeente-toetsstad_toets-vragenlijst_2026-10-20.toml"
PREVIOUS = "gemeente-toetsstad_toets-vragenlijst_2026-04-14.toml"
OTHER = "gemeente-toetsstad_toets-gesprek_2026-09-30.toml"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "exports.md"


# --- helpers (also used by test_export_hostile.py and test_export_chromium.py)


def golden_library() -> Library:
    lib = load_library(builtin=GOLDEN / "content")
    assert not lib.problems, lib.problems
    return lib


def golden_workspace(root: Path) -> Workspace:
    """A workspace in `root` with the fixed rounds of tests/golden/assessments."""
    ws = Workspace(root, library=golden_library())
    ws.ensure()
    for f in sorted((GOLDEN / "assessments").glob("*.toml")):
        shutil.copy(f, ws.assessments_dir / f.name)
    return ws


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; print a unified diff on a difference."""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8", newline="")
        return
    if not path.exists():
        pytest.fail(f"no golden file {path}; create it with SELFCHECK_UPDATE_GOLDEN=1")
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = list(
            difflib.unified_diff(
                expected.splitlines(), actual.splitlines(), f"golden/{name}", "actual", lineterm="", n=2
            )
        )
        shown = "\n".join(diff[:200]) + ("\n… (diff cut)" if len(diff) > 200 else "")
        pytest.fail(
            f"{name} differs from the golden file (SELFCHECK_UPDATE_GOLDEN=1 accepts a deliberate change):\n{shown}"
        )


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = []
    for n, page in enumerate(reader.pages, 1):
        lines = [" ".join(line.split()) for line in page.extract_text().splitlines()]
        pages.append(f"--- page {n}\n" + "\n".join(line for line in lines if line))
    return "\n".join(pages) + "\n"


def report_of(ws: Workspace, name: str = ROUND, lang: str = "nl", votes: str = "anonymous"):  # type: ignore[no-untyped-def]
    from selfcheck.core.export import analysis_for

    return build_report(
        analysis_for(ws, ws.load(ws.assessments_dir / name)), lang=lang, generated=GENERATED, votes=votes
    )


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return golden_workspace(tmp_path / "ws")


# --- golden files


@pytest.mark.parametrize("fmt", ["html", "md", "csv", "json"])
def test_golden_dutch(ws: Workspace, fmt: str) -> None:
    data = render(report_of(ws), fmt)
    check_golden(f"report.nl.{fmt}", data.decode("utf-8-sig") if fmt == "csv" else data.decode("utf-8"))


def test_golden_pdf_text(ws: Workspace) -> None:
    check_golden("report.nl.pdf.txt", pdf_text(render(report_of(ws), "pdf")))


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_golden_english(ws: Workspace, fmt: str) -> None:
    data = render(report_of(ws, lang="en"), fmt)
    check_golden(f"report.en.{fmt}", data.decode("utf-8-sig") if fmt == "csv" else data.decode("utf-8"))


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_golden_combined(ws: Workspace, fmt: str) -> None:
    from selfcheck.core.export import combined_analysis

    an, rounds = combined_analysis(ws, [ws.load(ws.assessments_dir / n) for n in (ROUND, OTHER)])
    data = render(build_report(an, rounds, lang="nl", generated=GENERATED), fmt)
    check_golden(f"combined.nl.{fmt}", data.decode("utf-8"))


def test_golden_files_are_deterministic(ws: Workspace) -> None:
    assert render(report_of(ws), "html") == render(report_of(ws), "html")
    assert render(report_of(ws), "pdf") == render(report_of(ws), "pdf")


STEPPED = "gemeente-toetsstad_toets-stappen_2026-10-27.toml"


def _before_appendix(text: str) -> str:
    """A report's text up to its technical appendix (the only place ids may appear)."""
    return text.split("Technische bijlage")[0]


@pytest.mark.parametrize("name", [ROUND, STEPPED])
def test_action_links_name_statements_and_themes_never_their_ids(ws: Workspace, name: str) -> None:
    """The action plan's "Over" column names a linked statement by its text (cut at a word), a
    theme by its title and a principle as "P2 …": never an internal id (reader pass, point 1)."""
    from selfcheck.core.report import short_statement

    r = report_of(ws, name)
    linked = [x for x in r.actions if x.items or x.sections]
    assert linked, "the golden round has actions linked to statements or themes"
    texts = {i.id: i.text for i in r.items()}
    titles = {s.id: s.title for s in r.sections}
    ids = [ref for x in linked for ref in x.items + x.sections]
    for x in linked:
        labels = x.about_labels()
        for iid in x.items:
            assert short_statement(texts[iid], 60) in labels
        for sid in x.sections:
            if sid in titles:
                assert titles[sid] in labels
        for p in x.principles:
            assert any(label.startswith(f"{p} ") for label in labels), labels
        assert not set(ids) & set(labels)
    human = {
        "html": _before_appendix(render(r, "html").decode("utf-8")),
        "md": _before_appendix(render(r, "md").decode("utf-8")),
        "pdf": _before_appendix(pdf_text(render(r, "pdf"))),
    }
    for fmt, text in human.items():
        for ref in ids:
            assert not re.search(rf"(?<![\w-]){re.escape(ref)}(?![\w-])", text), (fmt, ref)
    # CSV keeps ids in its id column only; its "Over" column is what a reader sees
    rows = _kind(_csv_rows(render(r, "csv"), ";"), "actie")
    assert rows
    for row, x in zip(rows, r.actions, strict=True):
        assert row["Over"] == "; ".join(x.about_labels())
        assert not set(ids) & set(row["Over"].split("; "))


# --- CSV


def _csv_rows(data: bytes, sep: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=sep))


def _kind(rows: list[list[str]], kind: str) -> list[dict[str, str]]:
    header = rows[0]
    return [dict(zip(header, r)) for r in rows[1:] if r[0] == kind]


def test_csv_reads_back_as_the_results(ws: Workspace) -> None:
    from selfcheck.core.export import analysis_for

    an = analysis_for(ws, ws.load(ws.assessments_dir / ROUND))
    rows = _csv_rows(render(report_of(ws, votes="named"), "csv"), ";")
    header = rows[0]
    participants = ["Anouk", "Bas", "Fatima El Amrani", "Joris"]
    # issue 12: every row carries organisation, team, questionnaire and round date, so rounds stack
    assert header[:5] == ["Soort regel", "Organisatie", "Team", "Vragenlijst", "Datum ronde"]
    assert all(len(r) == len(header) for r in rows)
    assert {r[0] for r in rows[1:]} == {"principe", "stelling", "actie"}
    assert all(
        r[1:5] == ["Gemeente Toetsstad", "Programmateam Gezond Toetsstad", "toets-vragenlijst", "2026-10-20"]
        for r in rows[1:]
    )
    for p in participants:
        assert f"Stem {p}" in header
    body = _kind(rows, "stelling")
    assert len(body) == len(an.items)
    for cell, r in zip(body, an.items):
        assert cell["Code in het bestand"] == r.item.id
        assert cell["Stelling"] == r.item.text.nl
        expected = (
            {None: "", "nvt": "n.v.t.", "weet-niet": "weet niet"}.get(r.value)
            if not isinstance(r.value, (int, float))
            else f"{r.value:g}".replace(".", ",")
        )
        assert cell["Teamscore"] == expected
        for p in participants:
            vote = r.answer.votes.get(p)
            want = (
                ""
                if vote is None
                else (f"{vote:g}" if isinstance(vote, int) else {"nvt": "n.v.t.", "weet-niet": "weet niet"}[vote])
            )
            assert cell[f"Stem {p}"] == want
        assert cell["Verschil hoogste en laagste stem"] == ("" if r.spread is None else f"{r.spread:g}")
        assert cell["Notitie"] == r.answer.note
        assert cell["Bespreken"] == ("ja" if r.answer.discuss else "nee")
        assert cell["Oneens"] == ("ja" if r.disagreement else "nee")
    netwerk = body[3]
    assert netwerk["Teamscore"] == "1,5" and netwerk["Basis teamscore"] == "mediaan"
    principles = _kind(rows, "principe")
    assert [p["Principe"] for p in principles] == [p.principle.id for p in an.principles]
    for cell, pr in zip(principles, an.principles):
        assert cell["Tekort (procentpunten)"] == ("" if pr.gap_points is None else str(pr.gap_points))
        assert cell["Op basis van (stellingen)"] == (str(pr.scored) if pr.applicable else "")
    actions = _kind(rows, "actie")
    assert [a["Code in het bestand"] for a in actions] == [x.id for x in an.assessment.actions]  # type: ignore[union-attr]


def test_csv_english_uses_comma_and_decimal_point(ws: Workspace) -> None:
    rows = _csv_rows(render(report_of(ws, lang="en"), "csv"), ",")
    netwerk = _kind(rows, "statement")[3]
    assert (
        netwerk["Code in the file"] == "t-netwerk"
        and netwerk["Team score"] == "1.5"
        and netwerk["Team score basis"] == "median"
    )


# --- JSON

JSON_SCHEMA: dict[str, type | tuple[type, ...]] = {
    "format_version": int,
    "kind": str,
    "language": str,
    "generated": str,
    "title": str,
    "organisation": str,
    "teams": list,
    "date": (str, type(None)),
    "participants": list,
    "votes": str,
    "rounds": list,
    "framework": dict,
    "units": dict,
    "rules": dict,
    "progress": dict,
    "overall": (int, float, type(None)),
    "scale": dict,
    "principles": list,
    "summary": dict,
    "trend": (dict, type(None)),
    "actions": list,
    "agenda": list,
    "sections": list,
    "steps": list,
    "method": str,
    "sources": list,
}
PRINCIPLE_KEYS = {
    "id",
    "name",
    "short",
    "status",
    "target",
    "score",
    "raw_score",
    "gap",
    "coverage",
    "enough_answers",
    "scored",
    "applicable",
    "unknown",
    "disagreements",
    "trend",
    "previous_score",
    "trend_from",
    "trend_to",
    "open_actions",
    "below_target",
    "narrow_basis",
    "trend_compared",
    "trend_of",
    "actions",
}
ITEM_KEYS = {
    "id",
    "questionnaire",
    "section",
    "text",
    "principles",
    "value",
    "value_text",
    "value_label",
    "source",
    "status",
    "votes",
    "spread",
    "disagreement",
    "note",
    "discuss",
    "previous",
    "scale_max",
}
ROUND_KEYS = {"questionnaire", "title", "version", "date", "team", "voting", "participants", "file"}
ACTION_KEYS = {"id", "what", "who", "due", "status", "overdue", "principles", "items", "sections", "questionnaire"}
SUMMARY_KEYS = {
    "complete",
    "unmeasured",
    "below_target",
    "gaps",
    "strengths",
    "disagreements",
    "coverage_warnings",
    "knowledge_gaps",
    "working_titles",
}


def test_json_matches_its_documented_structure(ws: Workspace) -> None:
    doc = json.loads(render(report_of(ws), "json"))
    assert set(doc) == set(JSON_SCHEMA)
    for key, kind in JSON_SCHEMA.items():
        assert isinstance(doc[key], kind), key
    assert doc["format_version"] == FORMAT_VERSION == 1
    assert doc["kind"] == "assessment" and doc["language"] == "nl"
    assert all(set(r) == ROUND_KEYS for r in doc["rounds"])
    assert set(doc["framework"]) == {"id", "name", "version"}
    assert doc["progress"] == {"answered": 9, "total": 10, "scored": 7, "applicable": 9, "unknown": 1}
    assert set(doc["scale"]) == {"min", "max", "disagreement", "levels"}
    assert all(set(p) == PRINCIPLE_KEYS for p in doc["principles"])
    assert [p["id"] for p in doc["principles"]] == [f"P{n}" for n in range(1, 10)]
    assert set(doc["summary"]) == SUMMARY_KEYS
    assert set(doc["trend"]) == {"previous_date", "previous_file", "principles", "compared", "from"}
    assert doc["trend"]["previous_date"] == "2026-04-14"
    assert all(set(a) == ACTION_KEYS for a in doc["actions"])
    assert all(set(a) == {"item", "reasons", "reason_text", "principles"} for a in doc["agenda"])
    items = [i for s in doc["sections"] for i in s["items"]]
    assert all(set(i) == ITEM_KEYS for i in items)
    netwerk = next(i for i in items if i["id"] == "t-netwerk")
    assert (
        netwerk["value"] == 1.5
        and netwerk["source"] == "median"
        and netwerk["votes"] == [{"value": 1, "count": 2}, {"value": 2, "count": 2}]
    )
    levensloop = next(i for i in items if i["id"] == "t-levensloop")
    assert levensloop["value"] == "weet-niet" and levensloop["status"] == "unknown"
    p7 = next(p for p in doc["principles"] if p["id"] == "P7")
    assert p7["score"] is None and p7["enough_answers"] is False and p7["status"] == "working-title"
    assert doc["summary"]["coverage_warnings"] == ["P7"]
    assert doc["summary"]["disagreements"] == ["t-doelgroep", "t-meebeslissen"]


def test_docs_list_every_json_field() -> None:
    text = DOCS.read_text("utf-8")
    for key in set(JSON_SCHEMA) | PRINCIPLE_KEYS | ITEM_KEYS | ROUND_KEYS | ACTION_KEYS | SUMMARY_KEYS:
        assert f"`{key}`" in text, f"docs/exports.md does not describe the JSON field {key!r}"
    assert "SELFCHECK_UPDATE_GOLDEN" in text


# --- PDF


def test_pdf_has_every_principle_the_notes_and_dutch_characters(ws: Workspace) -> None:
    data = render(report_of(ws), "pdf")
    assert data.startswith(b"%PDF-")
    text = " ".join(pdf_text(data).split())
    report = report_of(ws)
    for p in report.principles:
        assert p.name in text, p.name
    for note in (
        "Budget van € 12.500 is ‘voorlopig’ toegezegd; de wethouder zei: “eerst evalueren”.",
        "Coördinatie met de GGD loopt via één contactpersoon; naïef om te denken dat dit vanzelf gaat.",
        "Budget loopt eind 2027 af.",
    ):
        assert note in text
    for ch in "€‘’“”ëéï":
        assert ch in text
    assert "werktitel" in text and "Zo worden de cijfers berekend" in text


def test_pdf_uses_no_system_font() -> None:
    from selfcheck.core.export.pdf import font_files

    for path in font_files().values():
        assert path.is_file() and "font_source_sans_pro" in path.parts


# --- where it goes


def test_default_file_goes_into_the_exports_folder(ws: Workspace) -> None:
    path = export_files(ws, [ws.assessments_dir / ROUND], "html", None)
    assert path == ws.exports_dir / "gemeente-toetsstad_toets-vragenlijst_2026-10-20.html"
    assert path.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert not list(ws.exports_dir.glob(".*.tmp")), "atomic write leaves no temporary file"


def test_output_can_be_a_folder_or_a_file(ws: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    p1 = export_files(ws, [ws.assessments_dir / ROUND], "md", folder)
    assert p1 == folder / "gemeente-toetsstad_toets-vragenlijst_2026-10-20.md"
    p2 = export_files(ws, [ws.assessments_dir / ROUND], "json", tmp_path / "rapport.json")
    assert p2 == tmp_path / "rapport.json" and json.loads(p2.read_text("utf-8"))["format_version"] == 1


def test_output_in_a_missing_folder_is_a_clear_error(ws: Workspace, tmp_path: Path) -> None:
    from selfcheck.core.errors import SelfcheckError

    with pytest.raises(SelfcheckError, match="bestaat niet"):
        export_files(ws, [ws.assessments_dir / ROUND], "md", tmp_path / "nope" / "x.md")


def test_export_analysis_takes_an_analysis_an_assessment_or_a_path(ws: Workspace) -> None:
    from selfcheck.core.export import analysis_for

    a = ws.load(ws.assessments_dir / ROUND)
    p1 = export_analysis(ws, analysis_for(ws, a), "json", generated=GENERATED)
    p2 = export_analysis(ws, a, "json", generated=GENERATED)
    p3 = export_analysis(ws, ws.assessments_dir / ROUND, "json", generated=GENERATED)
    assert p1 == p2 == p3
    en = export_analysis(ws, a, "md", lang="en", generated=GENERATED)
    assert "# Reaching and involving residents (test)" in en.read_text("utf-8")
    from selfcheck.i18n import language

    assert language() == "nl", "the language is restored after an English export"


def test_combined_report_over_two_questionnaires(ws: Workspace) -> None:
    path = export_files(
        ws, [ws.assessments_dir / ROUND, ws.assessments_dir / OTHER, ws.assessments_dir / PREVIOUS], "json", None
    )
    assert path.name == "gemeente-toetsstad_gecombineerd_2026-10-20.json"
    doc = json.loads(path.read_text("utf-8"))
    assert doc["kind"] == "combined"
    assert [(r["questionnaire"], r["date"]) for r in doc["rounds"]] == [
        ("toets-gesprek", "2026-09-30"),
        ("toets-vragenlijst", "2026-10-20"),
    ]
    assert doc["progress"]["total"] == 13
    assert doc["teams"] == ["Wijkteam Noord", "Programmateam Gezond Toetsstad"]
    assert "Karim" in doc["participants"] and "Anouk" in doc["participants"]


def test_combined_report_needs_one_organisation(ws: Workspace) -> None:
    from selfcheck.core.errors import SelfcheckError

    other = (ws.assessments_dir / OTHER).read_text("utf-8").replace("Gemeente Toetsstad", "Gemeente Elders")
    (ws.assessments_dir / "elders.toml").write_text(other, "utf-8")
    with pytest.raises(SelfcheckError, match="één organisatie"):
        export_files(ws, [ws.assessments_dir / ROUND, ws.assessments_dir / "elders.toml"], "md", None)


# --- command line


def _cli(ws: Workspace, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SELFCHECK_WORKSPACE=str(ws.root))
    return subprocess.run(
        [sys.executable, "-m", "selfcheck", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_cli_export_prints_the_path_written(ws: Workspace) -> None:
    # The CLI loads the shipped content; the fixture content goes in the workspace's questionnaires/.
    ws.content_dir.mkdir(exist_ok=True)
    for f in (GOLDEN / "content").glob("*.toml"):
        shutil.copy(f, ws.content_dir / f.name)
    out = _cli(ws, "export", str(ws.assessments_dir / ROUND), "-f", "md")
    assert out.returncode == 0, out.stderr
    path = Path(out.stdout.strip())
    assert path == ws.exports_dir / "gemeente-toetsstad_toets-vragenlijst_2026-10-20.md" and path.is_file()
    out = _cli(
        ws, "--lang", "en", "export", str(ws.assessments_dir / ROUND), str(ws.assessments_dir / OTHER), "-f", "csv"
    )
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()).name == "gemeente-toetsstad_combined_2026-10-20.csv"
    bad = _cli(ws, "export", str(ws.root / "missing.toml"))
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr


# --- layering


def test_export_modules_import_without_textual_or_rich() -> None:
    code = (
        "import importlib, sys\n"
        "for m in ('model', 'common', 'charts', 'html', 'pdf', 'markdown', 'csv', 'json'):\n"
        "    importlib.import_module('selfcheck.core.export.' + m)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_html_is_self_contained(ws: Workspace) -> None:
    page = render(report_of(ws), "html").decode("utf-8")
    assert "<script" not in page.lower()
    assert not re.search(r"""\b(src|href|xlink:href|action|srcset)\s*=""", page, re.I)
    assert "@import" not in page and "url(" not in page and "@font-face" not in page
    assert "@page { size: A4" in page and "break-inside: avoid" in page
    assert page.count("<svg ") == 2 and page.count("<title id=") == 2 and page.count("<desc id=") == 2
    set_language("nl")


def test_every_format_shows_where_a_trend_starts(tmp_path: Path) -> None:
    """A reader's case (demo 'Inwoners bereiken', P5): 50 % in April over all its statements,
    45 % now, ▲ +5 on the 9 of 11 statements scored in both rounds. Every format gives the
    figure the trend starts from (40 %, on the same statements) beside the old previous score,
    so the shown numbers add up, and on how many statements it rests."""
    from selfcheck.core.demo import demo_workspace
    from selfcheck.core.export import analysis_for

    set_language("nl")
    demo = demo_workspace(tmp_path / "demo")
    an = analysis_for(demo, demo.load(demo.assessments_dir / "demo_inwoners-betrekken_2026-10-20.toml"))
    r = build_report(an, lang="nl", generated=GENERATED)
    data = json.loads(render(r, "json"))
    p5 = next(p for p in data["principles"] if p["id"] == "P5")
    assert (round(p5["previous_score"]), round(p5["score"]), p5["trend"]) == (50, 45, 5)  # the old fields stay
    assert (p5["trend_from"], p5["trend_to"], p5["trend_compared"], p5["trend_of"]) == (40, 45, 9, 11)
    assert p5["trend_to"] - p5["trend_from"] == p5["trend"]
    assert data["trend"]["from"]["P5"] == {"previous": 40, "now": 45}
    rows = _kind(_csv_rows(render(r, "csv"), ";"), "principe")
    csv_p5 = next(row for row in rows if row["Principe"] == "P5")
    assert csv_p5["Vorige ronde op dezelfde stellingen (%)"] == "40"
    assert csv_p5["Deze ronde op dezelfde stellingen (%)"] == "45"
    assert csv_p5["Verschil vergeleken op (stellingen)"] == "9/11"
    cell = "▲ +5 (40% → 45%, 9/11)"
    summary = "P5 40% → 45% (hele rondes: 50% → 45%)"
    for fmt in ("html", "md"):
        text = render(r, fmt).decode("utf-8")
        assert cell in text and summary in text, fmt
    pdf = " ".join(pdf_text(render(r, "pdf")).split())
    assert cell in pdf and summary in pdf


def test_without_votes_per_person_no_report_claims_zero_disagreements(ws: Workspace) -> None:
    """Voting "open" with participants, answered with team scores only (as `selfcheck answer`
    does): nobody can see disagreement, so no report says "0" or "nee" (reader pass, point 2)."""
    from statistics import median

    from selfcheck.core.export import analysis_for
    from selfcheck.core.report import text_report

    a = ws.load(ws.assessments_dir / ROUND)
    assert a.voting == "open" and a.participants
    for ans in a.answers.values():
        if ans.score is None and ans.votes:
            numbers = [v for v in ans.votes.values() if isinstance(v, (int, float))]
            ans.score = median(numbers) if numbers else next(iter(ans.votes.values()))
        ans.votes = {}
    an = analysis_for(ws, a)
    r = build_report(an, lang="nl", generated=GENERATED)
    assert not r.header.voted and not r.disagreements
    said = "Er zijn geen stemmen per persoon vastgelegd"
    for fmt in ("html", "md"):
        text = render(r, fmt).decode("utf-8")
        assert said in text, fmt
        assert "Bij geen enkele stelling liggen de stemmen" not in text, fmt
    pdf = " ".join(pdf_text(render(r, "pdf")).split())
    assert "geen stemmen per persoon" in pdf and "Bij geen enkele stelling liggen" not in pdf
    assert "0 stellingen waarover het team het oneens was" not in pdf
    md = render(r, "md").decode("utf-8")
    lines = md.splitlines()
    head = next(n for n, line in enumerate(lines) if line.startswith("| Principe |") and "| Oneens |" in line)
    col = [x.strip() for x in lines[head].split("|")].index("Oneens")
    body = [line for line in lines[head + 2 :] if line.startswith("| P")][:9]
    assert body and all([x.strip() for x in line.split("|")][col] == "–" for line in body)
    rows = _csv_rows(render(r, "csv"), ";")
    statements = _kind(rows, "stelling")
    assert statements and all(s["Oneens"] == "" for s in statements)
    text_lines = text_report(an).splitlines()
    head_line = next(line for line in text_lines if line.startswith("Principe ") and " Oneens " in line)
    at = head_line.index(" Oneens ") + 1
    p_lines = [line for line in text_lines if re.match(r"P\d ", line)][:9]
    assert p_lines and all(line[at] == "–" for line in p_lines)
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(io.BytesIO(render(r, "xlsx")))
    for sheet in wb:
        head = [c.value for c in sheet[1]]
        if "Oneens" in head:
            col = head.index("Oneens")
            assert all(row[col].value in (None, "") for row in sheet.iter_rows(min_row=2)), sheet.title


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", [ROUND, OTHER, STEPPED])
def test_pdf_table_headers_wrap_only_at_spaces(ws: Workspace, name: str, lang: str) -> None:
    """Every word of every PDF table header is whole in the PDF: 'Tekort (procentpunt' / 'en)',
    'Oneen' / 's' were broken mid-word at the widths used (reader pass, point 3)."""
    from selfcheck.core.export import pdf as pdfmod

    r = report_of(ws, name, lang=lang)
    heads: list[str] = []
    original = pdfmod._table

    def spy(pdf, header, rows, widths, align=None):  # type: ignore[no-untyped-def]
        heads.extend(header)
        return original(pdf, header, rows, widths, align)

    pdfmod._table = spy  # type: ignore[assignment]
    try:
        data = render(r, "pdf")
    finally:
        pdfmod._table = original  # type: ignore[assignment]
    assert heads  # tables were drawn
    words = set(pdf_text(data).split())
    for h in heads:
        for word in h.split():
            assert word in words, (h, word)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_markdown_source_links_are_clean(ws: Workspace, lang: str) -> None:
    """A source's address in Markdown is the address itself, clickable and copyable: no
    invisible U+2060 word joiners (`https:⁠//www⁠.pharos.nl…`; reader pass, point 4)."""
    r = report_of(ws, lang=lang)
    urls = [s.url for s in r.sources if s.url]
    assert urls
    text = render(r, "md").decode("utf-8")
    for u in urls:
        assert f"<{u}>" in text
    sources = text.split(f"### {'Bronnen' if lang == 'nl' else 'Sources'}")[1].split("###")[0]
    assert "\u2060" not in sources


def test_markdown_url_is_an_autolink_only_when_it_is_a_plain_web_address() -> None:
    from selfcheck.core.export.markdown import url

    assert url("https://www.pharos.nl/kennisbank/x?a=1&b=2") == "<https://www.pharos.nl/kennisbank/x?a=1&b=2>"
    for bad in ("javascript:alert(1)", "https://a.b/x>y", "https://a b", "https://a.b/x\u2060y", "ftp://a.b"):
        assert not url(bad).startswith("<"), bad
