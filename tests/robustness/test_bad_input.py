"""Bad input: every file of tests/data/bad/ (and two 9 MB files made here) gives a clear message
naming the file and, where there is one, the line; beside all of them the app and
`selfcheck list` start and show the healthy files with a note about the broken ones, and a broken
questionnaire in <workspace>/questionnaires/ never stops the built-in ones."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tally
from helpers import DATA, MINI

from selfcheck import cli
from selfcheck.core.checker import MAX_FILE_BYTES
from selfcheck.core.content import load_library
from selfcheck.core.model import Answer, Assessment
from selfcheck.core.storage import Workspace
from selfcheck.core.validate import validate_paths

BAD = DATA / "bad"
SELFCHECK = Path(sys.executable).parent / "selfcheck"
BIG = ("a-9mb.toml", "q-9mb.toml")
UTF8 = "geen UTF-8-tekst"

# file -> (line of the first error, or None where the file has no line to point at; words of its message)
CASES: dict[str, tuple[int | None, list[str]]] = {
    # questionnaires
    "q-syntax-unclosed-string.toml": (20, ["geen geldige TOML", "kolom 28"]),
    "q-syntax-missing-value.toml": (23, ["geen geldige TOML", "kolom 5"]),
    "q-duplicate-key.toml": (4, ["geen geldige TOML", "duplicate key"]),
    "q-wrong-type-sections.toml": (6, ["'sections' moet een lijst zijn", "tekst"]),
    "q-unknown-key-weigth.toml": (26, ["onbekende sleutel 'weigth'"]),
    "q-missing-title.toml": (None, ["'title' ontbreekt"]),
    "q-duplicate-item-id.toml": (28, ["dubbele id 'x-a'", "regel 23"]),
    "q-unknown-framework.toml": (4, ["onbekend kader 'pharos-10'"]),
    "q-weight-infinite.toml": (25, ["gewicht van 'P1'", "hoogstens 1000", "inf"]),
    "q-weight-nan.toml": (25, ["gewicht van 'P1'", "nan"]),
    "q-weight-huge.toml": (25, ["gewicht van 'P1'", "1e+308"]),
    "q-integer-too-big.toml": (10, ["jaar 99999999999999999999999"]),
    "q-kind-unknown.toml": (1, ["'kind' moet"]),
    "q-takes-builtin-id.toml": (2, ["'inwoners-betrekken' bestaat al als ingebouwde inhoud"]),
    "q-levels-not-numbers.toml": (15, ["levels[2].value", "geheel getal"]),
    "q-no-sections.toml": (6, ["geen secties"]),
    "q-text-wrong-type.toml": (24, ["text' moet een tekst zijn"]),
    "q-deeply-nested.toml": (27, ["te diep", "genest"]),
    "q-deeply-nested-arrays.toml": (3, ["te diep", "genest"]),
    "q-binary-junk.toml": (1, [UTF8, "byte 0x89"]),
    "q-empty.toml": (None, ["leeg"]),
    "q-utf16.toml": (1, ["UTF-16", UTF8]),
    "q-latin1.toml": (24, [UTF8, "0xE9", "Latin-1"]),
    "q-nul-bytes.toml": (9, ["NUL-teken", "kolom 16"]),
    "q-9mb.toml": (None, ["te groot", str(MAX_FILE_BYTES)]),
    # frameworks
    "f-duplicate-principle.toml": (14, ["dubbele id 'Q1'", "regel 7"]),
    "f-target-out-of-range.toml": (16, ["doel 1000", "0–100"]),
    "f-status-unknown.toml": (15, ["status", "'misschien'"]),
    "f-no-principles.toml": (5, ["geen principes"]),
    "f-name-wrong-type.toml": (4, ["'name' moet een tekst zijn"]),
    "f-bad-id.toml": (2, ["id 'Pharos 9!'"]),
    # assessments
    "a-schema-future.toml": (1, ["schema 99", "nieuwer", "werk selfcheck bij"]),
    "a-schema-string.toml": (1, ["schema moet een geheel getal"]),
    "a-unknown-questionnaire.toml": (2, ["onbekende vragenlijst 'bestaat-niet'"]),
    "a-unknown-key-hint.toml": (4, ["onbekende sleutel 'organisaton'", "bedoelt u 'organisation'?"]),
    "a-missing-organisation.toml": (None, ["'organisation' ontbreekt"]),
    "a-score-off-scale.toml": (12, ["score 7", "schaal"]),
    "a-score-huge.toml": (12, ["score 9223372036854775807"]),
    "a-note-too-long.toml": (14, ["'note' is te lang", "150000"]),
    "a-duplicate-participant.toml": (7, ["deelnemer 'Anna' staat er twee keer in"]),
    "a-vote-wrong-type.toml": (13, ["votes.Anna", "score"]),
    "a-answers-not-a-table.toml": (11, ["'answers' moet een tabel zijn"]),
    "a-date-wrong-type.toml": (5, ["'date' moet een datum zijn"]),
    "a-syntax-error.toml": (6, ["geen geldige TOML", "kolom 10"]),
    "a-action-bad-status.toml": (19, ["actiestatus", "'misschien'"]),
    "a-duplicate-action-id.toml": (21, ["dubbele id 'a1'", "regel 17"]),
    "a-unknown-item.toml": (11, ["item 'bestaat-niet'"]),
    "a-deeply-nested.toml": (16, ["te diep", "genest"]),
    "a-future-fields.toml": (16, ["onbekende sleutel 'sync'"]),
    "a-binary-junk.toml": (1, ["UTF-16"]),  # starts with FF FE: a UTF-16 byte order mark
    "a-empty.toml": (None, ["leeg"]),
    "a-whitespace-only.toml": (None, ["leeg"]),
    "a-utf16.toml": (1, ["UTF-16", UTF8]),
    "a-latin1.toml": (14, [UTF8, "0xE9"]),
    "a-nul-bytes.toml": (14, ["NUL-teken"]),
    "a-9mb.toml": (None, ["te groot", str(MAX_FILE_BYTES)]),
}
HEALTHY_ASSESSMENTS = 3
COUNTS = {"rejected": 0, "commands": 0}


def corpus() -> list[str]:
    return sorted(p.name for p in BAD.glob("*.toml"))


def make_big(folder: Path, name: str) -> Path:
    """A 9 MB file: a valid start, then one very long note (over the 8 MiB limit)."""
    path = folder / name
    head = (
        MINI.read_text("utf-8")
        if name.startswith("q-")
        else 'schema = 1\nquestionnaire = "mini"\nquestionnaire_version = "2.0"\norganisation = "Groot"\n'
    )
    path.write_text(head + 'notitie = "' + "x" * (9 * 1024 * 1024) + '"\n', "utf-8")
    return path


def broken_workspace(root: Path) -> Workspace:
    """A workspace with every broken file in its place, beside healthy ones."""
    (root / "questionnaires").mkdir(parents=True)
    (root / "assessments").mkdir(parents=True)
    shutil.copy(MINI, root / "questionnaires" / "mini.toml")
    for name in corpus():
        folder = "questionnaires" if name.startswith(("q-", "f-")) else "assessments"
        shutil.copy(BAD / name, root / folder / name)
    make_big(root / "questionnaires", "q-9mb.toml")
    make_big(root / "assessments", "a-9mb.toml")
    ws = Workspace(root)
    ws.ensure()
    for n in range(HEALTHY_ASSESSMENTS - 1):
        q = ws.library.questionnaire("mini")
        ws.save(
            Assessment(
                questionnaire="mini",
                questionnaire_version=q.version,
                organisation=f"Gezond {n}",
                date=date(2026, 3, 1 + n),
                answers={"m-a": Answer(score=2)},
            )
        )
    q = ws.library.questionnaire("inwoners-betrekken")
    ws.save(
        Assessment(
            questionnaire=q.id, questionnaire_version=q.version, organisation="Gezond ingebouwd", date=date(2026, 3, 9)
        )
    )
    return ws


@pytest.fixture
def bad_ws(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.chdir(isolated.parent)  # messages name files relative to here: workspace/...
    return broken_workspace(isolated)


def where(name: str) -> str:
    return ("questionnaires/" if name.startswith(("q-", "f-")) else "assessments/") + name


def test_the_corpus_has_a_case_for_every_file() -> None:
    files = corpus()
    assert len(files) >= 30
    assert sorted(files + list(BIG)) == sorted(CASES)
    kinds = {name[0] for name in files}
    assert kinds == {"q", "f", "a"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_broken_file_gives_a_clear_message_with_file_and_line(name: str, bad_ws: Workspace) -> None:
    line, words = CASES[name]
    path = bad_ws.root / where(name)
    problems, files = validate_paths(bad_ws, [path])
    errors = [p for p in problems if p.severity == "error"]
    assert files == 1 and errors, f"{name} passed validation"
    first = errors[0]
    assert first.path.endswith(where(name)), first
    assert first.line == line, f"{name}: line {first.line}, expected {line}: {first}"
    for w in words:
        assert w in first.message, f"{name}: {w!r} not in {first.message!r}"
    text = str(first)
    assert text.startswith(f"workspace/{where(name)}:{line}: " if line else f"workspace/{where(name)}: "), text
    assert "\n" not in text and len(text) < 400, "one line a person can read"
    COUNTS["rejected"] += 1


def test_the_library_keeps_builtin_and_healthy_content_beside_broken_files(bad_ws: Workspace) -> None:
    lib = load_library([bad_ws.content_dir])
    builtin = load_library()
    assert set(builtin.questionnaires) <= set(lib.questionnaires) and set(builtin.frameworks) <= set(lib.frameworks)
    assert set(lib.questionnaires) == set(builtin.questionnaires) | {"mini"}
    named = {Path(p.path).name for p in lib.problems}
    assert named == {n for n in CASES if n.startswith(("q-", "f-"))}


def test_workspace_listing_keeps_the_healthy_and_names_the_broken(bad_ws: Workspace) -> None:
    summaries, problems = bad_ws.summaries()
    assert len(summaries) == HEALTHY_ASSESSMENTS
    assert {Path(p.path).name for p in problems} == {n for n in CASES if n.startswith("a-")}
    good, problems2 = bad_ws.load_all()
    assert len(good) == HEALTHY_ASSESSMENTS and {p.path for p in problems2} == {p.path for p in problems}


@pytest.mark.slow
def test_selfcheck_list_healthy_on_stdout_broken_on_stderr(bad_ws: Workspace) -> None:
    env = {**os.environ, "SELFCHECK_WORKSPACE": str(bad_ws.root), "PYTHONIOENCODING": "utf-8", "SELFCHECK_LANG": "nl"}
    proc = subprocess.run(
        [str(SELFCHECK), "list"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=bad_ws.root.parent,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    assert len(out) == HEALTHY_ASSESSMENTS and {line.split("\t")[1] for line in out} == {
        "Gezond 0",
        "Gezond 1",
        "Gezond ingebouwd",
    }
    err = proc.stderr.splitlines()
    assert "Traceback" not in proc.stderr
    assert all(line.startswith("kapot bestand, overgeslagen: workspace/") for line in err), err
    for name, (line, _words) in CASES.items():
        prefix = f"workspace/{where(name)}:{line}: " if line else f"workspace/{where(name)}: "
        assert any(prefix in e for e in err), f"{name} not named on stderr as {prefix!r}"
    qs = subprocess.run(
        [str(SELFCHECK), "questionnaires"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=bad_ws.root.parent,
    )
    assert qs.returncode == 0
    for qid in load_library().questionnaires:
        assert qid in qs.stdout, f"built-in {qid} missing beside broken content"
    assert "mini" in qs.stdout
    new = subprocess.run(
        [str(SELFCHECK), "new", "-q", "inwoners-betrekken", "--org", "Nieuw"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert new.returncode == 0 and Path(new.stdout.strip()).is_file(), new.stderr
    COUNTS["commands"] += 3


def test_every_command_on_a_broken_assessment_is_one_line(
    bad_ws: Workspace, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in sorted(n for n in CASES if n.startswith("a-")):
        path = str(bad_ws.root / where(name))
        for args in (
            ["report", path],
            ["export", path, "-f", "md"],
            ["answer", path],
            ["open", path],
            ["compare", path, path],
            ["validate", path],
        ):
            code = cli.main(args)
            out, err = capsys.readouterr()
            assert code == 1, (args, out, err)
            assert "Traceback" not in err
            lines = (out if args[0] == "validate" else err).strip().splitlines()
            assert lines and name in lines[0], (args, out, err)
            if args[0] != "validate":
                assert len(lines) == 1 and lines[0].startswith("selfcheck: fout: "), (args, err)
            COUNTS["commands"] += 1


async def test_app_home_shows_the_healthy_and_notes_the_broken(bad_ws: Workspace, make_app: Any) -> None:
    from textual.widgets import Static

    from selfcheck.tui.home import HomeScreen, NewAssessmentDialog

    app = make_app(ws=bad_ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen.paths()) == HEALTHY_ASSESSMENTS
        note = str(app.screen.query_one("#broken", Static).render())
        assert f"⚠ {len(CASES)} bestanden overgeslagen" in note, note
        await pilot.press("n")  # the wizard offers the built-in questionnaires and the healthy custom one
        await pilot.pause()
        assert isinstance(app.screen, NewAssessmentDialog)
        offered = {o.id for o in app.screen.query_one("#questionnaire").options}
        assert offered == set(load_library().questionnaires) | {"mini"}
        await pilot.press("escape")
        await pilot.press("enter")  # and a healthy assessment opens
        await pilot.pause()
        assert app.session is not None
    COUNTS["commands"] += 1


def test_zz_bad_input_report() -> None:
    tally.report(
        "bad input",
        f"{COUNTS['rejected']} broken files rejected with a message naming file and line "
        f"({len(corpus())} in tests/data/bad plus 2 of 9 MB made by the test); "
        f"{COUNTS['commands']} commands and app starts beside them kept working",
    )
