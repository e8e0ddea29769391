"""Home: the assessments of the workspace in one table; open, new, new round, delete, compare."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from selfcheck.core import fmt
from selfcheck.core.errors import SelfcheckError
from selfcheck.core.model import VOTING_MODES, Assessment, Questionnaire
from selfcheck.core.scoring import overall_of_values
from selfcheck.core.storage import Summary
from selfcheck.i18n import language, t
from selfcheck.tui.common import (
    ChoiceList,
    ConfirmDialog,
    Dialog,
    TableScreen,
    column_widths,
    row_text,
    screen_parts,
)
from selfcheck.tui.messages import OpenFile
from selfcheck.tui.rounds import NewRoundDialog

SORTS = ("organisation", "date", "questionnaire", "progress", "overall")


class HomeScreen(TableScreen):
    BINDINGS = [
        Binding("enter", "open", "k.open", id="open"),
        Binding("n", "new", "k.new", id="new"),
        Binding("r", "new_round", "k.new_round", id="new-round"),
        Binding("d", "delete", "k.delete", id="delete"),
        Binding("o", "sort", "k.sort", show=False, id="sort"),
        Binding("space", "mark", "k.mark", show=False, id="mark"),
        Binding("v", "compare", "k.compare", id="compare"),
        Binding("b", "benchmark", "k.benchmark", show=False, id="benchmark"),
        Binding("q", "app.quit", "k.quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort = "organisation"
        self.marked: Path | None = None
        self.summaries: list[Summary] = []
        self.problems: list[str] = []
        self.broken_files = 0

    def compose(self) -> ComposeResult:
        yield from screen_parts(
            "home-body",
            Static("", id="intro"),
            # One OptionList with fixed-width columns: virtualised like a DataTable, and about
            # 60 ms quicker to a first frame, which matters on the screen selfcheck starts on.
            Static("", id="columns"),
            OptionList(id="assessments"),
            Static("", id="broken", classes="warning-line"),
        )

    def fill(self) -> None:
        """The list, read again from the workspace (the cache makes that cheap)."""
        ws = self.app.ws
        self.set_title(f"selfcheck · {t('ui.home_title')}")
        self.summaries, problems = ws.summaries()
        problems = [*ws.library.problems, *problems]  # broken questionnaires of the workspace too
        self.problems = [str(p) for p in problems]
        self.broken_files = len({p.path for p in problems})  # a file can have several problems
        listing = self.query_one("#assessments", OptionList)
        keep = listing.highlighted or 0
        # Under 100 columns the team gives way: organisation, questionnaire and date tell rounds apart.
        with_team = self.size.width >= 100
        lib = ws.library
        spec = [
            ("org", t("r.organisation"), None, 4),
            *([("team", t("r.team"), None, 2)] if with_team else []),
            ("q", t("r.questionnaire"), None, 3),
            ("date", t("r.date"), 14 if _same_day_numbers(self.summaries) else 10, 0),
            ("progress", t("ui.col_progress"), max(9, len(t("ui.col_progress"))), 0),
            ("overall", t("r.overall"), max(6, len(t("r.overall"))), 0),  # "Overall", not "Overa…"
        ]
        w = column_widths(self.size.width - 6, [(key, width, weight) for key, _, width, weight in spec])
        self.query_one("#columns", Static).update(
            Text(row_text([label for _, label, _, _ in spec], [w[k] for k, *_ in spec]), style="bold")
        )
        lib = ws.library
        rows = []
        for s in self.summaries:
            q = lib.questionnaires.get(s.questionnaire)
            total = len(q.items) if q else 0
            answered = sum(1 for i in (q.items if q else []) if i.id in s.values)
            overall = overall_of_values(s.values, q)
            rows.append((s, answered, total, overall))
        key = {
            "organisation": lambda r: (r[0].organisation.lower(), r[0].questionnaire, r[0].date),
            "date": lambda r: (r[0].date, r[0].organisation.lower()),
            "questionnaire": lambda r: (r[0].questionnaire, r[0].organisation.lower(), r[0].date),
            "progress": lambda r: (r[1] / max(1, r[2]), r[0].organisation.lower()),
            "overall": lambda r: (r[3] if r[3] is not None else -1, r[0].organisation.lower()),
        }[self.sort]
        rows.sort(key=key, reverse=self.sort in ("date", "overall"))
        options = []
        lang = language()
        same_day = _same_day_numbers(self.summaries)
        for s, answered, total, overall in rows:
            mark = "◆ " if self.marked == s.path else ""
            q = lib.questionnaires.get(s.questionnaire)
            title = fmt.safe(q.title.get(lang), newlines=False) if q else s.questionnaire
            when = (s.date or "–") + (f" ({same_day[s.path]})" if s.path in same_day else "")
            cells = [
                mark + fmt.safe(s.organisation, newlines=False),
                *([fmt.safe(s.team, newlines=False) or "–"] if with_team else []),
                title,
                when,
                f"{answered}/{total}",
                fmt.pct(overall),
            ]
            options.append(Option(row_text(cells, [w[k] for k, *_ in spec]), id=str(s.path)))
        listing.clear_options()
        listing.add_options(options)
        if rows:
            listing.highlighted = min(keep, len(rows) - 1)
        intro = self.query_one("#intro", Static)
        if rows:
            intro.update(t("ui.home_intro", n=len(rows), sort=t("ui.sort_" + self.sort)))
        else:
            intro.update(t("ui.home_empty"))
        broken = self.query_one("#broken", Static)
        broken.update(t("ui.broken_files", n=self.broken_files, first=self.problems[0]) if self.problems else "")
        broken.display = bool(self.problems)
        if self.focused is not listing:
            listing.focus()

    def paths(self) -> list[Path]:
        """The assessments in the order shown."""
        listing = self.query_one("#assessments", OptionList)
        return [Path(str(listing.get_option_at_index(n).id)) for n in range(listing.option_count)]

    def _selected(self) -> Path | None:
        listing = self.query_one("#assessments", OptionList)
        if listing.highlighted is None or not listing.option_count:
            return None
        return Path(str(listing.get_option_at_index(listing.highlighted).id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "assessments":
            event.stop()
            self.action_open()

    def action_open(self) -> None:
        path = self._selected()
        if path is not None:
            self.app.post_message(OpenFile(path))

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.refill()

    def action_new(self) -> None:
        self.app.push_screen(NewAssessmentDialog(), self._created)

    def action_new_round(self) -> None:
        path = self._selected()
        if path is None:
            return
        try:
            base = self.app.ws.load(path)
        except SelfcheckError as exc:
            self.notify(str(exc), severity="error")
            return
        self.app.push_screen(NewRoundDialog(self.app.ws, base, path), self._created)

    def _created(self, a: Assessment | None) -> None:
        if a is None:
            return
        ws = self.app.ws
        if not a.previous:
            prev = ws.previous_round(a)
            if prev is not None and prev.path is not None:
                a.previous = prev.path.name
                a.targets = dict(prev.targets) or a.targets
        try:
            path = ws.save(a)
        except (OSError, SelfcheckError) as exc:
            self.notify(t("s.save_failed", detail=exc), severity="error")
            return
        self.refill()
        self.app.post_message(OpenFile(path))

    def action_delete(self) -> None:
        path = self._selected()
        if path is None:
            return

        def done(yes: bool | None) -> None:
            if yes:
                try:
                    moved = self.app.ws.trash(path)
                except (OSError, SelfcheckError) as exc:  # e.g. open in another app: refused
                    self.notify(str(exc), severity="error")
                    return
                self.notify(t("ui.deleted", path=moved.parent.name + "/" + moved.name))
                self.refill()

        summary = next((s for s in self.summaries if s.path == path), None)
        q = self.app.ws.library.questionnaires.get(summary.questionnaire) if summary else None
        name = (
            f"{fmt.safe(summary.organisation, newlines=False)} · "
            f"{fmt.safe(q.title.get(language()), newlines=False) if q else summary.questionnaire} · {summary.date}"
            if summary
            else path.stem
        )
        self.app.push_screen(ConfirmDialog(t("ui.confirm_delete", name=name), t("ui.delete_yes")), done)

    def action_mark(self) -> None:
        path = self._selected()
        self.marked = None if self.marked == path else path
        if self.marked:
            self.notify(t("ui.marked"))
        self.refill()

    def action_benchmark(self) -> None:
        """Across organisations: the selected round's questionnaire, with its organisation marked."""
        # Imported here for start-up time: core.benchmark is not needed for the list (~40 ms).
        from selfcheck.tui.benchmark import BenchmarkScreen

        path = self._selected()
        summary = next((s for s in self.summaries if s.path == path), None)
        if summary is None:
            return
        self.app.push_screen(BenchmarkScreen(summary.questionnaire, summary.organisation))

    def action_compare(self) -> None:
        # Imported here for start-up time: the comparison's tables are not needed for the list.
        from selfcheck.tui.compare import CompareScreen, file_order

        path = self._selected()
        ws = self.app.ws
        if path is None:
            return
        try:
            new = ws.load(path)
            old: Assessment | None = (
                ws.load(self.marked) if self.marked and self.marked != path else ws.previous_round(new)
            )
        except SelfcheckError as exc:
            self.notify(str(exc), severity="error")
            return
        if old is None:
            self.notify(t("ui.compare_how"), severity="warning", timeout=6)
            return
        if old.questionnaire != new.questionnaire:
            self.notify(t("cli.compare_mismatch", a=old.questionnaire, b=new.questionnaire), severity="warning")
            return
        if file_order(old) > file_order(new):  # the earlier round on the left, also on one day
            old, new = new, old
        self.app.push_screen(CompareScreen(old, new))


def _same_day_numbers(summaries: list[Summary]) -> dict[Path, int]:
    """Rounds of one organisation and questionnaire held on the same day, numbered 1, 2, ...
    in the order their files were made (their names end in -2, -3 ...), so the list tells
    them apart. Rounds alone on their day are not numbered."""
    groups: dict[tuple[str, str, str], list[Summary]] = {}
    for s in summaries:
        groups.setdefault((" ".join(s.organisation.lower().split()), s.questionnaire, s.date), []).append(s)
    numbers: dict[Path, int] = {}
    for group in groups.values():
        if len(group) > 1:
            for n, s in enumerate(sorted(group, key=lambda s: (len(s.path.name), s.path.name)), 1):
                numbers[s.path] = n
    return numbers


class NewAssessmentDialog(Dialog[Assessment | None]):
    """The wizard: questionnaire (with what it is for, how long it takes and who should be in
    the room), organisation, team, participants, voting mode. Enter moves on; the last enter
    shows a summary to confirm before anything is made."""

    BINDINGS = [Binding("escape", "cancel", "k.cancel")]

    def __init__(self) -> None:
        super().__init__()
        lib = self.app.ws.library
        self.questionnaires = sorted(lib.questionnaires.values(), key=lambda q: q.title.get(language()).lower())

    def compose(self) -> ComposeResult:
        lang = language()
        with VerticalScroll(classes="dialog wide", id="wizard"):
            yield Label(t("ui.wizard_title"), classes="dialog-text")
            yield Label(t("ui.wizard_q"))
            yield ChoiceList(
                [(q.id, fmt.safe(q.title.get(lang), newlines=False)) for q in self.questionnaires], id="questionnaire"
            )
            yield Static("", id="q-about", classes="hint")
            yield Label(t("r.organisation"))
            yield Input(placeholder=t("ui.org_placeholder"), id="org")
            yield Label(t("r.team"))
            yield Input(placeholder=t("ui.team_placeholder"), id="team")
            yield Label(t("ui.participants_label"))
            yield Input(placeholder=t("ui.participants_placeholder"), id="participants")
            yield Label(t("r.voting"))
            yield ChoiceList([(m, t("voting." + m)) for m in VOTING_MODES], id="voting")
            yield Label("", id="error", classes="error")
            yield Label(t("ui.wizard_hint"), classes="hint")

    def on_mount(self) -> None:
        self._about()
        self.query_one("#questionnaire", ChoiceList).focus()

    def _about(self) -> None:
        if not self.questionnaires:
            return
        q = self.questionnaires[self.query_one("#questionnaire", ChoiceList).chosen]
        self.query_one("#q-about", Static).update(about_questionnaire(q, language()))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "questionnaire":
            self._about()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.is_active:
            return
        if event.option_list.id == "voting":
            self.finish()
        else:
            self.focus_next()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.is_active:
            self.focus_next()

    def _error(self, message: str, field: str) -> None:
        self.query_one("#error", Label).update("✗ " + message)
        self.query_one(f"#{field}").focus()

    def finish(self) -> None:
        if not self.questionnaires:
            return
        org = self.query_one("#org", Input).value.strip()
        if not org:
            self._error(t("ui.org_required"), "org")
            return
        q = self.questionnaires[self.query_one("#questionnaire", ChoiceList).chosen]
        voting = self.query_one("#voting", ChoiceList).chosen_id
        people, doubles = split_names(self.query_one("#participants", Input).value)
        if doubles:
            self._error(t("ui.participants_double", names=", ".join(doubles)), "participants")
            return
        if voting != "team" and not people:
            self._error(t("ui.participants_required"), "participants")
            return
        team = self.query_one("#team", Input).value.strip()
        a = Assessment(
            questionnaire=q.id,
            questionnaire_version=q.version,
            organisation=org,
            team=team,
            date=date.today(),
            voting=voting,
            participants=people,
        )
        lang = language()
        summary = t(
            "ui.wizard_summary",
            questionnaire=fmt.safe(q.title.get(lang), newlines=False),
            org=fmt.safe(org, newlines=False),
            team=fmt.safe(team, newlines=False) or "–",
            people=", ".join(fmt.safe(p, newlines=False) for p in people) or "–",
            voting=t("voting." + voting),
            date=fmt.long_date(a.date),
        )

        def done(yes: bool | None) -> None:
            if yes:
                self.dismiss(a)

        self.app.push_screen(ConfirmDialog(summary, t("ui.wizard_create"), danger=False), done)

    def action_cancel(self) -> None:
        self.dismiss(None)


def split_names(text: str) -> tuple[list[str], list[str]]:
    """Names typed with commas: (the names in order, the names typed twice). Case and spaces
    do not make another person: "anna" and "Anna " are the same name."""
    names: list[str] = []
    seen: dict[str, str] = {}
    doubles: list[str] = []
    for raw in text.split(","):
        name = " ".join(raw.split())
        if not name:
            continue
        key = name.casefold()
        if key in seen:
            if seen[key] not in doubles:
                doubles.append(seen[key])
            continue
        seen[key] = name
        names.append(name)
    return names, doubles


def about_questionnaire(q: Questionnaire, lang: str) -> str:
    """What a team needs to choose: what it is for, how long it takes, who should be there."""
    n = len(q.items)
    parts = []
    if q.introduction is not None:
        parts.append(fmt.safe(q.introduction.get(lang)))
    # Two to three minutes a statement with the talk about it: what facilitators plan for.
    parts.append(t("ui.q_duration", n=n, low=max(10, round(n * 2 / 5) * 5), high=max(15, round(n * 3 / 5) * 5)))
    if q.audience is not None:
        parts.append(t("ui.q_audience", who=fmt.safe(q.audience.get(lang))))
    return "\n".join(parts)
