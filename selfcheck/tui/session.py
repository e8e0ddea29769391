"""The open assessment moved to the core: `selfcheck.core.session.OpenAssessment` is the one
write path (the app, `selfcheck answer`, sync and phone votes all use it). This name stays
until the app imports the core object directly."""

from __future__ import annotations

from selfcheck.core.session import OpenAssessment as Session
from selfcheck.core.storage import file_digest as digest

__all__ = ["Session", "digest"]
