"""The planner's structure under contract revision 2: doses, sides, skin, heat, gentle
goals, nothing skipped, tools used, honest minutes (invariants 9, 12-15, 17-19).

The tables below are typed in from the contract's text, never read from the app, so a
wrong number in `doses.toml` or a wrong rule in the planner cannot hide itself. The
full checker (`support.contract_checker`) checks every invariant; these are the
planner's own focused properties, with the reasons a plan breaks them in the message.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from support import strategies
from support.examples import fewer
from support.intakes import make_intake, plan_for

# Invariant 12: seconds a region may have in one step, by technique, and by tool.
PER_REGION = {
    "petrissage": (45, 180),
    "friction": (30, 120),
    "tapotement": (20, 60),
    "trigger_point": (30, 180),
    "myofascial_release": (90, 300),
    "vibration": (30, 180),
}
PER_REGION_BY_TOOL = {"percussion_massager": (30, 120), "shiatsu_massager": (60, 240)}
EFFLEURAGE_STEP = (30, 180)
HEAT_SECONDS = (600, 1200)
NO_HEAT_CONDITIONS = {"diabetes", "reduced_sensation"}
MASSAGE_TOOLS = {
    "massage_ball": "ball",
    "foam_roller": "roller",
    "massage_cane": "cane",
    "percussion_massager": "percussion",
    "shiatsu_massager": "shiatsu",
    "vibration_massager": "vibration",
}
LEFT = {"shoulder_left", "upper_back_left", "mid_back_left", "lower_back_left"}
RIGHT = {"shoulder_right", "upper_back_right", "mid_back_right", "lower_back_right"}

# A twentieth of the profile (500 intakes in CI): test_invariants.py runs the whole
# checker, these rules included, on the profile's full 10,000.
PROPERTY = settings(
    max_examples=fewer(20),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _plan(intake: dict[str, Any]) -> dict[str, Any]:
    plan: dict[str, Any] = json.loads(json.dumps(plan_for(intake)))
    return plan


def _planned(intake: dict[str, Any]) -> dict[str, Any]:
    """A routine for a drawn intake; stopped plans are another test's business."""
    plan = _plan(intake)
    assume(plan["verdict"] in ("go", "modify"))
    return plan


def _hurting(intake: dict[str, Any]) -> set[str]:
    issues = {issue["region"] for issue in intake.get("local_issues", ())}
    return {
        p["region"]
        for p in intake.get("pain", ())
        if p["intensity"] >= 1 and p["region"] != "spine" and p["region"] not in issues
    }


@PROPERTY
@given(intake=strategies.intakes())
def test_no_step_leaves_its_dose(intake: dict[str, Any]) -> None:
    plan = _planned(intake)
    for step in plan["steps"]:
        technique, seconds = step["technique"], step["seconds"]
        if technique == "effleurage":
            low, high = EFFLEURAGE_STEP
            assert low <= seconds <= high, f"step {step['n']}: effleurage for {seconds} s"
            continue
        low, high = PER_REGION_BY_TOOL.get(step["tool"]) or PER_REGION[technique]
        each = seconds / len(step["regions"])
        assert low <= each <= high, f"step {step['n']}: {technique} {each} s a region"
    total = sum(step["seconds"] for step in plan["steps"])
    assert plan["total_seconds"] == total
    assert abs(total - intake["minutes"] * 60) <= 30


@PROPERTY
@given(intake=strategies.intakes())
def test_sides_are_named_and_a_partner_walks_round_once(intake: dict[str, Any]) -> None:
    plan = _planned(intake)
    steps = plan["steps"]
    for step in plan["before"] + steps:
        regions = set(step["regions"])
        want = "left" if regions <= LEFT else "right" if regions <= RIGHT else "both"
        assert step["side"] == want, f"step {step['n']} on {sorted(regions)} is {step['side']}"
    sided = [step["side"] for step in steps if step["side"] != "both"]
    changes = sum(1 for a, b in zip(sided, sided[1:], strict=False) if a != b)
    if any(step["position"] == "side_lying" for step in steps):
        assert changes <= 1, f"a side-lying person turns {changes} times"
    if intake["giver"] == "partner":
        assert changes <= 2, f"the partner changes sides {changes} times"


@PROPERTY
@given(intake=strategies.intakes())
def test_dry_work_comes_before_oil_and_only_what_is_listed(intake: dict[str, Any]) -> None:
    plan = _planned(intake)
    tools = set(intake.get("tools", ()))
    media = [step["medium"] for step in plan["before"] + plan["steps"]]
    for step in plan["before"] + plan["steps"]:
        if step["technique"] == "myofascial_release":
            assert step["medium"] == "dry", f"step {step['n']}: a slow stretch on oiled skin"
        if step["medium"] != "dry":
            assert step["medium"] in tools, f"step {step['n']} uses unlisted {step['medium']}"
    if "dry" in media and len(set(media) - {"dry"}) > 0:
        last_dry = max(i for i, medium in enumerate(media) if medium == "dry")
        first_wet = min(i for i, medium in enumerate(media) if medium != "dry")
        assert last_dry < first_wet, f"dry work after oil: {media}"


@PROPERTY
@given(intake=strategies.intakes())
def test_heat_is_a_preparation_on_painful_regions(intake: dict[str, Any]) -> None:
    plan = _planned(intake)
    assert all(step["technique"] != "heat" for step in plan["steps"])
    before = plan["before"]
    assert len(before) <= 1
    conditions = set(intake.get("conditions", ()))
    ruled_out = bool(conditions & NO_HEAT_CONDITIONS) or bool(intake.get("cleared"))
    listed = "heat_pack" in intake.get("tools", ())
    if before:
        (heat,) = before
        assert listed and not ruled_out
        assert (heat["n"], heat["technique"], heat["tool"]) == (0, "heat", "heat_pack")
        assert HEAT_SECONDS[0] <= heat["seconds"] <= HEAT_SECONDS[1]
        assert heat["medium"] == "dry"
        spine = any(p["region"] == "spine" and p["intensity"] >= 1 for p in intake["pain"])
        if not spine:
            assert set(heat["regions"]) <= _hurting(intake)
    elif listed and not ruled_out:
        assert not _hurting(intake), "heat_pack listed and a region hurts, but no heat"


@PROPERTY
@given(intake=strategies.gentle_intakes())
def test_gentle_goals_get_no_deep_work(intake: dict[str, Any]) -> None:
    goals = set(intake["goals"])
    mild = all(p["intensity"] <= 3 for p in intake.get("pain", ()))
    assert goals and goals <= {"relaxation", "sleep"} and mild, "the strategy drew another case"
    plan = _planned(intake)
    deep = [s["n"] for s in plan["steps"] if s["technique"] in ("trigger_point", "friction")]
    assert deep == []


@PROPERTY
@given(intake=strategies.intakes())
def test_no_pain_region_is_skipped_silently(intake: dict[str, Any]) -> None:
    plan = _planned(intake)
    worked = {r for s in plan["steps"] if s["technique"] != "effleurage" for r in s["regions"]}
    named = {r for warning in plan["warnings"] for r in warning.get("regions", ())}
    pain = {p["region"] for p in intake.get("pain", ())} - {"spine"}
    silent = sorted(pain - worked - named)
    assert silent == [], f"{silent} get only light strokes and no warning names them"


@PROPERTY
@given(intake=strategies.intakes())
def test_every_listed_tool_works_or_the_plan_says_why(intake: dict[str, Any]) -> None:
    assume(intake["giver"] in ("self", "device"))
    plan = _planned(intake)
    used = {step["tool"] for step in plan["steps"]}
    said = " ".join(w["message"].lower() for w in plan["warnings"])
    for tool in set(intake.get("tools", ())) & set(MASSAGE_TOOLS):
        assert tool in used or MASSAGE_TOOLS[tool] in said, f"{tool}: unused, and no word why"


@PROPERTY
@given(intake=strategies.intakes())
def test_the_minutes_warning_is_honest(intake: dict[str, Any]) -> None:
    assume(not 10 <= intake["minutes"] <= 20)
    plan = _planned(intake)
    asked = f"{intake['minutes']} minutes"
    about = [w for w in plan["warnings"] if asked in w["message"] and "10-20" in w["message"]]
    assert about, "no warning gives the usual 10-20 minute range"
    for warning in about:
        assert "sherman-2014" in warning["sources"]
        assert "sore" not in warning["message"].lower()
        assert "30-60" in warning["message"]


@PROPERTY
@given(intake=strategies.intakes())
def test_first_and_last_steps_are_light_strokes_and_plans_repeat(intake: dict[str, Any]) -> None:
    plan = _planned(intake)
    for step in (plan["steps"][0], plan["steps"][-1]):
        assert (step["technique"], step["pressure"]) == ("effleurage", "light")
    assert json.dumps(plan_for(intake)) == json.dumps(plan_for(intake))


@PROPERTY
@given(intake=strategies.intakes())
def test_a_region_left_out_is_not_said_to_get_strokes_it_does_not_get(
    intake: dict[str, Any],
) -> None:
    plan = _planned(intake)
    stepped = {r for s in plan["steps"] for r in s["regions"]}
    for warning in plan["warnings"]:
        regions = set(warning.get("regions") or ())
        if warning["code"] in ("not_enough_time", "left_out") and not regions & stepped:
            assert "light strokes" not in warning["message"], (warning, sorted(stepped))


# --- examples the property tests may rarely draw ---------------------------------


def _worked(plan: dict[str, Any]) -> set[str]:
    return {r for s in plan["steps"] if s["technique"] != "effleurage" for r in s["regions"]}


def _pain(*entries: tuple[str, int]) -> list[dict[str, Any]]:
    return [{"region": region, "intensity": i, "weeks": 10} for region, i in entries]


def test_a_short_self_session_gives_every_region_its_first_round_before_a_second() -> None:
    """Ten minutes, seven painful regions, a massage gun for the three out of reach:
    each region's least dose fits, so none is left out for time."""
    pain = _pain(
        ("lower_back_right", 5),
        ("upper_back_left", 8),
        ("lower_back_left", 5),
        ("mid_back_right", 4),
        ("shoulder_left", 3),
        ("shoulder_right", 5),
        ("mid_back_left", 1),
    )
    intake = make_intake(giver="self", minutes=10, pain=pain, tools=["percussion_massager"])
    plan = _plan(intake)
    assert _worked(plan) == _hurting(intake)
    assert not [w for w in plan["warnings"] if w["code"] == "not_enough_time"]
    assert abs(plan["total_seconds"] - 600) <= 30


def test_on_your_own_a_region_only_a_tool_reaches_keeps_its_work_first() -> None:
    """Five minutes on light pressure: the ball's regions get their work; a region the
    hands reach gives its work up first, and the plan says what it still gets."""
    pain = _pain(
        ("shoulder_left", 2),
        ("shoulder_right", 2),
        ("mid_back_left", 1),
        ("mid_back_right", 1),
    )
    intake = make_intake(
        giver="self",
        minutes=5,
        pain=pain,
        tools=["oil", "massage_ball"],
        conditions=["anticoagulants"],
    )
    plan = _plan(intake)
    assert {"mid_back_left", "mid_back_right"} <= _worked(plan)
    (short,) = [w for w in plan["warnings"] if w["code"] == "not_enough_time"]
    assert set(short["regions"]).isdisjoint(_worked(plan))
    stroked = {r for s in plan["steps"] if s["technique"] == "effleurage" for r in s["regions"]}
    assert ("light strokes" in short["message"]) == bool(set(short["regions"]) & stroked)


def test_an_hour_on_one_painful_region_comes_back_in_rounds_not_long_holds() -> None:
    intake = make_intake(
        minutes=60, pain=[{"region": "lower_back_left", "intensity": 8, "weeks": 20}]
    )
    plan = _plan(intake)
    on_it = [s for s in plan["steps"] if s["regions"] == ["lower_back_left"]]
    assert len({s["technique"] for s in on_it}) >= 2
    assert any(s["technique"] == "petrissage" for s in on_it[1:])
    assert all(s["seconds"] <= 300 for s in plan["steps"])


def test_pregnancy_in_side_lying_turns_over_once() -> None:
    pain = [
        {"region": region, "intensity": 6, "weeks": 12}
        for region in ("shoulder_left", "shoulder_right", "lower_back_left", "lower_back_right")
    ]
    intake = make_intake(conditions=["pregnancy"], pain=pain, tools=["oil"], minutes=30)
    plan = _plan(intake)
    assert {s["position"] for s in plan["steps"]} <= {"side_lying", "seated"}
    sided = [s["side"] for s in plan["steps"] if s["side"] != "both"]
    assert sum(1 for a, b in zip(sided, sided[1:], strict=False) if a != b) <= 1
    assert {"left", "right"} <= set(sided)


@given(condition=st.sampled_from(sorted(NO_HEAT_CONDITIONS)))
def test_no_heat_where_feeling_may_be_dulled(condition: str) -> None:
    plan = _plan(make_intake(conditions=[condition], tools=["heat_pack", "oil"]))
    assert plan["before"] == []


def test_heat_for_recent_pain_too() -> None:
    intake = make_intake(
        pain=[{"region": "lower_back_right", "intensity": 5, "weeks": 1}],
        tools=["heat_pack", "oil"],
    )
    (heat,) = _plan(intake)["before"]
    assert heat["regions"] == ["lower_back_right"]


def test_a_massage_gun_works_the_lumbar_muscles() -> None:
    intake = make_intake(
        giver="device",
        pain=[{"region": "lower_back_left", "intensity": 5, "weeks": 8}],
        tools=["percussion_massager"],
        goals=["relief"],
    )
    steps = _plan(intake)["steps"]
    assert any(
        s["tool"] == "percussion_massager" and s["regions"] == ["lower_back_left"] for s in steps
    )


def test_on_your_own_pain_at_the_spine_is_worked_by_hand_on_both_sides_too() -> None:
    """The upper back hurts as well, and only a massager reaches it: the hands still work
    the spine's muscles on each side where they reach them."""
    intake = make_intake(
        giver="self",
        minutes=16,
        pain=_pain(("spine", 6), ("upper_back_left", 5)),
        tools=["vibration_massager"],
        conditions=["low_platelets"],
    )
    plan = _plan(intake)
    by_hand = {
        r
        for s in plan["steps"]
        if s["technique"] != "effleurage" and s["tool"] not in MASSAGE_TOOLS
        for r in s["regions"]
    }
    assert {r.rsplit("_", 1)[1] for r in by_hand} == {"left", "right"}


def test_when_the_hands_give_their_work_up_the_ball_still_reaches_its_regions() -> None:
    """Five minutes, the ball's three regions hurting and the lower back: each region
    the ball can work keeps its work, whatever the hands' regions give up."""
    pain = _pain(
        ("shoulder_left", 0),
        ("spine", 0),
        ("shoulder_right", 0),
        ("upper_back_left", 0),
        ("lower_back_left", 2),
        ("upper_back_right", 1),
        ("mid_back_left", 3),
        ("lower_back_right", 1),
        ("mid_back_right", 3),
    )
    tools = ["oil", "heat_pack", "massage_ball"]
    intake = make_intake(giver="self", minutes=5, pain=pain, tools=tools)
    plan = _plan(intake)
    assert {"upper_back_right", "mid_back_left", "mid_back_right"} <= _worked(plan)
    pain = _pain(
        ("lower_back_left", 0),
        ("upper_back_left", 1),
        ("shoulder_right", 2),
        ("shoulder_left", 0),
        ("spine", 0),
        ("upper_back_right", 0),
        ("mid_back_left", 3),
        ("lower_back_right", 2),
        ("mid_back_right", 3),
    )
    intake = make_intake(giver="self", minutes=5, pain=pain, tools=["oil", "massage_ball"])
    assert {"upper_back_left", "mid_back_left", "mid_back_right"} <= _worked(_plan(intake))
