"""The planner: intake → screening → a timed, explained routine (`backrub.plan/1`).

Pure and deterministic: the same intake gives the same plan, byte for byte. The
shape follows how a therapist works: heat first as a preparation (`before`),
light strokes, dry work, then oil; one side worked through, then the other;
kneading on every area, deeper work where it hurts and the person allows, tapping
late, light strokes over both sides last. Time follows pain, and no step leaves
its dose (`doses.toml`). The contract's invariants are kept by construction
(`balance.py` for time, `choreography.py` for order and skin, `notices.py` for
what the plan must say).
"""

from __future__ import annotations

from dataclasses import replace

from backrub import knowledge
from backrub.contract.ids import RegionId
from backrub.contract.intake import Intake
from backrub.contract.plan import Plan, Reason, Step
from backrub.knowledge import KnowledgeBase
from backrub.planning.aftercare import aftercare, closing_movements
from backrub.planning.balance import Draft, allocate
from backrub.planning.choreography import arrange, side_of
from backrub.planning.context import (
    BODY_ORDER,
    HELD_STILL_TOOLS,
    Context,
    Target,
    calming,
    self_tool_pairs,
)
from backrub.planning.drafting import draft_steps, heat_before
from backrub.planning.notices import add_closing_warnings, warn_short_of_time
from backrub.planning.screening import screen
from backrub.planning.targets import choose_targets
from backrub.planning.words import describe_step


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
        return Plan.build(
            screening.verdict,
            screening.reasons,
            (),
            (),
            screening.advice,
            urgency=screening.urgency,
        )
    rules = screening.restrictions
    if avoid:
        rules = replace(rules, forbidden_techniques=rules.forbidden_techniques | avoid)
    reasons = screening.reasons + extra_reasons
    ctx = Context(intake, kb, rules)
    ctx.warnings.extend(screening.notes)
    targets = choose_targets(ctx)
    sketch = draft_steps(ctx, targets)
    if sketch is None:
        return _nothing_to_massage(reasons)
    heat = heat_before(ctx, targets)
    drafts = sketch.drafts()
    weights = {t.region: t.intensity for t in targets}
    share = 0.15 if calming(intake) else 0.12
    asked = _asked(ctx, targets)
    keep = _tool_regions_kept(ctx, targets)
    sides = _spine_sides_by_hand(ctx, targets)
    short = allocate(drafts, intake.minutes * 60, weights, share, asked, sketch.quiet, keep, sides)
    if short:
        stroked = {region for d in drafts if d.role == "stroke" for region in d.regions}
        warn_short_of_time(ctx, short, stroked)
    work = [d for d in drafts if d.role == "work"]
    late = [d for d in drafts if d.role == "late"]
    ordered = arrange(ctx, sketch.opening, work, late, sketch.closing)
    said: set[str] = set()  # what the words have said already, shared by the whole plan
    before = _finish(ctx, [_prepared(ctx, heat)], targets, said, first=0) if heat else ()
    steps = _finish(ctx, ordered, targets, said)
    add_closing_warnings(ctx, steps)
    advice = _closing_advice(ctx)
    return Plan.build(screening.verdict, reasons, tuple(ctx.warnings), steps, advice, before=before)


def _closing_advice(ctx: Context) -> str:
    """What to expect afterwards, then one or two gentle movements where they are safe,
    their sources given in a warning (massage helps most alongside exercise)."""
    advice = aftercare(ctx.intake)
    closing = closing_movements(ctx.intake, ctx.kb)
    if closing is None:
        return advice
    ctx.warn(
        "closing_movements",
        "The plan ends with gentle movement because massage helps a back most alongside "
        "exercise; the advice at the end says how.",
        closing.sources,
    )
    return f"{advice} {closing.text}"


def _nothing_to_massage(reasons: tuple[Reason, ...]) -> Plan:
    reason = Reason(
        "nothing_to_massage",
        "Every area of the back that could be massaged has something to leave alone, so "
        "there is no safe routine today. Let those areas heal, or have them looked at.",
        ("nccih-massage",),
    )
    advice = "See a GP or nurse about the areas you listed before massaging."
    return Plan.build("see_clinician", reasons + (reason,), (), (), advice, urgency="days")


def _asked(ctx: Context, targets: list[Target]) -> frozenset[str]:
    """The regions a short session keeps before others: those the person named, and for
    pain at the spine one region on each side of it (it is worked through both)."""
    asked = {t.region for t in targets if t.listed}
    if any(entry.region == "spine" for entry in ctx.intake.pain):
        for side in ("left", "right"):
            on_side = [t.region for t in targets if ctx.kb.regions[t.region].side == side]
            if on_side and not asked.intersection(on_side):
                asked.add(on_side[-1])
            if ctx.intake.giver == "self":  # and, on your own, one the hands reach
                hands = [r for r in on_side if ctx.kb.regions[r].self_reach]
                if hands and not asked.intersection(hands):
                    asked.add(hands[-1])
    return frozenset(asked)


def _spine_sides_by_hand(ctx: Context, targets: list[Target]) -> frozenset[str]:
    """On your own with pain at the spine, the most painful region on each side that the
    hands reach: a short session keeps it, so the spine's muscles are worked on both
    sides with a pressure every intake allows (invariant 4)."""
    spine = any(entry.region == "spine" and entry.intensity > 0 for entry in ctx.intake.pain)
    if ctx.intake.giver != "self" or not spine:
        return frozenset()
    kept = set()
    for side in ("left", "right"):
        hands = [
            t
            for t in targets
            if ctx.kb.regions[t.region].side == side and ctx.kb.regions[t.region].self_reach
        ]
        if hands:
            kept.add(max(reversed(hands), key=lambda t: t.intensity).region)
    return frozenset(kept)


def _tool_regions_kept(ctx: Context, targets: list[Target]) -> frozenset[str]:
    """On your own, the painful regions only a tool reaches: a short session keeps their
    work before that of any region the hands reach, which still has its light strokes
    (invariant 9, r2). Under light pressure only a ball or a cane held still counts."""
    if ctx.intake.giver != "self":
        return frozenset()
    kept = set()
    for target in targets:
        region = target.region
        if not target.listed or target.intensity <= 0 or ctx.kb.regions[region].self_reach:
            continue
        tools = {tool for tool, _ in self_tool_pairs(ctx, region)}
        if _asked_pressure(ctx, region) != "light" or tools & set(HELD_STILL_TOOLS):
            kept.add(region)
    return frozenset(kept)


def _asked_pressure(ctx: Context, region: str) -> str:
    """The region's pressure cap, leaving out the one recent pain at the spine gives the
    muscles beside it: the contract's acute rule is about the region that hurts."""
    own = any(entry.region == region and entry.weeks == 0 for entry in ctx.intake.pain)
    if region in ctx.rules.acute_regions and not own:
        return ctx.rules.max_pressure
    return ctx.rules.pressure_for(region)


def _prepared(ctx: Context, heat: Draft) -> Draft:
    heat.side = side_of(ctx, heat.regions)
    heat.medium = "dry"  # heat goes on before any oil, while the skin is dry
    return heat


def _finish(
    ctx: Context, ordered: list[Draft], targets: list[Target], said: set[str], first: int = 1
) -> tuple[Step, ...]:
    """The steps, worded in session order; `said` carries over from `before` to the steps."""
    intensity: dict[str, int] = {t.region: t.intensity for t in targets if t.listed}
    steps = []
    previous: Draft | None = None
    for n, draft in enumerate(ordered, start=first):
        text = describe_step(ctx.words, ctx.intake, draft, intensity, previous, ctx.rules, said)
        steps.append(
            Step(
                n=n,
                technique=draft.technique,
                regions=_in_body_order(draft.regions),
                pressure=draft.pressure,
                seconds=draft.seconds,
                tool=draft.tool,
                position=draft.position,
                side=draft.side,
                medium=draft.medium,
                instructions=text.instructions,
                cue=text.cue,
                why=text.why,
                sources=text.sources,
            )
        )
        previous = draft
    return tuple(steps)


def _in_body_order(regions: tuple[RegionId, ...]) -> tuple[RegionId, ...]:
    if len(regions) == 1:
        return regions
    return tuple(sorted(regions, key=BODY_ORDER.__getitem__))
