"""A monkey at the keyboard: seeded random keys into the app, across every screen.

Shared by tests/robustness/test_monkey.py (CI) and benchmarks/bench_monkey.py (long runs).

The keys are a seeded random choice over the keys the current screen and the app bind, plus
printable characters (letters, digits, punctuation, é, €, emoji), escape, enter and the keys
widgets use (tab, arrows, page up/down, backspace). Keys that end the program on purpose are
left out (ctrl+q anywhere, q and escape on the home list), and so is ctrl+p (see NEVER). If the
app ends anyway, that is no crash: a new app takes over.

The run is split into chunks. Each chunk starts a fresh app on a fresh copy of a workspace
(the demo rounds plus a round of armoede-gezondheid, whose themes screen needs steps), first
goes to one screen on purpose (home, wizard, answering, results, drill-down, agenda, actions
with the action dialog, compare, help, themes), then lets the monkey loose.

What must hold: no exception anywhere (the app's, the pilot's, any worker's), and every answer
given along the way saved: whenever an assessment is closed, and at the end of a chunk after
the save workers finished, the file on disk is exactly what the assessment in memory writes.
"""

from __future__ import annotations

import random
import shutil
import string
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

STARTS = ["home", "wizard", "answering", "results", "drill-down", "agenda", "actions", "compare", "help", "themes"]
PRINTABLE = list(string.ascii_letters + string.digits + string.punctuation) + [" ", "é", "ë", "€", "ß", "🙂"]
NAV = [
    "tab",
    "shift+tab",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "backspace",
    "delete",
    "space",
    "ctrl+s",
    "f1",
]
NEVER = {"ctrl+q", "ctrl+c", "ctrl+p"}
"""ctrl+p opens Textual's own command palette, which crashes on fast input in Textual 8.2 (page
keys on an empty list, a search worker outliving a closed palette); it stays out of the run."""
SCREENS = {
    "HomeScreen": "home",
    "NewAssessmentDialog": "wizard",
    "AnswerScreen": "answering",
    "ResultsScreen": "results",
    "PrincipleScreen": "drill-down",
    "AgendaScreen": "agenda",
    "ActionsScreen": "actions",
    "ActionDialog": "action dialog",
    "CompareScreen": "compare",
    "HelpScreen": "help",
    "ThemesScreen": "themes",
}
REQUIRED = set(SCREENS.values())


@dataclass
class Totals:
    keys: int = 0
    chunks: int = 0
    restarts: int = 0
    sessions_checked: int = 0
    saves_checked: int = 0
    visits: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def line(self, seed: int) -> str:
        seen = ", ".join(f"{k} {v}" for k, v in sorted(self.visits.items(), key=lambda kv: -kv[1]))
        return (
            f"monkey (seed {seed}): {self.keys} keystrokes in {self.chunks} chunks at 80x24, no crash, "
            f"{self.restarts} ends by a command (new app); {self.sessions_checked} closed assessments and "
            f"{self.saves_checked} end states checked byte for byte against the file; key presses per screen: "
            f"{seen}; {self.seconds:.1f} s ({1000 * self.seconds / max(1, self.keys):.1f} ms a key)"
        )


class Broken(AssertionError):
    pass


def template(root: Path) -> Path:
    """The workspace every chunk copies: the demo rounds and a round of armoede-gezondheid."""
    from selfcheck.core.demo import demo_workspace
    from selfcheck.core.model import Answer, Assessment

    ws = demo_workspace(root)
    q = ws.library.questionnaire("armoede-gezondheid")
    a = Assessment(
        questionnaire=q.id,
        questionnaire_version=q.version,
        organisation="Gemeente Aap",
        team="Team Noot",
        date=date(2026, 9, 1),
        voting="open",
        participants=["Mies", "Wim"],
    )
    for n, item in enumerate(q.items[:4]):
        a.answers[item.id] = Answer(score=n % 4, votes={"Mies": n % 4, "Wim": (n + 1) % 4}, note="notitie")
    ws.save(a)
    return root


def _check_file(session: Any, when: str = "") -> None:
    import difflib

    from selfcheck.core.assessment import serialise

    path = session.assessment.path
    want = serialise(session.assessment, session.questionnaire).encode("utf-8")
    have = path.read_bytes() if path is not None and path.exists() else b""
    if have != want:
        diff = difflib.unified_diff(
            have.decode("utf-8", "replace").splitlines(),
            want.decode("utf-8", "replace").splitlines(),
            "file",
            "memory",
            lineterm="",
            n=1,
        )
        state = f"seq {session.seq}, written {session.written}, state {session.state}, error {session.error!r}"
        raise Broken(
            f"{path}: the file is not what the assessment in memory writes (an answer not saved?) {when}; "
            f"{state}:\n" + "\n".join(list(diff)[:40])
        )


async def press(pilot: Any, keys: list[str]) -> None:
    """Pilot's `press` without its two idle waits of at least 20 ms per key: each key event goes
    to the driver as `Pilot.press` sends it, then the screen's pending messages are processed.
    Keys come as fast as the app takes them, like a fast typist's (or a pasted burst) over a
    real terminal; that is part of what is tested."""
    import asyncio
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    app = pilot.app
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        original = REPLACED_KEYS.get(key, key)
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)
        await asyncio.sleep(0)
    await pilot._wait_for_screen()
    await asyncio.sleep(0)
    await pilot._wait_for_screen()


async def settle(pilot: Any, rounds: int = 200) -> None:
    """Wait until every save asked for so far has ended (written or failed), not merely until
    the queues were empty once. A save is asked for with a message to the app, which starts
    its write worker when it handles it; a pause can return with that message still queued
    (a dialog's callback ran on a screen below, after the app's queue was looked at), and
    waiting for the workers then finds none yet. The session counts what was prepared (`seq`)
    and what was written or failed (`wait_saved`), so wait on that, a pause at a time."""
    import asyncio

    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
        session = app.session
        if session is None or session.read_only or session.error:
            break
        if await asyncio.to_thread(session.wait_saved, 0.05):
            break
    await pilot.pause()


class Monkey:
    def __init__(self, template_root: Path, work: Path, seed: int, make_app: Any) -> None:
        self.template_root = template_root
        self.work = work
        self.rng = random.Random(seed)
        self.seed = seed
        self.make_app = make_app
        self.totals = Totals()
        self.problems: list[str] = []

    # --- choosing keys

    def choose(self, app: Any) -> str:
        rng = self.rng
        screen = app.screen
        name = type(screen).__name__
        bound: set[str] = set()
        for keys in screen.active_bindings:  # the keys bound here now (the screen's, its widgets', the app's)
            bound.update(k.strip() for k in keys.split(","))
        forbidden = set(NEVER)
        if name == "HomeScreen":
            forbidden |= {"q", "escape"}
        if name == "HelpScreen" and rng.random() < 0.5:
            return "escape"  # help is easy to reach from anywhere; do not linger there
        r = rng.random()
        if r < 0.45 and bound - forbidden:
            key = rng.choice(sorted(bound - forbidden))
        elif r < 0.70:
            key = rng.choice(PRINTABLE)
        elif r < 0.78:
            key = "escape"
        elif r < 0.88:
            key = "enter"
        else:
            key = rng.choice(NAV)
        if key in forbidden or (key == "q" and name == "HomeScreen"):
            key = "down"
        return key

    # --- going somewhere on purpose

    async def goto(self, pilot: Any, where: str) -> None:
        """Go to one screen on purpose, through the app's own actions (not its key layout)."""
        from selfcheck.tui.compare import CompareScreen

        app = pilot.app
        files = app.ws.assessment_files()

        def pick(word: str) -> Path:
            return next(p for p in files if word in p.name)

        if where == "home":
            return
        if where == "wizard":
            app.screen.action_new()  # the home screen's wizard, with its callback
        elif where == "help":
            app.action_help()
        elif where == "compare":
            old, new = app.ws.load(pick("inwoners-betrekken_2026-04")), app.ws.load(pick("inwoners-betrekken_2026-10"))
            app.push_screen(CompareScreen(old, new))
        else:
            app.open_assessment(pick("armoede" if where == "themes" else "inwoners-betrekken_2026-10"))
            await pilot.pause()
            steps = {
                "answering": [],
                "results": ["action_results"],
                "drill-down": ["action_results", "action_drill"],
                "agenda": ["action_agenda"],
                "actions": ["action_plan", "action_add"],
                "themes": ["action_themes"],
            }
            for step in steps[where]:
                getattr(app.screen, step)()
                await pilot.pause()
        await pilot.pause()

    # --- a chunk

    async def chunk(self, n: int, keys: int) -> None:
        from textual.worker import Worker, WorkerState

        from selfcheck.core.session import OpenAssessment as Session
        from selfcheck.core.storage import Workspace

        ws_root = self.work / f"chunk-{n}"
        if ws_root.exists():
            shutil.rmtree(ws_root)
        shutil.copytree(self.template_root, ws_root)
        where = STARTS[n % len(STARTS)]
        done = 0
        while done < keys:
            app = self.make_app(ws=Workspace(ws_root))
            app.animation_level = "none"  # scrolling without animation: the same states, no waiting for them
            seen: list[Any] = []
            real_close = Session.close
            checked = self

            def close(session: Session) -> None:
                real_close(session)
                if not session.read_only and not session.error and session.assessment.path is not None:
                    try:
                        _check_file(session, "at its close")
                    except Broken as exc:
                        checked.problems.append(str(exc))
                    checked.totals.sessions_checked += 1

            Session.close = close  # type: ignore[method-assign]
            try:
                async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
                    await pilot.pause()
                    await self.goto(pilot, where)
                    where = "home"  # after a restart the monkey starts from home
                    for screen in app.screen_stack:  # reached on purpose counts as reached
                        label = SCREENS.get(type(screen).__name__)
                        if label:
                            self.totals.visits.setdefault(label, 0)
                    while done < keys and app.is_running and app._exit_renderables == []:
                        batch = [self.choose(app) for _ in range(min(8, keys - done))]
                        screen = SCREENS.get(type(app.screen).__name__, type(app.screen).__name__)
                        self.totals.visits[screen] = self.totals.visits.get(screen, 0) + len(batch)
                        await press(pilot, batch)
                        if self.rng.random() < 0.03:
                            await pilot.pause()  # now and then a real pause: timers, retries, notices
                        done += len(batch)
                        self.totals.keys += len(batch)
                        if app._exception is not None:
                            raise Broken(f"the app raised {app._exception!r} after keys {batch}")
                        if not app.is_running or app.return_code is not None:
                            break
                    if app.is_running:
                        await settle(pilot)
                        if app.session is not None and not app.session.read_only:
                            if app.session.error:
                                raise Broken(f"a save failed during the monkey run: {app.session.error}")
                            _check_file(app.session, "at the end of the chunk")
                            self.totals.saves_checked += 1
                    else:
                        self.totals.restarts += 1
            finally:
                Session.close = real_close  # type: ignore[method-assign]
            if app._exception is not None:
                raise Broken(f"the app raised {app._exception!r}")
            failed = [m for m in seen if isinstance(m, Worker.StateChanged) and m.state == WorkerState.ERROR]
            if failed:
                raise Broken(f"a worker failed: {failed[0].worker.error!r}")
            if self.problems:
                raise Broken(self.problems[0])
        self.totals.chunks += 1

    async def run(self, chunks: int, keys_per_chunk: int) -> Totals:
        started = time.monotonic()
        for n in range(chunks):
            await self.chunk(n, keys_per_chunk)
        self.totals.seconds = time.monotonic() - started
        return self.totals
