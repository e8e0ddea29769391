"""The report model: everything a management report says, built ONCE from an analysis.

Every format (HTML, PDF, Markdown, CSV, JSON) renders this tree and computes nothing of its
own, so the formats cannot disagree. Texts a person reads are already in the report's
language; numbers stay numbers (renderers format them with `selfcheck.core.fmt`).

User text (organisation, team, names, notes, actions) is *cleaned* here — control characters
and bidirectional override/isolate characters removed, line ends made `\\n` — but never
escaped: escaping is each renderer's job, for its own syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from selfcheck.core import fmt
from selfcheck.core.model import Assessment, Questionnaire, Scale
from selfcheck.core.report import reason_text, short_statement
from selfcheck.core.scoring import NARROW_BASIS, Analysis, ItemResult, PrincipleResult, section_results
from selfcheck.i18n import language, set_language, t

FORMAT_VERSION = 1
"""The version of the JSON structure (docs/exports.md); raised on any incompatible change."""

VOTE_MODES = ("anonymous", "named", "none")
"""How a report shows the participants' votes: as a count per value without names (the
default), with each name, or not at all. The choice is printed in the report's header."""

SUMMARY_TOP = 3
"""How many gaps and strengths the management summary names."""

# C0/C1 control characters (tab and line feed kept), and the bidi embedding/override/isolate
# controls that could reorder the text around user input (a classic spoofing trick).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(text: object) -> str:
    """User text made safe to hold: str, no control or bidi-override characters, no lone
    surrogates, line ends as `\\n`. Not escaped: that is the renderer's job."""
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = _CONTROL.sub("", s)
    return s.encode("utf-8", "replace").decode("utf-8")


@contextmanager
def using_language(lang: str | None) -> Iterator[str]:
    """Run a block in `lang` (None: the current language), restoring the language after."""
    before = language()
    if lang is not None and lang != before:
        set_language(lang)
    try:
        yield language()
    finally:
        if language() != before:
            set_language(before)


@dataclass
class RoundInfo:
    """One assessment round the report is about."""

    questionnaire: str
    title: str
    version: str
    date: date | None
    team: str
    voting: str
    participants: list[str]
    file: str


@dataclass
class Header:
    kind: str
    """"assessment" (one round) or "combined" (the latest rounds of several questionnaires)."""
    title: str
    organisation: str
    teams: list[str]
    rounds: list[RoundInfo]
    date: date | None
    participants: list[str]
    framework_id: str
    framework_name: str
    framework_version: str
    answered: int
    total: int
    overall: float | None
    """None when fewer than half of the applying statements have a score (the principle rule)."""
    generated: datetime
    votes: str = "anonymous"
    """One of VOTE_MODES: how this report shows the votes."""
    scored: int = 0
    """Statements with a score (not n.v.t., not weet niet, not open)."""
    applicable: int = 0
    """Statements that apply (all but n.v.t.)."""
    unknown: int = 0
    """Statements answered "weet niet"."""
    voted: bool = True
    """At least one statement has two or more votes in this report. Without that (answered with
    team scores only, or every vote still sealed) nobody can see whether the team disagreed: the
    reports say so instead of "0 disagreements"."""


@dataclass
class PrincipleRow:
    id: str
    name: str
    short: str
    description: str
    working_title: bool
    target: float
    score: float | None
    """None when coverage is under 50 % (the report says "too few answers")."""
    raw_score: float | None
    gap: float | None
    coverage: float | None
    """0–1; None when no item of this principle applies."""
    scored: int
    applicable: int
    unknown: int
    disagreements: int
    trend: float | None
    previous_score: float | None
    open_actions: int
    gap_points: int | None = None
    """The gap as shown: whole percentage points, shown target − shown score."""
    narrow: bool = False
    """The score rests on fewer than NARROW_BASIS statements (marked wherever it is named)."""
    trend_compared: int = 0
    """The statements the trend rests on (scored in both rounds)."""
    trend_of: int = 0
    """The statements scored in at least one of the two rounds."""
    trend_from: int | None = None
    """The previous round's score (whole %) on the statements the trend rests on: the figure the
    trend starts from (`trend_to − trend_from = trend`); `previous_score` is that round's own."""
    trend_to: int | None = None
    """This round's score (whole %) on those statements."""
    trend_shifted: bool = False
    """The trend's figures differ from the rounds' own scores (the statement sets differ)."""
    actions: list[str] = field(default_factory=list)
    """Ids of the open (or busy) actions linked to this principle, in the report's order."""

    @property
    def enough(self) -> bool:
        return self.score is not None


@dataclass
class Vote:
    name: str
    value: int | float | str | None
    text: str


@dataclass
class ItemRow:
    questionnaire: str
    section: str
    section_title: str
    id: str
    text: str
    principles: list[tuple[str, float]]
    value: int | float | str | None
    """The team value: a number, "nvt", "weet-niet", or None (not answered)."""
    value_text: str
    value_label: str
    """The scale's label for a whole-number value ("Grotendeels"), else ""."""
    source: str | None
    """"consensus" (recorded team score), "median" (of the votes) or None."""
    status: str
    """"scored", "na", "unknown" or "open"."""
    votes: list[Vote]
    """Each participant's vote, only in a report that names them (votes="named")."""
    distribution: list[tuple[int | float | str, str, int]]
    """(value, text, how many) per vote value, without names; empty when votes="none"."""
    spread: float | None
    disagreement: bool
    note: str
    discuss: bool
    previous: int | float | str | None
    scale_max: int
    number: int = 0
    """The statement's number in this report (1, 2, …): what readers see instead of its id; the
    technical appendix maps numbers to ids."""


@dataclass
class SectionBlock:
    questionnaire: str
    questionnaire_title: str
    id: str
    title: str
    items: list[ItemRow]
    step: str = ""
    """The id of the step this section belongs to ("" when the questionnaire has no steps)."""


@dataclass
class ActionRow:
    id: str
    what: str
    who: str
    due: date | None
    status: str
    status_text: str
    principles: list[str]
    items: list[str]
    questionnaire: str
    sections: list[str] = field(default_factory=list)
    """The themes (section ids) the action belongs to, e.g. in armoede-gezondheid's step 3."""
    overdue: bool = False
    """Open or busy, and its due date is before the day the report was made."""
    links: list[tuple[str, str]] = field(default_factory=list)
    """(id, what a reader sees) of everything the action is linked to, as `about`: a principle
    as "P6 Leefomstandigheden", a theme by its title, a statement by its text cut at a word.
    Reports show these labels, never the ids (those only in a technical appendix or id column)."""

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "busy")

    @property
    def about(self) -> list[str]:
        """Everything the action is linked to, as ids: principles, themes, items."""
        return self.principles + self.sections + self.items

    def about_labels(self, leave_out: str = "") -> list[str]:
        """What the action is linked to as a reader names it (`links`), without `leave_out`
        (the theme whose heading the action is under)."""
        labels = dict(self.links)
        return [labels.get(ref, ref) for ref in self.about if not (leave_out and ref == leave_out)]


@dataclass
class ThemeRow:
    """One theme (section) in the discussion step: its score from the scored step, the questions
    to discuss and the team's note on it."""

    id: str
    title: str
    intro: str
    step: str
    """The step whose statements gave the score."""
    score: float | None
    """Σ score / Σ scale max over its scored items; None under 50 % coverage or without items."""
    scored: int
    applicable: int
    total: int
    disagreements: int
    """Statements of this theme on which the team disagreed (spread ≥ the scale's threshold)."""
    questions: list[str]
    note: str
    actions: list[str]
    """Ids of the actions linked to this theme."""


@dataclass
class ActionGroup:
    """The actions of one theme in the action step ("" and a "without theme" title for the rest)."""

    section: str
    title: str
    actions: list[ActionRow]


@dataclass
class StepBlock:
    """One step of a questionnaire that declares steps (armoede-gezondheid: 1 take stock, 2
    deepen six themes, 3 action agenda). What a step shows follows from the questionnaire:

    - its own sections' scored statements, per section (`sections`);
    - the discussion per theme (`themes`): in the first step without a score (else the last step);
    - the action agenda by theme (`actions`): in the last step without a score (else the last step).
    """

    id: str
    number: int
    title: str
    description: str
    scored: bool
    sections: list[SectionBlock] = field(default_factory=list)
    themes: list[ThemeRow] = field(default_factory=list)
    actions: list[ActionGroup] | None = None
    """The action agenda by theme; None in a step that does not show it."""
    themes_without_actions: list[str] = field(default_factory=list)
    """Titles of themes that have no action yet (in the step that shows the agenda)."""

    @property
    def shows(self) -> list[str]:
        """What this step shows: "statements", "discussion" and/or "actions"."""
        out = []
        if self.sections:
            out.append("statements")
        if self.themes:
            out.append("discussion")
        if self.actions is not None:
            out.append("actions")
        return out


@dataclass
class AgendaRow:
    item: str
    text: str
    reasons: list[str]
    reason_text: str
    principles: list[str]


@dataclass
class TrendInfo:
    previous_date: date | None
    previous_file: str
    changes: list[PrincipleRow]
    """The principles with a trend, largest movement first."""


@dataclass
class ScaleInfo:
    min: int
    max: int
    disagreement: int
    levels: list[tuple[int, str]]


@dataclass
class SourceInfo:
    questionnaire: str
    title: str
    publisher: str
    year: int | None
    """None: the year is unknown (`year_text` says so)."""
    url: str
    year_text: str = ""
    """The year as a reader sees it: "2018", or "jaar onbekend" / "year unknown"."""


@dataclass
class ReconstructedInfo:
    """A questionnaire (some of) whose statements are reconstructed (issue 15)."""

    questionnaire: str
    title: str
    items: list[str]
    """Ids of its reconstructed statements."""
    total: int
    text: str
    """The sentence the reports print."""


@dataclass
class Report:
    language: str
    header: Header
    principles: list[PrincipleRow]
    gaps: list[PrincipleRow]
    strengths: list[PrincipleRow]
    disagreements: list[ItemRow]
    coverage_warnings: list[PrincipleRow]
    knowledge_gaps: list[ItemRow]
    trend: TrendInfo | None
    actions: list[ActionRow]
    agenda: list[AgendaRow]
    sections: list[SectionBlock]
    scale: ScaleInfo
    method: str
    sources: list[SourceInfo]
    working_titles: list[str] = field(default_factory=list)
    """Ids of principles whose name is a working title (marked wherever they are named)."""
    reconstructed: list[ReconstructedInfo] = field(default_factory=list)
    """Questionnaires with reconstructed statements (issue 15), said in the method part."""
    steps: list[StepBlock] = field(default_factory=list)
    """The questionnaire's steps (one round of a questionnaire that declares steps); empty
    otherwise, and then every format renders exactly as for a questionnaire without steps."""
    format_version: int = FORMAT_VERSION
    narrow_basis: int = NARROW_BASIS
    """The threshold: a score on fewer statements than this is a narrow basis."""

    @property
    def applying(self) -> list[PrincipleRow]:
        """Principles with at least one statement that applies."""
        return [p for p in self.principles if p.applicable]

    @property
    def unmeasured(self) -> list[PrincipleRow]:
        """Principles that apply but have too few answers for a score."""
        return [p for p in self.principles if p.applicable and p.score is None]

    @property
    def complete(self) -> bool:
        """Every applying principle has a score: only then a "no gaps" or strengths claim."""
        return not self.unmeasured

    @property
    def below_target(self) -> list[PrincipleRow]:
        """Measured principles at least one shown percentage point under their target."""
        return [p for p in self.principles if (p.gap_points or 0) >= 1]

    def action(self, action_id: str) -> ActionRow | None:
        return next((x for x in self.actions if x.id == action_id), None)

    @property
    def loose_sections(self) -> list[SectionBlock]:
        """Sections that belong to no step, in a report with steps (shown after the steps)."""
        if not self.steps:
            return []
        return [s for s in self.sections if not s.step]

    @property
    def participants(self) -> list[str]:
        return self.header.participants

    def principle(self, pid: str) -> PrincipleRow | None:
        return next((p for p in self.principles if p.id == pid), None)

    def items(self) -> list[ItemRow]:
        return [i for s in self.sections for i in s.items]


# --- building


def _principle_row(pr: PrincipleResult, previous: Analysis | None, lang: str) -> PrincipleRow:
    prev = previous.principle(pr.principle.id) if previous is not None else None
    return PrincipleRow(
        id=pr.principle.id,
        name=clean(pr.principle.name.get(lang)),
        short=clean(pr.principle.short_name(lang)),
        description=clean(pr.principle.description.get(lang)),
        working_title=pr.principle.working_title,
        target=float(pr.target),
        score=pr.score,
        raw_score=pr.raw_score,
        gap=pr.gap,
        coverage=pr.coverage if pr.applicable else None,
        scored=pr.scored,
        applicable=pr.applicable,
        unknown=pr.unknown,
        disagreements=pr.disagreements,
        trend=pr.trend,
        previous_score=prev.score if prev is not None else pr.previous_score,
        open_actions=len(pr.open_actions),
        gap_points=pr.gap_points,
        narrow=pr.score is not None and pr.narrow,
        trend_compared=pr.trend_compared,
        trend_of=pr.trend_of,
        trend_from=pr.trend_from,
        trend_to=pr.trend_to,
        trend_shifted=pr.trend_shifted,
        actions=[clean(x.id) for x in pr.open_actions],
    )


def _ordered_votes(votes: Mapping[str, object], participants: list[str]) -> list[str]:
    known = [p for p in participants if p in votes]
    return known + sorted(n for n in votes if n not in participants)


def _item_row(
    r: ItemResult,
    q: Questionnaire | None,
    participants: list[str],
    framework: str,
    lang: str,
    votes_mode: str = "anonymous",
) -> ItemRow:
    scale: Scale = r.item.scale
    section = q.section(r.item.section) if q is not None else None
    value = r.value
    label = ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        label = clean(scale.label(int(value), lang))
    # r.answer holds only the votes that may be seen (sealed blind votes are already gone).
    votes = (
        [
            Vote(clean(name), r.answer.votes[name], fmt.value(r.answer.votes[name], lang=lang))
            for name in _ordered_votes(r.answer.votes, participants)
        ]
        if votes_mode == "named"
        else []
    )
    dist = [(v, fmt.value(v, lang=lang), n) for v, n in r.distribution] if votes_mode != "none" else []
    return ItemRow(
        questionnaire=r.questionnaire,
        section=r.item.section,
        section_title=clean(section.title.get(lang)) if section is not None else r.item.section,
        id=r.item.id,
        text=clean(r.item.text.get(lang)),
        principles=[(pid, float(w)) for pid, w in r.item.weights(framework).items()],
        value=value,
        value_text=fmt.value(value, lang=lang),
        value_label=label,
        source=r.source,
        status=r.status,
        votes=votes,
        distribution=dist,
        spread=r.spread,
        disagreement=r.disagreement,
        note=clean(r.answer.note),
        discuss=bool(r.answer.discuss),
        previous=r.previous,
        scale_max=scale.max,
    )


def _unique(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


def build_report(
    analysis: Analysis,
    rounds: list[tuple[Assessment, Questionnaire]] | None = None,
    *,
    lang: str | None = None,
    generated: datetime | None = None,
    votes: str = "anonymous",
) -> Report:
    """The report of one analysis, in `lang` (default: the current language).

    For one round, `analysis` comes from `scoring.analyse` and `rounds` may be left out. For a
    combined profile (`scoring.combine`), pass the rounds it was made of, so the header can
    name them. `generated` is the time printed as "made on" (default: now; tests freeze it).
    `votes` is one of VOTE_MODES: the participants' votes without names (default), named, or
    left out. Sealed blind votes are never in the analysis, so no mode can show them.
    """
    if votes not in VOTE_MODES:
        raise ValueError(f"votes must be one of {', '.join(VOTE_MODES)}")
    with using_language(lang) as lang:
        return _build(analysis, rounds, lang, generated or datetime.now(UTC).replace(microsecond=0), votes)


def _build(
    an: Analysis,
    rounds: list[tuple[Assessment, Questionnaire]] | None,
    lang: str,
    generated: datetime,
    votes: str = "anonymous",
) -> Report:
    if rounds is None:
        if an.assessment is None or an.questionnaire is None:
            raise ValueError("a combined analysis needs the rounds it was made of")
        rounds = [(an.assessment, an.questionnaire)]
    combined = an.assessment is None
    rounds = sorted(rounds, key=lambda r: r[1].id) if combined else rounds
    by_q = {q.id: (a, q) for a, q in rounds}
    infos = [
        RoundInfo(
            questionnaire=q.id,
            title=clean(q.title.get(lang)),
            version=a.questionnaire_version,
            date=a.date,
            team=clean(a.team),
            voting=a.voting,
            participants=[clean(p) for p in a.participants],
            file=clean(a.path.name) if a.path is not None else "",
        )
        for a, q in rounds
    ]
    organisation = clean(rounds[0][0].organisation)
    participants = _unique([p for a, _ in rounds for p in a.participants])
    dates = [a.date for a, _ in rounds if a.date is not None]
    if combined:
        title = t("r.combined_title", org=organisation)
    else:
        title = infos[0].title
    header = Header(
        kind="combined" if combined else "assessment",
        title=title,
        organisation=organisation,
        teams=_unique([i.team for i in infos]),
        rounds=infos,
        date=max(dates) if dates else None,
        participants=[clean(p) for p in participants],
        framework_id=an.framework.id,
        framework_name=clean(an.framework.name.get(lang)),
        framework_version=an.framework.version,
        answered=an.answered,
        total=an.total,
        overall=an.overall,
        generated=generated,
        votes=votes,
        scored=an.overall_scored,
        applicable=an.overall_applicable,
        unknown=len(an.knowledge_gaps),
        voted=any(len(r.answer.votes) >= 2 for r in an.items),
    )
    principles = [_principle_row(pr, an.previous, lang) for pr in an.principles]
    rows = {p.id: p for p in principles}
    items: list[ItemRow] = []
    for r in an.items:
        a, q = by_q.get(r.questionnaire, (None, None))
        items.append(_item_row(r, q, a.participants if a is not None else participants, an.framework.id, lang, votes))
    by_id = {i.id: i for i in items}
    sections: list[SectionBlock] = []
    for _a, q in rounds:
        for s in q.sections:
            block = [by_id[i.id] for i in s.items if i.id in by_id]
            if block:
                sections.append(
                    SectionBlock(
                        q.id,
                        clean(q.title.get(lang)),
                        s.id,
                        clean(s.title.get(lang)),
                        block,
                        step=(s.step or "") if q.steps else "",
                    )
                )
    for n, row in enumerate((i for sec in sections for i in sec.items), 1):
        row.number = n
    trend = None
    if an.previous is not None and an.previous.assessment is not None:
        moved = [p for p in principles if p.trend is not None]
        moved.sort(key=lambda p: -abs(p.trend or 0))
        prev = an.previous.assessment
        trend = TrendInfo(prev.date, clean(prev.path.name) if prev.path is not None else "", moved)
    actions = [
        ActionRow(
            id=clean(x.id),
            what=clean(x.what),
            who=clean(x.who),
            due=x.due,
            status=x.status,
            status_text=t("status." + x.status),
            principles=[clean(p) for p in x.principles],
            items=[clean(i) for i in x.items],
            questionnaire=q.id,
            sections=[clean(s) for s in x.sections],
            overdue=x.status in ("open", "busy") and x.due is not None and x.due < generated.date(),
            links=_action_links(x.principles, x.sections, x.items, q, rows, lang),
        )
        for a, q in rounds
        for x in a.actions
    ]
    agenda = [
        AgendaRow(
            item=e.result.item.id,
            text=clean(e.result.item.text.get(lang)),
            reasons=list(e.reasons),
            reason_text=reason_text(e, lang),
            principles=list(e.gap_principles),
        )
        for e in an.agenda
    ]
    scale = rounds[0][1].max_scale
    levels = [(lv.value, clean(lv.label.get(lang))) for lv in scale.levels]
    sources = [
        SourceInfo(
            q.id,
            clean(s.title),
            clean(s.publisher),
            s.year,
            clean(s.url),
            str(s.year) if s.year is not None else t("x.year_unknown"),
        )
        for _a, q in rounds
        for s in q.sources
    ]
    return Report(
        language=lang,
        header=header,
        principles=principles,
        gaps=[rows[p.principle.id] for p in an.gaps[:SUMMARY_TOP]],
        strengths=[rows[p.principle.id] for p in an.strengths[:SUMMARY_TOP]],
        disagreements=[by_id[r.item.id] for r in an.disagreements],
        coverage_warnings=[rows[p.principle.id] for p in an.low_coverage],
        knowledge_gaps=[by_id[r.item.id] for r in an.knowledge_gaps],
        trend=trend,
        actions=actions,
        agenda=agenda,
        sections=sections,
        scale=ScaleInfo(scale.min, scale.max, scale.disagreement, levels),
        method=t("r.method_text", min=scale.min, max=scale.max, disagree=scale.disagreement, narrow=NARROW_BASIS),
        sources=sources,
        working_titles=[p.id for p in principles if p.working_title],
        reconstructed=_reconstructed(rounds, by_id, lang),
        steps=[] if combined else _steps(an, sections, actions, lang),
    )


LINK_WIDTH = 60
"""A statement an action is linked to is named by its text, cut at a word after this many characters."""


def _action_links(
    principles: list[str],
    sections: list[str],
    items: list[str],
    q: Questionnaire,
    rows: dict[str, PrincipleRow],
    lang: str,
) -> list[tuple[str, str]]:
    """(id, label) of an action's links: the principle's id and short name, the theme's title, the
    statement's text (cut at a word); a link to something this questionnaire no longer has keeps
    its id (the only way left to name it)."""
    out: list[tuple[str, str]] = []
    for pid in principles:
        p = rows.get(pid)
        label = f"{p.id} {p.short}" if p is not None else pid
        if p is not None and p.working_title:
            label += f" ({t('val.working_title')})"
        out.append((clean(pid), clean(label)))
    for sid in sections:
        s = q.section(sid)
        out.append((clean(sid), clean(s.title.get(lang)) if s is not None else clean(sid)))
    for iid in items:
        item = q.item(iid)
        text = short_statement(item.text.get(lang), LINK_WIDTH) if item is not None else iid
        out.append((clean(iid), clean(text)))
    return out


def _reconstructed(
    rounds: list[tuple[Assessment, Questionnaire]], by_id: dict[str, ItemRow], lang: str
) -> list[ReconstructedInfo]:
    """Per questionnaire with reconstructed statements: their ids, and a sentence that names them
    by their number in this report (ids appear only in the technical appendix)."""
    out: list[ReconstructedInfo] = []
    for _a, q in rounds:
        items = [i.id for i in q.reconstructed_items]
        if items and q.id not in {r.questionnaire for r in out}:
            title = clean(q.title.get(lang))
            text = (
                t("x.reconstructed_all", title=title)
                if len(items) == len(q.items)
                else t(
                    "x.reconstructed_some",
                    title=title,
                    n=len(items),
                    total=len(q.items),
                    ids=", ".join(str(by_id[i].number) for i in items if i in by_id),
                )
            )
            out.append(ReconstructedInfo(q.id, title, items, len(q.items), text))
    return out


def _steps(an: Analysis, sections: list[SectionBlock], actions: list[ActionRow], lang: str) -> list[StepBlock]:
    """The steps of one round's questionnaire, each with what it shows (see `StepBlock`)."""
    q, a = an.questionnaire, an.assessment
    if q is None or a is None or not q.steps:
        return []
    steps = [
        StepBlock(
            id=st.id,
            number=n,
            title=clean(st.title.get(lang)),
            description=clean(st.description.get(lang)) if st.description else "",
            scored=st.scored,
            sections=[b for b in sections if b.step == st.id],
        )
        for n, st in enumerate(q.steps, 1)
    ]
    unscored = [b for b in steps if not b.scored]
    agenda = unscored[-1] if unscored else steps[-1]
    # The discussion per theme: in the first step without a score before the agenda (toets-stappen:
    # step 2). When the only such step is the agenda, in the step that holds the themes with
    # questions: armoede-gezondheid scores its six themes in step 2 and discusses them there too
    # (issue 15, the source's own structure). Without a step that has no score: the last step.
    before = [b for b in unscored if b is not agenda]
    discussed = [b for b in steps if any(s.discuss for s in q.sections if s.step == b.id)]
    if before:
        discussion = before[0]
    elif unscored and discussed:
        discussion = discussed[-1]
    else:
        discussion = unscored[0] if unscored else steps[-1]
    step_of = {s.id: s.step or "" for s in q.sections}
    titles = {s.id: clean(s.title.get(lang)) for s in q.sections}
    themes: list[ThemeRow] = []
    for sr in section_results(an):
        s = sr.section
        questions = [clean(x) for x in s.discuss_questions(lang)]
        note = clean(a.section_notes.get(s.id, ""))
        if not (sr.results or questions or note):
            continue
        themes.append(
            ThemeRow(
                id=s.id,
                title=titles[s.id],
                intro=clean(s.intro.get(lang)) if s.intro else "",
                step=step_of[s.id],
                score=sr.score,
                scored=sr.scored,
                applicable=sr.applicable,
                total=len(sr.results),
                disagreements=sum(1 for x in sr.results if x.disagreement),
                questions=questions,
                note=note,
                actions=[x.id for x in actions if s.id in x.sections],
            )
        )
    if any(th.questions or th.note for th in themes):
        discussion.themes = themes
    groups = [ActionGroup(s.id, titles[s.id], [x for x in actions if s.id in x.sections]) for s in q.sections]
    if actions:
        agenda.themes_without_actions = [g.title for g in groups if not g.actions]
    groups = [g for g in groups if g.actions]
    loose = [x for x in actions if not any(sid in titles for sid in x.sections)]
    if loose:
        groups.append(ActionGroup("", t("steps.no_theme"), loose))
    agenda.actions = groups
    return steps
