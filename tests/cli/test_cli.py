"""The `backrub` CLI in-process: listings, guides, the interactive intake."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from backrub import __version__
from backrub.cli.app import app
from backrub.knowledge import load

runner = CliRunner()


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input, env={"COLUMNS": "100"})
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.strip() == f"backrub {__version__}"


def test_techniques_json_lists_every_technique_with_its_guide() -> None:
    code, out, _ = run("techniques", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [entry["id"] for entry in listed] == list(load().techniques)
    for entry in listed:
        assert entry["how_to"] and entry["mistakes"] and entry["sources"]


def test_techniques_table_names_each_technique() -> None:
    code, out, _ = run("techniques")
    assert code == 0
    for technique_id in load().techniques:
        assert technique_id in out


def test_one_technique_shows_how_mistakes_and_sources() -> None:
    code, out, _ = run("technique", "petrissage")
    assert code == 0
    entry = load().techniques["petrissage"]
    assert "Common mistakes" in out
    assert entry.how_to[0][:30] in " ".join(out.split())
    assert load().sources[entry.sources[0]].title[:20] in " ".join(out.split())


def test_unknown_technique_is_one_line_exit_2() -> None:
    code, out, err = run("technique", "karate_chop")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "karate_chop" in err


def test_sources_json_resolves_every_id() -> None:
    code, out, _ = run("sources", "--json")
    assert code == 0
    assert {entry["id"] for entry in json.loads(out)} == set(load().sources)


# Answers, in order: giver, regions, intensity and weeks for each, red flags,
# conditions, local issues, minutes, pressure, causes, goals, tools.
ANSWERS = ["2", "7,8", "6", "10", "3", "10", "", "", "", "15", "2", "2", "1", "1,3"]


def test_interactive_plan_builds_the_intake_from_the_answers(tmp_path) -> None:
    saved = tmp_path / "me.json"
    code, out, _ = run("plan", "--save-intake", str(saved), input="\n".join(ANSWERS) + "\n")
    assert code == 0, out
    intake = json.loads(saved.read_text())
    assert intake["giver"] == "partner"
    assert intake["pain"] == [
        {"region": "lower_back_left", "intensity": 6, "weeks": 10},
        {"region": "lower_back_right", "intensity": 3, "weeks": 10},
    ]
    assert intake["minutes"] == 15 and intake["pressure"] == "moderate"
    assert intake["red_flags"] == [] and intake["local_issues"] == []
    assert "Your routine: 15:00 in all" in out


def test_interactive_plan_asks_again_after_a_wrong_answer() -> None:
    answers = ["9", *ANSWERS]  # 9 is not a giver
    code, out, _ = run("plan", input="\n".join(answers) + "\n")
    assert code == 0
    assert "Please type a number from 1 to 3." in out


def test_a_red_flag_answer_stops_the_plan() -> None:
    answers = list(ANSWERS)
    answers[6] = "2"  # saddle numbness
    code, out, _ = run("plan", "--json", input="\n".join(answers) + "\n")
    assert code == 0
    plan = json.loads(out)  # the questions went to stderr
    assert plan["verdict"] == "emergency" and plan["steps"] == []


def test_running_out_of_answers_is_one_line_exit_2() -> None:
    code, out, err = run("plan", input="2\n")
    assert code == 2
    assert err.count("\n") == 1 and "--intake" in err
