"""Starting Python child processes that run only the installed selfcheck (issue 11.1).

`python -m selfcheck` puts the current folder first on the import path. git runs the merge
driver in the work tree, and `serve` starts the app per browser tab from wherever it was
started, so a `selfcheck/` (or `textual/`, `tomllib.py`, ...) folder committed to a shared
repository would replace the installed program. Every Python process selfcheck starts is
therefore started with:

- the absolute interpreter that runs selfcheck now (`sys.executable`);
- `-I` (isolated mode): neither the current folder nor the script's folder is on the import
  path, `PYTHON*` variables and the user's site-packages are ignored;
- `-c` with a fixed bootstrap that puts the folder the running selfcheck was imported from on
  the import path (first, unless the interpreter already finds it there) and runs the module
  the way `-m` does.

So the child imports exactly the selfcheck (and the libraries) of the parent, whatever the
folder it runs in holds.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

_BOOT = (
    "import sys,runpy;r={root};"
    "r in sys.path or sys.path.insert(0,r);"
    'runpy.run_module({module},run_name="__main__",alter_sys=True)'
)


def package_root() -> str:
    """The folder that holds the running `selfcheck` package (site-packages, or a checkout)."""
    return str(Path(__file__).resolve().parent.parent.parent)


def _literal(text: str) -> str:
    """A Python string literal in double quotes (reads well inside sh's single quotes)."""
    return json.dumps(text, ensure_ascii=False)


def python_command(*args: str, module: str = "selfcheck") -> list[str]:
    """The argv of a child process that runs `python -m <module> ARGS` with the installed
    selfcheck only (see the module docstring)."""
    return [sys.executable, "-I", "-c", _BOOT.format(root=_literal(package_root()), module=_literal(module)), *args]


def shell_command(argv: list[str]) -> str:
    """`argv` as one command line for a shell (POSIX sh; cmd.exe's rules on Windows)."""
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


def sh_command(argv: list[str]) -> str:
    """`argv` as one command line for POSIX sh, on every system (git runs its merge drivers
    through sh, Git for Windows' too); paths with forward slashes."""
    out = []
    for n, arg in enumerate(argv):
        if n == 0 and os.name == "nt":  # pragma: no cover - Windows
            arg = Path(arg).as_posix()
        out.append(shlex.quote(arg))
    return " ".join(out)
