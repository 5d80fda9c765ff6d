"""The planner's caches answer exactly what the uncached code answers.

`make_plan` keeps step words (`routine_text.Phrasebook`) and hand steps
(`drafting._hand_drafts`) per knowledge base, and `plan.plan_json` keeps quoted
strings. A key that misses something the answer depends on would hand one
person's words or steps to the next, so these compare plans made with warm,
shared caches against plans made with every cache switched off.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backrub import knowledge
from backrub.contract.intake import parse_intake
from backrub.contract.plan import Plan, Reason, Step, plan_json
from backrub.knowledge import KnowledgeBase, derived
from backrub.planning import context as plan_context
from backrub.planning.planner import make_plan
from support import strategies
from support.intakes import make_intake

# What adaptation may leave out (never the kneading every region starts with).
TECHNIQUES = ("friction", "trigger_point", "myofascial_release", "tapotement")


class _Forgetful(dict[Any, Any]):
    """A memo that never keeps anything."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


def forgetful_kb() -> KnowledgeBase:
    """A copy of the knowledge base (so its own derived tables) whose caches are off."""
    kb = dataclasses.replace(knowledge.load())
    tables = derived(kb, plan_context._tables)
    words = tables.words
    words.step_text = words._step_text  # type: ignore[method-assign]
    words.instructions = words._instructions  # type: ignore[method-assign]
    words.why = words._why  # type: ignore[method-assign]
    words.where = words._where  # type: ignore[method-assign]
    object.__setattr__(tables, "hand_steps", _Forgetful())
    return kb


def stdlib_json(plan: Plan) -> bytes:
    """What FastAPI's JSONResponse writes for `plan.to_dict()`."""
    text = json.dumps(
        plan.to_dict(), ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    )
    return text.encode("utf-8")


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    intake=strategies.intakes(),
    avoid=st.frozensets(st.sampled_from(TECHNIQUES), max_size=2),
)
def test_cached_plans_equal_uncached_plans(intake: dict[str, Any], avoid: frozenset[str]) -> None:
    parsed = parse_intake(intake)
    cached = make_plan(parsed, knowledge.load(), avoid=avoid)
    assert make_plan(parsed, forgetful_kb(), avoid=avoid) == cached


def test_the_forgetful_knowledge_base_really_forgets() -> None:
    kb = forgetful_kb()
    make_plan(parse_intake(make_intake()), kb)
    tables = derived(kb, plan_context._tables)
    assert not tables.hand_steps
    assert tables.words.where is not derived(knowledge.load(), plan_context._tables).words.where


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(intake=strategies.intakes())
def test_plan_json_is_what_the_stdlib_writes(intake: dict[str, Any]) -> None:
    plan = make_plan(parse_intake(intake))
    assert plan_json(plan) == stdlib_json(plan)


texts = st.text(max_size=60)
ids = st.lists(st.text(max_size=12), max_size=3).map(tuple)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(texts, min_size=6, max_size=6),
    sources=ids,
    regions=ids,
    seconds=st.integers(0, 3600),
)
def test_plan_json_quotes_any_text_as_the_stdlib_does(
    words: list[str], sources: tuple[str, ...], regions: tuple[str, ...], seconds: int
) -> None:
    reason = Reason(words[0], words[1], sources, regions)
    step = Step(
        n=1,
        technique=words[2],
        regions=regions,
        pressure="light",
        seconds=seconds,
        tool=words[3],
        position=words[4],
        instructions=words[5],
        cue=words[0],
        why=words[1],
        sources=sources,
    )
    plan = Plan.build("modify", (reason,), (reason, reason), (step, step), words[2])
    assert plan_json(plan) == stdlib_json(plan)
