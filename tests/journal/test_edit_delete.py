"""Changing and deleting sessions' ratings and notes, and check-ins, on a real database:
only the owner's, only what is asked, and a refused change leaves everything as it was."""

from __future__ import annotations

import datetime

import pytest
from msgspec.structs import replace
from sqlalchemy import event

from backrub.contract.records import CheckinRecord, SessionRecord
from backrub.contract.validation import ValidationError
from backrub.journal import accounts, entries, owned
from backrub.journal.entries import SessionNotes
from backrub.journal.models import SessionRow
from backrub.journal.people import create_person, person_journal
from backrub.journal.store import Store
from support.journal_factories import make_checkin, make_session


def _account(store: Store, email: str) -> tuple[str, str, SessionRecord, CheckinRecord]:
    """An account whose person has one session and one check-in."""
    session, checkin = make_session(note="felt good"), make_checkin()
    with store.transaction() as db:
        user = accounts.create_user(db=db, email=email, password_hash="-")
        person = accounts.create_owned_person(db=db, user_id=user.id, name=email.split("@")[0])
        entries.add_session(db=db, person_id=person.id, entry=session)
        entries.add_checkin(db=db, person_id=person.id, entry=checkin)
    return user.id, person.id, session, checkin


def _stored(
    store: Store, person_id: str
) -> tuple[tuple[SessionRecord, ...], tuple[CheckinRecord, ...]]:
    with store.transaction(write=False) as db:
        journal = person_journal(db=db, person_id=person_id)
    return journal.sessions, journal.checkins


NOTES = SessionNotes({"lower_back_right": 7}, {"lower_back_right": 3}, 2, "less stiff")


def test_an_owner_changes_a_sessions_ratings_and_note_and_nothing_else(store: Store) -> None:
    user, person, session, _ = _account(store, "sam@example.org")
    with store.transaction() as db:
        changed = owned.edit_owned_session(
            db=db, user_id=user, person_id=person, session_id=session.id, notes=NOTES
        )
    expected = replace(
        session,
        pain_before={"lower_back_right": 7},
        pain_after={"lower_back_right": 3},
        soreness_next_day=2,
        note="less stiff",
    )
    assert changed == expected
    assert _stored(store, person)[0] == (expected,)


def test_another_accounts_session_and_checkin_are_not_found_and_not_changed(store: Store) -> None:
    _, person, session, checkin = _account(store, "sam@example.org")
    other, other_person, _, _ = _account(store, "alex@example.org")
    before = _stored(store, person)
    with store.transaction() as db:
        for person_id in (person, other_person):  # the real person's id, or the stranger's own
            assert (
                owned.edit_owned_session(
                    db=db, user_id=other, person_id=person_id, session_id=session.id, notes=NOTES
                )
                is None
            )
            assert (
                owned.edit_owned_checkin(
                    db=db, user_id=other, person_id=person_id, entry=replace(checkin, peg=(0, 0, 0))
                )
                is None
            )
            assert not owned.delete_owned_session(
                db=db, user_id=other, person_id=person_id, session_id=session.id
            )
            assert not owned.delete_owned_checkin(
                db=db, user_id=other, person_id=person_id, checkin_id=checkin.id
            )
    assert _stored(store, person) == before


def test_an_owner_changes_a_checkin_within_the_same_checks_as_a_new_one(store: Store) -> None:
    user, person, _, checkin = _account(store, "sam@example.org")
    new = replace(checkin, date=datetime.date(2025, 12, 1), peg=(2, 3, 4), sleep=None, rmdq=5)
    with store.transaction() as db:
        assert owned.edit_owned_checkin(db=db, user_id=user, person_id=person, entry=new) == new
    assert _stored(store, person)[1] == (new,)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": datetime.date(2099, 1, 1)}, "date"),
        ({"date": datetime.date(1899, 12, 31)}, "date"),
        ({"peg": (11, 1, 1)}, "peg[0]"),
        ({"stress": 0}, "stress"),
        ({"rmdq": 25}, "rmdq"),
    ],
)
def test_a_refused_checkin_change_names_the_field_and_keeps_the_checkin(
    store: Store, change: dict[str, object], field: str
) -> None:
    user, person, _, checkin = _account(store, "sam@example.org")
    with store.transaction() as db, pytest.raises(ValidationError) as refused:
        owned.edit_owned_checkin(
            db=db, user_id=user, person_id=person, entry=replace(checkin, **change)
        )
    assert refused.value.path == field
    assert _stored(store, person)[1] == (checkin,)


@pytest.mark.parametrize(
    ("notes", "field"),
    [
        (SessionNotes({"lower_back_left": 11}, {}, None, ""), "pain_before"),
        (SessionNotes({}, {"nowhere": 1}, None, ""), "pain_after"),  # type: ignore[dict-item]
        (SessionNotes({}, {}, -1, ""), "soreness_next_day"),
        (SessionNotes({}, {}, None, "x" * 2001), "note"),
        (SessionNotes({}, {}, None, "evil \u202e txt.exe"), "note"),
        (SessionNotes({}, {}, None, "a\x1b[2Jb"), "note"),
    ],
)
def test_a_refused_session_change_names_the_field_and_keeps_the_session(
    store: Store, notes: SessionNotes, field: str
) -> None:
    user, person, session, _ = _account(store, "sam@example.org")
    with store.transaction() as db, pytest.raises(ValidationError) as refused:
        owned.edit_owned_session(
            db=db, user_id=user, person_id=person, session_id=session.id, notes=notes
        )
    assert refused.value.path.startswith(field)
    assert _stored(store, person)[0] == (session,)


def test_a_write_that_fails_midway_leaves_the_data_as_it_was(store: Store) -> None:
    """The edit's savepoint: when the UPDATE itself fails, the caller's transaction goes
    on without any part of the edit."""
    user, person, session, _ = _account(store, "sam@example.org")
    checkin = make_checkin()

    def fail(*_: object) -> None:
        raise RuntimeError("the disk is full")

    event.listen(SessionRow, "before_update", fail)
    try:
        with store.transaction() as db:
            with pytest.raises(RuntimeError):
                owned.edit_owned_session(
                    db=db, user_id=user, person_id=person, session_id=session.id, notes=NOTES
                )
            entries.add_checkin(db=db, person_id=person, entry=checkin)  # the rest goes on
    finally:
        event.remove(SessionRow, "before_update", fail)
    sessions, checkins = _stored(store, person)
    assert sessions == (session,)
    assert checkin in checkins


def test_deleting_removes_only_that_record(store: Store) -> None:
    user, person, session, checkin = _account(store, "sam@example.org")
    second = make_session(started=datetime.datetime(2026, 1, 9, 19, tzinfo=datetime.UTC))
    with store.transaction() as db:
        entries.add_session(db=db, person_id=person, entry=second)
    with store.transaction() as db:
        assert owned.delete_owned_session(
            db=db, user_id=user, person_id=person, session_id=session.id
        )
        assert owned.delete_owned_checkin(
            db=db, user_id=user, person_id=person, checkin_id=checkin.id
        )
    assert _stored(store, person) == ((second,), ())
    with store.transaction() as db:  # a second time: nothing left to delete
        assert not owned.delete_owned_session(
            db=db, user_id=user, person_id=person, session_id=session.id
        )


def test_the_clis_own_people_are_changed_and_deleted_by_person(store: Store) -> None:
    session, checkin = make_session(), make_checkin()
    with store.transaction() as db:
        sam = create_person(db=db, name="Sam").id
        alex = create_person(db=db, name="Alex").id
        entries.add_session(db=db, person_id=sam, entry=session)
        entries.add_checkin(db=db, person_id=sam, entry=checkin)
    with store.transaction() as db:
        assert (
            entries.edit_session(db=db, person_id=alex, session_id=session.id, notes=NOTES) is None
        )
        assert not entries.delete_checkin(db=db, person_id=alex, checkin_id=checkin.id)
        changed = entries.edit_session(db=db, person_id=sam, session_id=session.id, notes=NOTES)
        assert changed is not None and changed.note == "less stiff"
        assert entries.edit_checkin(db=db, person_id=sam, entry=replace(checkin, peg=(1, 1, 1)))
        assert entries.delete_session(db=db, person_id=sam, session_id=session.id)
    sessions, checkins = _stored(store, sam)
    assert sessions == () and checkins[0].peg == (1, 1, 1)
