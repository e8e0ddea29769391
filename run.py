#!/usr/bin/env python3
"""Set up a local environment when needed, then open selfcheck or run the tests.

    python3 run.py [ARGS ...]      open selfcheck (ARGS go to selfcheck, e.g. `demo`, `--help`;
                                   `serve` installs the `serve` extra first)
    python3 run.py test [ARGS ...] run the whole test suite (ARGS go to pytest)

Needs only Python >= 3.11 and the package index; everything lands in ./.venv. Works the same
on Windows, macOS and Linux.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure(extras: str) -> None:
    """Create .venv and install selfcheck (editable) with `extras` unless already done."""
    if sys.version_info < (3, 11):
        sys.exit("selfcheck needs Python 3.11 or newer")
    stamp = VENV / f".installed-{extras or 'app'}"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == want:
        return
    if not PYTHON.exists():
        print("Setting up .venv (once) ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".[{extras}]" if extras else "."
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-e", target], cwd=ROOT, check=True)
    stamp.write_text(want, encoding="utf-8")


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["test"]:
        ensure("test")
        code = run([str(PYTHON), "-m", "pytest", *args[1:]], cwd=ROOT)
        if code == 5:
            print("run.py: pytest collected no tests; that is a failure here", file=sys.stderr)
            return 1
        return code
    # `serve` (the app in a browser tab) needs the optional `serve` extra: install it here, so
    # the README's `python3 run.py serve` works on a fresh clone in one command.
    ensure("serve" if "serve" in args else "")
    return run([str(PYTHON), "-m", "selfcheck", *args])


def run(cmd: list[str], cwd: Path | None = None) -> int:
    """Run `cmd` and return its exit code. Ctrl+C reaches the child as well (same console or
    terminal), which handles it and ends with its own message; this process waits for it
    instead of ending with a traceback of its own."""
    child = subprocess.Popen(cmd, cwd=cwd)
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            continue


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # while setting up .venv: pip said so already
        sys.exit(130)
