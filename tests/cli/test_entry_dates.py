"""`backrub checkin --date`, `log --date/--at` and `import`: new entries dated from
1900-01-01 to tomorrow, else one line and exit status 2, and nothing kept (issue 12)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from backrub.contract.records import Journal, PersonRecord
from backrub.exchange.journal_json import export_json
from support.cli import add_sam, ok, refused
from support.journal_factories import make_checkin, make_session

FAR = datetime.date(2099, 1, 1)


def refusal(field: str, day: datetime.date) -> str:
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    return (
        f"backrub: {field}: expected a date from 1900-01-01 to {tomorrow} (tomorrow), got {day}\n"
    )


@pytest.fixture
def sam(journal_url: str, tmp_path: Path) -> str:
    return add_sam(tmp_path)


def counts() -> tuple[int, int]:
    data = json.loads(ok("history", "--json"))
    return len(data["sessions"]), len(data["checkins"])


@pytest.mark.parametrize("day", [FAR, datetime.date(1899, 12, 31)])
def test_checkin_refuses_a_far_date(sam: str, day: datetime.date) -> None:
    assert refused("checkin", "--peg", "3,3,3", "--date", day.isoformat()) == refusal("--date", day)
    assert counts() == (0, 0)


def test_checkin_keeps_the_furthest_legal_dates_and_report_draws(sam: str, tmp_path: Path) -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    for day in ("1900-01-01", tomorrow.isoformat()):
        assert f"on {day}:" in ok("checkin", "--peg", "3,3,3", "--date", day)
    ok("log", "--pain-before", "lower_back_left=6", "--pain-after", "lower_back_left=4")
    assert counts() == (1, 2)
    target = tmp_path / "report.html"
    ok("report", "--html", str(target))
    assert target.read_text(encoding="utf-8").count("<svg") == 4
    assert "Progress for Sam" in ok("report")


@pytest.mark.parametrize(
    ("option", "value"), [("--date", "2099-01-01"), ("--at", "2099-01-01T19:00+00:00")]
)
def test_log_refuses_a_far_date(sam: str, option: str, value: str) -> None:
    assert refused("log", option, value, "--pain-before", "lower_back_left=6") == refusal(
        option, FAR
    )
    assert counts() == (0, 0)


def test_log_keeps_a_session_in_1950(sam: str) -> None:
    ok("log", "--date", "1950-06-01", "--pain-before", "lower_back_left=6")
    assert counts() == (1, 0)


def test_import_refuses_a_far_entry_whole(journal_url: str, tmp_path: Path) -> None:
    far_session = make_session(started=datetime.datetime(2099, 1, 1, 19, 0, tzinfo=datetime.UTC))
    person = PersonRecord(
        id="p", name="Sam", sessions=(make_session(), far_session), checkins=(make_checkin(),)
    )
    document = tmp_path / "journal.json"
    document.write_text(export_json(Journal(people=(person,))), encoding="utf-8")
    assert refused("import", str(document)) == refusal("people[0].sessions[1].started", FAR)
    assert ok("profile", "list").startswith("Nobody yet")


def test_import_takes_history_from_1900(journal_url: str, tmp_path: Path) -> None:
    old = make_checkin(date=datetime.date(1900, 1, 1))
    document = tmp_path / "journal.json"
    person = PersonRecord(id="p", name="Sam", checkins=(old,))
    document.write_text(export_json(Journal(people=(person,))), encoding="utf-8")
    assert ok("import", str(document)) == "Added 1 person, 0 sessions and 1 check-in.\n"
