"""Reading a plan dict without trusting its shape: lists that may be missing, steps
that may be malformed, and how a message names a step."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Step = Mapping[str, Any]


def entries(plan: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = plan.get(key)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, Mapping)]


def steps_of(plan: Mapping[str, Any]) -> list[Step]:
    return entries(plan, "steps")


def before_of(plan: Mapping[str, Any]) -> list[Step]:
    return entries(plan, "before")


def every_step(plan: Mapping[str, Any]) -> list[Step]:
    """The preparation step (if any), then the steps: the rules on any step apply to both."""
    return before_of(plan) + steps_of(plan)


def label(step: Step) -> str:
    """How a message names a step: `step 3`, or `before step` for the preparation."""
    n = step.get("n")
    return "before step" if n == 0 else f"step {n}"


def regions_of(step: Step) -> list[str]:
    regions = step.get("regions")
    return [r for r in regions if isinstance(r, str)] if isinstance(regions, list) else []


def region_seconds(steps: Iterable[Step], split: bool) -> dict[str, float]:
    """Time per region: a step's seconds split among its regions, or counted fully for each."""
    totals: dict[str, float] = {}
    for step in steps:
        regions = regions_of(step)
        if not regions:
            continue
        share = step["seconds"] / len(regions) if split else step["seconds"]
        for region in regions:
            totals[region] = totals.get(region, 0.0) + share
    return totals


def named_regions(plan: Mapping[str, Any], keys: tuple[str, ...]) -> set[str]:
    """Regions the plan names in the `regions` of its warnings or reasons."""
    named: set[str] = set()
    for key in keys:
        for entry in entries(plan, key):
            regions = entry.get("regions")
            if isinstance(regions, list):
                named.update(r for r in regions if isinstance(r, str))
    return named


def said_regions(plan: Mapping[str, Any]) -> set[str]:
    """Regions the plan names in a warning or reason (how it says it left one out)."""
    return named_regions(plan, ("warnings", "reasons"))


def worked_regions(steps: Iterable[Step]) -> set[str]:
    """Regions in at least one step that is not effleurage."""
    return {
        region
        for step in steps
        if step.get("technique") != "effleurage"
        for region in regions_of(step)
    }


def side_of(regions: Iterable[str]) -> str | None:
    """`left`, `right` or `both` for a list of side regions (None when it names none)."""
    sides = {region.rpartition("_")[2] for region in regions} & {"left", "right"}
    if not sides:
        return None
    return sides.pop() if len(sides) == 1 else "both"


def step_words(step: Step) -> str:
    """What a step tells the giver: its instructions and cue, lower-cased."""
    return " ".join(str(step.get(key, "")) for key in ("instructions", "cue")).lower()


def all_words(step: Step) -> str:
    return " ".join(str(step.get(key, "")) for key in ("instructions", "cue", "why")).lower()
