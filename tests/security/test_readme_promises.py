"""Promises of the README's "What selfcheck guarantees" that no other test showed as such."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from selfcheck.core import fileio, storage


def test_atomic_write_order_data_fsynced_then_renamed_then_folder_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What power loss leaves depends on this order: the new bytes reach the disk (fsync) before
    the rename makes them the file, and the rename itself is made durable (the folder's fsync)."""
    steps: list[str] = []
    real_fsync, real_replace, real_fsync_dir = storage.fsync, os.replace, storage.fsync_dir
    target = tmp_path / "a.toml"
    target.write_bytes(b"old")

    def fsync(fd: int) -> None:
        steps.append("fsync data")
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        steps.append(f"rename over {Path(dst).name}")
        assert Path(src).read_bytes() == b"new"  # complete before it becomes the file
        real_replace(src, dst)

    def fsync_dir(folder: Path) -> None:
        steps.append("fsync folder")
        real_fsync_dir(folder)

    monkeypatch.setattr(storage, "fsync", fsync)
    monkeypatch.setattr(storage.os, "replace", replace)
    monkeypatch.setattr(storage, "fsync_dir", fsync_dir)
    storage.atomic_write(target, b"new")
    assert steps == ["fsync data", "rename over a.toml", "fsync folder"]
    assert target.read_bytes() == b"new"
    assert fileio.TEMP_SUFFIX and not [p for p in tmp_path.iterdir() if p.name != "a.toml"]
