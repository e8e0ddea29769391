"""The command line: the contract of PRODUCT.md §5. A thin face over selfcheck.core.

Every user error ends as one line on stderr and a non-zero exit, never a traceback (set
SELFCHECK_DEBUG=1 to see one for an unexpected failure).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TextIO

from selfcheck import __version__
from selfcheck.core import fmt
from selfcheck.core.errors import SelfcheckError, display_path
from selfcheck.core.model import NA, UNKNOWN, VOTING_MODES, Answer, Assessment
from selfcheck.core.session import OpenAssessment
from selfcheck.core.storage import Workspace, now, resolve_workspace
from selfcheck.i18n import LANGUAGES, language, set_language, t

Handler = Callable[[Workspace, argparse.Namespace], int]
"""What a command runs: `set_defaults(handler=...)` on its parser."""

_ARGPARSE_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"the following arguments are required: (?P<args>.+)"), "cli.err_required"),
    (re.compile(r"unrecognized arguments: (?P<args>.+)"), "cli.err_unrecognized"),
    (
        re.compile(r"argument (?P<arg>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
        "cli.err_choice",
    ),
    (re.compile(r"argument (?P<arg>\S+): expected one argument"), "cli.err_one_value"),
    (re.compile(r"argument (?P<arg>\S+): invalid (?P<kind>int|float) value: (?P<value>.+)"), "cli.err_number"),
    (re.compile(r"argument (?P<arg>\S+): ignored explicit argument (?P<value>.+)"), "cli.err_no_value"),
    (re.compile(r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"), "cli.err_command"),
]
"""argparse's own error messages (English), each with the catalogue key of its translation."""


def _argparse_error(message: str) -> str:
    for pattern, key in _ARGPARSE_ERRORS:
        m = pattern.fullmatch(message)
        if m:
            return t(key, **m.groupdict())
    return message


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help, with its own words ("usage", "options", ...) in the current language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, t("cli.usage") + " " if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        headings = {
            "options": "cli.options",
            "optional arguments": "cli.options",
            "positional arguments": "cli.positionals",
        }
        super().start_section(t(headings[heading]) if heading in headings else heading)


class _Parser(argparse.ArgumentParser):
    """selfcheck's parser: its help and errors in the current language, one line per error."""

    def __init__(self, *args: Any, help_option: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        if help_option:  # not on the parser of the options every command shares (a parent)
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=t("cli.help_help"))

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"selfcheck: {t('cli.error', detail=_argparse_error(message))}\n")


COMMANDS = (
    "open",
    "new",
    "list",
    "questionnaires",
    "validate",
    "answer",
    "report",
    "export",
    "compare",
    "demo",
    "serve",
    "vote",
    "benchmark",
    "sync",
    "merge-driver",
)


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand named in `argv`: "" for none (the app), None when unsure (build them all)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--workspace", "--lang"):
            skip = True
        elif arg.startswith("-"):
            if arg in ("-h", "--help"):
                return None
        else:
            return arg if arg in COMMANDS else None
    return ""


def _language(argv: Sequence[str]) -> str | None:
    """The language asked for with --lang (the help texts depend on it, so it is known before
    the whole command line is parsed), or None."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", default=None)
    known, _rest = pre.parse_known_args(argv)
    return known.lang if known.lang in LANGUAGES else None


def _common() -> _Parser:
    """The options every command takes."""
    common = _Parser(help_option=False)
    common.add_argument("--workspace", metavar="DIR", default=argparse.SUPPRESS, help=t("cli.workspace"))
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=t("cli.lang"))
    common.add_argument("--no-mouse", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--ascii", action="store_true", default=argparse.SUPPRESS, help=t("cli.ascii"))
    return common


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with `only`, just that subcommand's part (the others cost start-up
    time and are not needed to parse a command line that names one)."""
    common = _common()
    p = _Parser(prog="selfcheck", description=t("cli.description"), parents=[common])
    p.add_argument("--version", action="store_true", help=t("cli.help_version"))
    p.set_defaults(handler=cmd_app)
    sub = p.add_subparsers(dest="command", parser_class=_Parser, title=t("cli.commands"))

    def command(name: str, handler: Handler, help_key: str | None) -> argparse.ArgumentParser:
        """A subcommand with its help line (None: not listed, for git's merge-driver)."""
        if help_key is None:
            c = sub.add_parser(name, parents=[common], description=t("cli.help_merge_driver"))
        else:
            c = sub.add_parser(name, parents=[common], help=t(help_key), description=t(help_key))
        c.set_defaults(handler=handler)
        return c

    def wanted(*names: str) -> bool:
        return only is None or only in names

    if wanted("open"):
        command("open", cmd_open, "cli.help_open").add_argument("file", help=t("cli.help_file"))
    if wanted("new"):
        n = command("new", cmd_new, "cli.help_new")
        n.add_argument("-q", "--questionnaire", required=True, metavar="ID", help=t("cli.help_new_q"))
        n.add_argument("--org", required=True, metavar="NAME", help=t("cli.help_new_org"))
        n.add_argument("--team", default="", metavar="NAME", help=t("cli.help_new_team"))
        n.add_argument("--participant", action="append", default=[], metavar="NAME", help=t("cli.help_new_participant"))
        n.add_argument("--voting", choices=VOTING_MODES, default=None, help=t("cli.help_new_voting"))
        n.add_argument("--date", default=None, metavar="YYYY-MM-DD", help=t("cli.help_new_date"))
    if wanted("list"):
        command("list", cmd_list, "cli.help_list")
    if wanted("questionnaires"):
        command("questionnaires", cmd_questionnaires, "cli.help_questionnaires")
    if wanted("validate"):
        v = command("validate", cmd_validate, "cli.help_validate")
        v.add_argument("paths", nargs="*", metavar="PATH", help=t("cli.help_validate_paths"))
    if wanted("answer"):
        command("answer", cmd_answer, "cli.help_answer").add_argument("file", help=t("cli.help_file"))
    if wanted("report"):
        r = command("report", cmd_report, "cli.help_report")
        r.add_argument("file", help=t("cli.help_file"))
        r.add_argument("--framework", default=None, metavar="ID", help=t("steps.help_framework"))
        r.add_argument("-o", "--output", default=None, metavar="FILE", help=t("cli.report_output"))
    if wanted("export"):
        from selfcheck.core.export import FORMATS

        e = command("export", cmd_export, "cli.help_export")
        e.add_argument("file", nargs="+", help=t("cli.help_export_files"))
        e.add_argument("-f", "--format", default="html", choices=list(FORMATS), help=t("cli.help_export_format"))
        e.add_argument("-o", "--output", default=None, metavar="PATH", help=t("cli.help_export_output"))
        e.add_argument("--framework", default=None, metavar="ID", help=t("steps.help_framework"))
        e.add_argument("--votes", default="anonymous", choices=("anonymous", "named", "none"), help=t("x.help_votes"))
    if wanted("compare"):
        c = command("compare", cmd_compare, "cli.help_compare")
        c.add_argument("old", help=t("cli.help_compare_old"))
        c.add_argument("new", help=t("cli.help_compare_new"))
    if wanted("demo"):
        command("demo", cmd_demo, "cli.help_demo")
    if wanted("serve"):
        sv = command("serve", cmd_serve, "serve.help")
        sv.add_argument("--host", default="127.0.0.1", metavar="HOST", help=t("serve.help_host", host="127.0.0.1"))
        sv.add_argument("--port", type=int, default=8000, metavar="N", help=t("serve.help_port", port=8000))
        sv.add_argument("--public-url", default=None, metavar="URL", help=t("serve.help_public_url"))
    if wanted("vote"):
        _vote_parser(command("vote", cmd_vote, "dv.cli_help"))
    if wanted("benchmark"):
        _benchmark_parser(command("benchmark", cmd_benchmark, "bm.help"))
    if wanted("sync"):
        s = command("sync", cmd_sync, "sync.help")
        s.add_argument("-m", "--message", default=None, metavar="TEXT", help=t("sync.help_message"))
    if wanted("merge-driver"):
        m = command("merge-driver", cmd_merge_driver, None)  # for git only: not listed
        for name in ("base", "ours", "theirs", "path"):
            m.add_argument(name, help=t("cli.help_merge_" + name))
    # merge-driver is for git only: keep it out of the list of commands.
    sub.metavar = "{" + ",".join(name for name in sub.choices if name != "merge-driver") + "}"
    return p


def _vote_parser(vp: argparse.ArgumentParser) -> None:
    """`selfcheck vote FILE`: voting from phones without the full screen (selfcheck/devices/)."""
    vp.add_argument("file", help=t("cli.help_file"))
    vp.add_argument("--host", default="127.0.0.1", metavar="HOST", help=t("dv.cli_host"))
    vp.add_argument("--port", type=int, default=0, metavar="N", help=t("dv.cli_port"))
    vp.add_argument("--public-url", default="", metavar="URL", help=t("dv.cli_public_url"))
    vp.add_argument("--trust-proxy", action="store_true", help=t("dv.cli_trust_proxy"))
    vp.add_argument("--item", default=None, metavar="ID", help=t("dv.cli_item"))


def _benchmark_parser(b: argparse.ArgumentParser) -> None:
    from selfcheck.core.benchmark import DEFAULT_MIN_GROUP, MIN_GROUP_FLOOR

    b.add_argument("paths", nargs="*", metavar="PATH", help=t("bm.help_paths"))
    b.add_argument("-q", "--questionnaire", default=None, metavar="ID", help=t("bm.help_q"))
    b.add_argument("--org", default=None, metavar="NAME", help=t("bm.help_org"))
    b.add_argument(
        "--min-group",
        type=int,
        default=DEFAULT_MIN_GROUP,
        metavar="N",
        help=t("bm.help_min_group", default=DEFAULT_MIN_GROUP, floor=MIN_GROUP_FLOOR),
    )
    b.add_argument("--framework", default=None, metavar="ID", help=t("bm.help_framework"))
    b.add_argument("-f", "--format", default="text", choices=("text", "html", "md", "csv"), help=t("bm.help_format"))
    b.add_argument("-o", "--output", default=None, metavar="PATH", help=t("bm.help_output"))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Before anything is printed: output that cannot fail on its own encoding (textout.py).
    from selfcheck import textout

    textout.setup(ascii="--ascii" in argv[: argv.index("--") if "--" in argv else len(argv)])
    # The language decides the help texts too: known before the whole line is parsed.
    lang = _language(argv) or os.environ.get("SELFCHECK_LANG", "nl")
    if lang in LANGUAGES:
        set_language(lang)
    try:
        args = _parser(_command_in(argv)).parse_args(argv)
        if getattr(args, "version", False):
            print(t("cli.version", version=__version__))
            return 0
        handler: Handler = args.handler
        return handler(_workspace(args), args)
    except SelfcheckError as exc:
        print(f"selfcheck: {t('cli.error', detail=exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"selfcheck: {t('cli.interrupted')}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(f"selfcheck: {t('cli.error', detail=_oserror(exc))}", file=sys.stderr)
        return 1
    except Exception as exc:  # pragma: no cover - a bug; still no traceback for the user
        if os.environ.get("SELFCHECK_DEBUG"):
            traceback.print_exc()
        print(
            f"selfcheck: {t('cli.error', detail=f'{type(exc).__name__}: {exc}')} (SELFCHECK_DEBUG=1)", file=sys.stderr
        )
        return 70


def _oserror(exc: OSError) -> str:
    name = f" ({display_path(exc.filename)})" if exc.filename else ""
    return f"{exc.strerror or exc}{name}"


def _workspace(args: argparse.Namespace) -> Workspace:
    return Workspace(resolve_workspace(getattr(args, "workspace", None)))


def cmd_app(ws: Workspace, args: argparse.Namespace) -> int:
    """No command: the app on the workspace's list."""
    return _run_app(ws, None, args)


def cmd_open(ws: Workspace, args: argparse.Namespace) -> int:
    path = Path(args.file)
    ws.load(path)  # a broken file fails here, with one clear line
    return _run_app(ws, path, args)


def cmd_demo(ws: Workspace, args: argparse.Namespace) -> int:
    from selfcheck.core.demo import demo_workspace

    # Only an explicit --workspace puts the demo elsewhere: SELFCHECK_WORKSPACE names the
    # user's real workspace, which must not fill up with a fictional municipality.
    root = getattr(args, "workspace", None)
    demo = demo_workspace(Path(root) if root else None)
    print(t("cli.demo_written", path=demo.root), file=sys.stderr)
    return _run_app(demo, None, args)


def _run_app(ws: Workspace, path: Path | None, args: argparse.Namespace) -> int:
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        # No terminal to draw on (a pipe, a script): show the report of the newest round instead.
        return _print_newest(ws)
    try:
        from selfcheck.tui.app import run_app
    except ImportError as exc:  # pragma: no cover
        print(f"selfcheck: {t('cli.no_app', detail=exc)}", file=sys.stderr)
        return _print_newest(ws)
    return run_app(ws, path, mouse=not getattr(args, "no_mouse", False), lang=getattr(args, "lang", None))


def _print_newest(ws: Workspace) -> int:
    assessments, _ = ws.load_all()
    if not assessments:
        print(t("cli.no_assessments", path=ws.root))
        return 0
    newest = max(assessments, key=lambda a: (a.date or date.min, str(a.updated)))
    assert newest.path is not None
    print(_report_text(ws, newest), end="")
    return 0


def cmd_new(ws: Workspace, args: argparse.Namespace) -> int:
    q = ws.library.questionnaire(args.questionnaire)
    when = date.today()
    if args.date:
        from selfcheck.core.assessment import parse_date

        try:
            when = parse_date(args.date)
        except ValueError:
            raise SelfcheckError(t("v.date", key="--date")) from None
    if not args.org.strip():
        raise SelfcheckError(t("v.empty_text", key="--org"))
    participants: list[str] = []
    for name in args.participant:
        name = name.strip()
        if name and name not in participants:
            participants.append(name)
    voting = args.voting or ("open" if participants else "team")
    a = Assessment(
        questionnaire=q.id,
        questionnaire_version=q.version,
        organisation=args.org.strip(),
        team=args.team.strip(),
        date=when,
        voting=voting,
        participants=participants,
    )
    prev = ws.previous_round(a)
    if prev is not None and prev.path is not None:
        from selfcheck.core.scoring import carry_over

        a.previous = prev.path.name
        a.targets = dict(prev.targets)
        carry_over(prev, a)
    path = ws.save(a)
    print(path)
    return 0


def cmd_list(ws: Workspace, args: argparse.Namespace) -> int:
    from selfcheck.core.scoring import overall_of_values

    summaries, problems = ws.summaries()
    problems = [*ws.library.problems, *problems]  # broken questionnaires of the workspace too
    if not summaries and not problems:
        print(t("cli.no_assessments", path=ws.root))
        return 0
    for s in sorted(summaries, key=lambda s: (s.organisation.lower(), s.questionnaire, s.date)):
        q = ws.library.questionnaires.get(s.questionnaire)
        total = len(q.items) if q else 0
        answered = sum(1 for i in (q.items if q else []) if i.id in s.values)
        overall = overall_of_values(s.values, q)
        cells = [
            s.path.name,
            fmt.safe(s.organisation, newlines=False),
            fmt.safe(s.team, newlines=False) or "-",
            s.questionnaire,
            s.date or "-",
            f"{answered}/{total}",
            fmt.pct(overall),
        ]
        print("\t".join(cells))
    for p in problems:
        print(t("cli.broken_file", detail=p), file=sys.stderr)
    return 0


def cmd_questionnaires(ws: Workspace, args: argparse.Namespace) -> int:
    lang = language()
    lib = ws.library
    print(t("cli.questionnaires"))
    for q in sorted(lib.questionnaires.values(), key=lambda q: q.id):
        print(f"  {q.id:<28} {q.version:<8} {t('cli.items', n=len(q.items)):<15} {q.title.get(lang)}")
    print(t("cli.frameworks"))
    for f in sorted(lib.frameworks.values(), key=lambda f: f.id):
        print(f"  {f.id:<28} {f.version:<8} {t('cli.principles', n=len(f.principles)):<10} {f.name.get(lang)}")
    for p in lib.problems:
        print(t("cli.broken_file", detail=p), file=sys.stderr)
    return 0


def cmd_validate(ws: Workspace, args: argparse.Namespace) -> int:
    from selfcheck.core.validate import validate_paths

    paths = [Path(p) for p in args.paths]
    problems, files = validate_paths(ws, paths)
    order = {name: n for n, name in enumerate(dict.fromkeys(p.path for p in problems))}
    for p in sorted(problems, key=lambda p: (order[p.path], p.line is None, p.line or 0)):
        print(p)
    errors = sum(p.count for p in problems if p.severity == "error")  # a "… and N more" line counts N
    warnings = sum(p.count for p in problems) - errors
    if errors:
        print(t("v.summary", errors=errors, warnings=warnings, files=files), file=sys.stderr)
        return 1
    print(
        t("v.ok", n=files) + (f" ({t('v.summary', errors=0, warnings=warnings, files=files)})" if warnings else ""),
        file=sys.stderr,
    )
    return 0


def _analysis(ws: Workspace, a: Assessment, framework: str | None = None) -> Any:
    """One round's analysis with its trend; `framework` (an id, validated) overrides the default."""
    from selfcheck.core.export import analysis_for

    return analysis_for(ws, a, framework)


def _report_text(ws: Workspace, a: Assessment, framework: str | None = None) -> str:
    from selfcheck.core.report import text_report

    return text_report(_analysis(ws, a, framework))


def cmd_report(ws: Workspace, args: argparse.Namespace) -> int:
    a = ws.load(Path(args.file))
    text = _report_text(ws, a, args.framework)
    if args.output:
        # A file of its own, in UTF-8 whatever the console's code page (no pipe to decode it).
        from selfcheck.core.storage import atomic_write

        out = Path(args.output).expanduser()
        if out.is_dir():
            raise SelfcheckError(t("cli.report_output_dir", path=display_path(out)))
        if not out.parent.is_dir():
            raise SelfcheckError(t("x.no_folder", path=display_path(out.parent)))
        atomic_write(out, text.encode("utf-8"))
        print(out.resolve())
        return 0
    print(text, end="")
    return 0


def cmd_compare(ws: Workspace, args: argparse.Namespace) -> int:
    from selfcheck.core.report import compare_report
    from selfcheck.core.scoring import analyse, compare

    old, new = ws.load(Path(args.old)), ws.load(Path(args.new))
    if old.questionnaire != new.questionnaire:
        raise SelfcheckError(t("cli.compare_mismatch", a=old.questionnaire, b=new.questionnaire))
    q = ws.library.questionnaire(new.questionnaire)
    fw = ws.library.framework_for(q, new.framework or None)
    cmp = compare(analyse(old, q, fw), analyse(new, q, fw))
    print(compare_report(cmp, Path(args.old).name, Path(args.new).name), end="")
    return 0


def cmd_serve(ws: Workspace, args: argparse.Namespace) -> int:
    """The app in a browser tab (selfcheck/serve.py); localhost unless --host says otherwise."""
    from selfcheck.serve import serve

    return serve(ws, host=args.host, port=args.port, public_url=args.public_url, lang=getattr(args, "lang", None))


def cmd_vote(ws: Workspace, args: argparse.Namespace) -> int:
    """Voting from phones, headless (selfcheck/devices/headless.py): prints the join address."""
    from selfcheck.devices.headless import vote
    from selfcheck.devices.listen import Listen

    ws.load(Path(args.file))  # a missing or broken file fails here, with one clear line
    listen = Listen(host=args.host, port=args.port, public_url=args.public_url, trust_proxy=args.trust_proxy)
    return vote(ws, args.file, listen=listen, item=args.item)


def cmd_export(ws: Workspace, args: argparse.Namespace) -> int:
    from selfcheck.core.export import export_files

    # -o as typed: Path() would drop a trailing slash, which means "into this folder".
    path = export_files(
        ws, [Path(f) for f in args.file], args.format, args.output or None, framework=args.framework, votes=args.votes
    )
    print(path.resolve())  # the full path: where the report is, whatever folder it went to
    return 0


def cmd_benchmark(ws: Workspace, args: argparse.Namespace) -> int:
    """Where organisations stand per principle (selfcheck/core/benchmark.py)."""
    from selfcheck.core.benchmark import benchmark_text, build_benchmark
    from selfcheck.core.export.benchmark import write_benchmark

    b = build_benchmark(
        ws,
        [Path(p) for p in args.paths],
        questionnaire=args.questionnaire,
        org=args.org,
        min_group=args.min_group,
        framework=args.framework,
    )
    for p in b.problems:
        print(t("cli.broken_file", detail=p), file=sys.stderr)
    if args.format == "text" and args.output is None:
        print(benchmark_text(b, language()), end="")
        return 0
    print(write_benchmark(ws, b, args.format, Path(args.output) if args.output else None).resolve())
    return 0


def cmd_sync(ws: Workspace, args: argparse.Namespace) -> int:
    """Commit the workspace's changes, pull (merged per item) and push (selfcheck/core/sync.py)."""
    from selfcheck.core.sync import sync

    r = sync(ws, args.message)
    for note in r.notes:
        print(note)
    if r.commit:
        print(t("sync.committed", commit=r.commit, answers=r.answers, files=len(r.changes)))
    else:
        print(t("sync.nothing"))
    if r.remote is None:
        print(t("sync.no_remote"))
        return 0
    if r.unresolved:
        from selfcheck.core.errors import printable

        files = printable(", ".join(r.unresolved))  # names from the remote: no terminal escapes
        print(f"selfcheck: {t('sync.unresolved', files=files)}", file=sys.stderr)
        return 1
    if r.pulled:
        print(t("sync.pulled", remote=r.remote, branch=r.branch))
    if r.conflicts:
        print(t("sync.conflicts", n=len(r.conflicts)))
        for name, c in r.conflicts:
            what = c.item or t("sync.conflict_section", id=c.section)
            print(t("sync.conflict_line", file=name, what=what, who=c.who or t("sync.who_unknown")))
    print(t("sync.pushed", remote=r.remote, branch=r.branch) if r.pushed else t("sync.nothing_to_push"))
    return 0


def cmd_merge_driver(ws: Workspace, args: argparse.Namespace) -> int:
    """What git runs for assessment files (see `selfcheck sync`): merge per item into OURS."""
    from selfcheck.core.sync import merge_files

    return merge_files(Path(args.base), Path(args.ours), Path(args.theirs), args.path)


def parse_answer(line: str, scale_max: int, scale_min: int = 0) -> tuple[str, Any, str]:
    """One input line of `selfcheck answer`: ("skip"|"quit"|"answer"|"bad", value, note)."""
    text = line.rstrip("\r\n")
    stripped = text.strip()
    if not stripped:
        return "skip", None, ""
    head, _, note = stripped.partition(" ")
    head = head.lower()
    if head in ("q", "quit", "stop"):
        return "quit", None, ""
    if head in ("n", "nvt", "n.v.t."):
        return "answer", NA, note.strip()
    if head in ("w", "weet-niet", "?"):
        return "answer", UNKNOWN, note.strip()
    if head.isdecimal() and scale_min <= int(head) <= scale_max:
        return "answer", int(head), note.strip()
    return "bad", None, stripped


def cmd_answer(
    ws: Workspace, args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    from selfcheck.core.scoring import team_value
    from selfcheck.textin import AnswerInput

    lines = AnswerInput(stdin or sys.stdin)  # UTF-8 (with or without BOM) whatever the code page
    out = stdout or sys.stdout
    # Locked elsewhere, a link, missing or broken: one clear line, nothing written, no lock left.
    doc = OpenAssessment.open(ws, Path(args.file), require_lock=True)
    try:
        a, q = doc.assessment, doc.questionnaire
        lang = language()
        # open = no team value, as in every report (sealed blind votes are none; issue 12)
        open_items = [i for i in q.items if team_value(a.visible_answer(i.id))[0] is None]
        scale = q.max_scale
        print(t("cli.answer_intro", title=q.title.get(lang), org=a.organisation, max=scale.max), file=out)
        if not open_items:
            print(t("cli.answer_none_open"), file=out)
        legend = "  ".join(f"{lv.value} {lv.label.get(lang)}" for lv in scale.levels)
        current_section = None
        for n, item in enumerate(open_items, 1):
            section = q.section(item.section)
            if section is not None and section.id != current_section:
                current_section = section.id
                print(f"\n== {section.title.get(lang)} ==", file=out)
            # The statement by its number and text (issue 16.6: a screen reader read the id out
            # before every statement); the "opgeslagen: ID = VALUE" line keeps the id for scripts.
            print(f"\n[{n}/{len(open_items)}] {item.text.get(lang)}", file=out)
            print(f"  ({legend}  n {t('val.na')}  w {t('val.unknown')})", file=out)
            while True:
                print(t("cli.answer_prompt"), end="", file=out, flush=True)
                line = lines.readline()
                if not line:  # end of input: stop cleanly, everything given is saved
                    return _answer_done(a, q, out)
                kind, value, note = parse_answer(line, item.scale.max, item.scale.min)
                if kind == "bad":
                    print(t("cli.answer_bad", text=note[:40], max=item.scale.max), file=out)
                    continue
                break
            if kind == "quit":
                break
            if kind == "skip":
                continue
            ans = a.answers.setdefault(item.id, Answer())
            ans.score = value
            if note:
                ans.note = (ans.note + "\n" + note).strip() if ans.note else note
            ans.updated = now()
            try:
                doc.save()  # never over a file someone else changed meanwhile (an editor, a sync)
            except (OSError, SelfcheckError) as exc:
                detail = _oserror(exc) if isinstance(exc, OSError) else str(exc)
                raise SelfcheckError(
                    t("cli.answer_not_saved", item=item.id, value=fmt.value(value), detail=detail)
                ) from None
            print(t("cli.answer_saved", item=item.id, value=fmt.value(value)), file=out, flush=True)
        return _answer_done(a, q, out)
    finally:
        doc.close(flush=False)  # each answer was saved (or reported not saved) as it was given


def _answer_done(a: Assessment, q: Any, out: TextIO) -> int:
    from selfcheck.core.scoring import team_value

    answered = sum(1 for i in q.items if team_value(a.visible_answer(i.id))[0] is not None)
    print("\n" + t("cli.answer_done", answered=answered, total=len(q.items)), file=out)
    return 0
