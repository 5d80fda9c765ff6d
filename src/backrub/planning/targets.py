"""Which regions a routine works, and how much each hurts.

Pain at the spine becomes the muscles either side of it; no pain at all becomes
a relaxation routine over the whole back; on your own, regions out of reach
need a tool, or are left out with a word why.
"""

from __future__ import annotations

from backrub.contract.ids import REGIONS, RegionId
from backrub.contract.intake import PainEntry
from backrub.planning.context import BODY_ORDER, Context, Target, self_tool_pairs

# Past this much session time per region, a long session also works the rest of the back.
ROOMY_SECONDS = 600


def choose_targets(ctx: Context) -> list[Target]:
    """The regions to work, with intensities; says why when it leaves one out."""
    excluded = ctx.rules.excluded_regions
    listed = {entry.region: entry for entry in ctx.intake.pain}
    targets: dict[RegionId, Target] = {}
    for region, entry in listed.items():
        if region != "spine" and region not in excluded:
            targets[region] = Target(region, entry.intensity, entry.weeks, True)
    if "spine" in listed:
        _add_spine_sides(ctx, listed["spine"], targets)
    if not targets:
        targets = _relaxation_targets(ctx)
    if ctx.intake.giver == "self":
        targets = _reachable(ctx, targets)
        if not targets:  # all that hurts is out of reach: a gentle routine for the rest
            targets = _reachable(ctx, _relaxation_targets(ctx), warn=False)
    if targets and ctx.intake.minutes * 60 > ROOMY_SECONDS * len(targets):
        _add_the_rest(ctx, targets)
    return sorted(targets.values(), key=lambda target: BODY_ORDER[target.region])


def _add_the_rest(ctx: Context, targets: dict[RegionId, Target]) -> None:
    """A long session over few regions: the rest of the back gets some work too, rather
    than round after round on one spot (time beyond a dose goes to another region)."""
    rest = {
        region: Target(region, 0, 0, False)
        for region, target in _relaxation_targets(ctx).items()
        if region not in targets
    }
    if ctx.intake.giver == "self":
        rest = _reachable(ctx, rest, warn=False)
    targets.update(rest)


def _add_spine_sides(ctx: Context, spine: PainEntry, targets: dict[RegionId, Target]) -> None:
    areas = {ctx.kb.regions[region].area for region in targets} or {"mid_back", "lower_back"}
    sides: list[RegionId] = []
    for region in REGIONS:
        entry = ctx.kb.regions[region]
        if entry.area in areas and entry.target and region not in ctx.rules.excluded_regions:
            sides.append(region)
            if region not in targets:
                targets[region] = Target(region, spine.intensity, spine.weeks, False)
    for side in ("left", "right"):  # a side left bare (a local issue): its nearest muscles
        if not any(ctx.kb.regions[region].side == side for region in targets):
            nearest = _nearest_on(ctx, side)
            if nearest:
                sides.append(nearest)
                targets[nearest] = Target(nearest, spine.intensity, spine.weeks, False)
        elif ctx.intake.giver == "self" and not _hand_reaches(ctx, targets, side):
            # on your own, the hands also work the spine's muscles where they reach them
            nearest = _nearest_on(ctx, side, hands=True)
            if nearest and nearest not in targets:
                sides.append(nearest)
                targets[nearest] = Target(nearest, spine.intensity, spine.weeks, False)
    ctx.warn(
        "spine_pain",
        "Pain at the spine itself is worked through the muscles on both sides of it ("
        + ctx.names(sides)
        + "); nothing presses on the spine.",
        ("healthline-back-massage",),
        ("spine",),
    )


def _hand_reaches(ctx: Context, targets: dict[RegionId, Target], side: str) -> bool:
    return any(
        ctx.kb.regions[region].side == side and ctx.kb.regions[region].self_reach
        for region in targets
    )


def _nearest_on(ctx: Context, side: str, hands: bool = False) -> RegionId | None:
    """The lowest region on `side` that may be worked (by hand, or on your own by hand or
    tool; by your own hand only, with `hands`): pain at the spine is felt most in the
    lower back."""
    for region in reversed(REGIONS):
        entry = ctx.kb.regions[region]
        if entry.side != side or not entry.target or region in ctx.rules.excluded_regions:
            continue
        if hands and not entry.self_reach:
            continue
        if ctx.intake.giver != "self" or entry.self_reach or self_tool_pairs(ctx, region):
            return region
    return None


def _relaxation_targets(ctx: Context) -> dict[RegionId, Target]:
    """No pain to follow: the whole back, a little more where the causes usually tighten."""
    focus = {region for cause in ctx.intake.causes for region in ctx.kb.causes[cause].focus_regions}
    return {
        region: Target(region, 1 if region in focus else 0, 0, False)
        for region in REGIONS
        if ctx.kb.regions[region].target and region not in ctx.rules.excluded_regions
    }


def _reachable(
    ctx: Context, targets: dict[RegionId, Target], warn: bool = True
) -> dict[RegionId, Target]:
    kept: dict[RegionId, Target] = {}
    left_out: list[RegionId] = []
    for region, target in targets.items():
        if ctx.kb.regions[region].self_reach or self_tool_pairs(ctx, region):
            kept[region] = target
        else:
            left_out.append(region)
    if left_out and warn:
        ctx.warn(
            "out_of_reach",
            "You cannot reach "
            + ctx.names(left_out)
            + " with your own hands, and none of your tools can do it safely today, so the "
            "routine leaves it out. A massage ball against a wall, a foam roller or a "
            "partner's hands would let you include it.",
            ("healthline-back-massage",),
            tuple(left_out),
        )
    return kept
