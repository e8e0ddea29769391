"""Issue 12: the benchmark never gives away one organisation (selfcheck/core/benchmark.py).

The rule: quartiles are shown only as 25-point bands of a sorted score (never interpolated,
never min or max), and a principle is suppressed when some band holds fewer than two scores it
can have (it rests on too few statements). The property, for ANY principle (1 to 4 statements,
weights 1–3, 0–3 or 0–4 scale) and ANY scores of 5 to 9 organisations: every single
organisation could have had another score it can have, and every shown figure (n, whether
shown, the three bands) would be exactly the same. So no shown figure pins one organisation's
score, whatever the reader knows of the others.
"""

from __future__ import annotations

from helpers import framework, item, principle, questionnaire, scale
from hypothesis import given, settings
from hypothesis import strategies as st

from selfcheck.core import benchmark as bm

FW = framework(principle("P1"))


def shown(scores: list[float], fine: bool, min_group: int = 5) -> tuple[object, ...]:
    """Every figure the benchmark shows for one principle (as build_benchmark decides them)."""
    n = len(scores)
    if n < min_group or not fine:
        return (n, False)
    return (n, True, *bm.shown_quartiles(scores))


@st.composite
def cases(draw):  # type: ignore[no-untyped-def]
    top = draw(st.sampled_from([3, 4]))
    sc = scale(tuple(range(top + 1)))
    weights = draw(st.lists(st.integers(1, 3), min_size=1, max_size=4))
    q = questionnaire(*(item(f"i{k}", {"P1": w}, sc=sc) for k, w in enumerate(weights)))
    possible = sorted(bm.possible_scores(q, FW, "P1") or set())
    n = draw(st.integers(5, 9))
    scores = draw(st.lists(st.sampled_from(possible), min_size=n, max_size=n))
    return possible, scores


@settings(max_examples=300, deadline=None)
@given(cases())
def test_no_shown_figure_pins_one_organisation(case) -> None:  # type: ignore[no-untyped-def]
    possible, scores = case
    fine = bm.fine_enough(set(possible))
    out = shown(scores, fine)
    for i, own in enumerate(scores):
        others = [v for v in possible if v != own]
        alternatives = [v for v in others if shown(scores[:i] + [v] + scores[i + 1 :], fine) == out]
        assert alternatives, f"organisation {i}'s score {own} is pinned by {out} (possible {possible})"


def test_one_statement_is_suppressed_and_the_old_leak_is_gone() -> None:
    """The issue's case: 6 organisations, a principle on one statement (0, 33, 67, 100 % only);
    the old interpolated Q1 of 8.33 % gave away that the two lowest scored 0."""
    q = questionnaire(item("a", {"P1": 1}))
    possible = bm.possible_scores(q, FW, "P1")
    assert possible is not None and sorted(round(v) for v in possible) == [0, 33, 67, 100]
    assert not bm.fine_enough(possible)
    assert round(bm.quartiles([0, 0, 100 / 3, 100 / 3, 200 / 3, 100])[0], 2) == 8.33  # what used to be shown
    three = questionnaire(item("a", {"P1": 1}), item("b", {"P1": 1}), item("c", {"P1": 1}))
    assert bm.fine_enough(bm.possible_scores(three, FW, "P1"))


def test_many_statements_are_fine_without_enumerating() -> None:
    q = questionnaire(*(item(f"i{k}", {"P1": 1}) for k in range(bm.ENUMERATE_UP_TO + 1)))
    assert bm.possible_scores(q, FW, "P1") is None and bm.fine_enough(None)
