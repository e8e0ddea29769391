"""The report as ONE self-contained HTML file: inline CSS and inline SVG, no script, no font,
no image and no link to anywhere, so it opens offline with a double-click and prints on A4.

Every piece of user text goes through `_e` (html.escape with quote=True) and sits inside a
<bdi> where it is inline, so right-to-left names cannot reorder the text around them. User
text never becomes an attribute that the browser follows (no href, no src): there are none.
"""

from __future__ import annotations

import html

from selfcheck.core import fmt
from selfcheck.core.export import common as c
from selfcheck.core.export.charts import RINGS, label_anchor, radar_point, radar_polygon
from selfcheck.core.export.model import ActionRow, ItemRow, Report, StepBlock, ThemeRow
from selfcheck.i18n import t

SUMMARY_DISAGREEMENTS = 5


def _e(text: object) -> str:
    """html.escape with quote=True, and '=' as a character reference too: escaped text is inert
    anyway, but then even a naive search for 'onerror=' in the file finds nothing."""
    return html.escape(str(text), quote=True).replace("=", "&#61;")


def _u(text: str) -> str:
    """User text, escaped and isolated (bidi) for inline use."""
    return f"<bdi>{_e(text)}</bdi>" if text else ""


def _n(x: float) -> str:
    """A coordinate for SVG: short and stable."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


CSS = """
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #eef1f4; color: #1f2933; font: 16px/1.5 "Segoe UI", "Source Sans Pro", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 200mm; margin: 0 auto; background: #fff; padding: 14mm 14mm 10mm; }
h1 { font-size: 30px; line-height: 1.2; margin: 4px 0 6px; color: #102a43; }
h2 { font-size: 22px; margin: 28px 0 10px; color: #102a43; border-bottom: 2px solid #d9e2ec; padding-bottom: 4px; }
h3 { font-size: 17px; margin: 18px 0 6px; color: #102a43; }
p { margin: 6px 0; }
.kicker { text-transform: uppercase; letter-spacing: .06em; font-size: 12px; color: #52606d; margin: 0; }
.org { font-size: 19px; margin: 0 0 10px; color: #243b53; }
dl.facts { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 2px 14px; margin: 8px 0 0; font-size: 14px; }
dl.facts dt { color: #52606d; }
dl.facts dd { margin: 0; }
.keys { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 8px 0; }
.top, .bottom { display: grid; grid-template-columns: 40fr 60fr; gap: 14px; align-items: start; margin: 6px 0; }
.bottom { grid-template-columns: 1fr 1fr; }
.side { display: grid; gap: 10px; align-content: start; }
.key { background: #f0f4f8; border-radius: 6px; padding: 10px 14px; break-inside: avoid; }
.key b { display: block; font-size: 26px; line-height: 1.1; color: #102a43; }
.key span { font-size: 13px; color: #52606d; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 12px; color: #52606d; margin-top: 2px; }
.card { border: 1px solid #d9e2ec; border-top: 4px solid #829ab1; border-radius: 6px; padding: 8px 12px; break-inside: avoid; page-break-inside: avoid; font-size: 14px; }
.card.gaps { border-top-color: #b45309; }
.card.strengths { border-top-color: #2f7d4f; }
.card.disagree { border-top-color: #6b4fa0; }
.card.trend { border-top-color: #2f6f8f; }
.card h3 { margin: 2px 0 6px; font-size: 16px; }
.card ol, .card ul { margin: 0; padding-left: 20px; }
.card li { margin: 3px 0; }
.muted { color: #52606d; }
.small { font-size: 13px; }
.notice { background: #fff7e6; border-left: 4px solid #b45309; padding: 6px 12px; margin: 8px 0; font-size: 14px; break-inside: avoid; }
.notice.ok { background: #f0f4f8; border-left-color: #2f6f8f; }
ul.acts { list-style: none; padding-left: 4px; margin: 1px 0 4px; font-size: .92em; color: #243b53; }
ul.acts li { margin: 0; }
ul.acts li.wtd { color: #52606d; }
.late { color: #b42318; font-weight: 600; }
table { width: 100%; border-collapse: collapse; font-size: 13.5px; margin: 6px 0 12px; }
thead { display: table-header-group; }
th { text-align: left; background: #f0f4f8; color: #243b53; font-weight: 600; }
th, td { padding: 5px 7px; border-bottom: 1px solid #d9e2ec; vertical-align: top; overflow-wrap: break-word; }
table.fixed { table-layout: fixed; }
table.fixed td, table.fixed th { overflow-wrap: anywhere; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; }
thead th.num { white-space: normal; }
table.principles { break-before: avoid; }
p.small.muted { break-after: avoid; }
.note { white-space: pre-line; }
ul.trend { columns: 3; list-style: none; padding: 0; margin: 4px 0; font-size: 14px; }
ul.trend li { break-inside: avoid; margin: 2px 0; }
.id { font-size: 11.5px; color: #52606d; display: block; }
.flag { font-weight: 600; color: #6b4fa0; }
section { break-inside: auto; }
section.block { break-inside: avoid; page-break-inside: avoid; }
section.sources { break-after: avoid; page-break-after: avoid; }  /* a short list: not alone at a page's foot */
.details { break-before: auto; }
h1, h2, h3, .kicker, .lead { break-after: avoid; page-break-after: avoid; }
h2 + p, h3 + p { break-before: avoid; }
td, li, p, dd, .note, bdi { overflow-wrap: anywhere; }
thead th { overflow-wrap: normal; word-break: normal; }
table.principles td.num { white-space: normal; }
table.principles td, table.principles th { overflow-wrap: normal; }
footer { margin-top: 24px; font-size: 12px; color: #52606d; border-top: 1px solid #d9e2ec; padding-top: 6px; }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 21pt; margin: 2pt 0 2pt; } h2 { font-size: 15pt; margin: 12pt 0 6pt; } h3 { font-size: 12pt; }
  .org { font-size: 13pt; margin-bottom: 4pt; }
  .card { padding: 3pt 8pt 4pt; }
  .card h3 { font-size: 10.5pt; margin: 2pt 0 3pt; }
  .side { gap: 6pt; }
  .top, .bottom { margin: 3pt 0; gap: 10pt; }
  figure figcaption { margin-top: 0; }
  .key b { font-size: 15pt; }
  .key { padding: 4px 10px; }
  .key span { font-size: 8pt; }
  .keys { margin: 4px 0; gap: 8px; }
  figcaption { font-size: 8pt; }
  .card li { margin: 1px 0; }
  .summary h3 { font-size: 11pt; margin: 8px 0 2px; }
  .notice { font-size: 9.5pt; padding: 4px 10px; margin: 6px 0; }
  .summary p { font-size: 9.5pt; }
  table { font-size: 9pt; }
  .card { font-size: 9.5pt; }
  dl.facts { font-size: 9.5pt; }
}
@media screen and (max-width: 700px) { .top, .bottom, .keys { grid-template-columns: 1fr; } dl.facts { grid-template-columns: max-content 1fr; } ul.trend { columns: 1; } main { padding: 6mm; } }
"""


STEP_CSS = """
section.step.next { break-before: auto; margin-top: 18px; }
.stepno { display: inline-block; font-size: 13px; font-weight: 600; color: #fff; background: #2f6f8f; border-radius: 4px; padding: 1px 8px; margin-right: 6px; vertical-align: 3px; }
p.lead { font-size: 15px; color: #243b53; margin: 4px 0 8px; }
.theme { border: 1px solid #d9e2ec; border-left: 4px solid #2f6f8f; border-radius: 6px; padding: 6px 14px 10px; margin: 10px 0; break-inside: avoid; page-break-inside: avoid; font-size: 14px; }
.theme h3 { margin: 4px 0 2px; }
.tscore { font-weight: 600; color: #243b53; margin: 0 0 6px; }
.qhead { font-weight: 600; margin: 6px 0 2px; }
ol.questions { margin: 0 0 8px; padding-left: 22px; }
ol.questions li { margin: 2px 0; }
.tnote { background: #f0f4f8; border-radius: 4px; padding: 6px 10px; }
.tnote b { display: block; color: #243b53; }
.tnote.empty { background: none; padding: 0; margin: 4px 0 0; color: #52606d; }
.tnote.empty b { display: inline; color: #52606d; font-weight: 600; }
table.themes td.tbar { white-space: nowrap; }
.mbar { display: inline-block; width: 90px; height: 10px; background: #f0f4f8; border: 1px solid #d9e2ec; border-radius: 2px; margin-right: 8px; vertical-align: -1px; }
.mbar span { display: block; height: 100%; background: #2f6f8f; }
table.agenda tr.group th { background: #fff; color: #102a43; font-size: 15px; padding-top: 12px; border-bottom: 2px solid #d9e2ec; }
@media print {
  .theme { font-size: 9.5pt; padding: 3pt 8pt 5pt; margin: 6pt 0; }
  p.lead { font-size: 10.5pt; }
  .stepno { font-size: 9pt; }
  table.agenda tr.group th { font-size: 10.5pt; }
}
"""
"""Only in a report with steps (so reports without steps stay byte for byte as they were)."""


def render_html(r: Report) -> str:
    h = r.header
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(r.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="referrer" content="no-referrer">',
        f'<meta name="generator" content="selfcheck (format {r.format_version})">',
        f"<title>{_e(h.title)} — {_e(h.organisation)}</title>",
        f"<style>{CSS + (STEP_CSS if r.steps else '')}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    out += _header(r)
    out += _summary(r)
    out.append('<div class="details">')
    out += _principles_table(r)
    if r.steps:
        out += _steps(r)
    else:
        out += _actions(r)
        out += _sections(r)
    out += _method(r)
    out.append("</div>")
    out.append(f"<footer>{_e(c.generated_text(r))}</footer>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def _header(r: Report) -> list[str]:
    h = r.header
    out = ["<header>", f'<p class="kicker">{_e(t("x.kicker"))}</p>', f"<h1>{_u(h.title)}</h1>"]
    sub = h.organisation + (f" · {', '.join(h.teams)}" if h.teams else "")
    out.append(f'<p class="org">{_u(sub)}</p>')
    out.append('<dl class="facts">')
    for label, value in c.header_lines(r)[2 if h.teams else 1 :]:
        out.append(f"<dt>{_e(label)}</dt><dd>{_u(value)}</dd>")
    out.append("</dl>")
    out.append("</header>")
    return out


def _summary(r: Report) -> list[str]:
    out = ['<section class="summary">', f"<h2>{_e(t('x.summary'))}</h2>"]
    # Coverage first: before any score, how many principles this report can speak about.
    cls = "notice" if not r.complete else "notice ok"
    out.append(f'<p class="{cls}"><b>{_e(c.coverage_line(r))}</b> {_e(c.self_assessment_line(r))}</p>')
    keys = c.key_figures(r)
    out.append(
        '<div class="keys">'
        + "".join(f'<div class="key"><b>{_e(v)}</b><span>{_e(k)}</span></div>' for v, k in keys)
        + "</div>"
    )
    out.append('<div class="top">')
    out.append(_radar(r))
    out.append('<div class="side">')
    out += _gaps_card(r)
    out += _strengths_card(r)
    out.append("</div></div>")
    out.append(_bars(r))
    out.append('<div class="bottom">')
    out += _disagreements_card(r)
    out.append('<div class="side">')
    if r.trend is not None:
        out.append(f'<div class="card trend"><h3>{_e(c.trend_title(r))}</h3>')
        out.append(f"<p>{_e(c.trend_summary(r) if r.trend.changes else t('x.no_trend'))}</p></div>")
    lines = c.attention_lines(r)
    if lines:
        out.append(f'<div class="notice"><b>{_e(c.attention_title(r))}.</b> {_e("; ".join(lines))}.</div>')
    out.append("</div></div>")
    out.append("</section>")
    return out


def _card(kind: str, title: str, tag: str, entries: list[str], empty: str, after: list[str] | None = None) -> list[str]:
    """A card of the summary: its title, then its entries (`<li>` lines) in an `<ol>` or `<ul>`
    and what comes `after` them, or one line saying there are none."""
    out = [f'<div class="card {kind}"><h3>{_e(title)}</h3>']
    if entries:
        out += [f"<{tag}>", *entries, f"</{tag}>", *(after or [])]
    else:
        out.append(f"<p>{_e(empty)}</p>")
    out.append("</div>")
    return out


def _gaps_card(r: Report) -> list[str]:
    entries = []
    for p in r.gaps:
        acts = "".join(f"<li>{_u(line)}</li>" for line in c.gap_actions(r, p))
        entries.append(
            f"<li><b>{_e(c.principle_label(p, short=True))}</b> — {_e(c.gap_line(p))}"
            f'<ul class="acts"><li class="wtd">{_e(t("x.what_we_do"))}:</li>{acts}</ul></li>'
        )
    return _card("gaps", c.gaps_title(r), "ol", entries, c.no_gaps_text(r))


def _strengths_card(r: Report) -> list[str]:
    entries = [
        f"<li><b>{_e(c.principle_label(p, short=True))}</b> — {_e(c.strength_line(p))}</li>" for p in r.strengths
    ]
    return _card("strengths", t("r.strengths"), "ol", entries, c.no_strengths_text(r))


def _disagreements_card(r: Report) -> list[str]:
    entries = []
    for i in r.disagreements[:SUMMARY_DISAGREEMENTS]:
        detail = t("x.spread_votes", spread=fmt.value(i.spread), votes=c.votes_text(i))
        entries.append(f'<li>{_e(_short(i.text))} <span class="muted">({_u(_short(detail, 200))})</span></li>')
    more = len(r.disagreements) - SUMMARY_DISAGREEMENTS
    after = [f'<p class="small muted">{_e(c.more_in_items(r, more))}</p>'] if more > 0 else []
    empty = c.no_disagreements_text(r)
    return _card("disagree", t("r.disagreements"), "ul", entries, empty, after)


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- charts


def _radar(r: Report) -> str:
    ps = r.principles
    n = len(ps)
    W, H, cx, cy, R = 360, 300, 180, 146, 108
    title = t("x.radar_title")
    desc = "; ".join(f"{p.id}: {c.score_text(p)} ({t('r.col_target').lower()} {fmt.pct(p.target)})" for p in ps)
    out = [
        f'<figure><svg width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        f'role="img" aria-labelledby="radar-title radar-desc">',
        f'<title id="radar-title">{_e(title)}</title>',
        f'<desc id="radar-desc">{_e(desc)}</desc>',
    ]
    if n >= 3:
        for ring in RINGS:
            pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in radar_polygon([ring] * n, cx, cy, R))
            out.append(f'<polygon points="{pts}" fill="none" stroke="#d9e2ec" stroke-width="1"/>')
        for i in range(n):
            x, y = radar_point(i, n, 100, cx, cy, R)
            out.append(f'<line x1="{cx}" y1="{cy}" x2="{_n(x)}" y2="{_n(y)}" stroke="#d9e2ec" stroke-width="1"/>')
        for ring in (50,):
            x, y = radar_point(0, n, ring, cx, cy, R)
            out.append(f'<text x="{_n(x + 3)}" y="{_n(y + 10)}" font-size="9" fill="#829ab1">{ring}%</text>')
        target = " ".join(f"{_n(x)},{_n(y)}" for x, y in radar_polygon([p.target for p in ps], cx, cy, R))
        out.append(f'<polygon points="{target}" fill="none" stroke="#b45309" stroke-width="2" stroke-dasharray="5 3"/>')
        # An unmeasured principle is never drawn as 0: the score shape is drawn only when every
        # principle has a score; otherwise only the measured ones get a dot on their axis.
        if all(p.score is not None for p in ps):
            score = " ".join(f"{_n(x)},{_n(y)}" for x, y in radar_polygon([p.score or 0 for p in ps], cx, cy, R))
            out.append(
                f'<polygon points="{score}" fill="#2f6f8f" fill-opacity="0.25" stroke="#2f6f8f" stroke-width="2.5"/>'
            )
        for i, p in enumerate(ps):
            if p.score is not None:
                x, y = radar_point(i, n, p.score, cx, cy, R)
                out.append(
                    f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="#2f6f8f" stroke="#2f6f8f" stroke-width="1.5"/>'
                )
            lx, ly = radar_point(i, n, 120, cx, cy, R)
            anchor = label_anchor(i, n)
            value = fmt.pct(p.score) if p.score is not None else "?"
            out.append(
                f'<text x="{_n(lx)}" y="{_n(ly - 2)}" text-anchor="{anchor}" font-size="13" font-weight="600" '
                f'fill="#243b53">{_e(p.id + ("*" if p.working_title else ""))}</text>'
            )
            out.append(
                f'<text x="{_n(lx)}" y="{_n(ly + 11)}" text-anchor="{anchor}" font-size="12" fill="#243b53">{_e(value)}</text>'
            )
    # legend
    ly = H - 8
    out.append(f'<line x1="90" y1="{ly - 4}" x2="114" y2="{ly - 4}" stroke="#2f6f8f" stroke-width="3"/>')
    out.append(f'<text x="120" y="{ly}" font-size="12" fill="#243b53">{_e(t("x.legend_score"))}</text>')
    out.append(
        f'<line x1="200" y1="{ly - 4}" x2="224" y2="{ly - 4}" stroke="#b45309" stroke-width="2" stroke-dasharray="5 3"/>'
    )
    out.append(f'<text x="230" y="{ly}" font-size="12" fill="#243b53">{_e(t("x.legend_target"))}</text>')
    out.append("</svg>")
    out.append("</figure>")
    return "\n".join(out)


def _bars(r: Report) -> str:
    ps = r.principles
    row = 20
    top = 18
    W = 760
    label_w, bar_x, bar_w = 206, 214, 280
    H = top + row * len(ps) + 8
    title = t("x.bars_title")
    desc = "; ".join(
        f"{c.chart_label(p)}: {c.score_text(p)}, {t('r.col_target').lower()} {fmt.pct(p.target)}" for p in ps
    )
    out = [
        f'<figure><svg width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        f'role="img" aria-labelledby="bars-title bars-desc">',
        f'<title id="bars-title">{_e(title)}</title>',
        f'<desc id="bars-desc">{_e(desc)}</desc>',
    ]
    # scale header
    for tick in (0, 50, 100):
        x = bar_x + bar_w * tick / 100
        out.append(f'<text x="{_n(x)}" y="12" text-anchor="middle" font-size="10" fill="#829ab1">{tick}%</text>')
        out.append(f'<line x1="{_n(x)}" y1="16" x2="{_n(x)}" y2="{H - 6}" stroke="#eef1f4" stroke-width="1"/>')
    for k, p in enumerate(ps):
        y = top + k * row
        mid = y + row / 2
        label = c.chart_label(p)
        out.append(
            f'<text x="{label_w}" y="{_n(mid + 4)}" text-anchor="end" font-size="13" fill="#1f2933">{_e(_short(label, 30))}</text>'
        )
        out.append(f'<rect x="{bar_x}" y="{_n(mid - 7)}" width="{bar_w}" height="14" fill="#f0f4f8" rx="2"/>')
        if p.score is not None:
            w = bar_w * max(0.0, min(100.0, p.score)) / 100
            out.append(f'<rect x="{bar_x}" y="{_n(mid - 7)}" width="{_n(w)}" height="14" fill="#2f6f8f" rx="2"/>')
            text = c.bar_text(p)
        else:
            out.append(
                f'<rect x="{bar_x}" y="{_n(mid - 7)}" width="{bar_w}" height="14" fill="none" stroke="#9fb3c8" '
                f'stroke-dasharray="3 3" rx="2"/>'
            )
            text = c.score_text(p)
        tx = bar_x + bar_w * max(0.0, min(100.0, p.target)) / 100
        out.append(
            f'<line x1="{_n(tx)}" y1="{_n(mid - 10)}" x2="{_n(tx)}" y2="{_n(mid + 10)}" stroke="#b45309" stroke-width="3"/>'
        )
        out.append(f'<text x="{bar_x + bar_w + 8}" y="{_n(mid + 4)}" font-size="12" fill="#1f2933">{_e(text)}</text>')
    out.append("</svg>")
    caption = t("x.bars_caption") + (" " + t("x.bars_caption_trend") if r.trend is not None else "")
    if r.working_titles:
        caption += " " + t("x.working_title_note", ids=", ".join(r.working_titles))
    out.append(f"<figcaption>{_e(caption)}</figcaption></figure>")
    return "\n".join(out)


# --- detail sections


def _principles_table(r: Report) -> list[str]:
    out = [
        "<section>",
        f"<h2>{_e(t('r.principles'))}</h2>",
        f'<p class="small muted">{_e(t("x.table_twin"))}</p>',
        '<table class="principles">',
        "<thead><tr>",
    ]
    cols = [(t(key), cls) for key, cls in c.PRINCIPLE_COLUMNS]
    if r.trend is not None:
        cols.append((t("x.col_trend_pp"), "num"))
    out.append("".join(f'<th scope="col" class="{cls}">{_e(label)}</th>' for label, cls in cols))
    out.append("</tr></thead><tbody>")
    for p in r.principles:
        cells = [f'<th scope="row">{_e(c.principle_label(p))}</th>'] + [
            f'<td class="num">{_e(v)}</td>' for v in c.principle_cells(p, r.header.voted)
        ]
        if r.trend is not None:
            cells.append(f'<td class="num">{_e(c.trend_cell(p))}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody></table>", "</section>"]
    return out


def _actions(r: Report) -> list[str]:
    out = ["<section>", f"<h2>{_e(t('r.actions'))}</h2>"]
    if not r.actions:
        out += [f"<p>{_e(t('r.no_actions'))}</p>", "</section>"]
        return out
    out += _action_table(r.actions)
    out.append("</section>")
    return out


def _action_table(actions: list[ActionRow]) -> list[str]:
    out = [
        '<table class="fixed"><colgroup><col style="width:38%"><col style="width:16%"><col style="width:17%">'
        '<col style="width:11%"><col style="width:18%"></colgroup><thead><tr>'
        + "".join(
            f'<th scope="col">{_e(t(k))}</th>'
            for k in ("r.col_what", "r.col_who", "r.col_due", "r.col_status", "x.col_about")
        )
        + "</tr></thead><tbody>"
    ]
    for x in actions:
        about = "; ".join(x.about_labels())
        out.append(
            f"<tr><td>{_u(x.what)}</td><td>{_u(x.who) or '–'}</td><td>{_e(c.action_due(x.due))}</td>"
            f"<td{_late(x)}>{_e(c.status_text(x))}</td>"
            f'<td class="small">{_u(about) or "–"}</td></tr>'
        )
    out.append("</tbody></table>")
    return out


def _late(x: ActionRow) -> str:
    return ' class="late"' if x.overdue else ""


def _sections(r: Report) -> list[str]:
    out = ["<section>", f"<h2>{_e(t('r.items'))}</h2>", f'<p class="small muted">{_e(t("x.items_intro"))}</p>']
    combined = r.header.kind == "combined"
    for s in r.sections:
        title = f"{s.questionnaire_title} — {s.title}" if combined else s.title
        out += _item_table(title, s.items)
    out.append("</section>")
    return out


def _item_table(title: str, items: list[ItemRow]) -> list[str]:
    out = [
        f"<h3>{_e(title)}</h3>",
        '<table class="fixed"><colgroup><col style="width:40%"><col style="width:18%"><col style="width:16%">'
        '<col style="width:26%"></colgroup><thead><tr>'
        + "".join(
            f'<th scope="col">{_e(t(k))}</th>'
            for k in ("x.col_statement", "x.col_team_score", "r.col_votes", "r.col_note")
        )
        + "</tr></thead><tbody>",
    ]
    out += [_item_row(i) for i in items]
    out.append("</tbody></table>")
    return out


def _item_row(i: ItemRow) -> str:
    flags = []
    if i.disagreement:
        flags.append(f'<span class="flag">{_e(t("x.flag_disagree", spread=fmt.value(i.spread)))}</span>')
    if i.discuss:
        flags.append(f'<span class="flag">{_e(t("x.flag_discuss"))}</span>')
    votes = "<br>".join(f"{_u(v.name)}: {_e(v.text)}" for v in i.votes) or _e(c.distribution_text(i)) or "–"
    principles = _e(t("x.serves", principles=c.principles_text(i)))
    return (
        f'<tr><td><span class="id">{i.number} · {principles}</span>{_e(i.text)}</td>'
        f"<td>{_e(c.value_text(i))}{'<br>' + '<br>'.join(flags) if flags else ''}</td>"
        f"<td>{votes}</td>"
        f'<td class="note" dir="auto">{_e(i.note) if i.note else "–"}</td></tr>'
    )


def _method(r: Report) -> list[str]:
    out = ['<section class="block">', f"<h2>{_e(t('r.method'))}</h2>", f"<p>{_e(r.method)}</p>"]
    levels = ", ".join(f"{v} = {label}" for v, label in r.scale.levels)
    out.append(f"<p>{_e(t('x.scale_line', levels=levels))}</p>")
    if r.working_titles:
        out.append(f"<p>{_e(t('x.working_title_method', ids=', '.join(r.working_titles)))}</p>")
    out += [f"<p>{_e(rc.text)}</p>" for rc in r.reconstructed]  # issue 15
    out.append("</section>")
    if r.sources:
        out.append('<section class="block sources">')
        out.append(f'<h3>{_e(t("r.sources"))}</h3><ul class="small">')
        for s in r.sources:
            out.append(
                f"<li>{_e(s.publisher)} ({s.year_text}). {_e(s.title)}.{(' ' + _e(s.url)) if s.url else ''}</li>"
            )
        out.append("</ul></section>")
    out += _appendix(r)
    return out


def _appendix(r: Report) -> list[str]:
    """The technical appendix: the only place internal ids appear (for whoever links the
    report to the files)."""
    out = [
        '<section class="appendix">',
        f"<h3>{_e(t('x.appendix'))}</h3>",
        f'<p class="small muted">{_e(t("x.appendix_intro"))}</p>',
        '<table class="fixed small"><colgroup><col style="width:10%"><col style="width:45%"><col style="width:45%">'
        "</colgroup><thead><tr>"
        + "".join(f'<th scope="col">{_e(t(k))}</th>' for k in ("x.col_statement_no", "x.col_id", "x.col_questionnaire"))
        + "</tr></thead><tbody>",
    ]
    for i in r.items():
        out.append(f"<tr><td>{i.number}</td><td>{_e(i.id)}</td><td>{_e(i.questionnaire)}</td></tr>")
    out.append("</tbody></table></section>")
    return out


# --- steps (a questionnaire that declares steps: statements, discussion per theme, action agenda)


def _steps(r: Report) -> list[str]:
    out: list[str] = []
    for n, st in enumerate(r.steps):
        out.append('<section class="step">' if n == 0 else '<section class="step next">')
        out.append(f'<h2><span class="stepno">{_e(t("ui.step", n=st.number))}</span> {_e(st.title)}</h2>')
        if st.description:
            out.append(f'<p class="lead">{_e(st.description)}</p>')
        if st.sections:
            out.append(f'<p class="small muted">{_e(t("steps.statements_intro"))}</p>')
            for s in st.sections:
                out += _item_table(s.title, s.items)
        if st.themes:
            out += _themes_overview(r, st)
            out.append(f'<p class="small muted">{_e(c.discussion_intro(r, st))}</p>')
            for th in st.themes:
                out += _theme(r, th)
        if st.actions is not None:
            out += _agenda_by_theme(st)
        out.append("</section>")
    if r.loose_sections:
        out += ["<section>", f"<h2>{_e(t('steps.other_sections'))}</h2>"]
        for s in r.loose_sections:
            out += _item_table(s.title, s.items)
        out.append("</section>")
    return out


def _theme(r: Report, th: ThemeRow) -> list[str]:
    out = ['<div class="theme">', f"<h3>{_e(th.title)}</h3>", f'<p class="tscore">{_e(c.theme_score_text(r, th))}</p>']
    if th.questions:
        out.append(f'<p class="qhead">{_e(t("steps.questions"))}</p><ol class="questions">')
        out += [f"<li>{_e(q)}</li>" for q in th.questions]
        out.append("</ol>")
    if th.note:
        out += [
            f'<div class="tnote"><b>{_e(t("steps.note"))}</b>',
            f'<div class="note" dir="auto">{_e(th.note)}</div>',
            "</div>",
        ]
    else:
        out.append(f'<p class="tnote empty"><b>{_e(t("steps.note"))}:</b> {_e(t("steps.no_note"))}</p>')
    out.append("</div>")
    return out


def _themes_overview(r: Report, st: StepBlock) -> list[str]:
    """The themes at a glance: where to start the discussion (lowest score, most disagreement)."""
    heads = [
        ("ui.theme", ""),
        ("r.col_score", ""),
        ("steps.col_scored", "num"),
        ("r.col_disagree", "num"),
        ("steps.col_note", ""),
        ("steps.col_actions", "num"),
    ]
    out = [
        f"<h3>{_e(t('steps.overview'))}</h3>",
        '<table class="themes"><thead><tr>'
        + "".join(f'<th scope="col" class="{cls}">{_e(t(k))}</th>' for k, cls in heads)
        + "</tr></thead><tbody>",
    ]
    for th in st.themes:
        score, scored, disagree, note, actions = c.theme_cells(r, th)
        bar = ""
        if th.score is not None:
            bar = f'<span class="mbar" aria-hidden="true"><span style="width:{_n(max(0.0, min(100.0, th.score)))}%"></span></span>'
        out.append(
            f'<tr><th scope="row">{_e(th.title)}</th><td class="tbar">{bar}{_e(score)}</td>'
            f'<td class="num">{_e(scored)}</td><td class="num">{_e(disagree)}</td><td>{_e(note)}</td>'
            f'<td class="num">{_e(actions)}</td></tr>'
        )
    out.append("</tbody></table>")
    return out


def _agenda_by_theme(st: StepBlock) -> list[str]:
    """One table; a header row per theme, its actions under it; actions without a theme last."""
    assert st.actions is not None
    if not st.actions:
        return [f"<p>{_e(t('r.no_actions'))}</p>"]
    out = [
        f'<p class="small muted">{_e(t("steps.actions_intro"))}</p>',
        '<table class="fixed agenda"><colgroup><col style="width:38%"><col style="width:16%"><col style="width:17%">'
        '<col style="width:11%"><col style="width:18%"></colgroup><thead><tr>'
        + "".join(
            f'<th scope="col">{_e(t(k))}</th>'
            for k in ("r.col_what", "r.col_who", "r.col_due", "r.col_status", "x.col_about")
        )
        + "</tr></thead>",
    ]
    for g in st.actions:
        out.append(f'<tbody><tr class="group"><th colspan="5" scope="rowgroup">{_e(g.title)}</th></tr>')
        for x in g.actions:
            about = "; ".join(x.about_labels(g.section))
            out.append(
                f"<tr><td>{_u(x.what)}</td><td>{_u(x.who) or '–'}</td><td>{_e(c.action_due(x.due))}</td>"
                f"<td{_late(x)}>{_e(c.status_text(x))}</td>"
                f'<td class="small">{_u(about) or "–"}</td></tr>'
            )
        out.append("</tbody>")
    out.append("</table>")
    if st.themes_without_actions:
        out.append(
            f'<p class="small muted">{_e(t("steps.without_actions", themes="; ".join(st.themes_without_actions)))}</p>'
        )
    return out
