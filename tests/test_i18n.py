"""The catalogue (selfcheck/i18n.py): every key has its Dutch and its English text, with the same
placeholders, every key is used somewhere, and every key the code asks for exists."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from selfcheck.i18n import CATALOGUE, LANGUAGES, language, set_language, t

PACKAGE = Path(__file__).resolve().parent.parent / "selfcheck"


def placeholders(text: str) -> set[str]:
    # A plural choice `{n|actie|acties}` names the placeholder n (i18n._plural).
    text = re.sub(r"\{(\w+)\|[^|{}]*\|[^|{}]*\}", r"{\1}", text)
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize(
    ("n", "nl", "en"),
    [
        (0, "0 acties", "0 actions"),
        (1, "1 actie", "1 action"),
        (2, "2 acties", "2 actions"),
        (11, "11 acties", "11 actions"),
    ],
)
def test_plurals_follow_the_number(n: int, nl: str, en: str) -> None:
    """Issue 16.5: no "actie(s)": the catalogue picks the form that fits the number."""
    before = language()
    try:
        set_language("nl")
        assert t("sync.n_actions", n=n) == nl
        set_language("en")
        assert t("sync.n_actions", n=n) == en
    finally:
        set_language(before)


def test_no_text_hedges_its_plural() -> None:
    hedged = {
        key: text for key, pair in CATALOGUE.items() for text in pair if re.search(r"\w\((s|en|'s)\)(\W|$)", text)
    }
    assert hedged == {}


def string_constants() -> set[str]:
    """Every string literal in selfcheck's code (f-strings' literal parts too), i18n.py aside."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if path.name == "i18n.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    for path in PACKAGE.rglob("*.html"):
        found.add(path.read_text("utf-8"))
    return found


def used(key: str, constants: set[str]) -> bool:
    """A key is used when it stands in the code as a literal, or when a literal prefix of it
    ending in "." or "_" does ("voting." + mode, f"serve.page_{k}")."""
    if key in constants:
        return True
    return any(c.endswith((".", "_")) and len(c) > 2 and key.startswith(c) for c in constants)


def test_every_key_has_dutch_and_english() -> None:
    assert LANGUAGES == ("nl", "en")
    for key, texts in CATALOGUE.items():
        assert isinstance(texts, tuple) and len(texts) == 2, key
        nl, en = texts
        assert nl.strip() and en.strip(), key


def test_placeholders_match_between_the_languages() -> None:
    wrong = {
        key: (placeholders(nl), placeholders(en))
        for key, (nl, en) in CATALOGUE.items()
        if placeholders(nl) != placeholders(en)
    }
    assert wrong == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_formats_with_its_placeholders(lang: str) -> None:
    before = language()
    set_language(lang)
    try:
        for key, (nl, _en) in CATALOGUE.items():
            t(key, **{name: "x" for name in placeholders(nl)})
    finally:
        set_language(before)


PENDING = {
    # The devices helper's screen in the app (issue 14) lands after the app's reshaping; its
    # keys are in the catalogue already. Take them out of this set when it has landed.
    "dv.panel_title",
    "dv.scan",
    "dv.status_line",
    "dv.panel_keys",
    "dv.where_question",
    "dv.where_lan",
    "dv.where_local",
    "dv.joined_list",
    "dv.nobody_yet",
    "dv.started",
    "dv.ended",
    "dv.start_failed",
    "dv.confirm",
    "dv.allow",
    "dv.refuse",
    "dv.absent",
    "dv.not_saved_screen",
    "k.devices",
    "k.absent",
    "k.devices_stop",
}
"""Keys whose code is on its way: allowed to be unused for now."""


def test_every_key_is_used() -> None:
    constants = string_constants()
    assert PENDING <= set(CATALOGUE)
    assert [key for key in CATALOGUE if not used(key, constants) and key not in PENDING] == []


def test_every_key_the_code_asks_for_exists() -> None:
    """Literal first arguments of t(...) calls are catalogue keys."""
    missing = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and node.args[0].value not in CATALOGUE
            ):
                missing.append(f"{path.name}: {node.args[0].value}")
    assert missing == []
