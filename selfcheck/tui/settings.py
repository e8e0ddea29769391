"""The user's app settings (language, theme) in a small TOML file in the user's config folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from selfcheck.core.safefile import read_regular
from selfcheck.core.storage import atomic_write
from selfcheck.core.tomlio import TomlSyntaxError, dumps, loads


def settings_path() -> Path:
    if os.environ.get("SELFCHECK_SETTINGS"):
        return Path(os.environ["SELFCHECK_SETTINGS"])
    import platformdirs

    return Path(platformdirs.user_config_dir("selfcheck", appauthor=False)) / "settings.toml"


def load_settings() -> dict[str, Any]:
    try:
        return loads(read_regular(settings_path(), 1024 * 1024).decode("utf-8"))
    except (OSError, UnicodeDecodeError, TomlSyntaxError):
        return {}


def save_settings(settings: dict[str, Any]) -> None:
    path = settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, dumps(settings).encode("utf-8"))
    except OSError:
        pass  # settings are a convenience: never an error for the user
