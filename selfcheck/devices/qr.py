"""The join address as a QR code for a terminal: two modules per character cell (half blocks).

Drawn dark on light whatever the terminal's colours (the app gives it a black-on-white style;
`ansi=True` does the same with escape codes for a plain terminal), because not every phone
camera reads a light-on-dark code. segno makes the code (pure Python, no other dependency).
"""

from __future__ import annotations

import segno

QUIET = 2
"""Light modules around the code (the standard asks 4; 2 reads fine on a screen and saves rows)."""


def qr_lines(data: str) -> list[str]:
    """The code as lines of text: '█' both modules dark, '▀' top dark, '▄' bottom dark, ' ' light.

    Meant to be shown black on white. A 60-character address makes a 29-module code: 33
    columns and 17 rows with the quiet zone.
    """
    code = segno.make(data, error="l", micro=False)
    rows = [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=QUIET)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    out = []
    for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
        line = []
        for a, b in zip(top, bottom, strict=True):
            line.append("█" if a and b else "▀" if a else "▄" if b else " ")
        out.append("".join(line))
    return out


def qr_text(data: str, *, ansi: bool = False) -> str:
    lines = qr_lines(data)
    if not ansi:
        return "\n".join(lines)
    return "\n".join(f"\x1b[30;107m{line}\x1b[0m" for line in lines)
