"""`backrub plan` keeps the answers when asked to (`--save`, or "yes" at a terminal) and says
how when it does not; `backrub start` then uses them, and says from when."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from backrub.cli.plan import HOW_TO_SAVE
from backrub.cli.session import using_saved_answers
from backrub.contract.intake import parse_intake
from support.cli import ok, run
from support.intakes import REPO_ROOT, make_intake

# Answers, in order: giver, regions, intensity and weeks for each, red flags,
# conditions, local issues, minutes, pressure, causes, goals, tools.
ANSWERS = ["2", "7,8", "6", "10", "3", "10", "", "", "", "15", "2", "2", "1", "1,3"]
SAVED = "Saved these answers for {name}; backrub start will use them"


def _env(journal_url: str) -> dict[str, str]:
    env = dict(os.environ, BACKRUB_DATABASE_URL=journal_url, BACKRUB_TIME_SCALE="0.001")
    env.update(TERM="xterm")
    return env


def _intake_file(tmp_path: Path) -> Path:
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(make_intake()), encoding="utf-8")
    return path


def _saved_intake(name: str | None = None) -> object:
    args = ["profile", "show", "--json", *(["--person", name] if name else [])]
    return json.loads(ok(*args))["intake"]


def test_save_keeps_a_files_answers_for_the_current_person(
    journal_url: str, tmp_path: Path
) -> None:
    result = run("plan", "--intake", str(_intake_file(tmp_path)), "--save")
    assert result.exit_code == 0, result.output
    assert "Your routine" in result.stdout
    assert result.stderr.startswith(SAVED.format(name="me"))
    assert _saved_intake() == parse_intake(make_intake()).to_dict()


def test_save_with_json_leaves_stdout_to_the_plan(journal_url: str, tmp_path: Path) -> None:
    ok("profile", "create", "Kim")
    ok("profile", "create", "Lee")
    args = ["plan", "--intake", str(_intake_file(tmp_path)), "--json", "--save", "--person", "Lee"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["schema"] == "backrub.plan/1"
    assert result.stderr.startswith(SAVED.format(name="Lee"))
    assert _saved_intake("Lee") == parse_intake(make_intake()).to_dict()
    assert _saved_intake("Kim") is None


def test_answers_without_a_terminal_are_not_kept_and_it_says_how(journal_url: str) -> None:
    result = run("plan", input="\n".join(ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    assert result.stderr == HOW_TO_SAVE
    assert HOW_TO_SAVE.count("\n") == 1 and "--save" in HOW_TO_SAVE
    assert json.loads(ok("profile", "list", "--json")) == []  # nobody made, nothing kept


def test_answers_with_save_are_kept(journal_url: str) -> None:
    result = run("plan", "--json", "--save", input="\n".join(ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["schema"] == "backrub.plan/1"
    intake = _saved_intake()
    assert isinstance(intake, dict) and intake["giver"] == "partner"


def _plan_at_a_terminal(journal_url: str, answer: str) -> str:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "backrub", "plan"],
        cwd=str(REPO_ROOT),
        env=_env(journal_url),
        dimensions=(40, 100),
        encoding="utf-8",
        timeout=60,
    )
    for line in ANSWERS:
        child.expect(r": $|\] $")
        child.sendline(line)
    child.expect(r"Save these answers for next time\? \[Y/n\] ")
    child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


def test_at_a_terminal_it_asks_and_start_uses_the_answers(journal_url: str) -> None:
    said = _plan_at_a_terminal(journal_url, "")  # Enter: yes
    assert SAVED.format(name="me") in said
    started = subprocess.run(
        [sys.executable, "-m", "backrub", "start", "--no-voice"],
        cwd=REPO_ROOT,
        env=_env(journal_url),
        input="",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    today = datetime.date.today()
    expected = f"Using your saved answers from {today.day} {today:%B} ("
    assert expected in started.stdout
    assert "change them with `backrub plan --save`" in started.stdout
    assert "Who gives the massage?" not in started.stdout  # no question asked again
    history = json.loads(ok("history", "--json"))
    assert len(history["sessions"]) == 1


def test_at_a_terminal_no_keeps_nothing(journal_url: str) -> None:
    said = _plan_at_a_terminal(journal_url, "n")
    assert "Not saved." in said
    assert json.loads(ok("profile", "list", "--json")) == []


@pytest.mark.parametrize(
    ("saved", "words"),
    [
        (None, "Using your saved answers (change them with `backrub plan --save`)."),
        (
            datetime.datetime(2020, 3, 3, 12),
            "Using your saved answers from 3 March 2020 (change them with `backrub plan --save`).",
        ),
    ],
)
def test_the_words_for_saved_answers(saved: datetime.datetime | None, words: str) -> None:
    assert using_saved_answers(saved) == words


PROBE = """
import sys
sys.argv = ["backrub", "plan", "--intake", {path!r}{extra}]
from backrub.cli.main import main
try:
    main()
finally:  # Typer's app ends with SystemExit
    sys.stderr.write("sqlalchemy" if "sqlalchemy" in sys.modules else "none")
"""


@pytest.mark.parametrize(("extra", "imported"), [("", "none"), (', "--save"', "sqlalchemy")])
def test_only_save_brings_the_journal_in(
    journal_url: str, tmp_path: Path, extra: str, imported: str
) -> None:
    probe = PROBE.format(path=str(_intake_file(tmp_path)), extra=extra)
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env=_env(journal_url),
        cwd=REPO_ROOT,
    )
    assert done.stderr.endswith(imported)


def test_answers_written_to_a_file_need_no_hint(journal_url: str, tmp_path: Path) -> None:
    saved = tmp_path / "mine.json"
    result = run("plan", "--save-intake", str(saved), input="\n".join(ANSWERS) + "\n")
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and json.loads(saved.read_text())["giver"] == "partner"
