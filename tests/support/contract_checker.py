"""An independent checker of `docs/contract.md`'s plan invariants.

`check_plan(intake, plan)` takes an intake dict (as a client would send it)
and the plan dict (`Plan.to_dict()` or the CLI's JSON) and returns one message
per violated rule; an empty list means the plan keeps the contract.

Every table below is typed in from the contract text, never read from the
app's own data or code, so that a bug in the app's tables cannot hide itself.
Each message starts with a tag (`inv1` .. `inv11`, `shape`, `verdict`,
`minutes_warning`) so tests can tell which rule fired.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

# --- the contract's vocabularies -------------------------------------------

PLAN_SCHEMA = "backrub.plan/1"
VERDICTS = ("go", "modify", "see_clinician", "emergency")
STOPPED = ("see_clinician", "emergency")
PRESSURE_RANK = {"light": 0, "moderate": 1, "firm": 2}
PRESSURES = tuple(PRESSURE_RANK)
REGIONS = (
    "shoulder_left",
    "shoulder_right",
    "upper_back_left",
    "upper_back_right",
    "mid_back_left",
    "mid_back_right",
    "lower_back_left",
    "lower_back_right",
    "spine",
)
SELF_UNREACHABLE = ("upper_back_left", "upper_back_right", "mid_back_left", "mid_back_right")
SIDE_REGIONS = tuple(region for region in REGIONS if region != "spine")
SELF_REACHABLE = tuple(region for region in SIDE_REGIONS if region not in SELF_UNREACHABLE)
BODY_PARTS = (
    "palms",
    "fingertips",
    "thumbs",
    "knuckles",
    "forearm",
    "cupped_hands",
    "hand_edges",
)

EMERGENCY_FLAGS = (
    "bladder_bowel_change",
    "saddle_numbness",
    "both_legs_symptoms",
    "leg_weakness_worsening",
    "major_trauma",
    "chest_pain",
)
SEE_CLINICIAN_FLAGS = (
    "fever",
    "unexplained_weight_loss",
    "cancer_history",
    "night_pain_at_rest",
    "minor_trauma_with_osteoporosis",
    "steroid_long_term",
    "immunosuppressed",
    "iv_drug_use",
    "new_pain_under_20_or_over_50",
    "back_lump_or_deformity",
)
SEE_CLINICIAN_CONDITIONS = ("dvt", "fracture", "recent_back_surgery", "cancer_treatment")
LIGHT_ONLY_CONDITIONS = ("anticoagulants", "bleeding_disorder", "low_platelets", "osteoporosis")
ONE_LEVEL_LOWER_CONDITIONS = ("hypertension", "diabetes", "fibromyalgia", "older_adult")
PREGNANCY = "pregnancy"
MODIFY_CONDITIONS = LIGHT_ONLY_CONDITIONS + (PREGNANCY,) + ONE_LEVEL_LOWER_CONDITIONS

LIGHT_ONLY_FORBIDDEN_TECHNIQUES = ("tapotement", "friction", "trigger_point")
PERCUSSION = "percussion_massager"
PREGNANCY_POSITIONS = ("side_lying", "seated")
PREGNANCY_LOWER_BACK = ("lower_back_left", "lower_back_right")
RECOMMENDED_MINUTES = (10, 20)

TOP_KEYS = ("schema", "verdict", "reasons", "warnings", "total_seconds", "steps")
REASON_KEYS = ("code", "message", "sources")
STEP_KEYS = (
    "n",
    "technique",
    "regions",
    "pressure",
    "seconds",
    "tool",
    "position",
    "instructions",
    "cue",
    "why",
    "sources",
)

Replan = Callable[[dict[str, Any]], dict[str, Any]]


# --- what the contract expects of an intake --------------------------------


def expected_verdict(intake: Mapping[str, Any]) -> str:
    """The verdict the contract's tables give for an intake."""
    flags = set(intake.get("red_flags", ()))
    conditions = set(intake.get("conditions", ()))
    if flags & set(EMERGENCY_FLAGS):
        return "emergency"
    if flags & set(SEE_CLINICIAN_FLAGS) or conditions & set(SEE_CLINICIAN_CONDITIONS):
        return "see_clinician"
    if conditions & set(MODIFY_CONDITIONS) or intake.get("local_issues"):
        return "modify"
    return "go"


def pressure_cap(intake: Mapping[str, Any], region: str) -> str:
    """The most pressure any step may use on `region` for this intake."""
    asked = PRESSURE_RANK[intake.get("pressure", "moderate")]
    cap = asked
    conditions = set(intake.get("conditions", ()))
    if conditions & set(LIGHT_ONLY_CONDITIONS):
        cap = min(cap, PRESSURE_RANK["light"])
    if conditions & set(ONE_LEVEL_LOWER_CONDITIONS):
        cap = min(cap, max(asked - 1, PRESSURE_RANK["light"]))
    if PREGNANCY in conditions and region in PREGNANCY_LOWER_BACK:
        cap = min(cap, PRESSURE_RANK["moderate"])
    return PRESSURES[cap]


def stopping_codes(intake: Mapping[str, Any], verdict: str) -> set[str]:
    """The intake's red flags and conditions that give `verdict`."""
    flags = set(intake.get("red_flags", ()))
    conditions = set(intake.get("conditions", ()))
    if verdict == "emergency":
        return flags & set(EMERGENCY_FLAGS)
    if verdict == "see_clinician":
        return (flags & set(SEE_CLINICIAN_FLAGS)) | (conditions & set(SEE_CLINICIAN_CONDITIONS))
    return set()


def region_seconds(steps: Iterable[Mapping[str, Any]], split: bool) -> dict[str, float]:
    """Time per region: a step's seconds split among its regions, or counted fully for each."""
    totals: dict[str, float] = {}
    for step in steps:
        regions = list(step.get("regions") or [])
        if not regions:
            continue
        share = step["seconds"] / len(regions) if split else step["seconds"]
        for region in regions:
            totals[region] = totals.get(region, 0.0) + share
    return totals


def said_regions(plan: Mapping[str, Any]) -> set[str]:
    """Regions the plan names in a warning or reason (how it says it left one out)."""
    named: set[str] = set()
    for entry in _entries(plan, "warnings") + _entries(plan, "reasons"):
        regions = entry.get("regions")
        if isinstance(regions, list):
            named.update(r for r in regions if isinstance(r, str))
    return named


def _entries(plan: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = plan.get(key)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, Mapping)]


def _steps(plan: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return _entries(plan, "steps")


def default_replan(intake: dict[str, Any]) -> dict[str, Any]:
    from backrub.contract.intake import parse_intake
    from backrub.planning.planner import make_plan

    return make_plan(parse_intake(intake)).to_dict()


def _knowledge() -> Any:
    from backrub.knowledge import load

    return load()


# --- the checker -------------------------------------------------------------


def check_plan(
    intake: dict[str, Any],
    plan: dict[str, Any],
    *,
    replan: Replan | None = default_replan,
    knowledge: Any = None,
) -> list[str]:
    """Every contract rule `plan` breaks for `intake`, one message each.

    `replan` makes a plan dict from an intake dict; it is called twice for
    invariant 10 (None skips that check, for hand-made plans). `knowledge`
    defaults to `backrub.knowledge.load()`.
    """
    kb = knowledge if knowledge is not None else _knowledge()
    problems: list[str] = []
    problems += _check_shape(plan, kb)
    if any(p.startswith("shape: top") for p in problems):
        return problems  # too broken to judge the rest
    steps = _steps(plan)
    verdict = plan["verdict"]

    problems += _check_verdict(intake, plan)
    problems += _check_inv1(plan, steps)
    if verdict not in STOPPED:
        problems += _check_inv2(steps)
        problems += _check_inv3(intake, plan, steps)
        problems += _check_inv4(intake, plan, steps)
        problems += _check_inv5(intake, steps)
        problems += _check_inv6(intake, steps)
        problems += _check_inv7(intake, plan, steps)
        problems += _check_inv8(intake, steps)
        problems += _check_inv9(intake, steps)
        problems += _check_minutes_warning(intake, plan)
    problems += _check_inv11(plan, steps, kb)
    if replan is not None:
        problems += _check_inv10(intake, plan, replan)
    return problems


def _check_shape(plan: Any, kb: Any) -> list[str]:
    if not isinstance(plan, Mapping):
        return ["shape: top: the plan is not a JSON object"]
    problems = [f"shape: top: missing key {key!r}" for key in TOP_KEYS if key not in plan]
    if problems:
        return problems
    if plan["schema"] != PLAN_SCHEMA:
        problems.append(f"shape: top: schema is {plan['schema']!r}, not {PLAN_SCHEMA!r}")
    if plan["verdict"] not in VERDICTS:
        problems.append(f"shape: top: verdict {plan['verdict']!r} is not one of {VERDICTS}")
    for key in ("reasons", "warnings", "steps"):
        if not isinstance(plan[key], list):
            problems.append(f"shape: top: {key} is not a list")
    total = plan["total_seconds"]
    if isinstance(total, bool) or not isinstance(total, int):
        problems.append(f"shape: top: total_seconds {total!r} is not an integer")
    if problems:
        return problems

    for key in ("reasons", "warnings"):
        for i, entry in enumerate(plan[key]):
            if not isinstance(entry, Mapping):
                problems.append(f"shape: {key}[{i}] is not an object")
                continue
            for field in REASON_KEYS:
                if field not in entry:
                    problems.append(f"shape: {key}[{i}] lacks {field!r}")
            if not isinstance(entry.get("code", ""), str) or not entry.get("code"):
                problems.append(f"shape: {key}[{i}].code is not a non-empty string")
            if not isinstance(entry.get("message", ""), str) or not entry.get("message"):
                problems.append(f"shape: {key}[{i}].message is not a non-empty string")
            if not isinstance(entry.get("sources", []), list):
                problems.append(f"shape: {key}[{i}].sources is not a list")
            regions = entry.get("regions", [])
            if not isinstance(regions, list) or any(r not in REGIONS for r in regions):
                problems.append(f"shape: {key}[{i}].regions {regions!r} are not region ids")

    for i, step in enumerate(plan["steps"]):
        where = f"steps[{i}]"
        if not isinstance(step, Mapping):
            problems.append(f"shape: {where} is not an object")
            continue
        missing = [key for key in STEP_KEYS if key not in step]
        if missing:
            problems.append(f"shape: {where} lacks {missing}")
            continue
        if step["n"] != i + 1:
            problems.append(f"shape: {where}.n is {step['n']!r}; steps are numbered 1..n")
        seconds = step["seconds"]
        if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds <= 0:
            problems.append(f"shape: {where}.seconds {seconds!r} is not a positive integer")
        if step["pressure"] not in PRESSURES:
            problems.append(f"shape: {where}.pressure {step['pressure']!r} is not a pressure")
        regions = step["regions"]
        if not isinstance(regions, list) or not regions:
            problems.append(f"shape: {where}.regions {regions!r} is not a non-empty list")
        elif any(r not in REGIONS for r in regions):
            problems.append(f"shape: {where}.regions {regions!r} has an unknown region id")
        if step["technique"] not in kb.techniques:
            problems.append(f"shape: {where}.technique {step['technique']!r} is not a technique")
        if step["position"] not in kb.positions:
            problems.append(f"shape: {where}.position {step['position']!r} is not a position")
        for text in ("tool", "instructions", "cue", "why"):
            if not isinstance(step[text], str):
                problems.append(f"shape: {where}.{text} is not text")
        if not isinstance(step["sources"], list):
            problems.append(f"shape: {where}.sources is not a list")
    return problems


def nothing_left_to_stroke(intake: Mapping[str, Any]) -> bool:
    """Every region light strokes could cover has a local issue, so no plan can open and
    close with effleurage (invariant 2) while leaving those regions alone (invariant 6).
    On your own that is the four regions your hands reach; otherwise all eight."""
    issues = {issue["region"] for issue in intake.get("local_issues", ())}
    strokable = SELF_REACHABLE if intake.get("giver") == "self" else SIDE_REGIONS
    return set(strokable) <= issues


def _check_verdict(intake: Mapping[str, Any], plan: Mapping[str, Any]) -> list[str]:
    problems = []
    want = expected_verdict(intake)
    verdict = plan["verdict"]
    codes = {entry.get("code") for entry in _entries(plan, "reasons")}
    if want == "modify" and nothing_left_to_stroke(intake):
        # The contract cannot be kept with a modify plan here; backrub stops instead.
        want = "see_clinician"
        if "nothing_to_massage" not in codes:
            problems.append("verdict: no strokable region left, but no nothing_to_massage reason")
    if verdict != want:
        problems.append(f"verdict: expected {want!r} from the contract's tables, got {verdict!r}")
    if verdict in STOPPED:
        wanted = stopping_codes(intake, verdict) or {"nothing_to_massage"}
        if wanted and not (codes & wanted):
            problems.append(
                f"verdict: a {verdict} plan has no reason coded with any of {sorted(wanted)}"
            )
    if verdict == "modify" and not codes:
        problems.append("verdict: a modify plan must list its restrictions in reasons")
    return problems


def _check_inv1(plan: Mapping[str, Any], steps: list[Mapping[str, Any]]) -> list[str]:
    if plan["verdict"] in STOPPED:
        problems = []
        if steps:
            problems.append(f"inv1: a {plan['verdict']} plan has {len(steps)} steps")
        if plan["total_seconds"] != 0:
            problems.append(f"inv1: a {plan['verdict']} plan has total_seconds != 0")
        return problems
    if len(steps) < 3:
        return [f"inv1: a {plan['verdict']} plan has {len(steps)} steps; at least 3"]
    return []


def _check_inv2(steps: list[Mapping[str, Any]]) -> list[str]:
    problems = []
    for label, step in (("first", steps[0]), ("last", steps[-1])) if steps else ():
        if step.get("technique") != "effleurage" or step.get("pressure") != "light":
            problems.append(
                f"inv2: the {label} step is {step.get('technique')!r} at "
                f"{step.get('pressure')!r}, not effleurage at light"
            )
    return problems


def _check_inv3(
    intake: Mapping[str, Any], plan: Mapping[str, Any], steps: list[Mapping[str, Any]]
) -> list[str]:
    problems = []
    total = plan["total_seconds"]
    summed = sum(step.get("seconds", 0) for step in steps)
    if total != summed:
        problems.append(f"inv3: total_seconds {total} != sum of step seconds {summed}")
    wanted = intake["minutes"] * 60
    if abs(total - wanted) > 30:
        problems.append(f"inv3: total_seconds {total} is more than 30 s from {wanted}")
    return problems


def _mentions_spine(plan: Mapping[str, Any]) -> bool:
    for entry in _entries(plan, "warnings") + _entries(plan, "reasons"):
        if "spine" in (entry.get("regions") or []) or "spine" in str(entry.get("code", "")):
            return True
    return False


def _check_inv4(
    intake: Mapping[str, Any], plan: Mapping[str, Any], steps: list[Mapping[str, Any]]
) -> list[str]:
    problems = [
        f"inv4: step {step.get('n')} has spine among its regions"
        for step in steps
        if "spine" in (step.get("regions") or [])
    ]
    spine_pain = any(entry["region"] == "spine" for entry in intake.get("pain", ()))
    if spine_pain and not _mentions_spine(plan):
        problems.append("inv4: pain at spine is reported but no warning or reason says so")
    return problems


def _check_inv5(intake: Mapping[str, Any], steps: list[Mapping[str, Any]]) -> list[str]:
    problems = []
    for step in steps:
        pressure = step.get("pressure")
        if pressure not in PRESSURE_RANK:
            continue
        for region in step.get("regions") or []:
            cap = pressure_cap(intake, region)
            if PRESSURE_RANK[pressure] > PRESSURE_RANK[cap]:
                problems.append(
                    f"inv5: step {step.get('n')} uses {pressure} on {region}; at most {cap}"
                )
                break
    return problems


def _check_inv6(intake: Mapping[str, Any], steps: list[Mapping[str, Any]]) -> list[str]:
    problems = []
    conditions = set(intake.get("conditions", ()))
    light_only = conditions & set(LIGHT_ONLY_CONDITIONS)
    pregnant = PREGNANCY in conditions
    issue_regions = {issue["region"] for issue in intake.get("local_issues", ())}
    for step in steps:
        n = step.get("n")
        if light_only and step.get("technique") in LIGHT_ONLY_FORBIDDEN_TECHNIQUES:
            problems.append(
                f"inv6: step {n} uses {step.get('technique')} despite {sorted(light_only)}"
            )
        if (light_only or pregnant) and step.get("tool") == PERCUSSION:
            problems.append(f"inv6: step {n} uses the percussion massager despite the conditions")
        if pregnant and step.get("position") not in PREGNANCY_POSITIONS:
            problems.append(
                f"inv6: step {n} is in position {step.get('position')!r} despite pregnancy"
            )
        hit = sorted(set(step.get("regions") or []) & issue_regions)
        if hit:
            problems.append(f"inv6: step {n} works {hit}, which have a local issue")
    return problems


def _check_inv7(
    intake: Mapping[str, Any], plan: Mapping[str, Any], steps: list[Mapping[str, Any]]
) -> list[str]:
    problems = []
    issue_regions = {issue["region"] for issue in intake.get("local_issues", ())}
    said = said_regions(plan)
    pain = {entry["region"]: entry["intensity"] for entry in intake.get("pain", ())}
    kept = {r: i for r, i in pain.items() if r != "spine" and r not in issue_regions}
    worked = {
        region
        for step in steps
        if step.get("technique") != "effleurage"
        for region in (step.get("regions") or [])
    }
    for region in sorted(kept):
        if region not in worked and region not in said:
            problems.append(
                f"inv7: pain region {region} is in no step other than effleurage "
                "and no warning or reason names it"
            )
    # A region the plan left out and said why is excluded from the time order; a region
    # a warning merely mentions (heat advice, say) is still compared.
    in_steps = {region for step in steps for region in (step.get("regions") or [])}
    compared = {r: i for r, i in kept.items() if r in in_steps or r not in said}
    for split in (True, False):
        time = region_seconds(steps, split)
        label = "split" if split else "full"
        for high, high_i in sorted(compared.items()):
            for low, low_i in sorted(compared.items()):
                if high_i > low_i and time.get(high, 0.0) < time.get(low, 0.0) - 1e-9:
                    problems.append(
                        f"inv7: {high} (intensity {high_i}) gets {time.get(high, 0.0):.1f} s "
                        f"but {low} (intensity {low_i}) gets {time.get(low, 0.0):.1f} s "
                        f"({label} count)"
                    )
    return problems


def _check_inv8(intake: Mapping[str, Any], steps: list[Mapping[str, Any]]) -> list[str]:
    allowed = set(BODY_PARTS) | set(intake.get("tools", ()))
    return [
        f"inv8: step {step.get('n')} uses tool {step.get('tool')!r}, not listed in the intake"
        for step in steps
        if step.get("tool") not in allowed
    ]


def _check_inv9(intake: Mapping[str, Any], steps: list[Mapping[str, Any]]) -> list[str]:
    if intake.get("giver") != "self":
        return []
    problems = []
    for step in steps:
        out_of_reach = sorted(set(step.get("regions") or []) & set(SELF_UNREACHABLE))
        if out_of_reach and step.get("tool") in BODY_PARTS:
            problems.append(
                f"inv9: step {step.get('n')} asks for {step.get('tool')} on {out_of_reach}, "
                "which a person cannot reach on themself"
            )
    return problems


def _check_minutes_warning(intake: Mapping[str, Any], plan: Mapping[str, Any]) -> list[str]:
    low, high = RECOMMENDED_MINUTES
    if not low <= intake["minutes"] <= high and not _entries(plan, "warnings"):
        return [
            f"minutes_warning: {intake['minutes']} minutes is outside {low}..{high} "
            "but the plan has no warning"
        ]
    return []


def _check_inv10(intake: dict[str, Any], plan: dict[str, Any], replan: Replan) -> list[str]:
    given = json.dumps(plan, sort_keys=False)
    first = json.dumps(replan(json.loads(json.dumps(intake))), sort_keys=False)
    second = json.dumps(replan(json.loads(json.dumps(intake))), sort_keys=False)
    problems = []
    if first != second:
        problems.append("inv10: the same intake gave two different plans")
    if given != first:
        problems.append("inv10: planning the intake again gave a different plan")
    return problems


def _check_inv11(plan: Mapping[str, Any], steps: list[Mapping[str, Any]], kb: Any) -> list[str]:
    problems = []
    known = kb.sources
    for step in steps:
        sources = step.get("sources") or []
        if not sources:
            problems.append(f"inv11: step {step.get('n')} names no source")
        for source in sources:
            if source not in known:
                problems.append(f"inv11: step {step.get('n')} source {source!r} does not resolve")
    for key in ("reasons", "warnings"):
        for i, entry in enumerate(_entries(plan, key)):
            sources = entry.get("sources") or []
            if key == "reasons" and not sources:
                problems.append(f"inv11: reasons[{i}] ({entry.get('code')}) names no source")
            for source in sources:
                if source not in known:
                    problems.append(f"inv11: {key}[{i}] source {source!r} does not resolve")
    return problems
