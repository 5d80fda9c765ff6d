"""What a person records: sessions, next-day soreness, and weekly check-ins.

Keyword-only functions over the caller's Session, answering records. Ids are
the records' own (made by the caller, so an import keeps them); one already in
the journal is a ValueError, never a second row.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backrub.contract.records import CheckinRecord, SessionRecord
from backrub.journal.mapping import checkin_row, refuse_nul, session_row
from backrub.journal.models import Checkin, SessionRow
from backrub.journal.people import by_id, person_row


def add_session(*, db: Session, person_id: str, entry: SessionRecord) -> SessionRecord:
    """Store `entry` for the person; raises ValueError if its id is already used."""
    person_row(db, person_id)
    refuse_nul(db, {"id": entry.id, "note": entry.note})
    if db.scalar(select(SessionRow.seq).where(SessionRow.id == entry.id)) is not None:
        raise ValueError(f"a session with id {entry.id!r} is already in the journal")
    db.add(session_row(person_id, entry))
    db.flush()
    return entry


def set_soreness(*, db: Session, session_id: str, value: int) -> None:
    """Next-day soreness, 0..10; LookupError for an unknown session."""
    if not 0 <= value <= 10:
        raise ValueError(f"soreness is 0 to 10, got {value}")
    row = by_id(db, SessionRow, session_id)
    if row is None:
        raise LookupError(f"no session with id {session_id!r}")
    row.soreness_next_day = value
    db.flush()


def add_checkin(*, db: Session, person_id: str, entry: CheckinRecord) -> CheckinRecord:
    """Store `entry` for the person; raises ValueError if its id is already used."""
    person_row(db, person_id)
    refuse_nul(db, {"id": entry.id})
    if db.scalar(select(Checkin.seq).where(Checkin.id == entry.id)) is not None:
        raise ValueError(f"a check-in with id {entry.id!r} is already in the journal")
    db.add(checkin_row(person_id, entry))
    db.flush()
    return entry
