"""A person's journal, scoped to the account that owns it.

The web app's reads and writes of people, sessions, check-ins and whole
journals go through here, so that an id from another account (or one of the
CLI's unowned people) is never loaded, merged or changed: a lookup answers None
exactly as for an id that does not exist. Keyword-only functions over the
caller's Session, returning records through `mapping`, like the CLI's
repositories, so both describe the data the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, select, update
from sqlalchemy.orm import Session

from backrub.contract.intake import Intake
from backrub.contract.records import (
    CheckinRecord,
    Journal,
    PersonRecord,
    SessionFacts,
    SessionRecord,
)
from backrub.contract.validation import ValidationError
from backrub.exchange.formats import export_text
from backrub.journal.entries import (
    SessionNotes,
    delete_where,
    edit_checkin_where,
    edit_session_where,
)
from backrub.journal.mapping import (
    FACT_COLUMNS,
    add_session_rows,
    can_hold,
    checkin_record,
    checkin_row,
    full_person_record,
    now,
    person_record,
    read_plan,
    refuse_nul_in_journal,
    session_facts,
    session_record,
    sessions_with_plans,
)
from backrub.journal.models import Checkin, Person, SessionRow
from backrub.journal.owned_json import owned_journal_json
from backrub.journal.people import free_name, full_people
from backrub.journal.transfer import ImportCounts

OUTSIDE_ACCOUNT = "this id belongs to a record outside your account"
LOOKUP_CHUNK = 500  # ids per IN (...): well under SQLite's and PostgreSQL's limits


# Owner checks


def owned_person(*, db: Session, user_id: str, person_id: str) -> PersonRecord | None:
    """The person without sessions or check-ins, only when `user_id` owns them."""
    if not can_hold(db, person_id):
        return None
    row = db.scalar(select(Person).where(Person.id == person_id, Person.owner_id == user_id))
    return person_record(row) if row is not None else None


def owns_person(*, db: Session, user_id: str, person_id: str) -> bool:
    """Whether `user_id` owns the person: one indexed lookup, nothing parsed."""
    if not can_hold(db, person_id):
        return False
    query = select(Person.seq).where(Person.id == person_id, Person.owner_id == user_id)
    return db.execute(query).first() is not None


def session_owned_by(
    user_id: str, person_id: str, session_id: str
) -> tuple[ColumnElement[bool], ...]:
    """The conditions "this session, of this person, whom `user_id` owns" on SessionRow."""
    owned = select(Person.id).where(Person.owner_id == user_id).scalar_subquery()
    return (
        SessionRow.id == session_id,
        SessionRow.person_id == person_id,
        SessionRow.person_id.in_(owned),
    )


def checkin_owned_by(
    user_id: str, person_id: str, checkin_id: str
) -> tuple[ColumnElement[bool], ...]:
    """The conditions "this check-in, of this person, whom `user_id` owns" on Checkin."""
    owned = select(Person.id).where(Person.owner_id == user_id).scalar_subquery()
    return (
        Checkin.id == checkin_id,
        Checkin.person_id == person_id,
        Checkin.person_id.in_(owned),
    )


# Reading


def owned_session(
    *, db: Session, user_id: str, person_id: str, session_id: str
) -> SessionRecord | None:
    """The session, plan and ratings included, only when `user_id` owns its person."""
    if not can_hold(db, person_id, session_id):
        return None
    query = sessions_with_plans().where(*session_owned_by(user_id, person_id, session_id))
    found = db.execute(query).first()
    return session_record(found[0], read_plan(found[1])) if found is not None else None


def owned_checkin(
    *, db: Session, user_id: str, person_id: str, checkin_id: str
) -> CheckinRecord | None:
    """The check-in only when `user_id` owns its person; None for anyone else's or none."""
    if not can_hold(db, person_id, checkin_id):
        return None
    row = db.scalar(
        select(Checkin)
        .join(Person, Person.id == Checkin.person_id)
        .where(
            Checkin.id == checkin_id,
            Checkin.person_id == person_id,
            Person.owner_id == user_id,
        )
    )
    return checkin_record(row) if row is not None else None


def last_sessions(*, db: Session, person_id: str, limit: int = 50) -> list[SessionFacts]:
    """The person's latest sessions, newest first, without their plans.

    The caller has already checked that the account owns the person.
    """
    rows = db.execute(
        select(*FACT_COLUMNS)
        .where(SessionRow.person_id == person_id)
        .order_by(SessionRow.started_utc.desc(), SessionRow.seq.desc())
        .limit(limit)
    )
    return [session_facts(row) for row in rows]


def latest_checkins(
    *, db: Session, person_id: str, limit: int | None = None
) -> list[CheckinRecord]:
    """The person's check-ins, newest first (by date, then by when they were added).

    The caller has already checked that the account owns the person.
    """
    query = (
        select(Checkin)
        .where(Checkin.person_id == person_id)
        .order_by(Checkin.date.desc(), Checkin.seq.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return [checkin_record(row) for row in db.scalars(query)]


def owned_journal(*, db: Session, user_id: str) -> Journal:
    """Everyone the account owns, with every session and check-in, in the order added."""
    rows = db.scalars(full_people().where(Person.owner_id == user_id).order_by(Person.seq))
    return Journal(people=tuple(full_person_record(row) for row in rows))


def export_owned(*, db: Session, user_id: str, format_: str) -> str:
    """Everyone the account owns as `format_` (one of `EXPORT_FORMATS`; ValueError for
    another): the contract's JSON with the plans as stored, the rest from the records."""
    if format_ == "json":
        return owned_journal_json(db=db, user_id=user_id)
    return export_text(owned_journal(db=db, user_id=user_id), format_)


# Changing and deleting: the owner is part of the statement that finds the row


def edit_owned_session(
    *, db: Session, user_id: str, person_id: str, session_id: str, notes: SessionNotes
) -> SessionRecord | None:
    """The session's ratings and note replaced; None for another account's or none."""
    if not can_hold(db, person_id, session_id):
        return None
    return edit_session_where(db, session_owned_by(user_id, person_id, session_id), notes)


def edit_owned_checkin(
    *, db: Session, user_id: str, person_id: str, entry: CheckinRecord
) -> CheckinRecord | None:
    """The check-in with `entry`'s id replaced by it; None for another account's or none."""
    if not can_hold(db, person_id, entry.id):
        return None
    return edit_checkin_where(db, checkin_owned_by(user_id, person_id, entry.id), entry)


def delete_owned_session(*, db: Session, user_id: str, person_id: str, session_id: str) -> bool:
    """Whether the account's session was there to delete (False for anyone else's)."""
    if not can_hold(db, person_id, session_id):
        return False
    return delete_where(db, SessionRow, session_owned_by(user_id, person_id, session_id))


def delete_owned_checkin(*, db: Session, user_id: str, person_id: str, checkin_id: str) -> bool:
    """Whether the account's check-in was there to delete (False for anyone else's)."""
    if not can_hold(db, person_id, checkin_id):
        return False
    return delete_where(db, Checkin, checkin_owned_by(user_id, person_id, checkin_id))


# Importing


@dataclass(frozen=True)
class _Stored:
    """The document's ids that are already stored, each with its owner (None: the CLI's)."""

    people: dict[str, str | None]
    sessions: dict[str, str | None]
    checkins: dict[str, str | None]


def import_owned_journal(*, db: Session, user_id: str, journal: Journal) -> ImportCounts:
    """Add a `backrub.journal/1` document to the account; what it already has is skipped.

    People become the account's; an imported person whose name the account already
    has gets a numbered one ("sam 2"), since names are unique within an account.
    Any id (person, session or check-in) that is stored but not the account's
    is a ValidationError naming its path, such as `people[0].sessions[2].id`,
    raised before anything is written: such a record is never merged or
    touched. Importing the same document twice adds nothing.
    """
    refuse_nul_in_journal(db, journal)
    stored = _stored_ids(db, journal)
    _refuse_outsiders(journal, stored, user_id)
    people = sessions = checkins = 0
    for index, person in enumerate(journal.people):
        if person.id not in stored.people:
            _add_person(db, user_id, person)
            people += 1
        elif person.intake is not None:
            _keep_intake(db, person.id, person.intake)
        new = [
            (f"people[{index}].sessions[{number}]", session)
            for number, session in enumerate(person.sessions)
            if session.id not in stored.sessions
        ]
        add_session_rows(db, person.id, new)
        sessions += len(new)
        for checkin in person.checkins:
            if checkin.id not in stored.checkins:
                db.add(checkin_row(person.id, checkin))
                checkins += 1
        db.flush()
    return ImportCounts(people=people, sessions=sessions, checkins=checkins)


def _stored_ids(db: Session, journal: Journal) -> _Stored:
    """Who owns each of the document's ids that is already stored: two columns a row,
    so nothing of another account's records is read."""
    person_ids = [person.id for person in journal.people]
    session_ids = [s.id for person in journal.people for s in person.sessions]
    checkin_ids = [c.id for person in journal.people for c in person.checkins]
    return _Stored(
        people=_owners(db, select(Person.id, Person.owner_id), person_ids),
        sessions=_owners(db, select(SessionRow.id, Person.owner_id).join(Person), session_ids),
        checkins=_owners(db, select(Checkin.id, Person.owner_id).join(Person), checkin_ids),
    )


def _owners(db: Session, query: Select[str, str | None], ids: list[str]) -> dict[str, str | None]:
    """`query` (id, owner) for these ids, a chunk at a time."""
    id_column = query.selected_columns[0]
    found: dict[str, str | None] = {}
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        found.update((key, owner) for key, owner in db.execute(query.where(id_column.in_(chunk))))
    return found


def _refuse_outsiders(journal: Journal, stored: _Stored, user_id: str) -> None:
    """The first stored id the account does not own, as a ValidationError naming its path."""
    for p, person in enumerate(journal.people):
        items = [(f"people[{p}].id", stored.people, person.id)]
        items += [
            (f"people[{p}].sessions[{i}].id", stored.sessions, s.id)
            for i, s in enumerate(person.sessions)
        ]
        items += [
            (f"people[{p}].checkins[{i}].id", stored.checkins, c.id)
            for i, c in enumerate(person.checkins)
        ]
        for path, owners, key in items:
            if key in owners and owners[key] != user_id:
                raise ValidationError(path, OUTSIDE_ACCOUNT)


def _add_person(db: Session, user_id: str, person: PersonRecord) -> None:
    intake = person.intake.to_dict() if person.intake else None
    name = free_name(db=db, wanted=person.name, owner_id=user_id)
    created = now()
    saved = created if intake is not None else None
    db.add(
        Person(
            id=person.id,
            name=name,
            intake=intake,
            intake_saved=saved,
            created=created,
            owner_id=user_id,
        )
    )
    db.flush()  # the next person's free_name sees this one's name


def _keep_intake(db: Session, person_id: str, intake: Intake) -> None:
    """The file's saved answers for a person already here who has none: an import adds
    what is missing (the web's own person, made at sign-up, has no answers until saved)
    and never replaces answers already saved."""
    db.execute(
        update(Person)
        .where(Person.id == person_id, Person.intake.is_(None))
        .values(intake=intake.to_dict(), intake_saved=now())
    )
