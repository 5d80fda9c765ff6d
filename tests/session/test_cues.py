"""A revision-2 session: the heat in `before` first, one side per step, what is said."""

from __future__ import annotations

import re

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backrub.contract.plan import Plan
from backrub.knowledge import load
from backrub.session.clock import CHECK_SKIN, SWITCH_SIDES, Event, Player, State, cue_points
from backrub.session.cues import (
    before_words,
    opening,
    run_steps,
    said_where,
    side_change,
    spoken,
    title,
)
from support.session_plans import r2_plan

KB = load()


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def _run_all(plan: Plan, giver: str | None = None) -> tuple[Player, list[tuple[Event, str]]]:
    """The whole session at once: every event and what is said for it."""
    clock = FakeClock()
    player = Player.for_plan(plan, clock)
    player.start()
    clock.t = sum(step.seconds for step in run_steps(plan)) + 1
    said = [(e, w) for e in player.poll() if (w := spoken(e, plan, KB, giver))]
    return player, said


def _starts(said: list[tuple[Event, str]]) -> list[str]:
    return [words for event, words in said if event.kind == "step_start"]


# The before step -----------------------------------------------------------------


def test_the_heat_runs_first_and_is_introduced() -> None:
    plan = r2_plan()
    heat = plan.before[0]
    player, said = _run_all(plan)
    first_event, first_words = said[0]
    assert (first_event.kind, first_event.index) == ("step_start", 0)
    assert first_words.startswith("Before you start")
    assert f"{round(heat.seconds / 60)} minutes" in first_words
    assert said_where(heat.regions) in first_words
    assert "cloth" in first_words and "dry" in first_words
    assert first_words == before_words(heat)
    assert len(_starts(said)) == len(plan.steps) + 1
    assert player.state is State.FINISHED


def test_the_heat_is_not_a_step_done_nor_in_the_steps_total() -> None:
    plan = r2_plan()
    player, said = _run_all(plan)
    assert player.status().steps_done == tuple(step.n for step in plan.steps)
    assert 0 not in player.status().steps_done
    assert plan.total_seconds == sum(step.seconds for step in plan.steps)
    assert player.total_seconds == plan.total_seconds + plan.before[0].seconds
    # the session's time runs through the heat: the end is due after both
    assert said[-1][0].at == player.total_seconds


def test_the_heat_can_be_skipped() -> None:
    plan = r2_plan()
    clock = FakeClock()
    player = Player.for_plan(plan, clock)
    player.start()
    assert player.preparing()
    clock.t = 30
    player.next()
    assert not player.preparing()
    assert player.index == player.first == len(plan.before)
    events = player.poll()
    assert [e.kind for e in events] == ["step_start", "skipped", "step_start"]
    assert "preparation" in events[1].text
    assert spoken(events[2], plan, KB) == opening(plan, player.first, KB)
    clock.t += sum(step.seconds for step in plan.steps)
    player.poll()
    assert player.status().steps_done == tuple(step.n for step in plan.steps)


def test_back_from_step_one_restarts_it_rather_than_the_heat() -> None:
    plan = r2_plan()
    clock = FakeClock()
    player = Player.for_plan(plan, clock)
    player.start()
    player.next()
    clock.t = 5
    player.back()
    assert player.index == player.first
    clock.t = 6
    player.back()
    assert player.index == player.first  # never back into 15 minutes of heat


def test_titles_count_massage_steps_only() -> None:
    plan = r2_plan()
    assert title(plan, 0, KB).startswith("Before you start")
    for index in range(len(plan.before), len(run_steps(plan))):
        step = run_steps(plan)[index]
        assert title(plan, index, KB).startswith(f"Step {step.n} of {len(plan.steps)}:")
    player = Player.for_plan(plan, FakeClock())
    assert player.massage_steps == len(plan.steps)


def test_the_heat_asks_for_a_skin_check_halfway() -> None:
    heat = r2_plan().before[0]
    assert (heat.seconds / 2, "check_skin", CHECK_SKIN) in cue_points(heat)


def test_the_first_massage_step_after_heat_takes_the_pack_off() -> None:
    plan = r2_plan()
    assert opening(plan, len(plan.before), KB).startswith("Take the heat pack off.")
    without = r2_plan(heat=None)
    assert not opening(without, 0, KB).startswith("Take the heat pack off.")


# Sides ---------------------------------------------------------------------------


def test_one_sided_steps_never_say_switch_sides() -> None:
    plan = r2_plan()
    _, said = _run_all(plan, "partner")
    assert all(SWITCH_SIDES not in words for _, words in said)
    for step in plan.steps:
        assert all(kind != "switch_sides" for _, kind, _ in cue_points(step))


def _changes(plan: Plan) -> list[tuple[int, str]]:
    """(step index, side) wherever the worked side changes, the first side included."""
    found, last = [], None
    for index, step in enumerate(plan.steps):
        if step.side != "both" and step.side != last:
            found.append((index, step.side))
            last = step.side
    return found


@given(st.lists(st.sampled_from(["left", "right", "both"]), min_size=1, max_size=8))
def test_a_side_is_announced_exactly_where_it_changes(middle: list[str]) -> None:
    plan = r2_plan(["both", *middle, "both"], heat=None)
    changes = dict(_changes(plan))
    for index in range(len(plan.steps)):
        words = side_change(plan, index, "partner")
        if index in changes:
            assert f"the {changes[index]} side" in words
        else:
            assert words == ""
        assert (words in opening(plan, index, KB, "partner")) or not words


def test_a_partner_walks_round_once_between_the_sides() -> None:
    plan = r2_plan()
    _, said = _run_all(plan, "partner")
    starts = " ".join(_starts(said))
    assert starts.count("walk round") == len(_changes(plan)) - 1
    first_side = _changes(plan)[0][1]
    assert f"Start with the {first_side} side: stand at their {first_side} side." in starts


def test_side_lying_turns_over_to_put_the_worked_side_up() -> None:
    plan = r2_plan(position="side_lying")
    (start, first), *changes = _changes(plan)
    for giver, whose in (("partner", "their"), ("self", "your")):
        # settled once, at the first step, on the side that puts the first side up
        said = [opening(plan, index, KB, giver) for index in range(len(run_steps(plan)))]
        settled = [w for w in said if f"lie on {whose} {_other(first)} side" in w.lower()]
        assert settled == [said[0]] and f"{first} side is up" in said[0]
        assert side_change(plan, start, giver) == ""
        for index, side in changes:
            words = side_change(plan, index, giver)
            assert f"turn over onto {whose} {_other(side)} side" in words
            assert f"{side} side is up" in words
    assert len(changes) == 1  # a side-lying person turns over once


def test_a_cue_that_already_moves_them_is_not_doubled() -> None:
    plan = r2_plan(position="side_lying")
    index, _ = _changes(plan)[1]
    moved = msgspec.structs.replace(plan.steps[index], cue="Help them turn over, then knead.")
    steps = (*plan.steps[:index], moved, *plan.steps[index + 1 :])
    plan = msgspec.structs.replace(plan, steps=steps)
    assert side_change(plan, index, "partner") == ""


def _other(side: str) -> str:
    return "right" if side == "left" else "left"


@pytest.mark.parametrize(
    ("tool", "word"),
    [("massage_ball", "ball"), ("percussion_massager", "massager"), ("foam_roller", "roller")],
)
def test_a_tool_moves_across_for_the_other_side(tool: str, word: str) -> None:
    plan = r2_plan(tool=tool, position="standing_wall")
    for index, _ in _changes(plan):
        words = side_change(plan, index, "self")
        assert word in words
        assert not re.search(r"\b(their|walk round)\b", words)  # a self plan has no partner


# Skin ----------------------------------------------------------------------------


def test_oil_is_announced_when_it_first_goes_on() -> None:
    plan = r2_plan(media=["dry", "dry", "oil", "oil", "oil", "oil"])
    said = [opening(plan, index + len(plan.before), KB) for index in range(len(plan.steps))]
    oiled = [i for i, words in enumerate(said) if "oil" in words]
    first_oil = next(i for i, step in enumerate(plan.steps) if step.medium == "oil")
    assert oiled == [first_oil]
