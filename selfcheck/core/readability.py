"""A plain readability check for Dutch texts meant for B1 readers (a warning, never an error).

B1 guidance used by Dutch government writers: sentences of at most about 15–20 words, and few
long words. We flag sentences over 20 words and words over 15 letters that are not on a short
list of common long words in this domain.
"""

from __future__ import annotations

import re

from selfcheck.i18n import t

MAX_WORDS = 20
MAX_WORD_LETTERS = 15
COMMON_LONG_WORDS = frozenset({
    "gezondheidsverschillen", "gezondheidsachterstanden", "ervaringsdeskundigen",
    "ervaringsdeskundigheid", "ervaringsdeskundige", "gezondheidsvaardigheden",
    "domeinoverstijgend", "domeinoverstijgende", "migratieachtergrond", "sleutelpersonen",
    "professionals", "organisaties", "gezondheidsbeleid", "armoedebeleid", "schuldhulpverlening",
})

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


def b1_warnings(text: str, key: str) -> list[str]:
    """Messages for sentences or words in `text` that are long for B1 readers: each sentence is
    counted on its own (at most MAX_WORDS words), and at most one long word per sentence is named."""
    out: list[str] = []
    for sentence in _SENTENCE.split(text.strip()):
        words = _WORD.findall(sentence)
        if len(words) > MAX_WORDS:
            out.append(t("v.b1_long_sentence", n=len(words), limit=MAX_WORDS, key=key))
        for word in words:
            if long_parts(word):
                out.append(t("v.b1_long_word", word=word, key=key))
                break
    return out
