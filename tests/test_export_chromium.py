"""The HTML report in a real browser: headless Chromium takes a screenshot of the first page,
the charts have a size, and the page loads nothing from outside.

Skipped when Chromium is not installed (.ci/run installs the Debian package `chromium`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_export import GENERATED, ROUND, golden_workspace

from selfcheck.core.export import export_analysis

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-extensions",
    "--window-size=1240,1754",
]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=180
    )


@pytest.fixture
def page(tmp_path: Path) -> Path:
    ws = golden_workspace(tmp_path / "ws")
    return export_analysis(ws, ws.assessments_dir / ROUND, "html", generated=GENERATED)


def test_first_page_screenshot(page: Path, tmp_path: Path) -> None:
    png = tmp_path / "page1.png"
    out = _chromium(tmp_path, f"--screenshot={png}", page.resolve().as_uri())
    assert png.is_file(), out.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 30_000, "a screenshot of a real page, not a blank one"


def test_charts_are_present_and_have_a_size(page: Path, tmp_path: Path) -> None:
    out = _chromium(tmp_path, "--dump-dom", page.resolve().as_uri())
    dom = out.stdout
    assert "<main>" in dom, out.stderr[-2000:]
    svgs = re.findall(r"<svg\b[^>]*>", dom)
    assert len(svgs) == 2
    for tag in svgs:
        width = re.search(r'\bwidth="(\d+)"', tag)
        height = re.search(r'\bheight="(\d+)"', tag)
        assert width and height and int(width.group(1)) >= 300 and int(height.group(1)) >= 200, tag
        assert 'role="img"' in tag
    # rings and target; the score shape is drawn only when every principle has a score (issue 12:
    # an unmeasured principle is never drawn as 0) and the golden round's P7 has too few answers
    assert dom.count("<polygon") >= 5, "rings and target polygons of the radar"
    assert 'fill-opacity="0.25"' not in dom
    assert dom.count("<rect") >= 18, "a track and a bar per principle"


def test_the_page_loads_nothing_from_outside(page: Path, tmp_path: Path) -> None:
    html = page.read_text("utf-8")
    # No attribute that makes a browser fetch or follow anything ...
    assert not re.search(r"""\b(src|href|srcset|action|poster|data|background|xlink:href)\s*=""", html, re.I)
    assert not re.search(r"url\s*\(|@import|@font-face", html, re.I)
    # ... and any http(s) address is plain text between tags (a source named in the report).
    for m in re.finditer(r"https?://", html):
        before = html[: m.start()]
        assert before.rfind("<") < before.rfind(">"), html[m.start() - 80 : m.start() + 40]
    # Chromium with networking features off renders it completely (the screenshot works offline).
    pdf = tmp_path / "print.pdf"
    _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.resolve().as_uri())
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-")
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    first = reader.pages[0]
    assert abs(float(first.mediabox.width) - 595) < 3 and abs(float(first.mediabox.height) - 842) < 3, "A4"
    text = " ".join(first.extract_text().split())
    assert "Samenvatting" in text and "Het verst van het doel" in text, "the summary is on the first printed page"
