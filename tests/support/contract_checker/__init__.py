"""An independent checker of `docs/contract.md`'s plan rules (revision 2).

`check_plan(intake, plan)` takes an intake dict (as a client would send it) and the
plan dict (`Plan.to_dict()` or the CLI's JSON) and returns one message per broken
rule; an empty list means the plan keeps the contract.

Every table (`tables.py`) is typed in from the contract text, never read from the
app's own data or code, so that a bug in the app's tables cannot hide itself. Each
message starts with a tag (`inv1` .. `inv19`, `shape`, `verdict`, `urgency`) and
names the step it is about (`step 3`, `before step`), so tests can tell which rule
fired and a reader where.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from support.contract_checker import flow, routine, safety, words
from support.contract_checker.expect import expected_urgency, expected_verdict, pressure_cap
from support.contract_checker.reading import before_of, steps_of
from support.contract_checker.shape import check_shape
from support.contract_checker.tables import (
    CLEARABLE,
    CONDITIONS,
    EMERGENCY_FLAGS,
    MODIFY_CONDITIONS,
    PRESSURES,
    REGIONS,
    SEE_CLINICIAN_CONDITIONS,
    SEE_CLINICIAN_FLAGS,
    STOPPED,
)

__all__ = [
    "CLEARABLE",
    "CONDITIONS",
    "EMERGENCY_FLAGS",
    "MODIFY_CONDITIONS",
    "PRESSURES",
    "REGIONS",
    "SEE_CLINICIAN_CONDITIONS",
    "SEE_CLINICIAN_FLAGS",
    "check_plan",
    "default_replan",
    "expected_urgency",
    "expected_verdict",
    "pressure_cap",
]

Replan = Callable[[dict[str, Any]], dict[str, Any]]


def default_replan(intake: dict[str, Any]) -> dict[str, Any]:
    from backrub.contract.intake import parse_intake
    from backrub.planning.planner import make_plan

    return make_plan(parse_intake(intake)).to_dict()


def _knowledge() -> Any:
    from backrub.knowledge import load

    return load()


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
    defaults to `backrub.knowledge.load()` (for its technique, position and
    source ids only).
    """
    kb = knowledge if knowledge is not None else _knowledge()
    problems = check_shape(plan, kb)
    if any(p.startswith("shape: top") for p in problems):
        return problems  # too broken to judge the rest
    steps, before = steps_of(plan), before_of(plan)
    every = before + steps

    problems += safety.check_verdict(intake, plan)
    problems += safety.check_urgency(intake, plan)
    problems += safety.check_inv1(plan, steps, before)
    if plan["verdict"] not in STOPPED:
        problems += routine.check_inv2(steps)
        problems += routine.check_inv3(intake, plan, steps)
        problems += routine.check_inv4(intake, plan, every)
        problems += safety.check_inv5(intake, every)
        problems += safety.check_inv6(intake, every)
        problems += routine.check_inv7(intake, plan, steps)
        problems += routine.check_inv8(intake, every)
        problems += routine.check_inv9(intake, plan, steps)
        problems += flow.check_inv12(steps)
        problems += flow.check_inv13(intake, steps)
        problems += flow.check_inv14(intake, steps, before)
        problems += safety.check_inv15(intake, steps, before)
        problems += words.check_inv16(intake, plan, every)
        problems += flow.check_inv17(intake, plan, steps)
        problems += flow.check_inv18(intake, steps)
        problems += words.check_inv19(intake, plan)
    problems += routine.check_inv11(plan, every, kb)
    if replan is not None:
        problems += routine.check_inv10(intake, plan, replan)
    return problems
