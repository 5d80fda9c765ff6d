"""Revision 1's rules on the routine itself: invariants 2-4 and 7-11 (9 as revision 2
widened it)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from support.contract_checker import expect, reach
from support.contract_checker.reading import (
    Step,
    entries,
    label,
    region_seconds,
    regions_of,
    said_regions,
    worked_regions,
)
from support.contract_checker.tables import (
    BODY_PARTS,
    LIGHT_REACH_TOOLS,
    MASSAGE_TOOLS,
    REACH_TOOLS,
    SELF_UNREACHABLE,
    SIDE_REGIONS,
)

Intake = Mapping[str, Any]
Plan = Mapping[str, Any]
Replan = Callable[[dict[str, Any]], dict[str, Any]]

# How a warning may name a tool it explains leaving unused.
TOOL_WORDS = {
    "massage_ball": ("ball",),
    "foam_roller": ("roller",),
    "massage_cane": ("cane",),
    "percussion_massager": ("percussion", "massage gun"),
    "shiatsu_massager": ("shiatsu",),
    "vibration_massager": ("vibration",),
}


def check_inv2(steps: list[Step]) -> list[str]:
    problems = []
    for which, step in (("first", steps[0]), ("last", steps[-1])) if steps else ():
        if step.get("technique") != "effleurage" or step.get("pressure") != "light":
            problems.append(
                f"inv2: the {which} step ({label(step)}) is {step.get('technique')!r} at "
                f"{step.get('pressure')!r}, not effleurage at light"
            )
    return problems


def check_inv3(intake: Intake, plan: Plan, steps: list[Step]) -> list[str]:
    problems = []
    total = plan["total_seconds"]
    summed = sum(step.get("seconds", 0) for step in steps)
    if total != summed:
        problems.append(f"inv3: total_seconds {total} != sum of step seconds {summed}")
    wanted = intake["minutes"] * 60
    if abs(total - wanted) > 30:
        problems.append(f"inv3: total_seconds {total} is more than 30 s from {wanted}")
    return problems


def _mentions_spine(plan: Plan) -> bool:
    for entry in entries(plan, "warnings") + entries(plan, "reasons"):
        if "spine" in (entry.get("regions") or []) or "spine" in str(entry.get("code", "")):
            return True
    return False


def check_inv4(intake: Intake, plan: Plan, every: list[Step]) -> list[str]:
    problems = [
        f"inv4: {label(step)} has spine among its regions"
        for step in every
        if "spine" in regions_of(step)
    ]
    if "spine" in expect.pain_of(intake) and not _mentions_spine(plan):
        problems.append("inv4: pain at spine is reported but no warning or reason says so")
    if expect.pain_of(intake).get("spine", 0) > 0:
        open_regions = {r for r in SIDE_REGIONS if _workable(intake, r)}
        worked = worked_regions(every)
        for side in ("left", "right"):
            # Where a step could work this side, some step must: any region on the side
            # will do (a roller may reach the upper back where the hands cannot).
            could = {r for r in open_regions if r.endswith(side)}
            on_side = {r for r in SIDE_REGIONS if r.endswith(side)}
            if could and not on_side & worked:
                problems.append(
                    f"inv4: pain at spine is not worked through the muscles on its {side} "
                    "side: no step but effleurage works a region there that it could"
                )
    return problems


def _workable(intake: Intake, region: str) -> bool:
    """A step may work `region`: no local issue, and on yourself a hand or a listed tool
    reaches it."""
    if region in expect.issue_regions(intake):
        return False
    if intake.get("giver") != "self" or region not in SELF_UNREACHABLE:
        return True
    tools = [tool for tool in intake.get("tools", ()) if tool in MASSAGE_TOOLS]
    return any(tool_can_work(intake, tool, region) for tool in tools)


def check_inv7(intake: Intake, plan: Plan, steps: list[Step]) -> list[str]:
    problems = []
    issues = expect.issue_regions(intake)
    said = said_regions(plan)
    kept = {r: i for r, i in expect.pain_of(intake).items() if r != "spine" and r not in issues}
    worked = worked_regions(steps)
    for region in sorted(kept):
        if region not in worked and region not in said:
            problems.append(
                f"inv7: pain region {region} is in no step other than effleurage "
                "and no warning or reason names it"
            )
    # A region the plan left out and said why is excluded from the time order; a region
    # a warning merely mentions (heat advice, say) is still compared.
    in_steps = {region for step in steps for region in regions_of(step)}
    compared = {r: i for r, i in kept.items() if r in in_steps or r not in said}
    for split in (True, False):
        time = region_seconds(steps, split)
        count = "split" if split else "full"
        for high, high_i in sorted(compared.items()):
            for low, low_i in sorted(compared.items()):
                if high_i > low_i and time.get(high, 0.0) < time.get(low, 0.0) - 1e-9:
                    problems.append(
                        f"inv7: {high} (intensity {high_i}) gets {time.get(high, 0.0):.1f} s "
                        f"but {low} (intensity {low_i}) gets {time.get(low, 0.0):.1f} s "
                        f"({count} count)"
                    )
    return problems


def check_inv8(intake: Intake, every: list[Step]) -> list[str]:
    allowed = set(BODY_PARTS) | set(intake.get("tools", ()))
    return [
        f"inv8: {label(step)} uses tool {step.get('tool')!r}, not listed in the intake"
        for step in every
        if step.get("tool") not in allowed
    ]


def tool_allowed(intake: Intake, tool: str, region: str) -> bool:
    """No condition rules `tool` out on `region` (seated, a position every rule allows)."""
    step = {"technique": None, "tool": tool, "regions": [region], "position": "seated"}
    return not expect.ruled_out(intake, step)


def tool_can_work(intake: Intake, tool: str, region: str) -> bool:
    """A listed tool can work `region` within what the conditions and the pressure allow."""
    if not tool_allowed(intake, tool, region):
        return False
    if expect.pressure_cap(intake, region) == "light":
        return tool in LIGHT_REACH_TOOLS
    return tool in REACH_TOOLS


def _open_pain_regions(intake: Intake) -> list[str]:
    """Regions that hurt (intensity above 0) and a step could work: not the spine, no
    local issue."""
    issues = expect.issue_regions(intake)
    return sorted(
        region
        for region, intensity in expect.pain_of(intake).items()
        if intensity > 0 and region != "spine" and region not in issues
    )


def check_inv9(intake: Intake, plan: Plan, steps: list[Step]) -> list[str]:
    giver = intake.get("giver")
    problems: list[str] = []
    tools = [tool for tool in intake.get("tools", ()) if tool in MASSAGE_TOOLS]
    if giver == "self":
        for step in steps:
            out_of_reach = sorted(set(regions_of(step)) & set(SELF_UNREACHABLE))
            if out_of_reach and step.get("tool") in BODY_PARTS:
                problems.append(
                    f"inv9: {label(step)} asks for {step.get('tool')} on {out_of_reach}, "
                    "which a person cannot reach on themself"
                )
        worked = worked_regions(steps)
        hurting = _open_pain_regions(intake)
        able = {r: [t for t in tools if tool_can_work(intake, t, r)] for r in hurting}
        strokes = [regions_of(s) for s in steps if s.get("technique") == "effleurage"]
        room = reach.fits_every_region(intake, hurting, able, strokes)
        for region in hurting:
            if region in SELF_UNREACHABLE and region not in worked and able[region] and room:
                problems.append(
                    f"inv9: {region} is left out although {able[region]} could work it "
                    "and every region's smallest dose fits the minutes"
                )
    if giver in ("self", "device"):
        used = {step.get("tool") for step in steps}
        for tool in tools:
            suits = any(tool_allowed(intake, tool, r) for r in _open_pain_regions(intake))
            if suits and tool not in used and not _warning_names_tool(plan, tool):
                problems.append(f"inv9: {tool} is listed and allowed but no step uses it")
    return problems


def _warning_names_tool(plan: Plan, tool: str) -> bool:
    for entry in entries(plan, "warnings"):
        words = f"{entry.get('code', '')} {entry.get('message', '')}".lower()
        if tool in words or any(word in words for word in TOOL_WORDS[tool]):
            return True
    return False


def check_inv10(intake: dict[str, Any], plan: Plan, replan: Replan) -> list[str]:
    given = json.dumps(plan, sort_keys=False)
    first = json.dumps(replan(json.loads(json.dumps(intake))), sort_keys=False)
    second = json.dumps(replan(json.loads(json.dumps(intake))), sort_keys=False)
    problems = []
    if first != second:
        problems.append("inv10: the same intake gave two different plans")
    if given != first:
        problems.append("inv10: planning the intake again gave a different plan")
    return problems


def check_inv11(plan: Plan, every: list[Step], kb: Any) -> list[str]:
    problems = []
    known = kb.sources
    for step in every:
        sources = step.get("sources") or []
        if not sources:
            problems.append(f"inv11: {label(step)} names no source")
        for source in sources:
            if source not in known:
                problems.append(f"inv11: {label(step)} source {source!r} does not resolve")
    for key in ("reasons", "warnings"):
        for i, entry in enumerate(entries(plan, key)):
            sources = entry.get("sources") or []
            if key == "reasons" and not sources:
                problems.append(f"inv11: reasons[{i}] ({entry.get('code')}) names no source")
            for source in sources:
                if source not in known:
                    problems.append(f"inv11: {key}[{i}] source {source!r} does not resolve")
    return problems
