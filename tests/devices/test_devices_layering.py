"""Device voting is core-side: selfcheck.devices imports neither Textual nor Rich, so the
headless `selfcheck vote` and the tests use it without the app."""

from __future__ import annotations

import subprocess
import sys


def test_devices_import_without_textual_or_rich() -> None:
    code = (
        "import importlib, sys\n"
        "for name in ('selfcheck.devices.voting', 'selfcheck.devices.server', 'selfcheck.devices.sink',\n"
        "             'selfcheck.devices.qr', 'selfcheck.devices.headless', 'selfcheck.devices.page',\n"
        "             'selfcheck.devices.control'):\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_qr_code_draws_every_module() -> None:
    """Two modules per cell: reading the half blocks back gives segno's matrix exactly."""
    import segno

    from selfcheck.devices.qr import QUIET, qr_lines

    data = "http://192.168.1.20:8765/j/" + "x" * 43
    lines = qr_lines(data)
    matrix = [[bool(m) for m in row] for row in segno.make(data, error="l").matrix_iter(scale=1, border=QUIET)]
    top = {"█": True, "▀": True, "▄": False, " ": False}
    bottom = {"█": True, "▀": False, "▄": True, " ": False}
    back = []
    for line in lines:
        back.append([top[c] for c in line])
        back.append([bottom[c] for c in line])
    assert back[: len(matrix)] == matrix
    assert len(lines) <= 20 and len(lines[0]) <= 40  # fits beside the text at 80x24
