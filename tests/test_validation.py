"""`selfcheck validate`: one tiny broken file per problem class in tests/data/broken/, each
reported as `FILE:LINE: message` with the line of the offending key, exit 1; valid files exit 0.

Assessment files there answer the questionnaire "mini" (tests/data/valid/mini.toml, version 2.0),
which each test puts into its workspace's own questionnaires/ folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import DATA, MINI, run_cli

from selfcheck import cli
from selfcheck.core.checker import parse_file
from selfcheck.core.storage import Workspace

BROKEN = DATA / "broken"
VALID = DATA / "valid"

# (file, line of the problem or None where a file has no line to point at, words the message has)
CASES = [
    ("syntax-error.toml", 6, ["geen geldige TOML", "kolom 17"]),
    ("unknown-key-weigth.toml", 14, ["onbekende sleutel 'weigth'"]),
    ("unknown-key-did-you-mean.toml", 9, ["onbekende sleutel 'taget'", "bedoelt u 'target'?"]),
    ("duplicate-item-id.toml", 23, ["dubbele id 'd-a'", "regel 14"]),
    ("duplicate-principle-id.toml", 14, ["dubbele id 'D1'", "regel 7"]),
    ("unknown-principle.toml", 16, ["onbekend principe 'P10'", "pharos-9"]),
    ("unknown-scale.toml", 16, ["onbekende schaal 'vijfpunts'"]),
    ("unknown-framework.toml", 4, ["onbekend kader 'pharos-10'"]),
    ("missing-en.toml", 15, ["vertaling 'en' ontbreekt"]),
    ("missing-nl.toml", 10, ["vertaling 'nl' ontbreekt"]),
    ("weight-zero.toml", 21, ["gewicht", "groter dan 0", "niet 0"]),
    ("weight-negative.toml", 21, ["gewicht", "groter dan 0", "-1.5"]),
    ("empty-section.toml", 18, ["sectie 'leeg' heeft geen items"]),
    ("scale-unsorted.toml", 10, ["niveaus", "oplopen"]),
    ("wrong-type.toml", 9, ["target", "moet een getal zijn", "tekst"]),
    ("missing-required-key.toml", 13, ["'status' ontbreekt"]),
    ("empty.toml", None, ["leeg"]),
    ("binary-junk.toml", 3, ["UTF-8"]),
    ("nul-bytes.toml", 3, ["UTF-8"]),
    ("assessment-score-off-scale.toml", 12, ["score 7", "schaal"]),
    ("assessment-unknown-item.toml", 11, ["item 'm-zzz'"]),
    ("assessment-vote-non-participant.toml", 13, ["'Zoë'", "geen deelnemer"]),
    ("assessment-unknown-voting.toml", 6, ["stemwijze", "'geheim'"]),
    ("assessment-schema-future.toml", 1, ["schema 99", "nieuwer"]),
    ("assessment-bad-action-status.toml", 19, ["actiestatus", "'klaar'"]),
    ("assessment-wrong-type.toml", 10, ["targets.P2", "moet een getal zijn"]),
    ("assessment-unknown-questionnaire.toml", 2, ["onbekende vragenlijst 'bestaat-niet'"]),
    ("assessment-missing-key.toml", None, ["'organisation' ontbreekt"]),
]


@pytest.fixture(autouse=True)
def mini_in_workspace(isolated: Path) -> Path:
    (isolated / "questionnaires").mkdir(parents=True, exist_ok=True)
    shutil.copy(MINI, isolated / "questionnaires" / "mini.toml")
    return isolated


def _expected_prefix(name: str, line: int | None) -> str:
    return f"{name}:{line}: " if line else f"{name}: "


def test_every_broken_file_has_a_case_and_every_case_a_file() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.toml")) == sorted(c[0] for c in CASES)


@pytest.mark.parametrize("name, line, words", CASES, ids=[c[0] for c in CASES])
def test_marker_matches_expected_line(name, line, words) -> None:
    """Where a file marks its faulty line with '# <- here', that is the line the table expects."""
    raw = (BROKEN / name).read_bytes()
    marked = [n for n, text in enumerate(raw.split(b"\n"), 1) if b"# <- here" in text]
    if marked:
        assert marked == [line]


@pytest.mark.parametrize("name, line, words", CASES, ids=[c[0] for c in CASES])
def test_validate_broken_file(name, line, words, capsys, monkeypatch) -> None:
    monkeypatch.chdir(BROKEN)
    code = cli.main(["validate", name])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    prefix = _expected_prefix(name, line)
    hits = [x for x in out.splitlines() if x.startswith(prefix) and all(w in x for w in words)]
    assert hits, f"expected a line starting {prefix!r} with {words}, got:\n{out}"
    assert "warning" not in hits[0]
    assert all(x.startswith(f"{name}:") for x in out.splitlines())  # only this file's problems
    assert re.search(r"\d+ fout(en)?\b", err) and "Traceback" not in out + err


def test_validate_broken_files_in_a_subprocess() -> None:
    """One child process validates every broken file at once: each problem is there, exit 1."""
    names = [c[0] for c in CASES]
    proc = run_cli("validate", *names, cwd=BROKEN)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    for name, line, words in CASES:
        prefix = _expected_prefix(name, line)
        assert any(x.startswith(prefix) and all(w in x for w in words) for x in lines), (name, proc.stdout)
    assert f"in {len(names)} bestanden" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_validate_folder_reports_every_file(capsys, monkeypatch) -> None:
    monkeypatch.chdir(DATA)
    assert cli.main(["validate", "broken"]) == 1
    out = capsys.readouterr().out
    for name, line, _words in CASES:
        assert _expected_prefix(f"broken/{name}", line) in out


def test_english_messages(capsys, monkeypatch) -> None:
    monkeypatch.chdir(BROKEN)
    assert (
        cli.main(["--lang", "en", "validate", "unknown-key-did-you-mean.toml", "weight-zero.toml", "missing-en.toml"])
        == 1
    )
    out = capsys.readouterr().out
    assert "unknown-key-did-you-mean.toml:9: unknown key 'taget' in [principles[1]] (did you mean 'target'?)" in out
    assert "weight-zero.toml:21: weight of 'P2' must be greater than 0, not 0" in out
    assert "missing-en.toml:15: translation 'en' is missing" in out


def test_syntax_error_line_with_the_tomllib_fallback() -> None:
    c, data = parse_file(BROKEN / "syntax-error.toml", use_rtoml=False)
    assert data is None
    (problem,) = c.problems
    assert problem.line == 6 and "kolom" in problem.message


@pytest.mark.parametrize("name", ["mini.toml", "assessment-mini.toml"])
def test_valid_file_exits_0(name, capsys, monkeypatch) -> None:
    monkeypatch.chdir(VALID)
    assert cli.main(["validate", name]) == 0
    out, err = capsys.readouterr()
    # mini.toml serves P1 and P2 with two statements each: a narrow-basis warning (issue 15), advice only
    assert [x for x in out.splitlines() if ": warning: smalle basis" not in x] == []
    assert "1 bestand geldig" in err


def test_valid_file_in_a_subprocess() -> None:
    proc = run_cli("validate", "mini.toml", "assessment-mini.toml", cwd=VALID)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = [x for x in proc.stdout.splitlines() if ": warning: smalle basis" not in x]  # issue 15: advice
    assert lines == [] and "2 bestanden geldig" in proc.stderr


def test_validate_without_paths_checks_builtin_and_workspace(capsys) -> None:
    assert cli.main(["validate"]) == 0, capsys.readouterr()
    err = capsys.readouterr().err
    assert "geldig" in err


def test_validate_workspace_with_a_broken_assessment(isolated, capsys) -> None:
    ws = Workspace(isolated)
    ws.ensure()
    shutil.copy(BROKEN / "assessment-score-off-scale.toml", ws.assessments_dir / "kapot.toml")
    assert cli.main(["validate"]) == 1
    out = capsys.readouterr().out
    assert "kapot.toml:12: score 7" in out


def test_missing_path(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["validate", "bestaat-niet.toml"]) == 1
    assert "bestaat-niet.toml: bestand of map bestaat niet" in capsys.readouterr().out


def test_old_questionnaire_version_is_a_warning_and_answers_are_kept(isolated, capsys, monkeypatch) -> None:
    monkeypatch.chdir(VALID)
    assert cli.main(["validate", "assessment-old-version.toml"]) == 0
    out, err = capsys.readouterr()
    warning = next(x for x in out.splitlines() if x.startswith("assessment-old-version.toml:3: warning: "))
    # names what changed: the versions, the item that is gone, the items that are new
    assert "versie 1.0" in warning and "versie 2.0" in warning
    assert "1 stelling vervallen (m-oud)" in warning and "2 stellingen nieuw" in warning
    assert "blijven bewaard" in warning
    assert all("warning:" in x for x in out.splitlines())  # nothing is an error
    assert "geldig" in err

    ws = Workspace(isolated)
    a = ws.load(VALID / "assessment-old-version.toml")
    assert sorted(a.answers) == ["m-a", "m-oud"]
    assert a.answers["m-oud"].score == 1 and "versie 2.0" in a.answers["m-oud"].note
    assert a.actions[0].items == ["m-oud"]

    # saving keeps the answer to the item that is gone
    a.path = ws.assessments_dir / "oud.toml"
    ws.ensure()
    ws.save(a)
    again = ws.load(a.path)
    assert again.answers == a.answers and again.questionnaire_version == "1.0"


def test_unknown_item_with_the_same_version_is_an_error(capsys, monkeypatch) -> None:
    monkeypatch.chdir(BROKEN)
    assert cli.main(["validate", "assessment-unknown-item.toml"]) == 1
    assert "warning" not in capsys.readouterr().out


def test_problem_lines_are_sorted_per_file_and_name_the_key(capsys, monkeypatch, tmp_path) -> None:
    """Several problems in one file: each on its own line, with the key's own line number."""
    text = (BROKEN / "unknown-key-weigth.toml").read_text("utf-8")
    text = text.replace('id = "t-a"', 'id = "T A"').replace('version = "1.0"', "version = 1")
    (tmp_path / "veel.toml").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["validate", "veel.toml"]) == 1
    out = capsys.readouterr().out
    assert "veel.toml:3: 'version' moet een tekst zijn, niet een geheel getal" in out
    assert "veel.toml:13: id 'T A'" in out
    assert "veel.toml:14: onbekende sleutel 'weigth'" in out
