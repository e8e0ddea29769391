"""Device voting for one open assessment, as the app runs it (no Textual here).

`DeviceVoting` holds the voting state, the server and the sink for the assessment on the
app's answering screen; the app keeps it in `AppBase.devices` and closes it with the
assessment. The web server (aiohttp) is imported only when device voting starts: the app's
start-up does not pay for it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from selfcheck.core.session import OpenAssessment
from selfcheck.devices.listen import LOCAL, Listen
from selfcheck.i18n import t

if TYPE_CHECKING:
    from selfcheck.devices.server import DeviceServer
    from selfcheck.devices.sink import SessionSink
    from selfcheck.devices.voting import VotingSession


def configured() -> Listen | None:
    """Where to listen as the environment says (for a reverse proxy); None when it says nothing."""
    env = os.environ
    out: dict[str, Any] = {}
    if env.get("SELFCHECK_DEVICES_HOST"):
        out["host"] = env["SELFCHECK_DEVICES_HOST"]
    if env.get("SELFCHECK_DEVICES_PORT", "").isdigit():
        out["port"] = int(env["SELFCHECK_DEVICES_PORT"])
    if env.get("SELFCHECK_DEVICES_PUBLIC_URL"):
        out["public_url"] = env["SELFCHECK_DEVICES_PUBLIC_URL"]
    if env.get("SELFCHECK_DEVICES_TRUST_PROXY", "") in ("1", "yes", "true"):
        out["trust_proxy"] = True
    return Listen(**out) if out else None


def votable(session: OpenAssessment) -> str:
    """ "" when device voting can start on this assessment, else why not (one line)."""
    if session.read_only:
        return t("dv.read_only")
    a = session.assessment
    if a.voting not in ("open", "blind") or not a.participants:
        return t("dv.need_participants")
    return ""


class DeviceVoting:
    """Device voting for one open assessment, in the running event loop."""

    def __init__(
        self,
        session: OpenAssessment,
        *,
        item: str,
        tell: Callable[[str], None],
        on_saved: Callable[[str], None],
        listen: Listen = LOCAL,
    ) -> None:
        from selfcheck.devices.server import DeviceServer
        from selfcheck.devices.sink import SessionSink
        from selfcheck.devices.voting import VotingSession

        self.session = session
        self.sink: SessionSink = SessionSink(session, on_saved=on_saved)
        self.voting: VotingSession = VotingSession(self.sink, item=item)
        self.server: DeviceServer = DeviceServer(self.voting, listen)
        self._unsubscribe = self.voting.subscribe(tell)
        self._stopping: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.server.start()

    @property
    def running(self) -> bool:
        return self.server.running and self._stopping is None

    def close_now(self) -> None:
        """Stop taking votes at once (the assessment is closing: its lock goes next) and close
        the server in the background of the still-running loop."""
        if self._stopping is not None:
            return
        self.voting.closed = True
        self._unsubscribe()
        self.server.close_socket()  # stop listening now, even if the loop ends before the rest
        try:
            self._stopping = asyncio.get_running_loop().create_task(self.server.stop())
        except RuntimeError:  # no loop any more (the app has ended): the socket is closed already
            pass

    async def stop(self) -> None:
        self.close_now()
        if self._stopping is not None:
            await self._stopping
        await self.sink.flush()

    def status_line(self) -> str:
        v = self.voting
        return t(
            "dv.status_line",
            joined=len(v.holder),
            total=len(v.participants),
            code=v.code,
            address=self.server.listening,
        )
