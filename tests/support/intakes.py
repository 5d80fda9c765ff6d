"""Intakes for tests: `make_intake(**overrides)` builds an ordinary, valid intake dict (a
partner, 15 minutes, two painful regions, a few tools) that a test changes one field at a
time; `plan_for(intake_dict)` runs the real pipeline (`parse_intake`, `make_plan`,
`Plan.to_dict()`). Plain functions, so Hypothesis tests (which must not use
function-scoped fixtures) can call them too."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from backrub.contract.ids import TOOLS

TESTS_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = TESTS_DIR.parent
CONTRACT_PATH = REPO_ROOT / "docs" / "contract.md"

# For safety tables: every tool (so a forbidden one has the chance to show up) and pain
# in four regions (so a rule on any of them has work to act on).
ALL_TOOLS = list(TOOLS)
BUSY_PAIN = [
    {"region": "lower_back_left", "intensity": 8, "weeks": 10},
    {"region": "lower_back_right", "intensity": 7, "weeks": 10},
    {"region": "shoulder_right", "intensity": 5, "weeks": 2},
    {"region": "upper_back_left", "intensity": 4, "weeks": 2},
]

ORDINARY_INTAKE: dict[str, Any] = {
    "schema": "backrub.intake/1",
    "giver": "partner",
    "minutes": 15,
    "pressure": "moderate",
    "pain": [
        {"region": "lower_back_left", "intensity": 6, "weeks": 10},
        {"region": "shoulder_right", "intensity": 3, "weeks": 2},
    ],
    "causes": ["sedentary", "posture"],
    "goals": ["relief", "sleep"],
    "tools": ["oil", "heat_pack"],
    "red_flags": [],
    "conditions": [],
    "local_issues": [],
}


def make_intake(**overrides: Any) -> dict[str, Any]:
    """An ordinary valid intake dict; keyword arguments replace whole fields.

    A value of `...` (Ellipsis) removes the field, to test defaults and
    missing required fields.
    """
    intake = copy.deepcopy(ORDINARY_INTAKE)
    for key, value in overrides.items():
        if value is ...:
            intake.pop(key, None)
        else:
            intake[key] = copy.deepcopy(value)
    return intake


def plan_for(intake: dict[str, Any]) -> dict[str, Any]:
    """The plan dict for an intake dict, through the real pipeline."""
    from backrub.contract.intake import parse_intake
    from backrub.planning.planner import make_plan

    return make_plan(parse_intake(intake)).to_dict()
