"""Issue 15: the shipped content says what its sources really say, and is honest where it is not.

- GezondIn's eight pillars carry the source's names;
- the poverty-and-health tool has the source's structure (stock-take, six themes in step 2,
  action agenda) — every theme's step is pinned here;
- statements about one's own practice use a frequency scale with 0-3 values;
- sources have a year or "unknown" (never a guessed year), and the doubtful facts stay fixed;
- a reconstructed questionnaire or statement is marked (`status = "reconstructed"`), checked by
  validation, and shown in the app's answering screen and in every report format;
- the B1 check catches the classes of mistakes the issue found, over all shipped content.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from helpers import ROOT

from selfcheck import cli
from selfcheck.core.checker import Checker
from selfcheck.core.content import questionnaire_from
from selfcheck.core.export import export_files
from selfcheck.core.model import Answer, Assessment, Text
from selfcheck.core.readability import ANGLICISMS, AVOID, b1_warnings, two_in_one
from selfcheck.core.storage import Workspace
from selfcheck.i18n import set_language

AG = "armoede-gezondheid"
GGP = "goed-gesprek-professional"


# --- GezondIn's eight pillars


def test_the_eight_pillars_have_the_sources_names(library) -> None:
    """'Acht jaar resultaten: 5 sporen van de integrale aanpak' (GezondIn): all eight pillars.
    Z7 and Z8 were working titles that are no pillars ('Integraal samenwerken', 'Wijkgericht en
    voor de lange termijn')."""
    fw = library.frameworks["gezondin"]
    pillars = {p.id: p.name.nl for p in fw.principles if p.group is not None and p.group.en == "Pillar"}
    assert pillars == {
        "Z1": "Bestuurlijke betrokkenheid",
        "Z2": "Burgers zijn hoofdrolspelers",
        "Z3": "Differentiatie is een must",
        "Z4": "Monitoren voortgang en resultaten",
        "Z5": "Proces even belangrijk als inhoud",
        "Z6": "Publiek en privaat",
        "Z7": "Synergie circuits",
        "Z8": "Sociale marketing op alle niveaus",
    }
    assert all(p.status == "confirmed" for p in fw.principles), "every name is now the source's"
    names = {p.name.nl for p in fw.principles}
    assert not names & {"Integraal samenwerken", "Wijkgericht en voor de lange termijn"}
    # the descriptions of Z7 and Z8 could not be confirmed: the file says so
    text = (ROOT / "questionnaires" / "gezondin.toml").read_text("utf-8")
    assert "NIET BEVESTIGD: de beschrijvingen van Z7 en Z8" in text


def test_items_serve_the_new_pillars_for_what_they_are(library) -> None:
    """Z7 (synergy: policy, practice and residents linked) and Z8 (social marketing: the group's
    own eyes, language and channels) are served only by items that are about that."""
    served: dict[str, set[str]] = {"Z7": set(), "Z8": set()}
    for q in library.questionnaires.values():
        for it in q.items:
            for pid in it.weights("gezondin"):
                if pid in served:
                    served[pid].add(it.id)
    assert served["Z8"] == {
        "ib-bereiken-vindplaatsen",
        "ib-bereiken-taal",
        "ib-bereiken-beeld",
        "ib-bereiken-getest",
        "ib-betrekken-thema",
        "ib-betrekken-cultuur",
    }
    assert "ggo-beleid-financiering" not in served["Z7"] and "ag-thema-f-capaciteit" not in served["Z8"]
    assert {"ag-thema-c-doelen", "ggo-beleid-visie"} <= served["Z7"]


# --- the poverty-and-health tool


THEME_STEPS = {
    "balans": "stap-1",
    "thema-a": "stap-2",
    "thema-b": "stap-2",
    "thema-c": "stap-2",
    "thema-d": "stap-2",
    "thema-e": "stap-2",
    "thema-f": "stap-2",
}


def test_every_theme_of_the_poverty_tool_is_in_its_step(library) -> None:
    q = library.questionnaires[AG]
    assert {s.id: s.step for s in q.sections} == THEME_STEPS
    titles = [s.title.nl for s in q.sections[1:]]
    assert [t[:2] for t in titles] == ["A.", "B.", "C.", "D.", "E.", "F."]
    assert [st.title.nl for st in q.steps] == ["De balans opmaken", "Verdieping op zes thema's", "Actieagenda"]
    assert q.status == "reconstructed" and len(q.reconstructed_items) == len(q.items)


def test_the_poverty_tool_covers_the_sources_points(library) -> None:
    q = library.questionnaires[AG]
    ids = {i.id for i in q.items}
    # social inclusion; prevention linked to the schemes (sport and culture funds); the uses
    assert {
        "ag-thema-d-meedoen",
        "ag-thema-c-regelingen",
        "ag-thema-f-agenda",
        "ag-thema-f-partners",
        "ag-thema-f-herhalen",
    } <= ids
    assert "sport en cultuur" in q.item("ag-thema-c-regelingen").text.nl  # type: ignore[union-attr]
    intro = q.introduction.nl if q.introduction else ""
    assert all(w in intro for w in ("scherper", "wethouders", "werkbijeenkomst", "opnieuw in"))


def test_the_health_monitor_is_four_yearly(library) -> None:
    """The GGD health monitor runs every four years: 'updated at least once a year' was wrong."""
    it = library.questionnaires[AG].item("ag-thema-b-cijfers")
    assert it is not None and it.help is not None
    assert "eens per jaar" not in it.help.nl and "vier jaar" in it.help.nl
    assert "once a year" not in it.help.en and "four years" in it.help.en


# --- the professional's conversation


def test_every_personal_practice_statement_has_a_frequency_scale(library) -> None:
    """'Ik kom mijn beloften na' is scored never/sometimes/often/always, 0-3 so scores combine."""
    first_person = [
        (q.id, it)
        for q in library.questionnaires.values()
        for it in q.items
        if re.match(r"(Ik|We spreken|Samen met de inwoner kies ik)\b", it.text.nl)
        and q.id == GGP
        or it.text.nl.startswith("Ik ")
    ]
    assert len(first_person) >= 20
    assert {qid for qid, _it in first_person} == {GGP}, "only the professionals' self-check speaks as 'ik'"
    q = library.questionnaires[GGP]
    for it in q.items:  # every statement of the self-check is about one's own practice
        assert it.scale.id == "frequentie", it.id
        assert [(lv.value, lv.label.nl, lv.label.en) for lv in it.scale.levels] == [
            (0, "Nooit", "Never"),
            (1, "Soms", "Sometimes"),
            (2, "Vaak", "Often"),
            (3, "Altijd", "Always"),
        ]
    assert set(q.scales) == {"frequentie"}, "no organisational scale left over"


def test_the_conversation_covers_seating_health_and_urgency(library) -> None:
    q = library.questionnaires[GGP]
    plek = q.section("plek")
    assert plek is not None and "opstelling" in plek.title.nl and "setting" not in plek.title.nl.lower()
    assert {"ggp-plek-opstelling", "ggp-onderwerpen-lichamelijk", "ggp-onderwerpen-psychisch"} <= {
        i.id for i in q.items
    }
    under = q.item("ggp-onderwerpen-onderliggend")
    assert under is not None and under.help is not None
    assert "pas daarna" not in under.text.nl and "eerst" in under.help.nl and "uitzetting" in under.help.nl
    uitleg = q.item("ggp-opening-uitleg")
    assert uitleg is not None and uitleg.help is not None
    assert "Niemand anders leest het" not in uitleg.help.nl and "Beloof alleen wat u kunt waarmaken" in uitleg.help.nl


# --- sources and doubtful facts


def test_sources_have_a_year_or_say_unknown(library) -> None:
    ib = library.questionnaires["inwoners-betrekken"]
    years = {s.title.split(":")[0].split(" (")[0]: s.year for s in ib.sources}
    assert years["Checklist voor gemeenten"] is None, "no source confirms 2020 for the checklist itself"
    assert years["Inwoners in de hoofdrol"] is None
    whitepaper = [s for s in ib.sources if "Samenwerken met de mensen om wie het gaat".lower() in s.title.lower()]
    assert [(s.publisher, s.year) for s in whitepaper] == [("Pharos", 2020)]
    org = library.questionnaires["goed-gesprek-organisatie"]
    assert any("Armoede, schulden en gezondheid" in s.title for s in org.sources), "the real source is listed"
    for q in library.questionnaires.values():
        assert all(s.url.startswith("https://") for s in q.sources), q.id


def test_year_unknown_is_the_only_text_a_year_may_be(tmp_path: Path) -> None:
    base = """kind = "questionnaire"
id = "jaren"
version = "1"
framework = "pharos-9"
title = { nl = "Jaren", en = "Years" }
status = "STATUS"
[[sources]]
title = "Bron"
publisher = "Uitgever"
year = YEAR
[scales.s]
levels = [{ value = 0, label = { nl = "nee", en = "no" } }, { value = 1, label = { nl = "ja", en = "yes" } }]
[[sections]]
id = "een"
title = { nl = "Een", en = "One" }
[[sections.items]]
id = "j-a"
text = { nl = "We doen iets.", en = "We do something." }
serves = { pharos-9 = { P1 = 1 } }
"""
    from selfcheck.core.content import load_library
    from selfcheck.core.tomlio import loads

    frameworks = load_library().frameworks

    def load(year: str, status: str = "confirmed") -> tuple[object, list[str]]:
        text = base.replace("YEAR", year).replace("STATUS", status)
        c = Checker(tmp_path / "jaren.toml", text)
        q = questionnaire_from(c, loads(text), frameworks)
        return q, [p.message for p in c.problems]

    q, problems = load('"unknown"')
    assert problems == [] and q.sources[0].year is None  # type: ignore[attr-defined]
    _q, problems = load('"2020?"')
    assert problems == ["jaar '2020?' is geen jaartal; schrijf een jaartal of \"unknown\""]
    _q, problems = load("1850")
    assert problems == ["jaar 1850 is geen geldig jaartal"]
    q, problems = load("2020", "reconstructed")
    assert problems == [] and q.items[0].reconstructed  # type: ignore[attr-defined]
    _q, problems = load("2020", "guessed")
    assert problems == ['status moet "confirmed" of "reconstructed" zijn, niet \'guessed\'']


# --- reconstructed marks: app and reports


def _round(ws: Workspace, qid: str) -> Path:
    q = ws.library.questionnaires[qid]
    a = Assessment(
        questionnaire=qid, questionnaire_version=q.version, organisation="Gemeente Bron", date=date(2026, 6, 1)
    )
    for n, it in enumerate(q.items):
        a.answers[it.id] = Answer(score=n % 4)
    return ws.save(a)


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_reports_say_which_statements_are_reconstructed(workspace: Workspace, fmt: str) -> None:
    path = export_files(workspace, [_round(workspace, "inwoners-betrekken")], fmt, None)
    text = path.read_text("utf-8")
    if fmt == "json":
        doc = json.loads(text)
        [rc] = doc["reconstructed"]
        assert rc["questionnaire"] == "inwoners-betrekken"
        assert len(rc["items"]) == len(workspace.library.questionnaires["inwoners-betrekken"].items)
        assert [s["year"] for s in doc["sources"]][:2] == [None, None]
        return
    assert "Inwoners bereiken en betrekken: alle stellingen zijn gereconstrueerd" in text
    assert "Pharos (jaar onbekend). Checklist voor gemeenten" in text


def test_reports_name_the_reconstructed_statements_of_a_partly_confirmed_list(workspace: Workspace) -> None:
    q = workspace.library.questionnaires[GGP]
    rebuilt = [i.id for i in q.reconstructed_items]
    assert 0 < len(rebuilt) < len(q.items)
    assert "ggp-houding-beloften" not in rebuilt and "ggp-plek-opstelling" in rebuilt
    md = export_files(workspace, [_round(workspace, GGP)], "md", None).read_text("utf-8")
    (line,) = [
        x for x in md.splitlines() if f"{len(rebuilt)} van de {len(q.items)} stellingen zijn gereconstrueerd" in x
    ]
    # named by their numbers in the report (ids only in the technical appendix)
    numbers = [n for n, it in enumerate(q.items, 1) if it.reconstructed]
    assert line.endswith("stellingen " + ", ".join(map(str, numbers)) + ".")
    assert "ggp-plek-opstelling" not in line


def test_the_text_report_says_so_too(workspace: Workspace, capsys) -> None:
    path = _round(workspace, "goed-gesprek-organisatie")
    assert cli.main(["report", str(path)]) == 0
    out = " ".join(capsys.readouterr().out.split())  # the text report wraps its lines
    assert "‡ Het goede gesprek: wat de organisatie biedt: alle stellingen zijn gereconstrueerd" in out


def test_a_pdf_report_says_so(workspace: Workspace) -> None:
    pypdf = pytest.importorskip("pypdf")
    import io

    path = export_files(workspace, [_round(workspace, "inwoners-betrekken")], "pdf", None)
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "alle stellingen zijn gereconstrueerd" in text and "jaar onbekend" in text


async def test_the_answering_screen_marks_a_reconstructed_statement(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SELFCHECK_SETTINGS", str(tmp_path / "settings.toml"))
    set_language("nl")
    from selfcheck.tui.answer import AnswerScreen
    from selfcheck.tui.app import SelfcheckApp

    q = workspace.library.questionnaires[GGP]
    a = Assessment(
        questionnaire=GGP, questionnaire_version=q.version, organisation="Gemeente Scherm", date=date(2026, 6, 1)
    )
    path = workspace.save(a)
    app = SelfcheckApp(workspace, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AnswerScreen)
        seen = {}
        for _ in q.items:
            seen[screen.item.id] = screen.render_parts()["statement"].plain
            await pilot.press("right")
            await pilot.pause()
    mark = "‡ gereconstrueerd: de oorspronkelijke tekst van de bron was niet te lezen."
    assert set(seen) == {i.id for i in q.items}
    for it in q.items:
        assert (mark in seen[it.id]) == it.reconstructed, it.id
    assert mark not in seen["ggp-houding-beloften"] and mark in seen["ggp-plek-opstelling"]


# --- language


def _dutch_texts(library) -> list[tuple[str, str, bool]]:
    """Every Dutch text a reader sees in the shipped content: (key, text, is a statement)."""
    out: list[tuple[str, str, bool]] = []
    for fw in library.frameworks.values():
        for p in fw.principles:
            out += [
                (f"{fw.id}.{p.id}.name", p.name.nl, False),
                (f"{fw.id}.{p.id}.description", p.description.nl, False),
            ]
    for q in library.questionnaires.values():
        out.append((f"{q.id}.title", q.title.nl, False))
        if q.introduction:
            out.append((f"{q.id}.introduction", q.introduction.nl, False))
        for st in q.steps:
            out += [(f"{q.id}.{st.id}", x.nl, False) for x in (st.title, st.description) if isinstance(x, Text)]
        for s in q.sections:
            out += [(f"{q.id}.{s.id}", x.nl, False) for x in (s.title, s.intro) if isinstance(x, Text)]
            out += [(f"{q.id}.{s.id}.discuss", d, False) for d in s.discuss.get("nl", ())]
            for it in s.items:
                out.append((f"{it.id}.text", it.text.nl, True))
                if it.help:
                    out.append((f"{it.id}.help", it.help.nl, False))
    return out


def test_all_shipped_dutch_passes_the_b1_check(library) -> None:
    """Every Dutch text (names, introductions, steps, sections, questions, statements, help)."""
    texts = _dutch_texts(library)
    assert len(texts) > 300
    problems = [m for key, text, statement in texts for m in b1_warnings(text, key, statement=statement)]
    assert problems == []


def test_one_gender_form_and_the_listed_fixes(library) -> None:
    texts = _dutch_texts(library)
    for key, text, _s in texts:
        if re.search(r"\b(hij|hem)\b", text):
            assert re.search(r"\bhij of zij\b|\bhem of haar\b", text), (key, text)
        assert not re.search(r"\bzijn (eigen|dagen)\b", text), (key, text)
        assert "brief van de energie" not in text and "plaatjes" not in text, key
    english = " ".join(
        x
        for q in library.questionnaires.values()
        for it in q.items
        for x in (it.text.en, it.help.en if it.help else "")
    )
    assert "consultant" not in english and "council programme" not in english
    assert "caseworker" in english and "the executive's programme" in english


@pytest.mark.parametrize(
    "text, why",
    [
        ("Meedoen is makkelijk: gratis, dichtbij, zonder lastige aanmelding en op een tijd die past.", ": …, … en …"),
        ("We zetten ervaringsdeskundigen in: in gesprekken, in trainingen en bij het maken van beleid.", ": …, … en …"),
        ("We betrekken inwoners en/of partners.", "en/of"),
        ("Wie doet het? En wanneer?", "??"),
        ("We merken geldproblemen vroeg op, samen met partners zoals corporaties, scholen en huisartsen.", None),
        ("We hebben een gedeelde visie op hoe armoede, schulden en gezondheid samenhangen.", None),
    ],
)
def test_two_questions_in_one(text: str, why: str | None) -> None:
    assert two_in_one(text) == why


@pytest.mark.parametrize(
    "text, word",
    [
        ("Ik praat in gewone woorden en check of ik begrepen word.", "check"),
        ("Een haalbare caseload.", "caseload"),
        ("Plek en setting", "setting"),
        ("Met duidelijke plaatjes.", "plaatjes"),
        ("Wat hij/zij wil.", "hij/zij"),
    ],
)
def test_the_word_lists(text: str, word: str) -> None:
    (msg,) = b1_warnings(text, "k")
    assert f"'{word}'" in msg and msg.endswith("in 'k'")
    assert word in ANGLICISMS or word in AVOID


def test_the_source_words_are_not_flagged() -> None:
    """The source's own 'gesprekstool' and 'workshop', and 'checklist' in a title, are fine."""
    assert b1_warnings("De gesprekstool en een workshop.", "k") == []
    assert b1_warnings("Checklist voor gemeenten.", "k") == []
    assert b1_warnings("Veel inwoners zijn vaak teleurgesteld.", "k") == [
        "'veel' en 'vaak' in één zin zeggen twee keer hetzelfde; kies er één in 'k'"
    ]


# --- ids in the wild


def test_no_item_id_of_the_previous_versions_was_removed(library) -> None:
    """Assessments in the wild store answers under item ids: issue 15 split statements but kept
    the old id for one half, so every id of the 1.0 files still exists."""
    old_ids = {
        "armoede-gezondheid": [
            "ag-thema-a-visie",
            "ag-thema-a-stress",
            "ag-thema-a-kinderen",
            "ag-thema-b-cijfers",
            "ag-thema-b-levensfase",
            "ag-thema-b-inwoners",
            "ag-thema-c-doelen",
            "ag-thema-c-budget",
            "ag-thema-c-breder",
            "ag-thema-d-vroegsignalering",
            "ag-thema-d-bereik",
            "ag-thema-d-samen",
            "ag-thema-e-rol",
            "ag-thema-e-regelruimte",
            "ag-thema-e-inkoop",
            "ag-thema-f-bestuur",
            "ag-thema-f-capaciteit",
            "ag-thema-f-monitoring",
        ],
        "goed-gesprek-professional": [
            "ggp-houding-beloften",
            "ggp-onderwerpen-netwerk",
            "ggp-onderwerpen-wonen",
            "ggp-plek-rust",
            "ggp-afsluiting-afspraken",
        ],
        "goed-gesprek-organisatie": ["ggo-leren-intervisie", "ggo-leren-ervaringsdeskundigheid"],
        "inwoners-betrekken": [
            "ib-bereiken-taal",
            "ib-bereiken-drempels",
            "ib-aansluiten-uitvoering",
            "ib-verkennen-netwerken",
        ],
    }
    for qid, ids in old_ids.items():
        have = {i.id for i in library.questionnaires[qid].items}
        assert set(ids) <= have, (qid, set(ids) - have)


def test_an_answer_to_an_id_that_no_longer_exists_warns_and_loads(workspace: Workspace, capsys) -> None:
    """The loader keeps such an answer and validate warns; nothing fails (authoring.md, 'Ids
    stay stable')."""
    q = workspace.library.questionnaires["inwoners-betrekken"]
    a = Assessment(questionnaire=q.id, questionnaire_version="1.0", organisation="Gemeente Oud", date=date(2025, 3, 1))
    a.answers["ib-verkennen-doelgroep"] = Answer(score=2)
    path = workspace.save(a)
    path.write_text(path.read_text("utf-8") + "\n[answers.ib-bestaat-niet-meer]\nscore = 1\n", "utf-8")
    loaded = workspace.load(path)
    assert loaded.answers["ib-bestaat-niet-meer"].score == 1 and loaded.answers["ib-verkennen-doelgroep"].score == 2
    assert cli.main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning: antwoord op item 'ib-bestaat-niet-meer' dat de vragenlijst niet heeft" in out
    assert "beantwoord met versie 1.0 van 'inwoners-betrekken', nu versie 2.0" in out
    assert cli.main(["report", str(path)]) == 0
