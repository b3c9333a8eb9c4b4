"""Charts drawn on the server as SVG: no JavaScript, no network, readable by screen readers.

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that states the numbers in words;
pages show the same numbers in a data table next to it. Labels and values are escaped here; callers pass
plain text. Colours come from the page's CSS (classes ``chart-bar``, ``chart-axis``...), so charts follow
the theme and stay legible in forced-colours mode.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import count

from markupsafe import Markup, escape

_ids = count(1)
ROW_HEIGHT = 28
LABEL_WIDTH = 220
BAR_AREA = 380
VALUE_WIDTH = 70


def _number(value: float, unit: str) -> str:
    text = f"{value:,.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return f"{text}{unit}"


def _clip(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    unit: str = "",
    max_value: float | None = None,
    css_class: str = "",
) -> Markup:
    """Horizontal bars, one row per label, the value printed at the end of each bar."""
    if len(labels) != len(values):
        raise ValueError("one value per label")
    ident = f"chart-{next(_ids)}"
    top = max_value if max_value is not None else max([v for v in values if v is not None] + [0])
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = max(1, len(labels)) * ROW_HEIGHT + 8
    described = "; ".join(f"{label}: {_number(value or 0, unit)}" for label, value in zip(labels, values, strict=True))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {escape(css_class)}" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(described) if labels else "No data."}</desc>',
        f'<line class="chart-axis" x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height - 4}"/>',
    ]
    for row, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = row * ROW_HEIGHT + 4
        length = 0 if not top or not value else max(1.0, BAR_AREA * float(value) / float(top))
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + 18}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_clip(label))}</text>"
            f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{y + 4}" width="{length:.1f}" '
            f'height="{ROW_HEIGHT - 10}" rx="3"/>'
            f'<text class="chart-value" x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 18}">'
            f"{escape(_number(value or 0, unit))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def radar_chart(
    title: str, axes: Sequence[str], values: Sequence[float], *, max_value: float, unit: str = ""
) -> Markup:
    """A radar (spider) chart: one axis per label, the polygon of values, rings at quarters of max_value."""
    if len(axes) != len(values) or len(axes) < 3:
        raise ValueError("a radar chart needs one value per axis and at least three axes")
    ident = f"chart-{next(_ids)}"
    # Wider than tall: the labels left and right of the polygon need room.
    width, height, centre_x, centre_y, radius = 780, 420, 390, 210, 140
    n = len(axes)

    def point(index: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / n
        return centre_x + radius * fraction * math.cos(angle), centre_y + radius * fraction * math.sin(angle)

    described = "; ".join(f"{a}: {_number(v or 0, unit)}" for a, v in zip(axes, values, strict=True))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-radar" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(described)}</desc>',
    ]
    for ring in (0.25, 0.5, 0.75, 1.0):
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon class="chart-grid" points="{ring_points}"/>')
    for i, axis in enumerate(axes):
        x, y = point(i, 1.0)
        lx, ly = point(i, 1.18)
        anchor = "middle" if abs(lx - centre_x) < 10 else ("start" if lx > centre_x else "end")
        parts.append(f'<line class="chart-axis" x1="{centre_x}" y1="{centre_y}" x2="{x:.1f}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="chart-label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">'
            f"<title>{escape(axis)}</title>{escape(_clip(axis, 28))}</text>"
        )
    shape = " ".join(
        f"{x:.1f},{y:.1f}"
        for x, y in (point(i, min(1.0, (v or 0) / max_value) if max_value else 0) for i, v in enumerate(values))
    )
    parts.append(f'<polygon class="chart-area" points="{shape}"/></svg>')
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped
