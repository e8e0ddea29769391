"""The report as Markdown (GitHub-flavoured tables) that reads well pasted into a wiki, Teams
or a Git host.

All user text goes through `md()`: Markdown punctuation is backslash-escaped (so it cannot
make a link, emphasis, code, an HTML tag or break a table), line breaks become `<br>` inside
tables and spaces elsewhere, and `://` / `www.` get an invisible word joiner so a host does
not turn a bare URL into a live link. User text never becomes a link target; a questionnaire's
source address (content, not user text) is written clean as an autolink by `url()`.
"""

from __future__ import annotations

import re

from selfcheck.core import fmt
from selfcheck.core.export import common as c
from selfcheck.core.export.model import ActionRow, ItemRow, Report, StepBlock, ThemeRow
from selfcheck.i18n import t

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&$])")
_BULLET = re.compile(r"^([-+])")
_NUMBERED = re.compile(r"^(\d+)([.)])")
_WJ = "\u2060"  # WORD JOINER: invisible; stops a host from autolinking a bare URL or address


def md(text: object, *, table: bool = False) -> str:
    """Escape user (or any) text for Markdown. In a table cell newlines become <br>."""
    s = _SPECIAL.sub(r"\\\1", str(text))
    s = s.replace("://", ":" + _WJ + "//")
    s = re.sub(r"(?i)\b(www)\.", "\\1" + _WJ + ".", s)
    s = s.replace("@", "@" + _WJ)
    lines = [_NUMBERED.sub(r"\1\\\2", _BULLET.sub(r"\\\1", line.strip())) for line in s.split("\n")]
    if table:
        return "<br>".join(lines) if any(lines) else ""
    return " ".join(line for line in lines if line)


_URL = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f\u00a0\u2000-\u206f\ufeff]+", re.I)


def url(text: str) -> str:
    """A source's web address written clean, as an autolink `<https://…>`: readers click or copy
    it (md() would put invisible word joiners in it, and the copied address would fail). Only a
    plain http(s) address with nothing that could end the link; anything else goes through md()."""
    return f"<{text}>" if _URL.fullmatch(text) else md(text)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell if cell else " " for cell in cells) + " |"


def _table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    align = (align or [])[: len(header)] + ["l"] * (len(header) - len(align or []))
    sep = ["---:" if a == "r" else "---" for a in align]
    return [_row([md(h, table=True) for h in header]), _row(sep)] + [_row(r) for r in rows]


def render_markdown(r: Report) -> str:
    h = r.header
    out: list[str] = [
        f"# {md(h.title)}",
        "",
        f"**{md(h.organisation)}**" + (f" · {md(', '.join(h.teams))}" if h.teams else ""),
        "",
    ]
    for label, value in c.header_lines(r):
        out.append(f"- **{md(label)}:** {md(value)}")
    out.append("")
    # summary: coverage first, before any score
    out += [f"## {md(t('x.summary'))}", "", f"**{md(c.coverage_line(r))}** {md(c.self_assessment_line(r))}", ""]
    for value, label in c.key_figures(r):
        out.append(f"- **{md(value)}** {md(label)}")
    out.append("")
    out += [f"### {md(t('x.bars_title'))}", ""]
    rows = []
    for p in r.principles:
        bar = fmt.bar(p.score, p.target, 20)
        rows.append(
            [
                md(c.chart_label(p), table=True),
                f"`{bar}`",
                md(c.score_text(p), table=True),
                md(c.principle_cells(p, r.header.voted)[1], table=True),
                md(fmt.pct(p.target), table=True),
                md(c.gap_cell(p), table=True),
            ]
            + ([md(c.trend_cell(p), table=True)] if r.trend is not None else [])
        )
    head = [
        t("r.col_principle"),
        t("x.col_bar"),
        t("r.col_score"),
        t("x.col_basis_n"),
        t("r.col_target"),
        t("x.col_short_pp"),
    ]
    if r.trend is not None:
        head.append(t("x.col_trend_pp"))
    out += _table(head, rows, ["l", "l", "r", "r", "r", "r", "r"])
    out.append("")
    caption = t("x.bars_caption_md") + (" " + t("x.bars_caption_trend") if r.trend is not None else "")
    if r.working_titles:
        caption += " " + t("x.working_title_note", ids=", ".join(r.working_titles))
    out += [f"_{md(caption)}_", ""]
    out += [f"### {md(c.gaps_title(r))}", ""]
    if r.gaps:
        for n, p in enumerate(r.gaps, 1):
            out.append(f"{n}. **{md(c.principle_label(p, short=True))}** — {md(c.gap_line(p))}")
            out.append(f"   - {md(t('x.what_we_do'))}: " + "; ".join(md(line) for line in c.gap_actions(r, p)))
    else:
        out.append(md(c.no_gaps_text(r)))
    out += ["", f"### {md(t('r.strengths'))}", ""]
    if r.strengths:
        for n, p in enumerate(r.strengths, 1):
            out.append(f"{n}. **{md(c.principle_label(p, short=True))}** — {md(c.strength_line(p))}")
    else:
        out.append(md(c.no_strengths_text(r)))
    out += ["", f"### {md(t('r.disagreements'))}", ""]
    if r.disagreements:
        for i in r.disagreements:
            out.append(f"- {md(i.text)} ({md(t('x.spread_votes', spread=fmt.value(i.spread), votes=c.votes_text(i)))})")
    else:
        out.append(md(c.no_disagreements_text(r)))
    out.append("")
    attention = c.attention_lines(r)
    if attention:
        out += [f"### {md(c.attention_title(r))}", "", *(f"- {md(line)}" for line in attention), ""]
    if r.trend is not None:
        out += [f"### {md(c.trend_title(r))}", "", md(c.trend_summary(r) if r.trend.changes else t("x.no_trend")), ""]
    # principles
    out += [f"## {md(t('r.principles'))}", ""]
    head = [t(key) for key, _cls in c.PRINCIPLE_COLUMNS]
    if r.trend is not None:
        head.append(t("x.col_trend_pp"))
    rows = []
    for p in r.principles:
        row = [md(c.principle_label(p), table=True)] + [md(v, table=True) for v in c.principle_cells(p, r.header.voted)]
        if r.trend is not None:
            row.append(md(c.trend_cell(p), table=True))
        rows.append(row)
    out += _table(head, rows, ["l"] + ["r"] * 7)
    out.append("")
    if r.steps:
        out += _steps(r)
    else:
        # actions
        out += [f"## {md(t('r.actions'))}", ""]
        if r.actions:
            out += _action_table(r.actions)
        else:
            out.append(md(t("r.no_actions")))
        out.append("")
        # items
        out += [f"## {md(t('r.items'))}", "", md(t("x.items_intro")), ""]
        combined = h.kind == "combined"
        for s in r.sections:
            title = f"{s.questionnaire_title} — {s.title}" if combined else s.title
            out += _item_table(title, s.items)
    # method
    out += [f"## {md(t('r.method'))}", "", md(r.method), ""]
    levels = ", ".join(f"{v} = {label}" for v, label in r.scale.levels)
    out += [md(t("x.scale_line", levels=levels)), ""]
    if r.working_titles:
        out += [md(t("x.working_title_method", ids=", ".join(r.working_titles))), ""]
    out += [x for rc in r.reconstructed for x in (md(rc.text), "")]  # issue 15
    if r.sources:
        out += [f"### {md(t('r.sources'))}", ""]
        for s_ in r.sources:
            out.append(
                f"- {md(s_.publisher)} ({s_.year_text}). {md(s_.title)}." + (f" {url(s_.url)}" if s_.url else "")
            )
        out.append("")
    out += [f"### {md(t('x.appendix'))}", "", md(t("x.appendix_intro")), ""]
    out += _table(
        [t("x.col_statement_no"), t("x.col_id"), t("x.col_questionnaire")],
        [[str(i.number), md(i.id, table=True), md(i.questionnaire, table=True)] for i in r.items()],
    )
    out.append("")
    out += ["---", "", f"_{md(c.generated_text(r))}_", ""]
    return "\n".join(out)


def _action_table(actions: list[ActionRow], theme: str = "") -> list[str]:
    """The actions as a table; under a theme's heading, `theme` is left out of the links."""
    rows = [
        [
            md(x.what, table=True),
            md(x.who or "–", table=True),
            md(c.action_due(x.due), table=True),
            md(c.status_text(x), table=True),
            md("; ".join(x.about_labels(theme)) or "–", table=True),
        ]
        for x in actions
    ]
    return _table([t("r.col_what"), t("r.col_who"), t("r.col_due"), t("r.col_status"), t("x.col_about")], rows)


def _item_table(title: str, items: list[ItemRow]) -> list[str]:
    out = [f"### {md(title)}", ""]
    rows = []
    for i in items:
        flags = []
        if i.disagreement:
            flags.append(t("x.flag_disagree", spread=fmt.value(i.spread)))
        if i.discuss:
            flags.append(t("x.flag_discuss"))
        rows.append(
            [
                str(i.number),
                md(i.text, table=True),
                md(c.value_text(i), table=True),
                md(c.votes_text(i) or "–", table=True),
                md(", ".join(flags) or "–", table=True),
                md(i.note or "–", table=True),
            ]
        )
    out += _table(
        [
            t("x.col_statement_no"),
            t("x.col_statement"),
            t("x.col_team_score"),
            t("r.col_votes"),
            t("x.col_signals"),
            t("r.col_note"),
        ],
        rows,
    )
    out.append("")
    return out


# --- steps (a questionnaire that declares steps: statements, discussion per theme, action agenda)


def _steps(r: Report) -> list[str]:
    out: list[str] = []
    for st in r.steps:
        out += [f"## {md(t('steps.step_title', n=st.number, title=st.title))}", ""]
        if st.description:
            out += [f"_{md(st.description)}_", ""]
        if st.sections:
            out += [md(t("steps.statements_intro")), ""]
            for s in st.sections:
                out += _item_table(s.title, s.items)
        if st.themes:
            out += _themes_overview(r, st)
            out += [md(c.discussion_intro(r, st)), ""]
            for th in st.themes:
                out += _theme(r, th)
        if st.actions is not None:
            out += _agenda_by_theme(st)
    if r.loose_sections:
        out += [f"## {md(t('steps.other_sections'))}", ""]
        for s in r.loose_sections:
            out += _item_table(s.title, s.items)
    return out


def _themes_overview(r: Report, st: StepBlock) -> list[str]:
    """The themes at a glance: where to start the discussion (lowest score, most disagreement)."""
    rows = []
    for th in st.themes:
        score, scored, disagree, note, actions = c.theme_cells(r, th)
        rows.append(
            [
                md(th.title, table=True),
                f"`{fmt.bar(th.score, None, 10)}`",
                md(score, table=True),
                scored,
                disagree,
                md(note, table=True),
                actions,
            ]
        )
    head = [
        t("ui.theme"),
        t("x.col_bar"),
        t("r.col_score"),
        t("steps.col_scored"),
        t("r.col_disagree"),
        t("steps.col_note"),
        t("steps.col_actions"),
    ]
    return [f"### {md(t('steps.overview'))}", ""] + _table(head, rows, ["l", "l", "r", "r", "r", "l", "r"]) + [""]


def _theme(r: Report, th: ThemeRow) -> list[str]:
    out = [f"### {md(th.title)}", "", f"**{md(c.theme_score_text(r, th))}**", ""]
    if th.questions:
        out += [f"{md(t('steps.questions'))}:", ""]
        out += [f"{n}. {md(q)}" for n, q in enumerate(th.questions, 1)]
        out.append("")
    if th.note:
        lines = [md(line) for line in th.note.split("\n")]
        out.append(f"> **{md(t('steps.note'))}:** " + "<br>\n> ".join(lines))
    else:
        out.append(f"> **{md(t('steps.note'))}:** {md(t('steps.no_note'))}")
    out.append("")
    return out


def _agenda_by_theme(st: StepBlock) -> list[str]:
    assert st.actions is not None
    if not st.actions:
        return [md(t("r.no_actions")), ""]
    out = [md(t("steps.actions_intro")), ""]
    for g in st.actions:
        out += [f"### {md(g.title)}", ""]
        out += _action_table(g.actions, g.section)
        out.append("")
    if st.themes_without_actions:
        out += [f"_{md(t('steps.without_actions', themes='; '.join(st.themes_without_actions)))}_", ""]
    return out
