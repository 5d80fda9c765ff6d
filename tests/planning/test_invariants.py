"""Property test: every valid intake gives a plan that keeps the contract (r2).

Plus example tests that feed the checker hand-made bad plans, so that a
checker that passes everything cannot go unnoticed (revision 2's rules in
test_checker_r2.py).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from support import strategies
from support.contract_checker import check_plan
from support.contract_checker.handmade import HONEST_INTAKE, good_plan
from support.intakes import make_intake, plan_for


@settings(  # as many examples as the profile runs: 10,000 in CI (tests/conftest.py)
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(intake=strategies.intakes())
def test_every_valid_intake_gives_a_plan_that_keeps_the_contract(intake: dict[str, Any]) -> None:
    plan = plan_for(intake)
    # Round-trip through JSON as a client would see it.
    plan = json.loads(json.dumps(plan))
    assert check_plan(intake, plan) == []


def test_the_ordinary_intake_keeps_the_contract() -> None:
    intake = make_intake()
    assert check_plan(intake, plan_for(intake)) == []


# --- the checker is honest: hand-made bad plans are reported ----------------


def _problems(plan: dict[str, Any], intake: dict[str, Any] | None = None) -> list[str]:
    return check_plan(intake or HONEST_INTAKE, plan, replan=None)


def test_the_hand_made_good_plan_passes() -> None:
    assert _problems(good_plan()) == []


def _with(change: Any) -> dict[str, Any]:
    plan = good_plan()
    change(plan)
    return plan


def _set_step(index: int, **fields: Any) -> Any:
    def change(plan: dict[str, Any]) -> None:
        plan["steps"][index].update(fields)

    return change


def _retotal(plan: dict[str, Any]) -> None:
    plan["total_seconds"] = sum(step["seconds"] for step in plan["steps"])


def _spine_in_step(plan: dict[str, Any]) -> None:
    plan["steps"][1]["regions"] = ["lower_back_left", "spine"]
    plan["steps"][1]["seconds"] = 240  # the dose per region stays in range


def _total_off_by_60(plan: dict[str, Any]) -> None:
    plan["total_seconds"] += 60


def _both_off_by_60(plan: dict[str, Any]) -> None:
    plan["steps"][1]["seconds"] += 60
    _retotal(plan)


def _two_steps(plan: dict[str, Any]) -> None:
    plan["steps"] = [plan["steps"][0], {**plan["steps"][6], "n": 2, "seconds": 780}]
    _retotal(plan)


def _stopped_with_steps(plan: dict[str, Any]) -> None:
    plan["verdict"] = "emergency"


def _bad_numbering(plan: dict[str, Any]) -> None:
    plan["steps"][2]["n"] = 7


def _no_schema(plan: dict[str, Any]) -> None:
    del plan["schema"]


def _bad_verdict(plan: dict[str, Any]) -> None:
    plan["verdict"] = "maybe"


def _step_lacks_why(plan: dict[str, Any]) -> None:
    del plan["steps"][1]["why"]


def _shoulder_more_than_lower_back(plan: dict[str, Any]) -> None:
    for step in plan["steps"][1:4]:
        step.update(regions=["shoulder_right"], side="right")
    for step in plan["steps"][4:6]:
        step.update(regions=["lower_back_left"], side="left")


def _lower_back_only_effleurage(plan: dict[str, Any]) -> None:
    for step in plan["steps"][1:4]:
        step.update(regions=["shoulder_right"], side="right")


def _modify_verdict_without_reason(plan: dict[str, Any]) -> None:
    plan["verdict"] = "modify"


def _unresolved_reason_source(plan: dict[str, Any]) -> None:
    plan["reasons"] = [{"code": "x", "message": "y", "sources": ["no-such-source-id"]}]


BAD_PLANS = [
    pytest.param(_spine_in_step, "inv4", id="spine-in-a-step"),
    pytest.param(_set_step(0, technique="petrissage"), "inv2", id="first-not-effleurage"),
    pytest.param(_set_step(6, pressure="moderate"), "inv2", id="last-not-light"),
    pytest.param(_total_off_by_60, "inv3", id="total-not-the-sum"),
    pytest.param(_both_off_by_60, "inv3", id="total-off-minutes-by-60"),
    pytest.param(_set_step(1, pressure="firm"), "inv5", id="pressure-above-asked"),
    pytest.param(_set_step(1, tool="percussion_massager"), "inv8", id="unlisted-tool"),
    pytest.param(_set_step(1, sources=[]), "inv11", id="step-without-source"),
    pytest.param(_set_step(1, sources=["no-such-source-id"]), "inv11", id="unresolved-source"),
    pytest.param(_unresolved_reason_source, "inv11", id="unresolved-reason-source"),
    pytest.param(_two_steps, "inv1", id="only-two-steps"),
    pytest.param(_stopped_with_steps, "inv1", id="stopped-plan-with-steps"),
    pytest.param(_shoulder_more_than_lower_back, "inv7", id="less-time-for-more-pain"),
    pytest.param(_lower_back_only_effleurage, "inv7", id="pain-region-only-effleurage"),
    pytest.param(_bad_numbering, "shape", id="steps-not-numbered-1-to-n"),
    pytest.param(_no_schema, "shape", id="missing-top-key"),
    pytest.param(_bad_verdict, "shape", id="unknown-verdict"),
    pytest.param(_step_lacks_why, "shape", id="step-lacks-key"),
    pytest.param(_set_step(1, technique="karate_chop"), "shape", id="unknown-technique"),
    pytest.param(_modify_verdict_without_reason, "verdict", id="wrong-verdict"),
]


@pytest.mark.parametrize(("change", "tag"), BAD_PLANS)
def test_the_checker_reports_a_bad_plan(change: Any, tag: str) -> None:
    problems = _problems(_with(change))
    assert any(problem.startswith(tag) for problem in problems), problems


def _intake(**fields: Any) -> dict[str, Any]:
    intake = copy.deepcopy(HONEST_INTAKE)
    intake.update(fields)
    return intake


BAD_FOR_INTAKE = [
    pytest.param(
        _intake(conditions=["anticoagulants"]),
        _set_step(1, technique="tapotement", pressure="light"),
        "inv6",
        id="tapotement-on-anticoagulants",
    ),
    pytest.param(
        _intake(conditions=["osteoporosis"]),
        lambda plan: None,
        "inv5",
        id="moderate-on-osteoporosis",
    ),
    pytest.param(
        _intake(conditions=["diabetes"]),
        lambda plan: None,
        "inv5",
        id="asked-pressure-on-diabetes",
    ),
    pytest.param(
        _intake(conditions=["pregnancy"], tools=["percussion_massager"]),
        _set_step(4, tool="percussion_massager"),
        "inv6",
        id="face-down-and-percussion-in-pregnancy",
    ),
    pytest.param(
        _intake(pressure="firm", conditions=["pregnancy"]),
        _set_step(1, pressure="firm"),
        "inv5",
        id="firm-lower-back-in-pregnancy",
    ),
    pytest.param(
        _intake(local_issues=[{"kind": "bruise", "region": "shoulder_right"}]),
        lambda plan: None,
        "inv6",
        id="local-issue-region-in-a-step",
    ),
    pytest.param(
        _intake(giver="self", pain=[{"region": "upper_back_left", "intensity": 5}]),
        _set_step(1, regions=["upper_back_left"]),
        "inv9",
        id="self-hands-on-upper-back",
    ),
    pytest.param(
        _intake(pain=[{"region": "spine", "intensity": 5}]),
        lambda plan: None,
        "inv4",
        id="spine-pain-not-mentioned",
    ),
    pytest.param(
        _intake(minutes=30),
        lambda plan: None,
        "inv3",
        id="total-off-minutes",
    ),
    pytest.param(
        _intake(red_flags=["fever"]),
        lambda plan: None,
        "verdict",
        id="red-flag-ignored",
    ),
]


@pytest.mark.parametrize(("intake", "change", "tag"), BAD_FOR_INTAKE)
def test_the_checker_reports_a_plan_that_ignores_the_intake(
    intake: dict[str, Any], change: Any, tag: str
) -> None:
    problems = _problems(_with(change), intake)
    assert any(problem.startswith(tag) for problem in problems), problems


def test_the_checker_reports_a_plan_that_changes_between_runs() -> None:
    calls = iter(range(100))

    def replan(intake: dict[str, Any]) -> dict[str, Any]:
        plan = good_plan()
        plan["advice"] = f"run {next(calls)}"
        return plan

    problems = check_plan(HONEST_INTAKE, good_plan(), replan=replan)
    assert any(problem.startswith("inv10") for problem in problems), problems


def test_the_checker_reports_a_region_left_out_silently_but_not_when_said() -> None:
    intake = _intake(
        giver="self",
        pain=[
            {"region": "lower_back_left", "intensity": 6, "weeks": 10},
            {"region": "upper_back_right", "intensity": 2, "weeks": 1},
        ],
    )
    plan = good_plan()
    for step in plan["steps"]:
        step.update(regions=["lower_back_left"], side="left")
    plan["steps"][4]["technique"] = "myofascial_release"  # another round, not a longer hold
    silent = _problems(plan, intake)
    assert any("upper_back_right" in p and p.startswith("inv7") for p in silent), silent
    plan["warnings"] = [
        {
            "code": "self_reach",
            "message": "You cannot reach it with your hands.",
            "sources": [],
            "regions": ["upper_back_right"],
        }
    ]
    assert _problems(plan, intake) == []
