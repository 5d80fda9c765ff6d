"""The back map and stroke diagrams, for the templates.

The geometry lives in `backrub.diagrams.geometry`, below the web, so the pure
stroke diagrams and the intake's clickable map draw one and the same outline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from backrub.diagrams import stroke_diagram
from backrub.diagrams.geometry import ARMS, HEAD, REGION_SHAPES, VIEW_BOX
from backrub.knowledge import load

__all__ = ["ARMS", "HEAD", "REGION_SHAPES", "VIEW_BOX", "step_diagram"]


def _id(table: Mapping[str, Any], key: str) -> str:
    """An id as it is, or the id of the entry with that name (the player's steps carry names)."""
    if key in table:
        return key
    return next((entry.id for entry in table.values() if entry.name == key), key)


def step_diagram(technique: str, regions: Sequence[str], tool: str) -> Markup:
    """`{{ step_diagram(step.technique, step.regions, step.tool) }}`: the step's `<svg>`."""
    kb = load()
    svg = stroke_diagram(kb, _id(kb.techniques, technique), regions, _id(kb.tools, tool))
    return Markup(svg)  # noqa: S704 - built by backrub.diagrams, every text in it escaped
