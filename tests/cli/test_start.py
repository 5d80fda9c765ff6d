"""`backrub start` end to end: a real pseudo-terminal (pexpect), a pipe, the journal.

BACKRUB_TIME_SCALE shrinks the session's real time (0.01: a 15-minute routine
runs in 9 seconds), so each test takes seconds.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pexpect
import pytest

from backrub.contract.plan import Plan
from backrub.contract.records import PersonRecord
from backrub.journal import open_journal
from backrub.journal.people import create_person, list_people, person_journal
from backrub.knowledge import KnowledgeBase
from backrub.session.clock import CLOSING, Player
from support.intakes import REPO_ROOT, plan_for

EXAMPLE = "examples/partner_lower_back.json"
COMMAND = ["-m", "backrub", "start", "--intake", EXAMPLE, "--no-voice"]
LINE = re.compile(r"^\d\d:\d\d:\d\d +\d+:\d\d (?:step (\d+)/(\d+)|before) (\w+): ")


def _env(journal_url: str, scale: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        BACKRUB_DATABASE_URL=journal_url,
        BACKRUB_TIME_SCALE=scale,
        TERM="xterm",
    )
    env.pop("NO_COLOR", None)
    return env


def _journal(journal_url: str) -> PersonRecord:
    with open_journal(journal_url) as store, store.transaction() as db:
        (person,) = list_people(db=db)
        return person_journal(db=db, person_id=person.id)


def _spawn(journal_url: str, scale: str = "0.01") -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        COMMAND,
        cwd=str(REPO_ROOT),
        env=_env(journal_url, scale),
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=30,
    )
    return child


def _step_numbers() -> list[int]:
    return [step["n"] for step in plan_for_example()["steps"]]


def plan_for_example() -> dict[str, object]:
    import json

    return plan_for(json.loads((REPO_ROOT / EXAMPLE).read_text()))


def _skip_the_heat(child: pexpect.spawn) -> None:
    """When the plan has heat in `before`, it comes first: skip it with n."""
    if plan_for_example().get("before"):
        child.expect("Before you start")
        child.expect("n skip the heat")
        child.send("n")


def test_a_session_in_a_terminal_with_pause_and_skip(journal_url: str) -> None:
    child = _spawn(journal_url)
    child.expect(r"lower back \(left\), 0 to 10 \(Enter to skip\): ")
    child.sendline("6")
    child.expect(r"lower back \(right\), 0 to 10 \(Enter to skip\): ")
    child.sendline("3")
    _skip_the_heat(child)
    child.expect("Step 1 of")
    child.send(" ")  # pause in step 1, long before its half
    child.expect("PAUSED")
    child.send("n")  # skip step 1; still paused
    child.expect("Step 2 of")
    child.send(" ")  # resume
    child.expect("running")
    child.expect("All done. Drink a glass of water")
    child.expect(r"lower back \(left\), 0 to 10")
    child.sendline("4")
    child.expect(r"lower back \(right\), 0 to 10")
    child.sendline("")
    child.expect("Anything to note")
    child.sendline("felt warm")
    child.expect("Saved: session completed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (session,) = _journal(journal_url).sessions
    assert session.status == "completed"
    assert list(session.steps_done) == _step_numbers()[1:]  # the skipped step is not done
    assert session.pain_before == {"lower_back_left": 6, "lower_back_right": 3}
    assert session.pain_after == {"lower_back_left": 4}
    assert session.note == "felt warm"
    assert session.giver == "partner"
    assert session.plan == plan_for_example()
    assert session.ended is not None and session.ended >= session.started
    assert session.started.utcoffset() is not None


def test_quitting_with_q_and_yes_saves_an_aborted_session(journal_url: str) -> None:
    child = _spawn(journal_url)
    child.expect("0 to 10")
    child.sendline("")
    child.expect("0 to 10")
    child.sendline("")
    _skip_the_heat(child)
    child.expect("Step 2 of", timeout=10)  # step 1 ran to its end
    child.send("q")
    child.expect("Quit the session")
    child.send("y")
    child.expect("Stopped. Rest for a few minutes")
    for _ in range(2):
        child.expect("0 to 10")
        child.sendline("")
    child.expect("Anything to note")
    child.sendline("")
    child.expect("Saved: session stopped early")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (session,) = _journal(journal_url).sessions
    assert session.status == "aborted"
    assert list(session.steps_done) == [1]
    assert session.pain_before == {} and session.pain_after == {}


def test_without_a_terminal_it_prints_one_line_per_event(journal_url: str) -> None:
    result = subprocess.run(
        [sys.executable, *COMMAND],
        cwd=REPO_ROOT,
        env=_env(journal_url, "0.001"),
        input="5\n\n4\n2\nok\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = [line for line in result.stdout.splitlines() if LINE.match(line)]
    assert [LINE.match(line)[3] for line in lines] == _expected_kinds()  # type: ignore[index]
    assert lines[-1].endswith(CLOSING)
    assert "\x1b" not in result.stdout and "\a" not in result.stdout
    (session,) = _journal(journal_url).sessions
    assert session.status == "completed"
    assert list(session.steps_done) == _step_numbers()
    assert session.pain_before == {"lower_back_left": 5}
    assert session.pain_after == {"lower_back_left": 4, "lower_back_right": 2}
    assert session.note == "ok"


def _expected_kinds() -> list[str]:
    """What the player says over the whole plan, run on a fake clock."""
    import json

    from backrub.contract.intake import parse_intake
    from backrub.planning.planner import make_plan

    plan = make_plan(parse_intake(json.loads((REPO_ROOT / EXAMPLE).read_text())))
    now = [0.0]
    player = Player.for_plan(plan, lambda: now[0])
    player.start()
    now[0] = 1e9
    return [event.kind for event in player.poll()]


def test_a_bad_time_scale_is_bad_input(journal_url: str) -> None:
    env = _env(journal_url, "fast")
    result = subprocess.run(
        [sys.executable, *COMMAND], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr == "backrub: BACKRUB_TIME_SCALE: expected a positive number, got 'fast'\n"


@pytest.mark.parametrize("scale", ["0.001"])
def test_the_saved_intake_is_used_without_intake(journal_url: str, scale: str) -> None:
    from backrub.contract.intake import load_intake

    with open_journal(journal_url) as store, store.transaction() as db:
        person = create_person(
            db=db, name="Sam", intake=load_intake((REPO_ROOT / EXAMPLE).read_text())
        )
    result = subprocess.run(
        [sys.executable, "-m", "backrub", "start", "--person", "Sam", "--no-voice"],
        cwd=REPO_ROOT,
        env=_env(journal_url, scale),
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "finished: All done" in result.stdout
    with open_journal(journal_url) as store, store.transaction() as db:
        (session,) = person_journal(db=db, person_id=person.id).sessions
    assert session.status == "completed"


def test_the_screen_fits_80_by_24_for_every_step() -> None:
    """Each frame of the live view, rendered as plain text, fits a small terminal."""
    from backrub.contract.intake import load_intake
    from backrub.knowledge import load
    from backrub.planning.planner import make_plan

    kb = load()
    for example in sorted((REPO_ROOT / "examples").glob("*.json")):
        plan = make_plan(load_intake(example.read_text()))
        if not plan.stopped:
            _check_frames(plan, kb, example.name)


def _check_frames(plan: Plan, kb: KnowledgeBase, name: str) -> None:
    from io import StringIO

    from rich.console import Console

    from backrub.cli.screen import session_screen
    from backrub.session.cues import run_steps

    now = [0.0]
    player = Player.for_plan(plan, lambda: now[0])
    player.start()
    for index, step in enumerate(run_steps(plan)):
        status = player.status()
        assert status.index == index
        out = Console(file=StringIO(), width=80, height=24, color_system=None)
        out.print(session_screen(plan, status, kb, (80, 24), confirming=index == 1))
        screen = out.file.getvalue().splitlines()  # type: ignore[attr-defined]
        assert len(screen) <= 24, name
        assert all(len(line) <= 80 for line in screen), name
        heading = "Before you start: " if step.n == 0 else f"Step {step.n} of {len(plan.steps)}: "
        assert screen[0].startswith(heading)
        assert ("Quit the session?" if index == 1 else "q quit") in screen[-1]
        now[0] += step.seconds


def test_a_stopped_verdict_shows_why_and_starts_nothing(journal_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "backrub", "start", "--no-voice", "--intake"]
        + ["examples/emergency_saddle_numbness.json"],
        cwd=REPO_ROOT,
        env=_env(journal_url, "0.001"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "EMERGENCY" in result.stdout
    assert "Pain now" not in result.stdout
    assert _journal(journal_url).sessions == ()


def test_the_next_session_adapts_to_next_day_soreness(journal_url: str) -> None:
    def run() -> str:
        return subprocess.run(
            [sys.executable, *COMMAND],
            cwd=REPO_ROOT,
            env=_env(journal_url, "0.0005"),
            input="5\n\n4\n2\n\n",
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout

    first = run()
    assert "Changed since last time" not in first
    subprocess.run(
        [sys.executable, "-m", "backrub", "soreness", "6"],
        cwd=REPO_ROOT,
        env=_env(journal_url, "1"),
        capture_output=True,
        check=True,
    )
    second = run()
    assert "Changed since last time" in second
    later = _journal(journal_url).sessions[-1]
    codes = [reason["code"] for reason in later.plan["reasons"]]
    assert "adapt_soreness" in codes
    assert all(step["technique"] != "trigger_point" for step in later.plan["steps"])
