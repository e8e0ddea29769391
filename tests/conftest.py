"""Shared test set-up: every test runs in its own workspace, with no developer settings leaking in."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfcheck.i18n import set_language

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private workspace per test; XDG folders, language and colour settings reset."""
    ws = tmp_path / "workspace"
    monkeypatch.setenv("SELFCHECK_WORKSPACE", str(ws))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("SELFCHECK_EXPORTS", str(tmp_path / "documents" / "selfcheck"))  # never the real Documents
    for name in ("NO_COLOR", "TEXTUAL_THEME", "SELFCHECK_LANG", "SELFCHECK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    set_language("nl")
    yield ws
    set_language("nl")


@pytest.fixture
def workspace(isolated: Path):
    from selfcheck.core.storage import Workspace

    ws = Workspace(isolated)
    ws.ensure()
    return ws


@pytest.fixture(scope="session")
def library():
    from selfcheck.core.content import load_library

    return load_library()
