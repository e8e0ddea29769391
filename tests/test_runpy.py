"""run.py, the README's quick start: which extra it installs before it starts selfcheck."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run_py() -> ModuleType:
    spec = importlib.util.spec_from_file_location("selfcheck_run_py", ROOT / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("argv", "extra"),
    [
        (["demo"], ""),
        ([], ""),
        (["serve"], "serve"),
        (["--workspace", "/tmp/x", "serve", "--port", "0"], "serve"),
        (["--lang", "en", "list"], ""),
    ],
)
def test_run_py_installs_the_extra_the_command_needs(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], extra: str
) -> None:
    # issue 16.13: `python3 run.py serve` on a fresh clone said "pip install 'selfcheck[serve]'",
    # which goes to the package index instead of this clone; now run.py installs the extra.
    run = _run_py()
    seen: list[str] = []
    monkeypatch.setattr(run, "ensure", seen.append)
    started: list[list[str]] = []
    monkeypatch.setattr(run, "run", lambda cmd, cwd=None: started.append(cmd) or 0)
    monkeypatch.setattr(sys, "argv", ["run.py", *argv])
    assert run.main() == 0
    assert seen == [extra]
    assert len(started) == 1 and started[0][-len(argv) or len(started[0]) :] == argv


def test_a_demo_of_an_older_questionnaire_version_is_written_again(tmp_path: Path) -> None:
    """After an update the demo showed rounds of the old statements half answered (20/30):
    a demo round of another questionnaire version is written again; an up-to-date one is kept."""
    from selfcheck.core.demo import demo_workspace

    ws = demo_workspace(tmp_path)
    files = sorted(ws.assessments_dir.glob("demo_*.toml"))
    first = files[0]
    text = first.read_text(encoding="utf-8")
    version = ws.library.questionnaires[ws.load(first).questionnaire].version
    first.write_text(
        text.replace(f'questionnaire_version = "{version}"', 'questionnaire_version = "0.0-old"'), encoding="utf-8"
    )
    assert ws.load(first).questionnaire_version == "0.0-old"
    ws = demo_workspace(tmp_path)
    assert ws.load(first).questionnaire_version == version
    kept = files[1].stat().st_mtime_ns
    demo_workspace(tmp_path)
    assert files[1].stat().st_mtime_ns == kept
