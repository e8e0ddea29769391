"""Chart geometry shared by the HTML (SVG) and PDF renderers: the same radar, drawn twice."""

from __future__ import annotations

import math


def radar_point(index: int, count: int, value: float, cx: float, cy: float, radius: float) -> tuple[float, float]:
    """Where `value` (0–100) lies on axis `index` of `count` (axis 0 points up, clockwise)."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = radius * max(0.0, min(100.0, value)) / 100.0
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def radar_polygon(values: list[float], cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    return [radar_point(i, len(values), v, cx, cy, radius) for i, v in enumerate(values)]


def label_anchor(index: int, count: int) -> str:
    """'start', 'middle' or 'end': how a label at the tip of an axis is best aligned."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    x = math.cos(angle)
    if abs(x) < 0.2:
        return "middle"
    return "start" if x > 0 else "end"


RINGS = (25, 50, 75, 100)
