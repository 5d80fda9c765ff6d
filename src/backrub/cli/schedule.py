"""`backrub schedule`: the routine as a weekly calendar file (.ics)."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from backrub.cli.support import fail, journal_transaction, plural, read_input

if TYPE_CHECKING:
    from backrub.contract.plan import Plan


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command()(schedule)


def schedule(
    days: Annotated[
        str, typer.Option("--days", metavar="DAYS", help="Weekdays, e.g. mon,wed,fri.")
    ] = "mon,wed,fri",
    at: Annotated[str, typer.Option("--at", metavar="HH:MM", help="Start time, 24-hour.")] = (
        "19:00"
    ),
    weeks: Annotated[str, typer.Option("--weeks", metavar="N", help="How many weeks.")] = "8",
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar="FILE", help="Where to write the .ics.")
    ] = Path("backrub.ics"),
    person: Annotated[
        str | None, typer.Option("--person", metavar="NAME", help="Whose saved intake to use.")
    ] = None,
    intake_file: Annotated[
        str | None,
        typer.Option("--intake", metavar="FILE", help="An intake JSON file, or - for stdin."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", metavar="DATE", help="First day, YYYY-MM-DD.")
    ] = None,
    tz_name: Annotated[
        str | None,
        typer.Option("--tz", metavar="ZONE", help="IANA time zone; default: this computer's."),
    ] = None,
) -> None:
    """Write a weekly calendar (.ics) with the routine and a reminder 10 minutes before.

    The plan comes from --intake, else from the person's saved intake.

    Example: backrub schedule --days mon,wed,fri --at 19:00 --weeks 8 -o backrub.ics
    """
    from backrub.exchange.schedule import (
        ScheduleError,
        build_calendar,
        frequency_warning,
        parse_days,
        parse_time,
        parse_weeks,
    )

    option = "--days"
    try:
        day_list = parse_days(days)
        option = "--at"
        time_of_day = parse_time(at)
        option = "--weeks"
        week_count = parse_weeks(weeks)
    except ScheduleError as error:
        fail(f"{option}: {error}")
    tz = _zone(tz_name)
    first = _start_date(start, tz)
    plan, seed, who = _plan(person, intake_file)
    title = f"Back massage for {who}" if who else "Back massage"
    warning = frequency_warning(day_list)
    if warning:
        sys.stderr.write(f"backrub: warning: {warning}\n")
    try:
        data = build_calendar(
            day_list, time_of_day, week_count, plan, first, tz, uid_seed=seed, title=title
        )
    except ScheduleError as error:
        fail(f"--intake: {error}")
    try:
        output.write_bytes(data)
    except OSError as error:
        fail(f"--output: cannot write {output}: {error.strerror}")
    sessions = week_count * len(day_list)
    sys.stdout.write(
        f"Wrote {plural(sessions, 'session')} ({', '.join(day_list)} at {at.strip()}, {tz}) "
        f"to {output}\n"
    )


def _zone(name: str | None) -> datetime.tzinfo:
    """The named zone, else this computer's (TZ, then /etc/localtime), else UTC."""
    from backrub.exchange.schedule import ScheduleError, local_zone, parse_zone

    if name is None:
        return local_zone()
    try:
        return parse_zone(name)
    except ScheduleError as error:
        fail(f"--tz: {error}")


def _start_date(text: str | None, tz: datetime.tzinfo) -> datetime.date:
    if text is None:
        return datetime.datetime.now(tz).date()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        fail(f"--start: {text!r} is not a date; use YYYY-MM-DD")


def _plan(person: str | None, intake_file: str | None) -> tuple[Plan, str, str]:
    """The plan to schedule, the UID seed and the person's name (if any)."""
    from backrub.planning.planner import make_plan

    if intake_file is not None:
        from backrub.contract.intake import load_intake
        from backrub.contract.validation import ValidationError

        try:
            intake = load_intake(read_input(intake_file, "--intake"))
        except ValidationError as error:
            fail(f"--intake: {error}")
        return make_plan(intake), "", person or ""
    from backrub.journal.people import resolve_person

    # Failing inside the transaction rolls it back: a bad command writes nothing.
    with journal_transaction() as db:
        try:
            record = resolve_person(db=db, name=person)
        except LookupError as error:
            fail(f"--person: {error}")
        if record.intake is None:
            fail(f"--intake: {record.name} has no saved intake; pass --intake FILE")
    return make_plan(record.intake), record.id, record.name
