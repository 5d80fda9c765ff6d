"""The journal pages' forms: what a person typed, kept as text, and judged.

Like `forms.py` for the intake: answers stay exactly as given, so that a page shown
again with a message keeps them, and every message names its field and says what it
accepts. The ranges are the journal's own (`records.py`) and the words those of the
CLI commands the pages mirror (`backrub checkin`, `soreness`, `schedule`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

from msgspec.structs import replace

from backrub.contract.ids import RegionId
from backrub.contract.records import CheckinRecord, Journal, check_entry_date, new_id
from backrub.contract.validation import ValidationError, small_integer
from backrub.exchange import schedule
from backrub.exchange.journal_json import parse_json
from backrub.journal.entries import SessionNotes
from backrub.progress.checkin import RMDQ_ITEMS, rmdq_score
from backrub.web.intake.forms import FormLike

PEG_FIELDS = ("peg_pain", "peg_enjoyment", "peg_activity")
DEFAULT_DAYS = ("mon", "wed", "fri")  # `backrub schedule`'s defaults
DEFAULT_TIME = "19:00"
DEFAULT_WEEKS = "8"
MAX_NOTE = 2000  # a session's note, as the journal keeps it
Parsed = TypeVar("Parsed")


class FormErrors(Exception):
    """Answers that cannot be kept: field id -> what it accepts."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def _text(form: FormLike, name: str, default: str = "") -> str:
    values = form.getlist(name)
    return values[0].strip() if values and isinstance(values[0], str) else default


def whole_number(
    text: str, field: str, low: int, high: int, errors: dict[str, str], *, required: bool = True
) -> int | None:
    """`text` as an integer from `low` to `high`; a message in `errors[field]` when not."""
    if not text:
        if required:
            errors[field] = f"expected a whole number from {low} to {high}; this one is needed"
        return None
    number = small_integer(text)
    if number is not None and low <= number <= high:
        return number
    shown = text if len(text) <= 40 else text[:37] + "..."  # 5,000 digits are not repeated
    errors[field] = f"expected a whole number from {low} to {high}, got {shown!r}"
    return None


# Next-day soreness


def soreness_value(text: str) -> int:
    """0..10, as `backrub soreness VALUE`; FormErrors naming `value` otherwise."""
    errors: dict[str, str] = {}
    value = whole_number(text.strip(), "value", 0, 10, errors)
    if value is None:
        raise FormErrors(errors)
    return value


# The weekly check-in


@dataclass(frozen=True)
class CheckinAnswers:
    """The check-in form as typed; `rmdq` is "answer" when the 24 statements count."""

    peg_pain: str = ""
    peg_enjoyment: str = ""
    peg_activity: str = ""
    sleep: str = ""
    stress: str = ""
    rmdq: str = "skip"
    rmdq_items: tuple[str, ...] = ()  # the numbers (1-24) of the statements ticked
    date: str = ""
    rmdq_kept: str = ""  # editing: the score stored, kept when `rmdq` is "keep"


def answers_of(checkin: CheckinRecord) -> CheckinAnswers:
    """A stored check-in as the form shows it to be changed: its Roland-Morris score is
    kept unless the statements are answered again (which ones were ticked is not stored)."""
    pain, enjoyment, activity = checkin.peg
    kept = "" if checkin.rmdq is None else str(checkin.rmdq)
    return CheckinAnswers(
        peg_pain=str(pain),
        peg_enjoyment=str(enjoyment),
        peg_activity=str(activity),
        sleep="" if checkin.sleep is None else str(checkin.sleep),
        stress="" if checkin.stress is None else str(checkin.stress),
        rmdq="keep" if kept else "skip",
        date=checkin.date.isoformat(),
        rmdq_kept=kept,
    )


def checkin_answers(form: FormLike) -> CheckinAnswers:
    return CheckinAnswers(
        peg_pain=_text(form, "peg_pain"),
        peg_enjoyment=_text(form, "peg_enjoyment"),
        peg_activity=_text(form, "peg_activity"),
        sleep=_text(form, "sleep"),
        stress=_text(form, "stress"),
        rmdq=_text(form, "rmdq", "skip"),
        rmdq_items=tuple(v.strip() for v in form.getlist("rmdq_item") if isinstance(v, str)),
        date=_text(form, "date"),
        rmdq_kept=_text(form, "rmdq_kept"),
    )


def checkin_record(
    answers: CheckinAnswers, *, today: datetime.date, checkin_id: str = ""
) -> CheckinRecord:
    """The check-in to keep; FormErrors with every field that is wrong.

    The Roland-Morris score counts the statements ticked; it is kept when the person
    chose to answer them, or ticked any (a score of 0 needs the choice: ticking
    nothing otherwise means "not this week")."""
    errors: dict[str, str] = {}
    peg = [whole_number(getattr(answers, name), name, 0, 10, errors) for name in PEG_FIELDS]
    sleep = whole_number(answers.sleep, "sleep", 0, 10, errors, required=False)
    stress = whole_number(answers.stress, "stress", 1, 5, errors, required=False)
    rmdq = _rmdq(answers, errors)
    day = today
    if answers.date:
        try:
            day = datetime.date.fromisoformat(answers.date)
        except ValueError:
            errors["date"] = f"expected a date like 2026-01-07, got {answers.date!r}"
    try:
        check_entry_date("date", day, today=today)
    except ValidationError as refused:
        errors["date"] = refused.message
    if errors:
        raise FormErrors(errors)
    pain, enjoyment, activity = (value or 0 for value in peg)
    items = (pain, enjoyment, activity)
    record_id = checkin_id or new_id()
    return CheckinRecord(record_id, day, items, sleep=sleep, stress=stress, rmdq=rmdq)


def _rmdq(answers: CheckinAnswers, errors: dict[str, str]) -> int | None:
    if answers.rmdq == "keep" and answers.rmdq_kept:
        return whole_number(answers.rmdq_kept, "rmdq", 0, len(RMDQ_ITEMS), errors)
    if answers.rmdq not in ("skip", "answer"):
        errors["rmdq"] = "expected skip or answer"
        return None
    numbers = set(answers.rmdq_items)
    known = {str(n) for n in range(1, len(RMDQ_ITEMS) + 1)}
    if not numbers <= known:
        errors["rmdq"] = f"expected statement numbers from 1 to {len(RMDQ_ITEMS)}"
        return None
    if answers.rmdq == "skip" and not numbers:
        return None
    return rmdq_score(str(n) in numbers for n in range(1, len(RMDQ_ITEMS) + 1))


# A session's ratings and note, changed afterwards


def session_notes(form: FormLike, regions: tuple[str, ...]) -> SessionNotes:
    """The edit form's ratings (`before-REGION`, `after-REGION`: blank is not rated),
    soreness and note; FormErrors naming each field that is wrong."""
    errors: dict[str, str] = {}
    phases: dict[str, dict[RegionId, int]] = {"before": {}, "after": {}}
    for phase, ratings in phases.items():
        for region in regions:
            field = f"{phase}-{region}"
            value = whole_number(_text(form, field), field, 0, 10, errors, required=False)
            if value is not None:
                ratings[cast(RegionId, region)] = value
    soreness = whole_number(_text(form, "soreness"), "soreness", 0, 10, errors, required=False)
    values = form.getlist("note")
    note = values[0].strip() if values and isinstance(values[0], str) else ""
    if len(note) > MAX_NOTE:
        errors["note"] = f"expected at most {MAX_NOTE} characters, got {len(note)}"
    if "\x00" in note:
        errors["note"] = "must not contain the NUL character (U+0000)"
    if errors:
        raise FormErrors(errors)
    return SessionNotes(phases["before"], phases["after"], soreness, note)


# The schedule


@dataclass(frozen=True)
class ScheduleAnswers:
    days: tuple[str, ...] = DEFAULT_DAYS
    time: str = DEFAULT_TIME
    weeks: str = DEFAULT_WEEKS
    tz: str = ""


@dataclass(frozen=True)
class ScheduleChoice:
    """A schedule judged good: what `schedule.build_calendar` takes."""

    days: list[str]
    time: datetime.time
    weeks: int
    zone: datetime.tzinfo


def schedule_answers(query: FormLike, default_zone: str) -> ScheduleAnswers:
    """From `?days=mon&days=wed` (the form's ticks) or `?days=mon,wed` (a link)."""
    given = [v for v in query.getlist("days") if isinstance(v, str)]
    days = tuple(part.strip() for value in given for part in value.split(",") if part.strip())
    return ScheduleAnswers(
        days=days if given else DEFAULT_DAYS,
        time=_text(query, "time", DEFAULT_TIME),
        weeks=_text(query, "weeks", DEFAULT_WEEKS),
        tz=_text(query, "tz", default_zone) or default_zone,
    )


def schedule_choice(answers: ScheduleAnswers) -> ScheduleChoice:
    """The parsed schedule, in `backrub schedule`'s words; FormErrors naming each field."""
    errors: dict[str, str] = {}

    def attempt(field: str, parse: Callable[[str], Parsed], text: str) -> Parsed | None:
        try:
            return parse(text)
        except schedule.ScheduleError as error:
            errors[field] = str(error)
            return None

    days = attempt("days", schedule.parse_days, ",".join(answers.days))
    time = attempt("time", schedule.parse_time, answers.time)
    weeks = attempt("weeks", schedule.parse_weeks, answers.weeks)
    zone = attempt("tz", schedule.parse_zone, answers.tz)
    if days is None or time is None or weeks is None or zone is None:
        raise FormErrors(errors)
    return ScheduleChoice(days, time, weeks, zone)


def schedule_query(answers: ScheduleAnswers) -> str:
    """The query string of the `.ics` link for these answers."""
    from urllib.parse import urlencode

    pairs = {"days": ",".join(answers.days), "time": answers.time, "weeks": answers.weeks}
    return urlencode({**pairs, "tz": answers.tz})


# The import


def journal_file(content: bytes, *, own_person_id: str) -> Journal:
    """The uploaded `backrub.journal/1` document, to import for the account.

    A file with one person's journal is taken as the account's own (the pages show
    that person), so a journal exported from the CLI or another server lands where
    it is seen; importing it twice still adds nothing, since records are matched on
    their own ids. A file with several people (a household's) keeps them apart.
    Raises ValidationError naming the field, like `backrub import`."""
    journal = parse_json(content)
    if len(journal.people) == 1 and journal.people[0].id != own_person_id:
        journal = replace(journal, people=(replace(journal.people[0], id=own_person_id),))
    return journal


# The profile


def person_name(text: str) -> str:
    """A person's name: 1 to 100 characters once trimmed; FormErrors naming `name`."""
    name = text.strip()
    if not name or len(name) > 100:
        raise FormErrors({"name": "expected a name of 1 to 100 characters"})
    return name
