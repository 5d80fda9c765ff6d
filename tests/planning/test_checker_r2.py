"""The contract checker knows revision 2: for each new rule, a hand-made plan that
breaks it is refused with a message naming the rule and the step, and a plan that
keeps it passes (so a checker that refuses everything cannot go unnoticed either)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from support.contract_checker import check_plan
from support.contract_checker.handmade import (
    HEAT_INTAKE,
    HONEST_INTAKE,
    good_plan,
    heat_plan,
    heat_step,
    intake,
    plan_of,
    step,
    stopped_plan,
)

Change = Callable[[dict[str, Any]], None]


def problems(plan: dict[str, Any], for_intake: dict[str, Any]) -> list[str]:
    return check_plan(for_intake, plan, replan=None)


def changed(plan: dict[str, Any], *changes: Change) -> dict[str, Any]:
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


def test_the_hand_made_r2_plans_pass() -> None:
    assert problems(good_plan(), HONEST_INTAKE) == []
    assert problems(heat_plan(), HEAT_INTAKE) == []


def test_hypertension_changes_nothing() -> None:
    """r2: the asked pressure stands with hypertension (revision 1 lowered it)."""
    assert problems(good_plan(), intake(conditions=["hypertension"])) == []


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


BAD_R2_PLANS = [
    # shape
    pytest.param(HONEST_INTAKE, [at(1, side="right")], "shape: steps[1].side", id="wrong-side"),
    pytest.param(HONEST_INTAKE, [at(1, medium="wax")], "shape: steps[1].medium", id="bad-medium"),
    pytest.param(HEAT_INTAKE, [before(n=1)], "shape: before[0].n", id="before-not-step-0"),
    # invariant 5: acute, cleared, sciatica
    pytest.param(
        intake(pain=[{"region": "lower_back_left", "intensity": 6, "weeks": 0}]),
        [with_reason("acute")],
        "inv5: step 2 uses moderate on lower_back_left; at most light",
        id="acute-region-above-light",
    ),
    pytest.param(
        intake(conditions=["dvt"], cleared=["dvt"]),
        [with_reason("dvt_cleared")],
        "inv5: step 2 uses moderate",
        id="cleared-above-light",
    ),
    pytest.param(
        intake(pressure="firm", conditions=["sciatica_one_leg"]),
        [with_reason("sciatica_one_leg"), at(1, pressure="firm")],
        "inv5: step 2 uses firm on lower_back_left; at most moderate",
        id="sciatica-firm-lower-back",
    ),
    pytest.param(
        intake(conditions=["reduced_sensation"]),
        [with_reason("reduced_sensation")],
        "inv5: step 2 uses moderate on lower_back_left; at most light",
        id="reduced-sensation-one-level-lower",
    ),
    # invariant 6: r2 conditions
    pytest.param(
        intake(conditions=["fibromyalgia"], pressure="firm"),
        [with_reason("fibromyalgia"), at(2, technique="trigger_point")],
        "inv6: step 3 uses trigger_point despite fibromyalgia",
        id="fibromyalgia-trigger-point",
    ),
    pytest.param(
        intake(conditions=["sciatica_one_leg"]),
        [with_reason("sciatica_one_leg"), at(2, technique="trigger_point")],
        "inv6: step 3 uses trigger_point on the lower back",
        id="sciatica-trigger-point-lower-back",
    ),
    pytest.param(
        intake(conditions=["osteoporosis"]),
        [with_reason("osteoporosis")],
        "inv6: step 1 uses a face-down position despite osteoporosis",
        id="osteoporosis-face-down",
    ),
    pytest.param(
        intake(conditions=["osteoporosis"], tools=["foam_roller"]),
        [with_reason("osteoporosis"), at(3, tool="foam_roller")],
        "inv6: step 4 uses foam_roller despite osteoporosis",
        id="osteoporosis-foam-roller",
    ),
    pytest.param(
        intake(pain=[{"region": "shoulder_right", "intensity": 3, "weeks": 0}]),
        [with_reason("acute"), at(5, technique="tapotement", pressure="light")],
        "inv6: step 6 uses tapotement with palms on acute ['shoulder_right']",
        id="acute-tapotement",
    ),
    pytest.param(
        intake(red_flags=["steroid_long_term"], cleared=["steroid_long_term"]),
        [with_reason("steroid_long_term_cleared"), at(2, pressure="light")],
        "inv6: step 3 uses friction despite ['steroid_long_term_cleared']",
        id="cleared-friction",
    ),
    # verdict and reasons
    pytest.param(
        intake(conditions=["recent_back_surgery"], cleared=["recent_back_surgery"]),
        [],
        "verdict: expected 'modify'",
        id="cleared-gives-modify",
    ),
    pytest.param(
        intake(local_issues=[{"kind": "rash", "region": "shoulder_right"}]),
        [with_reason("rash")],
        "verdict: the intake calls for reason 'possible_shingles'",
        id="painful-rash-without-shingles-prompt",
    ),
    pytest.param(
        intake(pain=[{"region": "lower_back_left", "intensity": 2, "weeks": 0}]),
        [with_reason("cold")],
        "verdict: the intake calls for reason 'acute'",
        id="acute-without-reason",
    ),
    # invariant 12: dose
    pytest.param(
        HONEST_INTAKE,
        [at(1, seconds=300)],
        "inv12: step 2 gives 300 s a region of petrissage, not 45-180",
        id="petrissage-held-too-long",
    ),
    pytest.param(
        HONEST_INTAKE,
        [at(0, seconds=200), at(1, seconds=100)],
        "inv12: step 1 is effleurage for 200 s, not 30-180",
        id="effleurage-too-long",
    ),
    pytest.param(
        intake(tools=["percussion_massager"], giver="partner"),
        [at(1, tool="percussion_massager", seconds=150), at(3, seconds=90)],
        "inv12: step 2 gives 150 s a region of percussion_massager, not 30-120",
        id="percussion-too-long",
    ),
    pytest.param(
        HONEST_INTAKE,
        [at(5, technique="trigger_point", seconds=20), at(4, seconds=220)],
        "inv12: step 6 gives 20 s a region of trigger_point, not 30-180",
        id="trigger-point-too-short",
    ),
    # invariant 13: choreography
    pytest.param(
        HONEST_INTAKE,
        [
            at(2, regions=["shoulder_right"], side="right"),
            at(4, regions=["lower_back_left"], side="left"),
        ],
        "inv13: the worked side changes 3 times in a partner plan",
        id="partner-walks-round-twice",
    ),
    pytest.param(
        intake(giver="self"),
        [lambda p: [s.update(position="side_lying") for s in p["steps"]]]
        + [at(2, regions=["shoulder_right"], side="right")],
        "inv13: the person in side-lying turns over 3 times",
        id="side-lying-turns-three-times",
    ),
    # invariant 14: skin
    pytest.param(
        HEAT_INTAKE,
        [at(1, medium="oil"), at(0, medium="oil")],
        "inv14: step 2 is myofascial_release on 'oil' skin",
        id="myofascial-on-oil",
    ),
    pytest.param(
        HEAT_INTAKE,
        [at(4, medium="dry")],
        "inv14: step 5 is dry after oil went on at step 3",
        id="dry-after-oil",
    ),
    pytest.param(
        HONEST_INTAKE,
        [at(3, medium="lotion")],
        "inv14: step 4 uses lotion, which the intake does not list",
        id="unlisted-lotion",
    ),
    # invariant 15: heat
    pytest.param(
        HEAT_INTAKE,
        [at(3, technique="heat", tool="heat_pack")],
        "inv15: step 4 is heat outside before",
        id="heat-in-steps",
    ),
    pytest.param(HEAT_INTAKE, [before(seconds=300)], "inv15: before step lasts 300 s", id="short"),
    pytest.param(
        {**HEAT_INTAKE, "conditions": ["diabetes"]},
        [with_reason("diabetes"), before(pressure="light"), at(1, pressure="light")]
        + [at(i, pressure="light") for i in (2, 3, 4, 5)],
        "inv15: before step uses heat despite ['diabetes']",
        id="heat-with-diabetes",
    ),
    pytest.param(
        HEAT_INTAKE,
        [before(regions=["mid_back_left"])],
        "inv15: before step heats ['mid_back_left'], which do not hurt",
        id="heat-where-it-does-not-hurt",
    ),
    pytest.param(
        HEAT_INTAKE,
        [lambda p: p.update(before=[])],
        "inv15: heat_pack is listed",
        id="heat-pack-listed-but-unused",
    ),
    pytest.param(
        HEAT_INTAKE,
        [lambda p: p["before"].append(heat_step(("shoulder_right",)))],
        "inv15: before holds 2 steps",
        id="two-before-steps",
    ),
    pytest.param(
        intake(tools=["oil"]),
        [lambda p: p.update(before=[heat_step()])],
        "inv15: before step uses heat but the intake lists no heat_pack",
        id="heat-without-heat-pack",
    ),
    # invariant 16: words
    pytest.param(
        intake(tools=["massage_ball"]),
        [at(2, tool="massage_ball", instructions="Press the ball with your thumbs.")],
        "inv16: step 3 is done with massage_ball but says 'thumbs'",
        id="ball-with-thumbs",
    ),
    pytest.param(
        intake(giver="self"),
        [at(3, cue="Tell me when it softens.")],
        "inv16: step 4 of a self plan says 'tell me'",
        id="self-plan-speaks-to-a-partner",
    ),
    pytest.param(
        HONEST_INTAKE,
        [at(3, instructions="Reach behind you with one hand.")],
        "inv16: step 4 of a partner plan speaks to the receiver",
        id="partner-plan-speaks-to-the-receiver",
    ),
    # invariant 17: nothing silently skipped
    pytest.param(
        intake(local_issues=[{"kind": "bruise", "region": "shoulder_right"}]),
        [
            with_reason("bruise"),
            lambda p: [s.update(regions=["lower_back_left"], side="left") for s in p["steps"]],
        ],
        "inv17: pain region shoulder_right gets no step but effleurage",
        id="local-issue-region-dropped-silently",
    ),
    # invariant 18: gentle goals
    pytest.param(
        intake(
            goals=["relaxation", "sleep"],
            pain=[
                {"region": "lower_back_left", "intensity": 3, "weeks": 10},
                {"region": "shoulder_right", "intensity": 2, "weeks": 10},
            ],
        ),
        [],
        "inv18: step 3 is friction in a plan for ['relaxation', 'sleep']",
        id="friction-for-relaxation",
    ),
    # invariant 19: honest warnings
    pytest.param(
        intake(minutes=30),
        [],
        "inv19: 30 minutes is outside 10..20",
        id="no-minutes-warning",
    ),
]


@pytest.mark.parametrize(("for_intake", "changes", "message"), BAD_R2_PLANS)
def test_the_checker_refuses_a_plan_that_breaks_an_r2_rule(
    for_intake: dict[str, Any], changes: list[Change], message: str
) -> None:
    base = heat_plan() if for_intake.get("tools") == HEAT_INTAKE["tools"] else good_plan()
    if "heat_pack" in for_intake.get("tools", ()) and not base["before"]:
        base = heat_plan()
    refused = problems(changed(base, *changes), for_intake)
    assert any(p.startswith(message) for p in refused), refused


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
    assert "inv9: upper_back_right is left out although ['massage_ball'] could work it" in refused

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
            step(3, "petrissage", ["lower_back_left"], "moderate", 180),
            step(4, "petrissage", ["lower_back_left"], "moderate", 180),
            step(5, "effleurage", ["lower_back_left"], "light", 180),
        ]
    )
    one_region = intake(pain=[{"region": "lower_back_left", "intensity": 5, "weeks": 8}])
    assert problems(plan, one_region) == []
