"""The contract's safety tables, row by row, typed in from `docs/contract.md`.

Each red flag, condition and local-issue kind is added to an otherwise
ordinary intake; the plan must carry the verdict and the effect the contract
gives it. Nothing here is derived from the app's own safety data.
"""

from __future__ import annotations

from typing import Any

import pytest

from support.contract_checker import check_plan
from support.contract_checker.tables import (
    EMERGENCY_FLAGS,
    LIGHT_ONLY_CONDITIONS,
    ONE_LEVEL_LOWER_CONDITIONS,
    PRESSURE_RANK,
    SAME_DAY_ALONE,
    SEE_CLINICIAN_CONDITIONS,
    SEE_CLINICIAN_FLAGS,
)
from support.intakes import ALL_TOOLS, BUSY_PAIN, make_intake, plan_for

# -- typed in from the contract's tables (the flags and conditions: the checker's) ----

LOCAL_ISSUE_KINDS = [
    "wound",
    "burn",
    "rash",
    "bruise",
    "infection",
    "recent_injury",
    "varicose",
    "lump",
]
BODY_PARTS = {"palms", "fingertips", "thumbs", "knuckles", "forearm", "cupped_hands", "hand_edges"}

STOPPED_ROWS = (
    [pytest.param("red_flags", flag, "emergency", id=flag) for flag in EMERGENCY_FLAGS]
    + [pytest.param("red_flags", flag, "see_clinician", id=flag) for flag in SEE_CLINICIAN_FLAGS]
    + [
        pytest.param("conditions", cond, "see_clinician", id=cond)
        for cond in SEE_CLINICIAN_CONDITIONS
    ]
)


def _reason(plan: dict[str, Any], code: str) -> dict[str, Any] | None:
    return next((r for r in plan["reasons"] if r["code"] == code), None)


def _step_regions(plan: dict[str, Any]) -> set[str]:
    return {region for step in plan["steps"] for region in step["regions"]}


@pytest.mark.parametrize(("field", "code", "verdict"), STOPPED_ROWS)
def test_a_stopping_row_stops_the_plan(field: str, code: str, verdict: str) -> None:
    intake = make_intake(**{field: [code]})
    plan = plan_for(intake)
    assert plan["verdict"] == verdict
    assert plan["steps"] == []
    assert plan["total_seconds"] == 0
    if verdict == "emergency":
        assert plan["urgency"] == "now"
    else:
        assert plan["urgency"] == ("today" if code in SAME_DAY_ALONE else "days")
    reason = _reason(plan, code)
    assert reason is not None, f"no reason coded {code!r}: {plan['reasons']}"
    assert reason["message"]
    assert reason["sources"], f"reason {code!r} names no source"
    assert check_plan(intake, plan) == []


@pytest.mark.parametrize("condition", LIGHT_ONLY_CONDITIONS)
@pytest.mark.parametrize("pressure", ["moderate", "firm"])
def test_a_light_only_condition_keeps_every_step_light(condition: str, pressure: str) -> None:
    intake = make_intake(
        pressure=pressure,
        conditions=[condition],
        pain=BUSY_PAIN,
        tools=ALL_TOOLS,
        goals=["relief", "mobility", "circulation"],
        causes=["strain", "lifting"],
    )
    plan = plan_for(intake)
    assert plan["verdict"] == "modify"
    assert _reason(plan, condition) is not None, plan["reasons"]
    assert len(plan["steps"]) >= 3
    for step in plan["steps"]:
        assert step["pressure"] == "light", step
        assert step["technique"] not in ("tapotement", "friction", "trigger_point"), step
        assert step["tool"] != "percussion_massager", step
    assert check_plan(intake, plan) == []


@pytest.mark.parametrize("giver", ["partner", "self", "device"])
def test_pregnancy_is_side_lying_or_seated_never_firm_on_the_lower_back(giver: str) -> None:
    intake = make_intake(
        giver=giver, pressure="firm", conditions=["pregnancy"], pain=BUSY_PAIN, tools=ALL_TOOLS
    )
    plan = plan_for(intake)
    assert plan["verdict"] == "modify"
    assert _reason(plan, "pregnancy") is not None, plan["reasons"]
    assert len(plan["steps"]) >= 3
    for step in plan["steps"]:
        assert step["position"] in ("side_lying", "seated"), step
        assert step["position"] != "face_down", step
        assert step["tool"] != "percussion_massager", step
        if {"lower_back_left", "lower_back_right"} & set(step["regions"]):
            assert step["pressure"] != "firm", step
    assert check_plan(intake, plan) == []


@pytest.mark.parametrize("condition", ONE_LEVEL_LOWER_CONDITIONS)
@pytest.mark.parametrize(
    ("asked", "allowed"), [("firm", "moderate"), ("moderate", "light"), ("light", "light")]
)
def test_a_one_level_lower_condition_lowers_the_pressure(
    condition: str, asked: str, allowed: str
) -> None:
    intake = make_intake(pressure=asked, conditions=[condition], pain=BUSY_PAIN)
    plan = plan_for(intake)
    assert plan["verdict"] == "modify"
    assert _reason(plan, condition) is not None, plan["reasons"]
    assert len(plan["steps"]) >= 3
    used = {step["pressure"] for step in plan["steps"]}
    assert all(PRESSURE_RANK[p] <= PRESSURE_RANK[allowed] for p in used), used
    assert check_plan(intake, plan) == []


def test_without_conditions_the_asked_pressure_is_used_somewhere() -> None:
    """The control for the pressure tests: the lowering is the condition's doing."""
    intake = make_intake(pressure="firm", pain=BUSY_PAIN)
    plan = plan_for(intake)
    assert plan["verdict"] == "go"
    pressures = [step["pressure"] for step in plan["steps"]]
    assert any(PRESSURE_RANK[p] > PRESSURE_RANK["moderate"] for p in pressures), pressures


@pytest.mark.parametrize("kind", LOCAL_ISSUE_KINDS)
@pytest.mark.parametrize("region", ["lower_back_left", "shoulder_right", "mid_back_right"])
def test_a_local_issue_keeps_its_region_out_of_every_step(kind: str, region: str) -> None:
    intake = make_intake(
        pain=BUSY_PAIN + [{"region": "mid_back_right", "intensity": 3, "weeks": 1}],
        local_issues=[{"kind": kind, "region": region}],
    )
    plan = plan_for(intake)
    assert plan["verdict"] == "modify"
    assert plan["reasons"], "a modify plan lists its restrictions in reasons"
    assert len(plan["steps"]) >= 3
    assert region not in _step_regions(plan)
    # The rest of the back is still worked.
    assert _step_regions(plan) - {region}
    assert check_plan(intake, plan) == []


SEVERITY = [
    pytest.param(
        {
            "red_flags": ["chest_pain", "fever"],
            "conditions": ["dvt", "anticoagulants"],
            "local_issues": [{"kind": "bruise", "region": "shoulder_left"}],
        },
        "emergency",
        id="emergency-beats-everything",
    ),
    pytest.param(
        {"red_flags": ["saddle_numbness"], "conditions": ["fracture"]},
        "emergency",
        id="emergency-flag-beats-clinician-condition",
    ),
    pytest.param(
        {
            "red_flags": ["fever"],
            "conditions": ["pregnancy", "hypertension"],
            "local_issues": [{"kind": "rash", "region": "lower_back_right"}],
        },
        "see_clinician",
        id="clinician-flag-beats-modify",
    ),
    pytest.param(
        {"conditions": ["osteoporosis", "cancer_treatment", "older_adult"]},
        "see_clinician",
        id="clinician-condition-beats-modify",
    ),
    pytest.param(
        {
            "conditions": ["diabetes"],
            "local_issues": [{"kind": "wound", "region": "lower_back_left"}],
        },
        "modify",
        id="modify-condition-and-local-issue",
    ),
    pytest.param(
        {"local_issues": [{"kind": "lump", "region": "shoulder_left"}]},
        "modify",
        id="local-issue-alone-modifies",
    ),
    pytest.param({}, "go", id="nothing-is-go"),
]


@pytest.mark.parametrize(("fields", "verdict"), SEVERITY)
def test_the_most_serious_verdict_wins(fields: dict[str, Any], verdict: str) -> None:
    intake = make_intake(**fields)
    plan = plan_for(intake)
    assert plan["verdict"] == verdict
    if verdict in ("emergency", "see_clinician"):
        assert plan["steps"] == []
    else:
        assert len(plan["steps"]) >= 3
    assert check_plan(intake, plan) == []
