"""The words of a plan fit who does the work and with what (invariant 16), name their
landmarks, say their pressure in words a giver can feel for, and ask "more or less?"
at each new technique; the closing advice says what soreness is normal and which signs
mean stop. Rules typed in from docs/contract.md and the domain notes, checked on many
intakes (Hypothesis) and on the plans a new user would try first."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings

from support import strategies
from support.examples import fewer
from support.intakes import make_intake, plan_for

BODY_PARTS = {
    "palms",
    "fingertips",
    "thumbs",
    "knuckles",
    "forearm",
    "cupped_hands",
    "hand_edges",
}
DEVICES = {"percussion_massager", "shiatsu_massager", "vibration_massager"}
# "Two thumb-widths from the spine" is a landmark, not an instruction to use a thumb.
HAND_WORDS = re.compile(
    r"\bfingertips?\b|\bthumbs?\b(?![- ]widths?)|\bknuckles?\b|\bcupped hands?\b|\bsqueez"
)
TO_A_PARTNER = re.compile(r"\btell me\b|\blet me know\b|\bask them\b|\bask your partner\b")
TO_ONESELF = re.compile(r"\byourself\b|\byour own\b|\bbehind you\b")
PRESSURE_LABELS = {
    "light": "light pressure:",
    "moderate": "moderate pressure:",
    "firm": "firm pressure:",
}
# What each pressure feels like, from the domain notes.
PRESSURE_FEEL = {
    "light": "the skin moves",
    "moderate": "3 of 10",
    "firm": "7 of 10",
}
# Landmarks a giver can find, by area (DOMAIN.md section 4).
LANDMARKS = {
    "shoulder": ("base of the neck", "tip of the shoulder"),
    "upper_back": ("shoulder blade", "spine"),
    "mid_back": ("shoulder blade", "ribs"),
    "lower_back": ("lowest rib", "top of the pelvis"),
}
# A twentieth of the profile (500 intakes in CI): the words are checked on the full
# 10,000 by the contract checker's invariant 16 in test_invariants.py.
SETTINGS = settings(
    max_examples=fewer(20),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _every_step(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return list(plan.get("before", [])) + list(plan["steps"])


def _said(step: dict[str, Any]) -> str:
    return f"{step['instructions']} {step['cue']}".lower()


def _area(region: str) -> str:
    return region.rsplit("_", 1)[0]


def word_problems(intake: dict[str, Any], plan: dict[str, Any]) -> list[str]:
    """Every way the plan's words break the rules above, as readable lines."""
    problems = []
    giver = intake["giver"]
    asked: set[str] = set()
    oiled = False
    for step in _every_step(plan):
        if step.get("medium", "dry") != "dry" and not oiled:
            oiled = True
            if f"warm a little {step['medium']}" not in step["instructions"].lower():
                problems.append(f"step {step['n']} puts on {step['medium']} without saying so")
        said, n, technique = _said(step), step["n"], step["technique"]
        if step["tool"] not in BODY_PARTS and (found := HAND_WORDS.search(said)):
            problems.append(f"step {n} uses {step['tool']} but says {found.group(0)!r}")
        if giver == "self" and (found := TO_A_PARTNER.search(said + step["why"].lower())):
            problems.append(f"step {n} of a self plan says {found.group(0)!r}")
        if giver == "partner" and (found := TO_ONESELF.search(said)):
            problems.append(
                f"step {n} of a partner plan speaks to the receiver: {found.group(0)!r}"
            )
        if step.get("side", "both") != "both" and "switch sides" in said:
            problems.append(f"step {n} works one side but says 'switch sides'")
        if step["tool"] in DEVICES:
            for words in ("lowest", "spine"):
                if words not in said:
                    problems.append(f"step {n} uses {step['tool']} but never says {words!r}")
        if technique == "heat":
            continue
        problems += _pressure_problems(step)
        if technique not in asked:
            asked.add(technique)
            for field in ("instructions", "cue"):
                if "more or less?" not in step[field].lower():
                    problems.append(f"step {n}, the first {technique}, does not ask in its {field}")
        if technique != "effleurage":
            for area in {_area(region) for region in step["regions"]}:
                missing = [mark for mark in LANDMARKS[area] if mark not in said]
                if missing:
                    problems.append(f"step {n} does not name the {area}'s landmarks {missing}")
    return problems


def _pressure_problems(step: dict[str, Any]) -> list[str]:
    instructions = step["instructions"].lower()
    pressure = step["pressure"]
    problems = []
    if PRESSURE_LABELS[pressure] not in instructions:
        problems.append(f"step {step['n']} is {pressure} but does not say so")
    elif PRESSURE_FEEL[pressure] not in instructions:
        problems.append(f"step {step['n']} does not say what {pressure} pressure feels like")
    for other, label in PRESSURE_LABELS.items():
        if other != pressure and label in instructions:
            problems.append(f"step {step['n']} is {pressure} but says {label!r}")
    return problems


def _turns(plan: dict[str, Any], marker: str) -> int:
    return sum(marker in step["instructions"].lower() for step in plan["steps"])


def _side_changes(plan: dict[str, Any]) -> int:
    """How often the giver must walk round: each change of the worked side."""
    sides = [s["side"] for s in plan["steps"] if s.get("side", "both") != "both"]
    return sum(a != b for a, b in zip(sides, sides[1:], strict=False))


def _turns_needed(plan: dict[str, Any]) -> int:
    """How often a side-lying person must turn over: they lie on the side the set-up
    names first, and a step works the side that is up."""
    first = re.search(r"(left|right) side first", _every_step(plan)[0]["instructions"])
    assert first, "the side-lying set-up does not say which side to lie on first"
    down, turns = first.group(1), 0
    for step in plan["steps"]:
        if step.get("side", "both") != "both":
            needed = "left" if step["side"] == "right" else "right"
            turns += needed != down
            down = needed
    return turns


@SETTINGS
@given(intake=strategies.intakes())
def test_every_plans_words_fit_the_giver_and_the_tool(intake: dict[str, Any]) -> None:
    plan = plan_for(intake)
    assert word_problems(intake, plan) == []
    if plan["steps"]:  # the closing advice is aftercare()'s
        assert "24-48 hours" in plan["advice"] and "bruising spreads" in plan["advice"]
    if plan["steps"] and intake["giver"] == "partner":
        if {step["position"] for step in _every_step(plan)} == {"side_lying"}:
            assert _turns(plan, "turn over") == _turns_needed(plan)
        else:
            assert _turns(plan, "walk round") == _side_changes(plan)


@SETTINGS
@given(intake=strategies.intakes())
def test_aftercare_says_what_soreness_is_normal_and_when_to_stop(intake: dict[str, Any]) -> None:
    from backrub.contract.intake import parse_intake
    from backrub.planning.aftercare import aftercare

    advice = aftercare(parse_intake(intake)).lower()
    for words in ("24-48 hours", "bruising", "numbness or tingling", "two days"):
        assert words in advice
    if intake["giver"] == "self":
        assert not TO_A_PARTNER.search(advice)


# --- the plans a new user tries first ---------------------------------------------

BALL_ONLY = make_intake(
    giver="self",
    tools=["massage_ball"],
    pain=[
        {"region": "upper_back_right", "intensity": 5, "weeks": 8},
        {"region": "lower_back_left", "intensity": 4, "weeks": 3},
    ],
)
GUN = make_intake(
    giver="device",
    tools=["percussion_massager", "oil"],
    pain=[{"region": "lower_back_left", "intensity": 5, "weeks": 8}],
)
PREGNANCY = make_intake(
    conditions=["pregnancy"],
    pain=[
        {"region": "lower_back_left", "intensity": 5, "weeks": 8},
        {"region": "lower_back_right", "intensity": 4, "weeks": 8},
    ],
)


def test_a_ball_against_a_wall_is_never_told_about_hands() -> None:
    plan = plan_for(BALL_ONLY)
    ball_steps = [s for s in plan["steps"] if s["tool"] == "massage_ball"]
    assert ball_steps
    assert "wall" in _said(ball_steps[0])
    for step in ball_steps:
        assert "hands flat" not in _said(step) and "rest your hands" not in _said(step)
    assert word_problems(BALL_ONLY, plan) == []


def test_a_massage_gun_names_its_head_speed_and_where_never() -> None:
    plan = plan_for(GUN)
    gun_steps = [s for s in plan["steps"] if s["tool"] == "percussion_massager"]
    assert gun_steps
    for step in gun_steps:
        said = _said(step)
        for words in ("head", "speed", "moving", "spine", "kidneys", "collarbone"):
            assert words in said, words
        assert "bouncing" not in said
    assert word_problems(GUN, plan) == []


def test_side_lying_starts_on_the_left_side_and_turns_once() -> None:
    plan = plan_for(PREGNANCY)
    first = _every_step(plan)[0]["instructions"].lower()
    assert _every_step(plan)[0]["position"] == "side_lying"
    assert "left side first" in first or "right side first" in first
    assert _turns(plan, "turn over") <= 1
    assert word_problems(PREGNANCY, plan) == []


def test_a_self_plan_sits_upright_not_over_a_chair_back() -> None:
    plan = plan_for(make_intake(giver="self", tools=["oil"]))
    setup = plan["steps"][0]["instructions"].lower()
    assert "sit" in setup and "facing its back" not in setup


def test_partner_hands_are_told_to_spare_the_thumbs() -> None:
    plan = plan_for(make_intake(pressure="firm"))
    thumb_steps = [s for s in plan["steps"] if s["tool"] == "thumbs"]
    assert thumb_steps
    for step in thumb_steps:
        assert "stack" in step["instructions"].lower()
    assert any("body weight" in s["instructions"].lower() for s in plan["steps"])


# --- after the session ------------------------------------------------------------


def _closing(**overrides: Any) -> Any:
    from backrub import knowledge
    from backrub.contract.intake import parse_intake
    from backrub.planning.aftercare import closing_movements

    return closing_movements(parse_intake(make_intake(**overrides)), knowledge.load())


def test_aftercare_speaks_to_whoever_reads_it() -> None:
    from backrub.contract.intake import parse_intake
    from backrub.planning.aftercare import aftercare

    partner = aftercare(parse_intake(make_intake(giver="partner")))
    alone = aftercare(parse_intake(make_intake(giver="self")))
    for advice in (partner, alone):
        for words in ("24-48 hours", "fades", "lighter next time", "bruising spreads"):
            assert words in advice
    assert "them" in partner and not TO_A_PARTNER.search(alone.lower())


def test_closing_movements_are_one_or_two_with_sources() -> None:
    from backrub import knowledge

    kb = knowledge.load()
    for pain in ([], [{"region": "shoulder_left", "intensity": 4, "weeks": 2}], None):
        closing = _closing(pain=pain) if pain is not None else _closing()
        assert closing is not None and 1 <= len(closing.movements) <= 2
        assert closing.sources and all(source in kb.sources for source in closing.sources)
        for movement in closing.movements:
            assert kb.movements[movement].name.lower() in closing.text.lower()


def test_closing_movements_leave_out_what_the_person_should_not_do() -> None:
    lower_back = [{"region": "lower_back_left", "intensity": 6, "weeks": 10}]
    # Pregnancy: nothing lying flat on the back.
    pregnant = _closing(conditions=["pregnancy"], pain=lower_back)
    assert pregnant is None or "lying on your back" not in pregnant.text
    # Osteoporosis: nothing that curls the spine under load (knee hugs, cat-cow).
    fragile = _closing(conditions=["osteoporosis"], pain=lower_back)
    assert fragile is None or not {"knee_hugs", "cat_cow"} & set(fragile.movements)
    # Shoulders only: a shoulder movement, not one for the lower back.
    shoulders = _closing(pain=[{"region": "shoulder_right", "intensity": 5, "weeks": 3}])
    assert shoulders is not None and "shoulder" in shoulders.text.lower()


def test_a_device_plans_hand_work_out_of_reach_is_for_a_helper() -> None:
    intake = make_intake(
        giver="device",
        tools=["percussion_massager"],
        pain=[{"region": "mid_back_left", "intensity": 5, "weeks": 8}],
    )
    plan = plan_for(intake)
    hand_steps = [
        step
        for step in plan["steps"]
        if step["tool"] in BODY_PARTS
        and any(r.startswith(("upper_back", "mid_back")) for r in step["regions"])
    ]
    assert hand_steps
    for step in hand_steps:
        assert "helper" in step["instructions"].lower()
    assert word_problems(intake, plan) == []
