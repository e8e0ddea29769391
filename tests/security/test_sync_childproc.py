"""Issue 11.1: every Python child process selfcheck starts imports only the installed selfcheck,
whatever the folder it runs in holds (a `selfcheck/` package, a module shadowing a library)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from selfcheck import __version__
from selfcheck.core.childproc import python_command, shell_command


def hostile_folder(folder: Path) -> Path:
    """A folder with a `selfcheck/` package and a `tomllib.py` that leave a marker when
    imported (what a collaborator could commit to a shared repository)."""
    marker = folder / "MARKER"
    code = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    (folder / "selfcheck").mkdir(parents=True)
    for name in ("__init__.py", "__main__.py", "cli.py", "serve.py"):
        (folder / "selfcheck" / name).write_text(code, "utf-8")
    (folder / "tomllib.py").write_text(code, "utf-8")
    return marker


def test_plain_python_m_runs_the_folders_code(tmp_path) -> None:
    """The attack itself: `python -m selfcheck` in that folder runs the folder's code."""
    marker = hostile_folder(tmp_path)
    subprocess.run([sys.executable, "-m", "selfcheck", "--version"], cwd=tmp_path, check=False, capture_output=True)
    assert marker.exists()


def test_python_command_runs_the_installed_selfcheck_in_a_hostile_folder(tmp_path) -> None:
    marker = hostile_folder(tmp_path)
    proc = subprocess.run(
        python_command("--version"),
        cwd=tmp_path,
        check=False,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"selfcheck {__version__}"
    # a command that parses TOML too (imports tomllib)
    (tmp_path / "ws").mkdir()
    proc = subprocess.run(
        python_command("--workspace", str(tmp_path / "ws"), "questionnaires"),
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()


def test_serve_starts_each_tab_with_the_isolated_command(tmp_path) -> None:
    from selfcheck.serve import app_command

    assert app_command() == shell_command(python_command(module="selfcheck.serve"))
    assert " -I " in app_command()
    # the same bootstrap with a module that only imports the package: nothing of the folder runs
    marker = hostile_folder(tmp_path)
    proc = subprocess.run(
        python_command(module="selfcheck.core.childproc"), cwd=tmp_path, check=False, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()
