"""Terminal escapes in shared content (issue 11.5): a questionnaire (which sync shares) whose
title, texts, help, labels, sources and version hold OSC 0 (retitle the terminal) and CSI 2J
(clear the screen) must never reach a terminal raw: not through `questionnaires`, `answer`,
`report`, `validate` nor the app. Content text is cleaned on load exactly as user text is
(control characters become U+FFFD, with a warning in `validate`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import MINI, ROOT

from selfcheck.core.content import load_library
from selfcheck.core.model import Assessment
from selfcheck.core.storage import Workspace

RETITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
CSI_8BIT = "\x9b2J"
BAD = (RETITLE, CLEAR, CSI_8BIT, "\x1bP+q\x1b\\", "\r")
TIMEOUT = 60


def hostile_questionnaire(folder: Path) -> Path:
    text = MINI.read_text(encoding="utf-8")

    def e(s: str) -> str:  # as a TOML escape, so the file itself stays plain text
        s = s.replace("\\", "\\\\").replace("\x1b", "\\u001b").replace("\x07", "\\u0007")
        return s.replace("\x9b", "\\u009b").replace("\r", "\\r")

    text = text.replace(
        'title = { nl = "Mini", en = "Mini" }', f'title = {{ nl = "Mini{e(RETITLE)}", en = "Mini{e(RETITLE)}" }}'
    )
    text = text.replace('version = "2.0"', f'version = "2.0{e(CLEAR)}"')
    text = text.replace('title = "Testbron"', f'title = "Testbron{e(CSI_8BIT)}"')
    text = text.replace('{ nl = "Nee", en = "No" }', f'{{ nl = "Nee{e(CLEAR)}", en = "No{e(CLEAR)}" }}')
    text = text.replace(
        'title = { nl = "Een", en = "One" }', f'title = {{ nl = "Een{e(BAD[3])}", en = "One{e(BAD[3])}" }}'
    )
    text = text.replace(
        'text = { nl = "We doen A.", en = "We do A." }',
        f'text = {{ nl = "We doen A.{e(CLEAR)}{e(RETITLE)}", en = "We do A.{e(CLEAR)}" }}\n'
        f'help = {{ nl = "Hulp{e(RETITLE)}\\r", en = "Help{e(RETITLE)}" }}',
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mini.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(ws: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SELFCHECK_WORKSPACE=str(ws), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "selfcheck", *args],
        capture_output=True,
        text=True,
        input=input,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )


def assert_harmless(out: str) -> None:
    found = [repr(b) for b in BAD if b in out] + [repr(c) for c in "\x1b\x07\x9b" if c in out]
    assert not found, f"raw control characters {found} in:\n{out!r}"


def test_content_text_is_cleaned_on_load(workspace: Workspace) -> None:
    hostile_questionnaire(workspace.content_dir)
    q = load_library([workspace.content_dir]).questionnaire("mini")
    texts = [
        q.title.nl,
        q.title.en,
        q.version,
        q.sources[0].title,
        q.items[0].text.nl,
        q.items[0].text.en,
        q.items[0].help.nl if q.items[0].help else "",
        q.sections[0].title.nl,
        *(lv.label.nl for lv in q.items[0].scale.levels),
    ]
    for s in texts:
        assert_harmless(s)
    assert "\ufffd" in q.title.nl and q.title.nl.startswith("Mini")
    assert "pwned" in q.items[0].text.nl  # replaced characters, not dropped text: the reader can see it


@pytest.mark.parametrize("command", ["questionnaires", "answer", "report", "validate", "list"])
def test_hostile_content_never_reaches_the_terminal_raw(command: str, workspace: Workspace) -> None:
    hostile_questionnaire(workspace.content_dir)
    q = load_library([workspace.content_dir]).questionnaire("mini")
    path = workspace.save(Assessment(questionnaire="mini", questionnaire_version=q.version, organisation="Dorp"))
    args = {
        "questionnaires": ["questionnaires"],
        "answer": ["answer", str(path)],
        "report": ["report", str(path)],
        "validate": ["validate"],
        "list": ["list"],
    }[command]
    r = run(workspace.root, *args, input="1\n2\n3\n" if command == "answer" else None)
    out = r.stdout + r.stderr
    assert "Traceback" not in out, out
    assert "Mini" in out or command in ("list", "validate"), out
    assert_harmless(out)
    if command == "validate":
        assert "stuurtekens" in out  # the warning, as for user text


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "html"])
def test_hostile_content_in_exported_files(fmt: str, workspace: Workspace, tmp_path: Path) -> None:
    """Exports are opened with `cat` and `less` too: no raw control characters in them either."""
    hostile_questionnaire(workspace.content_dir)
    q = load_library([workspace.content_dir]).questionnaire("mini")
    path = workspace.save(Assessment(questionnaire="mini", questionnaire_version=q.version, organisation="Dorp"))
    out = tmp_path / f"rapport.{fmt}"
    r = run(workspace.root, "export", str(path), "-f", fmt, "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert_harmless(r.stdout + r.stderr + out.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_hostile_content_in_the_app(workspace: Workspace) -> None:
    """The app shows the questionnaire's cleaned text (the home screen names it, the answering
    screen shows item text and help); what it draws holds none of the file's control characters."""
    import asyncio

    from selfcheck.tui.app import SelfcheckApp

    hostile_questionnaire(workspace.content_dir)
    ws = Workspace(workspace.root)
    q = ws.library.questionnaire("mini")
    ws.save(Assessment(questionnaire="mini", questionnaire_version=q.version, organisation="Dorp"))

    async def go() -> list[str]:
        shots = []
        app = SelfcheckApp(ws)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            shots.append(app.export_screenshot())
            await pilot.press("enter")
            await pilot.pause()
            shots.append(app.export_screenshot())
        return shots

    shots = asyncio.run(go())
    assert "Mini" in shots[0] or "Mini" in shots[1]
    for shot in shots:
        assert_harmless(shot)
