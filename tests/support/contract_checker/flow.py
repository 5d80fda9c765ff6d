"""Revision 2's rules on how a routine flows: dose (12), choreography (13), skin (14),
nothing silently skipped (17) and gentle goals (18)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from support.contract_checker import expect
from support.contract_checker.reading import (
    Step,
    label,
    named_regions,
    regions_of,
    worked_regions,
)
from support.contract_checker.tables import (
    EFFLEURAGE_SECONDS,
    GENTLE_FORBIDDEN,
    GENTLE_GOALS,
    GENTLE_MAX_PAIN,
    SIDE_LYING,
    TECHNIQUE_DOSE,
    TOOL_DOSE,
)

Intake = Mapping[str, Any]
Plan = Mapping[str, Any]


def dose_range(step: Step) -> tuple[str, tuple[int, int]] | None:
    """What a step's seconds per region are judged by: its device's dose, else its
    technique's (effleurage is judged on the whole step, elsewhere)."""
    tool, technique = step.get("tool"), step.get("technique")
    if tool in TOOL_DOSE:
        return str(tool), TOOL_DOSE[str(tool)]
    if technique in TECHNIQUE_DOSE:
        return str(technique), TECHNIQUE_DOSE[str(technique)]
    return None


def holds(steps: list[Step]) -> list[list[Step]]:
    """Steps grouped into holds: back-to-back steps with the same technique, tool and
    regions are one hold cut in pieces, not another round (invariant 12)."""
    grouped: list[list[Step]] = []
    for step in steps:
        same = ("technique", "tool", "regions")
        if grouped and all(grouped[-1][-1].get(key) == step.get(key) for key in same):
            grouped[-1].append(step)
        else:
            grouped.append([step])
    return grouped


def _named(hold: list[Step]) -> str:
    if len(hold) == 1:
        return label(hold[0])
    return f"steps {hold[0].get('n')}-{hold[-1].get('n')} (one hold)"


def check_inv12(steps: list[Step]) -> list[str]:
    problems = []
    for step in steps:
        seconds = step.get("seconds", 0)
        if step.get("technique") == "effleurage":
            low, high = EFFLEURAGE_SECONDS
            if not low <= seconds <= high:
                problems.append(
                    f"inv12: {label(step)} is effleurage for {seconds} s, not {low}-{high}"
                )
    for hold in holds(steps):
        judged = dose_range(hold[0])
        regions = regions_of(hold[0])
        if judged is None or not regions or hold[0].get("technique") == "effleurage":
            continue
        name, (low, high) = judged
        per_region = sum(step.get("seconds", 0) for step in hold) / len(regions)
        if not low <= per_region <= high:
            problems.append(
                f"inv12: {_named(hold)} gives {per_region:.0f} s a region of {name}, "
                f"not {low}-{high}"
            )
    return problems


def _side_changes(steps: list[Step]) -> int:
    worked = [step.get("side") for step in steps if step.get("side") in ("left", "right")]
    return sum(1 for a, b in zip(worked, worked[1:], strict=False) if a != b)


def check_inv13(intake: Intake, steps: list[Step]) -> list[str]:
    problems = []
    if intake.get("giver") == "partner":
        changes = _side_changes(steps)
        if changes > 2:
            problems.append(
                f"inv13: the worked side changes {changes} times in a partner plan; at most 2"
            )
    side_lying = [step for step in steps if step.get("position") == SIDE_LYING]
    turns = _side_changes(side_lying)
    if turns > 1:
        at = [label(step) for step in side_lying if step.get("side") in ("left", "right")]
        problems.append(
            f"inv13: the person in side-lying turns over {turns} times ({', '.join(at)}); "
            "at most once"
        )
    return problems


def check_inv14(intake: Intake, steps: list[Step], before: list[Step]) -> list[str]:
    problems = []
    tools = set(intake.get("tools", ()))
    for step in before + steps:
        medium = step.get("medium")
        if medium in ("oil", "lotion") and medium not in tools:
            problems.append(f"inv14: {label(step)} uses {medium}, which the intake does not list")
        if step.get("technique") == "myofascial_release" and medium != "dry":
            problems.append(f"inv14: {label(step)} is myofascial_release on {medium!r} skin")
    first_wet = next((s for s in steps if s.get("medium") in ("oil", "lotion")), None)
    if first_wet is not None:
        wet_at = steps.index(first_wet)
        for step in steps[wet_at + 1 :]:
            if step.get("medium") == "dry":
                problems.append(
                    f"inv14: {label(step)} is dry after {first_wet.get('medium')} went on at "
                    f"{label(first_wet)}"
                )
    return problems


def check_inv17(intake: Intake, plan: Plan, steps: list[Step]) -> list[str]:
    warned = named_regions(plan, ("warnings",))
    worked = worked_regions(steps)
    return [
        f"inv17: pain region {region} gets no step but effleurage and no warning names it"
        for region in sorted(expect.pain_of(intake))
        if region != "spine" and region not in worked and region not in warned
    ]


def check_inv18(intake: Intake, steps: list[Step]) -> list[str]:
    goals = set(intake.get("goals", ()))
    pain = expect.pain_of(intake)
    gentle = (
        goals and goals <= set(GENTLE_GOALS) and max(pain.values(), default=0) <= GENTLE_MAX_PAIN
    )
    if not gentle:
        return []
    return [
        f"inv18: {label(step)} is {step.get('technique')} in a plan for {sorted(goals)} "
        f"with pain at most {GENTLE_MAX_PAIN}"
        for step in steps
        if step.get("technique") in GENTLE_FORBIDDEN
    ]
