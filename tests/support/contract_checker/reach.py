"""Whether a short session has room for every painful region, so that invariant 9
(r2) never asks for a plan the other rules forbid.

Revision 2 lets a `self` plan leave a region out only when no listed tool can work
it; but each region's work has a smallest dose (invariant 12) and the session a
length (invariant 3). When even the smallest doses of every region that hurts do not
fit, leaving one out is the only plan there is. Which techniques a tool does comes
from the domain facts: balls, canes and rollers give sustained pressure (trigger
point or myofascial release), a vibration massager vibrates, the percussion and
shiatsu massagers have their own doses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from support.contract_checker import expect
from support.contract_checker.tables import (
    EFFLEURAGE_SECONDS,
    SELF_UNREACHABLE,
    TECHNIQUE_DOSE,
    TOOL_DOSE,
)

Intake = Mapping[str, Any]

HAND_TECHNIQUES = ("petrissage", "friction", "tapotement", "trigger_point", "myofascial_release")
SUSTAINED = ("trigger_point", "myofascial_release")
TOOL_TECHNIQUES = {
    "massage_ball": SUSTAINED,
    "massage_cane": SUSTAINED,
    "foam_roller": SUSTAINED,
    "vibration_massager": ("vibration",),
    "percussion_massager": ("tapotement",),
    "shiatsu_massager": ("petrissage",),
}


def least_dose(intake: Intake, region: str, tool: str, techniques: tuple[str, ...]) -> int | None:
    """The fewest seconds `tool` may give `region` in one step (None: it may not at all)."""
    allowed = [
        technique
        for technique in techniques
        if not expect.ruled_out(
            intake,
            {"technique": technique, "tool": tool, "regions": [region], "position": "seated"},
        )
    ]
    if not allowed:
        return None
    if tool in TOOL_DOSE:
        return TOOL_DOSE[tool][0]
    return min(TECHNIQUE_DOSE[technique][0] for technique in allowed)


def fits_every_region(
    intake: Intake, regions: list[str], able: dict[str, list[str]], strokes: list[list[str]]
) -> bool:
    """Whether the smallest doses of `regions` (by hand where a hand reaches, else by the
    `able` tools) fit between the plan's light strokes, at their shortest, and still keep
    invariant 7's order: a region that hurts more gets no less time than one that hurts
    less, the strokes' seconds counted (on your own they cover only what the hands reach,
    so a painless shoulder they cover gives every painful region a time to match)."""
    least: dict[str, int] = {}
    for region in regions:
        if region in SELF_UNREACHABLE:
            doses = [least_dose(intake, region, t, TOOL_TECHNIQUES[t]) for t in able[region]]
        else:
            doses = [least_dose(intake, region, "palms", HAND_TECHNIQUES)]
        least[region] = min([dose for dose in doses if dose is not None], default=0)
    shortest = EFFLEURAGE_SECONDS[0]
    full = {r: sum(shortest for s in strokes if r in s) for r in _compared(intake)}
    split = {r: sum(shortest / len(s) for s in strokes if r in s) for r in full}
    pain = expect.pain_of(intake)
    need: dict[str, float] = {}
    for region in sorted(set(full) | set(regions), key=lambda r: pain.get(r, 0)):
        own = float(least.get(region, 0))
        for lower, lower_need in need.items():
            if pain.get(lower, 0) < pain.get(region, 0):
                lead = max(full[lower] - full[region], split[lower] - split[region])
                own = max(own, lower_need + lead)
        need[region] = own
    room = intake["minutes"] * 60 + 30 - len(strokes) * shortest
    return sum(need[region] for region in regions) <= room


def _compared(intake: Intake) -> set[str]:
    """The regions invariant 7 compares: those with a pain entry, less the spine and
    regions with a local issue."""
    issues = expect.issue_regions(intake)
    return {r for r in expect.pain_of(intake) if r != "spine" and r not in issues}
