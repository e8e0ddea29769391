"""The B1 readability warning (selfcheck/core/readability.py): sentences of more than 20 words
and words of more than 15 letters (a hyphen splits a word into parts; common long words of the
domain are allowed). A warning, never an error: `selfcheck validate` still exits 0."""

from __future__ import annotations

import pytest

from selfcheck import cli
from selfcheck.core.readability import COMMON_LONG_WORDS, MAX_WORD_LETTERS, MAX_WORDS, b1_warnings, long_parts


def words(n: int) -> str:
    """A sentence of exactly n short words."""
    return " ".join(["wij"] * (n - 1) + ["gaan."])


SIXTEEN = "verantwoordelijk"
FIFTEEN = "jeugdgezondheid"
assert (len(SIXTEEN), len(FIFTEEN)) == (16, 15)

# (text, number of sentence warnings, number of word warnings)
CASES = [
    pytest.param(words(20), 0, 0, id="20 words: fine"),
    pytest.param(words(21), 1, 0, id="21 words: long sentence"),
    pytest.param(words(20) + " " + words(20), 0, 0, id="two sentences of 20: each counted on its own"),
    pytest.param(words(12) + " " + words(21) + " " + words(5), 1, 0, id="the one long sentence among three"),
    pytest.param(words(21) + " " + words(25), 2, 0, id="two long sentences: two warnings"),
    pytest.param(
        words(20).replace("gaan.", "gaan!") + " " + words(20).replace("gaan.", "gaan?"),
        0,
        0,
        id="! and ? end a sentence too",
    ),
    pytest.param(f"Wie is er {SIXTEEN}?", 0, 1, id="16-letter word"),
    pytest.param(f"We vragen het {FIFTEEN}.", 0, 0, id="15-letter word: fine"),
    pytest.param("We werken aan gezondheidsverschillen.", 0, 0, id="a common long domain word is allowed"),
    pytest.param("Het Gezondheidsverschillen-beleid.", 0, 0, id="allowed in any case, as part of a compound"),
    pytest.param("We maken armoede-gezondheidsbeleid.", 0, 0, id="hyphenated: the long part is on the list"),
    pytest.param("Een gezondheids-achterstand.", 0, 0, id="hyphenated: each part 15 letters or fewer"),
    pytest.param("Een sociaal-maatschappelijke aanpak.", 0, 1, id="hyphenated: one part of 16 letters"),
    pytest.param(f"Wie is {SIXTEEN} en wie is {SIXTEEN}-gemaakt?", 0, 1, id="one long word named per sentence"),
    pytest.param(f"Een {SIXTEEN}. Nog een {SIXTEEN}.", 0, 2, id="a long word in each of two sentences"),
    pytest.param(" ".join(["thema's"] * 20) + ".", 0, 0, id="thema's is one word, not two"),
    pytest.param(" ".join(["sociaal-medisch"] * 20) + ".", 0, 0, id="a hyphenated word counts as one word"),
    pytest.param(
        "In 2026 zijn er 12 van de 20 wijken met 3 of 4 teams, dus 5 tot 7 nieuwe 8 9 10 11 12 13.",
        0,
        0,
        id="numbers are not words",
    ),
    pytest.param("", 0, 0, id="empty"),
]


@pytest.mark.parametrize("text, sentences, long_words", CASES)
def test_b1_warnings(text: str, sentences: int, long_words: int) -> None:
    out = b1_warnings(text, "k")
    assert sum("lange zin" in m for m in out) == sentences, out
    assert sum("lang woord" in m for m in out) == long_words, out
    assert all(m.endswith("in 'k'") for m in out)


def test_messages_name_the_count_and_the_word() -> None:
    (msg,) = b1_warnings(words(23), "ag-x.text.nl")
    assert msg == "lange zin voor B1-lezers (23 woorden, advies hoogstens 20) in 'ag-x.text.nl'"
    (msg,) = b1_warnings("Een sociaal-maatschappelijke aanpak.", "ag-x.text.nl")
    assert msg == "lang woord voor B1-lezers ('sociaal-maatschappelijke') in 'ag-x.text.nl'"


def test_limits_are_the_b1_advice() -> None:
    assert (MAX_WORDS, MAX_WORD_LETTERS) == (20, 15)
    assert all(w == w.lower() for w in COMMON_LONG_WORDS)
    assert long_parts("ervaringsdeskundigen") == [] and long_parts(SIXTEEN) == [SIXTEEN]


def test_validate_reports_a_long_item_text_as_a_warning(isolated, tmp_path, capsys, monkeypatch) -> None:
    """In a real file: the line of the item's nl text, 'warning', and exit 0."""
    long_text = "We " + " ".join(["praten"] * 22) + " met inwoners."
    text = f'''kind = "questionnaire"
id = "leesbaar"
version = "1"
framework = "pharos-9"
title = {{ nl = "Leesbaar", en = "Readable" }}

[[sources]]
title = "Toets"
publisher = "Toets"
year = 2024

[scales.s]
levels = [{{ value = 0, label = {{ nl = "nee", en = "no" }} }}, {{ value = 1, label = {{ nl = "ja", en = "yes" }} }}]

[[sections]]
id = "een"
title = {{ nl = "Een", en = "One" }}

[[sections.items]]
id = "l-lang"
text.nl = "{long_text}"
text.en = "A long sentence."
serves = {{ pharos-9 = {{ P1 = 1 }} }}

[[sections.items]]
id = "l-woord"
text = {{ nl = "Het {SIXTEEN} helpt.", en = "The agency helps." }}
serves = {{ pharos-9 = {{ P1 = 1 }} }}
'''
    (tmp_path / "leesbaar.toml").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["validate", "leesbaar.toml"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert (
        "leesbaar.toml:21: warning: lange zin voor B1-lezers (25 woorden, advies hoogstens 20) in 'l-lang.text.nl'"
        in lines
    )
    assert f"leesbaar.toml:27: warning: lang woord voor B1-lezers ('{SIXTEEN}') in 'l-woord.text.nl'" in lines
    # and the two statements are all P1 gets: a narrow basis (issue 15), also only a warning
    assert any(
        "smalle basis in pharos-9: minder dan 3 stellingen voor P1 (l-lang, l-woord)" in line for line in lines
    ), lines
    assert "geldig" in err and "3 waarschuwing" in err


def test_validate_checks_every_dutch_text_not_only_statements(tmp_path, capsys, monkeypatch) -> None:
    """Issue 15: the introduction, a section's intro and its questions to discuss are read too."""
    text = """kind = "questionnaire"
id = "overal"
version = "1"
framework = "pharos-9"
title = { nl = "Overal", en = "Everywhere" }
introduction = { nl = "Met deze lijst checken we het.", en = "With this list we check it." }

[[sources]]
title = "Toets"
publisher = "Toets"
year = "unknown"

[scales.s]
levels = [{ value = 0, label = { nl = "nee", en = "no" } }, { value = 1, label = { nl = "ja", en = "yes" } }]

[[sections]]
id = "een"
title = { nl = "Een", en = "One" }
intro = { nl = "Wat doen we met de caseload?", en = "What do we do about the caseload?" }

[sections.discuss]
nl = ["Veel inwoners komen vaak te laat. Waarom?"]
en = ["Many residents are often late. Why?"]

[[sections.items]]
id = "o-a"
text = { nl = "We doen het.", en = "We do it." }
serves = { pharos-9 = { P1 = 1, P2 = 1 } }

[[sections.items]]
id = "o-b"
text = { nl = "We doen het ook.", en = "We do it too." }
serves = { pharos-9 = { P1 = 1, P2 = 1 } }

[[sections.items]]
id = "o-c"
text = { nl = "We doen het altijd.", en = "We always do it." }
serves = { pharos-9 = { P1 = 1, P2 = 1 } }
"""
    (tmp_path / "overal.toml").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["validate", "overal.toml"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "overal.toml:6: warning: Engels woord 'checken': schrijf 'nagaan, controleren' in 'introduction.nl'",
        "overal.toml:19: warning: Engels woord 'caseload': schrijf 'het aantal cliënten, de werkdruk' in 'een.intro.nl'",
        "overal.toml:22: warning: 'veel' en 'vaak' in één zin zeggen twee keer hetzelfde; kies er één in 'een.discuss.nl[1]'",
    ]
