"""Deleting from the app honours another app's lock (issue 11.7): it used to move the file to
the trash while the other app had it open, and that app's next save brought it back."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from helpers import ROOT
from textual.notifications import Notify
from tui_helpers import make_assessment, settle

from selfcheck.core.storage import Lock
from selfcheck.tui.home import HomeScreen

HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from selfcheck.core.storage import Lock
    lock = Lock.for_file(Path(sys.argv[1]))
    lock.acquire()
    print("held", flush=True)
    sys.stdin.read()
    lock.release()
""")


async def test_delete_is_refused_while_another_app_has_it_open(make_app, workspace) -> None:
    path = make_assessment(workspace)
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        seen: list[object] = []
        app = make_app()
        async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("d", "j")
            await settle(pilot)
            notices = [m.notification.message for m in seen if isinstance(m, Notify)]
            assert any("niet verwijderd" in n and "geopend door" in n for n in notices), notices
            assert path.exists() and not (workspace.assessments_dir / ".trash" / path.name).exists()
            assert Lock.for_file(path).info()["pid"] == child.pid  # type: ignore[index]
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)
