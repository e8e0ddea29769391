"""Exports (placeholder until the report renderers land): see issue 4."""

from __future__ import annotations

from pathlib import Path

from selfcheck.core.errors import SelfcheckError
from selfcheck.core.storage import Workspace


def export_files(ws: Workspace, files: list[Path], fmt: str, output: Path | None) -> Path:
    raise SelfcheckError(f"export to {fmt} is not available yet")
