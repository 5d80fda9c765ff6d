"""What a finished plan must say: nothing left out silently (invariant 17), every
listed tool used or its absence explained (invariant 9, r2), and an honest word on
the session's length (invariant 19)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from backrub.contract.ids import RegionId
from backrub.contract.intake import RECOMMENDED_MINUTES
from backrub.contract.plan import Step
from backrub.planning.context import Context
from backrub.planning.drafting import massage_tools, tool_pairs


def warn_short_of_time(
    ctx: Context, regions: Sequence[RegionId], stroked: Collection[RegionId] = ()
) -> None:
    """Name the regions a short session gives no work, and say what they do get: the
    light strokes where those still pass over them, nothing where they do not (on your
    own, the hands do not reach the upper and mid back)."""
    light = [region for region in regions if region in stroked]
    bare = [region for region in regions if region not in stroked]
    what = []
    if bare:
        what.append("leaves out " + ctx.names(bare))
    if light:
        what.append("gives " + ctx.names(light) + " only the light strokes")
    ctx.warn(
        "not_enough_time",
        f"{ctx.intake.minutes} minutes is too short to also work "
        + ctx.names(regions)
        + " within a safe dose, so this time the routine "
        + " and ".join(what)
        + ". Choose a few more minutes for the full routine.",
        ("goats-1994-bjsm",),
        tuple(regions),
    )


def add_closing_warnings(ctx: Context, steps: tuple[Step, ...]) -> None:
    _warn_minutes(ctx)
    if ctx.intake.giver != "partner":
        _warn_unused_tools(ctx, steps)
    _warn_skipped_regions(ctx, steps)
    lubricant = {"oil", "lotion"} & set(ctx.intake.tools)
    if not lubricant and any(step.technique == "effleurage" for step in steps):
        ctx.warn(
            "no_lubricant",
            "Gliding strokes need a little oil or lotion so the hands slide without dragging "
            "the skin; without it, stroke over a thin T-shirt instead.",
            ("healthline-back-massage",),
        )


def _warn_minutes(ctx: Context) -> None:
    low, high = RECOMMENDED_MINUTES
    minutes = ctx.intake.minutes
    if low <= minutes <= high:
        return
    if minutes < low:
        message = (
            f"{minutes} minutes is shorter than the usual {low}-{high} minutes of a home "
            "massage, so each area gets only a little work. Longer is fine if you have the "
            "time: trials of massage for back and neck pain used 30-60 minute sessions."
        )
    else:
        message = (
            f"{minutes} minutes is longer than the usual {low}-{high} minutes of a home "
            "massage, and that is fine: trials of massage for back and neck pain used 30-60 "
            "minute sessions, and hour-long ones helped neck pain more than half-hour ones. "
            "Take a break whenever the hands or the back want one."
        )
    ctx.warn("minutes_outside_range", message, ("sherman-2014",))


def _warn_unused_tools(ctx: Context, steps: tuple[Step, ...]) -> None:
    used = {step.tool for step in steps}
    for tool in massage_tools(ctx):
        if tool in used:
            continue
        name = ctx.kb.tools[tool].name.lower()
        could = [region for region in _painful(ctx) if tool_pairs(ctx, tool, region)]
        if could:
            why = (
                f"there is not enough time in {ctx.intake.minutes} minutes to use the {name} "
                "as well; choose a few more minutes to include it"
            )
        elif tool in ctx.rules.forbidden_tools:
            why = f"the {name} is ruled out today (see the reasons)"
        else:
            why = (
                f"the {name} cannot safely work any painful area today, at the pressure "
                "and with the techniques allowed"
            )
        ctx.warn("tool_unused", why[0].upper() + why[1:] + ".", ("healthline-back-massage",))


def _painful(ctx: Context) -> list[RegionId]:
    excluded = ctx.rules.excluded_regions
    return [p.region for p in ctx.intake.pain if p.region != "spine" and p.region not in excluded]


def _warn_skipped_regions(ctx: Context, steps: tuple[Step, ...]) -> None:
    """Every pain region with no step but light strokes is named, with why."""
    worked = {r for step in steps if step.technique != "effleurage" for r in step.regions}
    stroked = {r for step in steps if step.technique == "effleurage" for r in step.regions}
    named = {r for warning in ctx.warnings for r in warning.regions}
    issues: dict[str, list[str]] = {}
    for issue in ctx.intake.local_issues:
        issues.setdefault(issue.region, []).append(ctx.kb.local_issues[issue.kind].name)
    for entry in ctx.intake.pain:
        region = entry.region
        if region == "spine" or region in worked or region in named:
            continue
        where = ctx.names((region,))
        if region in issues:
            message = (
                f"{where[0].upper()}{where[1:]} hurts, but it has "
                + " and ".join(dict.fromkeys(issues[region]))
                + ", so the routine leaves it alone until that has settled."
            )
            sources: tuple[str, ...] = ("nccih-massage",)
        else:
            gets = "the light strokes only" if region in stroked else "no work today"
            message = (
                f"Nothing the plan may use today can work {where} safely, so it gets "
                f"{gets}; a clinician or a massage therapist can advise."
            )
            sources = ("nccih-massage",)
        ctx.warn("left_out", message, sources, (region,))
        named.add(region)
