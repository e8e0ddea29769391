"""The data model: frameworks, questionnaires (read-only content) and assessments (answers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

NA = "nvt"
"""The stored value for 'n.v.t.' (not applicable): the item is left out entirely."""
UNKNOWN = "weet-niet"
"""The stored value for 'weet niet' (don't know): no score, counted as a knowledge gap."""

Value = int | str
"""An answer or a vote: a level value of the item's scale, `NA` or `UNKNOWN`."""

VOTING_MODES = ("team", "open", "blind")
ACTION_STATUSES = ("open", "busy", "done", "dropped")
CONFLICT_SIDES = ("ours", "theirs")
"""Which copy of a merge a conflict's losing answer came from (git's terms: ours = this copy)."""
PRINCIPLE_STATUSES = ("confirmed", "working-title")
CONTENT_STATUSES = ("confirmed", "reconstructed")
"""`status` of a questionnaire, section or item: "reconstructed" when the source's own text could
not be read and the statements were rebuilt from related sources (shown as such in app and reports)."""
UNKNOWN_YEAR = "unknown"
"""A source's `year` when no source confirms it (`year = "unknown"`)."""
SCHEMA = 1
"""The assessment file schema this version writes (and the newest it reads)."""


@dataclass(frozen=True)
class Text:
    """A text in Dutch and English; `get` falls back to Dutch."""

    nl: str
    en: str = ""

    def get(self, lang: str) -> str:
        return (self.en if lang == "en" else self.nl) or self.nl


@dataclass(frozen=True)
class Level:
    value: int
    label: Text


@dataclass(frozen=True)
class Scale:
    id: str
    levels: tuple[Level, ...]
    na: bool = True
    unknown: bool = True
    disagreement: int = 2

    @property
    def min(self) -> int:
        return self.levels[0].value

    @property
    def max(self) -> int:
        return self.levels[-1].value

    @cached_property
    def values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)

    def allows(self, value: Value) -> bool:
        if value == NA:
            return self.na
        if value == UNKNOWN:
            return self.unknown
        return isinstance(value, int) and not isinstance(value, bool) and value in self.values

    def label(self, value: Value, lang: str) -> str:
        for level in self.levels:
            if level.value == value:
                return level.label.get(lang)
        return str(value)


@dataclass(frozen=True)
class Principle:
    id: str
    name: Text
    description: Text
    status: str
    target: float
    short: Text | None = None
    group: Text | None = None

    @property
    def working_title(self) -> bool:
        return self.status == "working-title"

    def short_name(self, lang: str) -> str:
        return (self.short or self.name).get(lang)


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    name: Text
    description: Text | None
    principles: tuple[Principle, ...]
    path: Path | None = None

    def principle(self, pid: str) -> Principle | None:
        for p in self.principles:
            if p.id == pid:
                return p
        return None


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    year: int | None
    """None: the year is unknown (`year = "unknown"` in the file)."""
    url: str = ""


@dataclass(frozen=True)
class Item:
    id: str
    text: Text
    help: Text | None
    scale: Scale
    serves: dict[str, dict[str, float]]
    section: str
    status: str = "confirmed"
    """"reconstructed" (itself, or inherited from its section or questionnaire): see CONTENT_STATUSES."""

    @property
    def reconstructed(self) -> bool:
        return self.status == "reconstructed"

    def weights(self, framework: str) -> dict[str, float]:
        return self.serves.get(framework, {})


@dataclass(frozen=True)
class Step:
    id: str
    title: Text
    description: Text | None
    scored: bool = True


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    intro: Text | None
    step: str | None
    items: tuple[Item, ...]
    discuss: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def discuss_questions(self, lang: str) -> tuple[str, ...]:
        return self.discuss.get(lang) or self.discuss.get("nl", ())


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    framework: str
    title: Text
    introduction: Text | None
    sources: tuple[Source, ...]
    scales: dict[str, Scale]
    steps: tuple[Step, ...]
    sections: tuple[Section, ...]
    path: Path | None = None
    status: str = "confirmed"
    """"reconstructed" when all of it was rebuilt; single items can be marked on their own."""
    audience: Text | None = None
    """Who should be in the room (shown when a team chooses a questionnaire)."""

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.items)

    def item(self, item_id: str) -> Item | None:
        return self._index().get(item_id)

    def section(self, section_id: str) -> Section | None:
        for s in self.sections:
            if s.id == section_id:
                return s
        return None

    def _index(self) -> dict[str, Item]:
        cached = self.__dict__.get("_item_index")
        if cached is None:
            cached = {i.id: i for i in self.items}
            object.__setattr__(self, "_item_index", cached)
        return cached

    @property
    def reconstructed_items(self) -> tuple[Item, ...]:
        """The items marked "reconstructed" (directly or through their section or questionnaire)."""
        return tuple(i for i in self.items if i.reconstructed)

    @property
    def max_scale(self) -> Scale:
        return next(iter(self.scales.values()))


@dataclass
class Answer:
    """What the team said about one item."""

    score: Value | None = None
    votes: dict[str, Value] = field(default_factory=dict)
    note: str = ""
    discuss: bool = False
    updated: datetime | None = None
    revealed: bool = False
    """Blind voting: the team has revealed this item's votes (stored, so it stays revealed)."""

    def is_empty(self) -> bool:
        return self.score is None and not self.votes and not self.note and not self.discuss


@dataclass
class Action:
    id: str
    what: str
    who: str = ""
    due: date | None = None
    status: str = "open"
    principles: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    """Sections (themes) the action belongs to, e.g. a theme of armoede-gezondheid's step 3."""
    from_round: str = ""
    """The file name of the round this open action was carried over from, for review."""
    reviewed: bool = False
    """A carried-over action the team has looked at (done, continue or drop)."""
    created: datetime | None = None
    updated: datetime | None = None


@dataclass
class Conflict:
    """An answer (or a section note) changed on both sides of a merge: the version that was NOT
    kept, recorded for the team to review (`selfcheck merge-driver`, docs/formats.md).

    Exactly one of `item` and `section` is set. The kept version is the answer (or note) itself.
    """

    item: str = ""
    section: str = ""
    side: str = "theirs"
    """"ours" (the copy that did the merge) or "theirs" (the copy merged in)."""
    who: str = ""
    """Who last changed the file on that side, when git knows (its author name)."""
    recorded: datetime | None = None
    """When the merge recorded the conflict."""
    score: Value | None = None
    votes: dict[str, Value] = field(default_factory=dict)
    note: str = ""
    discuss: bool = False
    updated: datetime | None = None
    """When the losing answer was last changed."""


@dataclass
class Assessment:
    """One round of one questionnaire by one team of one organisation."""

    questionnaire: str
    questionnaire_version: str
    organisation: str
    team: str = ""
    date: date | None = None
    voting: str = "team"
    participants: list[str] = field(default_factory=list)
    created: datetime | None = None
    updated: datetime | None = None
    previous: str = ""
    framework: str = ""
    targets: dict[str, float] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    section_notes: dict[str, str] = field(default_factory=dict)
    """Notes per section, e.g. the discussion of a theme in armoede-gezondheid's step 2."""
    actions: list[Action] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    """Answers changed on both sides of a git merge: the versions not kept, for review."""
    schema: int = SCHEMA
    path: Path | None = field(default=None, compare=False)

    def answer(self, item_id: str) -> Answer:
        """The answer to an item, created empty (not stored) when there is none."""
        return self.answers.get(item_id) or Answer()

    def sealed(self, item_id: str) -> bool:
        """Blind voting and this item's votes not revealed yet: its votes count and show nowhere."""
        ans = self.answers.get(item_id)
        return self.voting == "blind" and ans is not None and bool(ans.votes) and not ans.revealed

    def visible_votes(self, item_id: str) -> dict[str, Value]:
        """The votes anyone may see or count: none while the item is sealed (see `sealed`)."""
        return {} if self.sealed(item_id) else dict(self.answer(item_id).votes)

    def hidden_votes(self, item_id: str) -> int:
        """How many votes are sealed on this item (the screen may say how many have voted)."""
        return len(self.answer(item_id).votes) if self.sealed(item_id) else 0

    def visible_answer(self, item_id: str) -> Answer:
        """The answer as everything outside the voting screen sees it: a copy without its
        votes while they are sealed. Scores, listings and every export read only this."""
        ans = self.answer(item_id)
        if not self.sealed(item_id):
            return ans
        return Answer(
            score=ans.score, votes={}, note=ans.note, discuss=ans.discuss, updated=ans.updated, revealed=False
        )
