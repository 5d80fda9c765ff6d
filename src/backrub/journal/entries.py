"""What a person records: sessions, next-day soreness, and weekly check-ins.

Keyword-only functions over the caller's Session, answering records. Ids are
the records' own (made by the caller, so an import keeps them); one already in
the journal is a ValueError, never a second row. A session's ratings and note, and
a whole check-in, may be changed or deleted afterwards (`edit_*`, `delete_*`); the
`*_where` forms take the conditions that find the row, so `owned` can add the owner's.
A session's plan is the person's row in `plans` (`mapping.store_plans`): written with
the first session that follows it, never changed, deleted with the last.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated, cast

import msgspec
from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backrub.contract.ids import RegionId
from backrub.contract.records import CheckinRecord, Score, SessionRecord, check_entry_date
from backrub.contract.validation import check_text, parse
from backrub.journal.mapping import (
    add_session_rows,
    can_hold,
    checkin_record,
    checkin_row,
    read_plan,
    refuse_nul,
    session_record,
    sessions_with_plans,
)
from backrub.journal.models import Checkin, PlanRow, SessionRow
from backrub.journal.people import by_id, person_row


def add_session(*, db: Session, person_id: str, entry: SessionRecord) -> SessionRecord:
    """Store `entry` for the person; raises ValueError if its id is already used."""
    person_row(db, person_id)
    refuse_nul(db, {"id": entry.id, "note": entry.note})
    if db.scalar(select(SessionRow.seq).where(SessionRow.id == entry.id)) is not None:
        raise ValueError(f"a session with id {entry.id!r} is already in the journal")
    add_session_rows(db, person_id, [("", entry)])
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


# Changing and deleting what was recorded


@dataclass(frozen=True)
class SessionNotes:
    """What a person may change of a session afterwards: its ratings and its note.
    When and how it went (times, plan, steps) is what the player saw, so it stays."""

    pain_before: dict[RegionId, int]
    pain_after: dict[RegionId, int]
    soreness_next_day: int | None
    note: str

    @classmethod
    def of(cls, session: SessionRecord) -> SessionNotes:
        """The session's notes as they are, to change one field of."""
        return cls(
            dict(session.pain_before),
            dict(session.pain_after),
            session.soreness_next_day,
            session.note,
        )


def _session_where(person_id: str, session_id: str) -> tuple[ColumnElement[bool], ...]:
    return (SessionRow.id == session_id, SessionRow.person_id == person_id)


def _checkin_where(person_id: str, checkin_id: str) -> tuple[ColumnElement[bool], ...]:
    return (Checkin.id == checkin_id, Checkin.person_id == person_id)


def edit_session(
    *, db: Session, person_id: str, session_id: str, notes: SessionNotes
) -> SessionRecord | None:
    """Replace the session's ratings and note; None when the person has no such session."""
    if not can_hold(db, person_id, session_id):
        return None
    return edit_session_where(db, _session_where(person_id, session_id), notes)


def edit_session_where(
    db: Session, where: tuple[ColumnElement[bool], ...], notes: SessionNotes
) -> SessionRecord | None:
    """The session `where` finds, its notes replaced after every value is checked (a
    ValidationError names the field, and nothing is written); None when none is found.
    A savepoint: a write that fails leaves the session as it was, in the caller's
    transaction too. The plan is read, never written."""
    _check_notes(db, notes)
    with db.begin_nested():
        found = db.execute(sessions_with_plans().where(*where)).first()
        if found is None:
            return None
        row, text = found
        row.pain_before = cast(dict[str, int], dict(notes.pain_before))
        row.pain_after = cast(dict[str, int], dict(notes.pain_after))
        row.soreness_next_day = notes.soreness_next_day
        row.note = notes.note
    return session_record(row, read_plan(text))


def _check_notes(db: Session, notes: SessionNotes) -> None:
    """The journal's own ranges (`SessionRecord`'s), named as its fields are."""
    record = {
        "pain_before": notes.pain_before,
        "pain_after": notes.pain_after,
        "soreness_next_day": notes.soreness_next_day,
        "note": notes.note,
    }
    parse(_Notes, record)
    check_text("note", notes.note, lines=True)
    refuse_nul(db, {"note": notes.note})


class _Notes(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    pain_before: dict[RegionId, Score]
    pain_after: dict[RegionId, Score]
    soreness_next_day: Score | None
    note: Annotated[str, msgspec.Meta(max_length=2000)]


def edit_checkin(*, db: Session, person_id: str, entry: CheckinRecord) -> CheckinRecord | None:
    """Replace the check-in with `entry`'s id by `entry`; None when the person has none."""
    if not can_hold(db, person_id, entry.id):
        return None
    return edit_checkin_where(db, _checkin_where(person_id, entry.id), entry)


def edit_checkin_where(
    db: Session,
    where: tuple[ColumnElement[bool], ...],
    entry: CheckinRecord,
    *,
    today: datetime.date | None = None,
) -> CheckinRecord | None:
    """The check-in `where` finds, replaced by `entry` once it passes the checks a new
    one passes (ranges, and a date from 1900 to tomorrow); None when none is found."""
    checked = parse(CheckinRecord, msgspec.to_builtins(entry))
    check_entry_date("date", checked.date, today=today)
    with db.begin_nested():
        row = db.scalar(select(Checkin).where(*where))
        if row is None:
            return None
        row.date = checked.date
        row.peg1, row.peg2, row.peg3 = checked.peg
        row.sleep, row.stress, row.rmdq = checked.sleep, checked.stress, checked.rmdq
    return checkin_record(row)


def delete_session(*, db: Session, person_id: str, session_id: str) -> bool:
    """Delete the person's session; False when there is no such session."""
    if not can_hold(db, person_id, session_id):
        return False
    return delete_where(db, SessionRow, _session_where(person_id, session_id))


def delete_checkin(*, db: Session, person_id: str, checkin_id: str) -> bool:
    """Delete the person's check-in; False when there is no such check-in."""
    if not can_hold(db, person_id, checkin_id):
        return False
    return delete_where(db, Checkin, _checkin_where(person_id, checkin_id))


def delete_where(
    db: Session, table: type[SessionRow] | type[Checkin], where: tuple[ColumnElement[bool], ...]
) -> bool:
    """One DELETE; whether it found a row (ids are unique, so at most one). A session's
    plan goes too when no other session of the person follows it."""
    statement = delete(table).where(*where).execution_options(synchronize_session=False)
    if table is Checkin:
        return bool(getattr(db.execute(statement), "rowcount", 0))
    gone = db.execute(statement.returning(SessionRow.person_id, SessionRow.plan_digest)).first()
    if gone is None:
        return False
    _drop_unused_plan(db, gone.person_id, gone.plan_digest)
    return True


def _drop_unused_plan(db: Session, person_id: str, digest: str) -> None:
    """The person's plan deleted when none of their sessions follows it any more. In a
    savepoint: on PostgreSQL a session that another transaction wrote meanwhile may follow
    it (`mapping.store_plans` holds it until that commits), and then the foreign key
    refuses the delete and the plan stays."""
    used = select(SessionRow.seq).where(
        SessionRow.person_id == person_id, SessionRow.plan_digest == digest
    )
    statement = delete(PlanRow).where(
        PlanRow.person_id == person_id, PlanRow.digest == digest, ~used.exists()
    )
    try:
        with db.begin_nested():
            db.execute(statement.execution_options(synchronize_session=False))
    except IntegrityError:
        pass  # still followed: the plan stays
