"""The contract checker knows revision 2: for each new rule, a hand-made plan that
breaks it is refused with a message naming the rule and the step, and a plan that
keeps it passes (so a checker that refuses everything cannot go unnoticed either)."""

from __future__ import annotations

from typing import Any

import pytest

from support.contract_checker.handmade import (
    HEAT_INTAKE,
    HONEST_INTAKE,
    changed,
    good_plan,
    heat_plan,
    heat_step,
    intake,
    plan_of,
    problems,
    step,
    stopped_plan,
)


def test_the_hand_made_r2_plans_pass() -> None:
    assert problems(good_plan(), HONEST_INTAKE) == []
    assert problems(heat_plan(), HEAT_INTAKE) == []


def test_hypertension_changes_nothing_but_a_note() -> None:
    """r2: the asked pressure stands with hypertension (revision 1 lowered it); the plan
    notes that massagers should run below full speed."""
    plan = good_plan()
    high = intake(conditions=["hypertension"])
    assert problems(plan, high) == [
        "verdict: hypertension calls for a note (massagers below full speed), which the plan lacks"
    ]
    note = "Run a massager below full speed."
    plan["warnings"] = [{"code": "hypertension", "message": note, "sources": []}]
    assert problems(plan, high) == []


@pytest.mark.parametrize(
    ("for_intake", "verdict", "urgency", "codes"),
    [
        pytest.param(
            intake(red_flags=["sexual_dysfunction_new"]),
            "emergency",
            "now",
            ["sexual_dysfunction_new"],
            id="emergency-now",
        ),
        pytest.param(
            intake(red_flags=["fever", "iv_drug_use"]),
            "see_clinician",
            "today",
            ["fever"],
            id="fever-with-iv-drugs-today",
        ),
        pytest.param(
            intake(red_flags=["thoracic_pain_unwell"]),
            "see_clinician",
            "today",
            ["thoracic_pain_unwell"],
            id="thoracic-pain-unwell-today",
        ),
        pytest.param(
            intake(red_flags=["worse_cough_sneeze_strain"]),
            "see_clinician",
            "days",
            ["worse_cough_sneeze_strain"],
            id="cough-sneeze-days",
        ),
        pytest.param(
            intake(red_flags=["cancer_history", "night_pain_at_rest"], cleared=["cancer_history"]),
            "see_clinician",
            "today",
            ["night_pain_at_rest"],
            id="cleared-history-still-counts",
        ),
    ],
)
def test_stopped_plans_carry_the_urgency_their_flags_call_for(
    for_intake: dict[str, Any], verdict: str, urgency: str, codes: list[str]
) -> None:
    assert problems(stopped_plan(verdict, urgency, codes), for_intake) == []
    wrong = "days" if urgency != "days" else "today"
    refused = problems(stopped_plan(verdict, wrong, codes), for_intake)
    assert any(p.startswith("urgency:") and repr(urgency) in p for p in refused), refused
    missing = stopped_plan(verdict, urgency, codes)
    del missing["urgency"]
    assert any(p.startswith("urgency:") for p in problems(missing, for_intake))


def test_a_go_plan_carries_no_urgency() -> None:
    refused = problems(changed(good_plan(), lambda p: p.update(urgency="days")), HONEST_INTAKE)
    assert any(p.startswith("urgency: a go plan carries urgency") for p in refused), refused


def test_emergency_words_name_the_emergency_department_not_one_country() -> None:
    flags = intake(red_flags=["chest_pain"])
    plan = stopped_plan("emergency", "now", ["chest_pain"])
    plan["advice"] = "Call 999 or go to A&E now."
    assert any(p.startswith("urgency: an emergency plan") for p in problems(plan, flags))


def test_a_longer_session_warning_that_claims_harm_is_refused() -> None:
    warning = {
        "code": "minutes",
        "message": "Sessions of 10-20 minutes are usual; longer ones can leave muscles sore.",
        "sources": [],
    }
    plan = good_plan()
    plan["warnings"] = [warning]
    refused = problems(plan, intake(minutes=15))
    assert any(p.startswith("inv19: the minutes warning (minutes) claims harm") for p in refused)
    warning["message"] = "Sessions of 10-20 minutes are the usual home range."
    assert problems(plan, intake(minutes=15)) == []


def test_a_self_plan_uses_a_listed_tool_where_hands_cannot_reach() -> None:
    """r2 invariant 9: a ball can work the upper back, so leaving it out is refused even
    with a warning; a device plan that ignores a listed massager is refused unless a
    warning says why."""
    reach = intake(
        giver="self",
        tools=["massage_ball"],
        pain=[
            {"region": "lower_back_left", "intensity": 6, "weeks": 10},
            {"region": "upper_back_right", "intensity": 3, "weeks": 10},
        ],
    )
    plan = good_plan()
    for each in plan["steps"]:
        each.update(regions=["lower_back_left"], side="left")
    plan["steps"][4]["tool"] = "massage_ball"
    plan["warnings"] = [
        {
            "code": "reach",
            "message": "Out of reach.",
            "sources": [],
            "regions": ["upper_back_right"],
        }
    ]
    refused = problems(plan, reach)
    assert any(
        p.startswith("inv9: upper_back_right is left out although ['massage_ball']")
        for p in refused
    ), refused

    device = intake(giver="device", tools=["vibration_massager"])
    unused = problems(good_plan(), device)
    assert "inv9: vibration_massager is listed and allowed but no step uses it" in unused
    said = good_plan()
    said["warnings"] = [
        {"code": "tool_unused", "message": "The vibration massager is not needed.", "sources": []}
    ]
    assert problems(said, device) == []


def test_a_stopped_plan_has_no_before_step() -> None:
    plan = stopped_plan("see_clinician", "days", ["dvt"])
    plan["before"] = [heat_step()]
    refused = problems(plan, {**HEAT_INTAKE, "conditions": ["dvt"]})
    assert "inv1: a see_clinician plan has a before step" in refused


def test_plan_of_builds_a_valid_minimal_plan() -> None:
    plan = plan_of(
        [
            step(1, "effleurage", ["lower_back_left"], "light", 180),
            step(2, "petrissage", ["lower_back_left"], "moderate", 180),
            step(3, "friction", ["lower_back_left"], "moderate", 120),
            step(4, "petrissage", ["lower_back_left"], "moderate", 180),
            step(5, "effleurage", ["lower_back_left"], "light", 180),
        ]
    )
    one_region = intake(
        minutes=14, pain=[{"region": "lower_back_left", "intensity": 5, "weeks": 8}]
    )
    assert problems(plan, one_region) == []


@pytest.mark.parametrize(
    ("code", "for_intake", "said", "missing"),
    [
        pytest.param(
            "acute",
            intake(pain=[{"region": "lower_back_left", "intensity": 2, "weeks": 0}]),
            "Keep moving gently; heat helps in the first days.",
            "to keep moving",
            id="acute",
        ),
        pytest.param(
            "possible_shingles",
            intake(local_issues=[{"kind": "rash", "region": "shoulder_right"}]),
            "A painful rash in a band can be shingles: see a clinician within three days.",
            "to see a clinician within three days",
            id="shingles",
        ),
        pytest.param(
            "sciatica_one_leg",
            intake(conditions=["sciatica_one_leg"]),
            "See a clinician if it lasts over 4-6 weeks, spreads, or brings weakness.",
            "when to see a clinician",
            id="sciatica",
        ),
    ],
)
def test_reasons_say_what_the_contract_says_they_tell(
    code: str, for_intake: dict[str, Any], said: str, missing: str
) -> None:
    plan = good_plan()
    plan["verdict"] = "modify"
    plan["reasons"] = [{"code": code, "message": said, "sources": plan["steps"][0]["sources"]}]
    assert not [p for p in problems(plan, for_intake) if p.startswith(f"verdict: reason {code!r}")]
    plan["reasons"][0]["message"] = "Take care."
    assert f"verdict: reason {code!r} does not say {missing}" in " ".join(
        problems(plan, for_intake)
    )


def test_reach_is_not_asked_for_when_the_smallest_doses_do_not_fit() -> None:
    """Four acute regions out of reach need a ball's myofascial release (90 s each: no
    trigger point on acute pain), which five minutes cannot hold: leaving some out with
    a warning is the only plan there is."""
    acute = [
        {"region": region, "intensity": 4, "weeks": 0}
        for region in ("upper_back_left", "upper_back_right", "mid_back_left", "mid_back_right")
    ]
    short = intake(giver="self", minutes=5, tools=["massage_ball"], pain=acute)
    plan = good_plan()
    plan["warnings"] = [
        {"code": "time", "message": "Not enough time.", "sources": [], "regions": ["mid_back_left"]}
    ]
    assert not [p for p in problems(plan, short) if "is left out although" in p]
    roomy = intake(giver="self", minutes=15, tools=["massage_ball"], pain=acute)
    assert [p for p in problems(plan, roomy) if "is left out although" in p]


def test_pain_at_the_spine_is_worked_on_both_sides() -> None:
    spine = intake(pain=[{"region": "spine", "intensity": 5, "weeks": 10}])
    plan = good_plan()
    plan["warnings"] = [
        {"code": "spine_pain", "message": "Worked beside it.", "sources": [], "regions": ["spine"]}
    ]
    assert problems(plan, spine) == []
    for each in plan["steps"][4:6]:
        each.update(regions=["lower_back_left"], side="left", technique="myofascial_release")
    assert "inv4: pain at spine is not worked through the muscles on its right side" in " ".join(
        problems(plan, spine)
    )
