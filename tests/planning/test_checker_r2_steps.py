"""The contract checker refuses, for each revision-2 rule on a plan's steps (invariants
5, 6, 12-19 as revision 2 has them, and the new shape), a hand-made plan that breaks
it, with a message naming the rule and the step."""

from __future__ import annotations

from typing import Any

import pytest

from support.contract_checker.handmade import (
    HEAT_INTAKE,
    HONEST_INTAKE,
    Change,
    at,
    before,
    changed,
    good_plan,
    heat_plan,
    heat_step,
    intake,
    problems,
    with_reason,
)

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
    pytest.param(
        intake(tools=["percussion_massager"]),
        [
            at(1, tool="percussion_massager", technique="tapotement", seconds=90),
            at(2, tool="percussion_massager", technique="tapotement", seconds=90),
            at(3, tool="percussion_massager", technique="tapotement", seconds=120),
        ],
        "inv12: steps 2-4 (one hold) gives 300 s a region of percussion_massager",
        id="percussion-hold-cut-in-pieces",
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
    base = heat_plan() if "heat_pack" in for_intake.get("tools", ()) else good_plan()
    refused = problems(changed(base, *changes), for_intake)
    assert any(p.startswith(message) for p in refused), refused
