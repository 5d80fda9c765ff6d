"""People: who the journal is about, the current person, and their saved intake.

Keyword-only functions over the caller's Session (`store.transaction()`), so a
command is one transaction and a failure leaves nothing half-written. They
answer records, never ORM rows.

Looking people up by name, listing them and the current person are the CLI's, and
see only its own people (those of no web account): on a journal shared with the web
app, the CLI never names or counts an account's people. A name is unique among the
CLI's people, and among each account's.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from backrub.contract.intake import Intake
from backrub.contract.records import PersonHistory, PersonRecord, new_id
from backrub.contract.validation import check_text
from backrub.journal.mapping import (
    FACT_COLUMNS,
    can_hold,
    checkin_record,
    full_person_record,
    now,
    person_record,
    session_facts,
)
from backrub.journal.models import Checkin, Person, SessionRow, Setting

Row = TypeVar("Row", Person, SessionRow)
CURRENT_PERSON = "current_person"
DEFAULT_NAME = "me"
NAME_ROOM = 90  # leaves room for " 99999" within the 100 characters a name may have


def owned_by(owner_id: str | None) -> ColumnElement[bool]:
    """People of this account; None: the CLI's own people, those of no account."""
    return Person.owner_id.is_(None) if owner_id is None else Person.owner_id == owner_id


def list_people(*, db: Session) -> list[PersonRecord]:
    """The CLI's people (no web account's), in the order added, without sessions or check-ins."""
    query = select(Person).where(owned_by(None)).order_by(Person.seq)
    return [person_record(row) for row in db.scalars(query)]


def find_person(*, db: Session, name: str, owner_id: str | None = None) -> PersonRecord | None:
    """The person of that name among the CLI's people, or among an account's."""
    if not can_hold(db, name):
        return None
    row = db.scalar(select(Person).where(Person.name == name, owned_by(owner_id)))
    return person_record(row) if row else None


def create_person(
    *, db: Session, name: str, intake: Intake | None = None, owner_id: str | None = None
) -> PersonRecord:
    """A new person, the CLI's or the account's; raises ValueError when the name is empty,
    too long or taken there, ValidationError (a ValueError) when it holds a control or
    direction-changing character."""
    name = _free_name(db, name, owner_id)
    stored = intake.to_dict() if intake else None
    row = Person(id=new_id(), name=name, intake=stored, created=now(), owner_id=owner_id)
    if intake is not None:
        row.intake_saved = row.created
    with _name_taken_is_an_answer(db, name):
        db.add(row)
    return person_record(row)


def rename_person(*, db: Session, person_id: str, name: str) -> PersonRecord:
    """The person under a new name; ValueError when it is empty, too long or taken among
    the people of the same account (or the CLI's)."""
    row = person_row(db, person_id)
    if name.strip() != row.name:
        new_name = _free_name(db, name, row.owner_id)
        with _name_taken_is_an_answer(db, new_name):
            row.name = new_name
    return person_record(row)


@contextmanager
def _name_taken_is_an_answer(db: Session, name: str) -> Iterator[None]:
    """Flush the change in a savepoint: when a parallel request took the name between
    `_free_name`'s look and this write, the unique index refuses it, and the caller
    hears the same ValueError as when the look had found it (not a server error)."""
    try:
        with db.begin_nested():
            yield
            db.flush()
    except IntegrityError as error:
        raise ValueError(f"there is already a person named {name!r}") from error


def _free_name(db: Session, name: str, owner_id: str | None) -> str:
    """`name` stripped, when a person may take it: names are unique among an account's
    people and among the CLI's, which picks people by name."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ValueError("a name needs 1 to 100 characters")
    check_text("name", name)  # NUL included, which PostgreSQL could not store either
    if find_person(db=db, name=name, owner_id=owner_id) is not None:
        raise ValueError(f"there is already a person named {name!r}")
    return name


def free_name(*, db: Session, wanted: str, owner_id: str) -> str:
    """`wanted` if the account has no one of that name, else "wanted 2", "wanted 3", ...:
    for people an import adds to an account that already has the name. Other accounts'
    names are neither seen nor told."""
    candidate = wanted.strip() or DEFAULT_NAME
    base, number = candidate[:NAME_ROOM], 1
    while find_person(db=db, name=candidate, owner_id=owner_id) is not None:
        number += 1
        candidate = f"{base} {number}"
    return candidate


def current_person(*, db: Session) -> PersonRecord | None:
    """The CLI's current person; never a web account's."""
    setting = db.get(Setting, CURRENT_PERSON)
    if setting is None:
        return None
    row = by_id(db, Person, setting.value)
    return person_record(row) if row and row.owner_id is None else None


def set_current_person(*, db: Session, person_id: str) -> None:
    if person_row(db, person_id).owner_id is not None:
        raise LookupError(f"no person with id {person_id!r}")
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
    row = person_row(db, person_id)
    row.intake = intake.to_dict()
    row.intake_saved = now()
    db.flush()


def intake_saved(*, db: Session, person_id: str) -> datetime.datetime | None:
    """When the person's intake was saved (naive UTC); None when unknown (saved before
    journals kept the time) or when there is none."""
    if not can_hold(db, person_id):
        return None
    return db.scalar(select(Person.intake_saved).where(Person.id == person_id))


def delete_person(*, db: Session, person_id: str) -> None:
    """The person and everything recorded about them; the current marker too."""
    row = person_row(db, person_id)
    setting = db.get(Setting, CURRENT_PERSON)
    if setting is not None and setting.value == person_id:
        db.delete(setting)
    db.delete(row)
    db.flush()


def person_journal(*, db: Session, person_id: str) -> PersonRecord:
    """The person with every session (by start) and check-in (by date)."""
    row = None
    if can_hold(db, person_id):
        row = db.scalar(full_people().where(Person.id == person_id))
    if row is None:
        raise LookupError(f"no person with id {person_id!r}")
    return full_person_record(row)


def progress_history(*, db: Session, person_id: str) -> PersonHistory:
    """The person with every session (by start) without its plan, and every check-in
    (by date): what progress reads, in three statements on the person's indexes."""
    found = by_id(db, Person, person_id)
    if found is None:
        raise LookupError(f"no person with id {person_id!r}")
    person = person_record(found)
    sessions = db.execute(
        select(*FACT_COLUMNS)
        .where(SessionRow.person_id == person_id)
        .order_by(SessionRow.started_utc, SessionRow.seq)
    )
    checkins = db.scalars(
        select(Checkin).where(Checkin.person_id == person_id).order_by(Checkin.date, Checkin.seq)
    )
    return PersonHistory(
        id=person.id,
        name=person.name,
        intake=person.intake,
        sessions=tuple(session_facts(row) for row in sessions),
        checkins=tuple(checkin_record(row) for row in checkins),
    )


# Lookups the other repositories share


def person_row(db: Session, person_id: str) -> Person:
    """The person's row; LookupError when there is none."""
    row = by_id(db, Person, person_id)
    if row is None:
        raise LookupError(f"no person with id {person_id!r}")
    return row


def full_people() -> Select[Person]:
    """People with their sessions, their plans (each once) and check-ins loaded in three
    more statements."""
    return select(Person).options(
        selectinload(Person.sessions),
        selectinload(Person.plans),
        selectinload(Person.checkins),
    )


def by_id(db: Session, model: type[Row], key: str) -> Row | None:
    """The row with that public id; none for an id this database could not have stored."""
    if not can_hold(db, key):
        return None
    return db.scalar(select(model).where(model.id == key))


def _names(people: list[PersonRecord]) -> str:
    return ", ".join(person.name for person in people)


def _known_names(db: Session) -> str:
    people = list_people(db=db)
    if not people:
        return "the journal has nobody yet; add one with: backrub profile create NAME"
    return f"known: {_names(people)}"
