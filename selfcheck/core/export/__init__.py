"""Management reports: one report model (`model.build_report`), rendered as HTML, PDF,
Markdown, CSV or JSON. See docs/exports.md for the formats and the choices behind them.

    export_files(ws, files, fmt, output, framework=None)       what `selfcheck export` calls
    export_analysis(ws, target, fmt, output, framework=None)  what the app calls (results screen)
    render(report, fmt) -> bytes                 a report in one format, written nowhere

One FILE gives the report of that round (with the trend against the round before it, when the
workspace has one). Several FILEs of one organisation give the *combined* report: one principle
profile over the latest round of each questionnaire among the files given.

`framework` views the results against another framework than the questionnaire's own (e.g.
"gezondin" instead of "pharos-9"); None keeps the default. An unknown id, or one that no item
of the questionnaire serves, is a SelfcheckError with one clear line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from selfcheck.core.content import builtin_dir
from selfcheck.core.errors import SelfcheckError
from selfcheck.core.export.model import FORMAT_VERSION, VOTE_MODES, Report, build_report, using_language
from selfcheck.core.model import Assessment, Framework, Questionnaire
from selfcheck.core.safefile import output_target
from selfcheck.core.scoring import Analysis, analyse, combine, latest_per_questionnaire
from selfcheck.core.storage import Workspace, atomic_write, safe_child, slug
from selfcheck.i18n import t

__all__ = [
    "FORMATS",
    "ExportFormat",
    "FORMAT_VERSION",
    "VOTE_MODES",
    "Report",
    "build_report",
    "render",
    "export_files",
    "export_analysis",
    "ReportExists",
    "free_name",
    "analysis_for",
    "combined_analysis",
    "choose_framework",
    "default_name",
]

Target = Analysis | Assessment | Path | str | Sequence[Assessment | Path | str]


# Each renderer is imported when used: the PDF one brings fpdf2 and fontTools (~100 ms), which
# `selfcheck export -f md` or the app's start never need.


def _html(report: Report) -> bytes:
    from selfcheck.core.export.html import render_html

    return render_html(report).encode("utf-8")


def _pdf(report: Report) -> bytes:
    from selfcheck.core.export.pdf import render_pdf

    return render_pdf(report)


def _markdown(report: Report) -> bytes:
    from selfcheck.core.export.markdown import render_markdown

    return render_markdown(report).encode("utf-8")


def _csv(report: Report) -> bytes:
    from selfcheck.core.export.csv import render_csv

    return render_csv(report)


def _json(report: Report) -> bytes:
    from selfcheck.core.export.json import render_json

    return render_json(report).encode("utf-8")


def _xlsx(report: Report) -> bytes:
    from selfcheck.core.export.xlsx import render_xlsx

    return render_xlsx(report)


@dataclass(frozen=True)
class ExportFormat:
    """One report format: everything the CLI, the app and the browser need to know of it."""

    name: str
    """What `-f` takes and the app's list shows first ("pdf")."""
    extension: str
    """The file name's extension, without the dot."""
    mime: str
    """The MIME type, for a download in the browser (`selfcheck serve`)."""
    label: str
    """The catalogue key of its label in the app's export list."""
    render: Callable[[Report], bytes]
    """The report as the bytes of a file."""


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("html", "html", "text/html", "ui.format_html", _html),
        ExportFormat("pdf", "pdf", "application/pdf", "ui.format_pdf", _pdf),
        ExportFormat("md", "md", "text/markdown", "ui.format_md", _markdown),
        ExportFormat("csv", "csv", "text/csv", "ui.format_csv", _csv),
        ExportFormat("json", "json", "application/json", "ui.format_json", _json),
        ExportFormat(
            "xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ui.format_xlsx", _xlsx
        ),
    )
}
"""Every report format, in the order the app offers them: the one list of formats."""


def render(report: Report, fmt: str) -> bytes:
    """The bytes of `report` in format `fmt` (a name in `FORMATS`)."""
    if fmt not in FORMATS:
        raise SelfcheckError(t("x.bad_format", fmt=fmt, formats=", ".join(FORMATS)))
    with using_language(report.language):
        return FORMATS[fmt].render(report)


# --- from files and assessments to an analysis


def choose_framework(
    ws: Workspace, questionnaires: Sequence[Questionnaire], wanted: str | None = None, stored: str | None = None
) -> Framework:
    """The framework to view results against: `wanted` when given (it must exist and be served
    by an item of the questionnaires), else `stored` (the assessment's own choice), else the
    first questionnaire's framework (pharos-9 for the shipped ones)."""
    lib = ws.library
    if not wanted:
        return lib.framework_for(questionnaires[0], stored or None)
    served = sorted(fid for fid in lib.frameworks if any(i.weights(fid) for q in questionnaires for i in q.items))
    if wanted not in lib.frameworks:
        raise SelfcheckError(t("steps.unknown_framework", id=wanted, ids=", ".join(served or sorted(lib.frameworks))))
    if wanted not in served:
        raise SelfcheckError(
            t(
                "steps.framework_unused",
                questionnaire=", ".join(q.id for q in questionnaires),
                id=wanted,
                ids=", ".join(served) or "–",
            )
        )
    return lib.frameworks[wanted]


def analysis_for(ws: Workspace, a: Assessment, framework: str | None = None) -> Analysis:
    """The analysis of one round, with the trend against the workspace's round before it, against
    `framework` (an id; default: the assessment's or its questionnaire's framework)."""
    q = ws.library.questionnaire(a.questionnaire)
    fw = choose_framework(ws, [q], framework, a.framework)
    prev = ws.previous_round(a)
    prev_q = ws.library.questionnaires.get(prev.questionnaire) if prev is not None else None
    return analyse(a, q, fw, prev, prev_q)


def combined_analysis(
    ws: Workspace, assessments: Sequence[Assessment], framework: str | None = None
) -> tuple[Analysis, list[tuple[Assessment, Questionnaire]]]:
    """The combined profile of one organisation over the latest round per questionnaire.

    All assessments must be of one organisation. The framework is `framework` when given, else
    the one the questionnaires share (the first questionnaire's, by id, if they differ).
    """
    orgs = sorted({a.organisation for a in assessments})
    if len(orgs) != 1:
        raise SelfcheckError(t("x.combined_orgs", orgs=", ".join(orgs)))
    latest = latest_per_questionnaire(assessments, orgs[0])
    rounds = [(a, ws.library.questionnaire(a.questionnaire)) for a in latest]
    chosen = choose_framework(ws, [q for _a, q in rounds], framework, rounds[0][0].framework)
    return combine(rounds, chosen), rounds


def _load(ws: Workspace, x: Assessment | Path | str) -> Assessment:
    return x if isinstance(x, Assessment) else ws.load(Path(x))


# --- file names


def default_name(report: Report, fmt: str) -> str:
    """organisation_questionnaire_date.ext, each part made safe with `storage.slug` (ASCII,
    no path, no Windows device name, bounded length)."""
    h = report.header
    what = slug(h.rounds[0].questionnaire) if h.kind == "assessment" else slug(t("x.combined_slug"))
    when = (h.date or h.generated.date()).isoformat()
    return f"{slug(h.organisation)}_{what}_{when}.{FORMATS[fmt].extension}"


def _destination(ws: Workspace, report: Report, fmt: str, output: Path | str | None) -> Path:
    name = default_name(report, fmt)
    if output is None:
        ws.ensure()
        return safe_child(ws.exports_dir, name)
    # A trailing slash or a folder: into it; never over an assessment, a questionnaire, a
    # FIFO, a device or a link (selfcheck/core/safefile.py).
    return output_target(output, name, (ws.assessments_dir, ws.content_dir, builtin_dir()))


class ReportExists(SelfcheckError):
    """The report's file is there already and was not to be replaced (`replace=False`)."""

    def __init__(self, path: Path) -> None:
        super().__init__(t("x.report_exists", path=str(path)))
        self.path = path


def free_name(path: Path) -> Path:
    """`path`, or the first of name-2.ext, name-3.ext, ... that does not exist yet."""
    n = 2
    candidate = path
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def write_report(
    ws: Workspace, report: Report, fmt: str, output: Path | str | None = None, *, replace: bool = True
) -> Path:
    """Render `report` and write it atomically; returns the path written. With
    `replace=False` an existing file is left alone: `ReportExists`."""
    if fmt not in FORMATS:
        raise SelfcheckError(t("x.bad_format", fmt=fmt, formats=", ".join(FORMATS)))
    path = _destination(ws, report, fmt, output)
    if not replace and (path.exists() or path.is_symlink()):
        raise ReportExists(path)
    atomic_write(path, render(report, fmt))
    return path


# --- the two entry points


def export_analysis(
    ws: Workspace,
    target: Target,
    fmt: str = "html",
    output: Path | str | None = None,  # a str keeps a trailing slash ("into this folder")
    *,
    lang: str | None = None,
    generated: datetime | None = None,
    framework: str | None = None,
    votes: str = "anonymous",
    replace: bool = True,
) -> Path:
    """Write a management report and return the path written. For the app and for scripts.

    `target` is what to report on:
      - an `Analysis` of one round (from `scoring.analyse`, e.g. the results screen's);
      - an `Assessment` (or the path of its file): analysed here, with the trend against the
        workspace's previous round of the same organisation and questionnaire;
      - a list of several assessments or paths of one organisation: the combined report over
        the latest round of each questionnaire among them.
    A combined `Analysis` (from `scoring.combine`) cannot be passed: it no longer knows its
    rounds; pass the assessments instead.

    `fmt` is "html", "pdf", "md", "csv" or "json". `output` is None (the workspace's
    exports/ folder, file name from organisation, questionnaire and date), a folder, or a file
    path. `lang` is "nl" or "en" (default: the current language). `generated` is the time the
    report says it was made (default: now). `framework` is the id of the framework to view the
    results against (default: an `Analysis` keeps its own, e.g. the one the app's results screen
    shows; otherwise the questionnaire's). `votes` is "anonymous" (default: how many gave each
    answer, no names), "named" or "none" (see `model.VOTE_MODES`). `replace=False` raises
    `ReportExists` (nothing written) when the file is there already: the app asks first. Raises
    SelfcheckError with one clear line for anything a user can cause.
    """
    if votes not in VOTE_MODES:
        raise SelfcheckError(t("x.bad_votes", votes=votes, modes=", ".join(VOTE_MODES)))
    if isinstance(target, Analysis):
        if target.assessment is None:
            raise SelfcheckError(t("x.combined_analysis"))
        if framework and framework != target.framework.id:
            target = analysis_for(ws, target.assessment, framework)
        report = build_report(target, lang=lang, generated=generated, votes=votes)
    elif isinstance(target, (Assessment, Path, str)):
        report = build_report(
            analysis_for(ws, _load(ws, target), framework), lang=lang, generated=generated, votes=votes
        )
    else:
        assessments = [_load(ws, x) for x in target]
        if not assessments:
            raise SelfcheckError(t("x.nothing"))
        if len(assessments) == 1:
            report = build_report(
                analysis_for(ws, assessments[0], framework), lang=lang, generated=generated, votes=votes
            )
        else:
            an, rounds = combined_analysis(ws, assessments, framework)
            report = build_report(an, rounds, lang=lang, generated=generated, votes=votes)
    return write_report(ws, report, fmt, output, replace=replace)


def export_files(
    ws: Workspace,
    files: list[Path],
    fmt: str,
    output: Path | str | None,
    *,
    framework: str | None = None,
    votes: str = "anonymous",
) -> Path:
    """`selfcheck export FILE [FILE ...] [--framework ID]`: one FILE is that round's report;
    several FILEs of one organisation are the combined report over the latest round per
    questionnaire. `framework` (an id) views the results against that framework; None keeps
    the questionnaire's own (the app passes the framework its results screen shows)."""
    return export_analysis(ws, list(files), fmt, output, framework=framework, votes=votes)
