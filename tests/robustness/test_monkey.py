"""Monkey: at least 5,000 seeded random keystrokes into the app at 80x24, across every screen
(see monkey.py): no crash, and every answer given along the way is in the file. Longer runs:
benchmarks/bench_monkey.py."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import monkey
import pytest
import tally

CHUNKS = int(os.environ.get("MONKEY_CHUNKS", 10))
KEYS_PER_CHUNK = int(os.environ.get("MONKEY_KEYS", 500))


@pytest.mark.slow
async def test_monkey_at_the_keyboard(tmp_path: Path, make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seed = int(os.environ.get("SELFCHECK_MONKEY_SEED") or random.SystemRandom().randrange(1_000_000))
    monkeypatch.chdir(tmp_path)  # the palette's "save screenshot" writes here, not into the repository
    root = monkey.template(tmp_path / "template")
    m = monkey.Monkey(root, tmp_path / "work", seed, make_app)
    try:
        totals = await m.run(CHUNKS, KEYS_PER_CHUNK)
    except Exception as exc:  # the app's own exception comes out of run_test: name the seed too
        pytest.fail(f"seed {seed} (SELFCHECK_MONKEY_SEED={seed} repeats it): {type(exc).__name__}: {exc}")
    assert totals.keys >= 5000 or "MONKEY_KEYS" in os.environ
    missing = monkey.REQUIRED - set(totals.visits)
    assert not missing, f"screens the monkey never reached: {missing}"
    tally.report("monkey", totals.line(seed))


# --- what the monkey found, pinned down: keys in one burst (typed ahead, or over a slow link)


async def _burst_app(make_app: Any, workspace: Any) -> Any:
    from tui_helpers import make_assessment

    path = make_assessment(workspace)
    return make_app(path), path


async def test_keys_before_the_answering_screen_is_mounted(make_app: Any, workspace: Any) -> None:
    """enter on the home list and a digit in the same burst: the digit does nothing or scores,
    never reaches for a title bar that is not there yet."""
    from tui_helpers import make_assessment, settle

    make_assessment(workspace)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await monkey.press(pilot, ["enter", "2", "right", "3", "L", "1", "escape", "L"])
        await settle(pilot)
        assert app._exception is None


async def test_language_switch_and_keys_in_one_burst(make_app: Any, workspace: Any) -> None:
    """L recomposes every screen; enter, escape and f1 right behind it act on nothing half-built."""
    from tui_helpers import settle

    app, _path = await _burst_app(make_app, workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for keys in (
            ["s", "L", "enter", "escape"],
            ["f1", "L", "escape", "f1"],
            ["2", "L", "escape", "L"],
            ["a", "L", "enter"],
            ["p", "L", "escape", "escape"],
        ):
            await monkey.press(pilot, keys)
            await settle(pilot)
            assert app._exception is None, keys


async def test_a_dialog_is_dismissed_once(make_app: Any, workspace: Any) -> None:
    """Enter on "Nee" and y in one burst: one answer, not two, and the screen below stays."""
    from textual.screen import Screen
    from tui_helpers import settle

    from selfcheck.tui.common import ConfirmDialog

    app, _path = await _burst_app(make_app, workspace)
    answers: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        below = app.screen
        app.push_screen(ConfirmDialog("?"), answers.append)
        await pilot.pause()
        await monkey.press(pilot, ["enter", "y"])
        await settle(pilot)
        assert app._exception is None
        assert len(answers) == 1, answers  # (which one depends on which key lands first)
        assert isinstance(app.screen, Screen) and app.screen is below


async def test_two_edits_of_one_action_in_one_burst(make_app: Any, workspace: Any) -> None:
    """Two enters on an action open two editors; both end well and the ids stay unique."""
    from tui_helpers import on_disk, settle

    from selfcheck.core.model import Action

    app, path = await _burst_app(make_app, workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.session.assessment.actions.append(Action(id="a1", what="Eerste actie"))
        await monkey.press(pilot, ["p"])
        await settle(pilot)
        await monkey.press(pilot, ["enter", "enter"])
        await settle(pilot)
        await monkey.press(pilot, ["ctrl+s", "ctrl+s", "n", "x", "ctrl+s", "n", "y", "ctrl+s"])
        await settle(pilot)
        assert app._exception is None
        ids = [x.id for x in app.session.assessment.actions]
        assert len(ids) == len(set(ids)), ids
    a = on_disk(path, workspace)
    assert len({x.id for x in a.actions}) == len(a.actions)


async def test_export_dialog_closed_while_a_save_is_in_flight(
    make_app: Any, workspace: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Choosing a format waits for the save in flight; escape meanwhile ends the export quietly."""
    import threading

    from tui_helpers import on_disk, settle

    from selfcheck.core import session as session_module

    release = threading.Event()
    real = session_module.atomic_write

    def slow(path: Any, data: bytes, **kw: Any) -> None:
        release.wait(5)
        real(path, data, **kw)

    monkeypatch.setattr(session_module, "atomic_write", slow)
    app, path = await _burst_app(make_app, workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await monkey.press(pilot, ["2", "s"])
        await pilot.pause()
        await monkey.press(pilot, ["e"])
        await pilot.pause()
        await monkey.press(pilot, ["enter", "escape"])
        await pilot.pause(0.2)
        release.set()
        await settle(pilot)
        await pilot.pause(0.2)
        assert app._exception is None
        assert app.session is not None and app.session.state == "saved"
    assert on_disk(path, workspace).answers


async def test_keys_right_behind_the_key_that_opens_a_dialog(make_app: Any, workspace: Any) -> None:
    """m (note editor) and ctrl+s in one burst, n (new action) and ctrl+s: no dialog is asked to
    act before it is there."""
    from tui_helpers import settle

    app, _path = await _burst_app(make_app, workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for keys in (
            ["m", "ctrl+s"],
            ["m", "x", "ctrl+s", "escape"],
            ["p", "n", "ctrl+s", "escape", "escape"],
            ["s", "t", "enter", "escape", "escape"],
            ["i", "enter", "enter", "super+c", "pageup", "H", "L", "ctrl+s"],
        ):
            await monkey.press(pilot, keys)
            await settle(pilot)
            assert app._exception is None, keys
            while app.screen is not None and type(app.screen).__name__ != "AnswerScreen" and len(app.screen_stack) > 2:
                await monkey.press(pilot, ["escape"])
                await settle(pilot)
