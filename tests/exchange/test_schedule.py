"""The weekly schedule: the .ics parses back with the rule, the reminder and the routine."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from backrub.cli.app import app
from backrub.contract.intake import parse_intake
from backrub.contract.plan import Plan
from backrub.exchange.schedule import (
    ScheduleError,
    build_calendar,
    first_day,
    frequency_warning,
    parse_days,
    parse_time,
    parse_weeks,
)
from backrub.planning.planner import make_plan
from support.intakes import make_intake

STAMP = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
WEDNESDAY = datetime.date(2026, 3, 25)
runner = CliRunner()


def plan() -> Plan:
    return make_plan(parse_intake(make_intake()))


def calendar(days: str = "mon,wed,fri", weeks: int = 8, **options: Any) -> Any:
    tz = options.pop("tz", ZoneInfo("Europe/Paris"))
    data = build_calendar(
        parse_days(days), datetime.time(19, 0), weeks, plan(), WEDNESDAY, tz, stamp=STAMP
    )
    return Calendar.from_ical(data)


def test_the_event_repeats_weekly_on_the_days_for_the_weeks() -> None:
    cal = calendar()
    assert str(cal["PRODID"]).startswith("-//backrub")
    (event,) = cal.walk("VEVENT")
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["MO", "WE", "FR"]
    assert rule["COUNT"] == [24]
    assert event.decoded("duration") == datetime.timedelta(seconds=plan().total_seconds)
    assert event["UID"]


def test_dtstart_is_local_time_with_a_tzid_on_the_first_matching_day() -> None:
    cal = calendar(days="tue,thu")
    (event,) = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime.datetime(2026, 3, 26, 19, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_utc_gives_a_utc_start_and_no_timezone_block() -> None:
    cal = calendar(tz=datetime.UTC)
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == datetime.datetime(2026, 3, 25, 19, 0, tzinfo=datetime.UTC)
    assert not cal.walk("VTIMEZONE")


def test_a_reminder_ten_minutes_before() -> None:
    (event,) = calendar().walk("VEVENT")
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("trigger") == -datetime.timedelta(minutes=10)


def test_the_description_lists_the_steps_with_their_times() -> None:
    (event,) = calendar().walk("VEVENT")
    text = str(event["DESCRIPTION"])
    for step in plan().steps:
        minutes, seconds = divmod(step.seconds, 60)
        assert f"{step.n}. {minutes}:{seconds:02d} " in text
    assert "Effleurage" in text


def test_same_inputs_same_bytes_and_a_seeded_uid_survives_changes() -> None:
    def ics(weeks: int, seed: str = "") -> bytes:
        at = datetime.time(7, 30)
        return build_calendar(
            ["mon", "thu"], at, weeks, plan(), WEDNESDAY, datetime.UTC, uid_seed=seed, stamp=STAMP
        )

    def uid(data: bytes) -> str:
        return str(Calendar.from_ical(data).walk("VEVENT")[0]["UID"])

    assert ics(4) == ics(4)
    assert uid(ics(4)) != uid(ics(6))
    assert uid(ics(4, seed="p1")) == uid(ics(6, seed="p1"))


def test_parse_days_normalises() -> None:
    assert parse_days("fri, Mon,wednesday,mon") == ["mon", "wed", "fri"]


@pytest.mark.parametrize("text", ["funday", "", "mon,,xyz", " , "])
def test_parse_days_rejects(text: str) -> None:
    with pytest.raises(ScheduleError):
        parse_days(text)


@pytest.mark.parametrize("text", ["25:00", "19:60", "7pm", "19", "19:5", ""])
def test_parse_time_rejects(text: str) -> None:
    with pytest.raises(ScheduleError):
        parse_time(text)


@pytest.mark.parametrize("text", ["0", "-1", "two", "105"])
def test_parse_weeks_rejects(text: str) -> None:
    with pytest.raises(ScheduleError):
        parse_weeks(text)


def test_frequency_warning_outside_two_to_three() -> None:
    assert frequency_warning(["mon"]) is not None
    assert frequency_warning(["mon", "thu"]) is None
    assert frequency_warning(["mon", "wed", "fri"]) is None
    assert frequency_warning(["mon", "tue", "wed", "thu"]) is not None


def test_first_day_is_on_or_after_start() -> None:
    assert first_day(WEDNESDAY, ["wed"]) == WEDNESDAY
    assert first_day(WEDNESDAY, ["mon"]) == datetime.date(2026, 3, 30)


def test_a_stopped_plan_cannot_be_scheduled() -> None:
    stopped = make_plan(parse_intake(make_intake(red_flags=["fever"])))
    with pytest.raises(ScheduleError, match="see_clinician"):
        build_calendar(["mon"], datetime.time(9), 1, stopped, WEDNESDAY, datetime.UTC)


# --- the command ---------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["schedule", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def intake_file(tmp_path: Path) -> str:
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(make_intake()), encoding="utf-8")
    return str(path)


def test_cli_writes_the_calendar(tmp_path: Path, intake_file: str) -> None:
    out = tmp_path / "massage.ics"
    code, stdout, stderr = run(
        "--intake", intake_file, "--days", "tue,sat", "--at", "07:45", "--weeks", "3",
        "--start", "2026-03-25", "--tz", "America/New_York", "-o", str(out),
    )  # fmt: skip
    assert code == 0, stderr
    assert stderr == ""
    assert str(out) in stdout
    (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert event["RRULE"]["BYDAY"] == ["TU", "SA"]
    assert event["RRULE"]["COUNT"] == [6]
    assert event.decoded("dtstart") == datetime.datetime(
        2026, 3, 28, 7, 45, tzinfo=ZoneInfo("America/New_York")
    )


def test_cli_warns_for_one_day_a_week(tmp_path: Path, intake_file: str) -> None:
    out = tmp_path / "one.ics"
    code, _, stderr = run("--intake", intake_file, "--days", "sun", "-o", str(out))
    assert code == 0
    assert stderr.count("\n") == 1 and "warning" in stderr
    assert out.exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [("--days", "funday"), ("--at", "25:00"), ("--weeks", "0"), ("--tz", "Mars/Olympus")],
)
def test_cli_bad_values_name_the_option(
    tmp_path: Path, intake_file: str, option: str, value: str
) -> None:
    out = tmp_path / "bad.ics"
    code, stdout, stderr = run("--intake", intake_file, option, value, "-o", str(out))
    assert code == 2
    assert stdout == ""
    assert stderr.count("\n") == 1 and stderr.startswith(f"backrub: {option}:")
    assert not out.exists()


def test_cli_uses_the_persons_saved_intake(tmp_path: Path, journal_url: str) -> None:
    from backrub.journal import open_journal
    from backrub.journal.people import create_person

    with open_journal(journal_url) as store, store.transaction() as db:
        create_person(db=db, name="Sam", intake=parse_intake(make_intake()))
        create_person(db=db, name="Ada")
    out = tmp_path / "sam.ics"
    code, _, stderr = run("--person", "Sam", "-o", str(out))
    assert code == 0, stderr
    (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert "Sam" in str(event["SUMMARY"])
    code, _, stderr = run("--person", "Ada", "-o", str(tmp_path / "ada.ics"))
    assert code == 2 and "no saved intake" in stderr and stderr.count("\n") == 1
    code, _, stderr = run("--person", "Nobody", "-o", str(tmp_path / "x.ics"))
    assert code == 2 and stderr.startswith("backrub: --person:")
