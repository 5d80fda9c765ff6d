"""Rules on the plan's words: they fit the giver and the tool (invariant 16), and the
minutes warning is honest (invariant 19)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from support.contract_checker.reading import Step, all_words, entries, label, step_words
from support.contract_checker.tables import BODY_PARTS, RECOMMENDED_MINUTES

Intake = Mapping[str, Any]
Plan = Mapping[str, Any]

# Telling someone to use a part of the hand, or to squeeze ("a thumb-width from the
# spine" is a landmark, not an instruction to use the thumb).
HAND_WORDS = re.compile(
    r"\bfingertips?\b|\bthumbs?\b(?![- ]widths?)|\bknuckles?\b|\bcupped hands?\b|\bsqueez"
)
TO_A_PARTNER = re.compile(r"\btell me\b|\blet me know\b|\bask (?:them|your partner)\b")
TO_ONESELF = re.compile(
    r"\breach (?:back|behind) (?:you|with)|\bon yourself\b|\byour own (?:back|shoulders?|spine)\b"
)
HOME_RANGE = re.compile(r"\b10\s*(?:-|–|to|and)\s*20\b")
HARM_WORDS = re.compile(
    r"\bsore|\bharm|\bdamag|\binjur|\boverdo|\boverwork|\btoo long\b|\btoo much\b|\bbruis"
)


def check_inv16(intake: Intake, plan: Plan, every: list[Step]) -> list[str]:
    problems = []
    giver = intake.get("giver")
    for step in every:
        words = step_words(step)
        if step.get("tool") not in BODY_PARTS:
            found = HAND_WORDS.search(words)
            if found:
                problems.append(
                    f"inv16: {label(step)} is done with {step.get('tool')} but says "
                    f"{found.group(0)!r}"
                )
        if giver == "self" and (found := TO_A_PARTNER.search(all_words(step))):
            problems.append(f"inv16: {label(step)} of a self plan says {found.group(0)!r}")
        if giver == "partner" and (found := TO_ONESELF.search(words)):
            problems.append(
                f"inv16: {label(step)} of a partner plan speaks to the receiver: {found.group(0)!r}"
            )
    advice = str(plan.get("advice", "")).lower()
    if giver == "self" and (found := TO_A_PARTNER.search(advice)):
        problems.append(f"inv16: the advice of a self plan says {found.group(0)!r}")
    return problems


def minutes_warnings(plan: Plan) -> list[Mapping[str, Any]]:
    """Warnings about the session's length: coded so, or saying 10-20 minutes outside
    heat's own advice."""
    found = []
    for entry in entries(plan, "warnings"):
        code = str(entry.get("code", ""))
        message = str(entry.get("message", ""))
        if "minute" in code or ("heat" not in code and HOME_RANGE.search(message)):
            found.append(entry)
    return found


def check_inv19(intake: Intake, plan: Plan) -> list[str]:
    low, high = RECOMMENDED_MINUTES
    minutes = intake["minutes"]
    warnings = minutes_warnings(plan)
    problems = []
    if not low <= minutes <= high:
        if not any(HOME_RANGE.search(str(w.get("message", ""))) for w in warnings):
            problems.append(
                f"inv19: {minutes} minutes is outside {low}..{high} but no warning says "
                f"{low}-{high} minutes is the usual home range"
            )
    for warning in warnings:
        found = HARM_WORDS.search(str(warning.get("message", "")).lower())
        if found:
            problems.append(
                f"inv19: the minutes warning ({warning.get('code')}) claims harm: "
                f"{found.group(0)!r}"
            )
    return problems
