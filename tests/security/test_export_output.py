"""`selfcheck export -o` writes a report, never over the data (issue 11.7, export part).

Before: ``-o`` accepted the assessment file itself (its answers became HTML), replaced a FIFO
and a device node with a regular file, and ``-o newdir/`` became a file called "newdir". Now
a trailing slash or an existing folder means "into this folder", and anything that is not a
regular file, or is an assessment or questionnaire, is refused with one line and left as it was.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import MINI, ROOT

from selfcheck.core.model import Answer, Assessment
from selfcheck.core.storage import Workspace

QUESTIONNAIRE = "inwoners-betrekken"
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")


def run(ws: Path, *args: str, cwd: Path | None = None, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SELFCHECK_WORKSPACE=str(ws), PYTHONIOENCODING="utf-8")
    try:
        return subprocess.run(
            [sys.executable, "-m", "selfcheck", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=cwd or ROOT,
            env=env,
            timeout=60,
            check=False,
            preexec_fn=None if umask is None else (lambda: os.umask(umask) and None),
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"selfcheck {' '.join(args)} hung")


def assessment(workspace: Workspace) -> Path:
    q = workspace.library.questionnaire(QUESTIONNAIRE)
    a = Assessment(questionnaire=q.id, questionnaire_version=q.version, organisation="Uitvoerdorp")
    a.answers[q.items[0].id] = Answer(score=2)
    return workspace.save(a)


def refused(r: subprocess.CompletedProcess[str], *words: str) -> None:
    assert r.returncode != 0, r.stdout + r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    for w in words:
        assert w in lines[0], lines[0]


def test_export_over_the_assessment_itself_is_refused(workspace: Workspace) -> None:
    path = assessment(workspace)
    before = path.read_bytes()
    r = run(workspace.root, "export", str(path), "-o", str(path))
    refused(r, "zelfscan", path.name)
    assert path.read_bytes() == before


def test_export_over_any_assessment_or_questionnaire_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    path = assessment(workspace)
    workspace.content_dir.mkdir(exist_ok=True)
    custom = workspace.content_dir / "mini.toml"
    custom.write_bytes(MINI.read_bytes())
    elsewhere = tmp_path / "kopie.toml"  # a copy outside the workspace: still someone's answers
    elsewhere.write_bytes(path.read_bytes())
    disguised = tmp_path / "antwoorden.html"  # named like a report, holding an assessment
    disguised.write_bytes(path.read_bytes())
    new_name = tmp_path / "nieuw.toml"  # not there yet, but a .toml is never a report
    for target in (custom, elsewhere, disguised, new_name, workspace.assessments_dir / "nieuw.html"):
        before = target.read_bytes() if target.exists() else None
        r = run(workspace.root, "export", str(path), "-o", str(target))
        refused(r, "zelfscan")
        assert (target.read_bytes() if target.exists() else None) == before, target


@posix_only
def test_export_does_not_replace_a_fifo_a_device_or_a_link(workspace: Workspace, tmp_path: Path) -> None:
    path = assessment(workspace)
    fifo = tmp_path / "rapport.html"
    os.mkfifo(fifo)
    refused(run(workspace.root, "export", str(path), "-o", str(fifo)), "pipe")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    link = tmp_path / "link.html"
    target = tmp_path / "elders.html"
    target.write_text("van iemand anders")
    link.symlink_to(target)
    refused(run(workspace.root, "export", str(path), "-o", str(link)), "link")
    assert link.is_symlink() and target.read_text() == "van iemand anders"
    device = tmp_path / "null.html"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (PermissionError, OSError):
        return  # not allowed to make device nodes here (not root): the FIFO and link cases stand
    refused(run(workspace.root, "export", str(path), "-o", str(device)), "apparaat")
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_trailing_slash_or_folder_means_into_that_folder(workspace: Workspace, tmp_path: Path) -> None:
    path = assessment(workspace)
    r = run(workspace.root, "export", str(path), "-o", str(tmp_path / "nieuwe-map") + "/")
    assert r.returncode == 0, r.stderr
    written = Path(r.stdout.strip())
    assert (tmp_path / "nieuwe-map").is_dir() and written.parent == (tmp_path / "nieuwe-map").resolve()
    assert written.name.startswith("uitvoerdorp") and written.suffix == ".html"
    existing = tmp_path / "bestaande-map"
    existing.mkdir()
    r = run(workspace.root, "export", str(path), "-f", "md", "-o", str(existing))
    assert r.returncode == 0, r.stderr
    assert Path(r.stdout.strip()).parent == existing.resolve()
    # relative, from another folder, with the slash
    r = run(workspace.root, "export", str(path), "-f", "csv", "-o", "rel/", cwd=tmp_path)
    assert r.returncode == 0 and Path(r.stdout.strip()).parent == (tmp_path / "rel").resolve(), r.stderr


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes and umask")
def test_folders_made_for_a_report_are_private_under_umask_000(workspace: Workspace, tmp_path: Path) -> None:
    path = assessment(workspace)
    r = run(workspace.root, "export", str(path), "-o", str(tmp_path / "a" / "b") + "/", umask=0)
    assert r.returncode == 0, r.stderr
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, (folder, oct(folder.stat().st_mode))
    assert stat.S_IMODE(Path(r.stdout.strip()).stat().st_mode) == 0o600


def test_trailing_slash_on_a_file_is_an_error(workspace: Workspace, tmp_path: Path) -> None:
    path = assessment(workspace)
    report = tmp_path / "rapport.html"
    report.write_text("oud")
    refused(run(workspace.root, "export", str(path), "-o", str(report) + "/"), "geen map")
    assert report.read_text() == "oud"


def test_an_earlier_report_is_replaced_as_before(workspace: Workspace, tmp_path: Path) -> None:
    path = assessment(workspace)
    report = tmp_path / "rapport.html"
    report.write_text("<html>oud</html>")
    r = run(workspace.root, "export", str(path), "-o", str(report))
    assert r.returncode == 0, r.stderr
    assert "Uitvoerdorp" in report.read_text(encoding="utf-8")
    refused(run(workspace.root, "export", str(path), "-o", str(tmp_path / "nergens" / "r.html")), "bestaat niet")
