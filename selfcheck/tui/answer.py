"""Answering: one statement at a time, digits to score, votes per participant, blind reveal.

The whole item is drawn by one widget, so the screen costs the same for 10 items or 300.
"""

from __future__ import annotations

import asyncio

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Digits, Static

from selfcheck.core import fmt
from selfcheck.core.model import NA, UNKNOWN, Answer, Item, Value
from selfcheck.core.scoring import distribution, previous_note, team_value
from selfcheck.core.session import OpenAssessment
from selfcheck.core.storage import now
from selfcheck.devices.listen import Listen
from selfcheck.i18n import language, t
from selfcheck.tui.common import ChoiceDialog, ConfirmDialog, ItemScreen, KeyFooter, NoteDialog, TitleBar, clip
from selfcheck.tui.devices import DevicesChanged
from selfcheck.tui.messages import CloseAssessment, SaveStateChanged
from selfcheck.tui.plan import ActionsScreen, AgendaScreen
from selfcheck.tui.results import ResultsScreen
from selfcheck.tui.themes import ThemesScreen


def save_mark(session: OpenAssessment) -> str:
    """The saved state in words and a symbol (never colour alone)."""
    state = session.state
    if state == "readonly":
        return "🔒 " + t("ui.read_only")
    if state == "error":
        return "✗ " + t("ui.not_saved")
    if state == "saving":
        return "… " + t("ui.saving")
    when = session.saved_at.astimezone().strftime("%H:%M:%S") if session.saved_at else ""
    return f"✓ {t('ui.saved')} {when}".rstrip()


class ItemView(Vertical):
    """The current statement, its scale, the votes, the note and the flags: a few parts."""


BROWSE = Binding.Group("k.browse", compact=True)
"""The footer's one place for → and ←."""


class AnswerScreen(ItemScreen):
    BINDINGS = [
        *[Binding(str(d), f"score({d})", show=False) for d in range(10)],
        Binding("n", f"score('{NA}')", "k.na", show=False, id="na"),
        Binding("w", f"score('{UNKNOWN}')", "k.unknown", show=False, id="unknown"),
        Binding("x,backspace,delete", "clear", "k.clear", show=False, id="clear"),
        # → and ← share one place in the footer, "→← bladeren": at 80 columns "f1 hulp" fits
        # beside the palette key (issue 16.3); help names each key.
        Binding("right,l,pagedown", "move(1)", "k.next", id="next", group=BROWSE),
        Binding("left,h,pageup", "move(-1)", "k.previous", id="previous", group=BROWSE),
        Binding("o", "next_open", "k.next_open", show=False, id="next-open"),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("up,k", "row(-1)", "k.row_up", show=False, id="row-up"),
        Binding("down,j", "row(1)", "k.row_down", show=False, id="row-down"),
        Binding("enter", "accept_median", "k.accept_median", show=False, id="accept-median"),
        Binding("r", "reveal", "k.reveal", id="reveal"),
        Binding("v", "devices", "k.devices", show=False, id="devices"),
        Binding("u", "absent", "k.absent", show=False, id="absent"),
        Binding("i", "toggle_help", "k.item_help", show=False, id="item-help"),
        Binding("m", "note", "k.note", show=False, id="note"),
        Binding("f", "flag", "k.flag", show=False, id="flag"),
        Binding("s", "results", "k.results", id="results"),
        Binding("a", "agenda", "k.agenda", show=False, id="agenda"),
        Binding("p", "plan", "k.plan", show=False, id="plan"),
        Binding("t", "themes", "k.themes", id="themes"),
        Binding("c", "conflict", "k.conflict", show=False, id="conflict"),
        Binding("ctrl+s", "save", "k.save", show=False, id="save"),
        Binding("z", "present", "k.present", show=False, id="present"),
        Binding("escape", "back", "k.back", id="back"),
    ]

    def help_rows(self) -> tuple[tuple[str, str], ...]:
        # The digits of this statement's scale: "0–3", never "0–9" on a 0-3 scale (issue 16.5).
        scale = self.item.scale
        return ((f"{scale.levels[0].value}–{scale.max}", "k.score"),)

    def __init__(self, session: OpenAssessment, *, item: str | None = None) -> None:
        super().__init__()
        self.session = session
        self._drawn: dict[str, tuple[str, tuple[tuple[int, int, str], ...]]] = {}
        """What each part shows now: a part whose text did not change is not repainted."""
        self.items: list[Item] = list(session.questionnaire.items)
        self.index = 0
        self.row = 0
        self.show_help = False
        self._asking: set[str] = set()
        self._starting = False
        """Device voting is starting (between v and the server listening)."""
        """Names a second device asked for, while the facilitator's dialog is open."""
        if item is not None:
            self.index = next((n for n, i in enumerate(self.items) if i.id == item), 0)
        else:
            first_open = self._next_open_from(0)
            self.index = first_open if first_open is not None else 0
        self._reset_row()

    # --- composition and drawing

    def compose(self) -> ComposeResult:
        self._drawn = {}
        yield TitleBar(id="title")
        with ItemView(id="item"):
            for name in self.PARTS:
                yield Static(id=f"part-{name}", classes="part")
                if name == "votes":
                    yield Digits("", id="big")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.redraw()

    def on_resize(self) -> None:
        roomy = self.size.width >= 120 and self.size.height >= 35
        if roomy != self.has_class("-roomy"):
            self.set_class(roomy, "-roomy")
        # A small terminal (60x20, 80x24 with votes): no blank lines between the parts and the
        # progress bar on the position line, so the votes and whose turn it is stay in view.
        compact = self.size.height < 26
        if compact != self.has_class("-compact"):
            self.set_class(compact, "-compact")
        self.redraw()

    def on_screen_resume(self) -> None:
        self.redraw()

    def on_save_state_changed(self, _: SaveStateChanged) -> None:
        self._draw_title()

    def relabel(self) -> None:
        super().relabel()
        self.redraw()

    @property
    def item(self) -> Item:
        return self.items[self.index]

    @property
    def answer(self) -> Answer:
        return self.session.assessment.answer(self.item.id)

    @property
    def participants(self) -> list[str]:
        a = self.session.assessment
        return list(a.participants) if a.voting in ("open", "blind") else []

    def _draw_title(self) -> None:
        if not self.is_open:  # closed before its mount or a "saved" arrived: nothing to draw on
            return
        a, q = self.session.assessment, self.session.questionnaire
        lang = language()
        left = f"{a.organisation} · {q.title.get(lang)}"
        right = save_mark(self.session)
        width = max(20, self.size.width - 2)
        # Widths in terminal cells: 🔒 and other wide symbols take two.
        if cell_len(left) + cell_len(right) + 3 > width:
            left = set_cell_size(left, max(0, width - cell_len(right) - 4)) + "…"
        gap = max(1, width - cell_len(left) - cell_len(right))
        self.set_title(f"{left}{' ' * gap}{right}")

    def redraw(self) -> None:
        if not self.is_open:
            return
        self._draw_title()
        if self.app.devices is not None:  # phones follow the statement on this screen
            self.app.devices.voting.set_current(self.item.id)
        drawn = self._drawn
        for name, text in self.render_parts().items():
            text = text.copy()
            text.rstrip()  # spacing between parts comes from the stylesheet
            lead = len(text.plain) - len(text.plain.lstrip("\n"))
            if lead:  # a slice moves the styles with the text (setting .plain would not)
                text = text[lead:]
            key = (text.plain, tuple((sp.start, sp.end, str(sp.style)) for sp in text.spans))
            if drawn.get(name) != key:
                drawn[name] = key
                part = self.query_one(f"#part-{name}", Static)
                part.update(text)
                part.display = bool(text.plain)
        big = self.query_one("#big", Digits)
        big.display = self.has_class("-present")
        if big.display:
            big.update(self._big_text())
        if self.participants:
            # PageDown means "next statement", so the votes must never be below the edge.
            self.call_after_refresh(self._votes_in_view)

    def _big_text(self) -> str:
        """The presentation view's large figures: the team value once there is one, else how
        many have voted ("3:5"; never what they voted before the reveal)."""
        ans = self.answer
        value, _, _ = team_value(ans)
        if self._hidden() and ans.score is None:
            value = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return fmt.value(value).replace(",", ".")
        if self.participants:
            return f"{len(ans.votes)}:{len(self.participants)}"
        return ""

    def action_present(self) -> None:
        """Presentation view for a projector (issue 16.14): the statement across the whole
        width with room around it, the keys' hint line left out, the team score (or how many
        have voted) in large figures. z again goes back."""
        self.set_class(not self.has_class("-present"), "-present")
        self._drawn = {}
        self.redraw()

    def _votes_in_view(self) -> None:
        if self.is_open:  # after a refresh: the screen may have been closed meanwhile
            self.query_one("#part-votes", Static).scroll_visible(animate=False, immediate=True)

    PARTS = ("head", "statement", "scale", "votes", "devices", "keys")
    """The item is drawn in parts, each its own widget: a keystroke repaints only the parts
    whose text changed (over SSH every repainted row costs bytes)."""

    def render_item(self) -> Text:
        """The whole item as one text (what the parts show, top to bottom)."""
        out = Text()
        for part in self.render_parts().values():
            out.append_text(part)
        return out

    def render_parts(self) -> dict[str, Text]:
        lang = language()
        s = self.session
        q, a, item = s.questionnaire, s.assessment, self.item
        ans = self.answer
        section = q.section(item.section)
        sections = list(q.sections)
        s_index = next((n for n, x in enumerate(sections) if section and x.id == section.id), 0)
        in_section = [i for i in self.items if i.section == item.section]
        # sealed blind votes are no team value: a half-voted blind item is open (issue 12)
        answered = sum(1 for i in self.items if team_value(a.visible_answer(i.id))[0] is not None)
        parts = {name: Text() for name in self.PARTS}
        out = parts["head"]
        head = t(
            "ui.position",
            section=section.title.get(lang) if section else "",
            s=s_index + 1,
            S=len(sections),
            n=in_section.index(item) + 1,
            N=len(in_section),
        )
        step = next((st for st in q.steps if section and st.id == section.step), None)
        if step is not None:
            out.append(f"{t('ui.step', n=q.steps.index(step) + 1)}: {step.title.get(lang)}  ", style="dim")
        out.append(head, style="bold")
        out.append(f"   {t('ui.progress', answered=answered, total=len(self.items))}", style="dim")
        filled = round(20 * answered / max(1, len(self.items)))
        bar = "█" * filled + "░" * (20 - filled)
        if self.has_class("-compact"):
            out.append(f" {bar}\n", style="dim")
        else:
            out.append(f"\n{bar}\n\n", style="dim")
        out = parts["statement"]
        out.append(item.text.get(lang) + "\n", style="bold")
        if item.reconstructed:  # issue 15: as open as a working-title principle
            out.append(t("ui.reconstructed_note") + "\n", style="dim italic")
        if self.show_help and item.help:
            out.append(item.help.get(lang) + "\n", style="italic")
        # What the team said before about this item comes first: the flag, the note, last round.
        meta = []
        if ans.discuss:
            meta.append("⚑ " + t("ui.flagged"))
        if s.previous is not None:
            pv = team_value(s.previous.visible_answer(item.id))[0] if item.id in s.previous.answers else None
            meta.append(f"{t('ui.previous_round')}: {fmt.value(pv, item.scale, long=True, lang=lang)}")
        if meta:
            out.append("   ".join(meta) + "\n", style="bold" if ans.discuss else "dim")
        if prev_note := previous_note(s.previous, item.id):  # issue 16.7 (polish2)
            out.append(f"{t('ui.previous_note')}: {prev_note[: max(20, self.size.width - 20)]}\n", style="dim italic")
        conflicts = [c for c in a.conflicts if c.item == item.id]
        for c in conflicts:
            other = fmt.value(c.score, item.scale, long=True, lang=lang) if c.score is not None else "–"
            out.append(t("ui.conflict_line", value=other, who=c.who or "?") + "\n", style="bold")
        elsewhere = sum(1 for c in a.conflicts if c.item and c.item != item.id)
        if elsewhere:
            out.append(t("ui.conflicts_elsewhere", n=elsewhere) + "\n", style="dim")
        if ans.note:
            lines = ans.note.splitlines()
            width = max(20, self.size.width - 10)
            first = lines[0] if len(lines[0]) <= width else lines[0][: width - 1] + "…"
            out.append(f"✎ {first}" + (" …" if len(lines) > 1 else "") + "\n", style="italic")
        out.append("\n")
        out = parts["scale"]
        value, source, spread = team_value(ans)
        if self._hidden() and ans.score is None:
            value, source = None, None  # blind votes stay hidden: not even their median shows
        for level in item.scale.levels:
            chosen = value == level.value
            mark = "▶" if chosen else " "
            line = f" {mark} {level.value}  {level.label.get(lang)}"
            if chosen and source == "median":
                line += f"  ({t('val.median')})"
            out.append(line + "\n", style="reverse bold" if chosen else "")
            if self.has_class("-roomy"):
                out.append("\n")
        extra = []
        if item.scale.na:
            extra.append(("n", t("val.na"), value == NA))
        if item.scale.unknown:
            extra.append(("w", t("val.unknown"), value == UNKNOWN))
        for key, label, chosen in extra:
            out.append(f" {'▶' if chosen else ' '} {key}  {label}", style="reverse bold" if chosen else "")
            out.append("\n")
        if isinstance(value, float):
            out.append(f"   {t('val.median')}: {fmt.value(value, lang=lang)}\n", style="bold")
        if self.participants:
            parts["votes"].append("\n")
            parts["votes"].append_text(self._render_votes(ans, spread))
        devices = self.app.devices
        if devices is not None:
            parts["devices"].append(devices.status_line() + "\n", style="bold")
        keys = t("ui.answer_keys", max=item.scale.max) if not self.has_class("-present") else t("ui.present_keys")
        if item.help:
            keys = keys.replace(" · m ", f" · i {t('k.item_help')} · m ", 1)
        parts["keys"].append(f"\n{keys}\n", style="dim")
        return parts

    def _render_votes(self, ans: Answer, spread: float | None) -> Text:
        lang = language()
        hidden = self._hidden()
        out = Text()
        label = t("ui.votes_blind") if hidden else t("ui.votes")
        out.append(label + "\n", style="bold")
        cells = []
        absent = self.app.devices.voting.absent if self.app.devices is not None else set()
        for n, name in enumerate(self.participants):
            vote = ans.votes.get(name)
            if hidden:
                shown = "✓" if vote is not None else "·"
            else:
                shown = fmt.value(vote, lang=lang) if vote is not None else "·"
            if vote is None and name in absent:
                shown = t("dv.absent")
            cursor = "▸" if n == self.row else " "
            cells.append((f"{cursor}{name}: {shown}", n == self.row))
        team_cursor = "▸" if self.row == len(self.participants) else " "
        for text, active in cells:
            out.append(text + "  ", style="reverse" if active else "")
        out.append("\n")
        consensus = ans.score
        value, source, _ = team_value(ans)
        team = fmt.value(consensus, lang=lang) if consensus is not None else "–"
        out.append(f"{team_cursor}{t('ui.team_score')}: {team}", style="reverse" if team_cursor == "▸" else "")
        if not hidden and ans.votes:
            median = team_value(Answer(votes=ans.votes))[0]
            # at the reveal: how many gave each answer, then the median and the spread
            counts = ", ".join(f"{n}× {fmt.value(v, lang=lang)}" for v, n in distribution(ans.votes.values()))
            out.append(f"   {t('val.median')}: {fmt.value(median, lang=lang)}")
            if spread is not None:
                out.append(f"   {t('r.col_spread').lower()}: {fmt.value(spread)}")
                if spread >= self.item.scale.disagreement:
                    out.append(f"   ⚠ {t('ui.disagreement')}", style="bold")
            out.append(f"\n {t('ui.distribution')}: {counts}")
        out.append("\n")
        if hidden:
            present = [p for p in self.participants if p not in absent]
            done = sum(1 for p in present if p in ans.votes)
            if present and done == len(present):
                out.append(t("ui.all_voted_reveal") + "\n", style="bold")
            elif self.app.devices is not None:  # votes come from the phones, not in turns here
                out.append(t("dv.voted_count", done=done, total=len(present)) + "\n", style="bold")
            elif self.session.read_only:  # a second window: nobody's turn here (issue 16.9)
                out.append(t("ui.read_only_votes") + "\n", style="bold")
            elif self.row < len(self.participants):
                out.append(t("ui.blind_turn", name=self.participants[self.row]) + "\n", style="bold")
        elif self.session.read_only:
            out.append(t("ui.read_only_votes") + "\n", style="bold")
        elif self.row == len(self.participants) and ans.votes and consensus is None:
            median = team_value(Answer(votes=ans.votes))[0]
            hint = "ui.median_between" if isinstance(median, float) else "ui.accept_median_hint"
            out.append(t(hint) + "\n", style="dim")
        return out

    # --- helpers

    def _hidden(self) -> bool:
        """Blind voting hides the votes of this item until the reveal (stored in the file:
        `Answer.revealed`, so a revealed item stays revealed after a restart)."""
        return self.session.assessment.voting == "blind" and not self.answer.revealed

    def _reset_row(self) -> None:
        ans = self.answer
        people = self.participants
        self.row = next((n for n, p in enumerate(people) if p not in ans.votes), len(people))

    def _next_open_from(self, start: int) -> int | None:
        a = self.session.assessment
        n = len(self.items)
        for k in range(n):
            i = (start + k) % n
            if team_value(a.visible_answer(self.items[i].id))[0] is None:  # sealed votes: still open
                return i
        return None

    def _editable(self) -> bool:
        if self.session.read_only:
            self.notify(self.session.read_only_reason or t("s.read_only"), severity="warning")
            return False
        return True

    def _answer_for_edit(self) -> Answer:
        return self.session.assessment.answers.setdefault(self.item.id, Answer())

    def _changed(self) -> None:
        self._answer_for_edit().updated = now()
        self.save(self.session)
        self.redraw()

    # --- actions

    def action_score(self, value: Value) -> None:
        if not self._editable():
            return
        item = self.item
        if not item.scale.allows(value):
            self.notify(t("ui.not_on_scale", value=value, min=item.scale.min, max=item.scale.max), severity="warning")
            return
        ans = self._answer_for_edit()
        people = self.participants
        if people and self.row < len(people):
            ans.votes[people[self.row]] = value
            self.row += 1
        else:
            if people and self._hidden():
                self.notify(t("ui.reveal_first"), severity="warning")
                return
            ans.score = value
        self._changed()

    def action_clear(self) -> None:
        if not self._editable():
            return
        ans = self._answer_for_edit()
        people = self.participants
        if people and self.row < len(people):
            ans.votes.pop(people[self.row], None)
        else:
            ans.score = None
        self._changed()

    def action_move(self, step: int) -> None:
        self.index = max(0, min(len(self.items) - 1, self.index + step))
        self.show_help = False
        self._reset_row()
        self.redraw()

    def action_first(self) -> None:
        self.action_move(-len(self.items))

    def action_last(self) -> None:
        self.action_move(len(self.items))

    def action_next_open(self) -> None:
        nxt = self._next_open_from(self.index + 1)
        if nxt is None:
            self.notify(t("ui.all_answered"))
            return
        self.index = nxt
        self.show_help = False
        self._reset_row()
        self.redraw()

    def action_row(self, step: int) -> None:
        if not self.participants:
            return
        self.row = max(0, min(len(self.participants), self.row + step))
        self.redraw()

    def action_accept_median(self) -> None:
        ans = self.answer
        if not self.participants or not ans.votes or not self._editable():
            return
        if self._hidden():
            self.notify(t("ui.reveal_first"), severity="warning")
            return
        median = team_value(Answer(votes=ans.votes))[0]
        if isinstance(median, float):
            self.notify(t("ui.median_between"), severity="warning")
            return
        self._answer_for_edit().score = median
        self._changed()

    def action_reveal(self) -> None:
        if self.session.assessment.voting != "blind" or not self._editable():
            return
        ans = self._answer_for_edit()
        if ans.votes and not ans.revealed:
            ans.revealed = True  # stored: after a restart the item stays revealed
            ans.updated = now()
            self.save(self.session)
        if self.app.devices is not None:  # the phones show the distribution now
            self.app.devices.voting.reveal(self.item.id)
        self.row = len(self.participants)
        self.redraw()

    # --- voting from phones (tui/devices.py)

    def action_devices(self) -> None:
        """Start voting from phones (asking where phones may connect from), or show its panel."""
        from selfcheck.tui.devices import configured, votable, where_choices

        if self.app.devices is not None:
            self._show_devices()
            return
        if self._starting:  # a second v while the server starts: one server, not two
            return
        why = votable(self.session)
        if why:
            self.notify(why, severity="warning", timeout=8)
            return
        listen = configured()
        if listen is not None:
            self._starting = True
            self.run_worker(self._start_devices(listen), group="devices")
            return

        def chosen(where: str | None) -> None:
            from selfcheck.devices.server import lan_address

            if where is not None:
                host = lan_address() if where == "lan" else "127.0.0.1"
                self._starting = True
                self.run_worker(self._start_devices(Listen(host=host)), group="devices")

        self.app.push_screen(ChoiceDialog(t("dv.where_question"), where_choices()), chosen)

    async def _start_devices(self, listen: Listen) -> None:
        from selfcheck.tui.devices import DevicesChanged, DeviceVoting

        app, session = self.app, self.session

        def tell(what: str) -> None:
            self.post_message(DevicesChanged(what))
            if app.screen is not self:
                app.screen.post_message(DevicesChanged(what))

        def saved(error: str) -> None:
            self.post_message(SaveStateChanged())  # the title bar's saved mark
            if error:
                self.notify(t("dv.not_saved_screen", detail=error), severity="error", timeout=8)

        devices = DeviceVoting(session, item=self.item.id, tell=tell, on_saved=saved, listen=listen)
        try:
            await devices.start()
        except OSError as exc:
            self.notify(t("dv.start_failed", detail=exc.strerror or str(exc)), severity="error", timeout=10)
            return
        except asyncio.CancelledError:  # the screen closed while starting: no server left behind
            devices.close_now()
            raise
        finally:
            self._starting = False
        if app.session is not session:  # the assessment closed meanwhile
            await devices.stop()
            return
        app.devices = devices
        self.redraw()
        self._show_devices()

    def _show_devices(self) -> None:
        from selfcheck.tui.devices import DevicesPanel

        devices = self.app.devices
        if devices is None:
            return

        def done(choice: str | None) -> None:
            if choice == "stop" and self.app.devices is devices:
                self.app.devices = None
                devices.close_now()
                self.notify(t("dv.ended"))
                self.redraw()

        self.app.push_screen(DevicesPanel(devices), done)

    def on_devices_changed(self, message: DevicesChanged) -> None:
        devices = self.app.devices
        if devices is None:
            return
        self.redraw()
        if message.what == "pending":
            for name in devices.voting.waiting():
                if name in self._asking:
                    continue
                self._asking.add(name)

                def answer(allow: bool | None, name: str = name) -> None:
                    self._asking.discard(name)
                    if self.app.devices is devices:
                        devices.voting.confirm(name, bool(allow))

                self.app.push_screen(ConfirmDialog(t("dv.confirm", name=name), yes=t("dv.allow")), answer)

    def action_absent(self) -> None:
        """Mark the chosen participant absent (or present again) for voting from phones."""
        devices = self.app.devices
        people = self.participants
        if devices is None or not people or self.row >= len(people):
            return
        name = people[self.row]
        devices.voting.mark_absent(name, name not in devices.voting.absent)
        self.redraw()

    def action_toggle_help(self) -> None:
        self.show_help = not self.show_help
        self.redraw()

    def action_flag(self) -> None:
        if not self._editable():
            return
        ans = self._answer_for_edit()
        ans.discuss = not ans.discuss
        self._changed()

    def action_note(self) -> None:
        if not self._editable():
            return

        def done(text: str | None) -> None:
            if text is not None and text != self.answer.note:
                self._answer_for_edit().note = text
                self._changed()

        self.app.push_screen(
            NoteDialog(
                t("ui.note_title", item=clip(fmt.safe(self.item.text.get(language()), newlines=False), 60)),
                self.answer.note,
            ),
            done,
        )

    def action_save(self) -> None:
        self.save(self.session)

    def action_results(self) -> None:
        self.app.push_screen(ResultsScreen(self.session))

    def action_agenda(self) -> None:
        self.app.push_screen(AgendaScreen(self.session))

    def action_plan(self) -> None:
        self.app.push_screen(ActionsScreen(self.session))

    def action_conflict(self) -> None:
        """Review a merge conflict on this item: take the other version, keep this one, or
        leave it for later. Without one here: go to the next item that has one."""
        a = self.session.assessment
        here = [c for c in a.conflicts if c.item == self.item.id]
        if not here:
            later = [n for n, i in enumerate(self.items) if any(c.item == i.id for c in a.conflicts)]
            if not later:
                self.notify(t("ui.no_conflicts"))
                return
            nxt = next((n for n in later if n > self.index), later[0])
            self.index = nxt
            self._reset_row()
            self.redraw()
            return
        if not self._editable():
            return
        conflict = here[0]
        lang = language()
        other = fmt.value(conflict.score, self.item.scale, long=True, lang=lang) if conflict.score is not None else "–"
        mine = (
            fmt.value(self.answer.score, self.item.scale, long=True, lang=lang)
            if self.answer.score is not None
            else "–"
        )
        question = t(
            "ui.conflict_question",
            mine=mine,
            other=other,
            who=conflict.who or "?",
            note=(conflict.note.splitlines() or [""])[0][:120],
        )

        def done(choice: str | None) -> None:
            if choice is None:
                return
            if choice == "take":
                ans = self._answer_for_edit()
                ans.score, ans.votes = conflict.score, dict(conflict.votes)
                ans.note, ans.discuss = conflict.note, conflict.discuss
            a.conflicts.remove(conflict)
            self._changed()

        self.app.push_screen(
            ChoiceDialog(question, [("take", t("ui.conflict_take")), ("keep", t("ui.conflict_keep"))]), done
        )

    def action_themes(self) -> None:
        if not self.session.questionnaire.steps:
            self.notify(t("ui.no_steps"))
            return
        self.app.push_screen(ThemesScreen(self.session))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that do nothing on this assessment are left out of the footer, help and palette."""
        if not self.is_mounted:
            return False
        if action == "themes":
            return bool(self.session.questionnaire.steps)
        if action == "reveal":
            return self.session.assessment.voting == "blind"
        if action in ("row", "accept_median"):
            return bool(self.participants)
        if action == "devices":
            return bool(self.participants)
        if action == "absent":
            return self.app.devices is not None
        if action == "conflict":
            return bool(self.session.assessment.conflicts)
        return True

    def goto(self, item_id: str) -> None:
        self.index = next((n for n, i in enumerate(self.items) if i.id == item_id), self.index)
        self._reset_row()
        self.redraw()

    def action_back(self) -> None:
        self.app.post_message(CloseAssessment())
