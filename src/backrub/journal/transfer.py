"""The whole journal in and out: export, import of a `backrub.journal/1` document, counts.

Import validates the whole document before it writes anything and writes it in
the caller's transaction, so a bad document is refused whole. (Imports scoped
to a web account are `owned.import_owned_journal`.)
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from backrub.contract.records import Journal, load_journal
from backrub.contract.validation import ValidationError
from backrub.journal.mapping import (
    add_session_rows,
    checkin_row,
    full_person_record,
    now,
    refuse_nul_in_journal,
)
from backrub.journal.models import Checkin, Person, SessionRow
from backrub.journal.people import find_person, full_people


@dataclass(frozen=True)
class ImportCounts:
    """What an import added; records whose ids were already there are not counted."""

    people: int = 0
    sessions: int = 0
    checkins: int = 0

    @property
    def total(self) -> int:
        return self.people + self.sessions + self.checkins


def export_journal(*, db: Session) -> Journal:
    """The CLI's people (none of a web account's), in the order they were added."""
    rows = db.scalars(full_people().where(Person.owner_id.is_(None)).order_by(Person.seq))
    return Journal(people=tuple(full_person_record(row) for row in rows))


def import_json(*, db: Session, text: str | bytes) -> ImportCounts:
    """Validate a `backrub.journal/1` document, then add what the journal does not have yet.

    Raises ValidationError for a bad document (nothing is written) or for a
    person whose name another person in the journal already has (the caller's
    transaction rolls back). Importing the same document twice adds nothing.
    """
    return import_journal(db=db, journal=load_journal(text))


def import_journal(*, db: Session, journal: Journal) -> ImportCounts:
    """Add what is new; records whose ids are already present are skipped.

    A new person whose name belongs to someone else in the journal is a
    ValidationError naming `people[i].name`; the caller's transaction then
    rolls back, so nothing of the document is kept.
    """
    people = sessions = checkins = 0
    known_sessions = set(db.scalars(select(SessionRow.id)))
    known_checkins = set(db.scalars(select(Checkin.id)))
    refuse_nul_in_journal(db, journal)
    for index, person in enumerate(journal.people):
        owner = db.execute(select(Person.owner_id).where(Person.id == person.id)).first()
        if owner is not None and owner.owner_id is not None:
            # A web account's person: the CLI neither adds to them nor says whose they are.
            raise ValidationError(f"people[{index}].id", "this id belongs to a web account")
        if owner is None:
            if find_person(db=db, name=person.name) is not None:
                raise ValidationError(
                    f"people[{index}].name",
                    f"the journal already has a different person named {person.name!r}",
                )
            intake = person.intake.to_dict() if person.intake else None
            db.add(Person(id=person.id, name=person.name, intake=intake, created=now()))
            people += 1
        new = []
        for number, session in enumerate(person.sessions):
            if session.id not in known_sessions:
                new.append((f"people[{index}].sessions[{number}]", session))
                known_sessions.add(session.id)
        add_session_rows(db, person.id, new)
        sessions += len(new)
        for checkin in person.checkins:
            if checkin.id not in known_checkins:
                db.add(checkin_row(person.id, checkin))
                known_checkins.add(checkin.id)
                checkins += 1
        db.flush()
    return ImportCounts(people=people, sessions=sessions, checkins=checkins)
