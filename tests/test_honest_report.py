"""Issue 12: every format tells the truth about where the team stands (docs/exports.md, "What
page 1 may say"). Each test fails on the code before issue 12 and passes after."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, date, datetime

import pytest
from helpers import assessment, framework, item, principle, questionnaire

from selfcheck.core.export import build_report, render
from selfcheck.core.model import UNKNOWN, Action, Text
from selfcheck.core.report import compare_report, text_report
from selfcheck.core.scoring import NARROW_BASIS, analyse, compare
from selfcheck.i18n import set_language

GENERATED = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
FW9 = dataclasses.replace(
    framework(*(principle(f"P{n}", 67) for n in range(1, 10))), name=Text("Negen principes", "Nine principles")
)
# 20 statements spread over 9 principles (P1..P9 get 3, 3, 2, 2, 2, 2, 2, 2, 2)
SERVES = [f"P{1 + n % 9}" for n in range(20)]
Q20 = questionnaire(
    *(
        dataclasses.replace(
            item(f"s{n:02d}", {SERVES[n]: 1}), text=Text(f"We doen onderdeel {n + 1} van het plan.", f"Part {n + 1}.")
        )
        for n in range(20)
    )
)
FORMATS = ("html", "md", "csv", "json", "pdf", "xlsx")
NO_GAP_CLAIMS = (
    "Elk principe haalt zijn doel",
    "Geen kloven",
    "0 principes onder het doel",
    "Every principle meets its target",
    "No gaps",
)


@pytest.fixture(autouse=True)
def dutch() -> None:
    set_language("nl")


def _text(data: bytes, fmt: str) -> str:
    if fmt == "xlsx":
        import io

        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(data))
        return "\n".join(str(c.value) for sheet in wb for row in sheet.iter_rows() for c in row if c.value is not None)
    if fmt == "pdf":
        import io

        from pypdf import PdfReader

        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8-sig")


def low_coverage():  # type: ignore[no-untyped-def]
    """12 of 20 answers "weet niet"; the 8 others all 3, so every measured principle meets its target."""
    answers = {f"s{n:02d}": (UNKNOWN if n < 12 else 3) for n in range(20)}
    return assessment(answers, when=date(2026, 10, 20))


def test_twelve_of_twenty_unknown_makes_no_no_gaps_claim_in_any_format() -> None:
    an = analyse(low_coverage(), Q20, FW9)
    assert not an.complete and an.strengths == []
    report = build_report(an, lang="nl", generated=GENERATED)
    for fmt in FORMATS:
        text = _text(render(report, fmt), fmt)
        for claim in NO_GAP_CLAIMS:
            assert claim not in text, (fmt, claim)
        if fmt in ("html", "md", "pdf"):
            # coverage first: the sentence comes before the first percentage on page 1
            first = text.index("van 9 principes: te weinig antwoorden voor een score")
            summary = text.index("Samenvatting")
            assert first < text.index("%", summary), fmt
            assert "Nog niet te zeggen wat het beste gaat" in " ".join(text.split()), fmt
            assert "geen totaalscore" in " ".join(text.split()), fmt  # 8 of 20 scored: withheld
    doc = json.loads(render(report, "json"))
    assert doc["summary"]["complete"] is False and doc["summary"]["strengths"] == []
    assert doc["overall"] is None and doc["summary"]["unmeasured"]
    plain = text_report(an)
    assert not any(claim in plain for claim in NO_GAP_CLAIMS) and "te weinig antwoorden voor een score" in plain


def test_an_unmeasured_principle_is_never_drawn_as_zero() -> None:
    report = build_report(analyse(low_coverage(), Q20, FW9), lang="nl", generated=GENERATED)
    html = render(report, "html").decode()
    radar = html[html.index('aria-labelledby="radar-title') : html.index("</svg>")]
    # no score shape through the centre; a dot only for measured principles
    assert 'fill-opacity="0.25"' not in radar
    assert radar.count("<circle") == len([p for p in report.principles if p.score is not None])
    md = render(report, "md").decode()
    for p in report.unmeasured:
        row = next(line for line in md.splitlines() if line.startswith(f"| {p.id} "))
        assert "···" in row and "0%" not in row


def test_the_trend_compares_only_statements_scored_in_both_rounds() -> None:
    """Two rounds where one statement goes from "weet niet" to 1: no trend from it alone."""
    q = questionnaire(item("a", {"P1": 1}), item("b", {"P1": 1}), item("c", {"P1": 1}), item("d", {"P2": 1}))
    fw = framework(principle("P1", 67), principle("P2", 67))
    old = assessment({"a": 3, "b": 3, "c": UNKNOWN, "d": 2}, when=date(2026, 4, 1))
    new = assessment({"a": 3, "b": 3, "c": 1, "d": 2}, when=date(2026, 10, 1))
    an = analyse(new, q, fw, old)
    p1 = an.principle("P1")
    assert p1 is not None and p1.score is not None and round(p1.score) == 78  # 7/9 now, 6/6 before
    assert p1.trend == 0.0 and (p1.trend_compared, p1.trend_of) == (2, 3)
    cmp = compare(analyse(old, q, fw), analyse(new, q, fw))
    assert cmp.principles[0].delta == 0.0
    text = compare_report(cmp, "oud.toml", "nieuw.toml")
    assert "vergeleken op 2 van 3 stellingen" in text and "−22" not in text
    report = build_report(an, lang="nl", generated=GENERATED)
    for fmt in ("html", "md", "pdf"):
        body = " ".join(_text(render(report, fmt), fmt).split())
        assert "Grootste daling" not in body and "−22" not in body, fmt
    assert json.loads(render(report, "json"))["trend"]["principles"]["P1"] == 0


def test_units_are_percentage_points_and_shown_numbers_add_up() -> None:
    # P1 at 1/3 = 33.3 % against 67: shown 33 and 67, so 34 points short (never 33 or 34 %)
    q = questionnaire(item("a", {"P1": 1}), item("b", {"P1": 1}), item("c", {"P1": 1}))
    fw = framework(principle("P1", 67))
    report = build_report(analyse(assessment({"a": 1, "b": 1, "c": 1}), q, fw), lang="nl", generated=GENERATED)
    for fmt in ("html", "md", "pdf"):
        body = " ".join(_text(render(report, fmt), fmt).split())
        assert "score 33%, doel 67%: 34 procentpunten te kort" in body, fmt
        assert not re.search(r"\d+ ?% te kort", body), fmt
        for score, target, short in re.findall(r"score (\d+)%, doel (\d+)%: (\d+) procentpunten", body):
            assert int(target) - int(score) == int(short)
    doc = json.loads(render(report, "json"))
    assert doc["principles"][0]["gap"] == 34 and doc["units"]["gap"] == "percentage points"


def test_every_score_says_its_basis_and_a_narrow_basis_is_marked() -> None:
    assert NARROW_BASIS == 3
    q = questionnaire(item("a", {"P1": 1}), item("b", {"P2": 1}), item("c", {"P2": 1}), item("d", {"P2": 1}))
    fw = framework(principle("P1", 50), principle("P2", 90))
    report = build_report(analyse(assessment({"a": 3, "b": 1, "c": 1, "d": 2}), q, fw), lang="nl", generated=GENERATED)
    assert [p.id for p in report.strengths] == ["P1"] and report.principles[0].narrow
    for fmt in ("html", "md", "pdf"):
        body = " ".join(_text(render(report, fmt), fmt).split())
        assert "(op basis van 1 stelling, een smalle basis)" in body, fmt  # the strength, marked
        assert "(op basis van 3 stellingen)" in body, fmt  # the gap, not narrow
    doc = json.loads(render(report, "json"))
    assert [p["narrow_basis"] for p in doc["principles"]] == [True, False]
    assert doc["rules"]["narrow_basis"] == NARROW_BASIS


def test_page_one_says_what_we_will_do_about_each_largest_gap() -> None:
    q = questionnaire(item("a", {"P1": 1}), item("b", {"P2": 1}))
    fw = framework(principle("P1", 80), principle("P2", 80))
    actions = [
        Action("x1", "Wijkavond organiseren", who="Anouk", due=date(2026, 9, 1), principles=["P1"]),
        Action("x2", "Klaar", who="Bas", status="done", principles=["P2"]),
    ]
    report = build_report(analyse(assessment({"a": 1, "b": 0}, actions=actions), q, fw), lang="nl", generated=GENERATED)
    assert report.actions[0].overdue and not report.actions[1].overdue
    for fmt in ("html", "md", "pdf"):
        body = " ".join(_text(render(report, fmt), fmt).split())
        page1 = body[: body.index("Principes hoger") if "Principes hoger" in body else len(body)]
        assert "Wijkavond organiseren — Anouk, uiterlijk 1 september 2026 (te laat)" in page1, fmt
        assert "nog geen actie" in page1, fmt  # P2's only action is done
    doc = json.loads(render(report, "json"))
    assert doc["actions"][0]["overdue"] is True
    csv_text = render(report, "csv").decode("utf-8-sig")
    assert "actie;Gemeente Test" in csv_text and "Wijkavond organiseren" in csv_text


def test_json_counts_below_target_as_the_report_does() -> None:
    # P1 at 66.67 against 67: shown 67 vs 67, not below target; P2 at 33 vs 67: below
    q = questionnaire(item("a", {"P1": 1}), item("b", {"P2": 1}))
    fw = framework(principle("P1", 67), principle("P2", 67))
    report = build_report(analyse(assessment({"a": 2, "b": 1}), q, fw), lang="nl", generated=GENERATED)
    doc = json.loads(render(report, "json"))
    below = [p["id"] for p in doc["principles"] if p["gap"]]
    assert below == doc["summary"]["below_target"] == [p.id for p in report.below_target] == ["P2"]
    html = render(report, "html").decode()
    assert '<div class="key"><b>1</b><span>principes onder het doel</span>' in html


JARGON = re.compile(r"\b(kloof|kloven|dekking|spreiding|kennislacunes?|stemwijze|kader|items?)\b|item\(s\)", re.I)


@pytest.mark.parametrize("fmt", ["html", "md", "pdf"])
def test_a_voted_round_speaks_plain_dutch_too(fmt: str) -> None:
    """With votes per person the statement lines say how far the votes lie apart: in plain
    words, not 'spreiding' (the PDF said 'Spreiding: 1' under every voted statement)."""
    from selfcheck.core.model import Answer

    people = ["Anna", "Bram", "Chris"]
    answers = {
        f"s{n:02d}": Answer(score=n % 4, votes={p: (n + k) % 4 for k, p in enumerate(people)}) for n in range(20)
    }
    report = build_report(analyse(assessment(answers, participants=people), Q20, FW9), lang="nl", generated=GENERATED)
    text = _text(render(report, fmt), fmt)
    if fmt == "html":
        text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
    body, _, _appendix = text.partition("Technische bijlage")
    found = sorted({m.group(0).lower() for m in JARGON.finditer(body)})
    assert not found, found


@pytest.mark.parametrize("fmt", ["html", "md", "pdf"])
def test_reports_speak_plain_dutch_and_show_ids_only_in_the_appendix(fmt: str) -> None:
    report = build_report(analyse(low_coverage(), Q20, FW9), lang="nl", generated=GENERATED)
    text = _text(render(report, fmt), fmt)
    if fmt == "html":
        text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
    body, _, appendix = text.partition("Technische bijlage")
    assert appendix, "a technical appendix"
    found = sorted({m.group(0).lower() for m in JARGON.finditer(body)})
    assert not found, found
    assert not re.search(r"\bs\d\d\b", body), "statement ids only in the appendix"
    assert "s00" in appendix
    assert "zelfevaluatie" in body
