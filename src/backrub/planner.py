"""The planner: intake → screening → a timed, explained routine (`backrub.plan/1`).

Pure and deterministic: the same intake gives the same plan, byte for byte. The
shape follows how a therapist works: light strokes first, heat for long-standing
pain, kneading on every area, deeper work where it hurts and the person allows,
tapping late, light strokes last. Time follows pain. The eleven invariants of
`docs/contract.md` are kept by construction and by `balance.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from backrub import knowledge
from backrub.balance import MIN_WORK, Draft, allocate
from backrub.ids import PRESSURE_RANK, REGIONS, Pressure, RegionId
from backrub.intake import RECOMMENDED_MINUTES, Intake, PainEntry
from backrub.knowledge import KnowledgeBase
from backrub.plan import Plan, Reason, Step
from backrub.routine_text import describe_step, where_words
from backrub.screening import Restrictions, Screening, lower, screen

BODY_ORDER = {region: index for index, region in enumerate(REGIONS)}
HANDS_GIVERS = ("partner",)
# The pressure each technique is done at when nothing asks for less.
NATURAL_PRESSURE: dict[str, Pressure] = {
    "effleurage": "light",
    "petrissage": "moderate",
    "skin_rolling": "moderate",
    "friction": "firm",
    "trigger_point": "firm",
    "myofascial_release": "light",
    "tapotement": "moderate",
    "vibration": "light",
    "heat": "light",
}
# Which hand part does the work, by giver: partners use the bigger surfaces.
PARTNER_HANDS = {
    "effleurage": "palms",
    "petrissage": "palms",
    "skin_rolling": "fingertips",
    "friction": "thumbs",
    "trigger_point": "thumbs",
    "myofascial_release": "palms",
    "tapotement": "cupped_hands",
}
SELF_HANDS = {
    "effleurage": "palms",
    "petrissage": "fingertips",
    "skin_rolling": "fingertips",
    "friction": "fingertips",
    "trigger_point": "fingertips",
    "myofascial_release": "palms",
    "tapotement": "fingertips",
}
# (tool, technique) in the order a person on their own would reach for them.
SELF_TOOL_ORDER = (
    ("massage_ball", "myofascial_release"),
    ("foam_roller", "myofascial_release"),
    ("shiatsu_massager", "petrissage"),
    ("vibration_massager", "vibration"),
    ("percussion_massager", "tapotement"),
    ("massage_cane", "trigger_point"),
    ("massage_ball", "trigger_point"),
    ("foam_roller", "trigger_point"),
    ("massage_cane", "friction"),
    ("shiatsu_massager", "friction"),
)
DEVICE_ORDER = (
    ("shiatsu_massager", "petrissage"),
    ("percussion_massager", "tapotement"),
    ("vibration_massager", "vibration"),
    ("shiatsu_massager", "friction"),
)
DEEP_TECHNIQUES = ("trigger_point", "friction")
CHRONIC_WEEKS = 6
PHASES = {"open": 0, "before_work": 1, "work": 2, "deep_work": 3, "release": 4, "late": 5}


@dataclass(frozen=True)
class Target:
    """A region the routine works, with the pain that decides its time."""

    region: RegionId
    intensity: int
    weeks: int
    listed: bool  # the person named it; derived regions (from spine pain) are not


@dataclass
class Context:
    intake: Intake
    kb: KnowledgeBase
    rules: Restrictions
    warnings: list[Reason] = field(default_factory=list)

    def warn(
        self,
        code: str,
        message: str,
        sources: tuple[str, ...] = (),
        regions: Sequence[RegionId] = (),
    ) -> None:
        self.warnings.append(Reason(code, message, sources, tuple(regions)))

    def names(self, regions: Sequence[str]) -> str:
        return where_words(self.kb, tuple(regions))

    def pressure(self, technique: str, regions: tuple[RegionId, ...]) -> Pressure | None:
        """The step's pressure, or None when the technique cannot be done gently enough."""
        entry = self.kb.techniques[technique]
        pressure = lower(NATURAL_PRESSURE.get(technique, "light"), entry.pressure_max)
        for region in regions:
            pressure = lower(pressure, self.rules.pressure_for(region))
        if PRESSURE_RANK[pressure] < PRESSURE_RANK[entry.pressure_min]:
            return None
        return pressure

    def usable(self, technique: str, region: str, tool: str = "") -> bool:
        entry = self.kb.techniques.get(technique)
        if entry is None or technique in self.rules.forbidden_techniques:
            return False
        if tool and (tool in self.rules.forbidden_tools or not self.tool_position(tool)):
            return False
        return region in entry.allowed_regions and self.pressure(technique, (region,)) is not None

    def position_allowed(self, position: str) -> bool:
        allowed = self.rules.allowed_positions
        return allowed is None or position in allowed

    def tool_position(self, tool: str) -> str:
        """Where a self tool is used, or "" when no allowed position suits it."""
        wanted = self.kb.tools[tool].position or "seated"
        if self.position_allowed(wanted):
            return wanted
        if tool in ("massage_ball", "massage_cane") and self.position_allowed("seated"):
            return "seated"  # a ball between the back and a chair, a cane from a chair
        return ""

    def hands_position(self) -> str:
        if self.intake.giver != "partner":  # on your own, or with a massager: sit
            return "seated" if self.position_allowed("seated") else "side_lying"
        for position in ("face_down", "side_lying", "seated"):
            if self.position_allowed(position):
                return position
        return "seated"


def make_plan(
    intake: Intake,
    kb: KnowledgeBase | None = None,
    avoid: frozenset[str] = frozenset(),
    extra_reasons: tuple[Reason, ...] = (),
) -> Plan:
    """The routine for `intake`, or the reasons there is none today.

    `avoid` names techniques to leave out on top of what screening rules out, and
    `extra_reasons` are appended to the plan's reasons: adaptation uses both to say
    what it changed and why.
    """
    kb = kb or knowledge.load()
    screening = screen(intake, kb)
    if screening.stopped:
        return Plan.build(screening.verdict, screening.reasons, (), (), screening.advice)
    rules = screening.restrictions
    if avoid:
        rules = replace(rules, forbidden_techniques=rules.forbidden_techniques | avoid)
    screening = replace(screening, reasons=screening.reasons + extra_reasons, restrictions=rules)
    ctx = Context(intake, kb, rules)
    targets = choose_targets(ctx)
    drafts = draft_steps(ctx, targets)
    if not drafts:
        return _nothing_to_massage(ctx, screening)
    total = intake.minutes * 60
    weights = {t.region: t.intensity for t in targets}
    share = 0.15 if _calming(intake) else 0.12
    allocate(drafts, total, weights, share)
    steps = _finish(ctx, drafts, targets)
    _add_general_warnings(ctx, steps)
    return Plan.build(screening.verdict, screening.reasons, tuple(ctx.warnings), steps, _CLOSING)


_CLOSING = (
    "Afterwards, drink a glass of water and rest for a few minutes. Stop at once if anything "
    "hurts sharply, tingles or feels wrong. See a clinician if the pain is severe, started "
    "after an accident, or is not getting better after a few weeks."
)


def _nothing_to_massage(ctx: Context, screening: Screening) -> Plan:
    reason = Reason(
        "nothing_to_massage",
        "Every area of the back that could be massaged has something to leave alone, so "
        "there is no safe routine today. Let those areas heal, or have them looked at.",
        ("nccih-massage",),
    )
    advice = "See a GP or nurse about the areas you listed before massaging."
    return Plan.build("see_clinician", screening.reasons + (reason,), (), (), advice)


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
    return sorted(targets.values(), key=lambda target: BODY_ORDER[target.region])


def _add_spine_sides(ctx: Context, spine: PainEntry, targets: dict[RegionId, Target]) -> None:
    areas = {ctx.kb.regions[region].area for region in targets} or {"mid_back", "lower_back"}
    sides: list[RegionId] = []
    for region in REGIONS:
        entry = ctx.kb.regions[region]
        if entry.area in areas and entry.target and region not in ctx.rules.excluded_regions:
            sides.append(region)
            if region not in targets:
                targets[region] = Target(region, spine.intensity, spine.weeks, False)
    ctx.warn(
        "spine_pain",
        "Pain at the spine itself is worked through the muscles on both sides of it ("
        + ctx.names(sides)
        + "); nothing presses on the spine.",
        ("healthline-back-massage",),
        ("spine",),
    )


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
        if ctx.kb.regions[region].self_reach or _self_tool_pairs(ctx, region):
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


def _self_tool_pairs(ctx: Context, region: str) -> list[tuple[str, str]]:
    return [
        (tool, technique)
        for tool, technique in SELF_TOOL_ORDER
        if tool in ctx.intake.tools and ctx.usable(technique, region, tool)
    ]


def _device_pairs(ctx: Context, region: str) -> list[tuple[str, str]]:
    return [
        (tool, technique)
        for tool, technique in DEVICE_ORDER
        if tool in ctx.intake.tools and ctx.usable(technique, region, tool)
    ]


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
        return _tool_drafts(ctx, target, _self_tool_pairs(ctx, region))
    if ctx.intake.giver == "device":
        pairs = _device_pairs(ctx, region)
        if pairs:
            return _tool_drafts(ctx, target, pairs)
        gaps.append(region)
    return _hand_drafts(ctx, target)


def _hand_drafts(ctx: Context, target: Target) -> list[Draft]:
    region = target.region
    position = ctx.hands_position()
    chosen: list[tuple[str, str]] = [("petrissage", "work")]
    if target.intensity >= 3:
        deep = DEEP_TECHNIQUES if target.intensity >= 5 else DEEP_TECHNIQUES[::-1]
        usable = [technique for technique in deep if ctx.usable(technique, region)]
        if usable:
            chosen.append((usable[0], "deep_work"))
    no_deep = len(chosen) == 1  # light pressure only: a slow stretch instead of deep work
    if (_wants_release(ctx, target) or no_deep) and ctx.usable("myofascial_release", region):
        chosen.append(("myofascial_release", "release"))
    drafts = []
    for rank, (technique, phase) in enumerate(chosen):
        if not ctx.usable(technique, region):
            continue
        pressure = ctx.pressure(technique, (region,)) or "light"
        drafts.append(
            Draft(
                technique,
                (region,),
                _hand_part(ctx, technique, region),
                position,
                pressure,
                PHASES[phase],
                "work",
                rank=rank,
                min_seconds=ctx.kb.techniques[technique].seconds_min if rank else MIN_WORK,
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


def _calming(intake: Intake) -> bool:
    """Relaxation and sleep want longer light strokes and no tapping."""
    wanted = "relaxation" in intake.goals or "sleep" in intake.goals or "stress" in intake.causes
    return wanted and "circulation" not in intake.goals


def _tapotement_draft(ctx: Context, targets: list[Target]) -> Draft | None:
    if ctx.intake.giver == "device" or _calming(ctx.intake) or ctx.intake.minutes < 10:
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


def _session_order(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Phase by phase, but all work in one position before moving to the next (a wall, a
    roller), top to bottom, left first within a phase."""
    hands = ctx.hands_position()
    work = PHASES["work"]

    def key(draft: Draft) -> tuple[int, bool, str, int, int]:
        bucket = work if draft.role == "work" else draft.phase
        moved = draft.position != hands
        return (bucket, moved, draft.position, draft.phase, BODY_ORDER[draft.regions[0]])

    return sorted(drafts, key=key)


def _finish(ctx: Context, drafts: list[Draft], targets: list[Target]) -> tuple[Step, ...]:
    ordered = _session_order(ctx, drafts)
    intensity: dict[str, int] = {t.region: t.intensity for t in targets if t.listed}
    steps = []
    previous: Draft | None = None
    noted: set[str] = set()
    for n, draft in enumerate(ordered, start=1):
        text = describe_step(ctx.kb, ctx.intake, draft, intensity, previous, ctx.rules, noted)
        steps.append(
            Step(
                n=n,
                technique=draft.technique,
                regions=tuple(sorted(draft.regions, key=BODY_ORDER.__getitem__)),
                pressure=draft.pressure,
                seconds=draft.seconds,
                tool=draft.tool,
                position=draft.position,
                instructions=text.instructions,
                cue=text.cue,
                why=text.why,
                sources=text.sources,
            )
        )
        previous = draft
    return tuple(steps)


def _add_general_warnings(ctx: Context, steps: tuple[Step, ...]) -> None:
    low, high = RECOMMENDED_MINUTES
    if not low <= ctx.intake.minutes <= high:
        ctx.warn(
            "minutes_outside_range",
            f"{ctx.intake.minutes} minutes is outside the usual {low}-{high}: shorter sessions "
            "do little, and longer ones can leave muscles sore. Two or three sessions of "
            f"{low}-{high} minutes a week is a good rhythm.",
            ("healthline-back-massage",),
        )
    lubricant = {"oil", "lotion"} & set(ctx.intake.tools)
    if not lubricant and any(step.technique == "effleurage" for step in steps):
        ctx.warn(
            "no_lubricant",
            "Gliding strokes need a little oil or lotion so the hands slide without dragging "
            "the skin; without it, stroke over a thin T-shirt instead.",
            ("healthline-back-massage",),
        )
    ctx.warn(
        "drink_water",
        "Drink a glass of water afterwards and get up slowly.",
        ("healthline-back-massage",),
    )
