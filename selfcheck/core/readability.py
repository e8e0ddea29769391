"""A plain readability check for Dutch texts meant for B1 readers (a warning, never an error).

B1 guidance used by Dutch government writers: sentences of at most about 15–20 words, and few
long words. We flag sentences over 20 words and words over 15 letters that are not on a short
list of common long words in this domain.

Issue 15 added the classes of mistakes an adviser from the field spotted in the shipped content,
where a rule can catch them:
- English words for which plain Dutch exists (`ANGLICISMS`: "caseload", "check", "setting");
- words to avoid, with what to write instead (`AVOID`: "plaatjes", officialese, "hij/zij");
- "veel" and "vaak" in one sentence ("Veel inwoners zijn vaak teleurgesteld");
- in a statement (`statement=True`): signs that it asks more than one thing at once: "en/of",
  two question marks, or a list of criteria after a colon with three or more parts joined by
  "en" ("Meedoen is makkelijk: gratis, dichtbij en op een goede tijd"), not an example list
  ("zoals …", "bijvoorbeeld …"). Other lists, and two things joined by a single "en", need a
  reader: no rule tells "gezond en betaalbaar" (two questions) from "armoede, schulden en
  gezondheid" (one subject).
"""

from __future__ import annotations

import re

from selfcheck.i18n import t

MAX_WORDS = 20
MAX_WORD_LETTERS = 15
COMMON_LONG_WORDS = frozenset(
    {
        "gezondheidsverschillen",
        "gezondheidsachterstanden",
        "ervaringsdeskundigen",
        "ervaringsdeskundigheid",
        "ervaringsdeskundige",
        "gezondheidsvaardigheden",
        "domeinoverstijgend",
        "domeinoverstijgende",
        "migratieachtergrond",
        "sleutelpersonen",
        "professionals",
        "organisaties",
        "gezondheidsbeleid",
        "armoedebeleid",
        "schuldhulpverlening",
        # common in the field, or a name (issue 15 checks help texts too)
        "consultatiebureau",
        "waarstaatjegemeente",
        "welzijnsorganisatie",
        "welzijnsorganisaties",
        "collegeprogramma",
        "jeugdgezondheidszorg",
        "migrantenorganisatie",
        "migrantenorganisaties",
        "schuldhulpverlener",
        "schuldhulpverleners",
        "gezondheidsklachten",
        "gezondheidsmonitor",
        "sportvereniging",
        "cultuurfonds",
        "jeugdfonds",
        "participatiewet",
        "bestaanszekerheid",
        "vrijwilligerswerk",
        "vroegsignalering",
        "beleidsterreinen",
        "leefomstandigheden",
        "beleidsmedewerkers",
        "gezondheidsproblemen",
        "persoonsgerichte",
    }
)

ANGLICISMS: dict[str, str] = {
    "caseload": "het aantal cliënten, de werkdruk",
    "check": "nagaan, controleren",
    "checken": "nagaan, controleren",
    "checkt": "gaat na, controleert",
    "setting": "omgeving, opstelling",
    "feedback": "terugkoppeling, reactie",
    "meeting": "bijeenkomst, overleg",
    "deadline": "uiterste datum",
    "target": "doel",
    "targets": "doelen",
    "stakeholders": "betrokkenen, partners",
    "flyer": "folder",
    "follow-up": "vervolg",
    "issue": "kwestie, probleem",
    "empowerment": "eigen kracht",
    "mindset": "houding",
}
"""English words with a plain Dutch word, whole words only (the source's own "gesprekstool" and
"workshop" are not on it)."""
AVOID: dict[str, str] = {
    "plaatjes": "afbeeldingen",
    "plaatje": "afbeelding",
    "middels": "met, door",
    "teneinde": "om",
    "derhalve": "daarom",
    "alsmede": "en, ook",
    "inzake": "over",
    "c.q.": "of",
    "hij/zij": "hij of zij, of het meervoud",
    "zij/hij": "hij of zij, of het meervoud",
    "zijn/haar": "zijn of haar, of het meervoud",
    "hem/haar": "hem of haar, of het meervoud",
}
"""Words to avoid in plain Dutch (officialese, childish words, slashed gender forms)."""
_EXAMPLES = re.compile(r"\b(zoals|bijvoorbeeld|denk aan|onder andere)\b.*$", re.IGNORECASE)

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿ"
# A word: letters, with inner hyphens (sociaal-maatschappelijk) and apostrophes (thema's) kept
# inside it, so "thema's" is one word, not two.
_WORD = re.compile(f"[{_LETTERS}]+(?:['’-][{_LETTERS}]+)*")


def long_parts(word: str) -> list[str]:
    """The parts of a word (split at hyphens) longer than MAX_WORD_LETTERS letters that are not
    common long words of this domain: 'armoede-gezondheidsbeleid' has none, because
    'gezondheidsbeleid' is on the list; 'gezondheids-achterstand' has none, each part is short."""
    return [p for p in re.split("['’-]", word) if len(p) > MAX_WORD_LETTERS and p.lower() not in COMMON_LONG_WORDS]


def _phrases(text: str, table: dict[str, str]) -> list[tuple[str, str]]:
    """The entries of `table` that occur in `text` as whole words (any case), in text order."""
    found = []
    for phrase, instead in table.items():
        m = re.search(rf"(?<![{_LETTERS}]){re.escape(phrase)}(?![{_LETTERS}/])", text, re.IGNORECASE)
        if m:
            found.append((m.start(), m.group(0), instead))
    # "check ik" also holds "check": name the longest match at a place once
    found.sort(key=lambda f: (f[0], -len(f[1])))
    out: list[tuple[str, str]] = []
    seen: set[int] = set()
    for start, word, instead in found:
        if start not in seen:
            seen.add(start)
            out.append((word, instead))
    return out


def two_in_one(statement: str) -> str | None:
    """Why a statement seems to ask more than one thing, or None (see the module's notes)."""
    if re.search(r"\ben/of\b", statement, re.IGNORECASE):
        return "en/of"
    if statement.count("?") > 1:
        return "??"
    for sentence in _SENTENCE.split(statement.strip()):
        body = _EXAMPLES.sub("", re.sub(r"\([^)]*\)", "", sentence))
        if ":" not in body:
            continue
        parts = [p.strip() for p in body.split(":", 1)[1].split(",")]
        last = parts[-1]
        if len(parts) >= 2 and re.search(r"\sen\s", " " + last + " ") and not last.lower().startswith("en "):
            return ": …, … en …"
    return None


def b1_warnings(text: str, key: str, *, statement: bool = False) -> list[str]:
    """Messages for sentences or words in `text` that are hard for B1 readers: each sentence is
    counted on its own (at most MAX_WORDS words), at most one long word per sentence is named,
    and English words and words to avoid are named with what to write instead. A `statement`
    (an item's text) is also checked for asking more than one thing at once."""
    out: list[str] = []
    for sentence in _SENTENCE.split(text.strip()):
        words = _WORD.findall(sentence)
        if len(words) > MAX_WORDS:
            out.append(t("v.b1_long_sentence", n=len(words), limit=MAX_WORDS, key=key))
        for word in words:
            if long_parts(word):
                out.append(t("v.b1_long_word", word=word, key=key))
                break
        lower = {w.lower() for w in words}
        if "veel" in lower and "vaak" in lower:
            out.append(t("v.b1_double", key=key))
    out += [t("v.b1_anglicism", word=w, instead=i, key=key) for w, i in _phrases(text, ANGLICISMS)]
    out += [t("v.b1_avoid", word=w, instead=i, key=key) for w, i in _phrases(text, AVOID)]
    if statement:
        why = two_in_one(text)
        if why:
            out.append(t("v.b1_two_in_one", why=why, key=key))
    return out
