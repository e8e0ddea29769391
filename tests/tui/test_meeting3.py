"""Issue 16, what was still open after the first two rounds of work: text cut where there is
room (16.4), the highlighted option of a plain list shown by colour alone (16.2), the
calculation screen opened scrolled (16.1). Each test at the size where it was seen."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import screen_text

from selfcheck.core.storage import Workspace
from selfcheck.i18n import set_language

OPEN_ROUND = "demo_inwoners-betrekken_2026-10-20.toml"
"""The demo's second round of this questionnaire: a trend sparkline takes room on results."""
BLIND_ROUND = "demo_goed-gesprek-organisatie_2026-10-20.toml"


def _round(ws: Workspace, name: str) -> Path:
    path = ws.assessments_dir / name
    assert path.is_file(), path
    return path


# --- 16.4: the results table gives the principle's name the room


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", [OPEN_ROUND, BLIND_ROUND])
async def test_results_show_every_principle_name_whole_at_80x24(
    make_app, demo: Workspace, lang: str, name: str
) -> None:
    """16.4: at 80 columns the names were cut ("P1 Domeinoverstij…") while the bar and score
    columns stood half empty; the English head "Target" showed as "Targe"."""
    from selfcheck.tui.results import ResultsScreen

    set_language(lang)
    app = make_app(_round(demo, name), ws=demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        rows = {line.split()[0]: line for line in text.splitlines() if line[2:3] == "P" and line[3:4].isdigit()}
        for p in demo.library.frameworks["pharos-9"].principles:
            mark = " †" if p.working_title else ""
            names = [f"{p.id} {name}{mark}  " for name in (p.short_name(lang), p.name.get(lang))]
            assert any(name in rows[p.id] for name in names), (names, text)  # the short name or the whole one
            assert "…" not in rows[p.id]
        head = next(line for line in text.splitlines() if "Score" in line)
        target = {"nl": "Doel", "en": "Target"}[lang]
        assert f" {target} " in head, head
        assert "█" in rows["P1"] or "░" in rows["P1"]  # the bar is still there, narrower


async def test_results_at_60x20_cut_names_carry_an_ellipsis(make_app, demo: Workspace) -> None:
    """16.4: at 60 columns the short names do not fit beside the figures; cut, they say so."""
    app = make_app(_round(demo, OPEN_ROUND), ws=demo)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        rows = [line for line in text.splitlines() if line[2:3] == "P" and line[3:4].isdigit()]
        assert rows
        for p, row in zip(demo.library.frameworks["pharos-9"].principles, rows, strict=False):
            cell = row[2:].split("  ")[0]
            assert cell == f"{p.id} {p.short_name('nl')}" + (" †" if p.working_title else "") or cell.endswith("…"), row
