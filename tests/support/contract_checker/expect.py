"""What the contract's tables expect of an intake: the verdict, the urgency, the
reasons a plan must give, and what each step may do on each region."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from support.contract_checker.tables import (
    BESIDE_SPINE,
    DEEP_TECHNIQUES,
    EMERGENCY_FLAGS,
    FACE_DOWN,
    FIBROMYALGIA,
    HYPERTENSION,
    LIGHT_ONLY_CONDITIONS,
    LOWER_BACK,
    MODIFY_CONDITIONS,
    NO_HEAT_CONDITIONS,
    ONE_LEVEL_LOWER_CONDITIONS,
    OSTEOPOROSIS,
    OSTEOPOROSIS_TOOLS,
    PERCUSSION,
    PREGNANCY,
    PREGNANCY_POSITIONS,
    PRESSURE_RANK,
    PRESSURES,
    SAME_DAY_ALONE,
    SAME_DAY_PAIRS,
    SCIATICA,
    SEE_CLINICIAN_CONDITIONS,
    SEE_CLINICIAN_FLAGS,
    SELF_REACHABLE,
    SIDE_REGIONS,
)

Intake = Mapping[str, Any]


def flags_of(intake: Intake) -> set[str]:
    return set(intake.get("red_flags", ()))


def conditions_of(intake: Intake) -> set[str]:
    return set(intake.get("conditions", ()))


def cleared_of(intake: Intake) -> set[str]:
    return set(intake.get("cleared", ()))


def pain_of(intake: Intake) -> dict[str, int]:
    """Intensity by pain region."""
    return {entry["region"]: entry["intensity"] for entry in intake.get("pain", ())}


def acute_regions(intake: Intake) -> set[str]:
    """Regions of pain entries with `weeks` 0 (under a week; 0 when left out). No step
    works the spine itself: its pain is worked through the muscles beside it
    (invariant 4), so acute pain there makes those muscles acute, or the rule would
    protect nothing."""
    acute = {e["region"] for e in intake.get("pain", ()) if e.get("weeks", 0) == 0}
    if "spine" in acute:
        acute |= set(BESIDE_SPINE)
    return acute


def issue_regions(intake: Intake) -> set[str]:
    return {issue["region"] for issue in intake.get("local_issues", ())}


def painful_rash_regions(intake: Intake) -> set[str]:
    """Regions with a rash that also hurt (intensity above 0): possible shingles."""
    hurting = {region for region, intensity in pain_of(intake).items() if intensity > 0}
    rashes = {i["region"] for i in intake.get("local_issues", ()) if i["kind"] == "rash"}
    return hurting & rashes


def stopping_ids(intake: Intake) -> set[str]:
    """The see_clinician flags and conditions that no clinician has cleared."""
    listed = (flags_of(intake) & set(SEE_CLINICIAN_FLAGS)) | (
        conditions_of(intake) & set(SEE_CLINICIAN_CONDITIONS)
    )
    return listed - cleared_of(intake)


def nothing_left_to_stroke(intake: Intake) -> bool:
    """Every region light strokes could cover has a local issue, so no plan can open and
    close with effleurage (invariant 2) while leaving those regions alone (invariant 6).
    On your own that is the four regions your hands reach; otherwise all eight."""
    strokable = SELF_REACHABLE if intake.get("giver") == "self" else SIDE_REGIONS
    return set(strokable) <= issue_regions(intake)


def expected_verdict(intake: Intake) -> str:
    """The verdict the contract's tables give for an intake."""
    if flags_of(intake) & set(EMERGENCY_FLAGS):
        return "emergency"
    if stopping_ids(intake):
        return "see_clinician"
    if (
        cleared_of(intake)
        or conditions_of(intake) & set(MODIFY_CONDITIONS)
        or intake.get("local_issues")
        or acute_regions(intake)
    ):
        return "see_clinician" if nothing_left_to_stroke(intake) else "modify"
    return "go"


def expected_urgency(intake: Intake, verdict: str) -> str | None:
    """`now` for emergency; for see_clinician `today` on the same-day combinations, else
    `days`; None (no urgency) for go and modify. A cleared flag is still the person's
    history, so it still counts towards a same-day combination."""
    if verdict == "emergency":
        return "now"
    if verdict != "see_clinician":
        return None
    flags = flags_of(intake)
    if flags & set(SAME_DAY_ALONE) or any(a in flags and b in flags for a, b in SAME_DAY_PAIRS):
        return "today"
    return "days"


def stopping_codes(intake: Intake, verdict: str) -> set[str]:
    """The reason codes of which a stopped plan must give at least one."""
    if verdict == "emergency":
        return flags_of(intake) & set(EMERGENCY_FLAGS)
    if verdict == "see_clinician":
        return stopping_ids(intake) or {"nothing_to_massage"}
    return set()


def required_codes(intake: Intake) -> set[str]:
    """Reason codes a go or modify plan must carry: each modify condition, `<id>_cleared`
    for each cleared id, `acute`, and `possible_shingles` for a painful rash."""
    codes = conditions_of(intake) & set(MODIFY_CONDITIONS)
    codes |= {f"{cleared}_cleared" for cleared in cleared_of(intake)}
    if acute_regions(intake):
        codes.add("acute")
    if painful_rash_regions(intake):
        codes.add("possible_shingles")
    return codes


def note_only(codes: set[str]) -> bool:
    """Reasons that change nothing (hypertension's note): a `go` plan may still list them."""
    return codes <= {HYPERTENSION}


def pressure_cap(intake: Intake, region: str) -> str:
    """The most pressure any step may use on `region` for this intake."""
    asked = PRESSURE_RANK[intake.get("pressure", "moderate")]
    cap = asked
    conditions = conditions_of(intake)
    light = PRESSURE_RANK["light"]
    if conditions & set(LIGHT_ONLY_CONDITIONS) or cleared_of(intake):
        cap = light
    if region in acute_regions(intake):
        cap = light
    if conditions & set(ONE_LEVEL_LOWER_CONDITIONS):
        cap = min(cap, max(asked - 1, light))
    if conditions & {PREGNANCY, SCIATICA} and region in LOWER_BACK:
        cap = min(cap, PRESSURE_RANK["moderate"])
    return PRESSURES[cap]


def ruled_out(intake: Intake, step: Mapping[str, Any]) -> list[str]:
    """Why this step's technique, tool or position is ruled out, one phrase each."""
    conditions = conditions_of(intake)
    technique, tool, position = step.get("technique"), step.get("tool"), step.get("position")
    regions = set(step.get("regions") or [])
    why: list[str] = []
    deep = set(conditions & set(LIGHT_ONLY_CONDITIONS)) | {
        f"{c}_cleared" for c in cleared_of(intake)
    }
    if deep and technique in DEEP_TECHNIQUES:
        why.append(f"{technique} despite {sorted(deep)}")
    if FIBROMYALGIA in conditions and technique in DEEP_TECHNIQUES:
        why.append(f"{technique} despite fibromyalgia")
    if (deep or PREGNANCY in conditions) and tool == PERCUSSION:
        why.append(f"the percussion massager despite {sorted(deep | (conditions & {PREGNANCY}))}")
    acute = sorted(regions & acute_regions(intake))
    if acute and (technique in DEEP_TECHNIQUES or tool == PERCUSSION):
        why.append(f"{technique} with {tool} on acute {acute}")
    if SCIATICA in conditions and technique == "trigger_point" and regions & set(LOWER_BACK):
        why.append("trigger_point on the lower back despite sciatica_one_leg")
    if OSTEOPOROSIS in conditions and tool in OSTEOPOROSIS_TOOLS:
        why.append(f"{tool} despite osteoporosis")
    if OSTEOPOROSIS in conditions and position == FACE_DOWN:
        why.append("a face-down position despite osteoporosis")
    if PREGNANCY in conditions and position not in PREGNANCY_POSITIONS:
        why.append(f"position {position!r} despite pregnancy")
    return why


def heat_ruled_out(intake: Intake) -> list[str]:
    """What rules heat out for this intake (invariant 15)."""
    why = sorted(conditions_of(intake) & set(NO_HEAT_CONDITIONS))
    why += [f"{cleared}_cleared" for cleared in sorted(cleared_of(intake))]
    return why
