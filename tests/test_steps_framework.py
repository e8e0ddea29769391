"""Results and reports against either framework: `--framework ID` on `selfcheck report` and
`selfcheck export`, and the `framework` parameter of the export functions. pharos-9 stays the
default; an unknown id (or one the questionnaire's items do not serve) is one clear line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from helpers import run_cli

from selfcheck import cli
from selfcheck.core.errors import SelfcheckError
from selfcheck.core.export import analysis_for, choose_framework, export_analysis, export_files
from selfcheck.core.model import Answer, Assessment
from selfcheck.core.storage import Workspace

Q = "armoede-gezondheid"


@pytest.fixture
def round_file(workspace: Workspace) -> Path:
    q = workspace.library.questionnaires[Q]
    a = Assessment(
        questionnaire=Q, questionnaire_version=q.version, organisation="Gemeente Kader", date=date(2026, 5, 1)
    )
    for n, item in enumerate(q.items):
        a.answers[item.id] = Answer(score=n % 4)
    return workspace.save(a)


def test_default_is_the_questionnaires_framework(workspace: Workspace, round_file: Path) -> None:
    a = workspace.load(round_file)
    assert analysis_for(workspace, a).framework.id == "pharos-9"
    an = analysis_for(workspace, a, "gezondin")
    assert an.framework.id == "gezondin"
    assert [p.principle.id for p in an.principles][:5] == ["S1", "S2", "S3", "S4", "S5"]
    # the numbers follow the framework's weights
    s4 = an.principle("S4")
    assert s4 is not None and s4.contributions and all(c.result.item.weights("gezondin") for c in s4.contributions)


def test_unknown_or_unserved_framework_is_a_clear_error(workspace: Workspace, round_file: Path) -> None:
    q = workspace.library.questionnaires[Q]
    with pytest.raises(SelfcheckError, match="onbekend kader 'nope'; kies uit gezondin, pharos-9"):
        choose_framework(workspace, [q], "nope")
    # a framework that exists but that no item serves
    workspace.library.frameworks["leeg"] = workspace.library.frameworks["gezondin"].__class__(
        "leeg", "1", workspace.library.frameworks["gezondin"].name, None, ()
    )
    with pytest.raises(SelfcheckError, match="geen item van armoede-gezondheid dient kader 'leeg'"):
        choose_framework(workspace, [q], "leeg")


def test_export_files_and_export_analysis_take_a_framework(workspace: Workspace, round_file: Path) -> None:
    path = export_files(workspace, [round_file], "json", workspace.root / "g.json", framework="gezondin")
    doc = json.loads(path.read_text("utf-8"))
    assert doc["framework"]["id"] == "gezondin"
    assert [p["id"] for p in doc["principles"]] == ["S1", "S2", "S3", "S4", "S5"] + [f"Z{n}" for n in range(1, 9)]
    assert all(
        set(i["principles"]) <= {p["id"] for p in doc["principles"]} for s in doc["sections"] for i in s["items"]
    )
    # an Analysis keeps its own framework (the app's results screen after `k`) ...
    an = analysis_for(workspace, workspace.load(round_file), "gezondin")
    p2 = export_analysis(workspace, an, "json", workspace.root / "a.json")
    assert json.loads(p2.read_text("utf-8"))["framework"]["id"] == "gezondin"
    # ... unless told otherwise
    p3 = export_analysis(workspace, an, "json", workspace.root / "b.json", framework="pharos-9")
    assert json.loads(p3.read_text("utf-8"))["framework"]["id"] == "pharos-9"
    # the default stays pharos-9
    p4 = export_files(workspace, [round_file], "json", workspace.root / "d.json")
    assert json.loads(p4.read_text("utf-8"))["framework"]["id"] == "pharos-9"


def test_combined_report_takes_a_framework(workspace: Workspace, round_file: Path) -> None:
    q = workspace.library.questionnaires["inwoners-betrekken"]
    other = Assessment(
        questionnaire=q.id,
        questionnaire_version=q.version,
        organisation="Gemeente Kader",
        date=date(2026, 6, 1),
        answers={i.id: Answer(score=2) for i in q.items},
    )
    other_file = workspace.save(other)
    path = export_files(workspace, [round_file, other_file], "json", workspace.root / "c.json", framework="gezondin")
    doc = json.loads(path.read_text("utf-8"))
    assert doc["kind"] == "combined" and doc["framework"]["id"] == "gezondin"


# --- the command line


def test_cli_report_with_framework(round_file: Path, capsys) -> None:
    assert cli.main(["report", str(round_file), "--framework", "gezondin"]) == 0
    out = capsys.readouterr().out
    assert "S1 Fysieke omgeving" in out and "Z8 " in out and "P1 Werk" not in out
    assert cli.main(["report", str(round_file)]) == 0
    out = capsys.readouterr().out
    assert "P1 Werk domeinoverstijgend" in out and "S1 Fysieke omgeving" not in out


@pytest.mark.parametrize("command", ["report", "export"])
def test_cli_unknown_framework_is_one_line(round_file: Path, capsys, command: str) -> None:
    assert cli.main([command, str(round_file), "--framework", "pharos-10"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip().splitlines() == ["selfcheck: fout: onbekend kader 'pharos-10'; kies uit gezondin, pharos-9"]


def test_cli_export_with_framework_in_a_subprocess(round_file: Path, isolated: Path) -> None:
    proc = run_cli("export", str(round_file), "-f", "md", "--framework", "gezondin")
    assert proc.returncode == 0, proc.stderr
    text = Path(proc.stdout.strip()).read_text("utf-8")
    assert "GezondIn: vijf sporen en acht pijlers (2026.1)" in text and "| S1 Fysieke omgeving |" in text
    bad = run_cli("--lang", "en", "export", str(round_file), "--framework", "nope")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines() == [
        "selfcheck: error: unknown framework 'nope'; choose from gezondin, pharos-9"
    ]


def test_cli_help_names_the_option(capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    assert "--framework ID" in capsys.readouterr().out
