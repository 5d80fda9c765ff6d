"""The intake (`backrub.intake/1`): what a person tells backrub before a plan.

Frozen msgspec structs, validated by `backrub.contract.validation`; `docs/contract.md`
is the authority for every field, id and range. Fields are in the contract's order,
which is the order they are written in.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

from backrub.contract.ids import (
    CauseId,
    ConditionId,
    Giver,
    GoalId,
    LocalIssueKind,
    Pressure,
    RedFlagId,
    RegionId,
    ToolId,
)
from backrub.contract.validation import ValidationError, loads, once_each, parse

MIN_MINUTES, MAX_MINUTES = 5, 60
RECOMMENDED_MINUTES = (10, 20)


class PainEntry(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    region: RegionId
    intensity: Annotated[int, msgspec.Meta(ge=0, le=10)]
    weeks: Annotated[int, msgspec.Meta(ge=0, le=2600)] = 0


class LocalIssue(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    kind: LocalIssueKind
    region: RegionId


class Intake(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    schema: Literal["backrub.intake/1"] = "backrub.intake/1"
    giver: Giver
    minutes: Annotated[int, msgspec.Meta(ge=MIN_MINUTES, le=MAX_MINUTES)]
    pressure: Pressure = "moderate"
    pain: tuple[PainEntry, ...] = ()
    causes: tuple[CauseId, ...] = ()
    goals: tuple[GoalId, ...] = ()
    tools: tuple[ToolId, ...] = ()
    red_flags: tuple[RedFlagId, ...] = ()
    conditions: tuple[ConditionId, ...] = ()
    local_issues: tuple[LocalIssue, ...] = ()
    # r2: see_clinician red flags or conditions a clinician has reviewed and cleared
    cleared: tuple[RedFlagId | ConditionId, ...] = ()

    def __post_init__(self) -> None:
        """Rules the annotations cannot say: each id and each pain region once."""
        for name in ("causes", "goals", "tools", "red_flags", "conditions", "cleared"):
            once_each(name, getattr(self, name))
        seen: set[str] = set()
        for index, entry in enumerate(self.pain):
            if entry.region in seen:
                where = f"pain[{index}].region"
                raise ValidationError(where, f"{entry.region} is listed twice; give it once")
            seen.add(entry.region)

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape."""
        data: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(self))
        return data


def parse_intake(data: Any) -> Intake:
    """Validate decoded JSON as an intake; raises ValidationError naming the field."""
    return parse(Intake, data)


def load_intake(text: str | bytes) -> Intake:
    """Validate JSON text as an intake; bad JSON is a ValidationError too."""
    return loads(Intake, text)
