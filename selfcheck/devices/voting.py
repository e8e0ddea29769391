"""The state of one device-voting round: plain Python, no web server, no UI, testable alone.

A `VotingSession` knows the current statement, the participants, which device holds which
name, who has voted on the current statement (never shown with the value until the reveal),
who is marked absent and whether the current statement is revealed. The web server reads it
and asks it to record votes; every vote reaches the assessment file only through the
`VoteSink`, the one write path of the open assessment. Whoever shows the meeting (the app, the
headless `selfcheck vote`) subscribes to be told of every change.

What a device may learn is decided here, in `phone_state`: the current statement, its own
vote, and after the reveal the distribution of the votes (counts, never names).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from selfcheck.core.model import NA, UNKNOWN, Assessment, Item, Questionnaire, Value
from selfcheck.i18n import language

TOKEN_BYTES = 32
"""A device token: 256 random bits (the cookie); the CSRF token likewise."""
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Join codes avoid 0/O and 1/I, which people mistype."""
CODE_LENGTH = 6
MAX_DEVICES_PER_NAME = 10
"""Devices that may ever join per participant in one round (reloads keep their device; a new
phone or browser is a new one): a flood of joins cannot grow the table without bound."""
CODE_TRIES = 20
"""Wrong join codes allowed in one round before code entry is switched off (6 characters of 32
make 2^30 codes: 20 tries guess one with a chance of 1 in 50 million)."""


class VoteRefused(Exception):
    """A vote or join the session does not accept; `reason` is an i18n key for the phone."""

    def __init__(self, reason: str, status: int = 409) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class VoteSink(Protocol):
    """The one write path of the open assessment, as device voting needs it.

    `set_vote` changes one vote in the model and has it written durably; the returned ticket
    is given to `saved`, which returns once the file on disk holds that change (and raises when
    it could not be written). A phone is told "received" only after `saved` returned.
    """

    @property
    def assessment(self) -> Assessment: ...

    @property
    def questionnaire(self) -> Questionnaire: ...

    def set_vote(self, item_id: str, name: str, value: Value | None) -> int: ...

    def set_revealed(self, item_id: str) -> int: ...

    async def saved(self, ticket: int) -> None: ...


def token_hash(token: str) -> str:
    """Devices are found by a hash of their token: the table never holds the token itself, and
    a lookup's timing says nothing about tokens that exist."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass
class Device:
    """One phone or laptop that joined: it holds `token` (its cookie) and `csrf`."""

    key: str
    """The hash of its token (see `token_hash`)."""
    name: str
    csrf: str
    confirmed: bool = True
    """False while the name is held by another device and the facilitator has not confirmed."""
    revoked: str = ""
    """Why this device may no longer vote (an i18n key), e.g. its name moved to another device."""
    joined: float = field(default_factory=time.monotonic)
    connections: int = 0
    """Open event streams (0: the phone sleeps or lost its connection)."""

    def csrf_ok(self, presented: str) -> bool:
        return hmac.compare_digest(self.csrf.encode(), presented.encode("utf-8", "replace"))


Listener = Callable[[str], None]
"""Told of every change: "vote", "join", "pending", "current", "reveal", "absent", "device"."""


class VotingSession:
    """One round of device voting on an open assessment (see the module's docstring)."""

    def __init__(self, sink: VoteSink, *, item: str | None = None, code: str | None = None) -> None:
        self.sink = sink
        self.items: list[Item] = list(sink.questionnaire.items)
        if not self.items:
            raise ValueError("questionnaire without items")
        self.current = item if item is not None and self._item(item) is not None else self.items[0].id
        self.devices: dict[str, Device] = {}
        self.holder: dict[str, str] = {}
        """name -> key of the device that votes for it."""
        self.pending: dict[str, list[str]] = {}
        """name -> keys of devices waiting for the facilitator to let them take over the name."""
        self.absent: set[str] = set()
        self._revealed: set[str] = set()
        self._unsaved: dict[str, int] = {}
        """name -> write ticket of its newest vote while that is not on disk yet: a phone says
        "received" only for a vote the file holds."""
        self.version = 0
        self.code = code or "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        self.code_tries = 0
        self.closed = False
        """Set when voting stops (the assessment closes): nothing is taken any more."""
        self._listeners: list[Listener] = []

    # --- who is told of changes

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _changed(self, what: str) -> None:
        self.version += 1
        for listener in list(self._listeners):
            listener(what)

    # --- reading

    @property
    def assessment(self) -> Assessment:
        return self.sink.assessment

    @property
    def participants(self) -> list[str]:
        return list(self.assessment.participants)

    def _item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    @property
    def item(self) -> Item:
        item = self._item(self.current)
        assert item is not None
        return item

    def revealed(self, item_id: str | None = None) -> bool:
        """Whether the votes of an item may be seen: open voting, or a blind item revealed."""
        item_id = item_id or self.current
        if self.assessment.voting != "blind":
            return True
        ans = self.assessment.answers.get(item_id)
        return item_id in self._revealed or bool(ans is not None and ans.revealed)

    def voted(self, item_id: str | None = None) -> set[str]:
        """Who has voted on an item (names only: the value is not this method's business)."""
        ans = self.assessment.answers.get(item_id or self.current)
        return set(ans.votes) if ans is not None else set()

    def device(self, token: str | None) -> Device | None:
        if not token:
            return None
        return self.devices.get(token_hash(token))

    def connected(self, name: str) -> bool:
        key = self.holder.get(name)
        return key is not None and self.devices[key].connections > 0

    # --- the facilitator

    def set_current(self, item_id: str) -> None:
        if item_id != self.current and self._item(item_id) is not None:
            self.current = item_id
            self._changed("current")

    def reveal(self, item_id: str | None = None) -> int | None:
        """Reveal an item's votes to the phones (the screen reveals them itself). Returns the write
        ticket when the revealed mark is stored in the file."""
        item_id = item_id or self.current
        if item_id in self._revealed:
            return None
        self._revealed.add(item_id)
        ticket = self.sink.set_revealed(item_id)
        self._changed("reveal")
        return ticket

    def mark_absent(self, name: str, absent: bool = True) -> None:
        if name not in self.participants:
            return
        if absent:
            self.absent.add(name)
        else:
            self.absent.discard(name)
        self._changed("absent")

    def confirm(self, name: str, allow: bool) -> None:
        """The facilitator's answer to a device asking for a name another device holds: allowed,
        the waiting device gets the name and the old one may no longer vote."""
        keys = self.pending.pop(name, [])
        if not keys:
            return
        if allow:
            newest = keys[-1]
            old = self.holder.get(name)
            if old is not None and old in self.devices:
                self.devices[old].revoked = "dv.moved"
            self.holder[name] = newest
            self.devices[newest].confirmed = True
            for key in keys[:-1]:
                self.devices[key].revoked = "dv.refused"
        else:
            for key in keys:
                self.devices[key].revoked = "dv.refused"
        self._changed("device")

    def waiting(self) -> list[str]:
        """Names a second device asks for: the facilitator confirms or refuses."""
        return [name for name, keys in self.pending.items() if keys]

    def all_voted(self) -> bool:
        present = [p for p in self.participants if p not in self.absent]
        return bool(present) and all(p in self.voted() for p in present)

    # --- devices

    def check_code(self, code: str) -> bool:
        """A join code typed on a phone. Wrong codes count; after CODE_TRIES none is accepted."""
        if self.code_tries >= CODE_TRIES:
            return False
        typed = code.strip().upper().replace(" ", "").replace("-", "")
        if hmac.compare_digest(typed.encode("utf-8", "replace"), self.code.encode()):
            return True
        self.code_tries += 1
        return False

    def join(self, name: str) -> tuple[str, Device]:
        """A device picks a name: returns (its token, the device). A name another device holds is
        given only after the facilitator confirms (`confirmed` False until then)."""
        if self.closed:
            raise VoteRefused("dv.stopped", 503)
        if name not in self.participants:
            raise VoteRefused("dv.unknown_name", 400)
        if len(self.devices) >= MAX_DEVICES_PER_NAME * max(1, len(self.participants)):
            raise VoteRefused("dv.rate", 429)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        key = token_hash(token)
        device = Device(key=key, name=name, csrf=secrets.token_urlsafe(TOKEN_BYTES))
        self.devices[key] = device
        if name in self.holder:
            device.confirmed = False
            self.pending.setdefault(name, []).append(key)
            self._changed("pending")
        else:
            self.holder[name] = key
            self.absent.discard(name)
            self._changed("join")
        return token, device

    def _may_vote(self, device: Device) -> None:
        if self.closed:
            raise VoteRefused("dv.stopped", 503)
        if device.revoked:
            raise VoteRefused(device.revoked, 403)
        if not device.confirmed or self.holder.get(device.name) != device.key:
            raise VoteRefused("dv.waiting", 409)

    def vote(self, device: Device, item_id: str, value: Value | None) -> int:
        """Record (or with None clear) this device's vote on the current statement. Returns the
        write ticket; the vote is durable once `sink.saved(ticket)` returned."""
        self._may_vote(device)
        if item_id != self.current:
            raise VoteRefused("dv.moved_on", 409)
        if self.revealed() and self.assessment.voting == "blind":
            raise VoteRefused("dv.closed", 409)
        if value is not None and not self.item.scale.allows(value):
            raise VoteRefused("dv.bad_value", 400)
        self.absent.discard(device.name)
        ticket = self.sink.set_vote(item_id, device.name, value)
        self._unsaved[device.name] = ticket
        self._changed("vote")
        return ticket

    def stored(self, ticket: int) -> None:
        """Every change up to write ticket `ticket` is on disk: the votes it covers are received
        (also those whose own request failed earlier and were written by a later write)."""
        done = [name for name, t in self._unsaved.items() if t <= ticket]
        for name in done:
            del self._unsaved[name]
        if done:
            self._changed("stored")

    def received(self, name: str) -> bool:
        """Whether this name's vote on the current statement is in the file."""
        return name in self.voted() and name not in self._unsaved

    def connect(self, device: Device, delta: int) -> None:
        device.connections = max(0, device.connections + delta)
        self._changed("device")

    # --- what a phone sees

    def phone_state(self, device: Device | None) -> dict[str, Any]:
        """Everything a device may know, as JSON: the current statement and its own vote; after
        the reveal the distribution (counts). Never another participant's vote, never names."""
        if device is None:
            return {"status": "unknown"}
        if device.revoked:
            return {"status": "revoked", "reason": device.revoked}
        if not device.confirmed:
            return {"status": "waiting", "name": device.name}
        lang = language()
        item = self.item
        ans = self.assessment.answers.get(item.id)
        mine = ans.votes.get(device.name) if ans is not None else None
        revealed = self.revealed() and (
            self.assessment.voting == "blind" or (ans is not None and ans.score is not None)
        )
        n = self.items.index(item)
        choices: list[dict[str, Any]] = [
            {"value": level.value, "key": str(level.value), "label": level.label.get(lang)}
            for level in item.scale.levels
        ]
        if item.scale.na:
            choices.append({"value": NA, "key": NA, "label": ""})
        if item.scale.unknown:
            choices.append({"value": UNKNOWN, "key": UNKNOWN, "label": ""})
        state: dict[str, Any] = {
            "status": "voting",
            "name": device.name,
            "item": item.id,
            "position": [n + 1, len(self.items)],
            "text": item.text.get(lang),
            "help": item.help.get(lang) if item.help else "",
            "choices": choices,
            "mine": mine,
            "received": mine is not None and device.name not in self._unsaved,
            "open": not (self.assessment.voting == "blind" and self.revealed()),
            "revealed": revealed,
        }
        if revealed and ans is not None:
            counts = Counter(_key(v) for v in ans.votes.values())
            state["distribution"] = [[c["key"], counts.get(c["key"], 0)] for c in choices]
            state["voters"] = len(ans.votes)
        return state


def _key(value: Value) -> str:
    return str(value)


def parse_value(text: str) -> Value | None:
    """A value posted by a phone: "0".."9", "nvt", "weet-niet", or "" to clear."""
    text = text.strip()
    if text == "":
        return None
    if text in (NA, UNKNOWN):
        return text
    if text.isdigit() and len(text) <= 2:
        return int(text)
    raise VoteRefused("dv.bad_value", 400)
