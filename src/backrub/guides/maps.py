"""The back map with some regions marked, for a region's guide and a tool's no-go zones.

The same outlines as the intake's map and the stroke diagrams (`diagrams.geometry`),
so the guides show one map; colours live in the stylesheet (`gd-*` classes).
"""

from __future__ import annotations

from collections.abc import Collection
from html import escape

from backrub.diagrams.geometry import ARMS, HEAD, REGION_SHAPES, VIEW_BOX

SVG_NS = "http://www.w3.org/2000/svg"


def marked_map(label: str, *, on: Collection[str] = (), no_go: Collection[str] = ()) -> str:
    """An `<svg>` of the back: `on` regions highlighted (green beside any `no_go`
    regions, which are red with a dashed edge)."""
    body = "".join(f'<path d="{d}"/>' for d in (HEAD, *ARMS))
    shapes = []
    for region, d in REGION_SHAPES.items():
        cls = "dg-region"
        if region in no_go:
            cls += " gd-nogo"
        elif region in on:
            cls += " gd-ok" if no_go else " dg-region--on"  # beside no-go zones: green
        elif region == "spine":
            cls += " dg-spine"
        shapes.append(f'<path class="{cls}" d="{d}"/>')
    return (
        f'<svg xmlns="{SVG_NS}" class="diagram gd-map" viewBox="{VIEW_BOX}" role="img" '
        f'aria-label="{escape(label)}" focusable="false"><g class="dg-body" aria-hidden="true">'
        f'{body}</g><g class="dg-regions" aria-hidden="true">{"".join(shapes)}</g></svg>'
    )
