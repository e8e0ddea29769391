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
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*")


def b1_warnings(text: str, key: str) -> list[str]:
    """Messages for sentences or words in `text` that are long for B1 readers."""
    out: list[str] = []
    for sentence in _SENTENCE.split(text.strip()):
        words = _WORD.findall(sentence)
        if len(words) > MAX_WORDS:
            out.append(t("v.b1_long_sentence", n=len(words), limit=MAX_WORDS, key=key))
        for word in words:
            parts = word.split("-")
            if any(len(p) > MAX_WORD_LETTERS for p in parts) and word.lower() not in COMMON_LONG_WORDS:
                out.append(t("v.b1_long_word", word=word, key=key))
                break
    return out
