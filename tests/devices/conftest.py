"""Fixtures for device voting: a blind assessment with five participants, and a running server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from selfcheck.core.model import Assessment
from selfcheck.core.storage import Workspace

PEOPLE = ["Anna", "Bram", "Cem", "Dewi", "Eva", "Femke", "Gijs", "Hanna"]
QUESTIONNAIRE = "inwoners-betrekken"


def make_assessment(ws: Workspace, people: list[str] | None = None, voting: str = "blind") -> Path:
    q = ws.library.questionnaire(QUESTIONNAIRE)
    a = Assessment(
        questionnaire=q.id,
        questionnaire_version=q.version,
        organisation="Testdam",
        voting=voting,
        participants=list(people or PEOPLE[:5]),
    )
    return ws.save(a)


@pytest.fixture
def blind_file(workspace: Workspace) -> Path:
    return make_assessment(workspace)


class Running:
    """A started DeviceServer over a real open assessment, for the tests to talk to."""

    def __init__(self, ws: Workspace, path: Path, **server_args: object) -> None:
        from selfcheck.core.session import OpenAssessment
        from selfcheck.devices.listen import Listen
        from selfcheck.devices.server import DeviceServer
        from selfcheck.devices.sink import SessionSink
        from selfcheck.devices.voting import VotingSession

        self.ws, self.path = ws, path
        self.session = OpenAssessment.open(ws, path)
        self.sink = SessionSink(self.session)
        self.voting = VotingSession(self.sink)
        self.server = DeviceServer(self.voting, Listen(**server_args))  # type: ignore[arg-type]

    @property
    def base(self) -> str:
        return self.server.base_url

    def on_disk(self) -> Assessment:
        return self.ws.load(self.path)


@pytest.fixture
async def running(workspace: Workspace, blind_file: Path) -> AsyncIterator[Running]:
    r = Running(workspace, blind_file)
    await r.server.start()
    try:
        yield r
    finally:
        await r.server.stop()
        await r.sink.flush()
        r.session.close()
