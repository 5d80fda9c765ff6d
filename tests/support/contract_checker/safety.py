"""Safety rules: the verdict and its reasons, the urgency of stopped plans (r2),
invariants 1, 5 and 6, and where heat may go (invariant 15)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from support.contract_checker import expect
from support.contract_checker.reading import Step, entries, label, regions_of
from support.contract_checker.tables import (
    HEAT,
    HEAT_PACK,
    HEAT_SECONDS,
    HYPERTENSION,
    PRESSURE_RANK,
    SPINE_NEIGHBOURS,
    STOPPED,
)

Intake = Mapping[str, Any]
Plan = Mapping[str, Any]


def reason_codes(plan: Plan) -> set[str]:
    return {str(entry.get("code")) for entry in entries(plan, "reasons")}


def check_verdict(intake: Intake, plan: Plan) -> list[str]:
    want = expect.expected_verdict(intake)
    verdict = plan["verdict"]
    codes = reason_codes(plan)
    problems = []
    hypertension_note = want == "go" and verdict == "modify" and expect.note_only(codes)
    if verdict != want and not hypertension_note:
        problems.append(f"verdict: expected {want!r} from the contract's tables, got {verdict!r}")
    if verdict in STOPPED:
        wanted = expect.stopping_codes(intake, verdict)
        if not codes & wanted:
            problems.append(
                f"verdict: a {verdict} plan has no reason coded with any of {sorted(wanted)}"
            )
        return problems
    if verdict == "modify" and not codes:
        problems.append("verdict: a modify plan must list its restrictions in reasons")
    for code in sorted(expect.required_codes(intake) - codes):
        problems.append(f"verdict: the intake calls for reason {code!r}, which the plan lacks")
    noted = codes | {str(entry.get("code")) for entry in entries(plan, "warnings")}
    if HYPERTENSION in expect.conditions_of(intake) and HYPERTENSION not in noted:
        problems.append(
            "verdict: hypertension calls for a note (massagers below full speed), "
            "which the plan lacks"
        )
    for entry in entries(plan, "reasons"):
        code, message = entry.get("code"), str(entry.get("message", "")).lower()
        for what, pattern in REASON_WORDS.get(str(code), ()):
            if what == "that heat helps" and expect.heat_ruled_out(intake):
                continue  # heat is ruled out for this person: the plan need not offer it
            if not re.search(pattern, message):
                problems.append(f"verdict: reason {code!r} does not say {what}")
    return problems


# What the contract says a reason tells the person, as patterns its message must match.
REASON_WORDS = {
    "acute": (
        ("to keep moving", r"\bmov"),
        ("that heat helps", r"\bheat\b"),
    ),
    "possible_shingles": (("to see a clinician within three days", r"\b(?:three|3) days\b"),),
    "sciatica_one_leg": (
        ("when to see a clinician (over 4-6 weeks)", r"\b4\s*(?:-|–|to)\s*6 weeks\b"),
    ),
}


def check_urgency(intake: Intake, plan: Plan) -> list[str]:
    """r2: stopped plans say how soon; go and modify plans have no urgency."""
    verdict = plan["verdict"]
    given = plan.get("urgency")
    if verdict not in STOPPED:
        if given is not None:
            return [f"urgency: a {verdict} plan carries urgency {given!r}; only stopped plans do"]
        return []
    want = expect.expected_urgency(intake, verdict)
    if given != want:
        return [f"urgency: a {verdict} plan for these flags needs urgency {want!r}, not {given!r}"]
    if verdict == "emergency":
        return _emergency_words(plan)
    return []


def _emergency_words(plan: Plan) -> list[str]:
    words = " ".join(
        [str(plan.get("advice", ""))]
        + [str(entry.get("message", "")) for entry in entries(plan, "reasons")]
    )
    if "emergency department" not in words.lower():
        return ["urgency: an emergency plan never says 'emergency department'"]
    if "A&E" not in words or not re.search(r"\bER\b", words):
        return ["urgency: the emergency wording names one country's service alone (A&E, ER)"]
    return []


def check_inv1(plan: Plan, steps: list[Step], before: list[Step]) -> list[str]:
    verdict = plan["verdict"]
    if verdict in STOPPED:
        problems = []
        if steps:
            problems.append(f"inv1: a {verdict} plan has {len(steps)} steps")
        if before:
            problems.append(f"inv1: a {verdict} plan has a before step")
        if plan["total_seconds"] != 0:
            problems.append(f"inv1: a {verdict} plan has total_seconds != 0")
        return problems
    if len(steps) < 3:
        return [f"inv1: a {verdict} plan has {len(steps)} steps; at least 3"]
    return []


def check_inv5(intake: Intake, every: list[Step]) -> list[str]:
    problems = []
    for step in every:
        pressure = step.get("pressure")
        if pressure not in PRESSURE_RANK:
            continue
        for region in regions_of(step):
            cap = expect.pressure_cap(intake, region)
            if PRESSURE_RANK[pressure] > PRESSURE_RANK[cap]:
                problems.append(f"inv5: {label(step)} uses {pressure} on {region}; at most {cap}")
                break
    return problems


def check_inv6(intake: Intake, every: list[Step]) -> list[str]:
    problems = []
    issues = expect.issue_regions(intake)
    for step in every:
        for why in expect.ruled_out(intake, step):
            problems.append(f"inv6: {label(step)} uses {why}")
        hit = sorted(set(regions_of(step)) & issues)
        if hit:
            problems.append(f"inv6: {label(step)} works {hit}, which have a local issue")
    return problems


def _is_heat(step: Step) -> bool:
    return step.get("technique") == HEAT or step.get("tool") == HEAT_PACK


def check_inv15(intake: Intake, steps: list[Step], before: list[Step]) -> list[str]:
    """Heat only in `before`, one step at most, on painful regions, 600-1200 s, dry skin,
    never where something rules it out; and there whenever it may be."""
    problems = [f"inv15: {label(step)} is heat outside before" for step in steps if _is_heat(step)]
    if len(before) > 1:
        problems.append(f"inv15: before holds {len(before)} steps; at most one")
    tools = set(intake.get("tools", ()))
    heatable = heatable_regions(intake)
    ruled_out = expect.heat_ruled_out(intake)
    for step in before:
        where = label(step)
        if step.get("technique") != HEAT or step.get("tool") != HEAT_PACK:
            problems.append(f"inv15: {where} is not heat with the heat_pack")
        if HEAT_PACK not in tools:
            problems.append(f"inv15: {where} uses heat but the intake lists no heat_pack")
        if ruled_out:
            problems.append(f"inv15: {where} uses heat despite {ruled_out}")
        stray = sorted(set(regions_of(step)) - heatable)
        if stray:
            problems.append(f"inv15: {where} heats {stray}, which do not hurt")
        low, high = HEAT_SECONDS
        if not low <= step.get("seconds", 0) <= high:
            problems.append(f"inv15: {where} lasts {step.get('seconds')} s, not {low}-{high}")
        if step.get("medium") != "dry":
            problems.append(f"inv15: {where} heats skin with {step.get('medium')!r} on it")
    hurting = {
        region
        for region in heatable_regions(intake, hurting_only=True)
        if region not in expect.issue_regions(intake)
    }
    if HEAT_PACK in tools and hurting and not ruled_out and not before:
        problems.append(
            f"inv15: heat_pack is listed and {sorted(hurting)} hurt, but before holds no heat"
        )
    return problems


def heatable_regions(intake: Intake, hurting_only: bool = False) -> set[str]:
    """Where heat may go: the pain regions, and for pain at the spine the muscles on both
    sides of it (invariant 4) below the shoulders."""
    pain = {
        region
        for region, intensity in expect.pain_of(intake).items()
        if intensity > 0 or not hurting_only
    }
    regions = pain - {"spine"}
    if "spine" in pain:
        regions |= set(SPINE_NEIGHBOURS)
    return regions
