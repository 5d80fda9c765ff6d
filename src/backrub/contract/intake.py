"""The intake (`backrub.intake/1`): what a person tells backrub before a plan.

Frozen dataclasses validated by `backrub.contract.validation`; `docs/contract.md` is the
authority for every field, id and range.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Annotated, Any, Literal

from backrub.contract.constraints import Interval
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
from backrub.contract.validation import ValidationError, loads, parse

INTAKE_SCHEMA = "backrub.intake/1"
MIN_MINUTES, MAX_MINUTES = 5, 60
RECOMMENDED_MINUTES = (10, 20)


@dataclass(frozen=True)
class PainEntry:
    region: RegionId
    intensity: Annotated[int, Interval(ge=0, le=10)]
    weeks: Annotated[int, Interval(ge=0, le=2600)] = 0


@dataclass(frozen=True)
class LocalIssue:
    kind: LocalIssueKind
    region: RegionId


@dataclass(frozen=True)
class Intake:
    giver: Giver
    minutes: Annotated[int, Interval(ge=MIN_MINUTES, le=MAX_MINUTES)]
    schema: Literal["backrub.intake/1"] = "backrub.intake/1"
    pressure: Pressure = "moderate"
    pain: tuple[PainEntry, ...] = ()
    causes: tuple[CauseId, ...] = ()
    goals: tuple[GoalId, ...] = ()
    tools: tuple[ToolId, ...] = ()
    red_flags: tuple[RedFlagId, ...] = ()
    conditions: tuple[ConditionId, ...] = ()
    local_issues: tuple[LocalIssue, ...] = field(default=())

    def check(self, path: str) -> None:
        """Cross-field rules the annotations cannot say."""
        seen: set[str] = set()
        for index, entry in enumerate(self.pain):
            if entry.region in seen:
                where = f"{path}.pain[{index}].region" if path else f"pain[{index}].region"
                raise ValidationError(where, f"{entry.region} is listed twice; give it once")
            seen.add(entry.region)

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape, fields in the contract's order."""
        data = asdict(self)
        ordered = {"schema": data.pop("schema")}
        ordered.update(data)
        for key in ("pain", "causes", "goals", "tools", "red_flags", "conditions", "local_issues"):
            ordered[key] = list(ordered[key])
        return ordered


def parse_intake(data: Any) -> Intake:
    """Validate decoded JSON as an intake; raises ValidationError naming the field."""
    return parse(Intake, data)


def load_intake(text: str | bytes) -> Intake:
    """Validate JSON text as an intake; bad JSON is a ValidationError too."""
    return loads(Intake, text)
