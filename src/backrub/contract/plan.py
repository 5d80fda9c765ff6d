"""The plan (`backrub.plan/1`): what the planner returns and every adapter shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any, Literal

from backrub.contract.ids import Pressure, RegionId, Verdict


@dataclass(frozen=True)
class Reason:
    """Why the verdict is what it is, or why the plan changed; always sourced."""

    code: str
    message: str
    sources: tuple[str, ...] = ()
    regions: tuple[RegionId, ...] = ()  # extension: the regions it concerns, if any

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "sources": list(self.sources),
            "regions": list(self.regions),
        }


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


@dataclass(frozen=True)
class Step:
    n: int
    technique: str
    regions: tuple[RegionId, ...]
    pressure: Pressure
    seconds: int
    tool: str
    position: str
    instructions: str
    cue: str
    why: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "technique": self.technique,
            "regions": list(self.regions),
            "pressure": self.pressure,
            "seconds": self.seconds,
            "tool": self.tool,
            "position": self.position,
            "instructions": self.instructions,
            "cue": self.cue,
            "why": self.why,
            "sources": list(self.sources),
        }


@dataclass(frozen=True, kw_only=True)
class Plan:
    """A routine, or the reasons there is none today.

    `advice` extends the contract: plain sentences on what to do now (who to see
    and how soon for stopped verdicts; how to finish for the others). Build with
    `Plan.build`, which works out `total_seconds`.
    """

    schema: Literal["backrub.plan/1"] = "backrub.plan/1"
    verdict: Verdict
    reasons: tuple[Reason, ...]
    warnings: tuple[Reason, ...]
    advice: str
    total_seconds: int
    steps: tuple[Step, ...]

    @classmethod
    def build(
        cls,
        verdict: Verdict,
        reasons: tuple[Reason, ...],
        warnings: tuple[Reason, ...],
        steps: tuple[Step, ...],
        advice: str = "",
    ) -> Plan:
        total = sum(step.seconds for step in steps)
        return cls(
            verdict=verdict,
            reasons=reasons,
            warnings=warnings,
            advice=advice,
            total_seconds=total,
            steps=steps,
        )

    @property
    def stopped(self) -> bool:
        return self.verdict in ("see_clinician", "emergency")

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "verdict": self.verdict,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "warnings": [warning.to_dict() for warning in self.warnings],
            "advice": self.advice,
            "total_seconds": self.total_seconds,
            "steps": [step.to_dict() for step in self.steps],
        }


# Quoting a string is most of the cost of writing a plan as JSON, and a plan's long
# strings (a step's words, the warnings) come from the phrasebook: the same few
# hundred, plan after plan. Any other string simply takes a slot for a while.
_quoted = lru_cache(maxsize=4096)(encode_basestring)


def plan_json(plan: Plan) -> bytes:
    """The plan as compact UTF-8 JSON: the bytes of `json.dumps(plan.to_dict(),
    ensure_ascii=False, separators=(",", ":"))`, as FastAPI's JSONResponse writes them,
    in about a quarter of the time (tests check they are the same). For API responses:
    `Response(plan_json(plan), media_type="application/json")`."""
    reasons = ",".join([_reason_json(reason) for reason in plan.reasons])
    warnings = ",".join([_reason_json(warning) for warning in plan.warnings])
    steps = ",".join([_step_json(step) for step in plan.steps])
    return (
        f'{{"schema":{_quoted(plan.schema)},"verdict":{_quoted(plan.verdict)},'
        f'"reasons":[{reasons}],"warnings":[{warnings}],"advice":{_quoted(plan.advice)},'
        f'"total_seconds":{plan.total_seconds},"steps":[{steps}]}}'
    ).encode()


@lru_cache(maxsize=1024)
def _strings_json(values: tuple[str, ...]) -> str:
    return "[" + ",".join([_quoted(value) for value in values]) + "]"


def _reason_json(reason: Reason) -> str:
    return (
        f'{{"code":{_quoted(reason.code)},"message":{_quoted(reason.message)},'
        f'"sources":{_strings_json(reason.sources)},"regions":{_strings_json(reason.regions)}}}'
    )


def _step_json(step: Step) -> str:
    return (
        f'{{"n":{step.n},"technique":{_quoted(step.technique)},'
        f'"regions":{_strings_json(step.regions)},"pressure":{_quoted(step.pressure)},'
        f'"seconds":{step.seconds},"tool":{_quoted(step.tool)},'
        f'"position":{_quoted(step.position)},"instructions":{_quoted(step.instructions)},'
        f'"cue":{_quoted(step.cue)},"why":{_quoted(step.why)},'
        f'"sources":{_strings_json(step.sources)}}}'
    )
