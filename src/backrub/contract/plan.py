"""The plan (`backrub.plan/1`): what the planner returns and every adapter shows.

Frozen msgspec structs, fields in the contract's order, so `msgspec.json.encode(plan)`
writes the contract's JSON as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, UnsetType

from backrub.contract.ids import Medium, Pressure, RegionId, Side, Urgency, Verdict
from backrub.contract.validation import ONCE, once_each


class Reason(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Why the verdict is what it is, or why the plan changed; always sourced."""

    code: str
    message: str
    sources: tuple[str, ...] = ()
    regions: Annotated[tuple[RegionId, ...], ONCE] = ()  # extension: the regions it concerns

    def __post_init__(self) -> None:
        once_each("regions", self.regions)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(self))
        return data


def clock(seconds: int) -> str:
    """Seconds as the m:ss a timer shows (915 → "15:15")."""
    return f"{seconds // 60}:{seconds % 60:02d}"


# Techniques that work both sides at once: long strokes up either side, a heat pack across.
BOTH_SIDES_AT_ONCE = frozenset({"effleurage", "heat"})


def two_sided(regions: Sequence[str]) -> bool:
    """True when the regions include both the left and the right of one area."""
    sides: dict[str, set[str]] = {}
    for region in regions:
        area, _, side = region.rpartition("_")
        if side in ("left", "right"):
            sides.setdefault(area, set()).add(side)
    return any(len(found) == 2 for found in sides.values())


def switches_sides(technique: str, regions: Sequence[str]) -> bool:
    """Whether a step does one side, then the other ("switch sides" halfway).

    The planner's words and the session clock's cues both ask this, so they agree.
    """
    return technique not in BOTH_SIDES_AT_ONCE and two_sided(regions)


class Step(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One timed part of a routine. `side` and `medium` are revision 2's: a revision-1
    plan (without them) still parses, as both sides, dry."""

    n: int
    technique: str
    regions: Annotated[tuple[RegionId, ...], ONCE]
    pressure: Pressure
    seconds: int
    tool: str
    position: str
    side: Side = "both"
    medium: Medium = "dry"
    instructions: str
    cue: str
    why: str
    sources: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.regions) > 1:  # most steps work one region, which cannot repeat
            once_each("regions", self.regions)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(self))
        return data


class Plan(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A routine, or the reasons there is none today.

    `advice` extends the contract: plain sentences on what to do now (who to see
    and how soon for stopped verdicts; how to finish for the others). Build with
    `Plan.build`, which works out `total_seconds`.
    """

    schema: Literal["backrub.plan/1"] = "backrub.plan/1"
    verdict: Verdict
    # r2: how soon, on stopped plans only; UNSET is left out of the JSON
    urgency: Urgency | UnsetType = UNSET
    reasons: tuple[Reason, ...]
    warnings: tuple[Reason, ...]
    advice: str
    total_seconds: int
    # r2: at most one preparation step (heat), before step 1, not in total_seconds
    before: tuple[Step, ...] = ()
    steps: tuple[Step, ...]

    @classmethod
    def build(
        cls,
        verdict: Verdict,
        reasons: tuple[Reason, ...],
        warnings: tuple[Reason, ...],
        steps: tuple[Step, ...],
        advice: str = "",
        *,
        before: tuple[Step, ...] = (),
        urgency: Urgency | None = None,
    ) -> Plan:
        total = sum(step.seconds for step in steps)
        return cls(
            verdict=verdict,
            urgency=UNSET if urgency is None else urgency,
            reasons=reasons,
            warnings=warnings,
            advice=advice,
            total_seconds=total,
            before=before,
            steps=steps,
        )

    @property
    def stopped(self) -> bool:
        return self.verdict in ("see_clinician", "emergency")

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape, as plain dicts and lists."""
        data: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(self))
        return data
