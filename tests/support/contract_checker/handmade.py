"""Hand-made plans that keep every rule, for tests that break one rule at a time and
expect the checker to say so (a checker that passes everything must not go unnoticed).

`good_plan()` suits `HONEST_INTAKE`; `heat_plan()` suits `HEAT_INTAKE` (heat in
`before`, oil after dry work); `stopped_plan(...)` is a plan with no steps.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from support.contract_checker import check_plan
from support.contract_checker.reading import side_of

HONEST_INTAKE: dict[str, Any] = {
    "giver": "partner",
    "minutes": 15,
    "pressure": "moderate",
    "pain": [
        {"region": "lower_back_left", "intensity": 6, "weeks": 10},
        {"region": "shoulder_right", "intensity": 3, "weeks": 2},
    ],
}
HEAT_INTAKE: dict[str, Any] = {**HONEST_INTAKE, "tools": ["oil", "heat_pack"]}
BOTH = ["lower_back_left", "shoulder_right"]


def _source() -> str:
    from backrub.knowledge import load

    return next(iter(load().sources))


def step(
    n: int,
    technique: str,
    regions: list[str],
    pressure: str,
    seconds: int,
    **fields: Any,
) -> dict[str, Any]:
    """A step with plain words, palms, face down, dry, on the side its regions are on."""
    made = {
        "n": n,
        "technique": technique,
        "regions": regions,
        "pressure": pressure,
        "seconds": seconds,
        "tool": "palms",
        "position": "face_down",
        "side": side_of(regions) or "both",
        "medium": "dry",
        "instructions": "Glide slowly with flat hands.",
        "cue": "Breathe out.",
        "why": "It warms the tissue.",
        "sources": [_source()],
    }
    made.update(fields)
    return made


def plan_of(steps: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    plan = {
        "schema": "backrub.plan/1",
        "verdict": "go",
        "reasons": [],
        "warnings": [],
        "advice": "Finish slowly.",
        "total_seconds": sum(s["seconds"] for s in steps),
        "before": [],
        "steps": steps,
    }
    plan.update(fields)
    return plan


def good_plan() -> dict[str, Any]:
    """Keeps every rule for HONEST_INTAKE: the left side worked through, then the right."""
    return plan_of(
        [
            step(1, "effleurage", BOTH, "light", 120),
            step(2, "petrissage", ["lower_back_left"], "moderate", 180),
            step(3, "friction", ["lower_back_left"], "moderate", 120),
            step(4, "petrissage", ["lower_back_left"], "moderate", 120),
            step(5, "petrissage", ["shoulder_right"], "moderate", 180),
            step(6, "friction", ["shoulder_right"], "moderate", 60),
            step(7, "effleurage", BOTH, "light", 120),
        ]
    )


def heat_step(regions: tuple[str, ...] = ("lower_back_left",), **fields: Any) -> dict[str, Any]:
    """The preparation step: a heat pack for 15 minutes on dry skin."""
    words = {
        "tool": "heat_pack",
        "instructions": "Lay the warm pack over a thin towel on the sore side.",
        "cue": "Warm, never hot.",
    }
    return step(0, "heat", list(regions), "light", 900, **{**words, **fields})


def heat_plan() -> dict[str, Any]:
    """Keeps every rule for HEAT_INTAKE: heat first, dry work, then oil to the end."""
    plan = good_plan()
    plan["before"] = [heat_step()]
    plan["steps"][1] = step(2, "myofascial_release", ["lower_back_left"], "light", 180)
    for later in plan["steps"][2:]:
        later["medium"] = "oil"
    plan["steps"][0]["medium"] = "dry"
    plan["total_seconds"] = sum(s["seconds"] for s in plan["steps"])
    return plan


def stopped_plan(verdict: str, urgency: str, codes: list[str]) -> dict[str, Any]:
    advice = "Call the emergency number or go to the emergency department (A&E, ER) now."
    return {
        "schema": "backrub.plan/1",
        "verdict": verdict,
        "urgency": urgency,
        "reasons": [
            {"code": code, "message": "Get this checked first.", "sources": [_source()]}
            for code in codes
        ],
        "warnings": [],
        "advice": advice if verdict == "emergency" else "See a doctor.",
        "total_seconds": 0,
        "steps": [],
    }


def intake(**fields: Any) -> dict[str, Any]:
    """HONEST_INTAKE with whole fields replaced."""
    made = copy.deepcopy(HONEST_INTAKE)
    made.update(copy.deepcopy(fields))
    return made


# --- changing a hand-made plan one rule at a time ---------------------------------

Change = Callable[[dict[str, Any]], None]


def problems(plan: dict[str, Any], for_intake: dict[str, Any]) -> list[str]:
    """What the checker says of a hand-made plan (invariant 10 needs the planner: skipped)."""
    return check_plan(for_intake, plan, replan=None)


def changed(plan: dict[str, Any], *changes: Change) -> dict[str, Any]:
    """`plan` after `changes`, its total kept equal to its steps' seconds."""
    for change in changes:
        change(plan)
    plan["total_seconds"] = sum(s["seconds"] for s in plan["steps"])
    return plan


def at(index: int, **fields: Any) -> Change:
    return lambda plan: plan["steps"][index].update(fields)


def before(**fields: Any) -> Change:
    return lambda plan: plan["before"][0].update(fields)


def with_reason(code: str, regions: list[str] | None = None) -> Change:
    def change(plan: dict[str, Any]) -> None:
        plan["verdict"] = "modify"
        entry: dict[str, Any] = {"code": code, "message": "Keep moving; heat helps."}
        entry["sources"] = list(plan["steps"][0]["sources"])
        if regions:
            entry["regions"] = regions
        plan["reasons"].append(entry)

    return change
