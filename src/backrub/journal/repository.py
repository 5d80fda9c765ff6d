"""Everything that reads or writes the journal: keyword-only functions over a Session.

Each call runs inside the caller's transaction (`store.transaction()`), so a
command is one transaction and a failure leaves nothing half-written. Callers
get records (`backrub.contract.records`), never ORM rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from backrub.contract.ids import Giver, RegionId
from backrub.contract.intake import Intake, parse_intake
from backrub.contract.records import CheckinRecord, Journal, PersonRecord, SessionRecord
from backrub.contract.validation import ValidationError
from backrub.journal.models import Checkin, Person, SessionRow, Setting

Row = TypeVar("Row", Person, SessionRow)
CURRENT_PERSON = "current_person"
DEFAULT_NAME = "me"
NUL = "\x00"


@dataclass(frozen=True)
class ImportCounts:
    """What an import added; records whose ids were already there are not counted."""

    people: int = 0
    sessions: int = 0
    checkins: int = 0

    @property
    def total(self) -> int:
        return self.people + self.sessions + self.checkins


# People


def list_people(*, db: Session) -> list[PersonRecord]:
    """Everyone, in the order they were added, without sessions or check-ins."""
    rows = db.scalars(select(Person).order_by(Person.seq))
    return [_person(row) for row in rows]


def find_person(*, db: Session, name: str) -> PersonRecord | None:
    if not _can_hold(db, name):
        return None
    row = db.scalar(select(Person).where(Person.name == name))
    return _person(row) if row else None


def create_person(*, db: Session, name: str, intake: Intake | None = None) -> PersonRecord:
    """A new person; raises ValueError when the name is empty, too long or taken."""
    from backrub.contract.records import new_id

    name = _free_name(db, name)
    stored = intake.to_dict() if intake else None
    row = Person(id=new_id(), name=name, intake=stored, created=_now())
    db.add(row)
    db.flush()
    return _person(row)


def rename_person(*, db: Session, person_id: str, name: str) -> PersonRecord:
    """The person under a new name; ValueError when it is empty, too long or taken."""
    row = _person_row(db, person_id)
    if name.strip() != row.name:
        row.name = _free_name(db, name)
        db.flush()
    return _person(row)


def _free_name(db: Session, name: str) -> str:
    """`name` stripped, when a person may take it (names are unique: the CLI picks by name)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ValueError("a name needs 1 to 100 characters")
    if not _can_hold(db, name):
        raise ValueError("a name cannot hold the NUL character (U+0000) in this database")
    if find_person(db=db, name=name) is not None:
        raise ValueError(f"there is already a person named {name!r}")
    return name


def current_person(*, db: Session) -> PersonRecord | None:
    setting = db.get(Setting, CURRENT_PERSON)
    if setting is None:
        return None
    row = _by_id(db, Person, setting.value)
    return _person(row) if row else None


def set_current_person(*, db: Session, person_id: str) -> None:
    _person_row(db, person_id)
    setting = db.get(Setting, CURRENT_PERSON)
    if setting is None:
        db.add(Setting(key=CURRENT_PERSON, value=person_id))
    else:
        setting.value = person_id
    db.flush()


def resolve_person(*, db: Session, name: str | None = None) -> PersonRecord:
    """Who a command is about: `name`, else the current person, else the only one.

    An empty journal gets a person called "me", who becomes current. An unknown
    name, or several people and none of them current, is a LookupError whose
    message says what to do.
    """
    if name is not None:
        found = find_person(db=db, name=name)
        if found is None:
            raise LookupError(f"no person named {name!r}; {_known_names(db)}")
        return found
    current = current_person(db=db)
    if current is not None:
        return current
    people = list_people(db=db)
    if len(people) == 1:
        return people[0]
    if people:
        raise LookupError(f"there are several people; choose one with --person ({_names(people)})")
    person = create_person(db=db, name=DEFAULT_NAME)
    set_current_person(db=db, person_id=person.id)
    return person


def save_intake(*, db: Session, person_id: str, intake: Intake) -> None:
    _person_row(db, person_id).intake = intake.to_dict()
    db.flush()


def delete_person(*, db: Session, person_id: str) -> None:
    """The person and everything recorded about them; the current marker too."""
    row = _person_row(db, person_id)
    setting = db.get(Setting, CURRENT_PERSON)
    if setting is not None and setting.value == person_id:
        db.delete(setting)
    db.delete(row)
    db.flush()


# Sessions and check-ins


def add_session(*, db: Session, person_id: str, entry: SessionRecord) -> SessionRecord:
    """Store `entry` for the person; raises ValueError if its id is already used."""
    _person_row(db, person_id)
    _refuse_nul(db, {"id": entry.id, "note": entry.note})
    if db.scalar(select(SessionRow.seq).where(SessionRow.id == entry.id)) is not None:
        raise ValueError(f"a session with id {entry.id!r} is already in the journal")
    db.add(_session_row(person_id, entry))
    db.flush()
    return entry


def set_soreness(*, db: Session, session_id: str, value: int) -> None:
    """Next-day soreness, 0..10; LookupError for an unknown session."""
    if not 0 <= value <= 10:
        raise ValueError(f"soreness is 0 to 10, got {value}")
    row = _by_id(db, SessionRow, session_id)
    if row is None:
        raise LookupError(f"no session with id {session_id!r}")
    row.soreness_next_day = value
    db.flush()


def add_checkin(*, db: Session, person_id: str, entry: CheckinRecord) -> CheckinRecord:
    _person_row(db, person_id)
    _refuse_nul(db, {"id": entry.id})
    if db.scalar(select(Checkin.seq).where(Checkin.id == entry.id)) is not None:
        raise ValueError(f"a check-in with id {entry.id!r} is already in the journal")
    db.add(_checkin_row(person_id, entry))
    db.flush()
    return entry


def person_journal(*, db: Session, person_id: str) -> PersonRecord:
    """The person with every session (by start) and check-in (by date)."""
    row = None
    if _can_hold(db, person_id):
        row = db.scalar(_full_people().where(Person.id == person_id))
    if row is None:
        raise LookupError(f"no person with id {person_id!r}")
    return _full_person(row)


# Exchange


def export_journal(*, db: Session) -> Journal:
    """The whole journal, people in the order they were added."""
    rows = db.scalars(_full_people().order_by(Person.seq))
    return Journal(people=tuple(_full_person(row) for row in rows))


def import_journal(*, db: Session, journal: Journal) -> ImportCounts:
    """Add what is new; records whose ids are already present are skipped.

    A new person whose name belongs to someone else in the journal is a
    ValidationError naming `people[i].name`; the caller's transaction then
    rolls back, so nothing of the document is kept.
    """
    people = sessions = checkins = 0
    known_sessions = set(db.scalars(select(SessionRow.id)))
    known_checkins = set(db.scalars(select(Checkin.id)))
    _refuse_nul_in_journal(db, journal)
    for index, person in enumerate(journal.people):
        if db.scalar(select(Person.seq).where(Person.id == person.id)) is None:
            if find_person(db=db, name=person.name) is not None:
                raise ValidationError(
                    f"people[{index}].name",
                    f"the journal already has a different person named {person.name!r}",
                )
            intake = person.intake.to_dict() if person.intake else None
            db.add(Person(id=person.id, name=person.name, intake=intake, created=_now()))
            people += 1
        for number, session in enumerate(person.sessions):
            if session.id not in known_sessions:
                path = f"people[{index}].sessions[{number}]"
                db.add(_session_row(person.id, session, path=path))
                known_sessions.add(session.id)
                sessions += 1
        for checkin in person.checkins:
            if checkin.id not in known_checkins:
                db.add(_checkin_row(person.id, checkin))
                known_checkins.add(checkin.id)
                checkins += 1
        db.flush()
    return ImportCounts(people=people, sessions=sessions, checkins=checkins)


def count_rows(*, db: Session) -> ImportCounts:
    """How many people, sessions and check-ins the journal holds."""
    return ImportCounts(
        people=db.scalar(select(func.count()).select_from(Person)) or 0,
        sessions=db.scalar(select(func.count()).select_from(SessionRow)) or 0,
        checkins=db.scalar(select(func.count()).select_from(Checkin)) or 0,
    )


# Rows to records and back


def _person_row(db: Session, person_id: str) -> Person:
    row = _by_id(db, Person, person_id)
    if row is None:
        raise LookupError(f"no person with id {person_id!r}")
    return row


def _full_people() -> Select[Person]:
    return select(Person).options(
        selectinload(Person.sessions),
        selectinload(Person.checkins),
    )


def _person(row: Person) -> PersonRecord:
    intake = parse_intake(row.intake) if row.intake is not None else None
    return PersonRecord(id=row.id, name=row.name, intake=intake)


def _full_person(row: Person) -> PersonRecord:
    return PersonRecord(
        id=row.id,
        name=row.name,
        intake=parse_intake(row.intake) if row.intake is not None else None,
        sessions=tuple(_session(session) for session in row.sessions),
        checkins=tuple(_checkin(checkin) for checkin in row.checkins),
    )


def _session(row: SessionRow) -> SessionRecord:
    ended = None
    if row.ended_utc is not None and row.ended_offset is not None:
        ended = _aware(row.ended_utc, row.ended_offset)
    return SessionRecord(
        id=row.id,
        started=_aware(row.started_utc, row.started_offset),
        ended=ended,
        status=cast(Literal["completed", "aborted"], row.status),
        giver=cast(Giver, row.giver),
        plan=row.plan,
        steps_done=tuple(row.steps_done),
        pain_before=cast(dict[RegionId, int], dict(row.pain_before)),
        pain_after=cast(dict[RegionId, int], dict(row.pain_after)),
        soreness_next_day=row.soreness_next_day,
        note=row.note,
    )


def _session_row(person_id: str, entry: SessionRecord, path: str = "") -> SessionRow:
    """The row for `entry`; a time that leaves datetime's range in UTC is a ValidationError."""
    prefix = f"{path}." if path else ""
    started_utc, started_offset = _split(entry.started, f"{prefix}started")
    ended = (None, None) if entry.ended is None else _split(entry.ended, f"{prefix}ended")
    ended_utc, ended_offset = ended
    step_count, planned_seconds = plan_size(entry.plan)
    return SessionRow(
        id=entry.id,
        person_id=person_id,
        started_utc=started_utc,
        started_offset=started_offset,
        ended_utc=ended_utc,
        ended_offset=ended_offset,
        status=entry.status,
        giver=entry.giver,
        steps_done=list(entry.steps_done),
        soreness_next_day=entry.soreness_next_day,
        note=entry.note,
        pain_before=dict(entry.pain_before),
        pain_after=dict(entry.pain_after),
        # As `_session` will read the time back: the same text whatever tzinfo was given.
        started_iso=_aware(started_utc, started_offset).isoformat(),
        ended_iso=(
            _aware(ended_utc, ended_offset).isoformat()
            if ended_utc is not None and ended_offset is not None
            else None
        ),
        step_count=step_count,
        planned_seconds=planned_seconds,
        plan=entry.plan,
    )


def plan_size(plan: Mapping[str, Any]) -> tuple[int, int]:
    """(steps, planned seconds) of a plan, kept beside it so that listings never read it."""
    steps = plan.get("steps")
    seconds = plan.get("total_seconds")
    return (
        len(steps) if isinstance(steps, list) else 0,
        seconds if isinstance(seconds, int) and not isinstance(seconds, bool) else 0,
    )


def _checkin(row: Checkin) -> CheckinRecord:
    return CheckinRecord(
        id=row.id,
        date=row.date,
        peg=(row.peg1, row.peg2, row.peg3),
        sleep=row.sleep,
        stress=row.stress,
        rmdq=row.rmdq,
    )


def _checkin_row(person_id: str, entry: CheckinRecord) -> Checkin:
    peg1, peg2, peg3 = entry.peg
    return Checkin(
        id=entry.id,
        person_id=person_id,
        date=entry.date,
        peg1=peg1,
        peg2=peg2,
        peg3=peg3,
        sleep=entry.sleep,
        stress=entry.stress,
        rmdq=entry.rmdq,
    )


def _split(moment: datetime.datetime, path: str) -> tuple[datetime.datetime, int]:
    """Naive UTC and the offset in whole seconds: sortable, and the offset kept exactly."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment.isoformat()} has no offset")
    try:
        utc = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    except OverflowError:  # 0001-01-01T00:30+01:00 is in year 0 in UTC
        raise ValidationError(path, f"{moment.isoformat()} is out of range in UTC") from None
    return utc, int(offset.total_seconds())


def _aware(utc: datetime.datetime, offset_seconds: int) -> datetime.datetime:
    zone = datetime.timezone(datetime.timedelta(seconds=offset_seconds))
    return utc.replace(tzinfo=datetime.UTC).astimezone(zone)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def _names(people: list[PersonRecord]) -> str:
    return ", ".join(person.name for person in people)


def _known_names(db: Session) -> str:
    people = list_people(db=db)
    if not people:
        return "the journal has nobody yet; add one with: backrub profile create NAME"
    return f"known: {_names(people)}"


# Text PostgreSQL cannot hold


def _can_hold(db: Session, text: str) -> bool:
    """False for text with NUL on PostgreSQL, whose text types cannot hold it (SQLite's can)."""
    return NUL not in text or db.get_bind().dialect.name != "postgresql"


def _by_id(db: Session, model: type[Row], key: str) -> Row | None:
    """The row with that public id; none for an id this database could not have stored."""
    if not _can_hold(db, key):
        return None
    return db.scalar(select(model).where(model.id == key))


def _refuse_nul(db: Session, fields: dict[str, str]) -> None:
    """A ValidationError naming the field, rather than the driver's error, on PostgreSQL."""
    for path, value in fields.items():
        if not _can_hold(db, value):
            raise ValidationError(path, "must not contain the NUL character (U+0000)")


def _refuse_nul_in_journal(db: Session, journal: Journal) -> None:
    fields: dict[str, str] = {}
    for p, person in enumerate(journal.people):
        fields[f"people[{p}].id"] = person.id
        fields[f"people[{p}].name"] = person.name
        for i, session in enumerate(person.sessions):
            fields[f"people[{p}].sessions[{i}].id"] = session.id
            fields[f"people[{p}].sessions[{i}].note"] = session.note
        for i, checkin in enumerate(person.checkins):
            fields[f"people[{p}].checkins[{i}].id"] = checkin.id
    _refuse_nul(db, fields)
