"""Hostile text in every user field, through every format: nothing runs, nothing breaks,
nothing escapes the export folder."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_export import GENERATED, golden_workspace, pdf_text

from selfcheck.core.export import export_analysis, render
from selfcheck.core.export.model import clean
from selfcheck.core.model import Action, Answer, Assessment
from selfcheck.core.storage import Workspace

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
MD_LINK = "[click](javascript:alert(1))"
FORMULA = '=HYPERLINK("http://x")'
RTL = "مرحبا بالعالم שלום \u202eevil\u202c"
EMOJI = "👩‍⚕️🏳️‍🌈 emoji"
BIG = ("Lange notitie " * 7200)[:99_000] + "€ einde"
HOSTILE = [
    SCRIPT,
    IMG,
    JS_URL,
    MD_LINK,
    FORMULA,
    RTL,
    EMOJI,
    "a | b `c` *d* _e_ <f> \n- g\n# h",
    "+SUM(1)",
    "-1+1",
    "@cmd",
    "\tTAB",
    "\rCR",
    "'; DROP TABLE",
    "&lt;script&gt;",
    "<a href='javascript:alert(1)'>x</a>",
]


def hostile_assessment(ws: Workspace) -> Assessment:
    q = ws.library.questionnaire("toets-vragenlijst")
    names = [SCRIPT, IMG, FORMULA, RTL, EMOJI, MD_LINK, "Anouk", "-Bas"]
    a = Assessment(
        questionnaire=q.id,
        questionnaire_version=q.version,
        organisation=f"{SCRIPT}{IMG}../../etc/CON",
        team=f"{MD_LINK} {JS_URL} {FORMULA}",
        date=date(2026, 10, 20),
        voting="open",
        participants=names,
        created=GENERATED,
        updated=GENERATED,
    )
    for n, item in enumerate(q.items):
        votes = {name: (k + n) % 4 for k, name in enumerate(names)}
        note = BIG if n == 0 else HOSTILE[n % len(HOSTILE)] + " € " + HOSTILE[(n + 3) % len(HOSTILE)]
        a.answers[item.id] = Answer(
            score=n % 4 if n % 3 else None, votes=votes, note=note, discuss=bool(n % 2), updated=GENERATED
        )
    for k, text in enumerate(HOSTILE):
        a.actions.append(
            Action(
                id=f"a{k}",
                what=text,
                who=HOSTILE[-k - 1],
                due=date(2027, 1, 1 + k),
                status="open",
                principles=["P1"],
                items=[q.items[0].id],
                created=GENERATED,
                updated=GENERATED,
            )
        )
    a.path = ws.assessments_dir / "hostile.toml"
    return a


@pytest.fixture
def hostile(tmp_path: Path):  # type: ignore[no-untyped-def]
    from selfcheck.core.export import analysis_for, build_report

    ws = golden_workspace(tmp_path / "ws")
    a = hostile_assessment(ws)
    return ws, a, build_report(analysis_for(ws, a), generated=GENERATED, votes="named")  # names are hostile too


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += [(k, v or "") for k, v in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "header",
    "p",
    "h1",
    "h2",
    "h3",
    "dl",
    "dt",
    "dd",
    "section",
    "div",
    "b",
    "span",
    "svg",
    "desc",
    "polygon",
    "line",
    "text",
    "circle",
    "rect",
    "ol",
    "ul",
    "li",
    "br",
    "bdi",
    "figure",
    "figcaption",
    "table",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "footer",
}


def test_html_has_nothing_executable(hostile) -> None:  # type: ignore[no-untyped-def]
    _ws, _a, report = hostile
    page = render(report, "html").decode("utf-8")
    low = page.lower()
    assert "<script" not in low
    assert "onerror=" not in low
    assert "<img" not in low and "<a " not in low and "<iframe" not in low
    p = _Collector()
    p.feed(page)
    assert p.tags <= ALLOWED_TAGS, p.tags - ALLOWED_TAGS
    for name, value in p.attrs:
        assert not name.startswith("on"), name
        assert name not in ("src", "href", "xlink:href", "action", "formaction", "srcset"), name
        assert "javascript:" not in value.lower(), (name, value)
    text = "".join(p.text)
    # the hostile text is still there, as text
    assert SCRIPT in text and IMG in text and MD_LINK in text and "€ einde" in text
    assert "\u202e" not in page, "bidi override characters are removed"
    assert "مرحبا بالعالم" in text and "👩‍⚕️" in text


def test_markdown_cannot_form_links_html_or_break_tables(hostile) -> None:  # type: ignore[no-untyped-def]
    _ws, _a, report = hostile
    text = render(report, "md").decode("utf-8")
    assert not re.search(r"(?<!\\)<(script|img|a |iframe)", text), "no HTML tag can form"
    assert "](" not in text.replace("\\](", ""), "no [text](url) link can form"
    assert not re.search(r"(?<!\\)\[[^\]\n]*(?<!\\)\]\(", text)
    # the questionnaire's own source addresses (content, not user text) are written clean, as <url>
    users = text
    for s in report.sources:
        users = users.replace(f"<{s.url}>", "")
    assert "http://" not in users and "https://" not in users, "bare URLs are broken up so they do not autolink"
    for line in text.splitlines():
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)
            assert len(cells) - 2 == _columns(text, line), line[:200]
    assert "\\[click\\]" in text and "\\<script\\>" in text


def _columns(text: str, line: str) -> int:
    """The number of columns of the table this line belongs to (its header row's)."""
    lines = text.splitlines()
    i = lines.index(line)
    while i > 0 and lines[i - 1].startswith("|"):
        i -= 1
    return len(re.split(r"(?<!\\)\|", lines[i])) - 2


def test_csv_neutralises_formulas_and_reads_back(hostile) -> None:  # type: ignore[no-untyped-def]
    _ws, a, report = hostile
    data = render(report, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    header = rows[0]
    body = [r for r in rows[1:] if r[0] == "stelling"]
    assert len(body) == len(a.answers)
    assert all(len(r) == len(header) for r in rows)
    for cell in [c for r in rows for c in r]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell[:40]
    assert "Stem -Bas" in header and f"Stem {FORMULA}" in header
    notes = [dict(zip(header, r))["Notitie"] for r in body]
    assert notes[0] == clean(BIG)
    assert any(n.startswith("'" + FORMULA) for n in notes)


def test_csv_cell_guard() -> None:
    from selfcheck.core.export.csv import safe_cell

    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", FORMULA):
        assert safe_cell(bad) == "'" + bad
    assert safe_cell("gewoon") == "gewoon" and safe_cell("") == ""


def test_json_keeps_the_text_exactly(hostile) -> None:  # type: ignore[no-untyped-def]
    _ws, a, report = hostile
    doc = json.loads(render(report, "json"))
    assert doc["organisation"] == clean(a.organisation)
    items = [i for s in doc["sections"] for i in s["items"]]
    assert items[0]["note"] == clean(BIG)
    assert [x["what"] for x in doc["actions"]] == [clean(x) for x in HOSTILE]
    assert set(items[1]["votes"]) == {clean(n) for n in a.participants}


def test_pdf_renders_and_keeps_what_the_font_can_show(hostile) -> None:  # type: ignore[no-untyped-def]
    _ws, _a, report = hostile
    data = render(report, "pdf")
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = pdf_text(data)
    assert "<script>alert(1)</script>" in " ".join(text.split())
    assert "ingekort" in text, "the 100 kB note is shortened, with a remark"
    assert b"/JavaScript" not in data and b"/URI" not in data and b"/Launch" not in data


@pytest.mark.parametrize(
    "org",
    [
        "../../etc",
        "CON",
        'a/b\\c:d*e?f"g<h>i|j',
        "x" * 500,
        "🏳️‍🌈🎉",
        "",
        " .. ",
        "nul.txt",
        "COM1",
        "Gemeente Súdwest-Fryslân",
    ],
)
def test_file_names_from_user_text_stay_in_the_exports_folder(tmp_path: Path, org: str) -> None:
    ws = golden_workspace(tmp_path / "ws")
    a = hostile_assessment(ws)
    a.organisation = org
    a.answers = {}
    a.actions = []
    path = export_analysis(ws, a, "md", generated=GENERATED)
    assert path.parent == ws.exports_dir.resolve() or path.parent == ws.exports_dir
    assert path.resolve().parent == ws.exports_dir.resolve()
    name = path.name
    assert re.fullmatch(r"[a-z0-9-]+_[a-z0-9-]+_\d{4}-\d{2}-\d{2}\.md", name), name
    assert len(name) <= 120
    stem = name.split(".")[0].split("_")[0]
    assert stem.lower() not in {
        "con",
        "prn",
        "aux",
        "nul",
        *(f"com{i}" for i in range(1, 10)),
        *(f"lpt{i}" for i in range(1, 10)),
    }
    assert path.is_file()


def test_every_format_survives_the_hostile_assessment(hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, a, _report = hostile
    for fmt in ("html", "pdf", "md", "csv", "json"):
        path = export_analysis(ws, a, fmt, generated=GENERATED)
        assert path.resolve().parent == ws.exports_dir.resolve() and path.stat().st_size > 500


def test_generated_time_is_utc_in_the_report(hostile) -> None:  # type: ignore[no-untyped-def]
    _ws, _a, report = hostile
    assert report.header.generated == datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
