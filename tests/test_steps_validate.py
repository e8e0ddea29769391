"""`selfcheck validate` finds text that exists in one language but not the other, everywhere a
content file has text: titles, introductions, help, section intros, the `discuss` lists (also a
list with 3 questions in Dutch and 2 in English), step titles and descriptions, scale labels,
and a framework's names, short names, groups and descriptions.

Each case changes one thing in a valid stepped questionnaire (or framework) and marks the line
it expects with `# <- here`.
"""

from __future__ import annotations

import pytest

from selfcheck import cli

QUESTIONNAIRE = """kind = "questionnaire"
id = "talen"
version = "1"
framework = "pharos-9"
title = { nl = "Talen", en = "Languages" }
introduction = { nl = "Inleiding.", en = "Introduction." }

[[sources]]
title = "Toets"
publisher = "Toets"
year = 2024

[scales.s]
levels = [
  { value = 0, label = { nl = "nee", en = "no" } },
  { value = 1, label = { nl = "ja", en = "yes" } },
]

[[steps]]
id = "stap-1"
title = { nl = "De balans", en = "Take stock" }
description = { nl = "Scoor de stellingen.", en = "Score the statements." }

[[steps]]
id = "stap-2"
title = { nl = "Verdieping", en = "Deepening" }
description = { nl = "Bespreek de thema's.", en = "Discuss the themes." }
scored = false

[[sections]]
id = "thema-a"
step = "stap-1"
title = { nl = "A. Visie", en = "A. Vision" }
intro = { nl = "Een beeld.", en = "A picture." }

[sections.discuss]
nl = ["Eerste vraag?", "Tweede vraag?"]
en = ["First question?", "Second question?"]

[[sections.items]]
id = "t-a"
text = { nl = "We hebben een visie.", en = "We have a vision." }
help = { nl = "Op papier.", en = "On paper." }
serves = { pharos-9 = { P1 = 1 } }
"""

FRAMEWORK = """kind = "framework"
id = "talen-kader"
version = "1"
name = { nl = "Kader", en = "Framework" }
description = { nl = "Over het kader.", en = "About the framework." }

[[principles]]
id = "K1"
status = "confirmed"
target = 70
name = { nl = "Eén", en = "One" }
short = { nl = "Een", en = "One" }
group = { nl = "Spoor", en = "Track" }
description = { nl = "Het eerste.", en = "The first." }
"""

# (id, base, text to replace, replacement with '# <- here' on the line expected, words in the message)
CASES = [
    (
        "discuss-3-nl-2-en",
        QUESTIONNAIRE,
        '[sections.discuss]\nnl = ["Eerste vraag?", "Tweede vraag?"]\nen = ["First question?", "Second question?"]',
        '[sections.discuss]  # <- here\nnl = ["Eerste vraag?", "Tweede vraag?", "Derde vraag?"]\nen = ["First question?", "Second question?"]',
        ["'discuss' heeft 3 vragen in het Nederlands en 2 in het Engels"],
    ),
    (
        "discuss-no-en",
        QUESTIONNAIRE,
        'en = ["First question?", "Second question?"]\n',
        "",
        ["vertaling 'en' ontbreekt in 'discuss'"],
    ),
    (
        "discuss-empty-question",
        QUESTIONNAIRE,
        'nl = ["Eerste vraag?", "Tweede vraag?"]',
        'nl = ["Eerste vraag?", "  "]  # <- here',
        ["'discuss.nl[2]' is leeg"],
    ),
    (
        "discuss-not-text",
        QUESTIONNAIRE,
        'en = ["First question?", "Second question?"]',
        'en = ["First question?", 2]  # <- here',
        ["discuss.en", "moet een tekst zijn"],
    ),
    (
        "help-no-en",
        QUESTIONNAIRE,
        'help = { nl = "Op papier.", en = "On paper." }',
        'help = { nl = "Op papier." }  # <- here',
        ["vertaling 'en' ontbreekt in 'sections[1].items[1].help'"],
    ),
    (
        "help-no-nl",
        QUESTIONNAIRE,
        'help = { nl = "Op papier.", en = "On paper." }',
        'help = { en = "On paper." }  # <- here',
        ["vertaling 'nl' ontbreekt in 'sections[1].items[1].help'"],
    ),
    (
        "help-bare-string",
        QUESTIONNAIRE,
        'help = { nl = "Op papier.", en = "On paper." }',
        'help = "Op papier."  # <- here',
        ["vertaling 'en' ontbreekt in 'sections[1].items[1].help'"],
    ),
    (
        "text-no-en",
        QUESTIONNAIRE,
        'text = { nl = "We hebben een visie.", en = "We have a vision." }',
        'text = { nl = "We hebben een visie." }  # <- here',
        ["vertaling 'en' ontbreekt in 'sections[1].items[1].text'"],
    ),
    (
        "intro-no-en",
        QUESTIONNAIRE,
        'intro = { nl = "Een beeld.", en = "A picture." }',
        'intro = { nl = "Een beeld." }  # <- here',
        ["vertaling 'en' ontbreekt in 'sections[1].intro'"],
    ),
    (
        "section-title-no-nl",
        QUESTIONNAIRE,
        'title = { nl = "A. Visie", en = "A. Vision" }',
        'title = { en = "A. Vision" }  # <- here',
        ["vertaling 'nl' ontbreekt in 'sections[1].title'"],
    ),
    (
        "step-description-no-en",
        QUESTIONNAIRE,
        'description = { nl = "Bespreek de thema\'s.", en = "Discuss the themes." }',
        'description = { nl = "Bespreek de thema\'s." }  # <- here',
        ["vertaling 'en' ontbreekt in 'steps[2].description'"],
    ),
    (
        "step-description-empty-en",
        QUESTIONNAIRE,
        'description = { nl = "Scoor de stellingen.", en = "Score the statements." }',
        'description = { nl = "Scoor de stellingen.", en = "" }  # <- here',
        ["'steps[1].description.en' is leeg"],
    ),
    (
        "step-title-no-en",
        QUESTIONNAIRE,
        'title = { nl = "Verdieping", en = "Deepening" }',
        'title = { nl = "Verdieping" }  # <- here',
        ["vertaling 'en' ontbreekt in 'steps[2].title'"],
    ),
    (
        "questionnaire-title-no-en",
        QUESTIONNAIRE,
        'title = { nl = "Talen", en = "Languages" }',
        'title = { nl = "Talen" }  # <- here',
        ["vertaling 'en' ontbreekt in 'title'"],
    ),
    (
        "introduction-no-en",
        QUESTIONNAIRE,
        'introduction = { nl = "Inleiding.", en = "Introduction." }',
        'introduction = { nl = "Inleiding." }  # <- here',
        ["vertaling 'en' ontbreekt in 'introduction'"],
    ),
    (
        "level-label-no-en",
        QUESTIONNAIRE,
        '{ value = 1, label = { nl = "ja", en = "yes" } },',
        '{ value = 1, label = { nl = "ja" } },  # <- here',
        ["vertaling 'en' ontbreekt in 'scales.s.levels[2].label'"],
    ),
    (
        "principle-name-no-en",
        FRAMEWORK,
        'name = { nl = "Eén", en = "One" }',
        'name = { nl = "Eén" }  # <- here',
        ["vertaling 'en' ontbreekt in 'principles[1].name'"],
    ),
    (
        "principle-short-no-en",
        FRAMEWORK,
        'short = { nl = "Een", en = "One" }',
        'short = { nl = "Een" }  # <- here',
        ["vertaling 'en' ontbreekt in 'principles[1].short'"],
    ),
    (
        "principle-group-no-nl",
        FRAMEWORK,
        'group = { nl = "Spoor", en = "Track" }',
        'group = { en = "Track" }  # <- here',
        ["vertaling 'nl' ontbreekt in 'principles[1].group'"],
    ),
    (
        "principle-description-no-en",
        FRAMEWORK,
        'description = { nl = "Het eerste.", en = "The first." }',
        'description = { nl = "Het eerste." }  # <- here',
        ["vertaling 'en' ontbreekt in 'principles[1].description'"],
    ),
    (
        "framework-description-no-en",
        FRAMEWORK,
        'description = { nl = "Over het kader.", en = "About the framework." }',
        'description = { nl = "Over het kader." }  # <- here',
        ["vertaling 'en' ontbreekt in 'description'"],
    ),
]


@pytest.mark.parametrize("base", [QUESTIONNAIRE, FRAMEWORK], ids=["questionnaire", "framework"])
def test_the_bases_are_valid(base: str, tmp_path, capsys, monkeypatch) -> None:
    (tmp_path / "basis.toml").write_text(base, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["validate", "basis.toml"]) == 0, capsys.readouterr().out
    # a one-statement base serves its principle narrowly: that warning (issue 15) is advice
    assert [x for x in capsys.readouterr().out.splitlines() if ": warning: smalle basis" not in x] == []


@pytest.mark.parametrize("name, base, old, new, words", CASES, ids=[c[0] for c in CASES])
def test_text_in_one_language_only_is_an_error(name, base, old, new, words, tmp_path, capsys, monkeypatch) -> None:
    assert base.count(old) == 1, "the case must change exactly one place"
    text = base.replace(old, new)
    marked = [n for n, line in enumerate(text.splitlines(), 1) if "# <- here" in line]
    (tmp_path / f"{name}.toml").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["validate", f"{name}.toml"]) == 1
    out = capsys.readouterr().out
    hits = [x for x in out.splitlines() if all(w in x for w in words)]
    assert hits, f"expected a line with {words}, got:\n{out}"
    assert "warning" not in hits[0]
    if marked:
        assert hits[0].startswith(f"{name}.toml:{marked[0]}: "), (hits[0], marked)


def test_the_shipped_discuss_lists_pair_up(library) -> None:
    """Every discussion question of the shipped content exists in both languages."""
    for q in library.questionnaires.values():
        for s in q.sections:
            if s.discuss:
                assert len(s.discuss["nl"]) == len(s.discuss["en"]) > 0, (q.id, s.id)
                assert all(x.strip() for x in s.discuss["nl"] + s.discuss["en"]), (q.id, s.id)


def test_workspace_file_that_takes_a_builtin_or_used_id_is_reported(isolated, capsys, monkeypatch) -> None:
    """The library skips a workspace file whose id is taken; `selfcheck validate` says so too,
    instead of calling it valid."""
    content = isolated / "questionnaires"
    content.mkdir(parents=True)
    mine = QUESTIONNAIRE.replace('id = "talen"', 'id = "eigen"')
    (content / "eigen.toml").write_text(mine, "utf-8")
    (content / "kopie.toml").write_text(mine, "utf-8")
    (content / "inwoners.toml").write_text(QUESTIONNAIRE.replace('id = "talen"', 'id = "inwoners-betrekken"'), "utf-8")
    monkeypatch.chdir(isolated)
    assert cli.main(["validate"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (
        "questionnaires/inwoners.toml:2: 'inwoners-betrekken' bestaat al als ingebouwde inhoud; dit bestand wordt "
        "niet gebruikt (geef het een andere id)" in out
    )
    assert (
        "questionnaires/kopie.toml:2: 'eigen' staat ook in questionnaires/eigen.toml; dit bestand wordt niet gebruikt"
        in out
    )
    # eigen.toml is used and valid: no error (its narrow-basis warning, issue 15, is advice)
    assert not any(x.startswith("questionnaires/eigen.toml") and ": warning: " not in x for x in out)
    # the same file outside the workspace's questionnaires/ (a draft) is not "in use" anywhere: fine
    (isolated / "concept.toml").write_text(QUESTIONNAIRE.replace('id = "talen"', 'id = "inwoners-betrekken"'), "utf-8")
    assert cli.main(["validate", "concept.toml"]) == 0


def test_the_examples_in_docs_authoring_are_real(isolated, capsys, monkeypatch) -> None:
    """docs/authoring.md shows real output: its complete example files still give it."""
    import re

    from helpers import ROOT

    doc = (ROOT / "docs" / "authoring.md").read_text("utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", doc, re.S)
    questionnaire = next(b for b in blocks if b.startswith("# Vragenlijst"))
    framework = next(b for b in blocks if b.startswith('kind = "framework"'))
    content = isolated / "questionnaires"
    content.mkdir(parents=True)
    (content / "gezonde-buurt.toml").write_text(questionnaire, "utf-8")
    (content / "buurtkader.toml").write_text(framework, "utf-8")
    monkeypatch.chdir(isolated)
    assert cli.main(["validate", "questionnaires/gezonde-buurt.toml", "questionnaires/buurtkader.toml"]) == 0
    out, err = capsys.readouterr()
    # the long word, and since issue 15 the narrow basis of a three-statement questionnaire
    warnings = out.strip().splitlines()
    assert all(w in doc for w in warnings), warnings
    assert any(w.startswith("questionnaires/gezonde-buurt.toml:51: warning: lang woord") for w in warnings)
    assert (
        err.strip()
        == f"2 bestanden geldig (0 fouten, {len(warnings)} {'waarschuwing' if len(warnings) == 1 else 'waarschuwingen'} in 2 bestanden)"
    )
    assert "$ selfcheck validate concept/gezonde-buurt.toml\nconcept/gezonde-buurt.toml:3: " in doc
