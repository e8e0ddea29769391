"""Issue 12: the HTML report printed to A4 by a real browser (headless Chromium, --print-to-pdf)
has no page that is mostly empty and no heading left alone at the foot of a page; a
300-character word in a name or note does not break the layout. The PDF is read back with
pypdf: where on each page its text is.

Skipped when Chromium is not installed (.ci/run installs the Debian package `chromium`).
"""

from __future__ import annotations

import html as htmlmod
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_export import GENERATED, ROUND, golden_workspace

from selfcheck.core.export import analysis_for, build_report, render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
STEPPED = "gemeente-toetsstad_toets-stappen_2026-10-27.toml"


def print_pdf(page: Path, tmp_path: Path) -> bytes:
    """The page printed to A4 by headless Chromium, in a fresh profile."""
    out = tmp_path / (page.stem + ".pdf")
    profile = tmp_path / f"profile-{page.stem}"
    assert CHROMIUM is not None
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.is_file(), done.stderr[-2000:]
    return out.read_bytes()


def page_lines(pdf: bytes) -> list[tuple[float, list[tuple[float, str]]]]:
    """Per page: (page height, [(distance from the top, text line), ...] top to bottom)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        found: dict[float, list[str]] = {}

        def visit(text: str, cm: object, tm: list[float], font: object, size: object) -> None:
            if text.strip():
                y = round(height - float(tm[5]) * float(cm[3]) - float(cm[5]), 0)  # type: ignore[index]
                found.setdefault(y, []).append(text.strip())

        page.extract_text(visitor_text=visit)
        pages.append((height, [(y, " ".join(parts)) for y, parts in sorted(found.items())]))
    return pages


def headings(page_html: str) -> set[str]:
    out = set()
    for m in re.finditer(r"<h[23][^>]*>(.*?)</h[23]>", page_html, flags=re.S):
        text = htmlmod.unescape(re.sub(r"<[^>]+>", " ", m.group(1)))
        out.add(" ".join(text.split()))
    return out


def check_pages(pdf: bytes, page_html: str) -> None:
    pages = page_lines(pdf)
    heads = headings(page_html)
    assert len(pages) >= 2
    for n, (height, lines) in enumerate(pages, 1):
        assert lines, f"page {n} is empty"
        if n < len(pages):
            lowest = lines[-1][0]
            assert lowest > 0.5 * height, (
                f"page {n} is mostly empty: its text ends at {lowest / height:.0%} of the page"
            )
            # a heading in the page's last two lines stands alone (at most its intro line follows)
            for _y, line in lines[-2:]:
                last = " ".join(line.split())
                assert not any(last and (last == h or h.startswith(last)) for h in heads), (
                    f"page {n} ends with a heading alone: {last!r}"
                )


@pytest.mark.parametrize("name", [ROUND, STEPPED])
def test_printed_report_has_no_mostly_empty_page_and_no_lonely_heading(tmp_path: Path, name: str) -> None:
    ws = golden_workspace(tmp_path / "ws")
    r = build_report(analysis_for(ws, ws.load(ws.assessments_dir / name)), lang="nl", generated=GENERATED)
    page = tmp_path / "report.html"
    page.write_bytes(render(r, "html"))
    check_pages(print_pdf(page, tmp_path), page.read_text("utf-8"))


def test_a_300_character_word_does_not_break_the_layout(tmp_path: Path) -> None:
    ws = golden_workspace(tmp_path / "ws")
    a = ws.load(ws.assessments_dir / ROUND)
    word = "Zeerlangwoord" * 23  # 299 characters, no space to break at
    a.team = word
    a.participants = [word[:300]] + a.participants[1:]
    a.answers = {k: v for k, v in a.answers.items()}
    for ans in a.answers.values():
        if ans.votes and a.participants[0] not in ans.votes:
            ans.votes = {(word[:300] if k == "Anouk" else k): v for k, v in ans.votes.items()}
    a.answers["t-doelgroep"].note = word
    a.actions[0].what = word
    a.actions[0].who = word[:300]
    r = build_report(analysis_for(ws, a), lang="nl", generated=GENERATED, votes="named")
    page = tmp_path / "long.html"
    page.write_bytes(render(r, "html"))
    pdf = print_pdf(page, tmp_path)
    plain = build_report(analysis_for(ws, ws.load(ws.assessments_dir / ROUND)), lang="nl", generated=GENERATED)
    base = tmp_path / "plain.html"
    base.write_bytes(render(plain, "html"))
    base_pdf = print_pdf(base, tmp_path)
    # A word wider than the page makes Chromium shrink every page to fit it: the body text
    # would then start lower-left of where it starts in the plain report, or pages would grow
    # sideways. Same page size, and the same first heading at the same place.
    from pypdf import PdfReader

    for doc in (PdfReader(io.BytesIO(pdf)), PdfReader(io.BytesIO(base_pdf))):
        assert all(round(float(p.mediabox.width)) == 595 for p in doc.pages), "A4 portrait"
    first = page_lines(pdf)[0][1]
    first_plain = page_lines(base_pdf)[0][1]
    assert first[1][1] == first_plain[1][1] and abs(first[1][0] - first_plain[1][0]) < 2, (first[:3], first_plain[:3])
    text = " ".join(line for _h, lines in page_lines(pdf) for _y, line in lines)
    assert "Zeerlangwoord" in text
