"""Issue 16: what a facilitator in front of a team trips over. Each test at the size (or with
the setting) where it was seen: 80x24, 60x20, NO_COLOR, English."""

from __future__ import annotations

import pytest
from tui_helpers import screen_text, type_text

from selfcheck.core.storage import Workspace
from selfcheck.tui.home import NewAssessmentDialog, split_names

SIZE = (80, 24)


async def _open_wizard(pilot) -> NewAssessmentDialog:  # type: ignore[no-untyped-def]
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, NewAssessmentDialog)
    return pilot.app.screen


async def test_wizard_choice_is_marked_without_colour_after_focus_leaves(make_app, monkeypatch) -> None:
    """16.2: the chosen questionnaire and voting mode carry a mark (●), not only a background
    shade, and keep it when the focus moves on (NO_COLOR)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        wizard = await _open_wizard(pilot)
        await pilot.press("down", "tab")  # the second questionnaire; focus on to the organisation
        await pilot.pause()
        lines = [line.split("│")[1].strip(" █") for line in screen_text(app).splitlines() if line.count("│") >= 2]
        chosen = [line for line in lines if line.startswith("●")]
        others = [line for line in lines if line.startswith("○")]
        title = wizard.questionnaires[1].title.get("nl")
        assert any(line.startswith("● " + title[:20]) for line in chosen), screen_text(app)
        assert len(others) >= 3  # the other questionnaires and voting modes
        assert app.focused is not wizard.query_one("#questionnaire")


async def test_wizard_says_what_a_questionnaire_is_for_and_how_long(make_app, workspace: Workspace) -> None:
    """16.12: choosing a questionnaire shows what it is for and how long it takes."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        wizard = await _open_wizard(pilot)
        q = wizard.questionnaires[0]
        about = str(wizard.query_one("#q-about").render())
        assert f"{len(q.items)} stellingen" in about and "minuten" in about
        await pilot.press("down")
        await pilot.pause()
        q2 = wizard.questionnaires[1]
        assert f"{len(q2.items)} stellingen" in str(wizard.query_one("#q-about").render())


async def test_wizard_refuses_a_name_typed_twice_and_confirms_before_creating(make_app, workspace: Workspace) -> None:
    """16.8: duplicate names are not merged silently; the last enter shows a summary and
    creates nothing until it is confirmed; the placeholder is no real-looking names."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        wizard = await _open_wizard(pilot)
        assert "Anna" not in (wizard.query_one("#participants").placeholder or "")
        await pilot.press("enter")
        await type_text(pilot, "Gem Dubbel")
        await pilot.press("enter", "enter")
        await type_text(pilot, "Anouk, Bram, anouk")
        await pilot.press("enter", "down", "down", "enter")  # blind
        await pilot.pause()
        assert app.screen is wizard
        assert "twee keer" in screen_text(app) and "Anouk" in str(wizard.query_one("#error").render())
        assert workspace.assessment_files() == []
        wizard.query_one("#participants").value = "Anouk, Bram, Chris"
        wizard.query_one("#voting").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not wizard and "Klopt dit?" in screen_text(app)
        assert workspace.assessment_files() == []
        await pilot.press("escape")  # no: back to the wizard, nothing made
        await pilot.pause()
        assert app.screen is wizard and workspace.assessment_files() == []


@pytest.mark.parametrize(
    ("typed", "names", "doubles"),
    [
        ("Anna, Bram", ["Anna", "Bram"], []),
        (" Anna ,,Bram , ", ["Anna", "Bram"], []),
        ("Anna, anna", ["Anna"], ["Anna"]),
        ("Jan  de Vries, jan de vries, Jan", ["Jan de Vries", "Jan"], ["Jan de Vries"]),
        ("", [], []),
    ],
)
def test_split_names(typed: str, names: list[str], doubles: list[str]) -> None:
    assert split_names(typed) == (names, doubles)


# --- 16.3: keys you cannot see


def _footer_keys(app) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    """(key text, left, right) of each key the footer shows, in screen cells; the palette key
    (docked on the right, drawn over whatever reaches it) not among them."""
    keys = []
    for widget in app.screen.query("FooterKey"):
        if not widget.has_class("-command-palette"):
            region = widget.region
            keys.append((f"{widget.key_display} {widget.description}", region.x, region.right))
    return keys


def _assert_footer_fits(app, must: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    palette = [w.region.x for w in app.screen.query("FooterKey") if w.has_class("-command-palette")]
    width = min([app.size.width, *palette])  # "f1 hulp" was hidden behind "^p opdrachten"
    keys = _footer_keys(app)
    cut = [k for k, _, right in keys if right > width]
    assert not cut, (type(app.screen).__name__, cut, keys)
    shown = " | ".join(k for k, _, _ in keys)
    for word in must:
        assert word in shown, (type(app.screen).__name__, word, shown)


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_every_footer_fits_at_80_columns_and_shows_its_main_keys(make_app, demo: Workspace, lang: str) -> None:
    """At 80 columns no footer is cut, and each screen shows what a facilitator needs there:
    the export key on results, compare on home, the themes key of a stepped questionnaire."""
    from selfcheck.i18n import set_language
    from selfcheck.tui.answer import AnswerScreen
    from selfcheck.tui.plan import ActionsScreen, AgendaScreen
    from selfcheck.tui.results import ResultsScreen

    set_language(lang)
    words = {
        "nl": {
            "home": ("vergelijken", "hulp"),
            "answer": ("scores", "hulp"),
            "results": ("export", "agenda", "hulp"),
            "agenda": ("terug",),
            "actions": ("nieuw", "spatie klaar", "terug", "hulp"),
        },
        "en": {
            "home": ("compare", "help"),
            "answer": ("scores", "help"),
            "results": ("export", "agenda", "help"),
            "agenda": ("back",),
            "actions": ("new", "space done", "back", "help"),
        },
    }[lang]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _assert_footer_fits(app, words["home"])
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AnswerScreen)
        _assert_footer_fits(app, words["answer"])
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        _assert_footer_fits(app, words["results"])
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        _assert_footer_fits(app, words["agenda"])
        await pilot.press("escape", "p")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        _assert_footer_fits(app, words["actions"])


async def test_the_themes_key_of_a_stepped_questionnaire_is_in_the_footer(make_app, workspace: Workspace) -> None:
    """16.3: steps 2 and 3 of the poverty tool were reachable only through t, which was in no
    footer; with blind votes too (the fullest footer) it fits at 80 columns."""
    from tui_helpers import make_assessment

    path = make_assessment(
        workspace, questionnaire="armoede-gezondheid", voting="blind", participants=["Anouk", "Bram", "Chris"]
    )
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        _assert_footer_fits(app, ("thema", "onthullen", "scores", "terug", "hulp"))


# --- 16.1: 60x20 with blind votes; 16.9: the read-only window


def _blind(workspace: Workspace):  # type: ignore[no-untyped-def]
    from tui_helpers import make_assessment

    return make_assessment(workspace, voting="blind", participants=["Anouk", "Bas", "Fatima", "Joris", "Mehmet"])


async def test_at_60x20_the_blind_vote_row_and_whose_turn_stay_in_view(make_app, workspace: Workspace) -> None:
    """16.1: at 60x20 the participants' row (▸Anouk: ·) was below the bottom edge and could
    not be scrolled to: the facilitator typed votes without seeing whose turn it was."""
    app = make_app(_blind(workspace))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "▸Anouk: ·" in text, text
        assert "Beurt van Anouk" in text, text
        await pilot.press("2")  # Anouk votes; Bas is next
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "▸Bas: ·" in text and "Beurt van Bas" in text, text
        await pilot.press("right")  # the next statement: still in view
        await pilot.pause()
        await pilot.pause()
        assert "▸Anouk: ·" in screen_text(app)


async def test_a_read_only_window_says_nobody_votes_here(make_app, workspace: Workspace) -> None:
    """16.9: a second app that opened the assessment read-only still said "Beurt van Anouk:
    kies een score"; it says that votes are given in the other window."""
    from selfcheck.core.session import OpenAssessment
    from selfcheck.tui.answer import AnswerScreen

    path = _blind(workspace)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = OpenAssessment.open(workspace, path, read_only=True)
        app.session = session
        await app.push_screen(AnswerScreen(session))
        await pilot.pause()
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "Beurt van" not in text and "Alleen lezen" in text, text


async def test_presentation_view_shows_large_figures_but_no_hidden_vote(make_app, workspace: Workspace) -> None:
    """16.14: z gives a presentation view for a projector: the team score, or before the
    reveal only how many have voted, in large figures; z again goes back."""
    from textual.widgets import Digits

    app = make_app(_blind(workspace))
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        big = app.screen.query_one("#big", Digits)
        assert not big.display
        await pilot.press("z", "3", "1")  # Anouk 3, Bas 1: sealed
        await pilot.pause()
        assert big.display and big.value == "2:5"  # how many, never what
        await pilot.press("z")
        await pilot.pause()
        assert not big.display
