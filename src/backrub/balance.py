"""Share a session's seconds among its steps so that time follows pain.

Two jobs, kept apart from the planner's choices: `allocate` turns the minutes
asked into whole 5-second blocks (fixed parts first, the rest by pain), and
`balance` then makes sure a more painful region never gets less time than a
less painful one, however a step's time is counted (split among its regions or
in full for each, with or without the light strokes).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from backrub.ids import Pressure, RegionId

Role = Literal["stroke", "heat", "work", "late"]
# How a region's time can be counted: (split a step among its regions, skip light strokes).
# The contract says "time"; a step's seconds may be read as shared among its regions or
# as spent on each, so both counts must agree with pain. Light strokes count.
MEASURES = ((True, False), (False, False))
UNIT = 5  # seconds; every step is a whole number of these
MIN_WORK = 10


@dataclass
class Draft:
    """A step before it has its time and words; mutable while the planner shapes it."""

    technique: str
    regions: tuple[RegionId, ...]
    tool: str
    position: str
    pressure: Pressure
    phase: int
    role: Role
    rank: int = 0  # 0: the region's main step; 1 and up: optional, dropped first
    min_seconds: int = MIN_WORK
    seconds: int = 0


def round_to_unit(seconds: float) -> int:
    return int(round(seconds / UNIT)) * UNIT


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def allocate(
    drafts: list[Draft],
    total: int,
    intensity: dict[RegionId, int],
    stroke_share: float = 0.12,
    compact: bool = False,
) -> None:
    """Give every draft its seconds, dropping optional drafts that do not fit.

    `total` must be a multiple of UNIT; the drafts' seconds then sum to it exactly.
    `compact` keeps the light strokes short and drops heat and tapping, leaving the
    most time to follow pain (the fallback when `balance` cannot).
    """
    fixed = {
        "stroke": clamp(round_to_unit(total * stroke_share), 30, 180),
        "heat": clamp(round_to_unit(total * 0.2), 120, 600),
        "late": clamp(round_to_unit(total * 0.05), 20, 60),
    }
    if compact:
        fixed["stroke"] = 20
        drafts[:] = [d for d in drafts if d.role not in ("heat", "late")]
    for optional_role in ("late", "heat", None):
        work = [d for d in drafts if d.role == "work" and d.rank == 0]
        spare = total - sum(fixed[d.role] for d in drafts if d.role != "work")
        if optional_role is None or spare >= MIN_WORK * 2 * len(work):
            break
        drafts[:] = [d for d in drafts if d.role != optional_role]
    for draft in drafts:
        if draft.role != "work":
            draft.seconds = fixed[draft.role]
    _share_work(drafts, spare, intensity)


def _share_work(drafts: list[Draft], spare: int, intensity: dict[RegionId, int]) -> None:
    by_region: dict[RegionId, list[Draft]] = {}
    for draft in drafts:
        if draft.role == "work":
            by_region.setdefault(draft.regions[0], []).append(draft)
    weights = {region: 1 + intensity.get(region, 0) for region in by_region}
    fixed_time = region_times(
        [d for d in drafts if d.role != "work"], split=False, skip_strokes=False
    )
    base = {region: fixed_time.get(region, 0.0) for region in by_region}
    budgets = _level(spare, weights, base)
    shares: list[tuple[Draft, float]] = []
    for region, region_drafts in by_region.items():
        kept = _fit(sorted(region_drafts, key=lambda d: d.rank), budgets[region])
        for draft in region_drafts:
            if draft not in kept:
                drafts.remove(draft)
        shares.extend((draft, budgets[region] / len(kept)) for draft in kept)
    _round_shares(shares, spare)


def _level(
    spare: int, weights: dict[RegionId, int], base: dict[RegionId, float]
) -> dict[RegionId, float]:
    """Work budgets that make each region's whole time (fixed steps included) as close
    to proportional to its weight as the spare seconds allow: water-filling on λ."""
    floor = float(MIN_WORK)
    low, high = 0.0, (spare + sum(base.values())) / min(weights.values()) + 1.0
    for _ in range(60):
        level = (low + high) / 2
        used = sum(max(floor, level * weights[r] - base[r]) for r in weights)
        low, high = (level, high) if used <= spare else (low, level)
    return {r: max(floor, low * weights[r] - base[r]) for r in weights}


def _fit(region_drafts: list[Draft], budget: float) -> list[Draft]:
    """The main draft always; each optional one only if the budget leaves it a minute of
    main work plus the optional technique's own minimum."""
    kept = [region_drafts[0]]
    needed = 60.0
    for draft in region_drafts[1:]:
        if budget >= needed + draft.min_seconds:
            kept.append(draft)
            needed += draft.min_seconds
    return kept


def _round_shares(shares: list[tuple[Draft, float]], spare: int) -> None:
    """Largest-remainder rounding into whole units, every step at least one unit."""
    units = spare // UNIT
    floors = [max(1, int(share // UNIT)) for _, share in shares]
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i][1] / UNIT - floors[i]), i))
    left = units - sum(floors)
    index = 0
    while left > 0:
        floors[order[index % len(order)]] += 1
        left -= 1
        index += 1
    while left < 0:  # the one-unit floor overshot: take from the longest
        longest = max(range(len(floors)), key=lambda i: (floors[i], -i))
        floors[longest] -= 1
        left += 1
    for (draft, _), count in zip(shares, floors, strict=True):
        draft.seconds = count * UNIT


def region_times(drafts: list[Draft], split: bool, skip_strokes: bool) -> dict[RegionId, float]:
    times: dict[RegionId, float] = {}
    for draft in drafts:
        if skip_strokes and draft.technique == "effleurage":
            continue
        share = draft.seconds / len(draft.regions) if split else float(draft.seconds)
        for region in draft.regions:
            times[region] = times.get(region, 0.0) + share
    return times


def _violations(
    drafts: list[Draft], intensity: dict[RegionId, int]
) -> Iterator[tuple[RegionId, RegionId, float]]:
    """Every (more painful, less painful, seconds short) pair, under every measure."""
    ranked = sorted(intensity, key=lambda region: (-intensity[region], region))
    for split, skip_strokes in MEASURES:
        times = region_times(drafts, split, skip_strokes)
        for hi in ranked:
            for lo in ranked:
                gap = times.get(lo, 0.0) - times.get(hi, 0.0)
                if intensity[hi] > intensity[lo] and gap > 0:
                    yield hi, lo, gap


def _floor(draft: Draft) -> int:
    return {"stroke": 20, "late": 20, "heat": 60}.get(draft.role, MIN_WORK)


def _slack(drafts: list[Draft], intensity: dict[RegionId, int], draft: Draft) -> int:
    """How many seconds `draft` can lose before one of its regions drops below a region
    with less pain, under any measure; unlisted regions have no such bound."""
    room = draft.seconds - _floor(draft)
    for split, skip_strokes in MEASURES:
        if skip_strokes and draft.technique == "effleurage":
            continue
        times = region_times(drafts, split, skip_strokes)
        share = len(draft.regions) if split else 1
        for region in draft.regions:
            if region not in intensity:
                continue
            below = [  # regions the step also covers lose time alike: no bound
                times.get(q, 0.0)
                for q in intensity
                if intensity[q] < intensity[region] and q not in draft.regions
            ]
            if below:
                room = min(room, int((times.get(region, 0.0) - max(below)) * share))
    return room - room % UNIT


def balance(drafts: list[Draft], intensity: dict[RegionId, int], limit: int = 200) -> bool:
    """Move seconds to more painful regions until no measure of time disagrees with pain.

    `intensity` holds the regions the person named. Seconds come first from the steps of
    the region that has too much, then from any step with room to spare; a donor never
    gives more than keeps it above every less painful region, so fixes do not undo
    each other. Returns whether it succeeded; it can fail when fixed steps (light
    strokes over reachable regions only, say) take most of a very short session.
    """
    for _ in range(limit):
        if not any(_repair(drafts, intensity, *found) for found in _violations(drafts, intensity)):
            break
    return next(_violations(drafts, intensity), None) is None


def _repair(
    drafts: list[Draft], intensity: dict[RegionId, int], hi: RegionId, lo: RegionId, gap: float
) -> bool:
    """Move up to `gap` seconds towards `hi`; False when no step can give any."""
    receivers = [d for d in drafts if d.role == "work" and d.regions == (hi,)]
    if not receivers:
        return False
    own = [d for d in drafts if lo in d.regions and hi not in d.regions]
    others = [d for d in drafts if d.role == "work" and hi not in d.regions and d not in own]
    # Light strokes give time only when nothing else can: they frame the session.
    own.sort(key=lambda d: (d.role == "stroke", len(d.regions) > 1, -d.seconds))
    others.sort(key=lambda d: -d.seconds)
    wanted = UNIT * -(-int(gap) // UNIT) or UNIT
    for donor in own + others:
        amount = min(_slack(drafts, intensity, donor), wanted)
        if amount >= UNIT:
            donor.seconds -= amount
            receivers[0].seconds += amount
            return True
    return False
