"""Revision-2 plans in the terminal: `backrub plan`'s view and the guided session."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from rich.console import Console

from backrub.cli.player import Voice, run
from backrub.cli.render import render_plan
from backrub.cli.screen import event_line, session_screen
from backrub.contract.intake import parse_intake
from backrub.contract.plan import Plan, clock
from backrub.knowledge import load
from backrub.planning.planner import make_plan
from backrub.session.clock import Player
from backrub.session.cues import MEDIUM_WORDS, SIDE_WORDS, URGENCY_WORDS, before_words, run_steps
from support.intakes import make_intake
from support.session_plans import NEW_USER_INTAKES, r2_plan, stopped_plan

KB = load()
BOX = re.compile(r"[\u2500-\u257f]")  # the panels' and tables' lines
LOG_LINE = re.compile(r"^\d\d:\d\d:\d\d +\d+:\d\d (before|step (\d+)/(\d+)) (\w+): (.*)$")


def _text(plan: Plan, width: int = 100) -> str:
    out = Console(file=StringIO(), width=width, color_system=None)
    render_plan(plan, out, KB)
    text: str = out.file.getvalue()  # type: ignore[attr-defined]
    return " ".join(BOX.sub(" ", text).split())


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_plan_view_shows_the_heat_before_and_apart_from_the_routine() -> None:
    plan = r2_plan()
    text = _text(plan)
    heat = plan.before[0]
    assert _flat(before_words(heat)) in text
    assert text.index("Before you start") < text.index("Your routine")
    assert f"Your routine: {clock(plan.total_seconds)} in all" in text
    assert plan.total_seconds == sum(step.seconds for step in plan.steps)


def test_the_plan_view_names_each_step_s_side_and_skin() -> None:
    plan = r2_plan(media=["dry", "dry", "oil", "oil", "oil", "oil"])
    text = _text(plan)
    for step in plan.steps:
        facts = f"{SIDE_WORDS[step.side].capitalize()} · {MEDIUM_WORDS[step.medium]}"
        assert facts in text
    assert "no oil" in text and "with oil" in text


@pytest.mark.parametrize(
    ("verdict", "urgency"),
    [("emergency", "now"), ("see_clinician", "today"), ("see_clinician", "days")],
)
def test_a_stopped_plan_says_how_soon_first(verdict: str, urgency: str) -> None:
    text = _text(stopped_plan(verdict, urgency))
    assert URGENCY_WORDS[urgency] in text
    assert text.index(URGENCY_WORDS[urgency]) < text.index("What to do")


def test_an_emergency_says_emergency_department_even_without_urgency() -> None:
    assert URGENCY_WORDS["now"] in _text(stopped_plan("emergency", None))


def _frame(plan: Plan, player: Player) -> list[str]:
    out = Console(file=StringIO(), width=80, height=24, color_system=None)
    out.print(session_screen(plan, player.status(), KB, (80, 24), confirming=False))
    return out.file.getvalue().splitlines()  # type: ignore[attr-defined]


def test_the_screen_introduces_the_heat_and_offers_to_skip_it() -> None:
    plan = r2_plan()
    now = [0.0]
    player = Player.for_plan(plan, lambda: now[0])
    player.start()
    screen = _frame(plan, player)
    assert screen[0].startswith("Before you start")
    assert "skip the heat" in screen[-1]
    assert len(screen) <= 24 and all(len(line) <= 80 for line in screen)
    player.next()
    screen = _frame(plan, player)
    assert screen[0].startswith(f"Step 1 of {len(plan.steps)}: ")
    assert "skip the heat" not in screen[-1]
    assert SIDE_WORDS[plan.steps[0].side] in "\n".join(screen)


def test_the_log_says_before_for_the_heat_and_counts_massage_steps() -> None:
    plan = r2_plan()
    now = [0.0]
    player = Player.for_plan(plan, lambda: now[0])
    player.start()
    now[0] = 1e6
    events = player.poll()
    for event in events:
        place = LOG_LINE.match(event_line(event, plan, KB, "12:00:00"))[1]  # type: ignore[index]
        step = run_steps(plan)[event.index]
        expected = "before" if event.index < len(plan.before) else f"step {step.n}/"
        assert place.startswith(expected)
        assert place == "before" or place.endswith(f"/{len(plan.steps)}")
    assert events[0].index == 0 and plan.before


@pytest.mark.parametrize("giver", ["partner", "self"])
def test_a_whole_session_without_a_terminal(giver: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The session as `backrub start` runs it without a terminal, 2000 times faster."""
    plan = r2_plan(position="side_lying")
    total = sum(step.seconds for step in run_steps(plan))
    out = Console(file=StringIO(), width=80)
    player = run(plan, KB, out, Voice(False, giver), scale=0.5 / total)
    lines = [m for line in capsys.readouterr().out.splitlines() if (m := LOG_LINE.match(line))]
    starts = [m for m in lines if m[4] == "step_start"]
    assert starts[0][1] == "before" and "Before you start" in starts[0][5]
    assert [int(m[2]) for m in starts[1:]] == [step.n for step in plan.steps]
    assert player.status().steps_done == tuple(step.n for step in plan.steps)
    said = " ".join(m[5] for m in lines)
    assert "Switch sides" not in said
    whose = "their" if giver == "partner" else "your"
    assert said.count("turn over") == 1 and f"onto {whose} " in said


# The three new users of issue 11, through the real planner, `backrub plan` and the session


@pytest.mark.parametrize("name", sorted(NEW_USER_INTAKES))
def test_a_new_user_s_routine_in_the_terminal(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    intake = parse_intake(make_intake(**NEW_USER_INTAKES[name]))
    plan = make_plan(intake, KB)
    text = _text(plan)
    for step in plan.steps:
        assert f"{SIDE_WORDS[step.side].capitalize()} · {MEDIUM_WORDS[step.medium]}" in text
    total = sum(step.seconds for step in run_steps(plan))
    player = run(plan, KB, Console(file=StringIO()), Voice(False, intake.giver), 0.5 / total)
    lines = [m for line in capsys.readouterr().out.splitlines() if (m := LOG_LINE.match(line))]
    starts = [m for m in lines if m[4] == "step_start"]
    assert len(starts) == len(run_steps(plan))
    assert [m[1] == "before" for m in starts] == [step.n == 0 for step in run_steps(plan)]
    assert player.status().steps_done == tuple(step.n for step in plan.steps)
    assert lines[-1][4] == "finished"


@pytest.mark.parametrize("heat", [900, None])
def test_the_summary_says_whether_its_time_includes_the_heat(heat: int | None) -> None:
    from backrub.cli.session import _summary

    plan = r2_plan(heat=heat)
    now = [0.0]
    player = Player.for_plan(plan, lambda: now[0])
    player.start()
    now[0] = player.total_seconds + 1.0
    player.poll()
    out = Console(file=StringIO(), width=200, color_system=None)
    _summary(player, {}, {}, KB, out)
    said = out.file.getvalue()  # type: ignore[attr-defined]
    assert f"of {len(plan.steps)};" in said
    assert clock(player.total_seconds) in said
    assert ("the heat included" in said) == bool(plan.before)
