"""The benchmark (selfcheck/core/benchmark.py) as HTML, Markdown and CSV.

The same escaping as the management reports: HTML through `html._e`/`_u` (html.escape with
quote=True, user text in <bdi>, no script, no link, a CSP meta tag); Markdown through
`markdown.md`; CSV through `csv.safe_cell` (formula injection), UTF-8 with BOM, ';' and a
decimal comma for nl, ',' and a decimal point for en. Texts are those of the text output
(`core.benchmark`), so the formats say the same.
"""

from __future__ import annotations

import csv as _csv
import io
from pathlib import Path

from selfcheck.core import benchmark as bm
from selfcheck.core.errors import SelfcheckError, display_path
from selfcheck.core.export.csv import dialect_for, number, safe_cell
from selfcheck.core.export.html import _e, _u
from selfcheck.core.export.markdown import md
from selfcheck.core.export.model import clean
from selfcheck.core.storage import Workspace, atomic_write, safe_child
from selfcheck.i18n import language, t

FORMATS = {"text": "txt", "html": "html", "md": "md", "csv": "csv"}


def render_benchmark(b: bm.Benchmark, fmt_name: str) -> bytes:
    """The benchmark in one format, in the current language."""
    lang = language()
    if fmt_name == "text":
        return bm.benchmark_text(b, lang).encode("utf-8")
    if fmt_name == "html":
        return render_html(b, lang).encode("utf-8")
    if fmt_name == "md":
        return render_markdown(b, lang).encode("utf-8")
    if fmt_name == "csv":
        return render_csv(b, lang)
    raise SelfcheckError(t("x.bad_format", fmt=fmt_name, formats=", ".join(FORMATS)))


def write_benchmark(ws: Workspace, b: bm.Benchmark, fmt_name: str, output: Path | None) -> Path:
    """Write atomically: into the workspace's exports/ by default, into a folder given, or to
    the file given (its folder must exist). Returns the path written."""
    data = render_benchmark(b, fmt_name)
    name = bm.default_name(b, FORMATS[fmt_name])
    if output is None:
        ws.ensure()
        path = safe_child(ws.exports_dir, name)
    else:
        output = Path(output).expanduser()
        if output.is_dir() or str(output).endswith(("/", "\\")):
            output.mkdir(parents=True, exist_ok=True)
            path = safe_child(output, name)
        elif not output.parent.is_dir():
            raise SelfcheckError(t("x.no_folder", path=display_path(output.parent)))
        else:
            path = output
    atomic_write(path, data)
    return path


# --- HTML

CSS = """
@page { size: A4; margin: 14mm; }
body { margin: 0; background: #eef1f4; color: #1f2933; font: 16px/1.5 "Segoe UI", "Source Sans Pro", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 200mm; margin: 0 auto; background: #fff; padding: 14mm; }
h1 { font-size: 28px; line-height: 1.2; margin: 4px 0 8px; color: #102a43; }
h2 { font-size: 20px; margin: 24px 0 8px; color: #102a43; border-bottom: 2px solid #d9e2ec; padding-bottom: 4px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; font-size: 14px; }
dt { color: #52606d; } dd { margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 13.5px; margin: 6px 0 12px; }
th { text-align: left; background: #f0f4f8; color: #243b53; font-weight: 600; }
th, td { padding: 5px 7px; border-bottom: 1px solid #d9e2ec; vertical-align: middle; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
svg { display: block; }
.notice { background: #fff7e6; border-left: 4px solid #b45309; padding: 8px 12px; margin: 10px 0; }
.muted { color: #52606d; font-size: 13px; }
footer { margin-top: 24px; font-size: 12px; color: #52606d; border-top: 1px solid #d9e2ec; padding-top: 6px; }
@media print { body { background: #fff; } main { padding: 0; max-width: none; } }
"""


def _box(pb: bm.PrincipleBenchmark) -> str:
    """A box from Q1's band to Q3's band with the median's band outlined and --org's score as a
    diamond, 0–100 %.
    The numbers are in the table beside it: the chart never carries meaning alone."""
    if not pb.shown or pb.q1 is None or pb.q3 is None or pb.median is None:
        return ""
    w, h, pad = 160, 18, 7  # the padding keeps a diamond at 0 or 100 % whole

    def x(v: float) -> str:
        return f"{pad + max(0.0, min(100.0, v)) / 100 * w:.1f}"

    parts = [
        f'<svg width="{w + 2 * pad}" height="{h}" viewBox="0 0 {w + 2 * pad} {h}" role="img" aria-hidden="true">',
        f'<line x1="{pad}" y1="9" x2="{pad + w}" y2="9" stroke="#d9e2ec" stroke-width="2"/>',
        f'<rect x="{x(pb.q1)}" y="3" width="{(pb.q3 + bm.BAND - pb.q1) / 100 * w:.1f}" height="12" fill="#bcccdc"/>',
        f'<rect x="{x(pb.median)}" y="1" width="{bm.BAND / 100 * w:.1f}" height="16" fill="none" stroke="#102a43" '
        f'stroke-width="2"/>',
    ]
    if pb.own is not None:
        cx = float(x(pb.own))
        parts.append(f'<path d="M{cx:.1f} 2 L{cx + 6:.1f} 9 L{cx:.1f} 16 L{cx - 6:.1f} 9 Z" fill="#b45309"/>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(b: bm.Benchmark, lang: str) -> str:
    title = bm.title_text(b, lang)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_e(title)}</h1>",
        "<dl>",
    ]
    for label, value in bm.facts(b, lang):
        out.append(f"<dt>{_e(label)}</dt><dd>{_u(value)}</dd>")
    out.append("</dl>")
    if not b.enough:
        out.append(f'<p class="notice">{_e(bm.too_few_text(b))}</p>')
    else:
        head = bm.header_cells(b)
        out.append("<table><thead><tr>")
        out.append(
            "".join(f"<th{'' if i == 0 else ' class=num'}>{_e(h)}</th>" for i, h in enumerate(head))
            + f"<th>{_e(t('bm.col_chart'))}</th>"
        )
        out.append("</tr></thead><tbody>")
        for pb in b.principles:
            cells = bm.row_cells(b, pb, lang)
            row = [f"<td>{_e(cells[0])}</td>"] + [f'<td class="num">{_e(c)}</td>' for c in cells[1:]]
            out.append("<tr>" + "".join(row) + f"<td>{_box(pb)}</td></tr>")
        out.append("</tbody></table>")
        legend = t("bm.chart_legend") + (" " + t("bm.chart_legend_own") if b.org is not None else "")
        out.append(f'<p class="muted">{_e(legend)}</p>')
        if b.suppressed:
            out.append(
                f'<p class="notice">{_e(t("bm.suppressed", ids=", ".join(p.principle.id for p in b.suppressed), min=b.min_group))}</p>'
            )
        out.append(f"<h2>{_e(t('r.method'))}</h2><ul>")
        out += [f"<li>{_e(line)}</li>" for line in bm.method_lines(b)]
        out.append("</ul>")
    out.append(
        f"<footer>{_e(t('bm.generated', date=b.generated.date().isoformat(), time=b.generated.strftime('%H:%M')))}</footer>"
    )
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


# --- Markdown


def render_markdown(b: bm.Benchmark, lang: str) -> str:
    out = [f"# {md(bm.title_text(b, lang))}", ""]
    for label, value in bm.facts(b, lang):
        out.append(f"- **{md(label)}:** {md(value)}")
    out.append("")
    if not b.enough:
        out += [f"**{md(bm.too_few_text(b))}**", ""]
        return "\n".join(out)
    head = bm.header_cells(b)
    out.append("| " + " | ".join(md(h, table=True) for h in head) + " |")
    out.append("| " + " | ".join("---" if i == 0 else "---:" for i in range(len(head))) + " |")
    for pb in b.principles:
        out.append("| " + " | ".join(md(c, table=True) or " " for c in bm.row_cells(b, pb, lang)) + " |")
    out.append("")
    if b.suppressed:
        out += [f"_{md(t('bm.suppressed', ids=', '.join(p.principle.id for p in b.suppressed), min=b.min_group))}_", ""]
    out += [f"## {md(t('r.method'))}", ""]
    out += [f"- {md(line)}" for line in bm.method_lines(b)]
    out += [
        "",
        f"_{md(t('bm.generated', date=b.generated.date().isoformat(), time=b.generated.strftime('%H:%M')))}_",
        "",
    ]
    return "\n".join(out)


# --- CSV: one row per principle, numbers as numbers (2 decimals at most)


def render_csv(b: bm.Benchmark, lang: str) -> bytes:
    sep, decimal = dialect_for(lang)
    buf = io.StringIO()
    w = _csv.writer(buf, delimiter=sep, quotechar='"', quoting=_csv.QUOTE_MINIMAL, lineterminator="\r\n")
    if not b.enough:
        w.writerow([safe_cell(t("bm.too_few", n=b.organisations, min=b.min_group))])
        return buf.getvalue().encode("utf-8-sig")
    head = [
        t("bm.col_questionnaire"),
        t("r.col_principle"),
        t("bm.col_name"),
        "n",
        t("bm.col_shown"),
        t("bm.col_q1"),
        t("bm.col_median"),
        t("bm.col_q3"),
    ]
    if b.org is not None:
        head += [t("bm.col_organisation"), t("bm.col_own"), t("bm.col_standing")]
    w.writerow([safe_cell(h) for h in head])
    for pb in b.principles:
        row = [
            b.questionnaire.id,
            pb.principle.id,
            bm.principle_label(pb.principle, lang),
            bm.n_text(b, pb),
            t("val.yes") if pb.shown else t("val.no"),
            bm.band_text(pb.q1),
            bm.band_text(pb.median),
            bm.band_text(pb.q3),
        ]
        if b.org is not None:
            own = number(pb.own, decimal) if pb.own is not None else bm.own_text(pb)
            row += [clean(b.org), own, bm.standing_text(pb) if pb.position is not None else ""]
        w.writerow([safe_cell(c) for c in row])
    return buf.getvalue().encode("utf-8-sig")


__all__ = ["FORMATS", "render_benchmark", "write_benchmark", "render_html", "render_markdown", "render_csv"]
