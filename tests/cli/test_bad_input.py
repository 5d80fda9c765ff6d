"""Bad intakes through the real CLI, in a subprocess, as the contract says.

Bad input: exit status 2, exactly one line on stderr naming the field, nothing
on stdout, no traceback. A good intake: exit status 0 and the plan as JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support.contract_checker import check_plan
from support.intakes import REPO_ROOT, make_intake, plan_for

TIMEOUT = 60


def run_cli(intake_arg: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backrub", "plan", "--intake", intake_arg, "--json"],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=REPO_ROOT,
    )


def _pain(**entry: Any) -> list[dict[str, Any]]:
    return [{"region": "lower_back_left", "intensity": 5, "weeks": 3, **entry}]


# (intake text, a string the one stderr line must contain)
BAD = [
    pytest.param(make_intake(giver="robot"), "giver", id="unknown-giver"),
    pytest.param(make_intake(pain=_pain(region="neck")), "pain[0].region", id="unknown-region"),
    pytest.param(make_intake(red_flags=["headache"]), "red_flags", id="unknown-red-flag"),
    pytest.param(make_intake(conditions=["flu"]), "conditions", id="unknown-condition"),
    pytest.param(make_intake(tools=["hammer"]), "tools", id="unknown-tool"),
    pytest.param(make_intake(pressure="crushing"), "pressure", id="unknown-pressure"),
    pytest.param(
        make_intake(local_issues=[{"kind": "tattoo", "region": "shoulder_left"}]),
        "local_issues[0].kind",
        id="unknown-local-issue-kind",
    ),
    pytest.param(make_intake(minutes="15"), "minutes", id="minutes-as-text"),
    pytest.param(make_intake(minutes=15.5), "minutes", id="minutes-not-whole"),
    pytest.param(make_intake(minutes=None), "minutes", id="minutes-null"),
    pytest.param(make_intake(pain="lower back"), "pain", id="pain-not-a-list"),
    pytest.param(make_intake(minutes=61), "minutes", id="minutes-61"),
    pytest.param(make_intake(minutes=4), "minutes", id="minutes-4"),
    pytest.param(make_intake(pain=_pain(intensity=11)), "pain[0].intensity", id="intensity-11"),
    pytest.param(make_intake(pain=_pain(intensity=-1)), "pain[0].intensity", id="intensity-neg"),
    pytest.param(make_intake(giver=...), "giver", id="missing-giver"),
    pytest.param(make_intake(minutes=...), "minutes", id="missing-minutes"),
    pytest.param({**make_intake(), "red_flag": ["fever"]}, "red_flag", id="unknown-field"),
    pytest.param([make_intake()], "object", id="not-an-object"),
    pytest.param("{not json", "JSON", id="garbage-text"),
    pytest.param("", "JSON", id="empty-file"),
]


def _text(intake: Any) -> str:
    return intake if isinstance(intake, str) else json.dumps(intake)


def assert_bad_input(result: subprocess.CompletedProcess[str], names: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == "", f"stdout must be empty, got {result.stdout!r}"
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].strip(), f"want one stderr line, got {result.stderr!r}"
    assert names.lower() in lines[0].lower(), f"{names!r} not named in {lines[0]!r}"


@pytest.mark.parametrize(("intake", "names"), BAD)
def test_bad_intake_file(tmp_path: Path, intake: Any, names: str) -> None:
    path = tmp_path / "intake.json"
    path.write_text(_text(intake), encoding="utf-8")
    assert_bad_input(run_cli(str(path)), names)


@pytest.mark.parametrize(("intake", "names"), BAD)
def test_bad_intake_on_stdin(intake: Any, names: str) -> None:
    assert_bad_input(run_cli("-", stdin=_text(intake)), names)


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "no-such-intake.json"
    result = run_cli(str(path))
    assert_bad_input(result, "intake")
    assert "no-such-intake.json" in result.stderr


def test_the_message_says_what_the_field_accepts() -> None:
    result = run_cli("-", stdin=json.dumps(make_intake(giver="robot")))
    assert_bad_input(result, "giver")
    for accepted in ("self", "partner", "device"):
        assert accepted in result.stderr


def test_a_good_intake_file_prints_the_plan(tmp_path: Path) -> None:
    intake = make_intake()
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(intake), encoding="utf-8")
    result = run_cli(str(path))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    plan = json.loads(result.stdout)
    assert plan["schema"] == "backrub.plan/1"
    assert plan == plan_for(intake)
    assert check_plan(intake, plan) == []


@pytest.mark.parametrize(
    "intake",
    [
        pytest.param(make_intake(), id="ordinary"),
        pytest.param(make_intake(red_flags=["chest_pain"]), id="emergency"),
        pytest.param(
            {"giver": "self", "minutes": 5, "pain": [{"region": "spine", "intensity": 7}]},
            id="minimal-self-spine",
        ),
    ],
)
def test_a_good_intake_on_stdin_prints_the_same_bytes_each_time(intake: dict[str, Any]) -> None:
    first = run_cli("-", stdin=json.dumps(intake))
    second = run_cli("-", stdin=json.dumps(intake))
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    plan = json.loads(first.stdout)
    assert plan == plan_for(intake)
    assert check_plan(intake, plan) == []
