"""A weekly massage schedule as an iCalendar file (RFC 5545).

One recurring VEVENT: `RRULE:FREQ=WEEKLY;BYDAY=...;COUNT=n` with n = weeks × days
a week (so "8 weeks, three days" is 24 sessions, wherever in the week it starts),
a DURATION of the plan's total time, the routine's steps with their times in the
DESCRIPTION, and a VALARM ten minutes before.

Times: give a `zoneinfo.ZoneInfo` and DTSTART is local time with a TZID (and the
matching VTIMEZONE), so 19:00 stays 19:00 across daylight-saving changes; give
`datetime.UTC` and DTSTART is in UTC. The UID is derived from `uid_seed` (the CLI
passes the person's id) or else from the schedule's own inputs, so the same
schedule gives the same UID and, with a fixed `stamp`, the same bytes.
"""

from __future__ import annotations

import datetime
import os
import re
import uuid
from collections.abc import Sequence
from pathlib import Path

from backrub.contract.plan import Plan, clock

PRODID = "-//backrub//backrub schedule//EN"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
RECOMMENDED_PER_WEEK = (2, 3)
MAX_WEEKS = 104
REMINDER = datetime.timedelta(minutes=10)


class ScheduleError(ValueError):
    """Bad schedule input; the message says what is accepted (the CLI adds the option)."""


def parse_days(text: str) -> list[str]:
    """`"mon,wed,fri"` → `["mon", "wed", "fri"]`: weekday order, no repeats.

    Accepts three-letter abbreviations and full names, in any case.
    """
    days: set[str] = set()
    for part in text.split(","):
        word = part.strip().lower()
        if not word:
            continue
        if word in DAY_NAMES:
            word = DAYS[DAY_NAMES.index(word)]
        if word not in DAYS:
            raise ScheduleError(f"unknown day {part.strip()!r}; use {', '.join(DAYS)}")
        days.add(word)
    if not days:
        raise ScheduleError(f"no days given; use a comma-separated list of {', '.join(DAYS)}")
    return [day for day in DAYS if day in days]


# One to two (hours, weeks up to 104: three) ASCII digits: `"²".isdigit()` is true,
# and int() of 5,000 digits raises.
_ASCII_DIGITS = re.compile(r"[0-9]{1,3}")


def parse_time(text: str) -> datetime.time:
    """`"19:00"` → 19:00; 24-hour HH:MM."""
    hours, sep, minutes = text.strip().partition(":")
    if not (sep and _ASCII_DIGITS.fullmatch(hours) and re.fullmatch(r"[0-9]{2}", minutes)):
        raise ScheduleError(f"{text!r} is not a time; use 24-hour HH:MM, e.g. 19:00")
    if int(hours) > 23 or int(minutes) > 59:
        raise ScheduleError(f"{text!r} is not a time of day; hours 0-23, minutes 0-59")
    return datetime.time(int(hours), int(minutes))


def parse_weeks(text: str) -> int:
    if not _ASCII_DIGITS.fullmatch(text.strip()) or not 1 <= int(text) <= MAX_WEEKS:
        raise ScheduleError(f"{text!r} is not a number of weeks; use 1 to {MAX_WEEKS}")
    return int(text)


def parse_zone(name: str) -> datetime.tzinfo:
    """An IANA time zone by name (`Europe/London`); "UTC" is UTC."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"unknown time zone {name.strip()!r}; use an IANA name such as Europe/London"
        ) from None


def local_zone() -> datetime.tzinfo:
    """This computer's zone (TZ, then /etc/localtime), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(str(Path("/etc/localtime").resolve()).partition("zoneinfo/")[2])
    except OSError:
        pass
    for candidate in candidates:
        if candidate:
            try:
                return parse_zone(candidate)
            except ScheduleError:
                continue
    return datetime.UTC


def frequency_warning(days: Sequence[str]) -> str | None:
    """A note when the days a week are outside the usual two or three, else None."""
    low, high = RECOMMENDED_PER_WEEK
    if low <= len(days) <= high:
        return None
    count = f"{len(days)} day{'s' if len(days) != 1 else ''} a week"
    if len(days) < low:
        return f"{count} is less than the usual {low}-{high}; regular sessions help more."
    return f"{count} is more than the usual {low}-{high}; muscles need days to recover."


def first_day(start: datetime.date, days: Sequence[str]) -> datetime.date:
    """The first date on or after `start` that falls on one of `days`."""
    wanted = {DAYS.index(day) for day in days}
    return next(
        start + datetime.timedelta(days=offset)
        for offset in range(7)
        if (start + datetime.timedelta(days=offset)).weekday() in wanted
    )


def build_calendar(
    days: list[str],
    at: datetime.time,
    weeks: int,
    plan: Plan,
    start: datetime.date,
    tz: datetime.tzinfo,
    *,
    uid_seed: str = "",
    stamp: datetime.datetime | None = None,
    title: str = "Back massage",
) -> bytes:
    """The schedule as `.ics` bytes; ScheduleError for bad input or a plan without steps."""
    from icalendar import Alarm, Calendar, Event

    if not plan.steps:
        raise ScheduleError(
            f"the plan's verdict is {plan.verdict}: there is no routine to schedule"
        )
    if not days or any(day not in DAYS for day in days):
        raise ScheduleError(f"days must be some of {', '.join(DAYS)}")
    if not 1 <= weeks <= MAX_WEEKS:
        raise ScheduleError(f"weeks must be 1 to {MAX_WEEKS}")
    dtstart = datetime.datetime.combine(first_day(start, days), at, tzinfo=tz)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    event = Event()
    event.add("uid", _uid(uid_seed, days, at, weeks, start, tz))
    event.add("dtstamp", stamp or datetime.datetime.now(datetime.UTC))
    event.add("dtstart", dtstart)
    event.add("duration", datetime.timedelta(seconds=plan.total_seconds))
    byday = [RRULE_DAYS[DAYS.index(day)] for day in days]
    event.add("rrule", {"freq": "weekly", "byday": byday, "count": weeks * len(days)})
    event.add("summary", title)
    event.add("description", describe(plan))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{title} in 10 minutes")
    alarm.add("trigger", -REMINDER)
    event.add_component(alarm)
    calendar.add_component(event)
    if tz is not datetime.UTC:
        calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def describe(plan: Plan) -> str:
    """The routine in a few lines: one per step with its time, then the closing advice."""
    lines = [f"backrub routine: {clock(plan.total_seconds)} in {len(plan.steps)} steps", ""]
    for step in plan.steps:
        where = ", ".join(region.replace("_", " ") for region in step.regions)
        technique = step.technique.replace("_", " ").capitalize()
        tool = step.tool.replace("_", " ")
        time = clock(step.seconds)
        lines.append(f"{step.n}. {time} {technique}, {where} ({step.pressure}, {tool})")
    if plan.advice:
        lines += ["", plan.advice]
    return "\n".join(lines)


def _uid(
    seed: str,
    days: Sequence[str],
    at: datetime.time,
    weeks: int,
    start: datetime.date,
    tz: datetime.tzinfo,
) -> str:
    key = seed or f"{','.join(days)}|{at.isoformat()}|{weeks}|{start.isoformat()}|{tz}"
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, 'backrub:schedule:' + key)}@backrub"
