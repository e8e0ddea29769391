"""Issue 17.9: the suite and the code as Windows meets them, shown on this machine.

- Collection with fcntl, termios, pty and resource unimportable (as on Windows) has no error,
  and the POSIX-only tests say why they skip.
- A clone with core.autocrlf=true (CRLF in every text file) loads the same content.
- No open() relies on the platform's default encoding (cp1252 on Windows): a static check of
  the code, and the commands run with `-X warn_default_encoding -W error::EncodingWarning`.
"""

from __future__ import annotations

import ast
import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import DATA, ROOT

BLOCKED = ("fcntl", "termios", "pty", "resource")
SITECUSTOMIZE = f'''
"""Makes {", ".join(BLOCKED)} unimportable, as they are on Windows."""
import sys

BLOCKED = frozenset({BLOCKED!r})


class _Block:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}} (blocked, as on Windows)", name=name)
        return None


sys.meta_path.insert(0, _Block)
for _name in BLOCKED:
    sys.modules.pop(_name, None)
'''


def _without_posix_modules(tmp_path: Path, *pytest_args: str) -> subprocess.CompletedProcess[str]:
    block = tmp_path / "block"
    block.mkdir()
    (block / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(block), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *pytest_args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_the_block_works(tmp_path: Path) -> None:
    block = tmp_path / "block"
    block.mkdir()
    (block / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    probe = subprocess.run(
        [sys.executable, "-c", "import fcntl"],
        env={**os.environ, "PYTHONPATH": str(block)},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert probe.returncode == 1 and "blocked, as on Windows" in probe.stderr


@pytest.mark.slow
def test_collection_without_fcntl_termios_pty_resource_has_no_error(tmp_path: Path) -> None:
    proc = _without_posix_modules(tmp_path, "--co", "-q", "tests")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    assert "error" not in out.splitlines()[-1].lower(), out[-4000:]
    assert " collected" in out or "tests collected" in out


@pytest.mark.slow
def test_posix_only_tests_skip_with_a_reason_without_those_modules(tmp_path: Path) -> None:
    proc = _without_posix_modules(
        tmp_path,
        "-q",
        "-rs",
        "tests/robustness/test_concurrent.py::test_second_app_is_read_only_and_says_who_has_it",
        "tests/robustness/test_kill.py::test_kill_answer_and_app_at_random_moments",
        "tests/robustness/test_privacy.py::test_no_network_in_child_processes",
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    assert out.count("SKIPPED") == 3 and out.count("POSIX only") >= 3, out[-4000:]


# --------------------------------------------------------------------------- CRLF (core.autocrlf=true)


def _crlf(src: Path, dst: Path) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.glob("*.toml"):
        (dst / f.name).write_bytes(f.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def test_content_and_assessments_with_crlf_load_the_same(tmp_path: Path) -> None:
    """What a Windows clone with core.autocrlf=true checks out: every line ends in CR LF."""
    from selfcheck.core.assessment import load_assessment
    from selfcheck.core.content import load_library

    _crlf(ROOT / "questionnaires", tmp_path / "q")
    lf, crlf = load_library(builtin=ROOT / "questionnaires"), load_library(builtin=tmp_path / "q")
    assert not crlf.problems and sorted(crlf.questionnaires) == sorted(lf.questionnaires)

    def same(lib: Any) -> dict[str, Any]:
        both = {**lib.questionnaires, **{f"fw:{k}": v for k, v in lib.frameworks.items()}}
        return {k: dataclasses.replace(v, path=None) if hasattr(v, "path") else v for k, v in both.items()}

    assert same(crlf) == same(lf)
    valid = DATA / "valid"
    _crlf(valid, tmp_path / "a")
    lib = load_library([valid])
    loaded = 0
    for f in sorted((tmp_path / "a").glob("*.toml")):
        a, _ = load_assessment(f, lib)
        b, _ = load_assessment(valid / f.name, lib)
        if b is None:
            continue
        assert a is not None, f.name
        a.path = b.path = None
        assert a == b, f.name
        loaded += 1
    assert loaded >= 1


def test_gitattributes_keep_byte_exact_files_byte_exact() -> None:
    golden = (ROOT / "tests" / "golden" / ".gitattributes").read_text("utf-8")
    assert "* -text" in golden
    top = (ROOT / ".gitattributes").read_text("utf-8")
    assert "tests/data/** -text" in top and "*.svg text eol=lf" in top


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and a git checkout")
def test_a_clone_with_autocrlf_passes_the_content_and_export_tests(tmp_path: Path) -> None:
    """The committed tree (HEAD), checked out as Windows' git does by default."""
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "-c", "core.autocrlf=true", str(ROOT), str(clone)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert b"\r\n" in (clone / "questionnaires" / "pharos-9.toml").read_bytes(), "autocrlf did convert"
    env = {**os.environ, "PYTHONPATH": str(clone)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "not slow",
            "tests/test_content.py",
            "tests/test_validation.py",
            "tests/test_assessment.py",
            "tests/test_tomlio.py",
            "tests/test_export.py",
        ],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


# --------------------------------------------------------------------------- default encodings


def _default_encoding_calls(path: Path) -> list[int]:
    """Lines of calls that would decode or encode text in the platform's default encoding."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        kws = {k.arg for k in node.keywords}
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""

        def mode(i: int, call: ast.Call = node) -> object:
            if len(call.args) > i and isinstance(call.args[i], ast.Constant):
                return call.args[i].value
            for k in call.keywords:
                if k.arg == "mode" and isinstance(k.value, ast.Constant):
                    return k.value.value
            return "r"

        owner = f.value.id if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else ""
        if name == "open" and isinstance(f, ast.Name):
            bad = "b" not in str(mode(1)) and "encoding" not in kws and len(node.args) < 4
        elif name == "open" and owner not in ("os", "webbrowser", "OpenAssessment", "Session", "cls", "self"):
            bad = isinstance(mode(0), str) and "b" not in str(mode(0)) and "encoding" not in kws and len(node.args) < 3
        elif name in ("read_text", "write_text"):
            bad = "encoding" not in kws and len(node.args) < (1 if name == "read_text" else 2)
        elif name in ("run", "Popen", "check_output", "check_call", "call"):
            bad = bool({"text", "universal_newlines"} & kws) and "encoding" not in kws
        elif name == "TextIOWrapper":
            bad = "encoding" not in kws and len(node.args) < 2
        else:
            bad = False
        if bad:
            found.append(node.lineno)
    return found


def test_no_code_relies_on_the_default_encoding() -> None:
    files = [
        *sorted((ROOT / "selfcheck").rglob("*.py")),
        ROOT / "run.py",
        ROOT / "tests" / "helpers.py",
        ROOT / "tests" / "conftest.py",
    ]
    bad = {str(p.relative_to(ROOT)): lines for p in files if (lines := _default_encoding_calls(p))}
    assert not bad, bad


def test_the_static_check_finds_what_it_should(tmp_path: Path) -> None:
    sample = tmp_path / "s.py"
    sample.write_text(
        "open('x')\nopen('x', 'rb')\np.read_text()\np.read_text('utf-8')\n"
        "subprocess.run([], text=True)\nsubprocess.run([], text=True, encoding='utf-8')\n"
        "p.open('w')\np.open('wb')\nos.open('x', 1)\n",
        encoding="utf-8",
    )
    assert _default_encoding_calls(sample) == [1, 3, 5, 7]


ENCODING_RUN = r"""
import sys
from pathlib import Path
from selfcheck.cli import main

ws, out = sys.argv[1], Path(sys.argv[2])
codes = [main(["demo", "--workspace", ws])]
files = sorted(str(p) for p in (Path(ws) / "assessments").glob("*.toml"))
for args in (["list"], ["questionnaires"], ["validate"], ["report", files[0]], ["report", files[0], "-o", str(out / "r.txt")],
             ["compare", files[1], files[2]], ["benchmark", "--min-group", "3"],
             *(["export", files[0], "-f", f, "-o", str(out)] for f in ("html", "md", "csv", "json", "pdf")),
             ["new", "-q", "inwoners-betrekken", "--org", "Gemeente Ayşe", "--date", "2026-01-02"]):
    codes.append(main(["--workspace", ws, *args]))
print("CODES", codes)
"""


def test_the_commands_raise_no_encoding_warning(tmp_path: Path) -> None:
    """`-X warn_default_encoding -W error::EncodingWarning`: every open() names its encoding."""
    (tmp_path / "out").mkdir()
    proc = subprocess.run(
        [
            sys.executable,
            "-X",
            "warn_default_encoding",
            "-W",
            "error::EncodingWarning",
            "-c",
            ENCODING_RUN,
            str(tmp_path / "ws"),
            str(tmp_path / "out"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
        env={**os.environ, "SELFCHECK_LANG": "nl"},
    )
    assert "EncodingWarning" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stderr[-3000:]
    codes = proc.stdout.split("CODES", 1)[1]
    assert codes.strip() in (
        "[0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]",
        "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]",
    ), codes


# --------------------------------------------------------------------------- 17.7: starting it


def test_the_readme_starts_selfcheck_on_windows_with_py_dash_3() -> None:
    """`py run.py` follows run.py's `#!/usr/bin/env python3` into the Store stub with an older
    launcher; `py -3` picks an installed Python 3 whatever the first line says."""
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "py -3 run.py demo" in readme and "## Windows" in readme
    assert "py run.py" not in readme
    assert (ROOT / "run.py").read_text("utf-8").startswith("#!/usr/bin/env python3\n"), "./run.py on POSIX"
