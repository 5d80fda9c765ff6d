"""The marks of each stroke kind, placed on the step's regions.

A glide is one arrow per side of the back, along the way the hands travel (up
either side of the spine and out over the shoulders, for effleurage); every other
kind is drawn on each region: kneading as a wave, friction as small circles,
tapping as dots, a trigger point's hold as a ring with its centre, a stretch as
two arrows moving apart, heat as a pack with rising warmth, vibration as a zigzag.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from backrub.diagrams.geometry import MIDLINE, Box, box, union
from backrub.diagrams.shapes import Point, arrow, circle, head, num, pt


def _outward(b: Box) -> float:
    """-1 on the person's left (the viewer's left), +1 on the right."""
    return -1.0 if b.x < MIDLINE else 1.0


def _glide_side(regions: Sequence[str], direction: str) -> str:
    """One arrow over one side's regions: up (or down) the back, out over the shoulder."""
    boxes = [box(r) for r in regions]
    shoulders = [box(r) for r in regions if r.startswith("shoulder")]
    body = [box(r) for r in regions if not r.startswith("shoulder")]
    out = _outward(boxes[0])
    if body:
        around = union(body)
        x = min((b.x for b in body), key=lambda v: abs(v - MIDLINE))  # close to the spine
        low, high = (x, around.bottom - 8), (x, around.top + 6)
        if shoulders:
            top = shoulders[0]
            tip = (top.x + out * 16, top.y + 4)
            bend = (x, top.top + 6)
            d = f"M{pt(low)} L{pt((x, top.bottom - 4))} Q{pt(bend)} {pt(tip)}"
            if direction == "down":
                d = f"M{pt(tip)} Q{pt(bend)} {pt((x, top.bottom - 4))} L{pt(low)}"
                return arrow(d, low, (x, low[1] - 10), "glide")
            return arrow(d, tip, bend, "glide")
        start, end = (high, low) if direction == "down" else (low, high)
        return arrow(f"M{pt(start)} L{pt(end)}", end, start, "glide")
    top = union(shoulders)
    inner = (top.x - out * 22, top.top + 10)
    outer = (top.x + out * 18, top.y + 6)
    bend = (top.x, top.top + 6)
    return arrow(f"M{pt(inner)} Q{pt(bend)} {pt(outer)}", outer, bend, "glide")


def _across(b: Box) -> str:
    out = _outward(b)
    start = (b.x - out * b.width * 0.3, b.y)
    end = (b.x + out * b.width * 0.3, b.y)
    return arrow(f"M{pt(start)} L{pt(end)}", end, start, "glide")


def glide(regions: Sequence[str], direction: str) -> list[str]:
    if direction == "across":
        return [_across(box(r)) for r in regions]
    sides: dict[bool, list[str]] = {}
    for region in regions:
        sides.setdefault(box(region).x < MIDLINE, []).append(region)
    return [_glide_side(group, direction) for _left, group in sorted(sides.items())]


def knead(b: Box) -> str:
    """A wave of small loops across the muscle: squeeze, lift, move on."""
    loops = 3
    width = min(b.width * 0.6, 36.0)
    step = width / loops
    x, y = b.x - width / 2, b.y
    d = f"M{pt((x, y))}"
    for _ in range(loops):
        d += f" q{num(step / 2)} {-10} {num(step)} 0"
    return f'<g class="dg-mark dg-mark--knead"><path class="dg-line dg-anim" d="{d}"/></g>'


def friction(b: Box) -> str:
    """Small circles on one spot, with a head showing they turn."""
    r = 8.0
    ring = circle((b.x, b.y), r, "dg-line")
    tip = (b.x + 2, b.y - r)
    return (
        f'<g class="dg-mark dg-mark--friction"><g class="dg-anim">{ring}'
        f"{head(tip, (b.x - 4, b.y - r), 6.0)}</g>"
        f"{circle((b.x, b.y), 1.6, 'dg-dot')}</g>"
    )


def tap(b: Box) -> str:
    """Six dots, where the fingers land."""
    dots = [
        circle((b.x + dx, b.y + dy), 2.4, "dg-dot dg-anim")
        for dy in (-5.0, 5.0)
        for dx in (-9.0, 0.0, 9.0)
    ]
    return f'<g class="dg-mark dg-mark--tap">{"".join(dots)}</g>'


def hold(b: Box) -> str:
    """A press held on one spot: a ring, its centre, and four short ticks."""
    x, y, r = b.x, b.y, 7.5
    ticks = " ".join(
        f"M{pt((x + dx * (r + 2), y + dy * (r + 2)))} L{pt((x + dx * (r + 6), y + dy * (r + 6)))}"
        for dx, dy in ((0, -1), (0, 1), (-1, 0), (1, 0))
    )
    return (
        f'<g class="dg-mark dg-mark--hold"><g class="dg-anim">'
        f"{circle((x, y), r, 'dg-line')}</g>{circle((x, y), 3.0, 'dg-dot')}"
        f'<path class="dg-line" d="{ticks}"/></g>'
    )


def stretch(b: Box) -> str:
    """Two arrows from the middle, apart along the region's longer side."""
    vertical = b.height >= b.width
    reach = (b.height if vertical else b.width) * 0.42
    centre = (b.x, b.y)
    parts = []
    for sign in (-1.0, 1.0):
        start: Point = (b.x, b.y + sign * 3) if vertical else (b.x + sign * 3, b.y)
        end: Point = (b.x, b.y + sign * reach) if vertical else (b.x + sign * reach, b.y)
        parts.append(arrow(f"M{pt(start)} L{pt(end)}", end, centre, "stretch"))
    return "".join(parts)


def cover(b: Box) -> str:
    """A pack resting on the region, warmth rising from it."""
    inset = 5.0
    rect = (
        f'<rect class="dg-pack" x="{num(b.left + inset)}" y="{num(b.top + inset)}" '
        f'width="{num(b.width - 2 * inset)}" height="{num(b.height - 2 * inset)}" rx="4"/>'
    )
    waves = " ".join(
        f"M{pt((b.x + dx, b.y + 8))} q4 -4 0 -8 q-4 -4 0 -8" for dx in (-8.0, 0.0, 8.0)
    )
    return (
        f'<g class="dg-mark dg-mark--cover">{rect}<path class="dg-line dg-anim" d="{waves}"/></g>'
    )


def vibrate(b: Box) -> str:
    """A zigzag: the device's buzz over the region."""
    width = min(b.width * 0.6, 34.0)
    x, y = b.x - width / 2, b.y
    teeth = 8
    points = " ".join(
        pt((x + width * i / teeth, y + (-4 if i % 2 else 4))) for i in range(teeth + 1)
    )
    return f'<g class="dg-mark dg-mark--vibrate"><path class="dg-line dg-anim" d="M{points}"/></g>'


PER_REGION: dict[str, Callable[[Box], str]] = {
    "knead": knead,
    "friction": friction,
    "tap": tap,
    "hold": hold,
    "stretch": stretch,
    "cover": cover,
    "vibrate": vibrate,
}


def marks(stroke: str, direction: str, regions: Sequence[str]) -> list[str]:
    """The marks for a stroke kind over the worked regions (the spine is never marked)."""
    worked = [r for r in regions if r != "spine"]
    if not worked:
        return []
    if stroke == "glide":
        return glide(worked, direction)
    return [PER_REGION[stroke](box(r)) for r in worked]
