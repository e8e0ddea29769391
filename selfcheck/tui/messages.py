"""What screens tell the app, and the app tells screens: the app's one message flow.

Screens never reach into the app to open, save or close an assessment: they post one of these
and the app (`selfcheck.tui.app.SelfcheckApp`) decides, in `on_<name>` (e.g. `on_open_file`).
A screen posts them to the app itself, `self.app.post_message(...)`, not to its own queue to
bubble up: a screen closed right after it posted (escape behind an edit) drops what is still
in its queue, and a save asked for there would wait for the next one. The app posts
`SaveStateChanged` to the screen on top.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from selfcheck.core.session import OpenAssessment


class OpenFile(Message):
    """Open this assessment on the answering screen (read-only when another app holds it)."""

    def __init__(self, path: Path, item: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.item = item
        """Start at this item (its id); None: at the first open one."""


class CloseAssessment(Message):
    """Leave the answering screen: save what is pending, release the lock, back to the list."""


class SaveRequested(Message):
    """Save `session`, the open assessment the screen edited. `prepared` is its state as the
    screen serialised it right after the change (`OpenAssessment.prepare`), so that a close or
    a hang-up right behind the change still writes it; None: the app prepares the current
    state itself.

    The write happens in the app's save worker, off the event loop, and only while `session`
    is still the open one: a message that arrives after its assessment was closed (and the
    same file opened again, say) is dropped, since the close wrote that state already; written
    through the new session it would put the older state over the newer one (found by the
    monkey)."""

    def __init__(self, session: OpenAssessment, prepared: tuple[int, bytes] | None = None) -> None:
        super().__init__()
        self.session = session
        self.prepared = prepared


class SaveStateChanged(Message):
    """The open assessment was saved, or saving failed: screens refresh their saved mark."""


class ShowItem(Message):
    """Go back to the answering screen at this item, closing the screens above it."""

    def __init__(self, item: str) -> None:
        super().__init__()
        self.item = item
