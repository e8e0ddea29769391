"""The report as PDF, with fpdf2 and a font from PyPI only (no system library, no system font).

The font is Source Sans Pro from the `font-source-sans-pro` package (SIL Open Font License
1.1, which allows bundling and redistribution). fpdf2's built-in core fonts are latin-1 only
and lack '€' and curly quotes; Source Sans Pro has them, and ë, é, ï, ▲, ▼, −, → too. fpdf2
embeds only the glyphs used (a subset), so the PDF stays small.

A character the font lacks (emoji, Hebrew, Arabic, CJK) is printed as '?' rather than as an
invisible box; the HTML, Markdown, CSV and JSON exports keep every character. Very long texts
are shortened here (see LIMIT_*) with a mark saying so; the other formats keep them whole.
Charts are drawn as vectors: bars with a target marker and a radar with a target polygon.
"""

from __future__ import annotations

import functools
from datetime import UTC
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from selfcheck.core import fmt
from selfcheck.core.errors import SelfcheckError
from selfcheck.core.export import common as c
from selfcheck.core.export.charts import RINGS, radar_point, radar_polygon
from selfcheck.core.export.model import ActionRow, ItemRow, Report, StepBlock, ThemeRow
from selfcheck.i18n import t

LIMIT_NOTE = 4000
"""Characters of one note printed in the PDF."""
LIMIT_CELL = 600
"""Characters of one table cell (action, name) printed in the PDF."""

FAMILY = "SourceSans"
INK = (31, 41, 51)
MUTED = (82, 96, 109)
NAVY = (16, 42, 67)
SCORE = (47, 111, 143)
TARGET = (180, 83, 9)
LIGHT = (240, 244, 248)
RULE = (217, 226, 236)
GREEN = (47, 125, 79)
PURPLE = (107, 79, 160)


@functools.lru_cache(maxsize=1)
def font_files() -> dict[str, Path]:
    """Regular, bold and italic TTF files of Source Sans Pro from its PyPI package."""
    try:
        import font_source_sans_pro as pkg  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - a dependency of selfcheck
        raise SelfcheckError(t("x.no_font", detail=exc)) from None
    files = pkg.font_files_ttf
    return {
        "": Path(files["SourceSansPro"]),
        "B": Path(files["SourceSansProBold"]),
        "I": Path(files["SourceSansProIt"]),
    }


@functools.lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    out: set[int] = set()
    for path in font_files().values():
        out |= set(TTFont(str(path), lazy=True).getBestCmap())
    return frozenset(out)


def _p(text: object, limit: int | None = None) -> str:
    """Text the font can print: unknown characters become '?', over-long text is shortened."""
    s = str(text)
    if limit is not None and len(s) > limit:
        s = s[:limit].rstrip() + " … " + t("x.shortened")
    cov = _covered()
    return "".join(ch if (ord(ch) in cov or ch == "\n") else (" " if ch == "\t" else "?") for ch in s)


class _PDF(FPDF):
    def __init__(self, report: Report) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(True, margin=18)
        for style, path in font_files().items():
            self.add_font(FAMILY, style, str(path))
        self.set_font(FAMILY, "", 10)
        self.set_text_color(*INK)

    def footer(self) -> None:  # noqa: D401 - fpdf2 hook
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        left = _p(f"{self.report.header.organisation} · {self.report.header.title}", 120)
        self.cell(120, 5, left, new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.cell(0, 5, _p(t("x.page", n=self.page_no(), total="{nb}")), align="R")
        self.set_text_color(*INK)


def render_pdf(r: Report) -> bytes:
    pdf = _PDF(r)
    h = r.header
    pdf.set_title(_p(f"{h.title} — {h.organisation}", 200))
    pdf.set_author(_p(h.organisation, 200))
    pdf.set_creator("selfcheck")
    pdf.set_lang(r.language)
    gen = h.generated if h.generated.tzinfo else h.generated.replace(tzinfo=UTC)
    pdf.set_creation_date(gen)
    pdf.add_page()
    _header(pdf, r)
    _summary(pdf, r)
    if pdf.get_y() > 80:
        pdf.add_page()
    _principles(pdf, r)
    if r.steps:
        _steps(pdf, r)
    else:
        _actions(pdf, r)
        _items(pdf, r)
    _method(pdf, r)
    return bytes(pdf.output())


# --- building blocks


def _heading(pdf: _PDF, text: str, size: float = 15, space: float = 4) -> None:
    if pdf.get_y() > pdf.h - 40:
        pdf.add_page()
    pdf.ln(space)
    pdf.set_font(FAMILY, "B", size)
    pdf.set_text_color(*NAVY)
    pdf.multi_cell(0, size * 0.5, _p(text, 300), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if size >= 14:
        _rule(pdf, 0.8, 2.5, width=0.5)
    else:
        pdf.ln(0.8)
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "", 10)


def _rule(pdf: _PDF, above: float, below: float, *, width: float = 0.2) -> None:
    """A line across the page `above` mm under the text; the text goes on `below` mm lower."""
    y = pdf.get_y() + above
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(width)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.ln(below)


def _para(
    pdf: _PDF,
    text: str,
    size: float = 10,
    style: str = "",
    color: tuple[int, int, int] = INK,
    limit: int | None = None,
    x: float | None = None,
    w: float = 0,
) -> None:
    pdf.set_font(FAMILY, style, size)
    pdf.set_text_color(*color)
    if x is not None:
        pdf.set_x(x)
    pdf.multi_cell(
        w, size * 0.45, _p(text, limit), align="L", new_x=XPos.LMARGIN if x is None else XPos.LEFT, new_y=YPos.NEXT
    )
    pdf.set_text_color(*INK)


def _header(pdf: _PDF, r: Report) -> None:
    h = r.header
    _para(pdf, t("x.kicker").upper(), 8, color=MUTED)
    pdf.ln(1)
    pdf.set_font(FAMILY, "B", 22)
    pdf.set_text_color(*NAVY)
    pdf.multi_cell(0, 9, _p(h.title, 300), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    sub = h.organisation + (f" · {', '.join(h.teams)}" if h.teams else "")
    _para(pdf, sub, 13, color=(36, 59, 83), limit=LIMIT_CELL)
    pdf.ln(2)
    lines = c.header_lines(r)[2 if h.teams else 1 :]
    half = (len(lines) + 1) // 2
    y0 = pdf.get_y()
    col_w = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    for col, chunk in enumerate((lines[:half], lines[half:])):
        pdf.set_y(y0)
        x = pdf.l_margin + col * col_w
        for label, value in chunk:
            pdf.set_xy(x, pdf.get_y())
            pdf.set_font(FAMILY, "", 9)
            pdf.set_text_color(*MUTED)
            pdf.cell(31, 4.6, _p(label), new_x=XPos.RIGHT, new_y=YPos.TOP)
            pdf.set_text_color(*INK)
            pdf.multi_cell(col_w - 34, 4.6, _p(value, LIMIT_CELL), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
        if col == 0:
            y_left = pdf.get_y()
    pdf.set_y(max(pdf.get_y(), y_left))


def _summary(pdf: _PDF, r: Report) -> None:
    _heading(pdf, t("x.summary"))
    # coverage first: before any score, how many principles the report can speak about
    _para(pdf, c.coverage_line(r), 10, "B", color=NAVY if r.complete else TARGET, limit=LIMIT_CELL)
    _para(pdf, c.self_assessment_line(r), 8.5, color=MUTED)
    pdf.ln(1.5)
    # key figures
    keys = c.key_figures(r)
    gap = 3.0
    width = (pdf.w - pdf.l_margin - pdf.r_margin - 3 * gap) / 4
    y = pdf.get_y()
    for k, (value, label) in enumerate(keys):
        x = pdf.l_margin + k * (width + gap)
        pdf.set_fill_color(*LIGHT)
        pdf.rect(x, y, width, 17, style="F")
        pdf.set_xy(x + 3, y + 1.5)
        pdf.set_font(FAMILY, "B", 15)
        pdf.set_text_color(*NAVY)
        pdf.cell(width - 6, 6.5, _p(value), new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_x(x + 3)
        pdf.set_font(FAMILY, "", 7.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(width - 6, 3.2, _p(label), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.set_y(y + 21)
    # radar (left) and gaps/strengths (right)
    top = pdf.get_y()
    _radar(pdf, r, pdf.l_margin + 36, top + 34, 25)
    side_x = pdf.l_margin + 80
    side_w = pdf.w - pdf.r_margin - side_x
    pdf.set_y(top)
    gap_lines: list[str] = []
    for n, p in enumerate(r.gaps, 1):
        gap_lines.append(f"{n}. " + c.principle_label(p, short=True) + " — " + c.gap_line(p))
        gap_lines.append("    " + t("x.what_we_do") + ": " + "; ".join(c.gap_actions(r, p)))
    _card(pdf, c.gaps_title(r), TARGET, side_x, side_w, gap_lines or [c.no_gaps_text(r)])
    pdf.ln(2)
    _card(
        pdf,
        t("r.strengths"),
        GREEN,
        side_x,
        side_w,
        [f"{n}. " + c.principle_label(p, short=True) + " — " + c.strength_line(p) for n, p in enumerate(r.strengths, 1)]
        or [c.no_strengths_text(r)],
    )
    pdf.set_y(max(pdf.get_y(), top + 68) + 1)
    _bars(pdf, r)
    # disagreements, trend, coverage
    lines = [
        f"• {_short(i.text)} (" + t("x.spread_votes", spread=fmt.value(i.spread), votes=c.votes_text(i)) + ")"
        for i in r.disagreements[:5]
    ]
    if len(r.disagreements) > 5:
        lines.append(c.more_in_items(r, len(r.disagreements) - 5))
    _card(pdf, t("r.disagreements"), PURPLE, pdf.l_margin, 0, lines or [c.no_disagreements_text(r)])
    if r.trend is not None:
        pdf.ln(2)
        _card(
            pdf, c.trend_title(r), SCORE, pdf.l_margin, 0, [c.trend_summary(r) if r.trend.changes else t("x.no_trend")]
        )
    items = c.attention_lines(r)
    if items:
        pdf.ln(2)
        _card(pdf, c.attention_title(r), TARGET, pdf.l_margin, 0, items)


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _card(pdf: _PDF, title: str, color: tuple[int, int, int], x: float, w: float, lines: list[str]) -> None:
    w = w or (pdf.w - pdf.r_margin - x)
    y = pdf.get_y()
    if y > pdf.h - 30:
        pdf.add_page()
        y = pdf.get_y()
    pdf.set_fill_color(*color)
    pdf.rect(x, y, 1.2, 5.5, style="F")
    pdf.set_xy(x + 3, y)
    pdf.set_font(FAMILY, "B", 11)
    pdf.set_text_color(*NAVY)
    pdf.multi_cell(w - 3, 5.5, _p(title, 200), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "", 9.5)
    for line in lines:
        pdf.set_x(x + 3)
        pdf.multi_cell(w - 3, 4.4, _p(line, LIMIT_CELL), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_x(pdf.l_margin)


def _radar(pdf: _PDF, r: Report, cx: float, cy: float, radius: float) -> None:
    ps = r.principles
    n = len(ps)
    if n < 3:
        return
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*RULE)
    for ring in RINGS:
        pdf.polygon(radar_polygon([ring] * n, cx, cy, radius), style="D")
    for i in range(n):
        x, y = radar_point(i, n, 100, cx, cy, radius)
        pdf.line(cx, cy, x, y)
    pdf.set_draw_color(*TARGET)
    pdf.set_line_width(0.5)
    pdf.set_dash_pattern(dash=1.4, gap=0.9)
    pdf.polygon(radar_polygon([p.target for p in ps], cx, cy, radius), style="D")
    pdf.set_dash_pattern()
    pdf.set_draw_color(*SCORE)
    pdf.set_fill_color(203, 222, 232)
    pdf.set_line_width(0.6)
    # An unmeasured principle is never drawn as 0: the shape only when every principle has a
    # score; otherwise a dot on the axis of each measured principle only.
    if all(p.score is not None for p in ps):
        pdf.polygon(radar_polygon([p.score or 0 for p in ps], cx, cy, radius), style="DF")
    pdf.set_fill_color(*SCORE)
    for i, p in enumerate(ps):
        if p.score is not None:
            x, y = radar_point(i, n, p.score, cx, cy, radius)
            pdf.circle(x, y, 0.9, style="F")
        lx, ly = radar_point(i, n, 122, cx, cy, radius)
        label = p.id + ("*" if p.working_title else "")
        value = fmt.pct(p.score) if p.score is not None else "?"
        pdf.set_font(FAMILY, "B", 8)
        w = 14
        align = "C"
        left = lx - w / 2
        if lx > cx + 3:
            align, left = "L", lx - 1
        elif lx < cx - 3:
            align, left = "R", lx - w + 1
        pdf.set_xy(left, ly - 3.4)
        pdf.cell(w, 3.4, _p(label), align=align)
        pdf.set_font(FAMILY, "", 7.5)
        pdf.set_xy(left, ly)
        pdf.cell(w, 3.2, _p(value), align=align)
    # legend
    y = cy + radius + 8
    pdf.set_line_width(0.8)
    pdf.set_draw_color(*SCORE)
    pdf.line(cx - 28, y, cx - 22, y)
    pdf.set_font(FAMILY, "", 8)
    pdf.set_xy(cx - 21, y - 1.8)
    pdf.cell(16, 3.6, _p(t("x.legend_score")))
    pdf.set_draw_color(*TARGET)
    pdf.set_line_width(0.5)
    pdf.set_dash_pattern(dash=1.4, gap=0.9)
    pdf.line(cx + 2, y, cx + 8, y)
    pdf.set_dash_pattern()
    pdf.set_xy(cx + 9, y - 1.8)
    pdf.cell(16, 3.6, _p(t("x.legend_target")))
    pdf.set_line_width(0.2)


def _bars(pdf: _PDF, r: Report) -> None:
    row = 6.2
    label_w = 52
    bar_x = pdf.l_margin + label_w + 2
    bar_w = 72
    y = pdf.get_y()
    if y + row * len(r.principles) + 14 > pdf.h - 18:
        pdf.add_page()
        y = pdf.get_y()
    pdf.set_font(FAMILY, "", 7)
    pdf.set_text_color(*MUTED)
    for tick in (0, 50, 100):
        x = bar_x + bar_w * tick / 100
        pdf.set_xy(x - 6, y)
        pdf.cell(12, 3, f"{tick}%", align="C")
    y += 4
    for k, p in enumerate(r.principles):
        top = y + k * row
        pdf.set_font(FAMILY, "", 9.5)
        pdf.set_text_color(*INK)
        pdf.set_xy(pdf.l_margin, top)
        pdf.cell(label_w, row - 1, _p(_short(c.chart_label(p), 34)), align="R")
        pdf.set_fill_color(*LIGHT)
        pdf.rect(bar_x, top + 0.6, bar_w, row - 2.2, style="F")
        if p.score is not None:
            pdf.set_fill_color(*SCORE)
            pdf.rect(bar_x, top + 0.6, bar_w * max(0.0, min(100.0, p.score)) / 100, row - 2.2, style="F")
            text = c.bar_text(p)
        else:
            pdf.set_draw_color(159, 179, 200)
            pdf.set_dash_pattern(dash=0.8, gap=0.8)
            pdf.rect(bar_x, top + 0.6, bar_w, row - 2.2, style="D")
            pdf.set_dash_pattern()
            text = c.score_text(p)
        tx = bar_x + bar_w * max(0.0, min(100.0, p.target)) / 100
        pdf.set_draw_color(*TARGET)
        pdf.set_line_width(0.8)
        pdf.line(tx, top - 0.2, tx, top + row - 0.8)
        pdf.set_line_width(0.2)
        pdf.set_xy(bar_x + bar_w + 2, top)
        pdf.cell(0, row - 1, _p(text))
    pdf.set_y(y + row * len(r.principles) + 1)
    caption = t("x.bars_caption") + (" " + t("x.bars_caption_trend") if r.trend is not None else "")
    if r.working_titles:
        caption += " " + t("x.working_title_note", ids=", ".join(r.working_titles))
    _para(pdf, caption, 7.5, color=MUTED)
    pdf.ln(3)


# --- detail pages


def _table(
    pdf: _PDF, header: list[str], rows: list[list[str]], widths: tuple[float, ...], align: str | None = None
) -> None:
    pdf.set_font(FAMILY, "", 9)
    pdf.set_draw_color(*RULE)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_line_width(0.2)
    aligns = tuple("RIGHT" if a == "r" else "LEFT" for a in (align or "l" * len(header)))
    with pdf.table(
        col_widths=header_widths(pdf, header, widths, rows),
        text_align=aligns,
        line_height=4.4,
        padding=TABLE_PADDING,
        borders_layout="HORIZONTAL_LINES",
        headings_style=_heading_style(),
        first_row_as_headings=True,
        cell_fill_mode="NONE",
    ) as table:
        head = table.row()
        for text in header:
            head.cell(_p(text))
        for cells in rows:
            row = table.row()
            for text in cells:
                row.cell(_p(text, LIMIT_CELL))
    pdf.ln(2)


TABLE_PADDING = 1.2
"""The padding of a table cell (mm), each side."""
CELL_WORD_MAX = 30.0
"""A column grows for a word in its cells up to this width (mm); a longer word (a pasted URL,
a hostile 300-letter name) still wraps inside the column."""


def header_widths(
    pdf: _PDF, header: list[str], widths: tuple[float, ...], rows: list[list[str]] | None = None
) -> tuple[float, ...]:
    """The columns' widths (mm, summing to the page's text width) such that every word of every
    header fits its column: a header wraps at spaces only, never mid-word ('Oneen' / 's',
    '(procentp' / 'unten)'). A column too narrow for its longest word takes the room from the
    columns with the most to spare (reader pass, point 3). A column keeps room for the longest
    word of its cells too (up to CELL_WORD_MAX), so 'antwoorden' does not break either."""
    scale = pdf.epw / sum(widths)
    out = [w * scale for w in widths]
    pdf.set_font(FAMILY, "B", 9)
    need = [max(pdf.get_string_width(_p(w)) for w in (h.split() or [""])) + 2 * TABLE_PADDING + 0.6 for h in header]
    pdf.set_font(FAMILY, "", 9)
    for cells in rows or []:
        for n, text in enumerate(cells[: len(need)]):
            words = _p(text, LIMIT_CELL).split() or [""]
            longest = max(pdf.get_string_width(w) for w in words) + 2 * TABLE_PADDING + 0.6
            need[n] = max(need[n], min(longest, max(out[n], CELL_WORD_MAX)))  # a long name: wraps, as before
    for n, want in enumerate(need):
        short = want - out[n]
        while short > 0.01:
            spare = [(out[k] - need[k], k) for k in range(len(out)) if k != n and out[k] - need[k] > 0.01]
            if not spare:
                break
            room, k = max(spare)
            take = min(short, room)
            out[k] -= take
            out[n] += take
            short -= take
    return tuple(out)


def _heading_style() -> FontFace:

    return FontFace(family=FAMILY, emphasis="BOLD", color=(36, 59, 83), fill_color=LIGHT)


def _principles(pdf: _PDF, r: Report) -> None:
    _heading(pdf, t("r.principles"), space=0 if pdf.get_y() < 30 else 6)
    head = [t(key) for key, _cls in c.PRINCIPLE_COLUMNS]
    widths: tuple[float, ...] = (58, 20, 26, 14, 20, 16, 14)
    if r.trend is not None:
        head.append(t("x.col_trend_pp"))
        widths = (50, 18, 24, 12, 18, 14, 12, 30)
    rows = []
    for p in r.principles:
        row = [c.principle_label(p)] + c.principle_cells(p, r.header.voted)
        if r.trend is not None:
            row.append(c.trend_cell(p))
        rows.append(row)
    _table(pdf, head, rows, widths, "l" + "r" * (len(head) - 1))


def _actions(pdf: _PDF, r: Report) -> None:
    _heading(pdf, t("r.actions"))
    if not r.actions:
        _para(pdf, t("r.no_actions"))
        return
    _action_table(pdf, r.actions)


def _action_table(pdf: _PDF, actions: list[ActionRow], theme: str = "") -> None:
    """The actions as a table; under a theme's heading, `theme` is left out of the links."""
    rows = [
        [
            x.what,
            x.who or "–",
            c.action_due(x.due),
            c.status_text(x),
            "; ".join(x.about_labels(theme)) or "–",
        ]
        for x in actions
    ]
    _table(
        pdf,
        [t("r.col_what"), t("r.col_who"), t("r.col_due"), t("r.col_status"), t("x.col_about")],
        rows,
        (64, 26, 28, 18, 42),
    )


def _items(pdf: _PDF, r: Report) -> None:
    _heading(pdf, t("r.items"))
    _para(pdf, t("x.items_intro"), 9, color=MUTED)
    combined = r.header.kind == "combined"
    for s in r.sections:
        _heading(pdf, f"{s.questionnaire_title} — {s.title}" if combined else s.title, size=12, space=3)
        for i in s.items:
            _item(pdf, i)


def _item(pdf: _PDF, i: ItemRow) -> None:
    if pdf.get_y() > pdf.h - 40:
        pdf.add_page()
    _para(pdf, f"{i.number} · " + t("x.serves", principles=c.principles_text(i)), 7.5, color=MUTED)
    _para(pdf, i.text, 10, "B")
    parts = [f"{t('x.col_team_score')}: {c.value_text(i)}"]
    if c.votes_text(i):
        parts.append(f"{t('r.col_votes')}: {c.votes_text(i)}")
    if i.spread is not None:
        parts.append(f"{t('x.col_spread_words')}: {fmt.value(i.spread)}")  # plain words, not 'spreiding' (issue 12)
    if i.disagreement:
        parts.append(t("x.flag_disagree", spread=fmt.value(i.spread)).upper())
    if i.discuss:
        parts.append(t("x.flag_discuss").upper())
    _para(pdf, " · ".join(parts), 9, limit=LIMIT_CELL * 2)
    if i.note:
        _para(pdf, f"{t('r.col_note')}: {i.note}", 9, "I", color=(36, 59, 83), limit=LIMIT_NOTE)
    _rule(pdf, 1.2, 2.6)


# --- steps (a questionnaire that declares steps: statements, discussion per theme, action agenda)


def _steps(pdf: _PDF, r: Report) -> None:
    for n, st in enumerate(r.steps):
        if n:
            pdf.add_page()
        _heading(pdf, t("steps.step_title", n=st.number, title=st.title), space=0 if pdf.get_y() < 30 else 6)
        if st.description:
            _para(pdf, st.description, 10.5, color=(36, 59, 83))
            pdf.ln(1.5)
        if st.sections:
            _para(pdf, t("steps.statements_intro"), 9, color=MUTED)
            for s in st.sections:
                _heading(pdf, s.title, size=12, space=3)
                for i in s.items:
                    _item(pdf, i)
        if st.themes:
            _themes_overview(pdf, r, st)
            _para(pdf, c.discussion_intro(r, st), 9, color=MUTED)
            for th in st.themes:
                _theme(pdf, r, th)
        if st.actions is not None:
            _agenda_by_theme(pdf, st)
    if r.loose_sections:
        _heading(pdf, t("steps.other_sections"))
        for s in r.loose_sections:
            _heading(pdf, s.title, size=12, space=3)
            for i in s.items:
                _item(pdf, i)


def _themes_overview(pdf: _PDF, r: Report, st: StepBlock) -> None:
    """The themes at a glance: where to start the discussion (lowest score, most disagreement)."""
    _heading(pdf, t("steps.overview"), size=12, space=2)
    rows = [[th.title, *c.theme_cells(r, th)] for th in st.themes]
    _table(
        pdf,
        [
            t("ui.theme"),
            t("r.col_score"),
            t("steps.col_scored"),
            t("r.col_disagree"),
            t("steps.col_note"),
            t("steps.col_actions"),
        ],
        rows,
        (76, 30, 20, 16, 18, 18),
        "lrrrlr",
    )


def _theme(pdf: _PDF, r: Report, th: ThemeRow) -> None:
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    _heading(pdf, th.title, size=12, space=3)
    _para(pdf, c.theme_score_text(r, th), 10, "B", color=(36, 59, 83))
    if th.questions:
        pdf.ln(1)
        _para(pdf, t("steps.questions"), 9.5, "B")
        for n, q in enumerate(th.questions, 1):
            _para(pdf, f"{n}. {q}", 9.5, x=pdf.l_margin + 3, w=pdf.w - pdf.l_margin - pdf.r_margin - 3)
            pdf.set_x(pdf.l_margin)
    pdf.ln(1)
    if th.note:
        _para(pdf, t("steps.note"), 9.5, "B")
        _para(pdf, th.note, 9.5, "I", color=(36, 59, 83), limit=LIMIT_NOTE)
    else:
        _para(pdf, f"{t('steps.note')}: {t('steps.no_note')}", 9.5, color=MUTED)
    _rule(pdf, 1.5, 3)


def _agenda_by_theme(pdf: _PDF, st: StepBlock) -> None:
    assert st.actions is not None
    if not st.actions:
        _para(pdf, t("r.no_actions"))
        return
    _para(pdf, t("steps.actions_intro"), 9, color=MUTED)
    for g in st.actions:
        _heading(pdf, g.title, size=12, space=3)
        _action_table(pdf, g.actions, g.section)
    if st.themes_without_actions:
        _para(pdf, t("steps.without_actions", themes="; ".join(st.themes_without_actions)), 9, color=MUTED)


def _method(pdf: _PDF, r: Report) -> None:
    _heading(pdf, t("r.method"))
    _para(pdf, r.method, 9.5)
    levels = ", ".join(f"{v} = {label}" for v, label in r.scale.levels)
    pdf.ln(1)
    _para(pdf, t("x.scale_line", levels=levels), 9.5)
    if r.working_titles:
        pdf.ln(1)
        _para(pdf, t("x.working_title_method", ids=", ".join(r.working_titles)), 9.5)
    for rc in r.reconstructed:  # issue 15
        pdf.ln(1)
        _para(pdf, rc.text, 9.5)
    if r.sources:
        _heading(pdf, t("r.sources"), size=12, space=3)
        for s in r.sources:
            _para(pdf, f"{s.publisher} ({s.year_text}). {s.title}." + (f" {s.url}" if s.url else ""), 8.5, color=MUTED)
    # the technical appendix: the only place internal ids appear
    _heading(pdf, t("x.appendix"), size=12, space=3)
    _para(pdf, t("x.appendix_intro"), 8.5, color=MUTED)
    _table(
        pdf,
        [t("x.col_statement_no"), t("x.col_id"), t("x.col_questionnaire")],
        [[str(i.number), i.id, i.questionnaire] for i in r.items()],
        (16, 82, 82),
    )
    pdf.ln(3)
    _para(pdf, c.generated_text(r), 8, color=MUTED)
