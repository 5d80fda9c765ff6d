"""Share a session's seconds so that time follows pain and every step keeps its dose.

The contract asks that a more painful region never gets less time than a less
painful one. A step's seconds can be read as shared among its regions or as
spent on each, so both readings must agree with pain. Fixed steps (light strokes,
tapping) give some regions a head start; `allocate` first works out the least
work time each region needs to stay in pain order under both readings (never
less than its main technique's dose), then shares what is left by pain, in whole
5-second units, so the order holds by construction rather than by repair.

A region's budget is then shared among its techniques, and `rounds.py` cuts each
technique's time into steps inside its dose: more time means more rounds, never a
longer hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from backrub.contract.ids import HAND_PARTS, Medium, Pressure, RegionId, Side

Role = Literal["stroke", "work", "late", "link"]  # link: light strokes between two rounds
UNIT = 5  # seconds; every step is a whole number of these
MAIN_AT_LEAST = 60  # a region's main technique keeps a minute before extras are added
STROKE_MIN = 30  # the shortest an effleurage step may be (invariant 12)
LEEWAY = 30  # a plan may run this much over its minutes (invariant 3), as a last resort
# Ever tighter frames for short sessions: (drop the late tapping?, stroke seconds).
FRAMES: tuple[tuple[bool, int | None], ...] = (
    (False, None),
    (True, None),
    (True, 60),
    (True, 45),
    (True, STROKE_MIN),
)


@dataclass(slots=True)
class Draft:
    """A step before it has its time and words; mutable while the planner shapes it.

    Before allocation a `work` draft is a technique slot on one region; `rounds.py`
    turns it into one or more steps (`round` 0, 1, ...). `dose` is the seconds a
    region may have in one step (`doses.toml`); `side` and `medium` are set when the
    session is put in order (`choreography.py`).
    """

    technique: str
    regions: tuple[RegionId, ...]
    tool: str
    position: str
    pressure: Pressure
    phase: int
    role: Role
    rank: int = 0  # 0: the region's main technique; 1 and up: optional, dropped first
    dose: tuple[int, int] = (30, 180)
    seconds: int = 0
    round: int = 0  # the how-manieth time this technique comes back to the region
    side: Side = "both"
    medium: Medium = "dry"
    stand_in: bool = False  # done only when the region's budget cannot hold the main one

    def again(self, seconds: int, round_: int) -> Draft:
        """This draft as another step: the same work, its own seconds and round."""
        return Draft(
            self.technique,
            self.regions,
            self.tool,
            self.position,
            self.pressure,
            self.phase,
            self.role,
            self.rank,
            self.dose,
            seconds,
            round_,
            self.side,
            self.medium,
            self.stand_in,
        )


def round_to_unit(seconds: float) -> int:
    return int(round(seconds / UNIT)) * UNIT


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def allocate(
    drafts: list[Draft],
    total: int,
    intensity: dict[RegionId, int],
    stroke_share: float = 0.12,
    asked: frozenset[str] = frozenset(),
    quiet: tuple[RegionId, ...] = (),
    keep: frozenset[str] = frozenset(),
    sides: frozenset[str] = frozenset(),
) -> list[RegionId]:
    """Give every draft its seconds, dropping optional drafts that do not fit.

    `total` must be a multiple of UNIT; the drafts' seconds then sum to it exactly.
    `intensity` holds every worked region's pain (0 where none was given). When even
    the tightest frame cannot give each region its main technique's least dose, the
    regions nobody named (`asked` holds those the person did) and then the least
    painful lose their work (not their light strokes); they are returned so the plan
    can say so. `keep` holds regions that lose their work only after every other
    named one: on your own, a region only a tool reaches gets nothing at all once its
    work is gone, where one the hands reach keeps its light strokes. `sides` hold one
    region on each side of a painful spine, kept next (invariant 4).
    """
    candidates = list(drafts)
    dropped_regions: list[RegionId] = []
    strokes = {id(d): d.regions for d in candidates if d.role == "stroke"}
    # the tightest frames again with strokes over the painful regions only: strokes
    # over a painless region would oblige every painful one to get more than that
    # and, last, over regions nobody said hurt (`quiet`), which give no region a lead
    # (and, at the very last, the half minute over that the contract allows)
    # Then strokes over the most painful of their regions only (`top`): every other
    # region may then have its least dose, with no head start to catch up on, before
    # any region gives up its work (coverage first, invariant 9).
    tightest = [(frame, "", 0) for frame in FRAMES] + [(FRAMES[-1], "painful", 0)]
    last = "quiet" if quiet else "painful"
    tightest += [(FRAMES[-1], last, 0), (FRAMES[-1], "top", 0)]
    tightest += [(FRAMES[-1], last, LEEWAY), (FRAMES[-1], "top", LEEWAY)]
    while True:
        for (drop_late, stroke_seconds), over, leeway in tightest:
            _stroke_over(candidates, strokes, intensity, over, quiet, dropped_regions)
            drafts[:] = [d for d in candidates if _kept(d, drop_late, dropped_regions)]
            spare = total + leeway - _fix(drafts, total, stroke_share, stroke_seconds)
            budgets = _budgets(drafts, spare, intensity, dropped_regions, asked)
            if budgets is not None:
                _share_within_regions(drafts, budgets)
                return dropped_regions
        _stroke_over(candidates, strokes, intensity, "", quiet, dropped_regions)
        regions = _work_regions(drafts)
        if len(regions) <= 1:  # nothing left to give up: let the one region's floor win
            budgets = _least_doses(drafts)
            _share_within_regions(drafts, budgets)
            return dropped_regions
        dropped_regions.append(_first_to_go(drafts, regions, intensity, asked, keep | sides, keep))


def _stroke_over(
    candidates: list[Draft],
    strokes: dict[int, tuple[RegionId, ...]],
    intensity: dict[RegionId, int],
    over: str,
    quiet: tuple[RegionId, ...],
    dropped: list[RegionId],
) -> None:
    """Light strokes over their own regions, the painful ones only, the quiet ones, or
    the most painful of those still worked."""
    for draft in candidates:
        if draft.role == "stroke":
            regions = strokes[id(draft)]
            if over == "painful":
                regions = tuple(r for r in regions if intensity.get(r, 0) > 0) or regions
            elif over == "quiet":
                regions = quiet
            elif over == "top":
                worked = tuple(r for r in regions if r not in dropped)
                if worked:
                    regions = _most_painful(worked, intensity)
                else:
                    regions = _least_painful(regions, intensity, dropped)
            draft.regions = regions


def _most_painful(
    regions: tuple[RegionId, ...], intensity: dict[RegionId, int]
) -> tuple[RegionId, ...]:
    """The regions that hurt most, and on the other side its most painful one if they are
    all on one side: strokes over both sides keep a partner on one side at a time."""
    top = max(intensity.get(r, 0) for r in regions)
    kept = [r for r in regions if intensity.get(r, 0) == top]
    sides = {_side(r) for r in kept}
    if len(sides) == 1:
        other = [r for r in regions if _side(r) not in sides]
        if other:
            kept.append(max(other, key=lambda r: intensity.get(r, 0)))  # first on ties
    return tuple(r for r in regions if r in kept)


def _least_painful(
    regions: tuple[RegionId, ...], intensity: dict[RegionId, int], dropped: list[RegionId]
) -> tuple[RegionId, ...]:
    """None of the stroked regions is still worked: strokes over the least painful of
    them give no region a lead; the other side's only if no worked region hurts less."""
    low = min(intensity.get(r, 0) for r in regions)
    kept = [r for r in regions if intensity.get(r, 0) == low]
    worked = [pain for r, pain in intensity.items() if r not in dropped]
    sides = {_side(r) for r in kept}
    other = [r for r in regions if _side(r) not in sides]
    if len(sides) == 1 and other:
        least = min(other, key=lambda r: intensity.get(r, 0))
        if intensity.get(least, 0) <= min(worked, default=0):
            kept.append(least)
    return tuple(r for r in regions if r in kept)


def _side(region: RegionId) -> str:
    return region.rsplit("_", 1)[-1]


def _first_to_go(
    drafts: list[Draft],
    regions: list[RegionId],
    intensity: dict[RegionId, int],
    asked: frozenset[str],
    later: frozenset[str],
    last: frozenset[str],
) -> RegionId:
    """A region nobody named before one the person did, one in `later` after the rest
    and one in `last` at the very last; then the least painful; on a tie, one the hands
    work (a tool's region may be out of the hands' reach, with nothing else to work
    it), the lowest on the back."""
    by_tool = {d.regions[0] for d in drafts if d.role == "work" and d.tool not in HAND_PARTS}
    return min(
        reversed(regions),
        key=lambda r: (r in asked, r in later, r in last, intensity.get(r, 0), r in by_tool),
    )


def _kept(draft: Draft, drop_late: bool, dropped_regions: list[RegionId]) -> bool:
    if draft.role == "stroke":
        return True
    if draft.role == "late":
        return not drop_late and not dropped_regions
    return draft.regions[0] not in dropped_regions


def _fix(drafts: list[Draft], total: int, share: float, stroke_seconds: int | None) -> int:
    """Set the seconds of the fixed steps (light strokes, tapping); returns their sum."""
    used = 0
    for draft in drafts:
        if draft.role == "work":
            continue
        low, high = draft.dose
        if draft.role == "stroke":
            wanted = stroke_seconds or round_to_unit(total * share)
        else:  # tapping late in the session: a short bout on each of its regions
            count = len(draft.regions)
            low, high = low * count, high * count
            wanted = round_to_unit(total * 0.05)
        draft.seconds = clamp(wanted, low, high)
        used += draft.seconds
    return used


def _work_regions(drafts: list[Draft]) -> list[RegionId]:
    regions: dict[RegionId, None] = {}
    for draft in drafts:
        if draft.role == "work":
            regions[draft.regions[0]] = None
    return list(regions)


def _least_doses(drafts: list[Draft]) -> dict[RegionId, int]:
    """The least work a region can be given: the lowest dose among its techniques (in a
    short session a ball's 30 s trigger-point hold fits where its 90 s release does not)."""
    least: dict[RegionId, int] = {}
    for draft in drafts:
        if draft.role == "work":
            region = draft.regions[0]
            least[region] = min(least.get(region, draft.dose[0]), draft.dose[0])
    return least  # in the order the drafts first work each region


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
    drafts: list[Draft],
    spare: int,
    intensity: dict[RegionId, int],
    stroked_only: Sequence[RegionId] = (),
    named: frozenset[str] = frozenset(),
) -> dict[RegionId, int] | None:
    """Work seconds per region, in pain order under both readings; None if they cannot fit.

    `stroked_only` regions get no work but keep their light strokes, and a more painful
    region must still get at least that much; one the person `named` that the strokes
    still cover must get no less than a less painful region that is worked."""
    least_doses = _least_doses(drafts)
    regions = list(least_doses)  # the worked regions, in the drafts' order
    full, split = _head_starts(drafts)
    pain = {region: intensity.get(region, 0) for region in [*regions, *stroked_only]}
    least: dict[RegionId, int] = {}
    floors = {region: 0 for region in stroked_only}
    for region in sorted(regions, key=pain.__getitem__):
        need = float(least_doses[region])
        own_full, own_split = full.get(region, 0.0), split.get(region, 0.0)
        for lower, lower_least in [*least.items(), *floors.items()]:
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
    budgets = {region: least[region] + extra[region] * UNIT for region in regions}
    for bare in stroked_only:
        if bare in named and full.get(bare, 0.0) > 0:
            for region in regions:
                if pain[region] < pain[bare] and (
                    full.get(region, 0.0) + budgets[region] > full[bare]
                    or split.get(region, 0.0) + budgets[region] > split[bare]
                ):
                    return None
    return budgets


def _share_within_regions(drafts: list[Draft], budgets: dict[RegionId, int]) -> None:
    """Keep the optional techniques a region's budget affords, then share the budget:
    each kept technique its least dose, the rest in proportion to each one's longest
    dose, so that the techniques come back in about as many rounds each."""
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
        _share_budget(kept, budget)
    if dropped:
        drafts[:] = [draft for draft in drafts if id(draft) not in dropped]


def _share_budget(kept: list[Draft], budget: int) -> None:
    """Each technique its least dose, the rest in whole units in proportion to its longest
    dose (even rounds: as many of each); the main one takes what rounding leaves."""
    left = (budget - sum(draft.dose[0] for draft in kept)) // UNIT
    whole = sum(draft.dose[1] for draft in kept)
    given = 0
    for draft in kept:
        units = left * draft.dose[1] // whole
        draft.seconds = draft.dose[0] + units * UNIT
        given += units
    kept[0].seconds += (left - given) * UNIT


def _by_rank(draft: Draft) -> int:
    return draft.rank


def _fit(region_drafts: list[Draft], budget: float) -> list[Draft]:
    """The main technique (the first by rank whose least dose the budget holds, a stand-in
    last, else the one with the smallest dose); each other one, never a stand-in, only if
    the budget leaves the main one a minute (or its dose) plus its own least dose."""
    fitting = [draft for draft in region_drafts if draft.dose[0] <= budget]
    main = fitting[0] if fitting else min(region_drafts, key=lambda d: d.dose[0])
    kept = [main]
    needed = float(max(MAIN_AT_LEAST, main.dose[0]))
    for draft in region_drafts:
        if draft is main or draft.stand_in:
            continue
        if budget >= needed + draft.dose[0]:
            kept.append(draft)
            needed += draft.dose[0]
    return kept
