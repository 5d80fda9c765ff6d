"""A step's stroke diagram as one SVG element (text), from the knowledge base.

The back map (the same outlines as the intake's), the step's regions highlighted,
the technique's marks on them and the hand part's icon in the corner. The same
text goes on the plan's cards, in the player and on the printout; the stylesheet
animates the `dg-anim` parts only while a step runs. Pure: same step, same SVG.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from backrub.diagrams.geometry import ARMS, HEAD, REGION_SHAPES, VIEW_BOX
from backrub.diagrams.icons import icon
from backrub.diagrams.marks import marks
from backrub.diagrams.words import describe
from backrub.knowledge import KnowledgeBase

SVG_NS = "http://www.w3.org/2000/svg"


def _map(regions: Sequence[str]) -> str:
    body = "".join(f'<path d="{d}"/>' for d in (HEAD, *ARMS))
    shapes = []
    for region, d in REGION_SHAPES.items():
        cls = "dg-region"
        if region == "spine":
            cls += " dg-spine"
        elif region in regions:
            cls += " dg-region--on"
        shapes.append(f'<path class="{cls}" d="{d}"/>')
    return f'<g class="dg-body">{body}</g><g class="dg-regions">{"".join(shapes)}</g>'


def stroke_diagram(kb: KnowledgeBase, technique: str, regions: Sequence[str], tool: str) -> str:
    """The `<svg>` for one step: `technique` and `tool` are knowledge-base ids."""
    entry = kb.techniques[technique]
    label = describe(kb, technique, regions, tool)
    drawn = "".join(marks(entry.stroke, entry.direction, regions))
    return (
        f'<svg xmlns="{SVG_NS}" class="diagram diagram--{entry.stroke}" viewBox="{VIEW_BOX}" '
        f'role="img" aria-label="{escape(label)}" focusable="false">'
        f'{_map(regions)}<g class="dg-marks" aria-hidden="true">{drawn}</g>'
        f'<g aria-hidden="true">{icon(tool)}</g></svg>'
    )
