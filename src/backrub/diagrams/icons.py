"""The hand part (or tool) of a step as a small icon, drawn in a 36 x 32 box.

`dg-hit` marks the part that touches the back (the palm, the fingertips, the
thumb, the knuckles...), which the stylesheet colours like the worked regions.
"""

from __future__ import annotations

_FINGERS = "M10 15 L10 5 M15 14 L15 3 M20 14 L20 4 M25 15 L25 7"
_PALM = '<rect class="dg-icon-shape{hit}" x="7" y="14" width="21" height="16" rx="6"/>'
_THUMB = '<path class="dg-icon-finger" d="M8 23 L3 16"/>'
_FIST = '<rect class="dg-icon-shape" x="7" y="10" width="22" height="18" rx="6"/>'


def _hand(palm_hit: bool = False, tips: bool = False) -> str:
    tips_drawn = (
        '<g class="dg-hit">'
        + "".join(
            f'<circle cx="{x}" cy="{y}" r="2.4"/>' for x, y in ((10, 5), (15, 3), (20, 4), (25, 7))
        )
        + "</g>"
        if tips
        else ""
    )
    return (
        f'<path class="dg-icon-finger" d="{_FINGERS}"/>{_THUMB}'
        + _PALM.format(hit=" dg-hit" if palm_hit else "")
        + tips_drawn
    )


ICONS: dict[str, str] = {
    "palms": _hand(palm_hit=True),
    "fingertips": _hand(tips=True),
    "thumbs": _FIST + '<path class="dg-icon-finger dg-hit-line" d="M11 12 L11 2"/>',
    "knuckles": _FIST
    + '<g class="dg-hit">'
    + "".join(f'<circle cx="{x}" cy="11" r="2.8"/>' for x in (11, 16, 21, 26))
    + "</g>",
    "forearm": '<path class="dg-icon-finger dg-hit-line dg-icon-thick" d="M4 29 L24 12"/>'
    '<circle class="dg-icon-shape" cx="28.5" cy="8" r="5"/>',
    "cupped_hands": '<path class="dg-icon-shape" d="M4 26 Q18 0 32 26 Q18 18 4 26 Z"/>'
    '<path class="dg-hit-line" d="M4 26 Q18 18 32 26"/>',
    "hand_edges": '<rect class="dg-icon-shape" x="13" y="3" width="10" height="27" rx="5"/>'
    '<path class="dg-hit-line" d="M13 26 Q18 33 23 26"/>',
    "heat_pack": '<rect class="dg-icon-shape dg-hit" x="4" y="16" width="28" height="13" rx="4"/>'
    '<path class="dg-icon-line" d="M11 13 q3 -3 0 -6 q-3 -3 0 -6 M18 13 q3 -3 0 -6 q-3 -3 0 -6 '
    'M25 13 q3 -3 0 -6 q-3 -3 0 -6"/>',
    "massage_ball": '<circle class="dg-icon-shape dg-hit" cx="18" cy="17" r="11"/>'
    '<path class="dg-icon-line" d="M9 12 Q18 18 27 12"/>',
    "foam_roller": '<rect class="dg-icon-shape dg-hit" x="3" y="10" width="27" height="14" rx="3"/>'
    '<ellipse class="dg-icon-shape" cx="30" cy="17" rx="3.5" ry="7"/>',
    "massage_cane": '<path class="dg-icon-finger" d="M26 31 L26 11 Q26 3 18 3 Q10 3 10 11"/>'
    '<circle class="dg-hit" cx="10" cy="13" r="3.5"/>',
    "percussion_massager": '<rect class="dg-icon-shape" x="5" y="6" width="22" height="9" rx="3"/>'
    '<rect class="dg-icon-shape" x="13" y="15" width="7" height="16" rx="2"/>'
    '<circle class="dg-hit" cx="30" cy="10.5" r="4"/>',
    "shiatsu_massager": '<path class="dg-icon-shape" d="M3 10 Q3 28 18 28 Q33 28 33 10 '
    'L27 10 Q27 21 18 21 Q9 21 9 10 Z"/>'
    '<g class="dg-hit"><circle cx="13" cy="21" r="3"/><circle cx="23" cy="21" r="3"/></g>',
    "vibration_massager": '<path class="dg-icon-finger dg-icon-thick" d="M18 31 L18 16"/>'
    '<circle class="dg-icon-shape dg-hit" cx="18" cy="9" r="6.5"/>'
    '<path class="dg-icon-line" d="M5 5 l2 3 l-2 3 l2 3 M31 5 l-2 3 l2 3 l-2 3"/>',
}
FALLBACK = _hand()  # a tool without its own icon still shows a hand


def icon(tool: str) -> str:
    """The tool's icon, placed in the map's top right corner, beside the head."""
    return (
        f'<g class="dg-icon dg-icon--{tool}" transform="translate(156 3)">'
        f"{ICONS.get(tool, FALLBACK)}</g>"
    )
