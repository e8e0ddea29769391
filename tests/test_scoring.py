"""Scoring (PRODUCT.md §3) against numbers worked out by hand on tiny in-memory content.

Every expected number is a literal with the arithmetic beside it; none is computed by the code
under test. The framework `fw` has principles P1 (target 70), P2 (target 50), P3 (target 80)
unless a test says otherwise; the scale is 0–3 with n.v.t. and weet niet, disagreement at 2.
"""

from __future__ import annotations

from datetime import date

import pytest
from helpers import answer, assessment, framework, item, principle, questionnaire, scale
from hypothesis import given
from hypothesis import strategies as st

from selfcheck.core import report
from selfcheck.core.model import NA, UNKNOWN, Action, Answer
from selfcheck.core.scoring import analyse, combine, compare, team_value
from selfcheck.i18n import set_language

FW3 = framework(principle("P1", 70), principle("P2", 50), principle("P3", 80))


def P1_only(*weights: float):
    """A questionnaire whose items a, b, c, ... serve only P1 with the given weights."""
    names = "abcdefgh"
    return questionnaire(*(item(names[n], {"P1": w}) for n, w in enumerate(weights)))


# --------------------------------------------------------------------------- principle score


SCORE_TABLE = [
    # (weights of items a,b,c..., answers, expected score %, applicable, scored, unknown, coverage)
    pytest.param((1,), {"a": 3}, 100.0, 1, 1, 0, 1.0, id="one-item-max"),  # 3/3
    pytest.param((1,), {"a": 0}, 0.0, 1, 1, 0, 1.0, id="one-item-zero"),  # 0/3
    pytest.param(
        (2, 1, 1), {"a": 3, "b": 0, "c": 2}, 200 / 3, 3, 3, 0, 1.0, id="weights"
    ),  # (2×3 + 1×0 + 1×2) / (2×3 + 1×3 + 1×3) = 8/12 = 66.67 %
    pytest.param(
        (1, 1, 1), {"a": 3, "b": 0, "c": 2}, 500 / 9, 3, 3, 0, 1.0, id="equal-weights"
    ),  # (3 + 0 + 2) / 9 = 55.56 %
    pytest.param(
        (3, 1), {"a": 1, "b": 3}, 50.0, 2, 2, 0, 1.0, id="weight-3"
    ),  # (3×1 + 1×3) / (3×3 + 1×3) = 6/12 = 50 %
    pytest.param(
        (0.5, 1.5), {"a": 2, "b": 1}, 250 / 6, 2, 2, 0, 1.0, id="fractional-weights"
    ),  # (0.5×2 + 1.5×1) / (0.5×3 + 1.5×3) = 2.5/6 = 41.67 %
    pytest.param(
        (2, 1, 1), {"a": 3, "b": NA, "c": 1}, 700 / 9, 2, 2, 0, 1.0, id="nvt-left-out"
    ),  # (2×3 + 1×1) / (2×3 + 1×3) = 7/9 = 77.78 %; b not counted anywhere
    pytest.param(
        (2, 1, 1), {"a": 3, "b": UNKNOWN, "c": 1}, 700 / 9, 3, 2, 1, 2 / 3, id="weet-niet"
    ),  # same 7/9, but b applies: coverage 2 of 3
    pytest.param(
        (1, 1, 1, 1), {"a": 2, "b": UNKNOWN, "d": 3}, 500 / 6, 4, 2, 1, 0.5, id="coverage-exactly-50"
    ),  # (2+3)/6 = 83.33 %; 2 scored of 4 applicable = 50 % → shown
    pytest.param(
        (1, 1, 1), {"a": 2, "b": NA}, 200 / 3, 2, 1, 0, 0.5, id="nvt-shrinks-denominator-to-50"
    ),  # 2/3 = 66.67 %; 1 scored of 2 applicable (c open)
    pytest.param((1, 1, 1, 1), {"a": 2}, None, 4, 1, 0, 0.25, id="coverage-25"),  # 1 of 4 → under 50 %: no score
    pytest.param((1, 1, 1), {"a": 2, "b": NA}, 200 / 3, 2, 1, 0, 0.5, id="nvt-and-open"),
    pytest.param(
        (1, 1, 1, 1), {"a": 2, "b": NA}, None, 3, 1, 0, 1 / 3, id="coverage-33"
    ),  # 1 scored of 3 applicable (b n.v.t.) = 33 % → none
    pytest.param((1, 1), {"a": UNKNOWN, "b": UNKNOWN}, None, 2, 0, 2, 0.0, id="all-weet-niet"),
    pytest.param((1, 1), {"a": NA, "b": NA}, None, 0, 0, 0, 0.0, id="all-nvt"),
    pytest.param((1, 1), {}, None, 2, 0, 0, 0.0, id="nothing-answered"),
]


@pytest.mark.parametrize("weights, answers, score, applicable, scored, unknown, coverage", SCORE_TABLE)
def test_principle_score(weights, answers, score, applicable, scored, unknown, coverage) -> None:
    an = analyse(assessment(answers), P1_only(*weights), FW3)
    p1 = an.principle("P1")
    assert p1 is not None
    assert (p1.applicable, p1.scored, p1.unknown) == (applicable, scored, unknown)
    assert p1.coverage == pytest.approx(coverage)
    if score is None:
        assert p1.score is None
        assert p1.gap is None
        assert not p1.enough
    else:
        assert p1.score == pytest.approx(score)
        assert p1.enough


def test_low_coverage_keeps_raw_score_for_explanations_only() -> None:
    # a=2 of 4 items: raw 2/3 = 66.67 %, coverage 25 % → not shown, not a gap, listed as low coverage
    an = analyse(assessment({"a": 2}), P1_only(1, 1, 1, 1), FW3)
    p1 = an.principle("P1")
    assert p1.raw_score == pytest.approx(200 / 3)
    assert p1.score is None and p1.gap is None
    assert [p.principle.id for p in an.low_coverage] == ["P1"]
    assert an.gaps == []
    assert p1 not in an.strengths


def test_too_few_answers_text_in_report() -> None:
    set_language("nl")
    an = analyse(assessment({"a": 2}), P1_only(1, 1, 1, 1), FW3)
    text = report.text_report(an)
    p1_row = next(line for line in text.splitlines() if line.startswith("P1 Principe P1"))
    assert "te weinig antwoorden" in p1_row
    assert "66%" not in p1_row and "67%" not in p1_row  # no precise-looking number
    # coverage 50 % shows the number: (2+3)/6 = 83.33 → "83%"
    an = analyse(assessment({"a": 2, "b": UNKNOWN, "d": 3}), P1_only(1, 1, 1, 1), FW3)
    p1_row = next(line for line in report.text_report(an).splitlines() if line.startswith("P1 Principe P1"))
    assert "83%" in p1_row and "te weinig" not in p1_row


def test_weet_niet_is_a_knowledge_gap_and_nvt_is_not() -> None:
    q = P1_only(1, 1, 1)
    an = analyse(assessment({"a": UNKNOWN, "b": NA, "c": 2}), q, FW3)
    assert [r.item.id for r in an.knowledge_gaps] == ["a"]
    assert {r.item.id: r.status for r in an.items} == {"a": "unknown", "b": "na", "c": "scored"}
    assert an.answered == 3  # all three have an answer; only c has a score
    assert an.overall == pytest.approx(200 / 3)  # 2/3, unweighted over scored items


def test_item_serving_two_principles_counts_in_both() -> None:
    # a: P1 w2, P2 w1; b: P1 w1. a=1, b=3
    q = questionnaire(item("a", {"P1": 2, "P2": 1}), item("b", {"P1": 1}))
    an = analyse(assessment({"a": 1, "b": 3}), q, FW3)
    assert an.principle("P1").score == pytest.approx(500 / 9)  # (2×1 + 1×3) / (2×3 + 1×3) = 5/9 = 55.56
    assert an.principle("P2").score == pytest.approx(100 / 3)  # 1×1 / 1×3 = 33.33
    assert an.principle("P3").applicable == 0 and an.principle("P3").score is None


def test_weights_of_another_framework_are_ignored() -> None:
    q = questionnaire(item("a", {"P1": 1}, extra={"other": {"P1": 5, "P2": 5}}), item("b", {"P2": 1}))
    an = analyse(assessment({"a": 3, "b": 0}), q, FW3)
    assert an.principle("P1").score == pytest.approx(100.0)  # 1×3 / 1×3
    assert an.principle("P2").score == pytest.approx(0.0)  # only b: 0/3
    assert [c.result.item.id for c in an.principle("P2").contributions] == ["b"]


def test_scale_with_other_max() -> None:
    # a on a 0–5 scale with weight 1 scores 4; b on 0–3 with weight 1 scores 3: (4 + 3) / (5 + 3) = 87.5 %
    q = questionnaire(item("a", {"P1": 1}, sc=scale((0, 1, 2, 3, 4, 5), sid="vijf")), item("b", {"P1": 1}))
    an = analyse(assessment({"a": 4, "b": 3}), q, FW3)
    assert an.principle("P1").score == pytest.approx(87.5)


# --------------------------------------------------------------------------- targets and gaps


@pytest.mark.parametrize(
    "answers, targets, expected_target, expected_gap",
    [
        ({"a": 2}, {}, 70.0, 70 - 200 / 3),  # score 2/3 = 66.67; framework target 70 → gap 3.33
        ({"a": 2}, {"P1": 90}, 90.0, 90 - 200 / 3),  # override 90 → gap 23.33
        ({"a": 2}, {"P1": 50}, 50.0, 0.0),  # score above target → gap max(0, −16.67) = 0
        ({"a": 3}, {"P2": 10}, 70.0, 0.0),  # an override of another principle changes nothing here
        ({"a": 0}, {"P1": 100}, 100.0, 100.0),  # 0 % against 100 %
    ],
)
def test_target_override_and_gap(answers, targets, expected_target, expected_gap) -> None:
    an = analyse(assessment(answers, targets=targets), P1_only(1), FW3)
    p1 = an.principle("P1")
    assert p1.target == expected_target
    assert p1.gap == pytest.approx(expected_gap)


def test_gap_ranking_largest_first_ties_in_framework_order() -> None:
    fw = framework(principle("P1", 60), principle("P2", 40), principle("P3", 60), principle("P4", 100))
    q = questionnaire(item("a", {"P1": 1}), item("b", {"P2": 1}), item("c", {"P3": 1}), item("d", {"P4": 1}))
    # each principle has one item with weight 1:
    # P1: 1/3 = 33.33, gap 60 − 33.33 = 26.67;  P2: 1/3 = 33.33, gap 40 − 33.33 = 6.67
    # P3: 1/3 = 33.33, gap 26.67 (tie with P1);  P4: 3/3 = 100, gap 0 (not listed)
    an = analyse(assessment({"a": 1, "b": 1, "c": 1, "d": 3}), q, fw)
    assert [p.principle.id for p in an.gaps] == ["P1", "P3", "P2"]
    assert [round(p.gap, 2) for p in an.gaps] == [26.67, 26.67, 6.67]
    # the same tie with P3 listed first in the framework keeps P3 first
    fw2 = framework(principle("P3", 60), principle("P2", 40), principle("P1", 60), principle("P4", 100))
    an2 = analyse(assessment({"a": 1, "b": 1, "c": 1, "d": 3}), q, fw2)
    assert [p.principle.id for p in an2.gaps] == ["P3", "P1", "P2"]


@pytest.mark.parametrize(
    "target, listed",
    [
        # issue 12: a gap is listed when the SHOWN numbers differ (67 % against a shown target)
        (67.0, False),  # shown 67 % vs 67 % → not listed
        (67.1, False),  # 67 vs 67 → not listed
        (67.2, False),  # 67 vs 67 → not listed (was listed: "67 %, doel 67 %: 1 % te kort" read as nonsense)
        (67.5, True),  # 67 vs 68 → 1 point, listed
    ],
)
def test_gaps_under_half_a_point_not_listed(target, listed) -> None:
    an = analyse(assessment({"a": 2}, targets={"P1": target}), P1_only(1), FW3)
    assert an.principle("P1").gap == pytest.approx(target - 200 / 3)  # the gap itself is still exact
    assert ([p.principle.id for p in an.gaps] == ["P1"]) is listed


def test_strengths_are_principles_meeting_their_target_highest_first() -> None:
    q = questionnaire(item("a", {"P1": 1}), item("b", {"P2": 1}), item("c", {"P3": 1}))
    # scores 33.33 (target 70), 100 (target 50), 66.67 (target 80): only P2 meets its target
    an = analyse(assessment({"a": 1, "b": 3, "c": 2}), q, FW3)
    assert [p.principle.id for p in an.strengths] == ["P2"]
    # all three at 100: all meet their targets, ties keep framework order
    an = analyse(assessment({"a": 3, "b": 3, "c": 3}), q, FW3)
    assert [p.principle.id for p in an.strengths] == ["P1", "P2", "P3"]
    # P1 at 66.67 against 70 misses by 3.3 points: no strength
    an = analyse(assessment({"a": 2, "b": 1, "c": 3}), q, FW3)  # 66.67, 33.33, 100
    assert [p.principle.id for p in an.strengths] == ["P3"]


# --------------------------------------------------------------------------- team votes


@pytest.mark.parametrize(
    "score, votes, value, source, spread",
    [
        (None, {"A": 1, "B": 2}, 1.5, "median", 1.0),  # even: (1 + 2) / 2 = 1.5
        (None, {"A": 0, "B": 3}, 1.5, "median", 3.0),  # even: (0 + 3) / 2 = 1.5
        (None, {"A": 0, "B": 1, "C": 3, "D": 3}, 2, "median", 3.0),  # even: (1 + 3) / 2 = 2
        (None, {"A": 3, "B": 0, "C": 1}, 1, "median", 3.0),  # odd: sorted 0,1,3 → 1
        (None, {"A": 2, "B": 2, "C": 3, "D": 1, "E": 2}, 2, "median", 2.0),  # odd: 1,2,2,2,3 → 2
        (None, {"A": 2}, 2, "median", 0.0),  # a single vote
        (None, {"A": 2, "B": NA, "C": UNKNOWN}, 2, "median", 0.0),  # only numeric votes count
        (None, {"A": NA, "B": NA}, NA, "median", None),  # all n.v.t.
        (None, {"A": NA, "B": UNKNOWN}, UNKNOWN, "median", None),  # no numbers, not all n.v.t.
        (3, {"A": 0, "B": 1}, 3, "consensus", 1.0),  # recorded consensus beats the votes
        (0, {"A": 3, "B": 3}, 0, "consensus", 0.0),
        (NA, {"A": 1, "B": 3}, NA, "consensus", 2.0),
        (2, {}, 2, "consensus", None),
        (None, {}, None, None, None),  # nothing said
    ],
)
def test_team_value(score, votes, value, source, spread) -> None:
    got = team_value(Answer(score=score, votes=votes))
    assert got == (value, source, spread)
    assert type(got[0]) is type(value)  # a whole median stays an int, 1.5 a float


@given(st.lists(st.integers(0, 3), min_size=1, max_size=15))
def test_median_and_spread_of_any_votes(votes: list[int]) -> None:
    value, source, spread = team_value(Answer(votes={f"p{i}": v for i, v in enumerate(votes)}))
    s = sorted(votes)
    n = len(s)
    expected = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    assert value == expected and source == "median"
    assert spread == max(votes) - min(votes)


@pytest.mark.parametrize(
    "votes, threshold, flagged",
    [
        ({"A": 1, "B": 2}, 2, False),  # spread 1
        ({"A": 0, "B": 2}, 2, True),  # spread 2 → disagreement
        ({"A": 0, "B": 1, "C": 3}, 2, True),  # spread 3
        ({"A": 2, "B": 2, "C": 2}, 2, False),  # spread 0
        ({"A": 0, "B": 2}, 3, False),  # a scale with threshold 3: spread 2 is no disagreement
        ({"A": 0, "B": 3}, 3, True),
        ({"A": NA, "B": 3}, 2, False),  # n.v.t. votes do not count for the spread
    ],
)
def test_spread_and_disagreement_flag(votes, threshold, flagged) -> None:
    q = questionnaire(item("a", {"P1": 1}, sc=scale(disagreement=threshold)))
    an = analyse(assessment({"a": answer(votes=votes)}), q, FW3)
    r = an.item("a")
    assert r.disagreement is flagged
    assert [x.item.id for x in an.disagreements] == (["a"] if flagged else [])
    assert an.principle("P1").disagreements == (1 if flagged else 0)


def test_median_value_feeds_the_principle_score() -> None:
    # a (w2) votes 1,2 → median 1.5; b (w1) consensus 3 despite votes 0,0
    # (2×1.5 + 1×3) / (2×3 + 1×3) = 6/9 = 66.67 %
    q = P1_only(2, 1)
    a = assessment({"a": answer(votes={"A": 1, "B": 2}), "b": answer(3, {"A": 0, "B": 0})}, participants=["A", "B"])
    an = analyse(a, q, FW3)
    assert an.item("a").source == "median" and an.item("a").value == 1.5
    assert an.item("b").source == "consensus" and an.item("b").value == 3
    assert an.principle("P1").score == pytest.approx(200 / 3)


def test_disagreements_sorted_by_spread() -> None:
    q = P1_only(1, 1, 1)
    a = assessment(
        {"a": answer(votes={"A": 0, "B": 2}), "b": answer(votes={"A": 0, "B": 3}), "c": answer(votes={"A": 1, "B": 1})}
    )
    assert [r.item.id for r in analyse(a, q, FW3).disagreements] == ["b", "a"]


# --------------------------------------------------------------------------- empty assessment


def test_empty_assessment_has_no_scores_and_does_not_crash() -> None:
    q = questionnaire(item("a", {"P1": 1}), item("b", {"P2": 2}), item("c", {"P1": 1, "P3": 1}))
    an = analyse(assessment({}), q, FW3)
    assert an.answered == 0 and an.total == 3
    assert an.overall is None
    for p in an.principles:
        assert p.score is None and p.raw_score is None and p.gap is None and p.trend is None
        assert p.coverage == 0.0
    assert an.gaps == [] and an.strengths == [] and an.disagreements == [] and an.knowledge_gaps == []
    assert an.agenda == []
    assert [p.principle.id for p in an.low_coverage] == ["P1", "P2", "P3"]
    text = report.text_report(an)
    assert "0 van 3 stellingen beantwoord" in text
    assert report.explain_lines(an.principle("P1"), "nl")[-1].strip() == "Geen stellingen met een score."


def test_questionnaire_without_items_for_a_principle() -> None:
    an = analyse(assessment({"a": 3}), P1_only(1), FW3)
    p3 = an.principle("P3")
    assert p3.applicable == 0 and p3.score is None and p3 not in an.low_coverage


# --------------------------------------------------------------------------- trend


def test_trend_against_previous_round() -> None:
    q = P1_only(1, 1)
    q2 = questionnaire(item("a", {"P1": 1}), item("b", {"P2": 1}))
    prev = assessment({"a": 1, "b": 1}, when=date(2026, 1, 1))  # P1: 2/6 = 33.33
    now = assessment({"a": 3, "b": 2}, when=date(2026, 6, 1))  # P1: 5/6 = 83.33
    an = analyse(now, q, FW3, prev)
    assert an.principle("P1").trend == 50.0  # 83 − 33, whole points of the shown values
    assert an.principle("P2").trend is None  # no items: no score either round
    assert an.previous is not None and an.previous.principle("P1").score == pytest.approx(100 / 3)
    # previous round answered against another questionnaire: its own items count
    an2 = analyse(now, q, FW3, assessment({"a": 0, "b": 3}), q2)  # previous P1 = a only: 0/3 = 0
    # issue 12: only a is scored in both rounds (the previous questionnaire has no b for P1):
    # a went 0 → 3, so 100 − 0 on that one statement
    assert an2.principle("P1").trend == 100.0
    assert (an2.principle("P1").trend_compared, an2.principle("P1").trend_of) == (1, 2)


@pytest.mark.parametrize(
    "prev_answers, now_answers, trend",
    [
        ({"a": 3, "b": 3}, {"a": 0, "b": 0}, -100.0),  # 0 − 100
        ({"a": 2, "b": 2}, {"a": 2, "b": 2}, 0.0),
        ({"a": 2}, {"a": 2, "b": 2}, 0.0),  # previous 2/3 (b open, 50 % coverage) vs 4/6
        ({"a": UNKNOWN, "b": UNKNOWN}, {"a": 3, "b": 3}, None),  # previous had no score
        ({"a": 3, "b": 3}, {"a": UNKNOWN}, None),  # now too few answers
    ],
)
def test_trend_table(prev_answers, now_answers, trend) -> None:
    an = analyse(assessment(now_answers), P1_only(1, 1), FW3, assessment(prev_answers))
    got = an.principle("P1").trend
    assert got == (None if trend is None else pytest.approx(trend))


def test_trend_starts_from_the_previous_score_on_the_same_statements() -> None:
    """The reader's case: P1 was 44 % over all its statements, is 33 % now, yet rose on the two
    statements scored in both rounds (c became "weet niet"): the trend +16 goes from 17 % to
    33 %, and every comparison says so, with the whole rounds' 44 % → 33 % beside it."""
    set_language("nl")
    q = P1_only(1, 1, 1)
    prev = assessment({"a": 0, "b": 1, "c": 3}, when=date(2026, 1, 1))  # 4/9 = 44 %
    now = assessment({"a": 1, "b": 1, "c": UNKNOWN}, when=date(2026, 6, 1))  # 2/6 = 33 %
    p1 = analyse(now, q, FW3, prev).principle("P1")
    assert (p1.trend, p1.trend_from, p1.trend_to) == (16.0, 17, 33)  # a, b: 1/6 → 2/6
    assert p1.trend_to - p1.trend_from == p1.trend
    assert round(p1.previous_score) == 44 and round(p1.score) == 33
    assert (p1.trend_compared, p1.trend_of) == (2, 3) and p1.trend_shifted
    c = compare(analyse(prev, q, FW3), analyse(now, q, FW3)).principles[0]
    assert (c.trend, c.trend_from, c.trend_to, c.compared, c.of) == (16.0, 17, 33, 2, 3) and c.shifted
    text = report.compare_report(compare(analyse(prev, q, FW3), analyse(now, q, FW3)), "a", "b")
    row = next(line for line in text.splitlines() if line.startswith("P1"))
    assert "17%  33%  ▲ +16  vergeleken op 2 van 3 stellingen  (hele rondes: 44% → 33%)" in row
    full = report.text_report(analyse(now, q, FW3, prev))
    assert "P1   ▲ +16  17% → 33%, vergeleken op 2 van 3 stellingen" in full
    assert "(hele rondes: 44% → 33%)" in full
    # the same statements in both rounds: the figures are the rounds' own, no whole-rounds note
    same = analyse(assessment({"a": 2, "b": 2, "c": 2}), q, FW3, prev).principle("P1")
    assert (same.trend_from, same.trend_to, same.trend_shifted) == (44, 67, False)


def test_item_previous_value_is_recorded() -> None:
    an = analyse(assessment({"a": 3}), P1_only(1, 1), FW3, assessment({"a": 1, "b": NA}))
    assert an.item("a").previous == 1 and an.item("b").previous == NA


# --------------------------------------------------------------------------- combined profile


def test_combine_pools_items_of_two_questionnaires() -> None:
    q1 = questionnaire(item("a", {"P1": 1}), item("b", {"P3": 1}), qid="q1")
    q2 = questionnaire(item("x", {"P1": 1, "P2": 2}), item("y", {"P1": 2}), qid="q2")
    r1 = assessment({"a": 3, "b": NA}, qid="q1", when=date(2026, 1, 1), targets={"P1": 80, "P3": 90})
    r2 = assessment({"x": 1, "y": UNKNOWN}, qid="q2", when=date(2026, 2, 1), targets={"P1": 60})
    an = combine([(r2, q2), (r1, q1)], FW3)
    assert an.total == 4 and [r.item.id for r in an.items] == ["a", "b", "x", "y"]  # oldest round first
    p1, p2, p3 = an.principle("P1"), an.principle("P2"), an.principle("P3")
    # P1: a (w1) = 3, x (w1) = 1, y (w2) weet niet → (3 + 1) / (3 + 3) = 66.67 %, coverage 2/3
    assert p1.score == pytest.approx(200 / 3)
    assert (p1.scored, p1.applicable) == (2, 3)
    # P2: x (w2) = 1 → 2/6 = 33.33 %
    assert p2.score == pytest.approx(100 / 3)
    # P3: b n.v.t. → nothing applies
    assert p3.applicable == 0 and p3.score is None
    # targets: the most recent round that sets one wins (r2 sets P1 = 60; only r1 sets P3 = 90)
    assert (p1.target, p2.target, p3.target) == (60.0, 50.0, 90.0)
    assert p1.gap == pytest.approx(0.0)  # 66.67 ≥ 60
    assert an.assessment is None and an.questionnaire is None
    assert "Uitslag van de zelfscan" in report.text_report(an)  # the combined profile reports without a round


# --------------------------------------------------------------------------- agenda


def test_agenda_order_and_reasons() -> None:
    fw = framework(principle("P1", 70), principle("P2", 50))
    q = questionnaire(
        item("i1", {"P1": 1}),
        item("i2", {"P1": 1}),
        item("i3", {"P2": 1}),
        item("i4", {"P2": 1}),
        item("i5", {"P2": 1}),
        item("i6", {"P2": 1}),
    )
    a = assessment(
        {
            "i1": answer(3, discuss=True),  # discuss, P1 has no gap
            "i2": UNKNOWN,  # weet niet, P1
            "i3": answer(votes={"A": 0, "B": 3}),  # disagreement, median 1.5
            "i4": answer(0, discuss=True),  # discuss, P2 has a gap
            "i5": UNKNOWN,  # weet niet, P2
            "i6": 0,  # nothing to discuss
        }
    )
    an = analyse(a, q, fw)
    # P1: i1 = 3, i2 weet niet → 3/3 = 100 %, coverage 1/2 → shown; gap max(0, 70 − 100) = 0
    # P2: i3 = 1.5, i4 = 0, i5 weet niet, i6 = 0 → 1.5/9 = 16.67 %, coverage 3/4; gap 50 − 16.67 = 33.33
    assert an.principle("P1").gap == pytest.approx(0.0)
    assert an.principle("P2").gap == pytest.approx(50 - 100 / 6)
    entries = an.agenda
    # disagreement first; then discuss flags (the one with a gap first); then weet niet (gap first)
    assert [e.result.item.id for e in entries] == ["i3", "i4", "i1", "i5", "i2"]
    assert [e.reasons for e in entries] == [
        ["disagreement", "gap"],
        ["discuss", "gap"],
        ["discuss"],
        ["unknown", "gap"],
        ["unknown"],
    ]
    assert [e.gap_principles for e in entries] == [["P2"], ["P2"], [], ["P2"], []]


def test_agenda_gap_is_only_a_tiebreak() -> None:
    # a discuss flag on an item of a principle with a huge gap still comes after any disagreement
    fw = framework(principle("P1", 100), principle("P2", 0))
    q = questionnaire(item("x", {"P2": 1}), item("y", {"P1": 1}))
    a = assessment({"x": answer(votes={"A": 2, "B": 0}), "y": answer(0, discuss=True)})
    an = analyse(a, q, fw)
    assert an.principle("P1").gap == pytest.approx(100.0)  # 100 − 0
    assert [e.result.item.id for e in an.agenda] == ["x", "y"]


def test_agenda_ties_keep_questionnaire_order() -> None:
    q = P1_only(1, 1, 1)
    a = assessment({"a": answer(2, discuss=True), "b": answer(2, discuss=True), "c": answer(2, discuss=True)})
    assert [e.result.item.id for e in analyse(a, q, FW3).agenda] == ["a", "b", "c"]


def test_agenda_disagreement_with_flag_and_gap_principles_sorted_by_gap() -> None:
    fw = framework(principle("P1", 40), principle("P2", 90))
    q = questionnaire(item("a", {"P1": 1, "P2": 1}), item("b", {"P1": 1}), item("c", {"P2": 1}))
    a = assessment({"a": answer(votes={"A": 0, "B": 2}, discuss=True), "b": 0, "c": 0})
    an = analyse(a, q, fw)
    # P1: a = 1 (median of 0, 2), b = 0 → 1/6 = 16.67 %, gap 40 − 16.67 = 23.33
    # P2: a = 1, c = 0 → 1/6 = 16.67 %, gap 90 − 16.67 = 73.33 → P2 listed before P1
    (entry,) = an.agenda
    assert entry.reasons == ["disagreement", "discuss", "gap"]
    assert entry.gap_principles == ["P2", "P1"]


# --------------------------------------------------------------------------- compare


def test_compare_rounds() -> None:
    q = P1_only(1, 1, 1, 1, 1)
    old = assessment(
        {"a": 1, "b": 2, "c": answer(votes={"A": 0, "B": 2}), "d": 3},
        participants=["A", "B"],
        actions=[
            Action("x1", "Een", status="open"),
            Action("x2", "Twee", status="busy"),
            Action("x3", "Drie", status="done"),
        ],
    )
    new = assessment(
        {"a": 3, "b": 1, "c": answer(2, {"A": 2, "B": 2}), "d": 3, "e": answer(votes={"A": 0, "B": 3})},
        participants=["A", "B"],
        actions=[
            Action("x1", "Een", status="done"),
            Action("x2", "Twee", status="busy"),
            Action("x3", "Drie", status="done"),
            Action("x4", "Vier", status="dropped"),
        ],
    )
    cmp = compare(analyse(old, q, FW3), analyse(new, q, FW3))
    (p1, p2, p3) = cmp.principles
    # old P1: 1 + 2 + 1 (median of 0, 2) + 3 = 7 of 12 (e open, coverage 4/5) = 58.33 %
    # new P1: 3 + 1 + 2 + 3 + 1.5 (median of 0, 3) = 10.5 of 15 = 70 %
    assert p1.old == pytest.approx(700 / 12) and p1.new == pytest.approx(70.0)
    # issue 12: the trend compares only a, b, c, d (scored in both rounds; e was open before):
    # new 3 + 1 + 2 + 3 = 9 of 12 = 75 %, old 58 % → +17 points, on 4 of 5 statements
    assert p1.delta == 17.0 and (p1.compared, p1.of) == (4, 5) and p1.partial
    assert p2.delta is None and p3.delta is None  # no items
    # moved: a 1→3 (+2), b 2→1 (−1), c 1→2 (+1), e none→1.5; largest first, ties in item order
    assert [(m.item.id, m.old, m.new, m.delta) for m in cmp.moved] == [
        ("a", 1, 3, 2.0),
        ("b", 2, 1, -1.0),
        ("c", 1, 2, 1.0),
        ("e", None, 1.5, None),
    ]
    assert [i.id for i in cmp.new_disagreements] == ["e"]
    assert [i.id for i in cmp.resolved_disagreements] == ["c"]
    # closed since the old round: x1 (open → done) and x4 (new, dropped); x3 was already done
    assert [x.id for x in cmp.closed_actions] == ["x1", "x4"]
    text = report.compare_report(cmp, "oud.toml", "nieuw.toml")
    # statements by their text, never their id (issue 16.6)
    assert "Stelling a: 1 → 3 ‼" in text and "Stelling b: 2 → 1\n" in text and "+ Stelling e" in text
    assert "− Stelling c" in text
    assert "▲ +17" in text and "vergeleken op 4 van 5 stellingen" in text  # issue 12: same statements only


def test_compare_closed_actions_when_old_round_had_only_closed_ones() -> None:
    q = P1_only(1)
    old = assessment({"a": 1}, actions=[Action("x1", "Een", status="done")])
    new = assessment({"a": 1}, actions=[Action("x1", "Een", status="done"), Action("x2", "Twee", status="done")])
    cmp = compare(analyse(old, q, FW3), analyse(new, q, FW3))
    assert [x.id for x in cmp.closed_actions] == ["x2"]  # x1 was closed before the old round ended
    assert cmp.moved == []


def test_compare_identical_rounds_has_no_changes() -> None:
    q = P1_only(1, 1)
    a = assessment({"a": 2, "b": NA})
    cmp = compare(analyse(a, q, FW3), analyse(assessment({"a": 2, "b": NA}), q, FW3))
    assert cmp.moved == [] and cmp.new_disagreements == [] and cmp.resolved_disagreements == []
    assert [c.delta for c in cmp.principles] == [0.0, None, None]


def test_compare_value_change_to_nvt_is_a_move_without_delta() -> None:
    q = P1_only(1, 1)
    cmp = compare(analyse(assessment({"a": 2, "b": 1}), q, FW3), analyse(assessment({"a": NA, "b": 1}), q, FW3))
    assert [(m.item.id, m.old, m.new, m.delta) for m in cmp.moved] == [("a", 2, NA, None)]


# --------------------------------------------------------------------------- explain


def test_contributions_points_and_possible() -> None:
    q = P1_only(2, 1, 1, 3)
    an = analyse(assessment({"a": 3, "b": NA, "c": 1, "d": UNKNOWN}), q, FW3)
    p1 = an.principle("P1")
    rows = [(c.result.item.id, c.weight, c.result.status, c.points, c.possible) for c in p1.contributions]
    assert rows == [
        ("a", 2.0, "scored", 6.0, 6.0),  # 2 × 3 = 6 of 2 × 3 = 6
        ("b", 1.0, "na", 0.0, 3.0),  # not counted: possible is only summed over scored items
        ("c", 1.0, "scored", 1.0, 3.0),  # 1 × 1 = 1 of 1 × 3 = 3
        ("d", 3.0, "unknown", 0.0, 9.0),
    ]
    assert (p1.points, p1.possible) == (7.0, 9.0)  # 6 + 1 of 6 + 3
    assert p1.score == pytest.approx(700 / 9)  # 77.78 %, coverage 2 of 3 applicable


def test_explain_lines() -> None:
    set_language("nl")
    q = P1_only(2, 1, 1, 3, 1)
    a = assessment({"a": 3, "b": NA, "c": 1, "d": UNKNOWN, "e": answer(votes={"A": 1, "B": 2})})
    lines = report.explain_lines(analyse(a, q, FW3).principle("P1"), "nl")
    assert lines == [
        "Zo is de score van P1 Principe P1 berekend",
        "  Stelling a: 2 × 3 = 6 / 2 × 3 = 6",
        "  Stelling b: n.v.t.",
        "  Stelling c: 1 × 1 = 1 / 1 × 3 = 3",
        "  Stelling d: weet niet",
        lines[5],  # e: median 1.5, see below
        lines[6],
    ]
    assert lines[5].startswith("  Stelling e: 1 × 1,5 = ") and lines[5].endswith(" / 1 × 3 = 3 (mediaan)")
    assert lines[6].endswith(" / 12 = 71%")  # (6 + 1 + 1.5) / (6 + 3 + 3) = 8.5/12 = 70.83 → 71 %


def test_explain_lines_english_and_working_title() -> None:
    set_language("en")
    fw = framework(principle("P1", 70, status="working-title"))
    an = analyse(assessment({"a": 2}), P1_only(1, 1), fw)
    lines = report.explain_lines(an.principle("P1"), "en")
    assert lines[0] == "How the score of P1 Principle P1 (working title) was computed"
    assert lines[1:] == ["  Statement a: 1 × 2 = 2 / 1 × 3 = 3", "  Statement b: open", "  2 / 3 = 67%"]


# --------------------------------------------------------------------------- actions per principle


def test_actions_attach_to_principles_by_principle_or_item() -> None:
    q = questionnaire(item("a", {"P1": 1}), item("b", {"P2": 1}))
    acts = [
        Action("x1", "via principe", principles=["P1"]),
        Action("x2", "via item", items=["b"], status="busy"),
        Action("x3", "klaar", principles=["P2"], status="done"),
    ]
    an = analyse(assessment({"a": 1}, actions=acts), q, FW3)
    assert [x.id for x in an.principle("P1").actions] == ["x1"]
    assert [x.id for x in an.principle("P2").actions] == ["x2", "x3"]
    assert [x.id for x in an.principle("P2").open_actions] == ["x2"]
