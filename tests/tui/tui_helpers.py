"""Helpers for the app tests: write an assessment, read it back, wait for saves, read the screen."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console

from selfcheck.core.assessment import load_assessment
from selfcheck.core.model import Answer, Assessment
from selfcheck.core.storage import Workspace


def make_assessment(
    ws: Workspace,
    *,
    questionnaire: str = "inwoners-betrekken",
    organisation: str = "Gemeente Test",
    team: str = "Team Test",
    voting: str = "team",
    participants: list[str] | None = None,
    when: date = date(2026, 3, 1),
    answers: dict[str, Answer] | None = None,
    targets: dict[str, float] | None = None,
    previous: str = "",
) -> Path:
    """Write one assessment with the given fields into the workspace; return its path."""
    q = ws.library.questionnaires[questionnaire]
    a = Assessment(
        questionnaire=q.id,
        questionnaire_version=q.version,
        organisation=organisation,
        team=team,
        date=when,
        voting=voting,
        participants=list(participants or []),
        previous=previous,
        targets=dict(targets or {}),
        answers=dict(answers or {}),
    )
    return ws.save(a)


def on_disk(path: Path, ws: Workspace) -> Assessment:
    """The assessment as it is in the file now (fails the test when the file does not load)."""
    a, checker = load_assessment(path, ws.library)
    assert a is not None, [str(p) for p in checker.problems]
    return a


async def settle(pilot: Any) -> None:
    """Let the save worker finish and its result reach the screen."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot: Any, text: str) -> None:
    """Type text key by key (a space is the key "space")."""
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def screen_text(app: Any) -> str:
    """Everything on the terminal now, as plain text (what a user sees, without colour)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


OPEN_ROUND = "demo_inwoners-betrekken_2026-10-20.toml"
"""The demo's second round of inwoners-betrekken, with open votes and a previous round."""
BLIND_ROUND = "demo_goed-gesprek-organisatie_2026-10-20.toml"
"""The demo's round with blind votes."""


def round_path(ws: Workspace, name: str) -> Path:
    """One of the demo's rounds in `ws` (the `demo` fixture), by file name."""
    path = ws.assessments_dir / name
    assert path.is_file(), path
    return path
