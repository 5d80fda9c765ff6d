"""The owner-scoped journal against a real, fresh database (SQLite, or PostgreSQL)."""

from __future__ import annotations

import datetime

import pytest
from msgspec.structs import replace

from backrub.contract.intake import parse_intake
from backrub.contract.records import Journal, PersonRecord, SessionFacts, SessionRecord
from backrub.contract.validation import ValidationError
from backrub.journal import accounts, owned
from backrub.journal.people import create_person, progress_history
from backrub.journal.store import Store
from backrub.journal.transfer import ImportCounts
from support.databases import count_rows
from support.intakes import make_intake
from support.journal_factories import SAMPLE_PLAN, make_checkin, make_session


def _user(store: Store, email: str) -> str:
    with store.transaction() as db:
        return accounts.create_user(db=db, email=email, password_hash="x").id


def _document(name: str = "sam", sessions: int = 2, checkins: int = 1) -> Journal:
    person = PersonRecord(
        id=f"person-{name}",
        name=name,
        intake=parse_intake(make_intake()),
        sessions=tuple(
            make_session(started=datetime.datetime(2026, 1, 5 + i, 19, tzinfo=datetime.UTC))
            for i in range(sessions)
        ),
        checkins=tuple(make_checkin(date=datetime.date(2026, 1, 7 + i)) for i in range(checkins)),
    )
    return Journal(people=(person,))


def _counts(store: Store) -> ImportCounts:
    with store.transaction() as db:
        return count_rows(db=db)


def test_import_makes_the_people_the_accounts_own(store: Store) -> None:
    user = _user(store, "a@example.org")
    document = _document()
    with store.transaction() as db:
        counts = owned.import_owned_journal(db=db, user_id=user, journal=document)
    assert counts == ImportCounts(people=1, sessions=2, checkins=1)
    with store.transaction() as db:
        assert owned.owned_journal(db=db, user_id=user) == document
        assert owned.owned_person(db=db, user_id=user, person_id="person-sam") is not None


def test_importing_the_same_document_twice_adds_nothing(store: Store) -> None:
    user = _user(store, "a@example.org")
    document = _document()
    with store.transaction() as db:
        owned.import_owned_journal(db=db, user_id=user, journal=document)
    before = _counts(store)
    with store.transaction() as db:
        counts = owned.import_owned_journal(db=db, user_id=user, journal=document)
    assert counts == ImportCounts()
    assert _counts(store) == before


def test_new_records_of_a_known_person_are_added_to_them(store: Store) -> None:
    user = _user(store, "a@example.org")
    first = _document(sessions=1, checkins=0)
    with store.transaction() as db:
        owned.import_owned_journal(db=db, user_id=user, journal=first)
    (person,) = first.people
    more = replace(person, sessions=(*person.sessions, make_session()), checkins=(make_checkin(),))
    with store.transaction() as db:
        counts = owned.import_owned_journal(db=db, user_id=user, journal=Journal(people=(more,)))
    assert counts == ImportCounts(people=0, sessions=1, checkins=1)


@pytest.mark.parametrize(
    ("part", "path"),
    [
        ("person", "people[0].id"),
        ("session", "people[0].sessions[1].id"),
        ("checkin", "people[0].checkins[0].id"),
    ],
)
def test_an_id_of_another_account_is_refused_and_nothing_is_written(
    store: Store, part: str, path: str
) -> None:
    alice, bob = _user(store, "a@example.org"), _user(store, "b@example.org")
    alices = _document("alice")
    with store.transaction() as db:
        owned.import_owned_journal(db=db, user_id=alice, journal=alices)
    (theirs,) = alices.people
    (mine,) = _document("bob").people
    if part == "person":
        mine = replace(mine, id=theirs.id)
    elif part == "session":
        mine = replace(mine, sessions=(mine.sessions[0], theirs.sessions[0]))
    else:
        mine = replace(mine, checkins=theirs.checkins)
    before = _counts(store)
    with pytest.raises(ValidationError) as raised, store.transaction() as db:
        owned.import_owned_journal(db=db, user_id=bob, journal=Journal(people=(mine,)))
    assert (raised.value.path, raised.value.message) == (path, owned.OUTSIDE_ACCOUNT)
    assert _counts(store) == before
    with store.transaction() as db:
        assert owned.owned_journal(db=db, user_id=alice) == alices
        assert owned.owned_journal(db=db, user_id=bob).people == ()


def test_the_clis_unowned_people_are_outside_every_account(store: Store) -> None:
    user = _user(store, "a@example.org")
    with store.transaction() as db:
        cli_person = create_person(db=db, name="sam")
    document = Journal(people=(replace(_document().people[0], id=cli_person.id),))
    with pytest.raises(ValidationError, match="outside your account"), store.transaction() as db:
        owned.import_owned_journal(db=db, user_id=user, journal=document)


def test_a_name_taken_in_the_account_gets_a_number_and_another_accounts_is_no_matter(
    store: Store,
) -> None:
    alice, bob = _user(store, "a@example.org"), _user(store, "b@example.org")
    with store.transaction() as db:
        owned.import_owned_journal(db=db, user_id=alice, journal=_document("sam"))
        create_person(db=db, name="sam")  # the CLI's own "sam"
    twins = Journal(people=(PersonRecord(id="one", name="sam"), PersonRecord(id="two", name="sam")))
    with store.transaction() as db:
        owned.import_owned_journal(db=db, user_id=bob, journal=twins)
        names = [p.name for p in owned.owned_journal(db=db, user_id=bob).people]
    assert names == ["sam", "sam 2"]


def test_a_long_taken_name_still_fits(store: Store) -> None:
    user = _user(store, "a@example.org")
    long_name = "n" * 100
    twins = (PersonRecord(id="p", name=long_name), PersonRecord(id="q", name=long_name))
    with store.transaction() as db:
        owned.import_owned_journal(db=db, user_id=user, journal=Journal(people=twins))
        stored = [p.name for p in owned.owned_journal(db=db, user_id=user).people]
    assert stored == [long_name, "n" * 90 + " 2"]


def test_a_bad_time_is_named_and_nothing_is_written(store: Store) -> None:
    user = _user(store, "a@example.org")
    early = datetime.datetime.fromisoformat("0001-01-01T00:30:00+01:00")
    (person,) = _document().people
    person = replace(person, sessions=(make_session(started=early, ended=None),))
    with pytest.raises(ValidationError) as raised, store.transaction() as db:
        owned.import_owned_journal(db=db, user_id=user, journal=Journal(people=(person,)))
    assert raised.value.path == "people[0].sessions[0].started"
    assert _counts(store) == ImportCounts()


def test_sessions_and_checkins_are_found_only_through_their_owner(store: Store) -> None:
    alice, bob = _user(store, "a@example.org"), _user(store, "b@example.org")
    document = _document("alice")
    (person,) = document.people
    with store.transaction() as db:
        owned.import_owned_journal(db=db, user_id=alice, journal=document)
        bobs = accounts.create_owned_person(db=db, user_id=bob, name="bob")
    session, checkin = person.sessions[0], person.checkins[0]
    with store.transaction() as db:
        found = owned.owned_session(
            db=db, user_id=alice, person_id=person.id, session_id=session.id
        )
        assert found == session
        assert (
            owned.owned_checkin(db=db, user_id=alice, person_id=person.id, checkin_id=checkin.id)
            == checkin
        )
        for user, person_id in ((bob, person.id), (bob, bobs.id), (alice, bobs.id)):
            ids = {"user_id": user, "person_id": person_id}
            assert owned.owned_session(db=db, session_id=session.id, **ids) is None
            assert owned.owned_checkin(db=db, checkin_id=checkin.id, **ids) is None
        assert (
            owned.owned_session(db=db, user_id=alice, person_id=person.id, session_id="\x00")
            is None
        )


def test_latest_checkins_come_newest_first(store: Store) -> None:
    user = _user(store, "a@example.org")
    document = _document(checkins=3)
    with store.transaction() as db:
        owned.import_owned_journal(db=db, user_id=user, journal=document)
        latest = owned.latest_checkins(db=db, person_id="person-sam")
        assert [c.date.day for c in latest] == [9, 8, 7]
        assert owned.latest_checkins(db=db, person_id="person-sam", limit=1) == latest[:1]


def _facts(session: SessionRecord) -> SessionFacts:
    """What a read without plans should say of `session`."""
    return SessionFacts(
        **{f: getattr(session, f) for f in SessionFacts.__struct_fields__ if hasattr(session, f)},
        planned_seconds=session.plan["total_seconds"],
    )


def test_reads_without_plans_say_what_the_whole_record_says(store: Store) -> None:
    """The listing and the progress page read no plan, and lose nothing else: each session
    is the whole record's facts, with the plan's size, in the same order; the progress
    read has the person's name, intake and check-ins too."""
    user = _user(store, "a@example.org")
    sessions = tuple(
        make_session(
            started=datetime.datetime(2026, 1, 5 + i, 19, tzinfo=datetime.UTC),
            plan={**SAMPLE_PLAN, "steps": SAMPLE_PLAN["steps"][: i + 1]},
            soreness_next_day=i if i % 2 else None,
            note=f"note {i}",
        )
        for i in range(4)
    )
    person = replace(_document().people[0], sessions=sessions)
    with store.transaction() as db:
        owned.import_owned_journal(db=db, user_id=user, journal=Journal(people=(person,)))
    expected = [_facts(s) for s in sessions]
    assert [f.step_count for f in expected] == [1, 2, 3, 4]
    with store.transaction() as db:
        history = progress_history(db=db, person_id=person.id)
        latest = owned.last_sessions(db=db, person_id=person.id, limit=3)
    assert list(history.sessions) == expected
    assert (history.id, history.name, history.intake) == (person.id, person.name, person.intake)
    assert history.checkins == person.checkins
    assert latest == expected[::-1][:3]


def test_a_progress_read_of_no_such_person_is_a_lookup_error(store: Store) -> None:
    with store.transaction() as db, pytest.raises(LookupError, match="no person"):
        progress_history(db=db, person_id="nobody")
