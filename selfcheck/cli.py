"""The command line: the contract of PRODUCT.md §5. A thin face over selfcheck.core.

Every user error ends as one line on stderr and a non-zero exit, never a traceback (set
SELFCHECK_DEBUG=1 to see one for an unexpected failure).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, Sequence, TextIO

from selfcheck import __version__
from selfcheck.core import fmt
from selfcheck.core.errors import Problem, SelfcheckError, display_path
from selfcheck.core.model import NA, UNKNOWN, VOTING_MODES, Answer, Assessment
from selfcheck.core.session import OpenAssessment
from selfcheck.core.storage import Workspace, iter_toml, now, resolve_workspace
from selfcheck.i18n import language, set_language, t


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"selfcheck: {t('cli.error', detail=message)}\n")


COMMANDS = ("open", "new", "list", "questionnaires", "validate", "answer", "report", "export", "compare", "demo",
            "serve", "vote", "benchmark", "sync", "merge-driver")


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


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with `only`, just that subcommand's part (the others cost start-up
    time and are not needed to parse a command line that names one)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", metavar="DIR", default=argparse.SUPPRESS, help=t("cli.workspace"))
    common.add_argument("--lang", choices=("nl", "en"), default=argparse.SUPPRESS, help=t("cli.lang"))
    common.add_argument("--no-mouse", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--ascii", action="store_true", default=argparse.SUPPRESS, help=t("cli.ascii"))
    p = _Parser(prog="selfcheck", description=t("cli.description"), parents=[common])
    p.add_argument("--version", action="store_true")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    if only is None or only == "open":
        o = sub.add_parser("open", parents=[common])
        o.add_argument("file")
    if only is None or only == "new":
        n = sub.add_parser("new", parents=[common])
        n.add_argument("-q", "--questionnaire", required=True, metavar="ID")
        n.add_argument("--org", required=True, metavar="NAME")
        n.add_argument("--team", default="", metavar="NAME")
        n.add_argument("--participant", action="append", default=[], metavar="NAME")
        n.add_argument("--voting", choices=VOTING_MODES, default=None)
        n.add_argument("--date", default=None, metavar="YYYY-MM-DD")
    if only is None or only == "list":
        sub.add_parser("list", parents=[common])
    if only is None or only == "questionnaires":
        sub.add_parser("questionnaires", parents=[common])
    if only is None or only == "validate":
        v = sub.add_parser("validate", parents=[common])
        v.add_argument("paths", nargs="*", metavar="PATH")
    if only is None or only == "answer":
        a = sub.add_parser("answer", parents=[common])
        a.add_argument("file")
    if only is None or only == "report":
        r = sub.add_parser("report", parents=[common])
        r.add_argument("file")
        r.add_argument("--framework", default=None, metavar="ID", help=t("steps.help_framework"))
        r.add_argument("-o", "--output", default=None, metavar="FILE", help=t("cli.report_output"))
    if only is None or only == "export":
        e = sub.add_parser("export", parents=[common])
        e.add_argument("file", nargs="+")
        e.add_argument("-f", "--format", default="html", choices=("html", "pdf", "md", "csv", "json"))
        e.add_argument("-o", "--output", default=None, metavar="PATH")
        e.add_argument("--framework", default=None, metavar="ID", help=t("steps.help_framework"))
        e.add_argument("--votes", default="anonymous", choices=("anonymous", "named", "none"), help=t("x.help_votes"))
    if only is None or only == "compare":
        c = sub.add_parser("compare", parents=[common])
        c.add_argument("old")
        c.add_argument("new")
    if only is None or only == "demo":
        sub.add_parser("demo", parents=[common])
    if only is None or only == "serve":
        sv = sub.add_parser("serve", parents=[common], help=t("serve.help"))
        sv.add_argument("--host", default="127.0.0.1", metavar="HOST", help=t("serve.help_host", host="127.0.0.1"))
        sv.add_argument("--port", type=int, default=8000, metavar="N", help=t("serve.help_port", port=8000))
        sv.add_argument("--public-url", default=None, metavar="URL", help=t("serve.help_public_url"))
    if only is None or only == "vote":
        _vote_parser(sub, common)
    if only is None or only == "benchmark":
        _benchmark_parser(sub, common)
    if only is None or only in ("sync", "merge-driver"):
        _sync_parsers(sub, common)
    # merge-driver is for git only: keep it out of the list of commands (add commands above).
    sub.metavar = "{" + ",".join(name for name in sub.choices if name != "merge-driver") + "}"
    return p


def _sync_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser("sync", parents=[common], help=t("sync.help"))
    s.add_argument("-m", "--message", default=None, metavar="TEXT", help=t("sync.help_message"))
    m = sub.add_parser("merge-driver", parents=[common])  # no help: not listed
    for name in ("base", "ours", "theirs", "path"):
        m.add_argument(name)


def _vote_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """`selfcheck vote FILE`: voting from phones without the full screen (selfcheck/devices/)."""
    vp = sub.add_parser("vote", parents=[common], help=t("dv.cli_help"))
    vp.add_argument("file")
    vp.add_argument("--host", default="127.0.0.1", metavar="HOST", help=t("dv.cli_host"))
    vp.add_argument("--port", type=int, default=0, metavar="N", help=t("dv.cli_port"))
    vp.add_argument("--public-url", default="", metavar="URL", help=t("dv.cli_public_url"))
    vp.add_argument("--trust-proxy", action="store_true", help=t("dv.cli_trust_proxy"))
    vp.add_argument("--item", default=None, metavar="ID", help=t("dv.cli_item"))


def _benchmark_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    from selfcheck.core.benchmark import DEFAULT_MIN_GROUP, MIN_GROUP_FLOOR

    b = sub.add_parser("benchmark", parents=[common], help=t("bm.help"))
    b.add_argument("paths", nargs="*", metavar="PATH", help=t("bm.help_paths"))
    b.add_argument("-q", "--questionnaire", default=None, metavar="ID", help=t("bm.help_q"))
    b.add_argument("--org", default=None, metavar="NAME", help=t("bm.help_org"))
    b.add_argument("--min-group", type=int, default=DEFAULT_MIN_GROUP, metavar="N",
                   help=t("bm.help_min_group", default=DEFAULT_MIN_GROUP, floor=MIN_GROUP_FLOOR))
    b.add_argument("--framework", default=None, metavar="ID", help=t("bm.help_framework"))
    b.add_argument("-f", "--format", default="text", choices=("text", "html", "md", "csv"), help=t("bm.help_format"))
    b.add_argument("-o", "--output", default=None, metavar="PATH", help=t("bm.help_output"))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Before anything is printed: output that cannot fail on its own encoding (textout.py).
    from selfcheck import textout

    textout.setup(ascii="--ascii" in argv[: argv.index("--") if "--" in argv else len(argv)])
    # The language decides the help texts too, so look for it before parsing.
    lang = os.environ.get("SELFCHECK_LANG", "nl")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    if lang in ("nl", "en"):
        set_language(lang)
    try:
        args = _parser(_command_in(argv)).parse_args(argv)
        if getattr(args, "version", False):
            print(t("cli.version", version=__version__))
            return 0
        return _dispatch(args)
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
        print(f"selfcheck: {t('cli.error', detail=f'{type(exc).__name__}: {exc}')} (SELFCHECK_DEBUG=1)", file=sys.stderr)
        return 70


def _oserror(exc: OSError) -> str:
    name = f" ({display_path(exc.filename)})" if exc.filename else ""
    return f"{exc.strerror or exc}{name}"


def _workspace(args: argparse.Namespace) -> Workspace:
    return Workspace(resolve_workspace(getattr(args, "workspace", None)))


def _dispatch(args: argparse.Namespace) -> int:
    cmd = args.command
    if cmd is None:
        return _run_app(_workspace(args), None, args)
    if cmd == "open":
        ws = _workspace(args)
        path = Path(args.file)
        ws.load(path)  # a broken file fails here, with one clear line
        return _run_app(ws, path, args)
    if cmd == "demo":
        from selfcheck.core.demo import demo_workspace

        # Only an explicit --workspace puts the demo elsewhere: SELFCHECK_WORKSPACE names the
        # user's real workspace, which must not fill up with a fictional municipality.
        root = getattr(args, "workspace", None)
        ws = demo_workspace(Path(root) if root else None)
        print(t("cli.demo_written", path=ws.root), file=sys.stderr)
        return _run_app(ws, None, args, demo=True)
    handler = globals()[f"cmd_{cmd.replace('-', '_')}"]
    return int(handler(_workspace(args), args))


def _run_app(ws: Workspace, path: Path | None, args: argparse.Namespace, demo: bool = False) -> int:
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
    a = Assessment(questionnaire=q.id, questionnaire_version=q.version, organisation=args.org.strip(),
                   team=args.team.strip(), date=when, voting=voting, participants=participants)
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
    from selfcheck.core.scoring import item_results, principle_results  # noqa: F401

    summaries, problems = ws.summaries()
    problems = [*ws.library.problems, *problems]  # broken questionnaires of the workspace too
    if not summaries and not problems:
        print(t("cli.no_assessments", path=ws.root))
        return 0
    for s in sorted(summaries, key=lambda s: (s.organisation.lower(), s.questionnaire, s.date)):
        q = ws.library.questionnaires.get(s.questionnaire)
        total = len(q.items) if q else 0
        answered = sum(1 for i in (q.items if q else []) if i.id in s.values)
        overall = _overall(s.values, q)
        cells = [s.path.name, fmt.safe(s.organisation, newlines=False), fmt.safe(s.team, newlines=False) or "-",
                 s.questionnaire, s.date or "-", f"{answered}/{total}", fmt.pct(overall)]
        print("\t".join(cells))
    for p in problems:
        print(t("cli.broken_file", detail=p), file=sys.stderr)
    return 0


def _overall(values: dict[str, Any], q: Any) -> float | None:
    if q is None:
        return None
    got = possible = 0.0
    for item in q.items:
        v = values.get(item.id)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            got += v
            possible += item.scale.max
    return 100 * got / possible if possible else None


def cmd_questionnaires(ws: Workspace, args: argparse.Namespace) -> int:
    lang = language()
    lib = ws.library
    print(t("cli.questionnaires"))
    for q in sorted(lib.questionnaires.values(), key=lambda q: q.id):
        print(f"  {q.id:<28} {q.version:<8} {t('cli.items', n=len(q.items)):<10} {q.title.get(lang)}")
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
    print(t("v.ok", n=files) + (f" ({t('v.summary', errors=0, warnings=warnings, files=files)})" if warnings else ""),
          file=sys.stderr)
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

    ws.load(Path(args.file))  # a missing or broken file fails here, with one clear line
    return vote(ws, args.file, host=args.host, port=args.port, public_url=args.public_url,
                trust_proxy=args.trust_proxy, item=args.item)


def cmd_export(ws: Workspace, args: argparse.Namespace) -> int:
    from selfcheck.core.export import export_files

    path = export_files(ws, [Path(f) for f in args.file], args.format, Path(args.output) if args.output else None,
                        framework=args.framework, votes=args.votes)
    print(path.resolve())  # the full path: where the report is, whatever folder it went to
    return 0


def cmd_benchmark(ws: Workspace, args: argparse.Namespace) -> int:
    """Where organisations stand per principle (selfcheck/core/benchmark.py)."""
    from selfcheck.core.benchmark import benchmark_text, build_benchmark
    from selfcheck.core.export.benchmark import write_benchmark

    b = build_benchmark(ws, [Path(p) for p in args.paths], questionnaire=args.questionnaire, org=args.org,
                        min_group=args.min_group, framework=args.framework)
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
        print(f"selfcheck: {t('sync.unresolved', files=', '.join(r.unresolved))}", file=sys.stderr)
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


def cmd_answer(ws: Workspace, args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    from selfcheck.textin import AnswerInput

    lines = AnswerInput(stdin or sys.stdin)  # UTF-8 (with or without BOM) whatever the code page
    out = stdout or sys.stdout
    # Locked elsewhere, a link, missing or broken: one clear line, nothing written, no lock left.
    doc = OpenAssessment.open(ws, Path(args.file), require_lock=True)
    try:
        a, q = doc.assessment, doc.questionnaire
        lang = language()
        open_items = [i for i in q.items if a.answer(i.id).score is None]
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
            print(f"\n[{n}/{len(open_items)}] {item.id}\n{item.text.get(lang)}", file=out)
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
                raise SelfcheckError(t("cli.answer_not_saved", item=item.id, value=fmt.value(value),
                                       detail=detail)) from None
            print(t("cli.answer_saved", item=item.id, value=fmt.value(value)), file=out, flush=True)
        return _answer_done(a, q, out)
    finally:
        doc.close(flush=False)  # each answer was saved (or reported not saved) as it was given


def _answer_done(a: Assessment, q: Any, out: TextIO) -> int:
    answered = sum(1 for i in q.items if a.answer(i.id).score is not None)
    print("\n" + t("cli.answer_done", answered=answered, total=len(q.items)), file=out)
    return 0


def problems_text(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)
