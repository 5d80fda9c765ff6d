"""The intake (`backrub.intake/1`): what a person tells backrub before a plan.

Frozen msgspec structs, validated by `backrub.contract.validation`; `docs/contract.md`
is the authority for every field, id and range. Fields are in the contract's order,
which is the order they are written in.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

from backrub.contract.ids import (
    CLEARABLE,
    CLEARABLE_CONDITIONS,
    EMERGENCY_RED_FLAGS,
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
from backrub.contract.validation import (
    ONCE,
    ValidationError,
    describe,
    loads,
    once_each,
    parse,
)

MIN_MINUTES, MAX_MINUTES = 5, 60
CLEARED = (
    "see_clinician red flags (not fever) or see_clinician conditions that a clinician has "
    "reviewed and cleared for massage; each must also be listed in red_flags or conditions"
)
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
    causes: Annotated[tuple[CauseId, ...], ONCE] = ()
    goals: Annotated[tuple[GoalId, ...], ONCE] = ()
    tools: Annotated[tuple[ToolId, ...], ONCE] = ()
    red_flags: Annotated[tuple[RedFlagId, ...], ONCE] = ()
    conditions: Annotated[tuple[ConditionId, ...], ONCE] = ()
    local_issues: tuple[LocalIssue, ...] = ()
    # r2: see_clinician red flags or conditions a clinician has reviewed and cleared for
    # massage; each must also be listed above (`_clearance_refusal` says what is refused)
    cleared: Annotated[
        tuple[RedFlagId | ConditionId, ...],
        msgspec.Meta(description=CLEARED, extra_json_schema=ONCE.extra_json_schema),
    ] = ()

    def __post_init__(self) -> None:
        """Rules the annotations cannot say: each id and each pain region once, and only
        clearable ids that are also listed in `cleared`."""
        for name in ("causes", "goals", "tools", "red_flags", "conditions", "cleared"):
            once_each(name, getattr(self, name))
        seen: set[str] = set()
        for index, entry in enumerate(self.pain):
            if entry.region in seen:
                where = f"pain[{index}].region"
                raise ValidationError(where, f"{entry.region} is listed twice; give it once")
            seen.add(entry.region)
        for index, cleared_id in enumerate(self.cleared):
            refusal = _clearance_refusal(cleared_id, self.red_flags, self.conditions)
            if refusal:
                raise ValidationError(f"cleared[{index}]", f"{describe(cleared_id)} {refusal}")

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape."""
        data: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(self))
        return data


def _clearance_refusal(
    cleared_id: str, red_flags: tuple[str, ...], conditions: tuple[str, ...]
) -> str:
    """Why a clinician's clearance cannot apply to `cleared_id` ("" when it can).

    Only what stops a plan until a clinician has looked can be cleared, and only
    when the person has said they have it: an emergency needs care now, a fever
    is checked again rather than cleared, and a `modify` condition stops nothing.
    """
    if cleared_id in EMERGENCY_RED_FLAGS:
        return "cannot be cleared: it is an emergency red flag, which needs care now"
    if cleared_id == "fever":
        return "cannot be cleared: a fever is checked again once it is over, not cleared"
    if cleared_id not in CLEARABLE:
        return (
            "cannot be cleared: it does not stop the plan; the ids that can be cleared are "
            + ", ".join(sorted(CLEARABLE))
        )
    if cleared_id not in red_flags and cleared_id not in conditions:
        field = "conditions" if cleared_id in CLEARABLE_CONDITIONS else "red_flags"
        return f"is not listed in {field}; list it there too, or leave it out of cleared"
    return ""


def parse_intake(data: Any) -> Intake:
    """Validate decoded JSON as an intake; raises ValidationError naming the field."""
    return parse(Intake, data)


def load_intake(text: str | bytes) -> Intake:
    """Validate JSON text as an intake; bad JSON is a ValidationError too."""
    return loads(Intake, text)
