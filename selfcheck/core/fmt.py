"""Formatting numbers and values the same way in the app, the text report and the exports."""

from __future__ import annotations

import math
from datetime import date

from selfcheck.core.model import NA, UNKNOWN, Scale
from selfcheck.i18n import t


def pct(value: float | None) -> str:
    return "–" if value is None else f"{math.floor(value + 0.5)}%"


def points(value: float | None) -> str:
    """A difference of percentages in words: '34 procentpunten', '1 procentpunt'."""
    if value is None:
        return "–"
    r = math.floor(value + 0.5)
    return t("val.points_one", n=r) if abs(r) == 1 else t("val.points", n=r)


def parse_pct(text: str) -> float | None:
    """A percentage as typed ("60", "62,5", "70 %"): its number from 0 to 100, or None."""
    try:
        value = float(text.replace(",", ".").rstrip("%").strip())
    except ValueError:
        return None
    return value if 0 <= value <= 100 else None


def signed(value: float | None) -> str:
    if value is None:
        return "–"
    r = math.floor(value + 0.5)
    if r == 0:
        return "±0"
    return f"+{r}" if r > 0 else f"−{abs(r)}"


def trend_arrow(value: float | None) -> str:
    """An arrow with the number: meaning never by colour alone."""
    if value is None:
        return "–"
    r = math.floor(value + 0.5)
    return f"▲ {signed(value)}" if r > 0 else (f"▼ {signed(value)}" if r < 0 else f"= {signed(value)}")


def value(v: float | str | None, scale: Scale | None = None, *, long: bool = False, lang: str = "nl") -> str:
    if v is None:
        return "–"
    if v == NA:
        return t("val.na")
    if v == UNKNOWN:
        return t("val.unknown")
    if isinstance(v, float) and not v.is_integer():
        text = f"{v:.1f}".replace(".", ",") if lang == "nl" else f"{v:.1f}"
    else:
        text = str(int(v))
    if long and scale is not None and float(v).is_integer():
        return f"{text} {scale.label(int(v), lang)}"
    return text


def bar(score: float | None, target: float | None, width: int = 20) -> str:
    """A text bar for a 0–100 score with '|' marking the target: █ filled, ░ empty."""
    if score is None:
        return "·" * width
    filled = round(max(0.0, min(100.0, score)) / 100 * width)
    cells = ["█"] * filled + ["░"] * (width - filled)
    if target is not None:
        at = min(width - 1, round(target / 100 * width))
        cells[at] = "│" if at >= filled else "┃"
    return "".join(cells)


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> str:
    """Scores 0–100 over rounds as block characters; '·' where a round had too few answers."""
    out = []
    for v in values:
        if v is None:
            out.append("·")
        else:
            out.append(SPARKS[min(len(SPARKS) - 1, int(max(0.0, min(100.0, v)) / 100 * len(SPARKS)))])
    return "".join(out)


def num(v: float, lang: str = "nl") -> str:
    """A plain number as short as it can be (1, 1.5, 12.25), with a decimal comma in Dutch."""
    text = f"{v:.4g}" if abs(v) < 10_000 else f"{v:.0f}"
    return text.replace(".", ",") if lang == "nl" else text


_CONTROL: dict[int, str | None] = {c: "\ufffd" for c in [*range(0, 9), *range(11, 32), 127, *range(128, 160)]}
_CONTROL.update(
    {
        0x200E: None,
        0x200F: None,
        0x202A: None,
        0x202B: None,
        0x202C: None,
        0x202D: None,
        0x202E: None,
        0x2066: None,
        0x2067: None,
        0x2068: None,
        0x2069: None,
    }
)


def safe(text: str, *, newlines: bool = True) -> str:
    """User text made harmless for a terminal: control characters (ESC sequences could
    drive the terminal) become '\ufffd', bidirectional overrides are dropped; newlines are
    kept unless `newlines` is False."""
    out = text.translate(_CONTROL)
    return out if newlines else out.replace("\n", " ")


def long_date(d: date | None) -> str:
    """A date as people write it: '20 oktober 2026' / '20 October 2026'; '–' for none."""
    if d is None:
        return "–"
    months = t("x.months").split()
    return f"{d.day} {months[d.month - 1]} {d.year}"
