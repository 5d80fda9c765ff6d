"""What a stroke diagram shows, in words: its accessible name, and the printout's caption.

"Long gliding strokes from the lower back up to the shoulders, with the flat palms".
The words come from the technique's stroke kind, the step's regions and its tool.
"""

from __future__ import annotations

from collections.abc import Sequence

from backrub.knowledge import KnowledgeBase

# Areas from the bottom of the back to the top: a glide goes from one to another.
AREAS = ("lower_back", "mid_back", "upper_back", "shoulder")
AREA_WORDS = {
    "lower_back": ("lower back", "lower back"),
    "mid_back": ("mid back", "mid back"),
    "upper_back": ("upper back", "upper back"),
    "shoulder": ("shoulder", "shoulders"),
}
STROKE_WORDS = {
    "knead": "Kneading, squeeze and lift, over the {where}",
    "friction": "Small firm circles on one spot in the {where}",
    "tap": "Light, quick tapping over the {where}",
    "hold": "A steady press held on one knot in the {where}",
    "stretch": "A slow stretch, the hands easing apart, over the {where}",
    "cover": "A warm pack resting on the {where}",
    "vibrate": "The massager's buzz over the {where}",
}


def _area_and_side(region: str) -> tuple[str, str]:
    area, _, side = region.rpartition("_")
    return area, side


def where(regions: Sequence[str]) -> str:
    """'lower back and mid back', 'left shoulder', 'upper back (right side)'."""
    sides: dict[str, set[str]] = {}
    for region in regions:
        area, side = _area_and_side(region)
        if area in AREA_WORDS:
            sides.setdefault(area, set()).add(side)
    parts = []
    for area in reversed(AREAS):  # top down, as people read a back
        if area not in sides:
            continue
        one, many = AREA_WORDS[area]
        if len(sides[area]) == 2:
            parts.append(many if area == "shoulder" else f"{one} (both sides)")
        else:
            (side,) = sides[area]
            parts.append(f"{side} {one}" if area == "shoulder" else f"{one} ({side} side)")
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else "back"


def _glide(regions: Sequence[str], direction: str) -> str:
    areas = [a for a in AREAS if any(_area_and_side(r)[0] == a for r in regions)]
    if direction == "across" or not areas:
        return f"Gliding strokes out across the {where(regions)}"
    low, high = AREA_WORDS[areas[0]][1], AREA_WORDS[areas[-1]][1]
    if low == high:
        way = "up" if direction == "up" else "down"
        return f"Long gliding strokes {way} the {where(regions)}"
    if direction == "down":
        low, high = high, low
        return f"Long gliding strokes from the {low} down to the {high}"
    return f"Long gliding strokes from the {low} up to the {high}"


def tool_words(kb: KnowledgeBase, tool: str) -> str:
    """'the flat palms', 'the massage ball': the tool's name without its aside."""
    entry = kb.tools.get(tool)
    name = entry.name.split(" (")[0] if entry is not None else tool.replace("_", " ")
    return f"the {name}"


def describe(kb: KnowledgeBase, technique: str, regions: Sequence[str], tool: str) -> str:
    """The diagram in one sentence, for screen readers (the SVG's aria-label)."""
    entry = kb.techniques[technique]
    worked = [r for r in regions if r != "spine"]
    if entry.stroke == "glide":
        words = _glide(worked, entry.direction)
    else:
        words = STROKE_WORDS[entry.stroke].format(where=where(worked))
    return f"{words}, with {tool_words(kb, tool)}"
