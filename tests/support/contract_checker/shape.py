"""The plan's shape (`backrub.plan/1`, r2): its keys, their types and their ids.
Messages start with `shape:`; `shape: top` means the rest cannot be judged."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from support.contract_checker.reading import side_of
from support.contract_checker.tables import (
    MEDIA,
    PLAN_SCHEMA,
    PRESSURES,
    REASON_KEYS,
    REGIONS,
    SIDES,
    STEP_KEYS,
    TOP_KEYS,
    URGENCIES,
    VERDICTS,
)


def check_shape(plan: Any, kb: Any) -> list[str]:
    if not isinstance(plan, Mapping):
        return ["shape: top: the plan is not a JSON object"]
    problems = _top(plan)
    if problems:
        return problems
    for key in ("reasons", "warnings"):
        for i, entry in enumerate(plan[key]):
            problems += _entry(f"{key}[{i}]", entry)
    for i, step in enumerate(plan.get("before", [])):
        problems += _step(f"before[{i}]", step, 0, kb)
    for i, step in enumerate(plan["steps"]):
        problems += _step(f"steps[{i}]", step, i + 1, kb)
    return problems


def _top(plan: Mapping[str, Any]) -> list[str]:
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
    if "before" in plan and not isinstance(plan["before"], list):
        problems.append("shape: top: before is not a list")
    total = plan["total_seconds"]
    if isinstance(total, bool) or not isinstance(total, int):
        problems.append(f"shape: top: total_seconds {total!r} is not an integer")
    if plan.get("urgency") is not None and plan["urgency"] not in URGENCIES:
        problems.append(f"shape: top: urgency {plan['urgency']!r} is not one of {URGENCIES}")
    return problems


def _entry(where: str, entry: Any) -> list[str]:
    if not isinstance(entry, Mapping):
        return [f"shape: {where} is not an object"]
    problems = [f"shape: {where} lacks {field!r}" for field in REASON_KEYS if field not in entry]
    for field in ("code", "message"):
        if not isinstance(entry.get(field, ""), str) or not entry.get(field):
            problems.append(f"shape: {where}.{field} is not a non-empty string")
    if not isinstance(entry.get("sources", []), list):
        problems.append(f"shape: {where}.sources is not a list")
    regions = entry.get("regions", [])
    if not isinstance(regions, list) or any(r not in REGIONS for r in regions):
        problems.append(f"shape: {where}.regions {regions!r} are not region ids")
    return problems


def _step(where: str, step: Any, n: int, kb: Any) -> list[str]:
    if not isinstance(step, Mapping):
        return [f"shape: {where} is not an object"]
    missing = [key for key in STEP_KEYS if key not in step]
    if missing:
        return [f"shape: {where} lacks {missing}"]
    problems = []
    if step["n"] != n:
        numbering = "the before step is numbered 0" if n == 0 else "steps are numbered 1..n"
        problems.append(f"shape: {where}.n is {step['n']!r}; {numbering}")
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
    elif step["side"] in SIDES and side_of(regions) not in (None, step["side"]):
        problems.append(
            f"shape: {where}.side is {step['side']!r} but its regions {regions} are "
            f"on {side_of(regions)!r}"
        )
    if step["side"] not in SIDES:
        problems.append(f"shape: {where}.side {step['side']!r} is not one of {SIDES}")
    if step["medium"] not in MEDIA:
        problems.append(f"shape: {where}.medium {step['medium']!r} is not one of {MEDIA}")
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
