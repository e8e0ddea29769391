"""The command line contract of PRODUCT.md §5: commands, exit codes, output shape, and one clear
line on stderr (never a traceback) for every bad argument or bad file."""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import MINI, ROOT, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from selfcheck import __version__, cli
from selfcheck.core.content import load_library
from selfcheck.core.storage import Lock, Workspace
from selfcheck.core.tomlio import loads

QID = "inwoners-betrekken"


def run(capsys, *args: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    assert lines[0].startswith("selfcheck: ")
    return lines[0]


@pytest.fixture
def items(library):
    return [i.id for i in library.questionnaires[QID].items]


def new(capsys, *extra: str, org: str = "Gemeente Test", date: str = "2026-11-22") -> Path:
    code, out, err = run(capsys, "new", "-q", QID, "--org", org, "--date", date, *extra)
    assert code == 0, err
    path = Path(out.strip())
    assert out.count("\n") == 1 and path.is_file()
    return path


def read(path: Path) -> dict:
    return loads(path.read_text("utf-8"))


# --------------------------------------------------------------------------- version, help


def test_version(capsys) -> None:
    assert run(capsys, "--version") == (0, f"selfcheck {__version__}\n", "")


def test_help_in_a_subprocess() -> None:
    """--help in Dutch by default, argparse's own words too (it said "usage", "options" and
    "show this help message and exit" in English: issue 16.5); in English with --lang en."""
    proc = run_cli("--help")
    assert proc.returncode == 0 and "gebruik: selfcheck" in proc.stdout
    assert "opties:" in proc.stdout and "toon deze hulp en stop" in proc.stdout
    for english in ("usage", "options:", "show this help", "positional arguments"):
        assert english not in proc.stdout, english
    for command in ("new", "list", "questionnaires", "validate", "answer", "report", "export", "compare", "demo"):
        assert command in proc.stdout
    proc = run_cli("--lang", "en", "--help")
    assert "Self-assessment" in proc.stdout and "usage: selfcheck" in proc.stdout


def test_every_command_and_option_has_a_help_line() -> None:
    """No subcommand or option without its line of help (10 of 13 commands had none)."""
    from selfcheck.cli import _parser

    parser = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    listed = {a.dest: a.help for a in sub._choices_actions}
    assert set(listed) == set(sub.choices) - {"merge-driver"}  # git's merge driver is not listed
    assert all(listed.values()), listed
    for name, command in [("selfcheck", parser), *sub.choices.items()]:
        assert command.description, name
        for action in command._actions:
            if action is not sub and action.help != argparse.SUPPRESS:
                assert action.help, (name, action.dest)


def test_argparse_errors_in_dutch() -> None:
    proc = run_cli("new", "--org", "X")
    assert proc.returncode == 2 and proc.stderr == "selfcheck: fout: deze argumenten ontbreken: -q/--questionnaire\n"
    proc = run_cli("export", "-f", "docx", "a.toml")
    assert (
        proc.returncode == 2
        and "ongeldige keuze 'docx' (kies uit 'html', 'pdf', 'md', 'csv', 'json', 'xlsx')" in proc.stderr
    )
    proc = run_cli("list", "--bla")
    assert proc.returncode == 2 and "onbekende argumenten: --bla" in proc.stderr


# --------------------------------------------------------------------------- new


def test_new_creates_a_file_and_prints_its_path(capsys, isolated, library) -> None:
    path = new(
        capsys, "--team", "Team Gezond", "--participant", "Anna", "--participant", " Bram ", "--participant", "Anna"
    )
    assert path.parent == isolated / "assessments"
    assert path.name == "gemeente-test_inwoners-betrekken_2026-11-22.toml"
    doc = read(path)
    assert doc["schema"] == 1 and doc["questionnaire"] == QID
    assert doc["questionnaire_version"] == library.questionnaires[QID].version
    assert (doc["organisation"], doc["team"], str(doc["date"])) == ("Gemeente Test", "Team Gezond", "2026-11-22")
    assert doc["participants"] == ["Anna", "Bram"] and doc["voting"] == "open"
    assert "answers" not in doc and doc["created"] == doc["updated"]


def test_new_without_participants_is_team_voting_and_dutch_dates(capsys) -> None:
    path = new(capsys, date="22-11-2026")
    doc = read(path)
    assert doc["voting"] == "team" and doc["participants"] == [] and str(doc["date"]) == "2026-11-22"


def test_new_round_links_the_previous_and_copies_targets(capsys) -> None:
    first = new(capsys, date="2026-01-10")
    first.write_text(first.read_text("utf-8") + "\n[targets]\nP2 = 85\n", "utf-8")
    second = new(capsys, date="2026-06-10")
    doc = read(second)
    assert doc["previous"] == first.name and doc["targets"] == {"P2": 85}
    third = new(capsys, "--voting", "blind", "--participant", "X", date="2026-06-10")
    assert third.name.endswith("_2026-06-10-2.toml") and read(third)["voting"] == "blind"


def test_workspace_option_beats_the_environment(capsys, tmp_path, isolated) -> None:
    other = tmp_path / "elders"
    for args in (["--workspace", str(other), "new"], ["new", "--workspace", str(other)]):
        code, out, err = run(capsys, *args, "-q", QID, "--org", "Elders", "--date", "2026-01-01")
        assert code == 0, err
        assert Path(out.strip()).parent == other / "assessments"
    assert not (isolated / "assessments").exists()
    code, out, _ = run(capsys, "--workspace", str(other), "list")
    assert code == 0 and len(out.splitlines()) == 2


# --------------------------------------------------------------------------- list, questionnaires


def test_list(capsys, monkeypatch, items) -> None:
    code, out, err = run(capsys, "list")
    assert code == 0 and "Nog geen zelfscans" in out and err == ""
    b = new(capsys, org="Beta")
    a = new(capsys, org="alfa", date="2026-01-01")
    # (3 + 1) / 6 = 67 %, but on 2 of 20 statements: withheld, as every report does (issue 12)
    run(capsys, "answer", str(a), stdin="3\n1\n", monkeypatch=monkeypatch)
    code, out, err = run(capsys, "list")
    assert code == 0 and err == ""
    rows = [line.split("\t") for line in out.splitlines()]
    total = len(items)
    assert rows == [
        [a.name, "alfa", "-", QID, "2026-01-01", f"2/{total}", "–"],
        [b.name, "Beta", "-", QID, "2026-11-22", f"0/{total}", "–"],
    ]


def test_list_with_a_broken_file(capsys, isolated) -> None:
    new(capsys)
    (isolated / "assessments" / "kapot.toml").write_text("schema = 1\nquestionnaire = [\n", "utf-8")
    code, out, err = run(capsys, "list")
    assert code == 0 and len(out.splitlines()) == 1
    assert "kapot bestand, overgeslagen" in err and "kapot.toml:2:" in err and "Traceback" not in err


def test_questionnaires(capsys, library) -> None:
    code, out, err = run(capsys, "questionnaires")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Vragenlijsten:" and "Kaders:" in lines
    split = lines.index("Kaders:")
    listed_q = [line.split()[0] for line in lines[1:split]]
    listed_f = [line.split()[0] for line in lines[split + 1 :]]
    assert listed_q == sorted(library.questionnaires) and QID in listed_q
    assert listed_f == sorted(library.frameworks) and "pharos-9" in listed_f
    ib = next(line for line in lines if line.split()[0] == QID)
    assert f"{len(library.questionnaires[QID].items)} stellingen" in ib and "Inwoners bereiken en betrekken" in ib
    code, out, _ = run(capsys, "--lang", "en", "questionnaires")
    assert out.startswith("Questionnaires:") and "Reaching and involving residents" in out and "Frameworks:" in out


def test_questionnaires_includes_workspace_content(capsys, isolated) -> None:
    (isolated / "questionnaires").mkdir(parents=True)
    shutil.copy(MINI, isolated / "questionnaires" / "mini.toml")
    code, out, _ = run(capsys, "questionnaires")
    assert code == 0 and any(line.split()[:2] == ["mini", "2.0"] for line in out.splitlines())


# --------------------------------------------------------------------------- validate


def test_validate_exit_codes(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    good = new(capsys)
    code, out, err = run(capsys, "validate", str(good))
    assert (code, out) == (0, "") and "1 bestand geldig" in err
    Path("kapot.toml").write_text('kind = "framework"\nid = "x"\nversion = 1\n', "utf-8")
    code, out, err = run(capsys, "validate", str(good), "kapot.toml")
    assert code == 1
    assert out.splitlines()[0].startswith("kapot.toml:3: ")
    assert "fout" in err


# --------------------------------------------------------------------------- answer


def test_answer_piped_input(capsys, monkeypatch, items, library) -> None:
    path = new(capsys)
    code, out, err = run(capsys, "answer", str(path), stdin="2 a note\nn\nw\n\nx\n1\nq\n", monkeypatch=monkeypatch)
    assert code == 0 and err == ""
    answers = read(path)["answers"]
    assert list(answers) == [items[0], items[1], items[2], items[4]]  # the empty line skipped items[3]
    assert answers[items[0]]["score"] == 2 and answers[items[0]]["note"] == "a note"
    assert answers[items[1]]["score"] == "nvt" and "note" not in answers[items[1]]
    assert answers[items[2]]["score"] == "weet-niet"
    assert answers[items[4]]["score"] == 1
    assert all("updated" in a for a in answers.values())
    assert out.count("opgeslagen: ") == 4
    assert out.count("niet begrepen: 'x'") == 1  # the bad line asked again, for the same item
    assert f"opgeslagen: {items[0]} = 2" in out and f"opgeslagen: {items[1]} = n.v.t." in out
    assert f"opgeslagen: {items[2]} = weet niet" in out and f"opgeslagen: {items[4]} = 1" in out
    assert f"Klaar: 4 van {len(items)} stellingen beantwoord." in out
    sixth = library.questionnaires[QID].item(items[5])
    assert f"[6/{len(items)}] {sixth.text.nl}" in out  # q was read at the sixth item
    assert not Lock.for_file(path).path.exists()


def test_answer_end_of_input_stops_cleanly_and_asks_only_open_items(capsys, monkeypatch, items, library) -> None:
    path = new(capsys)
    code, out, _ = run(capsys, "answer", str(path), stdin="3 eerste\n\n0", monkeypatch=monkeypatch)
    assert code == 0 and f"Klaar: 2 van {len(items)}" in out
    answers = read(path)["answers"]
    assert answers[items[0]] == {"score": 3, "note": "eerste", "updated": answers[items[0]]["updated"]}
    assert answers[items[2]]["score"] == 0  # the last line had no newline
    # a second run asks only the open items: the first is items[1]
    code, out, _ = run(capsys, "answer", str(path), stdin="w\n", monkeypatch=monkeypatch)
    q = library.questionnaires[QID]
    assert code == 0 and f"[1/{len(items) - 2}] {q.item(items[1]).text.nl}" in out
    assert f"] {items[1]}" not in out  # the statement by its text, not its id (issue 16.6)
    assert read(path)["answers"][items[1]]["score"] == "weet-niet"
    assert read(path)["answers"][items[0]]["score"] == 3  # earlier answers kept


def test_answer_bad_lines(capsys, monkeypatch, items) -> None:
    path = new(capsys)
    code, out, _ = run(capsys, "answer", str(path), stdin="4\n-1\nja\n 2 \nQ\n", monkeypatch=monkeypatch)
    assert code == 0
    assert out.count("niet begrepen") == 3
    assert read(path)["answers"] == {items[0]: {"score": 2, "updated": read(path)["answers"][items[0]]["updated"]}}


def test_answer_appends_to_an_existing_note(capsys, monkeypatch, isolated, items) -> None:
    path = new(capsys)
    text = path.read_text("utf-8") + f'\n[answers.{items[0]}]\nnote = "eerder"\n'
    path.write_text(text, "utf-8")
    run(capsys, "answer", str(path), stdin="1 later\n", monkeypatch=monkeypatch)
    assert read(path)["answers"][items[0]]["note"] == "eerder\nlater"


def test_answer_english(capsys, monkeypatch, items) -> None:
    path = new(capsys)
    code, out, _ = run(capsys, "--lang", "en", "answer", str(path), stdin="2\n", monkeypatch=monkeypatch)
    assert code == 0 and f"saved: {items[0]} = 2" in out and "answer> " in out


def test_answer_all_done(capsys, monkeypatch, items) -> None:
    path = new(capsys)
    run(capsys, "answer", str(path), stdin="1\n" * len(items), monkeypatch=monkeypatch)
    code, out, _ = run(capsys, "answer", str(path), stdin="", monkeypatch=monkeypatch)
    assert code == 0 and "Alle stellingen zijn al beantwoord." in out


def test_answer_when_someone_else_has_the_file_open(capsys, monkeypatch) -> None:
    path = new(capsys)
    Lock.for_file(path).path.write_text(
        json.dumps({"user": "anouk", "host": "laptop-2.example", "pid": 4242, "since": "2026-11-22T09:30:00+00:00"}),
        "utf-8",
    )
    code, out, err = run(capsys, "answer", str(path), stdin="1\n", monkeypatch=monkeypatch)
    assert code == 1
    line = one_error_line(err)
    assert "anouk" in line and "laptop-2.example" in line
    assert "answers" not in read(path)


def test_answer_subprocess_saves_each_answer_as_it_is_given(capsys, items) -> None:
    """Fed one line at a time: after each 'opgeslagen' the file on disk already has the answer."""
    path = new(capsys)
    child = subprocess.Popen(
        [sys.executable, "-m", "selfcheck", "answer", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )
    try:
        given = [("3 eerste notitie", 3), ("n", "nvt"), ("w", "weet-niet"), ("0 één 🙂", 0)]
        for n, (line, expected) in enumerate(given):
            child.stdin.write(line + "\n")
            child.stdin.flush()
            while True:
                out = child.stdout.readline()
                assert out, "the child stopped early"
                if "opgeslagen:" in out:
                    break
            assert out.strip().endswith(
                f"opgeslagen: {items[n]} = " + {3: "3", "nvt": "n.v.t.", "weet-niet": "weet niet", 0: "0"}[expected]
            )
            on_disk = read(path)["answers"]
            assert on_disk[items[n]]["score"] == expected
            assert len(on_disk) == n + 1
        assert Lock.for_file(path).path.exists()  # held while answering
        child.stdin.close()
        rest = child.stdout.read()
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert f"Klaar: 4 van {len(items)} stellingen beantwoord." in rest
    assert child.stderr.read() == ""
    assert read(path)["answers"][items[0]]["note"] == "eerste notitie"
    assert read(path)["answers"][items[3]]["note"] == "één 🙂"
    assert not Lock.for_file(path).path.exists()


# --------------------------------------------------------------------------- report, compare


def test_report(capsys, monkeypatch, library, items) -> None:
    path = new(capsys, "--participant", "Anna")
    run(capsys, "answer", str(path), stdin="3\n" * (len(items) - 1) + "w\n", monkeypatch=monkeypatch)
    code, out, err = run(capsys, "report", str(path))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Uitslag van de zelfscan: Inwoners bereiken en betrekken"
    assert "Organisatie: Gemeente Test" in lines and "Deelnemers: Anna" in lines
    assert f"Voortgang: {len(items)} van {len(items)} stellingen beantwoord" in lines
    fw = library.frameworks["pharos-9"]
    for p in fw.principles:
        assert any(line.startswith(f"{p.id} ") for line in lines), p.id
    assert "Totaal: 100%" in lines
    assert "Zo worden de cijfers berekend" in lines
    assert "weet niet" in out  # the last item is a knowledge gap on the agenda
    code, out, _ = run(capsys, "--lang", "en", "report", str(path))
    assert out.startswith("Self-assessment results: Reaching and involving residents") and "Overall: 100%" in out


def test_compare(capsys, monkeypatch, items) -> None:
    old = new(capsys, date="2026-01-01")
    run(capsys, "answer", str(old), stdin="0\n" * len(items), monkeypatch=monkeypatch)
    newer = new(capsys, date="2026-06-01")
    run(capsys, "answer", str(newer), stdin="3\n" + "0\n" * (len(items) - 1), monkeypatch=monkeypatch)
    code, out, err = run(capsys, "compare", str(old), str(newer))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"Vergelijking {old.name} → {newer.name}"
    from selfcheck.core.report import short_statement as _short
    from selfcheck.core.storage import Workspace

    q = Workspace(old.parent.parent).library.questionnaires[QID]
    assert f"  {_short(q.items[0].text.nl)}: 0 → 3 ‼" in lines  # by its text, never its id (issue 16.6)
    assert sum(1 for line in lines if line.startswith("  ") and "→" in line) == 1  # only one item moved
    assert any("▲ +" in line for line in lines)
    # different questionnaires cannot be compared
    other = Path(run(capsys, "new", "-q", "goed-gesprek-organisatie", "--org", "Gemeente Test")[1].strip())
    code, out, err = run(capsys, "compare", str(old), str(other))
    assert code == 1 and "verschillende vragenlijsten" in one_error_line(err)


# --------------------------------------------------------------------------- demo, bare command


def test_demo_without_a_terminal_prints_a_report(isolated) -> None:
    proc = run_cli("demo", "--workspace", str(isolated))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Uitslag van de zelfscan: ") and "Gemeente Voorbeeldstad" in proc.stdout
    assert "Demo-werkruimte:" in proc.stderr and "Traceback" not in proc.stderr
    files = sorted(p.name for p in (isolated / "assessments").glob("demo_*.toml"))
    assert len(files) >= 2
    proc = run_cli("validate", str(isolated / "assessments"))
    assert proc.returncode == 0, proc.stdout
    # run again: the demo is kept, not doubled
    assert run_cli("demo", "--workspace", str(isolated)).returncode == 0
    assert sorted(p.name for p in (isolated / "assessments").glob("demo_*.toml")) == files


def test_demo_never_writes_into_the_workspace_named_by_the_environment(isolated, tmp_path) -> None:
    """SELFCHECK_WORKSPACE is the user's real workspace: the demo goes to its own folder."""
    # platformdirs ignores XDG_DATA_HOME on Windows: point its data folder at tmp_path itself.
    code = (
        "import sys, platformdirs; from selfcheck.cli import main\n"
        "platformdirs.user_data_dir = lambda name, *a, **k: sys.argv[1] + '/' + name\n"
        "sys.exit(main(['demo']))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "xdg")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "SELFCHECK_WORKSPACE": str(isolated)},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert not list((isolated / "assessments").glob("demo_*.toml")) if (isolated / "assessments").exists() else True
    assert list((tmp_path / "xdg" / "selfcheck-demo" / "assessments").glob("demo_*.toml"))


def test_demo_in_process(capsys, isolated) -> None:
    code, out, err = run(capsys, "--lang", "en", "demo")
    assert code == 0 and out.startswith("Self-assessment results: ") and "Demo workspace:" in err


def test_bare_command_without_a_terminal(capsys, monkeypatch, items) -> None:
    code, out, _ = run(capsys)
    assert code == 0 and "Nog geen zelfscans" in out
    path = new(capsys)
    run(capsys, "answer", str(path), stdin="2\n", monkeypatch=monkeypatch)
    code, out, _ = run(capsys)
    assert code == 0 and out.startswith("Uitslag van de zelfscan: ")


# --------------------------------------------------------------------------- errors: one line, no traceback


ERRORS = [
    (["new", "-q", "bestaat-niet", "--org", "X"], 1, ["onbekende vragenlijst 'bestaat-niet'", QID]),
    (["new", "-q", QID, "--org", "X", "--date", "31-31-2026"], 1, ["--date", "2026-11-22"]),
    (["new", "-q", QID, "--org", "X", "--date", "morgen"], 1, ["--date"]),
    (["new", "-q", QID, "--org", "   "], 1, ["--org"]),
    (["new", "-q", QID], 2, ["--org"]),
    (["new", "-q", QID, "--org", "X", "--voting", "geheim"], 2, ["geheim"]),
    (["report", "bestaat-niet.toml"], 1, ["bestaat-niet.toml", "bestaat niet"]),
    (["answer", "bestaat-niet.toml"], 1, ["bestaat niet"]),
    (["compare", "bestaat-niet.toml", "ook-niet.toml"], 1, ["bestaat niet"]),
    (["open", "bestaat-niet.toml"], 1, ["bestaat niet"]),
    (["report", "kapot.toml"], 1, ["kapot.toml:2:", "TOML"]),
    (["answer", "kapot.toml"], 1, ["kapot.toml:2:"]),
    (["report", "onbekend.toml"], 1, ["onbekend.toml:2:", "onbekende vragenlijst 'weg'"]),
    (["report", "map"], 1, ["map"]),
    (["frobnicate"], 2, ["frobnicate"]),
    (["report"], 2, ["file"]),
    (["list", "--bogus"], 2, ["--bogus"]),
    (["--lang", "fr", "list"], 2, ["fr"]),
]


@pytest.fixture
def bad_files(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("kapot.toml").write_text("schema = 1\nquestionnaire = [\n", "utf-8")
    Path("onbekend.toml").write_text(
        'schema = 1\nquestionnaire = "weg"\nquestionnaire_version = "1"\norganisation = "X"\n', "utf-8"
    )
    Path("map").mkdir()
    return tmp_path


@pytest.mark.parametrize("args, code, words", ERRORS, ids=[" ".join(e[0]) for e in ERRORS])
def test_errors_are_one_line_without_traceback(args, code, words, capsys, bad_files) -> None:
    with _no_exit() as result:
        result.code = cli.main(args)
    out, err = capsys.readouterr()
    assert result.code == code, err
    line = one_error_line(err)
    for w in words:
        assert w in line
    assert out == ""


class _no_exit:
    """argparse exits through SystemExit; record its code like main()'s return value."""

    code: int | None = None

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is SystemExit:
            self.code = exc.code
            return True
        return False


@pytest.mark.parametrize(
    "args, code, words",
    [ERRORS[0], ERRORS[1], ERRORS[6], ERRORS[10], ERRORS[14], ERRORS[4]],
    ids=["unknown-q", "bad-date", "missing-file", "broken-file", "unknown-command", "missing-arg"],
)
def test_errors_in_a_subprocess(args, code, words, bad_files) -> None:
    proc = run_cli(*args, cwd=bad_files)
    assert proc.returncode == code
    assert proc.stdout == ""
    line = one_error_line(proc.stderr)
    assert all(w in line for w in words)


def test_english_error(capsys, bad_files) -> None:
    assert cli.main(["--lang", "en", "report", "bestaat-niet.toml"]) == 1
    assert one_error_line(capsys.readouterr().err).startswith("selfcheck: error: ")


def test_unreadable_workspace_is_one_line(capsys, tmp_path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("x", "utf-8")
    code, out, err = run(capsys, "--workspace", str(blocker / "ws"), "new", "-q", QID, "--org", "X")
    assert code == 1 and out == ""
    one_error_line(err)


def test_library_is_the_one_the_cli_uses(isolated) -> None:
    assert set(Workspace(isolated).library.questionnaires) == set(
        load_library([isolated / "questionnaires"]).questionnaires
    )
    assert socket.gethostname()


# --------------------------------------------------------------------------- one input line of `answer`


@pytest.mark.parametrize(
    "line, expected",
    [
        ("2\n", ("answer", 2, "")),
        ("0 een notitie  \n", ("answer", 0, "een notitie")),
        ("  3   ruimte voor  \r\n", ("answer", 3, "ruimte voor")),
        ("n\n", ("answer", "nvt", "")),
        ("N waarom niet\n", ("answer", "nvt", "waarom niet")),
        ("n.v.t.\n", ("answer", "nvt", "")),
        ("w\n", ("answer", "weet-niet", "")),
        ("?\n", ("answer", "weet-niet", "")),
        ("\n", ("skip", None, "")),
        ("   \n", ("skip", None, "")),
        ("q\n", ("quit", None, "")),
        ("Q\n", ("quit", None, "")),
        ("stop\n", ("quit", None, "")),
        ("4\n", ("bad", None, "4")),
        ("-1\n", ("bad", None, "-1")),
        ("1.0\n", ("bad", None, "1.0")),
        ("²\n", ("bad", None, "²")),  # a digit to str.isdigit, but no number
        ("ja\n", ("bad", None, "ja")),
    ],
)
def test_parse_answer(line, expected) -> None:
    assert cli.parse_answer(line, 3) == expected


def test_answer_with_a_superscript_digit_asks_again(capsys, monkeypatch, items) -> None:
    path = new(capsys)
    code, out, err = run(capsys, "answer", str(path), stdin="²\n2\n", monkeypatch=monkeypatch)
    assert code == 0 and err == "" and "niet begrepen: '²'" in out
    assert read(path)["answers"][items[0]]["score"] == 2


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_parse_answer_never_raises(line) -> None:
    kind, value, note = cli.parse_answer(line, 3)
    assert kind in ("answer", "skip", "quit", "bad")
    if kind == "answer":
        assert value in (0, 1, 2, 3, "nvt", "weet-niet") and note == note.strip()


def test_answer_and_list_treat_a_sealed_blind_item_as_open(capsys, monkeypatch, items, library) -> None:
    """Issue 12: an item with blind votes not yet revealed and no team score is open for
    `answer` and `list` alike, as in every report; a revealed one with a median is not."""
    path = new(capsys, "--voting", "blind", "--participant", "A", "--participant", "B")
    text = path.read_text("utf-8")
    first, second = items[0], items[1]
    text += (
        f"\n[answers.{first}]\nvotes = {{ A = 1, B = 3 }}\n"
        f"\n[answers.{second}]\nvotes = {{ A = 2, B = 2 }}\nrevealed = true\n"
    )
    path.write_text(text, "utf-8")
    code, out, err = run(capsys, "answer", str(path), stdin="q\n", monkeypatch=monkeypatch)
    assert code == 0, err
    first_text = library.questionnaires[QID].item(first).text.nl
    assert f"[1/{len(items) - 1}] {first_text}" in out  # the sealed one is open, the revealed one is not
    code, out, err = run(capsys, "list")
    assert f"\t1/{len(items)}\t" in out
