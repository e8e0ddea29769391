"""`selfcheck vote FILE`: device voting without the full screen, for scripts and plain terminals.

Opens the assessment through its one write path (taking its lock), starts the server in this
process's event loop, prints the join address (and a QR code on a terminal), and reads simple
commands from standard input: n next, p previous, r reveal, a NAME absent, ok/nee NAME for a
name asked from a second device, q stop. End of input leaves it serving; SIGINT or SIGTERM
stops it. Stopping writes everything pending, closes the server and releases the lock.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from typing import TextIO

from selfcheck.core import fmt
from selfcheck.core.errors import SelfcheckError
from selfcheck.core.storage import Workspace
from selfcheck.devices.listen import Listen
from selfcheck.devices.qr import qr_text
from selfcheck.devices.server import DeviceServer
from selfcheck.devices.sink import OpenAssessment, SessionSink
from selfcheck.devices.voting import VotingSession
from selfcheck.i18n import language, t


def check_votable(voting: str, participants: list[str], read_only: bool) -> None:
    if read_only:
        raise SelfcheckError(t("dv.read_only"))
    if voting not in ("open", "blind") or not participants:
        raise SelfcheckError(t("dv.need_participants"))


async def run(
    session: OpenAssessment,
    *,
    listen: Listen,
    item: str | None,
    stdin: TextIO,
    out: TextIO,
) -> int:
    from selfcheck.core.scoring import team_value

    s = session
    assessment = s.assessment
    sink = SessionSink(s)
    if item is None:
        item = next((i.id for i in sink.questionnaire.items if team_value(assessment.answer(i.id))[0] is None), None)
    voting = VotingSession(sink, item=item)
    server = DeviceServer(voting, listen)
    await server.start()
    done = asyncio.Event()
    loop = asyncio.get_running_loop()

    def say(text: str) -> None:
        print(text, file=out, flush=True)

    def now_line() -> None:
        it = voting.item
        n = voting.items.index(it) + 1
        say(t("dv.cli_now", n=n, total=len(voting.items), id=it.id, text=it.text.get(language())))

    seen_pending: set[str] = set()

    def on_change(what: str) -> None:
        if what == "join":
            for name in voting.holder:
                if name not in joined:
                    joined.add(name)
                    say(t("dv.cli_joined", name=name))
        elif what == "pending":
            for name in voting.waiting():
                if name not in seen_pending:
                    seen_pending.add(name)
                    say(t("dv.cli_confirm", name=name))
        elif what == "vote":
            present = [p for p in voting.participants if p not in voting.absent]
            say(t("dv.cli_voted", done=len(voting.voted() & set(present)), total=len(present)))

    joined: set[str] = set()
    voting.subscribe(on_change)
    say(t("dv.cli_join", url=server.join_url))
    say(t("dv.or_code", url=server.code_url, code=voting.code))
    if listen.public_url:
        say(t("dv.listening_public", address=server.listening, url=listen.public_url))
    else:
        say(t("dv.listening", address=server.listening))
    from selfcheck import glyphs

    if out.isatty() and glyphs.mode() == "unicode":  # half blocks need a terminal that draws them
        say(qr_text(server.join_url, ansi=True))
    say(t("dv.cli_commands"))
    now_line()

    def command(line: str) -> None:
        text = line.strip()
        word, _, arg = text.partition(" ")
        arg = arg.strip()
        index = voting.items.index(voting.item)
        if word in ("n", "p"):
            step = 1 if word == "n" else -1
            voting.set_current(voting.items[max(0, min(len(voting.items) - 1, index + step))].id)
            now_line()
        elif word == "r":
            voting.reveal()
            ans = voting.assessment.answers.get(voting.current)
            counts = Counter(fmt.value(v, lang=language()) for v in (ans.votes.values() if ans else []))
            say(t("dv.cli_revealed", dist=", ".join(f"{n}× {v}" for v, n in sorted(counts.items())) or "–"))
        elif word == "a" and arg:
            voting.mark_absent(arg)
        elif word in ("ok", "nee", "no") and arg:
            voting.confirm(arg, word == "ok")
            seen_pending.discard(arg)
        elif word == "q":
            done.set()
        elif text:
            say(t("dv.cli_unknown", text=text[:40]))

    reader_fd: int | None = None
    pending = bytearray()

    def readable() -> None:
        assert reader_fd is not None
        try:
            chunk = os.read(reader_fd, 4096)
        except OSError:
            chunk = b""
        if not chunk:  # end of input: go on serving until q, SIGINT or SIGTERM
            loop.remove_reader(reader_fd)
            return
        pending.extend(chunk)
        while b"\n" in pending:
            line, _, rest = bytes(pending).partition(b"\n")
            pending[:] = rest
            command(line.decode("utf-8", "replace"))

    try:
        reader_fd = stdin.fileno()
        loop.add_reader(reader_fd, readable)
    except (OSError, ValueError, NotImplementedError, AttributeError):
        reader_fd = None
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, done.set)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
    try:
        await done.wait()
    finally:
        if reader_fd is not None:
            try:
                loop.remove_reader(reader_fd)
            except (OSError, ValueError):
                pass
        await server.stop()
        await sink.flush()
    say(t("dv.cli_stopped"))
    return 0


def vote(ws: Workspace, path: str, *, listen: Listen, item: str | None) -> int:
    from pathlib import Path

    from selfcheck.core.session import OpenAssessment

    s = OpenAssessment.open(ws, Path(path))
    try:
        check_votable(s.assessment.voting, s.assessment.participants, s.read_only)
        return asyncio.run(run(s, listen=listen, item=item, stdin=sys.stdin, out=sys.stdout))
    finally:
        s.close()
