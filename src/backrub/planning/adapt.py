"""Adaptation: the next plan follows what the journal says about the last ones.

Pure: an intake and a person's past sessions in, a `Plan` out. Adaptation never
decides what screening decides: it plans an *adjusted* intake (gentler pressure,
fewer minutes, pain intensities re-weighted for the time share) and asks the
planner to leave trigger-point work out, so every safety rule of the planner
still applies. The rules:

- `adapt_soreness`: the last session left soreness of 4/10 or more the next day →
  one pressure level below what the intake asks (never below light) and no
  `trigger_point` steps.
- `adapt_less_time`: a region's pain before each of the last three sessions was
  2 or more points below its intake intensity (a change that matters, Farrar 2001)
  → its intensity for the time share becomes its recent mean, so it gets less time.
- `adapt_more_time`: a region at 5 or more before each of the last three sessions
  → two points more weight, so it gets more time. A region that fits both rules
  (better by 2, still at 5+) keeps its time: it helps, and it still hurts.
- `adapt_shorter`: the last session was aborted with fewer than half its steps done
  → 2/3 of the intake's minutes (at least 5).

What the contract still guarantees against the *original* intake: the verdict is
the screening verdict (adaptation only appends reasons, so a `go` plan stays
`go`); pressure is never above what was asked; every other invariant holds as
planned, except that invariant 3's minutes are the shortened minutes when
`adapt_shorter` applies (its reason says so). The time order of invariant 7 is
kept for the original intensities: an adjusted intensity stays inside a band
around its original value that no other intensity's band overlaps, so a region
that hurt more at intake never ends up with less weight than one that hurt less.
A time reason is given only for a region whose time really moved as announced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import mean

from msgspec.structs import replace

from backrub import knowledge
from backrub.contract.ids import PRESSURE_RANK, Pressure, RegionId
from backrub.contract.intake import MIN_MINUTES, Intake, PainEntry
from backrub.contract.plan import Plan, Reason
from backrub.contract.records import AnySession
from backrub.knowledge import KnowledgeBase
from backrub.planning.context import DEEP_TECHNIQUES, gentle_goals
from backrub.planning.planner import make_plan
from backrub.planning.screening import drop
from backrub.planning.words import where_words

SORE_AT = 4
RECENT = 3
IMPROVED_BY = 2
PERSISTENT_AT = 5
MORE_WEIGHT = 2
SHORTER = 2 / 3
MAX_INTENSITY = 10


@dataclass(frozen=True)
class Adaptation:
    """What the history changes about the next plan, before planning.

    `intensities` holds the wanted time-share intensity of regions a rule touched
    (already kept inside the original order); `reasons` cover pressure, technique
    and minutes; time reasons are added after planning, once the time moved.
    """

    pressure: Pressure
    minutes: int
    avoid: frozenset[str] = frozenset()
    intensities: Mapping[RegionId, int] = field(default_factory=dict)
    reasons: tuple[Reason, ...] = ()


def adapt_plan(
    intake: Intake, history: Sequence[AnySession], kb: KnowledgeBase | None = None
) -> Plan:
    """The next plan for `intake`, adjusted for `history` (one person's sessions, any
    order), with one reason per change appended to the plan's reasons."""
    kb = kb or knowledge.load()
    change = adaptation(intake, history)
    base = replace(intake, pressure=change.pressure, minutes=change.minutes)
    plan = make_plan(base, kb, avoid=change.avoid)
    if plan.stopped:
        return make_plan(intake, kb)  # nothing to adapt: the screening verdict, as is
    reasons = change.reasons
    if change.intensities:
        # More weight on a region is a share of time, not a licence for deep work: a calm,
        # mild session (invariant 18, read on the person's own answers) stays gentle.
        deep = frozenset(DEEP_TECHNIQUES) if gentle_goals(intake) else frozenset()
        reweighted = _reweighted(base, change.intensities)
        weighted = make_plan(reweighted, kb, avoid=change.avoid | deep)
        time_reasons = _time_reasons(kb, intake, change.intensities, plan, weighted)
        if time_reasons:
            plan, reasons = weighted, reasons + time_reasons
    return replace(plan, reasons=plan.reasons + reasons)


def adaptation(intake: Intake, history: Sequence[AnySession]) -> Adaptation:
    """The adjustments the rules call for; exposed so callers and tests can see them."""
    sessions = sorted(history, key=lambda session: (session.started, session.id))
    if not sessions:
        return Adaptation(intake.pressure, intake.minutes)
    last = sessions[-1]
    pressure, avoid = intake.pressure, frozenset[str]()
    reasons: tuple[Reason, ...] = ()
    if last.soreness_next_day is not None and last.soreness_next_day >= SORE_AT:
        pressure = drop(intake.pressure, 1)
        avoid = frozenset({"trigger_point"})
        reasons += (_soreness_reason(last.soreness_next_day, intake.pressure, pressure),)
    minutes = intake.minutes
    if _aborted_early(last):
        minutes = max(MIN_MINUTES, round(intake.minutes * SHORTER))
        if minutes < intake.minutes:
            reasons += (_shorter_reason(last, intake.minutes, minutes),)
    wanted = _wanted_intensities(intake, sessions[-RECENT:])
    return Adaptation(pressure, minutes, avoid, _in_order(intake, wanted), reasons)


def _aborted_early(session: AnySession) -> bool:
    planned = session.step_count
    return session.status == "aborted" and planned > 0 and len(session.steps_done) * 2 < planned


def _wanted_intensities(intake: Intake, recent: Sequence[AnySession]) -> dict[RegionId, int]:
    """Regions whose pain before each of the last three sessions calls for a new weight."""
    if len(recent) < RECENT:
        return {}
    wanted: dict[RegionId, int] = {}
    for entry in intake.pain:
        ratings = [s.pain_before.get(entry.region) for s in recent]
        values = [r for r in ratings if r is not None]
        if len(values) < RECENT:
            continue
        improved = all(v <= entry.intensity - IMPROVED_BY for v in values)
        persistent = all(v >= PERSISTENT_AT for v in values)
        if improved and not persistent:
            wanted[entry.region] = round(mean(values))
        elif persistent and not improved:
            wanted[entry.region] = min(MAX_INTENSITY, entry.intensity + MORE_WEIGHT)
    return wanted


def _in_order(intake: Intake, wanted: Mapping[RegionId, int]) -> dict[RegionId, int]:
    """`wanted`, each clamped to its original intensity's band; unchanged ones dropped.

    The distinct original intensities v1 < v2 < ... split 0..10 into bands that
    meet halfway between neighbours, so clamped values keep every strict order.
    """
    levels = sorted({entry.intensity for entry in intake.pain})
    kept: dict[RegionId, int] = {}
    for entry in intake.pain:
        if entry.region not in wanted:
            continue
        index = levels.index(entry.intensity)
        low = 0
        if index > 0:
            below = levels[index - 1]
            low = below + 1 + (entry.intensity - below - 1) // 2
        high = MAX_INTENSITY
        if index + 1 < len(levels):
            high = entry.intensity + (levels[index + 1] - entry.intensity - 1) // 2
        value = min(max(wanted[entry.region], low), high)
        if value != entry.intensity:
            kept[entry.region] = value
    return kept


def _reweighted(intake: Intake, intensities: Mapping[RegionId, int]) -> Intake:
    pain = tuple(
        replace(entry, intensity=intensities.get(entry.region, entry.intensity))
        for entry in intake.pain
    )
    return replace(intake, pain=pain)


def region_seconds(plan: Plan) -> dict[str, float]:
    """Seconds per region, a step's time shared among its regions."""
    totals: dict[str, float] = {}
    for step in plan.steps:
        for region in step.regions:
            totals[region] = totals.get(region, 0.0) + step.seconds / len(step.regions)
    return totals


def _time_reasons(
    kb: KnowledgeBase,
    intake: Intake,
    intensities: Mapping[RegionId, int],
    before: Plan,
    after: Plan,
) -> tuple[Reason, ...]:
    """One reason per region whose time moved the way its rule meant."""
    was, now = region_seconds(before), region_seconds(after)
    original: dict[RegionId, PainEntry] = {entry.region: entry for entry in intake.pain}
    reasons = []
    for region, value in intensities.items():
        more = value > original[region].intensity
        moved = now.get(region, 0.0) - was.get(region, 0.0)
        if (moved > 0) if more else (moved < 0):
            where = where_words(kb, (region,))
            reasons.append(_time_reason(region, where, more, was.get(region, 0.0), now[region]))
    return tuple(reasons)


def _time_reason(region: RegionId, where: str, more: bool, was: float, now: float) -> Reason:
    if more:
        return Reason(
            "adapt_more_time",
            f"{where[0].upper()}{where[1:]} was still at 5/10 or more before each of the last "
            f"three sessions, so it gets more of the time ({round(was)} → {round(now)} seconds).",
            ("healthline-back-massage", "nice-ng59"),
            (region,),
        )
    return Reason(
        "adapt_less_time",
        f"Pain in {where} has stayed at least 2 points below what you first reported "
        f"for the last three sessions, so it gets less of the time ({round(was)} → "
        f"{round(now)} seconds) and the rest goes where it still hurts.",
        ("farrar-2001",),
        (region,),
    )


def _soreness_reason(soreness: int, asked: Pressure, used: Pressure) -> Reason:
    if PRESSURE_RANK[used] < PRESSURE_RANK[asked]:
        pressure = f"at most {used} pressure (you asked for {asked})"
    else:
        pressure = "light pressure"
    return Reason(
        "adapt_soreness",
        f"The last session left you sore the next day ({soreness}/10), so this one uses "
        f"{pressure} and no trigger-point work. Soreness for a day or two after deeper "
        "work is common; it is a sign to go gentler, not to push through.",
        ("abmp-werner", "travell-simons-1999"),
    )


def _shorter_reason(last: AnySession, asked: int, minutes: int) -> Reason:
    planned = last.step_count
    return Reason(
        "adapt_shorter",
        f"The last session stopped after {len(last.steps_done)} of {planned} steps, so this "
        f"plan is shorter: {minutes} minutes instead of {asked}. A routine that fits is "
        "better than a long one left half done.",
        ("healthline-back-massage",),
    )
