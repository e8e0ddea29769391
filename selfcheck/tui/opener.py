"""Open a written file (or its folder) with the desktop's own program, where that can work.

It can work only where the app's screen is the desktop in front of the user: Windows
(`os.startfile`), macOS (`open`) when not reached over SSH, and Linux/BSD (`xdg-open`) with a
display (DISPLAY or WAYLAND_DISPLAY; over SSH only with a forwarded X display). Never in a
browser tab (`selfcheck serve`: the app runs on the server, there is a download instead).
Elsewhere `why_not()` says plainly why, and the app shows the full path instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from selfcheck.i18n import t


def why_not(env: Mapping[str, str] | None = None, platform: str | None = None, *, web: bool = False) -> str | None:
    """None when a file can be opened here; otherwise one plain line why not."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if web:
        return t("ui.open_not_web")
    over_ssh = bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"))
    if platform.startswith("win"):
        return t("ui.open_not_ssh") if over_ssh else None
    if platform == "darwin":
        return t("ui.open_not_ssh") if over_ssh else None
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return t("ui.open_not_ssh") if over_ssh else t("ui.open_no_display")
    if over_ssh and not env.get("DISPLAY"):
        return t("ui.open_not_ssh")  # a Wayland socket over SSH is not the user's screen
    if shutil.which("xdg-open") is None:
        return t("ui.open_no_program")
    return None


def open_path(path: Path, platform: str | None = None) -> None:
    """Hand `path` to the desktop (call `why_not()` first). Does not wait; the program's
    output never reaches the terminal the app draws on. Raises OSError when it cannot start."""
    platform = sys.platform if platform is None else platform
    if platform.startswith("win"):
        os.startfile(path)  # type: ignore[attr-defined]  # Windows only
        return
    command = ["open" if platform == "darwin" else "xdg-open", str(path)]
    subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
