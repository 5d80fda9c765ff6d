"""The journal as plain records: the shapes of `backrub.journal/1`.

Progress, adaptation, export and import all take these, never database rows,
so they share one description of the data and their tests need no database.
Validation (for imports) comes from the annotations, like the intake's. A name or a
note holding a control or direction-changing character is refused however the record
is made (decoded, or built by a form or a command), so every edge refuses it the same
way; migration 0004 replaced such characters in what journals already held.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import msgspec

from backrub.contract.ids import Giver, RegionId
from backrub.contract.intake import Intake
from backrub.contract.validation import (
    ID_PATTERN,
    LINE_SCHEMA,
    PATTERN_WORDS,
    TEXT_SCHEMA,
    ValidationError,
    check_text,
    loads,
    within_dates,
)

Score = Annotated[int, msgspec.Meta(ge=0, le=10)]
# PEG's three items: a list of exactly three scores. Said as minItems/maxItems rather than
# a 3-tuple, whose prefixItems Schemathesis turns into the old `items: [...]` and then
# cannot check answers against (issue 14).
Peg = Annotated[tuple[Score, ...], msgspec.Meta(min_length=3, max_length=3)]
# A client may choose a record's id, and it goes into addresses, a Location header and
# files: so only ASCII letters, digits, '_', '.' and '-' (what `new_id` makes is hex).
Id = Annotated[
    str, msgspec.Meta(pattern=ID_PATTERN, description=f"An id: {PATTERN_WORDS[ID_PATTERN]}")
]
# An offset is required: a session's calendar date is the date where it happened.
Moment = Annotated[datetime.datetime, msgspec.Meta(tz=True)]
EARLIEST_ENTRY_DATE = datetime.date(1900, 1, 1)
# A session keeps the plan it followed as it was (revision 1 or 2, or a later one), so the
# journal asks only that it says it is a plan; the schema says the same, and no more.
PLAN_SCHEMA = {
    "description": 'The plan the session followed: `{"schema": "backrub.plan/1", ...}`',
    "required": ["schema"],
    "properties": {"schema": {"const": "backrub.plan/1"}},
}


class SessionRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    started: Moment
    ended: Moment | None
    status: Literal["completed", "aborted"]
    giver: Giver
    plan: Annotated[dict[str, Any], msgspec.Meta(extra_json_schema=PLAN_SCHEMA)]
    steps_done: tuple[Annotated[int, msgspec.Meta(ge=1, le=1000)], ...] = ()
    pain_before: dict[RegionId, Score] = {}
    pain_after: dict[RegionId, Score] = {}
    soreness_next_day: Score | None = None
    note: Annotated[str, msgspec.Meta(max_length=2000, extra_json_schema=TEXT_SCHEMA)] = ""

    def __post_init__(self) -> None:
        check_text("note", self.note, lines=True)
        if self.ended is not None and self.ended < self.started:
            raise ValidationError("ended", "must not be before started")
        if self.plan.get("schema") != "backrub.plan/1":
            raise ValidationError("plan", 'expected a plan with "schema": "backrub.plan/1"')

    @property
    def date(self) -> datetime.date:
        """The session's calendar date, in its own offset (the contract's rule)."""
        return self.started.date()

    @property
    def step_count(self) -> int:
        """How many steps the plan had (`plan_step_count`)."""
        return plan_step_count(self.plan)

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape; times as `isoformat` writes them (`+00:00`, not `Z`)."""
        data: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(self))
        data["started"] = self.started.isoformat()
        data["ended"] = self.ended.isoformat() if self.ended else None
        return data


class SessionFacts(msgspec.Struct, frozen=True):
    """A session as the journal's listing and the progress page read it: everything but
    the plan it followed (13-33 KB of JSON, which neither shows), with the plan's size.
    Only the journal makes these, from what it already checked; never a document."""

    id: str
    started: datetime.datetime
    ended: datetime.datetime | None
    status: Literal["completed", "aborted"]
    giver: Giver
    step_count: int
    planned_seconds: int
    steps_done: tuple[int, ...] = ()
    pain_before: dict[RegionId, int] = {}
    pain_after: dict[RegionId, int] = {}
    soreness_next_day: int | None = None
    note: str = ""

    @property
    def date(self) -> datetime.date:
        """The session's calendar date, in its own offset (the contract's rule)."""
        return self.started.date()


class CheckinRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A weekly check-in: PEG's three items, sleep, stress, and optionally the RMDQ score."""

    id: Id
    date: datetime.date
    peg: Peg
    sleep: Score | None = None
    stress: Annotated[int, msgspec.Meta(ge=1, le=5)] | None = None
    rmdq: Annotated[int, msgspec.Meta(ge=0, le=24)] | None = None

    @property
    def peg_score(self) -> float:
        return sum(self.peg) / 3

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(self))
        return data


class PersonRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100, extra_json_schema=LINE_SCHEMA)]
    intake: Intake | None = None
    sessions: tuple[SessionRecord, ...] = ()
    checkins: tuple[CheckinRecord, ...] = ()

    def __post_init__(self) -> None:
        check_text("name", self.name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "intake": self.intake.to_dict() if self.intake else None,
            "sessions": [session.to_dict() for session in self.sessions],
            "checkins": [checkin.to_dict() for checkin in self.checkins],
        }


class PersonHistory(msgspec.Struct, frozen=True):
    """A person with every session's facts (`SessionFacts`, no plans) and every check-in:
    what progress figures and charts read."""

    id: str
    name: str
    intake: Intake | None = None
    sessions: tuple[SessionFacts, ...] = ()
    checkins: tuple[CheckinRecord, ...] = ()


# What progress, charts and listings accept: a session or person read whole, or without
# the plans, which they never look at.
AnySession = SessionRecord | SessionFacts
AnyPerson = PersonRecord | PersonHistory


class Journal(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    schema: Literal["backrub.journal/1"] = "backrub.journal/1"
    people: tuple[PersonRecord, ...]

    def __post_init__(self) -> None:
        """Ids are unique across the document, so an import can match on them."""
        seen: set[str] = set()
        for p, person in enumerate(self.people):
            items = [(f"people[{p}].id", person.id)]
            items += [
                (f"people[{p}].sessions[{i}].id", s.id) for i, s in enumerate(person.sessions)
            ]
            items += [
                (f"people[{p}].checkins[{i}].id", c.id) for i, c in enumerate(person.checkins)
            ]
            for where, value in items:
                if value in seen:
                    raise ValidationError(where, f"id {value!r} is used twice")
                seen.add(value)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": self.schema, "people": [person.to_dict() for person in self.people]}


class JournalDocument(Journal, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A document coming in names its format: `schema` is required."""

    schema: Literal["backrub.journal/1"]


def load_journal(text: str | bytes, *, today: datetime.date | None = None) -> Journal:
    """A `backrub.journal/1` document as an import takes it: valid, and every entry
    dated as a new one may be (`check_entry_dates`)."""
    journal = Journal(people=loads(JournalDocument, text).people)
    check_entry_dates(journal, today=today)
    return journal


def check_entry_date(path: str, day: datetime.date, *, today: datetime.date | None = None) -> None:
    """Refuse the date of an entry coming in (a form, a body, an option, an import)
    before 1900 or after tomorrow; "tomorrow", so that a zone a day ahead of the
    server's can still record its today. Records already in a journal are not checked:
    the journal reads and draws whatever it holds."""
    latest = (today or datetime.date.today()) + datetime.timedelta(days=1)
    within_dates(path, day, EARLIEST_ENTRY_DATE, latest, "tomorrow")


def check_session_dates(
    session: SessionRecord, *, path: str = "", today: datetime.date | None = None
) -> None:
    """`check_entry_date` for a session's start and end, each on its own calendar date."""
    check_entry_date(f"{path}.started" if path else "started", session.date, today=today)
    if session.ended is not None:
        check_entry_date(f"{path}.ended" if path else "ended", session.ended.date(), today=today)


def check_entry_dates(journal: Journal, *, today: datetime.date | None = None) -> None:
    """`check_entry_date` for every session and check-in of a document, by its path."""
    for p, person in enumerate(journal.people):
        for i, session in enumerate(person.sessions):
            check_session_dates(session, path=f"people[{p}].sessions[{i}]", today=today)
        for i, checkin in enumerate(person.checkins):
            check_entry_date(f"people[{p}].checkins[{i}].date", checkin.date, today=today)


def plan_step_count(plan: Mapping[str, Any]) -> int:
    """How many steps a stored plan has; a plan from elsewhere may lack them: 0."""
    steps = plan.get("steps")
    return len(steps) if isinstance(steps, list) else 0


def new_id() -> str:
    """A fresh record id: random, so that journals from several machines merge."""
    import uuid

    return uuid.uuid4().hex
