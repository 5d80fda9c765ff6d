"""Contract revision 2's screening rules, row by row, typed in from `docs/contract.md`.

The new ids, every urgency rule, every clearance rule (allowed, and each kind of
refusal, also through the real CLI), the corrected condition rules, acute pain
and the shingles prompt. Expected values come from the contract's text, never
from the app's own safety data; plans are checked for properties, not copied.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backrub.contract.intake import parse_intake
from backrub.contract.validation import ValidationError
from backrub.knowledge import load
from backrub.planning.screening import Screening, screen
from support.cli import ok, refused
from support.contract_checker.tables import (
    CLEARABLE,
    EMERGENCY_FLAGS,
    MODIFY_CONDITIONS,
    SEE_CLINICIAN_CONDITIONS,
    SEE_CLINICIAN_FLAGS,
)
from support.intakes import ALL_TOOLS, BUSY_PAIN, make_intake, plan_for

# -- typed in from the contract -------------------------------------------------

DEEP_TECHNIQUES = {"tapotement", "friction", "trigger_point"}
LOWER_BACK = {"lower_back_left", "lower_back_right"}
RANK = {"light": 0, "moderate": 1, "firm": 2}


def _codes(plan: dict[str, Any], key: str = "reasons") -> list[str]:
    return [entry["code"] for entry in plan[key]]


def _reason(plan: dict[str, Any], code: str) -> dict[str, Any]:
    found = [entry for entry in plan["reasons"] if entry["code"] == code]
    assert found, f"no reason {code!r} in {_codes(plan)}"
    return found[0]


def _all_steps(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return list(plan.get("before", [])) + list(plan["steps"])


def _uses_heat(plan: dict[str, Any]) -> bool:
    return any(s["technique"] == "heat" or s["tool"] == "heat_pack" for s in _all_steps(plan))


def _screen(**fields: Any) -> Screening:
    return screen(parse_intake(make_intake(**fields)), load())


# -- the new ids ------------------------------------------------------------------

NEW_IDS = [
    pytest.param("red_flags", "sexual_dysfunction_new", "emergency", "now", id="sexual"),
    pytest.param("red_flags", "worse_cough_sneeze_strain", "see_clinician", "days", id="cough"),
    pytest.param("red_flags", "thoracic_pain_unwell", "see_clinician", "today", id="thoracic"),
    pytest.param("conditions", "sciatica_one_leg", "modify", None, id="sciatica"),
    pytest.param("conditions", "reduced_sensation", "modify", None, id="sensation"),
]


@pytest.mark.parametrize(("field", "code", "verdict", "urgency"), NEW_IDS)
def test_each_new_id_gets_its_verdict(
    field: str, code: str, verdict: str, urgency: str | None
) -> None:
    plan = plan_for(make_intake(**{field: [code]}))
    assert plan["verdict"] == verdict
    assert plan.get("urgency") == urgency
    reason = _reason(plan, code)
    assert reason["message"] and reason["sources"]
    assert (plan["steps"] == []) == (verdict in ("emergency", "see_clinician"))


# -- urgency ----------------------------------------------------------------------

URGENCY_ROWS = (
    [pytest.param([flag], "now", id=f"now:{flag}") for flag in EMERGENCY_FLAGS]
    + [
        pytest.param(["chest_pain", "fever", "immunosuppressed"], "now", id="now:beats-today"),
        pytest.param(["fever", "immunosuppressed"], "today", id="today:fever+immunosuppressed"),
        pytest.param(["fever", "iv_drug_use"], "today", id="today:fever+iv_drug_use"),
        pytest.param(
            ["unexplained_weight_loss", "night_pain_at_rest"], "today", id="today:weight+night"
        ),
        pytest.param(["cancer_history", "night_pain_at_rest"], "today", id="today:cancer+night"),
        pytest.param(
            ["cancer_history", "unexplained_weight_loss"], "today", id="today:cancer+weight"
        ),
        pytest.param(["thoracic_pain_unwell"], "today", id="today:thoracic"),
        pytest.param(["fever", "cancer_history"], "days", id="days:fever+cancer"),
        pytest.param(["immunosuppressed", "iv_drug_use"], "days", id="days:immuno+iv"),
        pytest.param(["night_pain_at_rest", "steroid_long_term"], "days", id="days:night+steroid"),
    ]
    + [
        pytest.param([flag], "days", id=f"days:{flag}")
        for flag in SEE_CLINICIAN_FLAGS
        if flag != "thoracic_pain_unwell"
    ]
)


@pytest.mark.parametrize(("flags", "urgency"), URGENCY_ROWS)
def test_a_stopped_plan_says_how_soon(flags: list[str], urgency: str) -> None:
    plan = plan_for(make_intake(red_flags=flags))
    assert plan["urgency"] == urgency
    assert plan["steps"] == [] and plan["total_seconds"] == 0
    advice = plan["advice"]
    if urgency == "now":
        assert "emergency department (A&E, ER)" in advice
    elif urgency == "today":
        assert "today" in advice and "emergency department (A&E, ER)" in advice
    else:
        assert "today" not in advice and "now" not in advice.split()


def test_a_cleared_flag_still_makes_a_same_day_pair() -> None:
    """Fever with a weakened immune system is the same day even when a clinician had
    cleared massage for the immune system alone."""
    fields = {"red_flags": ["fever", "immunosuppressed"], "cleared": ["immunosuppressed"]}
    plan = plan_for(make_intake(**fields))
    assert plan["verdict"] == "see_clinician"
    assert plan["urgency"] == "today"


@pytest.mark.parametrize("condition", SEE_CLINICIAN_CONDITIONS)
def test_a_stopping_condition_alone_is_within_days(condition: str) -> None:
    assert plan_for(make_intake(conditions=[condition]))["urgency"] == "days"


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"conditions": ["anticoagulants"]},
        {"local_issues": [{"kind": "bruise", "region": "spine"}]},
    ],
    ids=["go", "modify-condition", "modify-local-issue"],
)
def test_a_plan_that_goes_ahead_has_no_urgency(fields: dict[str, Any]) -> None:
    plan = plan_for(make_intake(**fields))
    assert plan["steps"]
    assert "urgency" not in plan


def test_no_advice_names_one_countrys_service_alone() -> None:
    for flags, _ in [row.values for row in URGENCY_ROWS]:
        advice = plan_for(make_intake(red_flags=flags))["advice"]
        assert "A&E" not in advice.replace("(A&E, ER)", ""), advice
        for number in ("999", "911", "112"):
            assert number not in advice, advice


# -- clearance: allowed ----------------------------------------------------------------


def _cleared_intake(code: str, **fields: Any) -> dict[str, Any]:
    field = "conditions" if code in SEE_CLINICIAN_CONDITIONS else "red_flags"
    return make_intake(
        **{field: [code]},
        cleared=[code],
        pressure="firm",
        pain=BUSY_PAIN,
        tools=ALL_TOOLS,
        goals=["relief", "mobility"],
        **fields,
    )


@pytest.mark.parametrize("code", CLEARABLE)
def test_a_cleared_id_gives_a_gentle_modify_plan(code: str) -> None:
    plan = plan_for(_cleared_intake(code))
    assert plan["verdict"] == "modify"
    assert "urgency" not in plan
    reason = _reason(plan, f"{code}_cleared")
    assert "clinician" in reason["message"] and reason["sources"]
    assert code not in _codes(plan), "a cleared id no longer stops the plan"
    assert len(plan["steps"]) >= 3
    for step in _all_steps(plan):
        assert step["pressure"] == "light", step
        assert step["technique"] not in DEEP_TECHNIQUES, step
        assert step["tool"] != "percussion_massager", step
    assert not _uses_heat(plan), "no heat with a cleared id (invariant 15)"


@pytest.mark.parametrize("code", CLEARABLE)
def test_a_cleared_plan_keeps_off_a_lump(code: str) -> None:
    lump = {"kind": "lump", "region": "lower_back_left"}
    plan = plan_for(_cleared_intake(code, local_issues=[lump]))
    assert plan["verdict"] == "modify"
    assert all("lower_back_left" not in step["regions"] for step in _all_steps(plan))


@pytest.mark.parametrize(
    ("cleared", "other", "verdict"),
    [
        pytest.param("cancer_history", {"red_flags": ["fever"]}, "see_clinician", id="fever"),
        pytest.param("dvt", {"conditions": ["fracture"]}, "see_clinician", id="other-condition"),
        pytest.param("dvt", {"red_flags": ["chest_pain"]}, "emergency", id="emergency"),
    ],
)
def test_clearing_one_id_leaves_the_others_stopping(
    cleared: str, other: dict[str, list[str]], verdict: str
) -> None:
    field = "conditions" if cleared in SEE_CLINICIAN_CONDITIONS else "red_flags"
    fields = {**other, field: other.get(field, []) + [cleared]}
    plan = plan_for(make_intake(**fields, cleared=[cleared]))
    assert plan["verdict"] == verdict
    assert plan["steps"] == []


# -- clearance: each kind of refusal ---------------------------------------------------

REFUSALS = (
    [
        pytest.param({"red_flags": [flag], "cleared": [flag]}, "emergency", id=f"emergency:{flag}")
        for flag in EMERGENCY_FLAGS
    ]
    + [pytest.param({"red_flags": ["fever"], "cleared": ["fever"]}, "fever", id="fever")]
    + [
        pytest.param({"conditions": [c], "cleared": [c]}, "does not stop", id=f"modify:{c}")
        for c in [*MODIFY_CONDITIONS, "hypertension"]
    ]
    + [pytest.param({"cleared": [code]}, "not listed", id=f"unlisted:{code}") for code in CLEARABLE]
    + [
        pytest.param({"cleared": ["all_clear"]}, "expected one of", id="unknown"),
        pytest.param({"cleared": "dvt"}, "expected a list", id="not-a-list"),
        pytest.param(
            {"conditions": ["dvt"], "cleared": ["dvt", "dvt"]}, "listed twice", id="twice"
        ),
    ]
)


@pytest.mark.parametrize(("fields", "words"), REFUSALS)
def test_bad_cleared_input_is_refused_naming_the_field(fields: dict[str, Any], words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_intake(make_intake(**fields))
    assert caught.value.path.startswith("cleared"), caught.value
    assert words in caught.value.message
    assert "\n" not in str(caught.value)


CLI_REFUSALS = [
    pytest.param(
        {"red_flags": ["saddle_numbness"], "cleared": ["saddle_numbness"]}, id="emergency"
    ),
    pytest.param({"red_flags": ["fever"], "cleared": ["fever"]}, id="fever"),
    pytest.param({"conditions": ["diabetes"], "cleared": ["diabetes"]}, id="modify-condition"),
    pytest.param({"cleared": ["recent_back_surgery"]}, id="unlisted"),
    pytest.param({"cleared": ["surgery_ok"]}, id="unknown"),
    pytest.param(
        {"conditions": ["dvt"], "red_flags": ["cancer_history"], "cleared": ["dvt", "fever"]},
        id="second-entry",
    ),
]


@pytest.mark.parametrize("fields", CLI_REFUSALS)
def test_the_cli_refuses_bad_cleared_input_in_one_line(
    fields: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(make_intake(**fields)), encoding="utf-8")
    error = refused("plan", "--intake", str(path), "--json")
    index = len(fields["cleared"]) - 1
    assert error.startswith(f"backrub: cleared[{index}]: "), error


def test_the_cli_plans_a_cleared_intake(tmp_path: Path) -> None:
    path = tmp_path / "intake.json"
    fields = {"conditions": ["recent_back_surgery"], "cleared": ["recent_back_surgery"]}
    path.write_text(json.dumps(make_intake(**fields)), encoding="utf-8")
    plan = json.loads(ok("plan", "--intake", str(path), "--json"))
    assert plan["verdict"] == "modify"
    assert "recent_back_surgery_cleared" in _codes(plan)


def test_a_revision_1_intake_without_cleared_is_still_valid() -> None:
    intake = make_intake()
    assert "cleared" not in intake
    assert parse_intake(intake).cleared == ()


# -- the corrected condition rules --------------------------------------------------------


def test_hypertension_changes_nothing_but_adds_a_note() -> None:
    without = plan_for(make_intake(pressure="firm", pain=BUSY_PAIN, tools=ALL_TOOLS))
    plan = plan_for(
        make_intake(pressure="firm", pain=BUSY_PAIN, tools=ALL_TOOLS, conditions=["hypertension"])
    )
    assert plan["verdict"] == without["verdict"] == "go"
    assert plan["steps"] == without["steps"]
    assert plan.get("before", []) == without.get("before", [])
    assert "hypertension" in _codes(plan, "warnings")
    note = next(w for w in plan["warnings"] if w["code"] == "hypertension")
    assert "speed" in note["message"]


@pytest.mark.parametrize("condition", ["diabetes", "reduced_sensation"])
def test_no_heat_where_feeling_may_be_dulled(condition: str) -> None:
    fields = {"pain": BUSY_PAIN, "tools": ["oil", "heat_pack"]}
    assert _uses_heat(plan_for(make_intake(**fields))), "the control: heat is planned without it"
    plan = plan_for(make_intake(**fields, conditions=[condition]))
    assert plan["verdict"] == "modify"
    assert not _uses_heat(plan)
    assert _screen(conditions=[condition]).restrictions.no_heat


@pytest.mark.parametrize(
    ("condition", "techniques", "tools", "positions"),
    [
        pytest.param("fibromyalgia", DEEP_TECHNIQUES, set(), None, id="fibromyalgia"),
        pytest.param(
            "osteoporosis",
            DEEP_TECHNIQUES,
            {"percussion_massager", "foam_roller", "massage_cane"},
            {"side_lying", "seated"},
            id="osteoporosis",
        ),
    ],
)
@pytest.mark.parametrize("giver", ["partner", "self", "device"])
def test_a_condition_rules_out_what_the_contract_says(
    condition: str,
    techniques: set[str],
    tools: set[str],
    positions: set[str] | None,
    giver: str,
) -> None:
    fields = {"giver": giver, "pressure": "firm", "pain": BUSY_PAIN, "tools": ALL_TOOLS}
    plan = plan_for(make_intake(**fields, conditions=[condition]))
    assert plan["verdict"] == "modify"
    assert len(plan["steps"]) >= 3
    for step in _all_steps(plan):
        assert step["technique"] not in techniques, step
        assert step["tool"] not in tools, step
        if positions is not None:
            assert step["position"] in positions, step


def test_sciatica_keeps_the_lower_back_below_firm_and_without_knot_pressure() -> None:
    rules = _screen(conditions=["sciatica_one_leg"], pressure="firm").restrictions
    for region in LOWER_BACK:
        assert rules.pressure_for(region) == "moderate"
        assert rules.forbids("trigger_point", region)
    assert rules.pressure_for("shoulder_left") == "firm"
    assert not rules.forbids("trigger_point", "shoulder_left")
    plan = plan_for(make_intake(pressure="firm", pain=BUSY_PAIN, conditions=["sciatica_one_leg"]))
    reason = _reason(plan, "sciatica_one_leg")
    assert "4-6 weeks" in reason["message"]
    for step in plan["steps"]:
        if LOWER_BACK & set(step["regions"]):
            assert step["pressure"] != "firm", step
            assert step["technique"] != "trigger_point", step


# -- acute pain and the shingles prompt ---------------------------------------------------

ACUTE_PAIN = [
    {"region": "lower_back_right", "intensity": 7, "weeks": 0},
    {"region": "shoulder_left", "intensity": 4, "weeks": 8},
]


@pytest.mark.parametrize("pressure", ["moderate", "firm"])
def test_acute_pain_is_only_stroked_lightly(pressure: str) -> None:
    screening = _screen(pain=ACUTE_PAIN, pressure=pressure, tools=ALL_TOOLS)
    rules = screening.restrictions
    assert rules.pressure_for("lower_back_right") == "light"
    for technique in DEEP_TECHNIQUES:
        assert rules.forbids(technique, "lower_back_right")
        assert not rules.forbids(technique, "shoulder_left")
    assert rules.forbids("petrissage", "lower_back_right", "percussion_massager")
    assert not rules.forbids("petrissage", "shoulder_left", "percussion_massager")
    assert rules.pressure_for("shoulder_left") == pressure
    plan = plan_for(make_intake(pain=ACUTE_PAIN, pressure=pressure))
    assert plan["verdict"] == "modify"
    reason = _reason(plan, "acute")
    assert reason["regions"] == ["lower_back_right"]
    assert "moving" in reason["message"] and "heat" in reason["message"]
    for step in plan["steps"]:
        if "lower_back_right" in step["regions"]:
            assert step["pressure"] == "light", step
            assert step["technique"] not in DEEP_TECHNIQUES, step
            assert step["tool"] != "percussion_massager", step


@pytest.mark.parametrize("giver", ["partner", "self", "device"])
def test_acute_pain_gets_no_deep_work_whatever_the_tools(giver: str) -> None:
    intake = make_intake(giver=giver, pain=ACUTE_PAIN, pressure="firm", tools=ALL_TOOLS)
    plan = plan_for(intake)
    assert plan["verdict"] == "modify"
    for step in _all_steps(plan):
        if "lower_back_right" in step["regions"]:
            assert step["pressure"] == "light", step
            assert step["technique"] not in DEEP_TECHNIQUES, step
            assert step["tool"] != "percussion_massager", step


@pytest.mark.parametrize("weeks", [1, 6, 52])
def test_pain_of_a_week_or_more_is_not_acute(weeks: int) -> None:
    pain = [{"region": "lower_back_right", "intensity": 7, "weeks": weeks}]
    screening = _screen(pain=pain)
    assert "acute" not in [reason.code for reason in screening.reasons]
    assert not screening.restrictions.acute_regions


@pytest.mark.parametrize(
    ("rash", "shingles"),
    [
        pytest.param("lower_back_left", True, id="rash-where-it-hurts"),
        pytest.param("mid_back_right", False, id="rash-elsewhere"),
    ],
)
def test_a_rash_where_it_hurts_prompts_about_shingles(rash: str, shingles: bool) -> None:
    plan = plan_for(make_intake(local_issues=[{"kind": "rash", "region": rash}]))
    assert plan["verdict"] == "modify"
    assert "rash" in _codes(plan)
    assert ("possible_shingles" in _codes(plan)) == shingles
    if shingles:
        reason = _reason(plan, "possible_shingles")
        assert reason["regions"] == [rash]
        assert "three days" in reason["message"] and "nhs-shingles" in reason["sources"]
    assert all(rash not in step["regions"] for step in _all_steps(plan))
