"""Set-up for the app tests: private settings, Dutch, a fixed theme, and small helpers.

The root conftest already gives every test its own SELFCHECK_WORKSPACE (fixture `isolated`).
Here the app's settings file is moved into the test's tmp folder too, so a developer's theme or
language never leaks into a test, and a test's language switch never leaks out.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from selfcheck.core.storage import Workspace
from selfcheck.i18n import set_language

THEME = "textual-dark"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "snapshot: an SVG snapshot test of the app (pytest -m 'not snapshot' skips them)"
    )


@pytest.fixture(autouse=True)
def app_settings(isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's settings file lives in the test's tmp folder; the language starts as Dutch."""
    path = tmp_path / "settings" / "settings.toml"
    monkeypatch.setenv("SELFCHECK_SETTINGS", str(path))
    monkeypatch.delenv("SELFCHECK_LANG", raising=False)
    set_language("nl")
    return path


@pytest.fixture
def make_app(workspace: Workspace) -> Callable[..., Any]:
    """A factory for a (not yet running) app on the test's workspace, with a fixed theme."""
    from selfcheck.tui.app import SelfcheckApp

    def make(path: Path | None = None, ws: Workspace | None = None) -> SelfcheckApp:
        app = SelfcheckApp(ws or workspace, path)
        app.theme = THEME
        return app

    return make


@pytest.fixture
def demo(isolated: Path) -> Workspace:
    """The demo workspace (three finished rounds of Gemeente Voorbeeldstad) as the test's workspace."""
    from selfcheck.core.demo import demo_workspace

    return demo_workspace(isolated)
