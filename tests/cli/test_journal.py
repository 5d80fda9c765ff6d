"""`backrub log`, `soreness`, `checkin`, `history` and `profile`, in-process.

Each test has its own fresh journal, SQLite or PostgreSQL (BACKRUB_DATABASE_URL,
from the `journal_url` fixture). CliRunner's stdin is no terminal, so commands act as in
a pipe; the interactive tests say there is a terminal by patching `interactive`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from backrub.contract.records import Journal, PersonRecord
from backrub.exchange.journal_json import export_json
from support.cli import add_sam, ok, refused, run
from support.intakes import REPO_ROOT, make_intake, plan_for
from support.journal_factories import make_checkin, make_session


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("backrub.cli.options.interactive", lambda: True)


@pytest.fixture
def sam(journal_url: str, tmp_path: Path) -> str:
    """A journal with Sam, current, and his saved intake."""
    return add_sam(tmp_path)


def history() -> dict[str, Any]:
    data = json.loads(ok("history", "--json"))
    assert isinstance(data, dict)
    return data


# profile


def test_profiles(journal_url: str) -> None:
    assert ok("profile", "list") == "Nobody yet. Add someone with: backrub profile create NAME\n"
    assert ok("profile", "create", "Sam") == "Created Sam (current).\n"
    assert ok("profile", "create", "Zoë") == "Created Zoë.\n"
    assert (
        ok("profile", "list")
        == "* Sam: 0 sessions and 0 check-ins\n  Zoë: 0 sessions and 0 check-ins\n"
    )
    assert ok("profile", "switch", "Zoë") == "Zoë is now current.\n"
    listed = json.loads(ok("profile", "list", "--json"))
    assert [(p["name"], p["current"]) for p in listed] == [("Sam", False), ("Zoë", True)]
    shown = json.loads(ok("profile", "show", "--json"))
    assert shown["name"] == "Zoë" and shown["intake"] is None and shown["last_session"] is None
    assert ok("profile", "delete", "Zoë", "--yes") == "Deleted Zoë.\n"
    assert ok("profile", "list") == "  Sam: 0 sessions and 0 check-ins\n"


def test_profile_errors(journal_url: str) -> None:
    ok("profile", "create", "Sam")
    assert "already a person named 'Sam'" in refused("profile", "create", "Sam")
    assert (
        refused("profile", "switch", "Kim") == "backrub: NAME: no person named 'Kim'; known: Sam\n"
    )
    assert refused("profile", "delete", "Sam").startswith("backrub: --yes: required")
    assert refused("profile", "show", "--person", "Kim").startswith("backrub: --person: no person")


def test_profile_delete_asks_first(journal_url: str, terminal: None) -> None:
    ok("profile", "create", "Sam")
    assert ok("profile", "delete", "Sam", input="n\n").endswith("Nothing deleted.\n")
    assert ok("profile", "delete", "Sam", input="y\n").endswith("Deleted Sam.\n")
    assert json.loads(ok("profile", "list", "--json")) == []


def test_profile_show_text(sam: str) -> None:
    lines = ok("profile", "show").splitlines()
    assert lines[0].startswith("Sam (current), id ")
    assert lines[1:] == [
        "Intake: partner, 15 min, moderate pressure",
        "Pain: lower_back_left 6, shoulder_right 3",
        "Journal: 0 sessions and 0 check-ins; last session: none",
    ]


# log


def test_log_with_options(sam: str) -> None:
    out = ok(
        "log",
        "--pain-before", "lower_back_left=6",
        "--pain-before", "shoulder_right=3",
        "--pain-after", "lower_back_left=4",
        "--at", "2026-01-05T19:00:00+01:00",
        "--note", "calmer",
    )  # fmt: skip
    assert out.startswith("Logged Sam's session of 2026-01-05 19:00: completed, ")
    (session,) = history()["sessions"]
    assert session["started"] == "2026-01-05T19:00:00+01:00"
    assert session["plan"] == plan_for(make_intake())
    assert session["steps_done"] == [step["n"] for step in session["plan"]["steps"]]
    assert session["pain_before"] == {"lower_back_left": 6, "shoulder_right": 3}
    assert session["pain_after"] == {"lower_back_left": 4}
    assert session["note"] == "calmer" and session["giver"] == "partner"
    seconds = session["plan"]["total_seconds"]
    started = session["started"]
    assert session["ended"] > started and abs(seconds - 900) <= 30


def test_log_defaults_and_minutes(sam: str) -> None:
    ok("log", "--minutes", "10", "--status", "aborted", "--steps", "2", "--date", "2026-01-06")
    (session,) = history()["sessions"]
    assert session["plan"] == plan_for(make_intake(minutes=10))
    assert session["status"] == "aborted" and session["steps_done"] == [1, 2]
    assert session["started"].startswith("2026-01-06T12:00:00")
    assert session["pain_before"] == {} and session["note"] == ""


def test_log_with_a_plan_file(journal_url: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(plan_for(make_intake(minutes=20))), encoding="utf-8")
    ok("log", "--plan", str(plan))
    (session,) = history()["sessions"]
    assert session["plan"] == plan_for(make_intake(minutes=20))
    assert session["giver"] == "self"  # nobody said otherwise


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pain-before", "neck=5"], "backrub: --pain-before: unknown region 'neck'"),
        (["--pain-after", "lower_back_left=11"], "backrub: --pain-after: expected REGION=N"),
        (["--status", "paused"], "backrub: --status: expected one of completed, aborted"),
        (["--minutes", "90"], "backrub: --minutes: expected an integer from 5 to 60"),
        (["--at", "yesterday"], "backrub: --at: expected a date or time"),
        (["--steps", "99"], "backrub: --steps: expected an integer from 0 to"),
        (["--person", "Kim"], "backrub: --person: no person named 'Kim'"),
    ],
)
def test_log_bad_options(sam: str, args: list[str], message: str) -> None:
    assert refused("log", *args).startswith(message)
    assert history()["sessions"] == []


def test_log_without_an_intake_or_a_terminal(journal_url: str) -> None:
    assert refused("log") == (
        "backrub: --plan: me has no saved intake to plan from; pass --plan FILE\n"
    )


def test_log_asks_on_a_terminal(sam: str, terminal: None) -> None:
    ok("log", input="6\n\n4\nstiff neck\n")
    (session,) = history()["sessions"]
    assert session["pain_before"] == {"lower_back_left": 6}  # shoulder_right skipped
    assert session["pain_after"] == {"lower_back_left": 4}
    assert session["note"] == "stiff neck"


# soreness


def test_soreness_goes_to_the_last_session(sam: str) -> None:
    ok("log", "--at", "2026-01-05T19:00:00+01:00")
    ok("log", "--at", "2026-01-07T19:00:00+01:00")
    out = ok("soreness", "3")
    assert out == "Soreness 3/10 kept with Sam's session of 2026-01-07 19:00.\n"
    first, second = history()["sessions"]
    assert (first["soreness_next_day"], second["soreness_next_day"]) == (None, 3)
    ok("soreness", "1", "--session", first["id"][:6])
    assert history()["sessions"][0]["soreness_next_day"] == 1


def test_soreness_errors(sam: str) -> None:
    assert refused("soreness", "2").startswith("backrub: --session: there is no session")
    ok("log")
    assert refused("soreness", "11") == "backrub: VALUE: expected an integer from 0 to 10, got 11\n"
    assert refused("soreness").startswith("backrub: VALUE: required when there is no terminal")
    assert refused("soreness", "2", "--session", "zzz").startswith(
        "backrub: --session: no session with an id starting 'zzz'"
    )


def test_soreness_asks_on_a_terminal(sam: str, terminal: None) -> None:
    ok(
        "log",
        "--pain-before",
        "lower_back_left=5",
        "--pain-after",
        "lower_back_left=3",
        "--note",
        "",
    )
    assert "Please type a whole number from 0 to 10." in ok("soreness", input="12\n4\n")
    assert history()["sessions"][0]["soreness_next_day"] == 4


# checkin


def test_checkin_with_options(sam: str) -> None:
    out = ok("checkin", "--peg", "6,5,4", "--sleep", "6", "--stress", "3", "--rmdq", "7",
             "--date", "2026-01-07")  # fmt: skip
    assert out == (
        "Check-in kept for Sam on 2026-01-07: PEG 5.0 (pain 6, enjoyment 5, activity 4), "
        "sleep 6/10, stress 3/5, Roland-Morris 7/24.\n"
    )
    (checkin,) = history()["checkins"]
    assert checkin == {
        "id": checkin["id"], "date": "2026-01-07", "peg": [6, 5, 4], "sleep": 6, "stress": 3,
        "rmdq": 7,
    }  # fmt: skip


def test_checkin_errors(sam: str) -> None:
    assert refused("checkin").startswith("backrub: --peg: required when there is no terminal")
    assert refused("checkin", "--peg", "6,5").startswith("backrub: --peg: expected three numbers")
    assert refused("checkin", "--peg", "1,2,3", "--stress", "0").startswith(
        "backrub: --stress: expected an integer from 1 to 5"
    )
    assert refused("checkin", "--peg", "1,2,3", "--date", "soon").startswith("backrub: --date:")
    assert history()["checkins"] == []


def test_checkin_asks_on_a_terminal_with_the_roland_morris(sam: str, terminal: None) -> None:
    answers = ["y"] * 7 + ["n"] * 17
    typed = "\n".join(["6", "5", "5", "7", "2", "y", *answers]) + "\n"
    out = ok("checkin", "--date", "2026-01-07", input=typed)
    assert "24. I stay in bed most of the day." in out
    (checkin,) = history()["checkins"]
    assert (checkin["peg"], checkin["sleep"], checkin["stress"], checkin["rmdq"]) == (
        [6, 5, 5],
        7,
        2,
        7,
    )


def test_the_roland_morris_has_24_items() -> None:
    from backrub.progress.checkin import RMDQ_ITEMS

    assert len(RMDQ_ITEMS) == 24 == len(set(RMDQ_ITEMS))


# history


def test_history_text(journal_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    journal = Journal(
        people=(
            PersonRecord(
                id="p1",
                name="Sam",
                sessions=(
                    make_session(id="a41e0001", soreness_next_day=2, note="calmer"),
                    make_session(id="b52f0002", status="aborted", pain_after={}),
                ),
                checkins=(make_checkin(id="c9", rmdq=7),),
            ),
        )
    )
    document = tmp_path / "journal.json"
    document.write_text(export_json(journal), encoding="utf-8")
    ok("import", str(document))
    lines = [line.rstrip() for line in ok("history").splitlines()]
    assert lines == [
        "Sam: 2 sessions",
        "",
        "  id         started            status      pain before→after     sore   note",
        " " + "─" * 79,
        "  b52f0002   2026-01-05 19:00   aborted     lower_back_left 6→?   -",
        "  a41e0001   2026-01-05 19:00   completed   lower_back_left 6→4   2      calmer",
        "",
        "Sam: 1 check-in",
        "",
        "  id   date         PEG   sleep   stress   RMDQ",
        " " + "─" * 47,
        "  c9   2026-01-07   5.3   6       3        7",
        "",
    ]


def test_history_of_an_empty_journal(journal_url: str) -> None:
    assert ok("history") == "Nothing recorded yet. Record a session with: backrub log\n"
    assert ok("history", "--json") == "null\n"
    assert json.loads(ok("profile", "list", "--json")) == []  # nobody was created


def test_history_json_is_the_exchange_shape(sam: str) -> None:
    ok("log")
    ok("checkin", "--peg", "1,2,3")
    data = history()
    assert list(data) == ["id", "name", "intake", "sessions", "checkins"]
    assert len(data["sessions"]) == len(data["checkins"]) == 1


# bad input and a journal we cannot read


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["soreness", "abc"], "VALUE: expected an integer from 0 to 10, got abc"),
        (["log", "--minutes", "ten"], "--minutes: expected an integer from 5 to 60, got ten"),
        (["log", "--steps", "all"], "--steps: expected an integer, got all"),
        (["checkin", "--peg", "1,2,3", "--sleep", "6.5"], "--sleep: expected an integer from 0"),
        (["checkin", "--peg", "1,2,3", "--stress", "x"], "--stress: expected an integer from 1"),
        (["checkin", "--peg", "1,2,3", "--rmdq", "?"], "--rmdq: expected an integer from 0 to 24"),
    ],
)
def test_a_non_number_is_one_line(sam: str, args: list[str], message: str) -> None:
    assert refused(*args).startswith(f"backrub: {message}")
    assert history()["sessions"] == [] and history()["checkins"] == []


def test_a_journal_from_a_newer_backrub_is_one_line(sam: str, journal_url: str) -> None:
    from sqlalchemy import create_engine

    from backrub.journal.store import describe_url

    engine = create_engine(journal_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    finally:
        engine.dispose()
    for args in (["history"], ["soreness", "2"], ["profile", "list"]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert result.stderr == (
            f"backrub: the journal at {describe_url(journal_url)} was written by a newer backrub "
            "(revision ffffffffffff); upgrade backrub\n"
        )
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_plan_json_does_not_import_the_journal() -> None:
    code = (
        "import sys; from backrub.cli.app import app; "
        "assert 'sqlalchemy' not in sys.modules and 'backrub.journal.store' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT, timeout=60)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 2000 + "]" * 2000, "backrub: --plan: expected JSON nested at most 32 levels deep"),
        ("{", "backrub: --plan: not valid JSON at line 1 column 2"),
    ],
    ids=["nested-2000-deep", "truncated"],
)
def test_log_refuses_a_plan_file_it_cannot_read(
    sam: str, tmp_path: Path, text: str, message: str
) -> None:
    """Issue 14: a plan file nested 2,000 deep ended in a RecursionError's traceback."""
    plan = tmp_path / "plan.json"
    plan.write_text(text, encoding="utf-8")
    assert refused("log", "--plan", str(plan)).startswith(message)
    assert history()["sessions"] == []
