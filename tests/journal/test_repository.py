"""The repository against a real, fresh database: SQLite, or PostgreSQL (tests/databases.py)."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import text

from backrub.contract.intake import parse_intake
from backrub.journal.entries import add_checkin, add_session, set_soreness
from backrub.journal.people import (
    create_person,
    current_person,
    delete_person,
    find_person,
    list_people,
    person_journal,
    rename_person,
    resolve_person,
    save_intake,
    set_current_person,
)
from backrub.journal.store import Store
from backrub.journal.transfer import ImportCounts
from support.databases import count_rows
from support.intakes import make_intake
from support.journal_factories import make_checkin, make_session


def test_create_find_and_list_people(store: Store) -> None:
    with store.transaction() as db:
        sam = create_person(db=db, name="Sam")
        create_person(db=db, name="Alex", intake=parse_intake(make_intake()))
    with store.transaction() as db:
        assert [p.name for p in list_people(db=db)] == ["Sam", "Alex"]
        assert find_person(db=db, name="Sam") == sam
        alex = find_person(db=db, name="Alex")
        assert alex is not None and alex.intake == parse_intake(make_intake())
        assert find_person(db=db, name="Nobody") is None


def test_create_person_refuses_a_taken_name(store: Store) -> None:
    with store.transaction() as db:
        create_person(db=db, name="Sam")
    with pytest.raises(ValueError, match="already"), store.transaction() as db:
        create_person(db=db, name="Sam")


def test_rename_person_keeps_names_unique(store: Store) -> None:
    with store.transaction() as db:
        sam = create_person(db=db, name="Sam")
        create_person(db=db, name="Alex")
    with store.transaction() as db:
        assert rename_person(db=db, person_id=sam.id, name=" Samira ").name == "Samira"
        assert rename_person(db=db, person_id=sam.id, name="Samira").name == "Samira"
    with pytest.raises(ValueError, match="already"), store.transaction() as db:
        rename_person(db=db, person_id=sam.id, name="Alex")
    with pytest.raises(ValueError, match="1 to 100"), store.transaction() as db:
        rename_person(db=db, person_id=sam.id, name=" ")
    with store.transaction() as db:
        assert [p.name for p in list_people(db=db)] == ["Samira", "Alex"]


def test_resolve_person_creates_me_in_an_empty_journal(store: Store) -> None:
    with store.transaction() as db:
        me = resolve_person(db=db)
    with store.transaction() as db:
        assert me.name == "me"
        assert current_person(db=db) == me
        assert resolve_person(db=db) == me


def test_resolve_person_prefers_name_then_current_then_the_only_one(store: Store) -> None:
    with store.transaction() as db:
        sam = create_person(db=db, name="Sam")
        assert resolve_person(db=db) == sam
        alex = create_person(db=db, name="Alex")
        with pytest.raises(LookupError, match="several"):
            resolve_person(db=db)
        set_current_person(db=db, person_id=alex.id)
        assert resolve_person(db=db) == alex
        assert resolve_person(db=db, name="Sam") == sam
        with pytest.raises(LookupError, match="known: Sam, Alex"):
            resolve_person(db=db, name="Kim")


def test_sessions_come_back_in_start_order_with_their_offsets(store: Store) -> None:
    later = make_session(started=datetime.datetime.fromisoformat("2026-01-06T08:00:00-05:00"))
    earlier = make_session(started=datetime.datetime.fromisoformat("2026-01-06T13:30:00+01:00"))
    with store.transaction() as db:
        person = create_person(db=db, name="Sam")
        add_session(db=db, person_id=person.id, entry=later)
        add_session(db=db, person_id=person.id, entry=earlier)
        add_checkin(db=db, person_id=person.id, entry=make_checkin())
    with store.transaction() as db:
        full = person_journal(db=db, person_id=person.id)
    assert full.sessions == (earlier, later)
    assert full.sessions[1].started.isoformat() == "2026-01-06T08:00:00-05:00"
    assert full.sessions[0].ended is not None
    assert full.sessions[0].ended.isoformat() == "2026-01-06T13:45:10+01:00"


def test_pain_ratings_keep_their_order_and_values(store: Store) -> None:
    entry = make_session(
        pain_before={"shoulder_right": 3, "lower_back_left": 7, "mid_back_left": 0},
        pain_after={"mid_back_left": 1},
    )
    with store.transaction() as db:
        person = create_person(db=db, name="Sam")
        add_session(db=db, person_id=person.id, entry=entry)
    with store.transaction() as db:
        (stored,) = person_journal(db=db, person_id=person.id).sessions
    assert list(stored.pain_before.items()) == list(entry.pain_before.items())
    assert stored == entry


def test_set_soreness(store: Store) -> None:
    entry = make_session()
    with store.transaction() as db:
        person = create_person(db=db, name="Sam")
        add_session(db=db, person_id=person.id, entry=entry)
        set_soreness(db=db, session_id=entry.id, value=2)
        with pytest.raises(LookupError):
            set_soreness(db=db, session_id="nope", value=2)
        with pytest.raises(ValueError):
            set_soreness(db=db, session_id=entry.id, value=11)
    with store.transaction() as db:
        (stored,) = person_journal(db=db, person_id=person.id).sessions
    assert stored.soreness_next_day == 2


def test_a_failed_transaction_leaves_nothing(store: Store) -> None:
    with pytest.raises(ValueError), store.transaction() as db:
        person = create_person(db=db, name="Sam")
        entry = make_session()
        add_session(db=db, person_id=person.id, entry=entry)
        add_session(db=db, person_id=person.id, entry=entry)  # same id: refused
    with store.transaction() as db:
        assert list_people(db=db) == []
        assert count_rows(db=db).total == 0


def test_delete_person_removes_everything_of_theirs(store: Store) -> None:
    with store.transaction() as db:
        sam = create_person(db=db, name="Sam")
        alex = create_person(db=db, name="Alex")
        set_current_person(db=db, person_id=sam.id)
        for person in (sam, alex):
            add_session(db=db, person_id=person.id, entry=make_session())
            add_checkin(db=db, person_id=person.id, entry=make_checkin())
    with store.transaction() as db:
        delete_person(db=db, person_id=sam.id)
    with store.transaction() as db:
        assert current_person(db=db) is None
        assert count_rows(db=db) == ImportCounts(people=1, sessions=1, checkins=1)
        kept = person_journal(db=db, person_id=alex.id).sessions[0]
        assert (kept.pain_before, kept.pain_after) == (
            {"lower_back_left": 6},
            {"lower_back_left": 4},
        )


def test_save_intake(store: Store) -> None:
    intake = parse_intake(make_intake(minutes=20))
    with store.transaction() as db:
        sam = create_person(db=db, name="Sam")
        save_intake(db=db, person_id=sam.id, intake=intake)
    with store.transaction() as db:
        assert person_journal(db=db, person_id=sam.id).intake == intake


def test_checkins_come_back_by_date(store: Store) -> None:
    second = make_checkin(date=datetime.date(2026, 1, 14), rmdq=7)
    first = make_checkin(date=datetime.date(2026, 1, 7), sleep=None, stress=None)
    with store.transaction() as db:
        sam = create_person(db=db, name="Sam")
        add_checkin(db=db, person_id=sam.id, entry=second)
        add_checkin(db=db, person_id=sam.id, entry=first)
    with store.transaction() as db:
        assert person_journal(db=db, person_id=sam.id).checkins == (first, second)


@pytest.mark.sqlite_only
def test_sqlite_settings(sqlite_store: Store) -> None:
    """SQLite only: WAL, foreign keys and full sync are PRAGMAs PostgreSQL does not have."""
    with sqlite_store.transaction() as db:
        assert db.scalar(text("PRAGMA journal_mode")) == "wal"
        assert db.scalar(text("PRAGMA foreign_keys")) == 1
        assert db.scalar(text("PRAGMA synchronous")) == 2  # FULL


def test_a_time_out_of_range_in_utc_is_refused_naming_the_field(store: Store) -> None:
    """Edges refuse entries before 1900 first; the store still names what it cannot hold."""
    from backrub.contract.validation import ValidationError

    started = datetime.datetime(
        1, 1, 1, 0, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    entry = make_session(started=started, ended=None)
    with store.transaction() as db:
        person = create_person(db=db, name="Sam")
        with pytest.raises(ValidationError, match=r"^started: 0001-01-01T00:30:00\+01:00 is out"):
            add_session(db=db, person_id=person.id, entry=entry)
