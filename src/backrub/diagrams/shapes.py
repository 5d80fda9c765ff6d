"""SVG elements as text: numbers written short, and an arrow with a drawn head.

No `<marker>` (it needs an id, and a page shows many diagrams), so each arrowhead
is a small triangle of its own, turned to the direction of the line's last piece.
"""

from __future__ import annotations

import math

Point = tuple[float, float]


def num(value: float) -> str:
    """1 decimal at most, no trailing zeros: the SVG stays small and stable."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pt(point: Point) -> str:
    return f"{num(point[0])} {num(point[1])}"


def head(tip: Point, towards_from: Point, size: float = 7.0) -> str:
    """A triangle with its point at `tip`, coming from the direction of `towards_from`."""
    dx, dy = tip[0] - towards_from[0], tip[1] - towards_from[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    base = (tip[0] - size * ux, tip[1] - size * uy)
    half = size * 0.55
    left = (base[0] - half * uy, base[1] + half * ux)
    right = (base[0] + half * uy, base[1] - half * ux)
    return f'<path class="dg-head" d="M{pt(tip)} L{pt(left)} L{pt(right)} Z"/>'


def arrow(d: str, tip: Point, towards_from: Point, kind: str) -> str:
    """A line (`d`, drawn the way the hands travel) and its head, as one group."""
    return (
        f'<g class="dg-mark dg-mark--{kind}"><path class="dg-line dg-anim" d="{d}"/>'
        f"{head(tip, towards_from)}</g>"
    )


def circle(centre: Point, radius: float, cls: str) -> str:
    x, y = centre
    return f'<circle class="{cls}" cx="{num(x)}" cy="{num(y)}" r="{num(radius)}"/>'
