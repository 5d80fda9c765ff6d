"""Share a session's seconds among its steps so that time follows pain.

The contract asks that a more painful region never gets less time than a less
painful one. A step's seconds can be read as shared among its regions or as
spent on each, so both readings must agree with pain. Fixed steps (light strokes,
heat, tapping) give some regions a head start; `allocate` first works out the
least work time each region needs to stay in pain order under both readings,
then shares what is left by pain, in whole 5-second units, so the order holds
by construction rather than by repair.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Literal

from backrub.contract.ids import Pressure, RegionId

Role = Literal["stroke", "heat", "work", "late"]
UNIT = 5  # seconds; every step is a whole number of these
MIN_WORK = 10
# Ever tighter frames for short sessions with many regions: (drop roles, stroke seconds).
FRAMES: tuple[tuple[tuple[Role, ...], int | None], ...] = (
    ((), None),
    (("late",), None),
    (("late", "heat"), None),
    (("late", "heat"), 15),
    (("late", "heat"), 10),
    (("late", "heat"), 5),
)


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
    drafts: list[Draft], total: int, intensity: dict[RegionId, int], stroke_share: float = 0.12
) -> None:
    """Give every draft its seconds, dropping optional drafts that do not fit.

    `total` must be a multiple of UNIT; the drafts' seconds then sum to it exactly.
    `intensity` holds every worked region's pain (0 where none was given).
    """
    fixed = _fixed_seconds(total, stroke_share)
    candidates = list(drafts)
    for dropped, stroke_seconds in FRAMES:
        drafts[:] = [d for d in candidates if d.role not in dropped]
        spare = total
        for draft in drafts:
            if draft.role != "work":
                draft.seconds = (
                    stroke_seconds
                    if stroke_seconds and draft.role == "stroke"
                    else (fixed[draft.role])
                )
                spare -= draft.seconds
        budgets = _budgets(drafts, spare, intensity)
        if budgets is not None:
            break
    else:  # not even the tightest frame fits: keep it and let the floors win
        budgets = {r: MIN_WORK for r in _work_regions(drafts)}
    _share_within_regions(drafts, budgets)


@lru_cache(maxsize=256)
def _fixed_seconds(total: int, stroke_share: float) -> Mapping[Role, int]:
    """The seconds of the fixed steps (light strokes, heat, tapping) for a session of
    `total` seconds; the same few session lengths come back plan after plan."""
    return MappingProxyType(
        {
            "stroke": clamp(round_to_unit(total * stroke_share), 30, 180),
            "heat": clamp(round_to_unit(total * 0.2), 120, 600),
            "late": clamp(round_to_unit(total * 0.05), 20, 60),
        }
    )


def _work_regions(drafts: list[Draft]) -> list[RegionId]:
    regions: dict[RegionId, None] = {}
    for draft in drafts:
        if draft.role == "work":
            regions[draft.regions[0]] = None
    return list(regions)


def _head_starts(drafts: list[Draft]) -> tuple[dict[RegionId, float], dict[RegionId, float]]:
    """Seconds each region already has from fixed steps: counted in full, and split."""
    full: dict[RegionId, float] = {}
    split: dict[RegionId, float] = {}
    for draft in drafts:
        if draft.role == "work":
            continue
        share = draft.seconds / len(draft.regions)
        for region in draft.regions:
            full[region] = full.get(region, 0.0) + draft.seconds
            split[region] = split.get(region, 0.0) + share
    return full, split


def _budgets(
    drafts: list[Draft], spare: int, intensity: dict[RegionId, int]
) -> dict[RegionId, int] | None:
    """Work seconds per region, in pain order under both readings; None if they cannot fit."""
    regions = _work_regions(drafts)
    full, split = _head_starts(drafts)
    pain = {region: intensity.get(region, 0) for region in regions}
    least: dict[RegionId, int] = {}
    for region in sorted(regions, key=pain.__getitem__):
        need = float(MIN_WORK)
        own_full, own_split = full.get(region, 0.0), split.get(region, 0.0)
        for lower, lower_least in least.items():
            if pain[lower] < pain[region]:
                lead = max(full.get(lower, 0.0) - own_full, split.get(lower, 0.0) - own_split)
                need = max(need, lower_least + lead)
        least[region] = UNIT * -(-int(need * 1000) // (UNIT * 1000))  # round up to a unit
    left = (spare - sum(least.values())) // UNIT
    if left < 0:
        return None
    weights = {region: 1 + pain[region] for region in regions}
    weight_sum = sum(weights.values())
    # Floors of a share that grows with pain keep the order; the few leftover units go
    # to the most painful regions first (ties: the first listed), which keeps it too.
    extra = {region: left * weights[region] // weight_sum for region in regions}
    leftover = left - sum(extra.values())
    by_pain = sorted(regions, key=lambda r: -pain[r])  # stable, so ties keep their order
    for index in range(leftover):
        extra[by_pain[index % len(by_pain)]] += 1
    return {region: least[region] + extra[region] * UNIT for region in regions}


def _share_within_regions(drafts: list[Draft], budgets: dict[RegionId, int]) -> None:
    """Keep the optional steps a region's budget affords, then split it among them."""
    work: dict[RegionId, list[Draft]] = {}
    for draft in drafts:
        if draft.role == "work":
            work.setdefault(draft.regions[0], []).append(draft)
    dropped: set[int] = set()  # by identity: drafts are mutable, and no two are alike
    for region, budget in budgets.items():
        own = sorted(work.get(region, ()), key=_by_rank)
        kept = _fit(own, budget)
        if len(kept) < len(own):
            kept_ids = {id(draft) for draft in kept}
            dropped.update(id(draft) for draft in own if id(draft) not in kept_ids)
        units = budget // UNIT
        for index, draft in enumerate(kept):
            draft.seconds = (units // len(kept) + (1 if index < units % len(kept) else 0)) * UNIT
    if dropped:
        drafts[:] = [draft for draft in drafts if id(draft) not in dropped]


def _by_rank(draft: Draft) -> int:
    return draft.rank


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
