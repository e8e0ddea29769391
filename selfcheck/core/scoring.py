"""Scores, coverage, gaps, team votes, trend, the combined profile, the agenda and comparisons.

Exactly as PRODUCT.md §3:
- principle score = Σ(weight × score) / Σ(weight × scale max) over the principle's items that
  have a score, as 0–100 %; n.v.t. leaves an item out; weet niet counts as applying without a
  score (a knowledge gap);
- coverage = items with a score / items that apply; under 50 % the score is not shown;
- gap = max(0, target − score), ranked largest first (ties: framework order);
- team score = the recorded consensus, else the median of the votes (marked as such);
  spread = highest − lowest vote; spread ≥ the scale's threshold (2 on 0–3) is disagreement;
- trend = this round's principle score − the previous round's, both computed over only the
  statements scored in both rounds (a "weet niet" that became a 1 is no trend); it says on how
  many statements it rests (`trend_compared` of `trend_of`), and from which figure to which it
  goes (`trend_from` → `trend_to`: both rounds' scores on those same statements, so
  `trend_to − trend_from = trend` wherever a trend is shown beside a previous score; the
  previous round's own score over all its statements is `previous_score`);
- every difference of percentages is in whole percentage points, computed from the rounded
  values that are shown (`whole`), so shown numbers add up: 33 % and 67 % are 34 points apart.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from selfcheck.core.model import (
    NA,
    UNKNOWN,
    Action,
    Answer,
    Assessment,
    Framework,
    Item,
    Principle,
    Questionnaire,
    Section,
    Value,
)

MIN_COVERAGE = 0.5
NARROW_BASIS = 3
"""A principle score that rests on fewer scored statements than this is a narrow basis: it is
marked as such everywhere and never called a strength or a largest gap without that mark
(docs/exports.md). `selfcheck validate` warns about principles that can never reach it."""


def whole(x: float) -> int:
    """A percentage as shown: rounded half up, once. Differences are taken of these values."""
    return math.floor(x + 0.5)


def team_value(answer: Answer) -> tuple[float | str | None, str | None, float | None]:
    """(value, source, spread) of one answer: source is "consensus", "median" or None."""
    numeric = [v for v in answer.votes.values() if isinstance(v, int) and not isinstance(v, bool)]
    spread = float(max(numeric) - min(numeric)) if numeric else None
    if answer.score is not None:
        return answer.score, "consensus", spread
    if numeric:
        m = statistics.median(numeric)
        return (int(m) if float(m).is_integer() else float(m)), "median", spread
    if answer.votes:
        values = set(answer.votes.values())
        return (NA if values == {NA} else UNKNOWN), "median", spread
    return None, None, spread


@dataclass
class ItemResult:
    item: Item
    questionnaire: str
    answer: Answer
    value: float | str | None
    source: str | None
    spread: float | None
    previous: float | str | None = None
    hidden: int = 0
    """Blind votes still sealed on this item: counted and shown nowhere, only their number."""

    @property
    def distribution(self) -> list[tuple[float | str, int]]:
        """How many visible votes per value (scale values, then n.v.t., then weet niet)."""
        return distribution(self.answer.votes.values())

    @property
    def status(self) -> str:
        """ "scored", "na", "unknown" or "open"."""
        if self.value is None:
            return "open"
        if self.value == NA:
            return "na"
        if self.value == UNKNOWN:
            return "unknown"
        return "scored"

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.spread >= self.item.scale.disagreement

    @property
    def numeric(self) -> float | None:
        return float(self.value) if self.status == "scored" else None  # type: ignore[arg-type]


@dataclass
class Contribution:
    """One item's part in one principle's score: the raw material of `explain`."""

    result: ItemResult
    weight: float

    @property
    def points(self) -> float:
        return self.weight * (self.result.numeric or 0.0)

    @property
    def possible(self) -> float:
        return self.weight * self.result.item.scale.max


class CoverageRules:
    """The rules that turn counts into a score to show (PRODUCT.md §3), in one place: a class
    using them has `scored`, `applicable`, `points` and `possible`."""

    scored: int
    applicable: int
    points: float
    possible: float

    @property
    def coverage(self) -> float:
        return self.scored / self.applicable if self.applicable else 0.0

    @property
    def enough(self) -> bool:
        return self.applicable > 0 and self.coverage >= MIN_COVERAGE

    @property
    def narrow(self) -> bool:
        """The score rests on fewer than NARROW_BASIS scored statements."""
        return self.scored < NARROW_BASIS

    @property
    def raw_score(self) -> float | None:
        """The score whatever the coverage (for explanations); None without scored items."""
        return 100.0 * self.points / self.possible if self.possible else None

    @property
    def score(self) -> float | None:
        """The score to show: None when coverage is under 50 %."""
        return self.raw_score if self.enough else None


@dataclass
class PrincipleResult(CoverageRules):
    principle: Principle
    target: float
    contributions: list[Contribution] = field(default_factory=list)
    trend: float | None = None
    """Percentage points, over the statements scored in both rounds only (see `trend_between`)."""
    trend_compared: int = 0
    """On how many statements the trend rests (scored in both rounds)."""
    trend_of: int = 0
    """How many statements of this principle had a score in at least one of the two rounds."""
    trend_from: int | None = None
    """The previous round's score (whole %) on the statements the trend rests on: the figure the
    trend starts from (`trend_to - trend_from == trend`); None without a trend."""
    trend_to: int | None = None
    """This round's score (whole %) on those same statements; None without a trend."""
    previous_score: float | None = None
    """The previous round's own score over all its statements (None: no previous round, or too
    few answers then); differs from `trend_from` when the statement sets differ."""
    actions: list[Action] = field(default_factory=list)

    @property
    def applicable(self) -> int:  # type: ignore[override]  # a field in PrincipleScore, derived here
        return sum(1 for c in self.contributions if c.result.status != "na")

    @property
    def scored(self) -> int:  # type: ignore[override]  # a field in PrincipleScore, derived here
        return sum(1 for c in self.contributions if c.result.status == "scored")

    @property
    def unknown(self) -> int:
        return sum(1 for c in self.contributions if c.result.status == "unknown")

    @property
    def points(self) -> float:  # type: ignore[override]  # a field in PrincipleScore, derived here
        return sum(c.points for c in self.contributions if c.result.status == "scored")

    @property
    def possible(self) -> float:  # type: ignore[override]  # a field in PrincipleScore, derived here
        return sum(c.possible for c in self.contributions if c.result.status == "scored")

    @property
    def gap(self) -> float | None:
        s = self.score
        return None if s is None else max(0.0, self.target - s)

    @property
    def trend_shifted(self) -> bool:
        """The trend's figures differ from a round's own score as shown (the statement sets
        differ): then the previous figure beside the trend must be `trend_from`, not the
        previous round's own score."""
        return trend_shifted(self.trend_from, self.trend_to, self.previous_score, self.score)

    @property
    def gap_points(self) -> int | None:
        """The gap as shown: whole percentage points, shown target − shown score (never < 0),
        so "score 33 %, doel 67 %" is 34 points short, never 33 or 35."""
        s = self.score
        return None if s is None else max(0, whole(self.target) - whole(s))

    @property
    def disagreements(self) -> int:
        return sum(1 for c in self.contributions if c.result.disagreement)

    @property
    def open_actions(self) -> list[Action]:
        return [a for a in self.actions if a.status in ("open", "busy")]


@dataclass
class AgendaEntry:
    result: ItemResult
    reasons: list[str]
    """Codes: "disagreement", "discuss", "unknown", "gap"."""
    gap_principles: list[str]
    priority: float


@dataclass
class ItemTally:
    """Item results counted together (a round's, a theme's): how many have a score, how many
    apply, and their unweighted score."""

    results: list[ItemResult]

    @property
    def scored(self) -> int:
        return sum(1 for r in self.results if r.status == "scored")

    @property
    def applicable(self) -> int:
        return sum(1 for r in self.results if r.status != "na")

    @property
    def raw_score(self) -> float | None:
        """Σ score / Σ scale max over the scored items (unweighted), whatever the coverage (`overall_of`)."""
        return overall_of((r.numeric or 0, r.item.scale.max) for r in self.results if r.status == "scored")

    @property
    def score(self) -> float | None:
        """The score to show, under the same rule as a principle's: withheld (None) when fewer
        than MIN_COVERAGE of the applying statements have a score."""
        if not self.applicable or self.scored / self.applicable < MIN_COVERAGE:
            return None
        return self.raw_score


@dataclass
class Analysis:
    assessment: Assessment | None
    questionnaire: Questionnaire | None
    framework: Framework
    items: list[ItemResult]
    principles: list[PrincipleResult]
    previous: Analysis | None = None

    @property
    def answered(self) -> int:
        return sum(1 for r in self.items if r.value is not None)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def overall_scored(self) -> int:
        return ItemTally(self.items).scored

    @property
    def overall_applicable(self) -> int:
        return ItemTally(self.items).applicable

    @property
    def raw_overall(self) -> float | None:
        """Over all items, whatever the coverage (`ItemTally.raw_score`)."""
        return ItemTally(self.items).raw_score

    @property
    def overall(self) -> float | None:
        """The overall score to show: withheld under too little coverage (`ItemTally.score`)."""
        return ItemTally(self.items).score

    @property
    def measured(self) -> list[PrincipleResult]:
        """Principles with enough answers for a score."""
        return [p for p in self.principles if p.score is not None]

    @property
    def complete(self) -> bool:
        """Every principle that applies has enough answers: only then may a report say "no
        gaps", name strengths, or count principles under their target without qualification."""
        return not self.low_coverage

    @property
    def gaps(self) -> list[PrincipleResult]:
        """Principles with a gap of at least one shown percentage point, largest first; ties
        keep framework order. Only measured principles can have one: see `complete`."""
        with_gap = [p for p in self.principles if (p.gap_points or 0) >= 1]
        return sorted(with_gap, key=lambda p: -(p.gap or 0))

    @property
    def strengths(self) -> list[PrincipleResult]:
        """Principles that meet their target, highest score first (a score under its target is
        no strength, however it ranks). None while any principle lacks answers: what is
        strongest cannot be said while others are unknown."""
        if not self.complete:
            return []
        shown = [p for p in self.principles if p.score is not None and not p.gap_points]
        return sorted(shown, key=lambda p: -(p.score or 0))

    @property
    def disagreements(self) -> list[ItemResult]:
        return sorted((r for r in self.items if r.disagreement), key=lambda r: -(r.spread or 0))

    @property
    def knowledge_gaps(self) -> list[ItemResult]:
        return [r for r in self.items if r.status == "unknown"]

    @property
    def low_coverage(self) -> list[PrincipleResult]:
        return [p for p in self.principles if p.applicable and not p.enough]

    def principle(self, pid: str) -> PrincipleResult | None:
        return next((p for p in self.principles if p.principle.id == pid), None)

    def item(self, item_id: str) -> ItemResult | None:
        return next((r for r in self.items if r.item.id == item_id), None)

    @property
    def agenda(self) -> list[AgendaEntry]:
        return agenda(self)


def distribution(votes: Iterable[Value]) -> list[tuple[float | str, int]]:
    """(value, count) per vote value that occurs: numbers low to high, then n.v.t., weet niet."""
    counts: dict[float | str, int] = {}
    for v in votes:
        counts[v] = counts.get(v, 0) + 1
    return sorted(counts.items(), key=lambda kv: _vote_order(kv[0]))


def _vote_order(v: float | str) -> tuple[int, float]:
    if v == NA:
        return (1, 0.0)
    if v == UNKNOWN:
        return (2, 0.0)
    return (0, float(v))


def item_results(a: Assessment, q: Questionnaire, previous: Assessment | None = None) -> list[ItemResult]:
    """Each item's result, from what may be seen only: sealed blind votes are left out
    (`Assessment.visible_answer`), so no score, spread or renderer can use them."""
    out = []
    for item in q.items:
        ans = a.visible_answer(item.id)
        value, source, spread = team_value(ans)
        prev = team_value(previous.visible_answer(item.id))[0] if previous and item.id in previous.answers else None
        out.append(ItemResult(item, q.id, ans, value, source, spread, prev, a.hidden_votes(item.id)))
    return out


def principle_results(
    framework: Framework,
    results: Iterable[ItemResult],
    targets: dict[str, float] | None = None,
    actions: Iterable[Action] = (),
) -> list[PrincipleResult]:
    targets = targets or {}
    out = {p.id: PrincipleResult(p, targets.get(p.id, p.target)) for p in framework.principles}
    for r in results:
        for pid, weight in r.item.weights(framework.id).items():
            if pid in out:
                out[pid].contributions.append(Contribution(r, weight))
    actions = list(actions)
    for pr in out.values():
        item_ids = {c.result.item.id for c in pr.contributions}
        pr.actions = [x for x in actions if pr.principle.id in x.principles or item_ids & set(x.items)]
    return list(out.values())


@dataclass(frozen=True)
class PrincipleScore(CoverageRules):
    """A principle's score computed from bare team values (see `principle_scores_from_values`)."""

    points: float
    possible: float
    scored: int
    applicable: int


def principle_scores_from_values(
    values: dict[str, float | str], questionnaire: Questionnaire, framework: Framework
) -> dict[str, PrincipleScore]:
    """Per principle of `framework`, its score from per-item team values alone.

    `values` maps item id -> team value (a number, NA or UNKNOWN; an absent item is open),
    as `storage.Summary.values` holds them. The arithmetic is that of `principle_results`
    (same terms, same order), so the numbers equal `analyse()` on the same assessment;
    tests/test_benchmark.py proves it. Items not in the questionnaire are ignored.
    """
    acc = {p.id: [0.0, 0.0, 0, 0] for p in framework.principles}
    for item in questionnaire.items:
        value = values.get(item.id)
        for pid, weight in item.weights(framework.id).items():
            row = acc.get(pid)
            if row is None or value == NA:
                continue
            row[3] += 1
            if value is None or value == UNKNOWN or isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            row[0] += weight * float(value)
            row[1] += weight * item.scale.max
            row[2] += 1
    return {pid: PrincipleScore(r[0], r[1], int(r[2]), int(r[3])) for pid, r in acc.items()}


def analyse(
    a: Assessment,
    q: Questionnaire,
    framework: Framework,
    previous: Assessment | None = None,
    previous_questionnaire: Questionnaire | None = None,
) -> Analysis:
    """The full analysis of one round, with the trend against `previous` when given."""
    items = item_results(a, q, previous)
    principles = principle_results(framework, items, a.targets, a.actions)
    prev_analysis = None
    if previous is not None:
        prev_analysis = analyse(previous, previous_questionnaire or q, framework)
        for pr in principles:
            before = prev_analysis.principle(pr.principle.id)
            pr.trend, pr.trend_compared, pr.trend_of, pr.trend_from, pr.trend_to = trend_between(before, pr)
            pr.previous_score = before.score if before is not None else None
    return Analysis(a, q, framework, items, principles, prev_analysis)


def trend_between(
    old: PrincipleResult | None, new: PrincipleResult | None
) -> tuple[float | None, int, int, int | None, int | None]:
    """(trend in whole percentage points, statements compared, statements scored in either round,
    the old round's score on the compared statements, the new round's), the two scores in whole
    % so that trend = new − old exactly: the figure a trend starts from is the old round's score
    on the same statements, which differs from its own score when the sets differ.

    Only statements scored in BOTH rounds count, each with its weight now, so a statement that
    was "weet niet" (or open, or n.v.t.) before and has a score now moves nothing. No trend when
    either round has too few answers for a score, or when no statement is scored in both.
    """
    if old is None or new is None:
        return None, 0, 0, None, None
    before = {c.result.item.id: c for c in old.contributions if c.result.status == "scored"}
    now = {c.result.item.id: c for c in new.contributions if c.result.status == "scored"}
    common = [i for i in now if i in before]
    either = len(set(before) | set(now))
    if old.score is None or new.score is None or not common:
        return None, len(common), either, None, None

    def score(side: dict[str, Contribution]) -> float:
        points = sum(now[i].weight * (side[i].result.numeric or 0.0) for i in common)
        possible = sum(now[i].weight * side[i].result.item.scale.max for i in common)
        return 100.0 * points / possible if possible else 0.0

    start, end = whole(score(before)), whole(score(now))
    return float(end - start), len(common), either, start, end


def trend_shifted(start: int | None, end: int | None, old: float | None, new: float | None) -> bool:
    """A trend's figures (`start` → `end`, on the shared statements) differ from the two rounds'
    own scores as shown (`old`, `new`): the statement sets differ."""
    if start is None or end is None:
        return False
    return (old is None or whole(old) != start) or (new is None or whole(new) != end)


def combine(rounds: list[tuple[Assessment, Questionnaire]], framework: Framework) -> Analysis:
    """One principle profile over the latest rounds of several questionnaires of one organisation.

    All items of all rounds pool into each principle's formula; targets come from the most
    recent round that sets them.
    """
    items: list[ItemResult] = []
    targets: dict[str, float] = {}
    actions: list[Action] = []
    for a, q in sorted(rounds, key=lambda r: (r[0].date is not None, r[0].date)):
        items.extend(item_results(a, q))
        targets.update(a.targets)
        actions.extend(a.actions)
    return Analysis(None, None, framework, items, principle_results(framework, items, targets, actions))


def latest_per_questionnaire(assessments: Iterable[Assessment], organisation: str) -> list[Assessment]:
    latest: dict[str, Assessment] = {}
    for a in assessments:
        if a.organisation != organisation:
            continue
        cur = latest.get(a.questionnaire)
        if cur is None or (a.date or date.min, str(a.created)) > (cur.date or date.min, str(cur.created)):
            latest[a.questionnaire] = a
    return [latest[k] for k in sorted(latest)]


def agenda(an: Analysis) -> list[AgendaEntry]:
    """Items to discuss: disagreement first, then "talk about this" flags, then knowledge gaps;
    within each, items serving the principles with the largest gaps first."""
    gaps = {p.principle.id: (p.gap or 0.0) for p in an.principles}
    entries = []
    for n, r in enumerate(an.items):
        reasons = []
        if r.disagreement:
            reasons.append("disagreement")
        if r.answer.discuss:
            reasons.append("discuss")
        if r.status == "unknown":
            reasons.append("unknown")
        if not reasons:
            continue
        weights = r.item.weights(an.framework.id)
        gap_principles = sorted((pid for pid in weights if gaps.get(pid)), key=lambda pid: -gaps[pid])
        shortfall = 1.0
        if r.numeric is not None and r.item.scale.max:
            shortfall = 1.0 - (r.numeric - r.item.scale.min) / (r.item.scale.max - r.item.scale.min)
        gap_weight = max((gaps.get(pid, 0.0) for pid in weights), default=0.0) * shortfall
        if gap_principles:
            reasons.append("gap")
        priority = (
            1000.0 * ("disagreement" in reasons)
            + 500.0 * ("discuss" in reasons)
            + 250.0 * ("unknown" in reasons)
            + gap_weight
            + (r.spread or 0.0)
            - n / 10_000.0
        )
        entries.append(AgendaEntry(r, reasons, gap_principles, priority))
    return sorted(entries, key=lambda e: -e.priority)


@dataclass
class PrincipleChange:
    principle: Principle
    old: float | None
    new: float | None
    trend: float | None = None
    """Percentage points over the statements scored in both rounds (`trend_between`)."""
    compared: int = 0
    of: int = 0
    trend_from: int | None = None
    """The old round's score on the compared statements (whole %): `trend_to − trend_from = trend`."""
    trend_to: int | None = None
    """The new round's score on those statements (whole %)."""

    @property
    def shifted(self) -> bool:
        """The trend's figures differ from the rounds' own scores (the statement sets differ)."""
        return trend_shifted(self.trend_from, self.trend_to, self.old, self.new)

    @property
    def delta(self) -> float | None:
        return self.trend

    @property
    def partial(self) -> bool:
        """The trend rests on fewer statements than were scored in either round."""
        return self.compared < self.of


@dataclass
class ItemChange:
    item: Item
    old: float | str | None
    new: float | str | None

    @property
    def delta(self) -> float | None:
        if isinstance(self.old, (int, float)) and isinstance(self.new, (int, float)):
            return float(self.new) - float(self.old)
        return None


@dataclass
class Comparison:
    old: Analysis
    new: Analysis
    principles: list[PrincipleChange]
    moved: list[ItemChange]
    new_disagreements: list[Item]
    resolved_disagreements: list[Item]
    closed_actions: list[Action]


def compare(old: Analysis, new: Analysis) -> Comparison:
    """Per-principle differences, items whose team value changed (largest moves first),
    disagreements that appeared or went away, and actions closed since the old round."""
    changes = []
    for pr in new.principles:
        before = old.principle(pr.principle.id)
        trend, compared, of, start, end = trend_between(before, pr)
        changes.append(
            PrincipleChange(pr.principle, before.score if before else None, pr.score, trend, compared, of, start, end)
        )
    moved = []
    old_items = {r.item.id: r for r in old.items}
    new_dis, resolved = [], []
    for r in new.items:
        o = old_items.get(r.item.id)
        ov = o.value if o else None
        if ov != r.value and not (ov is None and r.value is None):
            moved.append(ItemChange(r.item, ov, r.value))
        if r.disagreement and not (o and o.disagreement):
            new_dis.append(r.item)
        if o and o.disagreement and not r.disagreement:
            resolved.append(r.item)
    moved.sort(key=lambda c: -abs(c.delta or 0))
    # Closed since the old round: done or dropped now, and not already closed in the old round
    # (open or busy then, or added since).
    old_closed = {x.id for x in (old.assessment.actions if old.assessment else []) if x.status in ("done", "dropped")}
    closed = [
        x
        for x in (new.assessment.actions if new.assessment else [])
        if x.status in ("done", "dropped") and x.id not in old_closed
    ]
    return Comparison(old, new, changes, moved, new_dis, resolved, closed)


@dataclass
class SectionResult(ItemTally):
    """A section's (theme's) items and its own score: Σ score / Σ scale max over its scored
    items, unweighted (`ItemTally.score`)."""

    section: Section


def section_results(an: Analysis) -> list[SectionResult]:
    """Per section of the questionnaire, its items' results and its own score."""
    if an.questionnaire is None:
        return []
    by_id = {r.item.id: r for r in an.items}
    return [
        SectionResult(section=s, results=[by_id[i.id] for i in s.items if i.id in by_id])
        for s in an.questionnaire.sections
    ]


def carry_over(previous: Assessment, new: Assessment) -> list[Action]:
    """Open actions of `previous` copied into `new` for review (done, continue or drop)."""
    name = previous.path.name if previous.path else ""
    taken = {x.id for x in new.actions}
    carried = []
    for x in previous.actions:
        if x.status not in ("open", "busy"):
            continue
        ident = x.id if x.id not in taken else f"{x.id}-{len(taken) + 1}"
        taken.add(ident)
        carried.append(
            Action(
                id=ident,
                what=x.what,
                who=x.who,
                due=x.due,
                status=x.status,
                principles=list(x.principles),
                items=list(x.items),
                sections=list(x.sections),
                from_round=name,
                reviewed=False,
                created=x.created,
                updated=x.updated,
            )
        )
    new.actions.extend(carried)
    return carried


def previous_note(previous: Assessment | None, item_id: str) -> str:
    """The note the previous round kept on an item (its first line), "" when none: the new
    round shows it beside the previous score (issue 16.7). It stays in the previous round's
    file; the new round starts with notes of its own."""
    ans = previous.answers.get(item_id) if previous is not None else None
    lines = ans.note.strip().splitlines() if ans is not None else []
    return lines[0].strip() if lines else ""


def principle_history(
    rounds: list[tuple[Assessment, Questionnaire]], framework: Framework
) -> dict[str, list[float | None]]:
    """Per principle, its score in each round (oldest first; None where too few answers)."""
    out: dict[str, list[float | None]] = {p.id: [] for p in framework.principles}
    for a, q in rounds:
        an = analyse(a, q, framework)
        for pr in an.principles:
            out[pr.principle.id].append(pr.score)
    return out


def overall_of(scored: Iterable[tuple[float, float]]) -> float | None:
    """The overall score: Σ value / Σ scale max over the scored items, (value, scale max) each,
    unweighted, 0–100 %; None when nothing is scored."""
    got = possible = 0.0
    for value, top in scored:
        got += value
        possible += top
    return 100.0 * got / possible if possible else None


def overall_of_values(values: Mapping[str, object], q: Questionnaire | None) -> float | None:
    """`Analysis.overall` from a listing's team values per item (`storage.Summary.values`):
    numbers count, "nvt", "weet-niet" and unanswered items do not; withheld (None) under the
    same coverage rule as `Analysis.overall` (issue 12)."""
    if q is None:
        return None
    scored = [
        (float(v), i.scale.max)
        for i in q.items
        if isinstance(v := values.get(i.id), (int, float)) and not isinstance(v, bool)
    ]
    applicable = sum(1 for i in q.items if values.get(i.id) != NA)
    if not applicable or len(scored) / applicable < MIN_COVERAGE:
        return None
    return overall_of(scored)
