"""The voting state on its own: joining, confirming a second device, voting, reveal, absence,
and what a phone may learn (tests/devices/test_server.py drives the same over HTTP)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from selfcheck.core.session import OpenAssessment
from selfcheck.core.storage import Workspace
from selfcheck.devices.sink import SessionSink
from selfcheck.devices.voting import (
    CODE_TRIES,
    VoteRefused,
    VotingSession,
    parse_value,
    token_hash,
)


@pytest.fixture
def vs(workspace: Workspace, blind_file: Path):
    s = OpenAssessment.open(workspace, blind_file)
    yield VotingSession(SessionSink(s))
    s.close()


async def test_a_vote_reaches_the_file_and_a_phone_sees_only_its_own(vs: VotingSession, workspace: Workspace) -> None:
    seen: list[str] = []
    vs.subscribe(seen.append)
    _, anna = vs.join("Anna")
    _, bram = vs.join("Bram")
    await vs.sink.saved(vs.vote(anna, vs.current, 2))
    await vs.sink.saved(vs.vote(bram, vs.current, 0))
    assert workspace.load(vs.assessment.path).answers[vs.current].votes == {"Anna": 2, "Bram": 0}
    state = vs.phone_state(anna)
    assert state["mine"] == 2 and "distribution" not in state and state["open"]
    text = repr(state)
    assert "Bram" not in text and "'mine': 0" not in text
    assert "vote" in seen and vs.voted() == {"Anna", "Bram"}


async def test_after_the_reveal_phones_see_counts_not_names_and_cannot_change(vs: VotingSession) -> None:
    _, anna = vs.join("Anna")
    _, bram = vs.join("Bram")
    await vs.sink.saved(vs.vote(anna, vs.current, 2))
    await vs.sink.saved(vs.vote(bram, vs.current, 2))
    vs.reveal()
    state = vs.phone_state(bram)
    assert dict(state["distribution"])["2"] == 2 and state["voters"] == 2 and not state["open"]
    assert "Anna" not in repr(state)
    with pytest.raises(VoteRefused) as exc:
        vs.vote(anna, vs.current, 3)
    assert exc.value.reason == "dv.closed"


async def test_only_the_current_statement_takes_votes(vs: VotingSession) -> None:
    _, anna = vs.join("Anna")
    old = vs.current
    vs.set_current(vs.items[3].id)
    with pytest.raises(VoteRefused) as exc:
        vs.vote(anna, old, 1)
    assert exc.value.reason == "dv.moved_on"
    assert vs.phone_state(anna)["item"] == vs.items[3].id


def test_a_name_held_elsewhere_needs_the_facilitator(vs: VotingSession) -> None:
    first_token, first = vs.join("Anna")
    _, second = vs.join("Anna")
    assert not second.confirmed and vs.waiting() == ["Anna"]
    assert vs.phone_state(second)["status"] == "waiting"
    with pytest.raises(VoteRefused):
        vs.vote(second, vs.current, 1)
    vs.confirm("Anna", allow=True)
    assert second.confirmed and vs.phone_state(first)["status"] == "revoked"
    assert vs.device(first_token) is first and first.revoked == "dv.moved"
    with pytest.raises(VoteRefused):
        vs.vote(first, vs.current, 1)


def test_a_refused_second_device_stays_out(vs: VotingSession) -> None:
    _, first = vs.join("Anna")
    _, second = vs.join("Anna")
    vs.confirm("Anna", allow=False)
    assert second.revoked == "dv.refused" and not first.revoked


def test_unknown_names_values_and_tokens(vs: VotingSession) -> None:
    with pytest.raises(VoteRefused):
        vs.join("Mallory")
    assert vs.device("not-a-token") is None and vs.device("") is None and vs.device(None) is None
    with pytest.raises(VoteRefused):
        parse_value("7; drop")
    assert parse_value("nvt") == "nvt" and parse_value("2") == 2 and parse_value("") is None
    _, anna = vs.join("Anna")
    with pytest.raises(VoteRefused):
        vs.vote(anna, vs.current, 9)
    assert token_hash("x") != "x"


def test_tokens_are_long_and_not_stored(vs: VotingSession) -> None:
    token, device = vs.join("Anna")
    assert len(token) >= 43 and len(device.csrf) >= 43
    assert token not in vs.devices and token_hash(token) in vs.devices


def test_absent_people_do_not_hold_up_the_round(vs: VotingSession) -> None:
    for name in vs.participants[1:]:
        vs.mark_absent(name)
    assert not vs.all_voted()
    _, anna = vs.join("Anna")

    async def go() -> None:
        await vs.sink.saved(vs.vote(anna, vs.current, 1))

    asyncio.run(go())
    assert vs.all_voted()


def test_the_join_code_stops_after_too_many_wrong_tries(vs: VotingSession) -> None:
    assert vs.check_code(vs.code.lower())
    for _ in range(CODE_TRIES):
        assert not vs.check_code("WRONG1")
    assert not vs.check_code(vs.code)


def test_joins_and_streams_are_bounded(vs: VotingSession) -> None:
    from selfcheck.devices.voting import MAX_DEVICES_PER_NAME

    for _ in range(MAX_DEVICES_PER_NAME * len(vs.participants)):
        vs.join("Anna")
    with pytest.raises(VoteRefused):
        vs.join("Bram")


async def test_a_vote_whose_write_failed_is_received_once_a_later_write_holds_it(vs: VotingSession) -> None:
    from selfcheck.devices.sink import NotSaved

    _, anna = vs.join("Anna")
    _, bram = vs.join("Bram")
    real_write = vs.sink.session.write  # type: ignore[attr-defined]
    calls = {"n": 0}

    def failing_once(seq: int, data: bytes) -> bool:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(28, "No space left on device")
        return bool(real_write(seq, data))

    vs.sink.session.write = failing_once  # type: ignore[attr-defined]
    ticket = vs.vote(anna, vs.current, 2)
    with pytest.raises(NotSaved):
        await vs.sink.saved(ticket)
    assert not vs.phone_state(anna)["received"]  # the phone says "not stored", never "received"
    later = vs.vote(bram, vs.current, 1)
    await vs.sink.saved(later)
    vs.stored(later)
    assert vs.phone_state(anna)["received"] and vs.phone_state(bram)["received"]


async def test_a_vote_not_yet_written_is_written_by_the_close(workspace: Workspace, blind_file: Path) -> None:
    """The sink gathers votes for a moment and writes them together. An assessment closed (or
    hung up) before that write ran must still write them: the session hears of each change at
    once, so its flush at the close writes it (found by the monkey: a change made, its write
    not yet started, the close wrote nothing)."""
    s = OpenAssessment.open(workspace, blind_file)
    vs = VotingSession(SessionSink(s))
    _, anna = vs.join("Anna")
    vs.vote(anna, vs.current, 3)  # the sink's write is scheduled, not run: no await in between
    assert s.state == "saving"
    assert s.close()  # before the loop ran the sink's write
    assert workspace.load(blind_file).answers[vs.current].votes == {"Anna": 3}
    await asyncio.sleep(0)  # the sink's write, if it still runs, finds nothing newer to write
