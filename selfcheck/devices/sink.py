"""Device votes into the open assessment's one write path (selfcheck.core.session.OpenAssessment), written durably off the event loop.

`SessionSink` adapts the open assessment (the object that holds its lock and writes it) to the
`VoteSink` that `VotingSession` needs. Changes are made on the event loop (where the app also
changes the model); the writing happens in a thread, and votes that arrive while a write is
in flight are written together by the next one. `saved(ticket)` returns once the file on disk
holds the change the ticket stands for.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Protocol

from selfcheck.core.errors import SelfcheckError
from selfcheck.core.model import Answer, Assessment, Questionnaire, Value
from selfcheck.core.storage import now


class OpenAssessment(Protocol):
    """What the sink needs of the open assessment: its model, and a durable save of it."""

    assessment: Assessment
    questionnaire: Questionnaire
    closed: bool

    def mark_changed(self) -> int: ...

    def prepare(self) -> tuple[int, bytes]: ...

    def write(self, seq: int, data: bytes) -> bool: ...


class NotSaved(Exception):
    """The vote is in the model but the file could not be written (full disk, changed on disk)."""


class SessionSink:
    def __init__(self, session: OpenAssessment, *, on_saved: Callable[[str], None] | None = None) -> None:
        self.session = session
        self.on_saved = on_saved
        """Told after every write: "" when it worked, else the reason (for the saved mark)."""
        self._issued = 0
        self._done = 0
        self._error = ""
        self._task: asyncio.Task[None] | None = None
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []

    @property
    def assessment(self) -> Assessment:
        return self.session.assessment

    @property
    def questionnaire(self) -> Questionnaire:
        return self.session.questionnaire

    def set_vote(self, item_id: str, name: str, value: Value | None) -> int:
        answers = self.assessment.answers
        ans = answers.setdefault(item_id, Answer())
        if value is None:
            ans.votes.pop(name, None)
        else:
            ans.votes[name] = value
        ans.updated = now()
        return self._changed()

    def set_revealed(self, item_id: str) -> int:
        ans = self.assessment.answers.setdefault(item_id, Answer())
        if hasattr(ans, "revealed"):  # the stored revealed mark (issue 12), where the model has it
            ans.revealed = True
        return self._changed()

    def _changed(self) -> int:
        # Told to the session now, written by `_drain` soon: a close or hang-up before the
        # drain runs then writes this change itself (the session's flush sees it pending).
        self.session.mark_changed()
        self._issued += 1
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._drain())
        return self._issued

    async def _drain(self) -> None:
        while self._done < self._issued:
            covers = self._issued
            if self.session.closed:  # the close wrote these changes (they were marked pending)
                error = getattr(self.session, "error", "")
                if not error:
                    self._done = covers
                self._settle(covers, NotSaved(error) if error else None)
                return
            try:
                seq, data = self.session.prepare()  # on the loop: the model is not changing now
                await asyncio.to_thread(self.session.write, seq, data)
            except (OSError, SelfcheckError) as exc:
                self._error = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                self._settle(covers, NotSaved(self._error))
                if self.on_saved:
                    self.on_saved(self._error)
                return
            self._error = ""
            self._done = covers
            self._settle(covers, None)
            if self.on_saved:
                self.on_saved("")

    def _settle(self, covers: int, error: Exception | None) -> None:
        keep = []
        for ticket, fut in self._waiters:
            if ticket <= covers and not fut.done():
                if error is None:
                    fut.set_result(None)
                else:
                    fut.set_exception(error)
            elif not fut.done():
                keep.append((ticket, fut))
        self._waiters = keep

    async def saved(self, ticket: int) -> None:
        if ticket <= self._done:
            return
        if self._task is None or self._task.done():  # an earlier write failed: try again now
            self._task = asyncio.get_running_loop().create_task(self._drain())
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append((ticket, fut))
        await fut

    async def flush(self) -> None:
        """Wait until everything changed so far is written (or failed)."""
        if self._issued > self._done:
            try:
                await self.saved(self._issued)
            except NotSaved:
                pass
