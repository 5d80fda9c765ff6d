"""The terminal interview asks revision 2's questions: the new ids, and clearance.

A clinician's clearance is offered only for answers that can be cleared (the
contract's `cleared` rule), so the answers scripted here depend on what was
chosen before: each test builds its own list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backrub.contract.ids import CONDITIONS, RED_FLAGS
from support.cli import run

CLEARANCE_QUESTION = "Has one checked and told you massage is fine"


def numbers(chosen: list[str], ids: tuple[str, ...]) -> str:
    return ",".join(str(ids.index(id_) + 1) for id_ in chosen)


def interview(
    flags: list[str], conditions: list[str], cleared: str | None, tmp_path: Path
) -> tuple[Any, dict[str, Any]]:
    """Answer the interview (partner, lower back left 6/10 for 0 weeks); `cleared`
    None means the clearance question must not come."""
    answers = ["2", "7", "6", "0", numbers(flags, RED_FLAGS), numbers(conditions, CONDITIONS)]
    if cleared is not None:
        answers.append(cleared)
    answers += ["", "15", "2", "", "", "1"]  # local issues, minutes, pressure, ..., oil
    saved = tmp_path / "intake.json"
    result = run("plan", "--save-intake", str(saved), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    return result, json.loads(saved.read_text(encoding="utf-8"))


def test_the_new_questions_are_asked_in_plain_words(tmp_path: Path) -> None:
    result, intake = interview([], [], None, tmp_path)
    for words in ("coughing, sneezing or straining", "between your shoulder blades", "during sex"):
        assert words in result.output
    assert "down one leg" in result.output and "reduced feeling in the skin" in result.output
    assert "less than a week ago" in result.output
    assert intake["pain"][0]["weeks"] == 0
    assert intake.get("cleared", []) == []


def test_a_cleared_answer_gives_a_gentle_plan(tmp_path: Path) -> None:
    flags, conditions = ["cancer_history"], ["recent_back_surgery"]
    result, intake = interview(flags, conditions, "1,2", tmp_path)
    assert CLEARANCE_QUESTION in result.output
    assert intake["cleared"] == ["cancer_history", "recent_back_surgery"]
    assert result.output.count("You said a clinician has looked at") == 2
    assert "Your routine:" in result.output


@pytest.mark.parametrize(
    ("flags", "conditions"),
    [
        pytest.param(["fever"], [], id="fever"),
        pytest.param(["saddle_numbness"], [], id="emergency"),
        pytest.param([], ["diabetes", "hypertension"], id="conditions-that-do-not-stop"),
    ],
)
def test_no_clearance_is_offered_for_what_cannot_be_cleared(
    flags: list[str], conditions: list[str], tmp_path: Path
) -> None:
    result, intake = interview(flags, conditions, None, tmp_path)
    assert CLEARANCE_QUESTION not in result.output
    assert intake.get("cleared", []) == []


def test_only_the_clearable_answers_are_offered(tmp_path: Path) -> None:
    result, intake = interview(["fever", "cancer_history"], ["dvt"], "2", tmp_path)
    offered = result.output.split(CLEARANCE_QUESTION, 1)[1].split("Numbers separated", 1)[0]
    assert "fever" not in offered.lower()
    assert "1. Have you ever had cancer?" in offered
    assert "2. a blood clot" in offered
    assert intake["cleared"] == ["dvt"]
