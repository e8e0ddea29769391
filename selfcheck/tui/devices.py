"""Voting from phones in the app: the server for the open assessment, and its panel.

`DeviceVoting` runs `selfcheck.devices` (the voting state, the aiohttp server in the app's own
event loop, votes into the open assessment's one write path) for the assessment on the
answering screen. The answering screen starts it (key `v`), follows it (✓ per participant,
never the value, until the reveal) and tells it where the meeting is (the current statement,
the reveal, absent marks). The app stops it whenever the assessment closes or the app ends:
nothing else listens.

Where it listens: the facilitator chooses (this Wi-Fi, or only this computer); for a reverse
proxy the environment says it: SELFCHECK_DEVICES_HOST, SELFCHECK_DEVICES_PORT,
SELFCHECK_DEVICES_PUBLIC_URL and SELFCHECK_DEVICES_TRUST_PROXY=1.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, Static

from selfcheck.core.session import OpenAssessment
from selfcheck.i18n import t
from selfcheck.tui.common import Dialog

if TYPE_CHECKING:
    from selfcheck.devices.server import DeviceServer
    from selfcheck.devices.sink import SessionSink
    from selfcheck.devices.voting import VotingSession

# The web server (aiohttp) is imported only when device voting starts: the app's start-up
# does not pay for it.


class DevicesChanged(Message):
    """Something changed in device voting (a vote, a join, a device asking for a name)."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what


def configured() -> dict[str, object]:
    """Where to listen as the environment says (for a reverse proxy); {} when it says nothing."""
    env = os.environ
    out: dict[str, object] = {}
    if env.get("SELFCHECK_DEVICES_HOST"):
        out["host"] = env["SELFCHECK_DEVICES_HOST"]
    if env.get("SELFCHECK_DEVICES_PORT", "").isdigit():
        out["port"] = int(env["SELFCHECK_DEVICES_PORT"])
    if env.get("SELFCHECK_DEVICES_PUBLIC_URL"):
        out["public_url"] = env["SELFCHECK_DEVICES_PUBLIC_URL"]
    if env.get("SELFCHECK_DEVICES_TRUST_PROXY", "") in ("1", "yes", "true"):
        out["trust_proxy"] = True
    return out


def votable(session: OpenAssessment) -> str:
    """"" when device voting can start on this assessment, else why not (one line)."""
    if session.read_only:
        return t("dv.read_only")
    a = session.assessment
    if a.voting not in ("open", "blind") or not a.participants:
        return t("dv.need_participants")
    return ""


class DeviceVoting:
    """Device voting for one open assessment, in the running event loop."""

    def __init__(self, session: OpenAssessment, *, item: str, tell: Callable[[str], None],
                 on_saved: Callable[[str], None], host: str = "127.0.0.1", port: int = 0,
                 public_url: str = "", trust_proxy: bool = False) -> None:
        from selfcheck.devices.server import DeviceServer
        from selfcheck.devices.sink import SessionSink
        from selfcheck.devices.voting import VotingSession

        self.session = session
        self.sink: SessionSink = SessionSink(session, on_saved=on_saved)
        self.voting: VotingSession = VotingSession(self.sink, item=item)
        self.server: DeviceServer = DeviceServer(self.voting, host=host, port=port, public_url=public_url,
                                   trust_proxy=trust_proxy)
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
        return t("dv.status_line", joined=len(v.holder), total=len(v.participants), code=v.code)


def qr_widget_text(url: str) -> Text:
    """The QR code dark on light, whatever the terminal's colours."""
    from selfcheck.devices.qr import qr_lines

    return Text("\n".join(qr_lines(url)), style="#000000 on #ffffff", no_wrap=True, overflow="crop")


class DevicesPanel(Dialog[str | None]):
    """The QR code, the join address and code, where the server listens, who joined.
    escape: back to the statement (voting goes on); s: stop device voting."""

    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "dismiss(None)", "k.back"),
        Binding("s", "dismiss('stop')", "k.devices_stop"),
    ]
    DEFAULT_CSS = """
    DevicesPanel { align: center middle; }
    DevicesPanel > Horizontal { width: 100%; max-width: 110; height: auto; max-height: 100%;
        background: $surface; border: round $primary; padding: 0 1; }
    DevicesPanel #qr { width: auto; height: auto; margin: 0 1 0 0; }
    DevicesPanel #info { width: 1fr; height: auto; }
    DevicesPanel .dialog-text { text-style: bold; margin: 0 0 1 0; }
    DevicesPanel .hint { color: $text-muted; margin: 1 0 0 0; }
    """

    def __init__(self, devices: DeviceVoting) -> None:
        super().__init__()
        self.devices = devices

    def compose(self) -> ComposeResult:
        server = self.devices.server
        with Horizontal():
            yield Static(qr_widget_text(server.join_url), id="qr")
            with Vertical(id="info"):
                yield Label(t("dv.panel_title"), classes="dialog-text")
                yield Static(t("dv.scan", url=server.join_url), id="join-url")
                yield Static(t("dv.or_code", url=server.code_url, code=self.devices.voting.code), id="code")
                yield Static(self._listening(), id="listening")
                yield Static(self._joined(), id="joined")
                yield Label(t("dv.panel_keys"), classes="hint")

    def _listening(self) -> str:
        server = self.devices.server
        if server.public_url:
            return t("dv.listening_public", address=server.listening, url=server.public_url)
        return t("dv.listening", address=server.listening)

    def _joined(self) -> str:
        names = sorted(self.devices.voting.holder)
        return t("dv.joined_list", names=", ".join(names)) if names else t("dv.nobody_yet")

    def on_devices_changed(self, _: DevicesChanged) -> None:
        self.query_one("#joined", Static).update(self._joined())


def where_choices() -> list[tuple[str, str]]:
    from selfcheck.devices.server import lan_address

    return [("lan", t("dv.where_lan", address=lan_address())), ("local", t("dv.where_local"))]
