"""The planner: intake → screening → a timed, explained routine (`backrub.plan/1`).

Pure and deterministic: the same intake gives the same plan, byte for byte. The
shape follows how a therapist works: light strokes first, heat for long-standing
pain, kneading on every area, deeper work where it hurts and the person allows,
tapping late, light strokes last. Time follows pain. The eleven invariants of
`docs/contract.md` are kept by construction (`balance.py` for time).
"""

from __future__ import annotations

from dataclasses import replace

from backrub import knowledge
from backrub.contract.ids import RegionId
from backrub.contract.intake import RECOMMENDED_MINUTES, Intake
from backrub.contract.plan import Plan, Reason, Step
from backrub.knowledge import KnowledgeBase
from backrub.planning.balance import Draft, allocate
from backrub.planning.context import BODY_ORDER, PHASES, Context, Target, calming
from backrub.planning.drafting import draft_steps
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
        verdict, why, advice = screening.verdict, screening.reasons, screening.advice
        return Plan.build(verdict, why, (), (), advice, urgency=screening.urgency)
    rules = screening.restrictions
    if avoid:
        rules = replace(rules, forbidden_techniques=rules.forbidden_techniques | avoid)
    reasons = screening.reasons + extra_reasons
    ctx = Context(intake, kb, rules)
    targets = choose_targets(ctx)
    drafts = draft_steps(ctx, targets)
    if not drafts:
        return _nothing_to_massage(reasons)
    total = intake.minutes * 60
    weights = {t.region: t.intensity for t in targets}
    share = 0.15 if calming(intake) else 0.12
    allocate(drafts, total, weights, share)
    steps = _finish(ctx, drafts, targets)
    _add_general_warnings(ctx, steps)
    warnings = screening.notes + tuple(ctx.warnings)
    return Plan.build(screening.verdict, reasons, warnings, steps, _CLOSING)


_CLOSING = (
    "Afterwards, drink a glass of water and rest for a few minutes. Stop at once if anything "
    "hurts sharply, tingles or feels wrong. See a clinician if the pain is severe, started "
    "after an accident, or is not getting better after a few weeks."
)


def _nothing_to_massage(reasons: tuple[Reason, ...]) -> Plan:
    reason = Reason(
        "nothing_to_massage",
        "Every area of the back that could be massaged has something to leave alone, so "
        "there is no safe routine today. Let those areas heal, or have them looked at.",
        ("nccih-massage",),
    )
    advice = "See a GP or nurse about the areas you listed before massaging."
    return Plan.build("see_clinician", reasons + (reason,), (), (), advice)


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
        text = describe_step(ctx.words, ctx.intake, draft, intensity, previous, ctx.rules, noted)
        steps.append(
            Step(
                n=n,
                technique=draft.technique,
                regions=_in_body_order(draft.regions),
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


def _in_body_order(regions: tuple[RegionId, ...]) -> tuple[RegionId, ...]:
    if len(regions) == 1:
        return regions
    return tuple(sorted(regions, key=BODY_ORDER.__getitem__))


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
