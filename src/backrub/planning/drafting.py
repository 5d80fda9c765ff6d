"""Every step a routine could hold, before time is shared out.

Light strokes first and last, over both sides; kneading on every region, deeper
work where it hurts and is allowed, a slow stretch for stiffness; tapping late.
On your own or with a massager, every listed tool that can safely work a painful
region gets a turn. Heat is not a step of the session but its preparation
(`heat_before`). Optional techniques carry a rank, and allocation drops them when
time is short.
"""

from __future__ import annotations

from dataclasses import dataclass

from backrub.contract.ids import REGIONS, RegionId
from backrub.planning.balance import Draft, clamp, round_to_unit
from backrub.planning.context import (
    CHRONIC_WEEKS,
    DEEP_TECHNIQUES,
    DEVICE_ORDER,
    PARTNER_HANDS,
    PHASES,
    SELF_HANDS,
    SELF_TOOL_ORDER,
    Context,
    Target,
    calming,
    device_pairs,
    self_tool_pairs,
)

MASSAGE_TOOL_KINDS = ("self_tool", "device")
SHORT_SECONDS_PER_REGION = 120  # less than this per region (and the strokes): a short session
# A device plan is the device's: hands knead beside it only in a session this long.
DEVICE_WITH_HANDS_MINUTES = 20
SPINE_HEAT_AREAS = ("mid_back", "lower_back")  # where pain at the spine is warmed by default


@dataclass
class Sketch:
    """A session's drafts by part: allocation then gives them their seconds."""

    opening: Draft
    work: list[Draft]
    late: list[Draft]
    closing: Draft
    quiet: tuple[RegionId, ...] = ()  # strokes there if time is too short for the rest

    def drafts(self) -> list[Draft]:
        return [self.opening, *self.work, *self.late, self.closing]


def draft_steps(ctx: Context, targets: list[Target]) -> Sketch | None:
    """Every step the routine could hold; None when there is nothing to stroke."""
    if not targets:
        return None
    strokes = _stroke_regions(ctx, targets)
    if not strokes:
        return None
    position = ctx.hands_position()
    dose = ctx.dose("effleurage", "palms")

    def stroke(phase: int) -> Draft:
        return Draft("effleurage", strokes, "palms", position, "light", phase, "stroke", dose=dose)

    ctx.region_count = len(targets)
    gaps: list[RegionId] = []
    work = [draft for target in targets for draft in _region_drafts(ctx, target, gaps)]
    if gaps:
        _warn_device_gap(ctx, gaps)
    if ctx.intake.giver != "partner":
        _use_every_tool(ctx, targets, work)
    late = _tapotement_draft(ctx, targets)
    sketch = Sketch(stroke(PHASES["open"]), work, [late] if late else [], stroke(9))
    sketch.quiet = _quiet_regions(ctx)
    return sketch


def _quiet_regions(ctx: Context) -> tuple[RegionId, ...]:
    """Regions nobody said hurt that light strokes may cover: in a session too short for
    everything, strokes there give no painless region a lead over the painful ones."""
    named = {entry.region for entry in ctx.intake.pain}
    self_plan = ctx.intake.giver == "self"
    return tuple(
        region
        for region in REGIONS
        if region not in named
        and ctx.kb.regions[region].target
        and region not in ctx.rules.excluded_regions
        and (not self_plan or ctx.kb.regions[region].self_reach)
    )


def _stroke_regions(ctx: Context, targets: list[Target]) -> tuple[RegionId, ...]:
    """The regions worked and their mirrors: light strokes cover both sides."""
    wanted: set[str] = {t.region for t in targets}
    wanted |= {ctx.kb.regions[r].mirror for r in list(wanted) if ctx.kb.regions[r].mirror}
    self_plan = ctx.intake.giver == "self"
    regions = [
        region
        for region in REGIONS
        if region in wanted
        and region not in ctx.rules.excluded_regions
        and (not self_plan or ctx.kb.regions[region].self_reach)
    ]
    if not regions and self_plan:  # only tool-worked regions: warm up what the hands reach
        regions = [
            region
            for region in REGIONS
            if ctx.kb.regions[region].self_reach and region not in ctx.rules.excluded_regions
        ]
    return tuple(regions)


def heat_before(ctx: Context, targets: list[Target]) -> Draft | None:
    """The heat pack before the session (invariant 15), or None with a tip why not."""
    hurts = {p.region for p in ctx.intake.pain if p.intensity >= 1}
    if "spine" in hurts:  # the muscles either side of it, never the shoulders
        beside = {
            t.region
            for t in targets
            if not t.listed and t.intensity >= 1 and ctx.kb.regions[t.region].area != "shoulder"
        }
        hurts |= beside or {r for r in REGIONS if ctx.kb.regions[r].area in SPINE_HEAT_AREAS}
    excluded = ctx.rules.excluded_regions | {"spine"}
    regions = tuple(r for r in REGIONS if r in hurts and r not in excluded)
    if not regions:
        return None
    ruled_out = ctx.rules.no_heat or "heat_pack" in ctx.rules.forbidden_tools
    if ruled_out:
        return None
    if "heat_pack" not in ctx.intake.tools:
        ctx.warn(
            "heat_tip",
            "A heat pack over a cloth for 10-20 minutes before the massage eases back pain "
            "for many people, recent or long-standing; add one to your tools if you have it.",
            ("french-2006-heat", "acp-2017"),
        )
        return None
    low, high = ctx.dose("heat", "heat_pack")
    seconds = clamp(round_to_unit(ctx.intake.minutes * 60), low, high)
    position = ctx.hands_position() if ctx.intake.giver == "partner" else _rest_position(ctx)
    heat = Draft("heat", regions, "heat_pack", position, "light", PHASES["before_work"], "work")
    heat.seconds = seconds
    return heat


def _rest_position(ctx: Context) -> str:
    return "seated" if ctx.position_allowed("seated") else ctx.hands_position()


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
        if not pairs:
            gaps.append(region)
            return _hand_drafts(ctx, target)
        drafts = _tool_drafts(ctx, target, pairs)
        long_session = ctx.intake.minutes >= DEVICE_WITH_HANDS_MINUTES
        if long_session and ctx.kb.regions[region].self_reach:  # kneading beside the device
            for extra in _hand_drafts(ctx, target)[:1]:
                extra.rank += len(drafts)
                drafts.append(extra)
        return drafts
    return _hand_drafts(ctx, target)


def _warn_device_gap(ctx: Context, gaps: list[RegionId]) -> None:
    has_device = any(ctx.kb.tools[tool].kind == "device" for tool in ctx.intake.tools)
    ctx.warn(
        "device_gap",
        (
            "None of your massagers can safely work "
            if has_device
            else "No electric massager is listed in your tools, so "
        )
        + ctx.names(gaps)
        + (": use hands there instead." if has_device else " is worked by hand instead."),
        ("therabody-precautions",),
        tuple(gaps),
    )


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
    drafts: list[Draft] = []
    for technique, phase in chosen:
        if not ctx.usable(technique, region):
            continue
        part = _hand_part(ctx, technique, region)
        drafts.append(
            Draft(
                technique,
                (region,),
                part,
                position,
                ctx.pressure(technique, (region,)) or "light",
                PHASES[phase],
                "work",
                rank=len(drafts),
                dose=ctx.dose(technique, part),
            )
        )
    return drafts


def _wants_release(ctx: Context, target: Target) -> bool:
    chronic = target.weeks >= CHRONIC_WEEKS and target.intensity >= 1
    return chronic or "mobility" in ctx.intake.goals


def _tool_draft(ctx: Context, region: RegionId, tool: str, technique: str, rank: int) -> Draft:
    position = ctx.tool_position(tool)
    if ctx.kb.tools[tool].kind == "device":
        position = "seated" if ctx.position_allowed("seated") else "side_lying"
    return Draft(
        technique,
        (region,),
        tool,
        position,
        ctx.pressure(technique, (region,)) or "light",
        PHASES["deep_work" if rank else "work"],
        "work",
        rank=rank,
        dose=ctx.dose(technique, tool),
    )


def _tool_drafts(ctx: Context, target: Target, pairs: list[tuple[str, str]]) -> list[Draft]:
    """The first usable tool's technique, then deeper work where it hurts (3+), else a
    second tool for variety; allocation keeps the second only if time allows. In a
    short session the main technique is the one with the shortest dose, so that every
    region a tool can work still fits."""
    if ctx.intake.minutes * 60 < SHORT_SECONDS_PER_REGION * (ctx.region_count + 1):
        pairs = sorted(pairs, key=lambda pair: ctx.dose(pair[1], pair[0])[0])
    chosen = pairs[:1]
    deep = [pair for pair in pairs[1:] if pair[1] in DEEP_TECHNIQUES]
    other_tool = [pair for pair in pairs[1:] if pair[0] != pairs[0][0]]
    second = deep if target.intensity >= 3 and deep else other_tool
    chosen.extend(second[:1])
    drafts = [
        _tool_draft(ctx, target.region, tool, technique, rank)
        for rank, (tool, technique) in enumerate(chosen)
    ]
    least = {pair: ctx.dose(pair[1], pair[0])[0] for pair in pairs}
    shortest = min(pairs, key=least.__getitem__)
    if shortest not in chosen and least[shortest] < drafts[0].dose[0]:
        # When the session is too short for the main technique's dose, this one stands in.
        spare = _tool_draft(ctx, target.region, *shortest, rank=len(drafts))
        spare.stand_in = True
        drafts.append(spare)
    return drafts


def massage_tools(ctx: Context) -> list[str]:
    """The listed tools that do massage work (not oil, lotion or the heat pack)."""
    return [t for t in ctx.intake.tools if ctx.kb.tools[t].kind in MASSAGE_TOOL_KINDS]


def tool_pairs(ctx: Context, tool: str, region: RegionId) -> list[tuple[str, str]]:
    """What `tool` could do on `region` today, in the order a person would reach for it."""
    return [
        (name, technique)
        for name, technique in dict.fromkeys(SELF_TOOL_ORDER + DEVICE_ORDER)
        if name == tool and ctx.usable(technique, region, tool)
    ]


def _use_every_tool(ctx: Context, targets: list[Target], work: list[Draft]) -> None:
    """Invariant 9 (r2): a listed tool that can work a painful region gets a step there,
    on the most painful region it suits; allocation may still drop it when time is short
    (the plan then says so)."""
    used = {draft.tool for draft in work}
    by_pain = sorted(targets, key=lambda t: -t.intensity)  # stable: body order on ties
    for tool in massage_tools(ctx):
        if tool in used:
            continue
        for target in by_pain:
            pairs = tool_pairs(ctx, tool, target.region)
            if pairs:
                own = [d for d in work if d.regions[0] == target.region]
                rank = 1 + max((d.rank for d in own), default=-1)
                tool_name, technique = pairs[0]
                work.append(_tool_draft(ctx, target.region, tool_name, technique, rank))
                used.add(tool)
                break


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
    return Draft(
        "tapotement",
        regions,
        part,
        position,
        pressure,
        PHASES["late"],
        "late",
        dose=ctx.dose("tapotement", part),
    )
