"""Charts and reports over any span a journal can hold (issue 12: a 2099 check-in broke them)."""

from __future__ import annotations

import datetime
from pathlib import Path

import msgspec
import pytest
from typer.testing import CliRunner

from backrub.cli.app import app
from backrub.contract.records import CheckinRecord, PersonRecord
from backrub.progress.demo import demo_person
from backrub.progress.summary import summarize
from backrub.report import html_report
from backrub.report.charts import EPOCH, _date_ticks

START = datetime.date(2026, 1, 5)
SPANS = [8, 10, 15, 22, 30, 45, 60, 90, 100, 120, 200, 365, 400, 700, 1000, 1500]
SPANS += [int(365.25 * years) for years in (5, 8, 12, 20, 30, 36, 50, 73, 100, 150, 199, 200)]


def _x(day: datetime.date) -> float:
    return float((day - EPOCH).days)


@pytest.mark.parametrize("first", [datetime.date(1900, 1, 1), START, datetime.date(2099, 1, 1)])
@pytest.mark.parametrize("days", SPANS)
def test_ticks_are_three_to_eight_increasing_and_inside(first: datetime.date, days: int) -> None:
    low, high = _x(first) - 4, _x(first) + days + 4
    positions, labels = _date_ticks(low, high)
    assert 3 <= len(positions) <= 8, (days, labels)
    assert positions == sorted(set(positions))
    assert low <= positions[0] and positions[-1] <= high
    assert len(labels) == len(positions) and all(labels)


def test_year_ticks_step_by_round_numbers() -> None:
    positions, labels = _date_ticks(
        _x(datetime.date(1900, 1, 1)) - 4, _x(datetime.date(2100, 1, 1))
    )
    assert labels == ["1900", "1950", "2000", "2050", "2100"]
    _, labels = _date_ticks(_x(datetime.date(1971, 3, 1)), _x(datetime.date(2026, 12, 5)))
    assert labels == ["1980", "1990", "2000", "2010", "2020"]
    _, labels = _date_ticks(_x(datetime.date(2026, 1, 5)), _x(datetime.date(2026, 1, 9)))
    assert labels == ["5 Jan 2026", "6 Jan", "7 Jan", "8 Jan", "9 Jan"]


def test_ticks_at_the_ends_of_the_calendar() -> None:
    """A journal can hold any date SQL can: the axis still gets ticks, not an error."""
    positions, labels = _date_ticks(_x(datetime.date.min) - 4, _x(datetime.date.max) + 4)
    assert 3 <= len(positions) <= 8
    assert labels[0] != "0"


def far_person(*days: datetime.date) -> PersonRecord:
    """The demo's twelve weeks, and a check-in on each of `days` (as old data may hold)."""
    person = demo_person(seed=7, weeks=12, start=START)
    extra = tuple(
        CheckinRecord(id=f"far-{n}", date=day, peg=(3, 3, 3)) for n, day in enumerate(days)
    )
    return msgspec.structs.replace(person, checkins=person.checkins + extra)


@pytest.mark.parametrize(
    ("days", "tick"),
    [
        ((datetime.date(2099, 1, 1),), "2090"),
        ((datetime.date(1900, 1, 1),), "1900"),
        ((datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)), "2050"),
        ((datetime.date(1, 1, 1), datetime.date(9999, 12, 31)), "4000"),
    ],
)
def test_html_report_draws_far_dated_checkins(days: tuple[datetime.date, ...], tick: str) -> None:
    person = far_person(*days)
    page = html_report(person, summarize(person, today=START + datetime.timedelta(weeks=12)))
    assert page.count("<svg") == 4
    assert f">{tick}<" in page  # a year on the axis that spans them all


runner = CliRunner()


def test_report_html_with_a_2099_checkin_in_the_journal(journal_url: str, tmp_path: Path) -> None:
    """Data written before the dates were checked: added below the validation."""
    from backrub.journal import open_journal
    from backrub.journal.entries import add_checkin
    from backrub.journal.people import find_person

    assert runner.invoke(app, ["demo"]).exit_code == 0
    with open_journal() as store, store.transaction() as db:
        found = find_person(db=db, name="demo")
        assert found is not None
        far = CheckinRecord(id="far", date=datetime.date(2099, 1, 1), peg=(3, 3, 3))
        add_checkin(db=db, person_id=found.id, entry=far)
    target = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--html", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").count("<svg") == 4
    result = runner.invoke(app, ["report"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    assert "Progress for demo" in result.stdout


def test_sessions_two_centuries_apart_draw_as_a_few_steps() -> None:
    """Weeks without a session in between are one run of the outline, not ten thousand."""
    from backrub.report.charts import sessions_chart

    person = demo_person(seed=7, weeks=12, start=START)
    first = person.sessions[0]
    far = [
        msgspec.structs.replace(
            first,
            id=f"far-{year}",
            started=first.started.replace(year=year),
            ended=first.ended.replace(year=year) if first.ended else None,
        )
        for year in (1900, 2099)
    ]
    person = msgspec.structs.replace(person, sessions=(far[0], *person.sessions, far[1]))
    svg = sessions_chart(person, summarize(person, today=START + datetime.timedelta(weeks=12)))
    assert ">1950<" in svg and ">2050<" in svg
    assert len(svg) < 40_000, len(svg)
