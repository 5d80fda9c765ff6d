"""`backrub history` with ids, newest first; `checkin --edit/--delete ID` and
`log --edit/--delete ID`, with their questions and confirmations (issue 12).

CliRunner's stdin is no terminal; the `terminal` fixture says there is one."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from backrub.contract.records import Journal, PersonRecord
from backrub.exchange.journal_json import export_json
from support.cli import ok, refused, run
from support.journal_factories import make_checkin, make_session

UTC = datetime.UTC


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("backrub.cli.options.interactive", lambda: True)


@pytest.fixture
def sam(journal_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sam with two sessions and two check-ins, imported with known ids."""
    monkeypatch.setenv("COLUMNS", "100")
    journal = Journal(
        people=(
            PersonRecord(
                id="p1",
                name="Sam",
                sessions=(
                    make_session(id="a41e0001", note="calmer"),
                    make_session(
                        id="b52f0002",
                        started=datetime.datetime(2026, 1, 9, 18, 30, tzinfo=UTC),
                        soreness_next_day=2,
                    ),
                ),
                checkins=(
                    make_checkin(id="c9000001", date=datetime.date(2026, 3, 3), rmdq=7),
                    make_checkin(id="c9000002", date=datetime.date(2026, 3, 10), peg=(2, 2, 2)),
                ),
            ),
        )
    )
    document = tmp_path / "journal.json"
    document.write_text(export_json(journal), encoding="utf-8")
    ok("import", str(document))
    ok("profile", "switch", "Sam")


def stored() -> dict[str, Any]:
    data = json.loads(ok("history", "--json"))
    assert isinstance(data, dict)
    return data


def checkin(checkin_id: str) -> dict[str, Any]:
    (found,) = [c for c in stored()["checkins"] if c["id"] == checkin_id]
    return found


def session(session_id: str) -> dict[str, Any]:
    (found,) = [s for s in stored()["sessions"] if s["id"] == session_id]
    return found


# history


def test_history_lists_ids_newest_first(sam: None) -> None:
    lines = [line.rstrip() for line in ok("history").splitlines()]
    assert lines == [
        "Sam: 2 sessions",
        "",
        "  id         started            status      pain before→after     sore   note",
        " " + "─" * 79,
        "  b52f0002   2026-01-09 18:30   completed   lower_back_left 6→4   2",
        "  a41e0001   2026-01-05 19:00   completed   lower_back_left 6→4   -      calmer",
        "",
        "Sam: 2 check-ins",
        "",
        "  id         date         PEG   sleep   stress   RMDQ",
        " " + "─" * 53,
        "  c9000002   2026-03-10   2.0   6       3        -",
        "  c9000001   2026-03-03   5.3   6       3        7",
        "",
    ]


def test_history_limit_shows_the_newest(sam: None) -> None:
    text = ok("history", "--limit", "1")
    assert "Sam: 2 sessions, the newest 1" in text and "Sam: 2 check-ins, the newest 1" in text
    assert "b52f0002" in text and "a41e0001" not in text
    assert "c9000002" in text and "c9000001" not in text
    assert refused("history", "--limit", "0") == (
        "backrub: --limit: expected an integer from 1 to 100000, got 0\n"
    )


# checkin --edit / --delete


def test_checkin_edit_with_options(sam: None) -> None:
    said = ok(
        "checkin", "--edit", "c9000001", "--peg", "1,2,3", "--sleep", "-", "--date", "2026-03-04"
    )
    assert said.startswith("Check-in of 4 March 2026 changed: ")
    assert checkin("c9000001") == {
        "id": "c9000001",
        "date": "2026-03-04",
        "peg": [1, 2, 3],
        "sleep": None,
        "stress": 3,
        "rmdq": 7,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--date", "2099-01-01"],
            "--date: expected a date from 1900-01-01 to {tomorrow} (tomorrow), got 2099-01-01",
        ),
        (
            ["--date", "1899-12-31"],
            "--date: expected a date from 1900-01-01 to {tomorrow} (tomorrow), got 1899-12-31",
        ),
        (["--peg", "1,2"], "--peg: expected three numbers from 0 to 10 like 6,5,5; got '1,2'"),
        (["--stress", "9"], "--stress: expected an integer from 1 to 5, got 9"),
    ],
)
def test_a_refused_checkin_edit_changes_nothing(sam: None, args: list[str], message: str) -> None:
    before = stored()
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    error = refused("checkin", "--edit", "c9000001", *args)
    assert error == f"backrub: {message.format(tomorrow=tomorrow)}\n"
    assert stored() == before


def test_checkin_edit_asks_with_the_stored_answers_as_defaults(sam: None, terminal: None) -> None:
    # peg kept (Enter), sleep changed, stress cleared, RMDQ kept, date kept
    result = run("checkin", "--edit", "c9000001", input="\n4\n-\n\n\n")
    assert result.exit_code == 0, result.output
    assert "(0-10 each, like 6,5,5) [6,5,5]:" in result.stdout
    assert "Sleep quality this week, 0-10 (- for none) [6]:" in result.stdout
    assert "Date of this check-in [2026-03-03]:" in result.stdout
    assert checkin("c9000001") == {
        "id": "c9000001",
        "date": "2026-03-03",
        "peg": [6, 5, 5],
        "sleep": 4,
        "stress": None,
        "rmdq": 7,
    }


def test_checkin_edit_asks_again_until_an_answer_will_do(sam: None, terminal: None) -> None:
    result = run(
        "checkin", "--edit", "c9000001", input="6,5\n\n11\n4\n\n\n2099-01-01\n2026-03-05\n"
    )
    assert result.exit_code == 0, result.output
    assert "Please type three numbers from 0 to 10, like 6,5,5." in result.stdout
    assert "Please type a whole number from 0 to 10, or - for none." in result.stdout
    assert "Please type a date from 1900-01-01 to tomorrow" in result.stdout
    assert checkin("c9000001")["sleep"] == 4 and checkin("c9000001")["date"] == "2026-03-05"


def test_checkin_delete_asks_first(sam: None, terminal: None) -> None:
    kept = run("checkin", "--delete", "c9000001", input="n\n")
    assert kept.exit_code == 0
    assert "Delete the check-in of 3 March 2026? [y/N]" in kept.stdout
    assert kept.stdout.rstrip().endswith("Kept.")
    assert [c["id"] for c in stored()["checkins"]] == ["c9000001", "c9000002"]
    gone = run("checkin", "--delete", "c9000001", input="y\n")
    assert gone.exit_code == 0
    assert "Deleted the check-in of 3 March 2026." in gone.stdout
    assert [c["id"] for c in stored()["checkins"]] == ["c9000002"]


def test_checkin_delete_without_a_terminal_needs_yes(sam: None) -> None:
    assert refused("checkin", "--delete", "c9000001") == (
        "backrub: --delete: there is no terminal to ask on; add --yes to delete without asking\n"
    )
    assert len(stored()["checkins"]) == 2
    assert (
        ok("checkin", "--delete", "c9000001", "--yes") == "Deleted the check-in of 3 March 2026.\n"
    )
    assert [c["id"] for c in stored()["checkins"]] == ["c9000002"]


def test_ids_must_name_one_record(sam: None) -> None:
    assert refused("checkin", "--delete", "c9", "--yes") == (
        "backrub: --delete: several check-ins with an id starting 'c9'; see: backrub history\n"
    )
    assert refused("checkin", "--edit", "zz", "--peg", "1,1,1") == (
        "backrub: --edit: no check-in with an id starting 'zz'; see: backrub history\n"
    )
    assert refused("checkin", "--edit", "c9000001", "--delete", "c9000001") == (
        "backrub: --edit: give --edit or --delete, not both\n"
    )
    assert refused("log", "--delete", "c9000001", "--yes").startswith(
        "backrub: --delete: no session with an id starting"
    )
    assert len(stored()["checkins"]) == 2 and len(stored()["sessions"]) == 2


# log --edit / --delete


def test_log_edit_with_options(sam: None) -> None:
    said = ok(
        "log",
        "--edit",
        "a41e",
        "--pain-after",
        "lower_back_left=2",
        "--soreness",
        "1",
        "--note",
        "-",
    )
    assert said.startswith("Session of 2026-01-05 19:00 changed.")
    found = session("a41e0001")
    assert (found["pain_before"], found["pain_after"]) == (
        {"lower_back_left": 6},
        {"lower_back_left": 2},
    )
    assert (found["soreness_next_day"], found["note"]) == (1, "")


def test_log_edit_refuses_what_cannot_change(sam: None) -> None:
    before = stored()
    assert refused("log", "--edit", "a41e", "--soreness", "11") == (
        "backrub: --soreness: expected an integer from 0 to 10, got 11\n"
    )
    assert refused("log", "--edit", "a41e", "--at", "2026-01-01T10:00").startswith(
        "backrub: --edit: only the ratings and note change"
    )
    assert refused("log", "--soreness", "2") == ("backrub: --soreness: only with --edit ID\n")
    assert refused("log", "--edit", "a41e", "--note", "calm \u202egnp.exe") == (
        "backrub: --note: must not contain control or direction-changing characters "
        "(found U+202E)\n"
    )
    assert stored() == before


def test_log_edit_asks_with_the_stored_answers_as_defaults(sam: None, terminal: None) -> None:
    # before: 6 kept; after: cleared; soreness 3; note kept
    result = run("log", "--edit", "a41e0001", input="\n-\nlots\n3\n\n")
    assert result.exit_code == 0, result.output
    assert "Please type a whole number from 0 to 10, or - for not noted." in result.stdout
    assert "Pain in lower back left before, 0-10 (- for not rated) [6]:" in result.stdout
    assert "Note (- for none) [calmer]:" in result.stdout
    found = session("a41e0001")
    assert (found["pain_before"], found["pain_after"]) == ({"lower_back_left": 6}, {})
    assert (found["soreness_next_day"], found["note"]) == (3, "calmer")


def test_log_delete_asks_first(sam: None, terminal: None) -> None:
    result = run("log", "--delete", "b52f", input="y\n")
    assert result.exit_code == 0
    assert "Delete the session of 9 January 2026, 18:30? [y/N]" in result.stdout
    assert [s["id"] for s in stored()["sessions"]] == ["a41e0001"]
