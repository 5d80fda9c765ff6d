"""The back map's geometry: one SVG outline per contract region, seen from behind.

Seen from behind, the person's left is on the viewer's left, so nothing is
mirrored. The intake's clickable map, the plan's cards and the stroke diagrams
all draw from these shapes, so there is one map; tests check every region has one.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from backrub.contract.ids import RegionId

VIEW_BOX = "0 0 200 236"

REGION_SHAPES: dict[RegionId, str] = {
    "shoulder_left": "M93 38 L60 42 Q34 47 24 66 L58 66 L93 62 Z",
    "shoulder_right": "M107 38 L140 42 Q166 47 176 66 L142 66 L107 62 Z",
    "upper_back_left": "M93 62 L58 66 L60 110 L93 110 Z",
    "upper_back_right": "M107 62 L142 66 L140 110 L107 110 Z",
    "mid_back_left": "M93 110 L60 110 Q48 114 48 124 L50 158 L93 158 Z",
    "mid_back_right": "M107 110 L140 110 Q152 114 152 124 L150 158 L107 158 Z",
    "lower_back_left": "M93 158 L50 158 Q48 184 58 208 L93 208 Z",
    "lower_back_right": "M107 158 L150 158 Q152 184 142 208 L107 208 Z",
    "spine": "M95 34 Q100 32 105 34 L105 208 Q100 210 95 208 Z",
}

# Drawn under the regions, for recognition only (aria-hidden in the templates).
HEAD = "M100 4 a13 15 0 1 0 0.1 0 Z"
ARMS = (
    "M24 66 Q14 74 12 96 L14 146 L28 146 L34 102 L46 78 Z",
    "M176 66 Q186 74 188 96 L186 146 L172 146 L166 102 L154 78 Z",
)
MIDLINE = 100.0  # the spine's x: left of it is the person's left


class Box(NamedTuple):
    """A region's bounding box, in the map's units."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


@cache
def box(region: str) -> Box:
    """The box around a region's outline (its points and control points, which stay inside)."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", REGION_SHAPES[region])]  # type: ignore[index]
    xs, ys = numbers[0::2], numbers[1::2]
    return Box(min(xs), min(ys), max(xs), max(ys))


def union(boxes: list[Box]) -> Box:
    return Box(
        min(b.left for b in boxes),
        min(b.top for b in boxes),
        max(b.right for b in boxes),
        max(b.bottom for b in boxes),
    )
