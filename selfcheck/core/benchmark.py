"""Benchmarking organisations: where one municipality stands among many, per principle.

`selfcheck benchmark [PATH ...] [-q ID] [--org NAME] [--min-group N]`:

- The files: assessment files named directly, and every assessment file in the folders named
  (recursively, `storage.iter_toml`; a file found in a folder counts only when it has a
  top-level `schema =` line, so content files and other TOML are passed over). Without PATH:
  the workspace's assessments. Each file is read through `Workspace.summaries()` (cached by
  content hash), so a second run over hundreds of files parses nothing.
- One questionnaire: `-q`, or the only one among the files.
- Per organisation (its name, case and spacing ignored) its LATEST round: the latest date;
  on the same date the latest `created`, then `updated`, then file name.
- Per principle of the framework (the questionnaire's, or `--framework`), each organisation's
  score from its team values (`scoring.principle_scores_from_values`, the same arithmetic as
  `analyse`). Under 50 % coverage an organisation has no score for that principle and is left
  out of its distribution.
- The distribution over organisations: n, and the first quartile, median and third quartile
  each shown only as a BAND of 25 percentage points ("25–50 %"): the band holding the sorted
  score at position round((n − 1)·p) (`shown_quartiles`). Never an interpolated value (with
  few possible scores an interpolated Q1 of 8.33 % gives away that the two lowest scored 0),
  never the minimum or maximum.
- Where `--org` stands: its own score, and in which part of the shown bands it falls
  ("bij het laagste kwart" …), computed from the shown bands and its own score only, so it says
  nothing the table does not. No rank, no percentile (they count the others above and below).

The privacy rule (issue 12; proved by tests/test_benchmark_privacy.py, a hypothesis property
test): no shown figure depends on one organisation's exact score. Concretely, any single
organisation could have had any other possible score in its band and every shown figure would
be the same. That holds when each 25-point band holds at least two scores the principle can
have (`possible_scores`); a principle that rests on so few statements that some band holds
fewer (one statement on a 0–3 scale: only 0, 33, 67 and 100 % are possible) is suppressed.

Privacy (the minimum group size, default 5, `--min-group`, never below 3): with fewer
organisations than that nothing is shown but the plain statement that there are too few; a
principle that fewer organisations have a score for is suppressed on its own (its count is
shown as "< N", its numbers not at all). Why never below 3: with two organisations the median
is the mean of both scores, so either organisation reads the other's exact score from it.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from selfcheck.core import fmt
from selfcheck.core.assessment import load_assessment
from selfcheck.core.checker import MAX_FILE_BYTES
from selfcheck.core.content import load_library
from selfcheck.core.errors import Problem, SelfcheckError, display_path
from selfcheck.core.export.model import clean
from selfcheck.core.model import Framework, Principle, Questionnaire
from selfcheck.core.safefile import read_regular
from selfcheck.core.scoring import principle_scores_from_values
from selfcheck.core.storage import Summary, Workspace, iter_toml
from selfcheck.i18n import t

DEFAULT_MIN_GROUP = 5
"""Nothing about a group of fewer organisations than this is shown."""
MIN_GROUP_FLOOR = 3
"""The lowest minimum group size that may be chosen (see the module docstring)."""
QUARTILE_METHOD: Literal["inclusive", "exclusive"] = "inclusive"
"""The `method` passed to statistics.quantiles."""
BAND = 25.0
"""Quartiles are shown as the band of this many percentage points that holds them."""
ENUMERATE_UP_TO = 6
"""Principles served by at most this many statements have their possible scores enumerated;
with more, every band holds many possible scores."""

_ASSESSMENT = re.compile(rb"(?m)^[ \t]*schema[ \t]*=")


def org_key(name: str) -> str:
    """Organisation names that differ only in case or spacing are one organisation."""
    return " ".join(name.split()).casefold()


def quartiles(scores: Iterable[float]) -> tuple[float, float, float]:
    """(Q1, median, Q3) by statistics.quantiles(method="inclusive"); needs two scores or more."""
    q1, q2, q3 = statistics.quantiles(sorted(scores), n=4, method=QUARTILE_METHOD)
    return q1, q2, q3


def band_of(x: float) -> float:
    """The lower end of the BAND-wide band holding x (the last band includes 100)."""
    return min(100.0 - BAND, math.floor(x / BAND) * BAND)


def shown_quartiles(scores: Iterable[float]) -> tuple[float, float, float]:
    """(Q1, median, Q3) as the lower ends of their bands: the band of the sorted score at
    position round((n − 1)·p), p = ¼, ½, ¾ (half up). Needs one score or more."""
    ordered = sorted(scores)
    n = len(ordered)
    return tuple(band_of(ordered[math.floor(p * (n - 1) + 0.5)]) for p in (0.25, 0.5, 0.75))  # type: ignore[return-value]


def possible_scores(q: Questionnaire, fw: Framework, pid: str) -> set[float] | None:
    """Every score principle `pid` can have with enough answers (≥ 50 % of its applying
    statements scored), or None when it is served by more than ENUMERATE_UP_TO statements."""
    serving = [(i.weights(fw.id)[pid], i.scale) for i in q.items if pid in i.weights(fw.id)]
    if len(serving) > ENUMERATE_UP_TO:
        return None
    out: set[float] = set()
    # each statement: n.v.t. (None), scored 0..max, or applying without a score ("open")
    for combo in itertools.product(*[[None, "open", *sc.values] for _w, sc in serving]):
        applicable = sum(1 for v in combo if v is not None)
        scored = [(w, sc, v) for (w, sc), v in zip(serving, combo, strict=True) if isinstance(v, int)]
        if not applicable or len(scored) / applicable < 0.5 or not scored:
            continue
        possible = sum(w * sc.max for w, sc, _v in scored)
        if possible:
            out.add(round(100.0 * sum(w * v for w, _sc, v in scored) / possible, 9))
    return out


def fine_enough(values: set[float] | None) -> bool:
    """Every band holds at least two possible scores (None: many statements, always true)."""
    if values is None:
        return True
    bands = [0.0, BAND, 2 * BAND, 3 * BAND]
    return all(sum(1 for v in values if band_of(v) == lo) >= 2 for lo in bands)


def position(own: float, q1: float, median: float, q3: float) -> str:
    """Where an own score falls among the shown bands: "low", "below_middle", "above_middle"
    or "high" (from the bands' upper ends and the own score only)."""
    if own < q1 + BAND:
        return "low"
    if own < median + BAND:
        return "below_middle"
    if own < q3 + BAND:
        return "above_middle"
    return "high"


def standing(own: float, scores: list[float]) -> tuple[int, float]:
    """(rank, percentile) of `own` among `scores` (which include it once).

    rank: 1 + the number of higher scores (equal scores share a rank).
    percentile: 100 × (lower + ½ × equal others) / (n − 1): the share of the other
    organisations that score lower, ties counting half.
    """
    higher = sum(1 for s in scores if s > own)
    lower = sum(1 for s in scores if s < own)
    equal_others = sum(1 for s in scores if s == own) - 1
    others = len(scores) - 1
    percentile = 100.0 * (lower + 0.5 * equal_others) / others if others > 0 else 50.0
    return higher + 1, percentile


@dataclass
class PrincipleBenchmark:
    """One principle: the distribution over organisations and where --org stands."""

    principle: Principle
    n: int
    """Organisations with a score for this principle (coverage ≥ 50 %)."""
    shown: bool
    """n ≥ the minimum group size; when False none of the numbers below is set."""
    q1: float | None = None
    """The lower end of the Q1 band (BAND wide); likewise `median` and `q3`."""
    median: float | None = None
    q3: float | None = None
    coarse: bool = False
    """Suppressed because the principle rests on too few statements for safe bands."""
    position: str | None = None
    """Where --org's own score falls among the shown bands (see `position`)."""
    own: float | None = None
    """--org's score (shown even when the principle is suppressed: it is its own)."""
    own_status: str | None = None
    """None without --org; "scored", "too_few" (under 50 % coverage) or "na" (nothing applies)."""
    rank: int | None = None
    percentile: float | None = None


@dataclass
class Benchmark:
    questionnaire: Questionnaire
    framework: Framework
    min_group: int
    organisations: int
    """Organisations with a round of the questionnaire (each counted once, latest round)."""
    files: int
    """Files read for this questionnaire (all rounds)."""
    org: str | None = None
    """--org's name as its latest round writes it."""
    principles: list[PrincipleBenchmark] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    generated: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    @property
    def enough(self) -> bool:
        return self.organisations >= self.min_group

    @property
    def suppressed(self) -> list[PrincipleBenchmark]:
        return [p for p in self.principles if not p.shown]


def check_min_group(value: int) -> int:
    if value < MIN_GROUP_FLOOR:
        raise SelfcheckError(t("bm.min_group_floor", floor=MIN_GROUP_FLOOR, got=value))
    return value


def collect_files(ws: Workspace, paths: Iterable[Path]) -> list[Path]:
    """The assessment files to read: files named, and assessment files in folders named
    (recursively); without paths the workspace's. Each file once."""
    paths = list(paths)
    if not paths:
        return ws.assessment_files()
    out: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append(p)

    for p in paths:
        if p.is_dir():
            for f in iter_toml([p]):
                try:
                    head = read_regular(f, MAX_FILE_BYTES)
                except OSError:
                    continue
                if _ASSESSMENT.search(head):
                    add(f)
        elif p.is_file():
            add(p)
        else:
            raise SelfcheckError(t("s.not_found", path=display_path(p)))
    return out


def _workspace_for(ws: Workspace, files: list[Path]) -> Workspace:
    """The workspace to read with: its own library plus the custom questionnaires of the
    workspaces the files come from (`<folder>/questionnaires` beside `<folder>/assessments`)."""
    extra: list[Path] = []
    for f in files:
        if f.parent.name == "assessments":
            d = f.parent.parent / "questionnaires"
            if d.is_dir() and d.resolve() != ws.content_dir.resolve() and d not in extra:
                extra.append(d)
    if not extra:
        return ws
    return Workspace(ws.root, load_library([ws.content_dir, *extra]))


def _latest(rounds: list[Summary]) -> Summary:
    """The latest round: latest date, then latest created/updated (read from the file only for
    the rare rounds on one date), then file name."""
    best_date = max(r.date for r in rounds)
    same = [r for r in rounds if r.date == best_date]
    if len(same) == 1:
        return same[0]

    def key(s: Summary) -> tuple[str, str, str]:
        a, _c = load_assessment(s.path, None)
        created = a.created.isoformat() if a is not None and a.created else ""
        updated = a.updated.isoformat() if a is not None and a.updated else ""
        return created, updated, s.path.name

    return max(same, key=key)


def build_benchmark(
    ws: Workspace,
    paths: Iterable[Path] = (),
    *,
    questionnaire: str | None = None,
    org: str | None = None,
    min_group: int = DEFAULT_MIN_GROUP,
    framework: str | None = None,
) -> Benchmark:
    """The benchmark of the latest round per organisation. Raises SelfcheckError for anything
    a user can cause (no files, several questionnaires and no -q, an unknown --org)."""
    check_min_group(min_group)
    files = collect_files(ws, paths)
    reader = _workspace_for(ws, files)
    summaries, problems = reader.summaries(files)
    present: dict[str, list[Summary]] = {}
    for s in summaries:
        present.setdefault(s.questionnaire, []).append(s)
    if questionnaire is None:
        if not present:
            raise SelfcheckError(t("bm.none"))
        if len(present) > 1:
            listing = ", ".join(
                f"{qid} ({len({org_key(s.organisation) for s in present[qid]})})" for qid in sorted(present)
            )
            raise SelfcheckError(t("bm.several", ids=listing))
        questionnaire = next(iter(present))
    q = reader.library.questionnaire(questionnaire)
    if q.id not in present:
        raise SelfcheckError(t("bm.no_rounds", id=q.id, ids=", ".join(sorted(present)) or "–"))
    fw = reader.library.framework_for(q, framework)
    by_org: dict[str, list[Summary]] = {}
    for s in present[q.id]:
        by_org.setdefault(org_key(s.organisation), []).append(s)
    latest = {key: _latest(rounds) for key, rounds in by_org.items()}
    own_key = org_key(org) if org is not None else None
    if own_key is not None and own_key not in latest:
        raise SelfcheckError(t("bm.org_unknown", org=org, id=q.id))
    b = Benchmark(
        q,
        fw,
        min_group,
        len(latest),
        len(present[q.id]),
        org=latest[own_key].organisation if own_key is not None else None,
        problems=problems,
    )
    if not b.enough:
        return b  # nothing about a group this small is computed, so nothing can leak
    scores = {key: principle_scores_from_values(s.values, q, fw) for key, s in latest.items()}
    served = {pid for item in q.items for pid in item.weights(fw.id)}
    for p in fw.principles:
        if p.id not in served:
            continue  # no item of the questionnaire serves it: no row at all
        values = [sc[p.id].score for sc in scores.values()]
        have = [v for v in values if v is not None]
        coarse = not fine_enough(possible_scores(q, fw, p.id))
        pb = PrincipleBenchmark(p, len(have), len(have) >= min_group and not coarse, coarse=coarse)
        if own_key is not None:
            mine = scores[own_key][p.id]
            pb.own = mine.score
            pb.own_status = "scored" if mine.score is not None else ("na" if mine.applicable == 0 else "too_few")
        if pb.shown:
            pb.q1, pb.median, pb.q3 = shown_quartiles(have)
            if pb.own is not None:
                pb.position = position(pb.own, pb.q1, pb.median, pb.q3)
        b.principles.append(pb)
    return b


# --- texts shared by every format (unescaped: each renderer escapes for its own syntax)


def principle_label(p: Principle, lang: str, *, short: bool = False) -> str:
    """'P5 Meer inzet … (werktitel)'; short: 'P5 Naar behoefte*' (the * explained below)."""
    if short:
        return f"{p.id} {p.short_name(lang)}" + ("*" if p.working_title else "")
    label = f"{p.id} {p.name.get(lang)}"
    return f"{label} ({t('val.working_title')})" if p.working_title else label


def working_titles(b: Benchmark) -> list[str]:
    return [p.principle.id for p in b.principles if p.principle.working_title]


def n_text(b: Benchmark, pb: PrincipleBenchmark) -> str:
    return str(pb.n) if pb.shown else f"< {b.min_group}"


def own_text(pb: PrincipleBenchmark) -> str:
    if pb.own_status is None:
        return ""
    if pb.own_status == "scored":
        return fmt.pct(pb.own)
    return t("val.na") if pb.own_status == "na" else t("val.too_few")


def standing_text(pb: PrincipleBenchmark) -> str:
    if pb.position is None:
        return "–"
    return t("bm.position." + pb.position)


def band_text(lo: float | None) -> str:
    """'25–50%'; '–' when not shown."""
    if lo is None:
        return "–"
    return f"{lo:.0f}–{lo + BAND:.0f}%"


def title_text(b: Benchmark, lang: str) -> str:
    return t("bm.title", title=b.questionnaire.title.get(lang))


def facts(b: Benchmark, lang: str) -> list[tuple[str, str]]:
    """(label, value) lines under the title."""
    q, fw = b.questionnaire, b.framework
    out = [
        (t("r.questionnaire"), t("x.questionnaire_value", title=q.title.get(lang), id=q.id, version=q.version)),
        (t("r.framework"), f"{fw.name.get(lang)} ({fw.version})"),
        (t("bm.organisations"), t("bm.organisations_value", n=b.organisations, files=b.files)),
    ]
    if b.org is not None:
        out.append((t("bm.position_of"), clean(b.org)))
    return out


def too_few_text(b: Benchmark) -> str:
    return t("bm.too_few", n=b.organisations, min=b.min_group)


def method_lines(b: Benchmark) -> list[str]:
    lines = [
        t("bm.method_latest"),
        t("bm.method_scores"),
        t("bm.method_quartiles"),
        t("bm.method_privacy", min=b.min_group),
        t("bm.method_bands", band=f"{BAND:.0f}"),
    ]
    if b.org is not None:
        lines.append(t("bm.method_standing"))
    return lines


def header_cells(b: Benchmark) -> list[str]:
    cells = [t("r.col_principle"), "n", t("bm.col_q1"), t("bm.col_median"), t("bm.col_q3")]
    if b.org is not None:
        cells += [t("bm.col_own"), t("bm.col_standing")]
    return cells


def row_cells(b: Benchmark, pb: PrincipleBenchmark, lang: str, *, short: bool = False) -> list[str]:
    label = principle_label(pb.principle, lang, short=short)
    if pb.shown:
        cells = [label, n_text(b, pb), band_text(pb.q1), band_text(pb.median), band_text(pb.q3)]
    else:
        cells = [label, n_text(b, pb), "–", "–", "–"]
    if b.org is not None:
        cells += [own_text(pb), standing_text(pb) if pb.shown else t("bm.suppressed_short")]
    return cells


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell; all but the first right-aligned (numbers)."""
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=False))
        ).rstrip()

    return [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]


def benchmark_text(b: Benchmark, lang: str, width: int = 78) -> str:
    """The benchmark as plain text (stdout, screen readers)."""
    title = title_text(b, lang)
    out = [title, "=" * min(width, len(title)), ""]
    out += [f"{label}: {value}" for label, value in facts(b, lang)]
    out.append("")
    if not b.enough:
        out += textwrap.wrap(too_few_text(b), width) + [""]
        return "\n".join(out)
    rows = [row_cells(b, pb, lang, short=True) for pb in b.principles]
    out += _table(header_cells(b), rows)
    out.append("")
    if working_titles(b):
        out += textwrap.wrap(t("x.working_title_note", ids=", ".join(working_titles(b))), width) + [""]
    if b.suppressed:
        out += textwrap.wrap(
            t("bm.suppressed", ids=", ".join(p.principle.id for p in b.suppressed), min=b.min_group), width
        ) + [""]
    out += [t("r.method")]
    for line in method_lines(b):
        out += textwrap.wrap(line, width, initial_indent="- ", subsequent_indent="  ")
    out.append("")
    return "\n".join(out)


def default_name(b: Benchmark, ext: str) -> str:
    """benchmark_<questionnaire>[_<org>]_<date>.<ext>, each part made safe by storage.slug."""
    from selfcheck.core.storage import slug

    parts = ["benchmark", slug(b.questionnaire.id)]
    if b.org is not None:
        parts.append(slug(b.org))
    parts.append(b.generated.date().isoformat())
    return "_".join(parts) + "." + ext
