"""Voting from phones in the app: its panel and its message (the controller is
`selfcheck.devices.control.DeviceVoting`, free of Textual).

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

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, Static

from selfcheck.devices.control import DeviceVoting, configured, votable
from selfcheck.i18n import t
from selfcheck.tui.common import Dialog

__all__ = ["DeviceVoting", "DevicesChanged", "DevicesPanel", "configured", "votable", "where_choices"]


class DevicesChanged(Message):
    """Something changed in device voting (a vote, a join, a device asking for a name)."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what


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
        self._qr_rows = self._qr_cols = 0

    def compose(self) -> ComposeResult:
        server = self.devices.server
        qr = qr_widget_text(server.join_url)
        self._qr_rows, self._qr_cols = len(qr.plain.splitlines()), max(map(len, qr.plain.splitlines()))
        with Horizontal():
            yield Static(qr, id="qr")
            with Vertical(id="info"):
                yield Label(t("dv.panel_title"), classes="dialog-text")
                yield Static(t("dv.scan", url=server.join_url), id="join-url")
                yield Static(t("dv.or_code", url=server.code_url, code=self.devices.voting.code), id="code")
                yield Static(self._listening(), id="listening")
                yield Static(self._joined(), id="joined")
                yield Static(t("dv.qr_too_small"), id="qr-hint")
                yield Label(t("dv.panel_keys"), classes="hint")

    def on_mount(self) -> None:
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """A QR code cut off by a small window cannot be scanned: then none, and a hint."""
        fits = self.app.size.height >= self._qr_rows + 4 and self.app.size.width >= self._qr_cols + 30
        self.query_one("#qr", Static).display = fits
        self.query_one("#qr-hint", Static).display = not fits

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
