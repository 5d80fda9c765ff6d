"""Every step a routine could hold, before time is shared out.

Light strokes first and last; heat for long-standing pain; kneading on every
region, deeper work where it hurts and is allowed, a slow stretch for stiffness;
tapping late. Optional steps carry a rank, and allocation drops them when time
is short.
"""

from __future__ import annotations

from backrub.contract.ids import REGIONS, RegionId
from backrub.planning.balance import MIN_WORK, Draft
from backrub.planning.context import (
    BODY_ORDER,
    CHRONIC_WEEKS,
    DEEP_TECHNIQUES,
    PARTNER_HANDS,
    PHASES,
    SELF_HANDS,
    Context,
    Target,
    calming,
    device_pairs,
    self_tool_pairs,
)


def draft_steps(ctx: Context, targets: list[Target]) -> list[Draft]:
    """Every step the routine could hold, in session order; allocation drops extras."""
    if not targets:
        return []
    strokes = _stroke_regions(ctx, targets)
    if not strokes:
        return []
    position = ctx.hands_position()
    drafts = [Draft("effleurage", strokes, "palms", position, "light", PHASES["open"], "stroke")]
    heat = _heat_draft(ctx, targets)
    if heat:
        drafts.append(heat)
    gaps: list[RegionId] = []
    for target in targets:
        drafts.extend(_region_drafts(ctx, target, gaps))
    if gaps:
        has_device = any(ctx.kb.tools[tool].kind == "device" for tool in ctx.intake.tools)
        ctx.warn(
            "device_gap",
            (
                "None of your massagers can safely work "
                if has_device
                else "No electric massager is listed in your tools, so "
            )
            + ctx.names(gaps)
            + (" use hands instead." if has_device else " are worked by hand instead."),
            ("therabody-precautions",),
            tuple(gaps),
        )
    late = _tapotement_draft(ctx, targets)
    if late:
        drafts.append(late)
    drafts.append(Draft("effleurage", strokes, "palms", position, "light", 9, "stroke"))
    return drafts


def _stroke_regions(ctx: Context, targets: list[Target]) -> tuple[RegionId, ...]:
    if ctx.intake.giver != "self":
        return tuple(target.region for target in targets)
    reach = [t.region for t in targets if ctx.kb.regions[t.region].self_reach]
    if not reach:  # only tool-worked regions: warm up what the hands can reach
        reach = [
            region
            for region in REGIONS
            if ctx.kb.regions[region].self_reach and region not in ctx.rules.excluded_regions
        ]
    return tuple(reach)


def _heat_draft(ctx: Context, targets: list[Target]) -> Draft | None:
    chronic = [t for t in targets if t.weeks >= CHRONIC_WEEKS and t.intensity >= 1]
    if not chronic:
        return None
    usable = (
        ctx.intake.minutes >= 10
        and "heat_pack" in ctx.intake.tools
        and "heat_pack" not in ctx.rules.forbidden_tools
        and "heat" not in ctx.rules.forbidden_techniques
    )
    if not usable:
        ctx.warn(
            "heat_tip",
            "For pain of six weeks or more, a heat pack over a cloth for 10-20 minutes before "
            "the massage may ease it; add one to your tools if you have it.",
            ("french-2006-heat", "acp-2017"),
        )
        return None
    top = max(chronic, key=lambda t: (t.intensity, -BODY_ORDER[t.region]))
    area = ctx.kb.regions[top.region].area
    regions = tuple(t.region for t in chronic if ctx.kb.regions[t.region].area == area)
    ctx.warn(
        "heat_longer",
        "Heat helps most over 10-20 minutes: if you can, put the heat pack on "
        + ctx.names(regions)
        + " before you start as well. Always keep a cloth between pack and skin, and never "
        "fall asleep on it.",
        ("french-2006-heat",),
        regions,
    )
    position = "seated" if ctx.intake.giver != "partner" else ctx.hands_position()
    return Draft("heat", regions, "heat_pack", position, "light", PHASES["before_work"], "heat")


def _hand_part(ctx: Context, technique: str, region: str) -> str:
    self_lower_back = ctx.intake.giver == "self" and ctx.kb.regions[region].area == "lower_back"
    if self_lower_back and technique in ("petrissage", "friction"):
        preferred = "knuckles"  # fists behind the back knead better than fingertips
    elif self_lower_back and technique == "trigger_point":
        preferred = "thumbs"  # hands on the hips, thumbs pressing in
    else:
        preferred = (SELF_HANDS if ctx.intake.giver == "self" else PARTNER_HANDS).get(technique, "")
    parts = ctx.kb.techniques[technique].hand_parts
    if preferred in parts:
        return preferred
    return parts[0] if parts else "palms"


def _region_drafts(ctx: Context, target: Target, gaps: list[RegionId]) -> list[Draft]:
    region = target.region
    if ctx.intake.giver == "self" and not ctx.kb.regions[region].self_reach:
        return _tool_drafts(ctx, target, self_tool_pairs(ctx, region))
    if ctx.intake.giver == "device":
        pairs = device_pairs(ctx, region)
        if pairs:
            return _tool_drafts(ctx, target, pairs)
        gaps.append(region)
    return _hand_drafts(ctx, target)


def _hand_drafts(ctx: Context, target: Target) -> list[Draft]:
    """Kneading, then deeper work or a slow stretch, as far as the restrictions allow."""
    region = target.region
    chosen: list[tuple[str, str]] = [("petrissage", "work")]
    if target.intensity >= 3:
        deep = DEEP_TECHNIQUES if target.intensity >= 5 else DEEP_TECHNIQUES[::-1]
        usable = [technique for technique in deep if ctx.usable(technique, region)]
        if usable:
            chosen.append((usable[0], "deep_work"))
    no_deep = len(chosen) == 1  # light pressure only: a slow stretch instead of deep work
    if (_wants_release(ctx, target) or no_deep) and ctx.usable("myofascial_release", region):
        chosen.append(("myofascial_release", "release"))
    position = ctx.hands_position()
    drafts = []
    for rank, (technique, phase) in enumerate(chosen):
        if not ctx.usable(technique, region):
            continue
        drafts.append(
            Draft(
                technique,
                (region,),
                _hand_part(ctx, technique, region),
                position,
                ctx.pressure(technique, (region,)) or "light",
                PHASES[phase],
                "work",
                rank,
                ctx.kb.techniques[technique].seconds_min if rank else MIN_WORK,
            )
        )
    return drafts


def _wants_release(ctx: Context, target: Target) -> bool:
    chronic = target.weeks >= CHRONIC_WEEKS and target.intensity >= 1
    return chronic or "mobility" in ctx.intake.goals


def _tool_drafts(ctx: Context, target: Target, pairs: list[tuple[str, str]]) -> list[Draft]:
    """The first usable tool's technique, then deeper work where it hurts (3+), else a
    second tool for variety; allocation keeps the second only if time allows."""
    chosen = pairs[:1]
    deep = [pair for pair in pairs[1:] if pair[1] in DEEP_TECHNIQUES]
    other_tool = [pair for pair in pairs[1:] if pair[0] != pairs[0][0]]
    second = deep if target.intensity >= 3 and deep else other_tool
    chosen.extend(second[:1])
    drafts = []
    for rank, (tool, technique) in enumerate(chosen):
        position = ctx.tool_position(tool)
        if ctx.kb.tools[tool].kind == "device":
            position = "seated" if ctx.position_allowed("seated") else "side_lying"
        drafts.append(
            Draft(
                technique,
                (target.region,),
                tool,
                position,
                ctx.pressure(technique, (target.region,)) or "light",
                PHASES["deep_work" if rank else "work"],
                "work",
                rank=rank,
                min_seconds=ctx.kb.techniques[technique].seconds_min if rank else MIN_WORK,
            )
        )
    return drafts


def _tapotement_draft(ctx: Context, targets: list[Target]) -> Draft | None:
    if ctx.intake.giver == "device" or calming(ctx.intake) or ctx.intake.minutes < 10:
        return None
    regions = tuple(
        t.region
        for t in targets
        if ctx.usable("tapotement", t.region)
        and (ctx.intake.giver != "self" or ctx.kb.regions[t.region].self_reach)
    )
    pressure = ctx.pressure("tapotement", regions) if regions else None
    if pressure is None:
        return None
    part = _hand_part(ctx, "tapotement", regions[0])
    position = ctx.hands_position()
    return Draft("tapotement", regions, part, position, pressure, PHASES["late"], "late")
