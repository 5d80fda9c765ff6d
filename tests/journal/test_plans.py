"""Each distinct plan is stored once per person (`plans`): written with the first session
that follows it, read through the table, deleted with the last session, never shared
between people, gone with the person."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select

from backrub.contract.records import Journal, PersonRecord
from backrub.exchange.journal_json import export_json, parse_json
from backrub.journal import accounts, owned
from backrub.journal.accounts import create_owned_person
from backrub.journal.entries import SessionNotes, add_session, delete_session, edit_session
from backrub.journal.mapping import plan_digest, plan_text, store_plans
from backrub.journal.models import PlanRow, SessionRow
from backrub.journal.people import (
    create_person,
    delete_person,
    person_journal,
    progress_history,
)
from backrub.journal.store import Store
from backrub.journal.transfer import import_journal
from support.journal_factories import PLAN, make_session

OTHER_PLAN: dict[str, Any] = {**PLAN, "total_seconds": 120, "note": "é, ünïcode"}
DAY = datetime.timedelta(days=1)
START = datetime.datetime(2026, 1, 5, 19, tzinfo=datetime.UTC)


def _plans(store: Store) -> list[tuple[str, str, str]]:
    """Every stored plan: (person, digest, text), in a stable order."""
    with store.transaction(write=False) as db:
        rows = db.execute(
            select(PlanRow.person_id, PlanRow.digest, PlanRow.plan_text).order_by(
                PlanRow.person_id, PlanRow.digest
            )
        )
        return [(person, digest, text) for person, digest, text in rows]


def _person(store: Store, name: str = "sam") -> str:
    with store.transaction() as db:
        return create_person(db=db, name=name).id


def _add(store: Store, person: str, session_id: str, plan: dict[str, Any], day: int = 0) -> None:
    with store.transaction() as db:
        entry = make_session(id=session_id, plan=plan, started=START + day * DAY)
        add_session(db=db, person_id=person, entry=entry)


def test_the_stored_text_is_msgspecs_and_the_digest_its_sha256() -> None:
    text = plan_text({"schema": "backrub.plan/1", "b": 1, "a": [1.5, "é"]})
    assert text == '{"schema":"backrub.plan/1","b":1,"a":[1.5,"é"]}'  # keys in their order
    assert len(plan_digest(text)) == 64
    assert plan_digest(text) == plan_digest(text) != plan_digest(text + " ")


def test_sessions_with_the_same_plan_share_one_row(store: Store) -> None:
    sam, ann = _person(store, "sam"), _person(store, "ann")
    _add(store, sam, "s1", PLAN)
    _add(store, sam, "s2", dict(PLAN), day=1)  # an equal plan: the same text
    _add(store, sam, "s3", OTHER_PLAN, day=2)
    _add(store, ann, "a1", PLAN)  # the same plan, another person: a row of her own
    stored = _plans(store)
    assert sorted((person, text) for person, _, text in stored) == sorted(
        [(sam, plan_text(PLAN)), (sam, plan_text(OTHER_PLAN)), (ann, plan_text(PLAN))]
    )
    assert all(digest == plan_digest(text) for _, digest, text in stored)
    with store.transaction(write=False) as db:
        sessions = person_journal(db=db, person_id=sam).sessions
        digests = db.execute(select(SessionRow.id, SessionRow.plan_digest).order_by(SessionRow.id))
        assert dict(digests.all()) == {
            "a1": plan_digest(plan_text(PLAN)),
            "s1": plan_digest(plan_text(PLAN)),
            "s2": plan_digest(plan_text(PLAN)),
            "s3": plan_digest(plan_text(OTHER_PLAN)),
        }
    assert [s.plan for s in sessions] == [PLAN, PLAN, OTHER_PLAN]


def test_deleting_a_session_deletes_its_plan_only_when_no_other_follows_it(store: Store) -> None:
    sam, ann = _person(store, "sam"), _person(store, "ann")
    _add(store, sam, "s1", PLAN)
    _add(store, sam, "s2", PLAN, day=1)
    _add(store, sam, "s3", OTHER_PLAN, day=2)
    _add(store, ann, "a1", PLAN)
    with store.transaction() as db:
        assert delete_session(db=db, person_id=sam, session_id="s1")
    assert len(_plans(store)) == 3  # s2 still follows it
    with store.transaction() as db:
        assert delete_session(db=db, person_id=sam, session_id="s2")
        assert delete_session(db=db, person_id=sam, session_id="s3")
    assert _plans(store) == [(ann, plan_digest(plan_text(PLAN)), plan_text(PLAN))]
    with store.transaction() as db:
        assert not delete_session(db=db, person_id=sam, session_id="s3")
    assert len(_plans(store)) == 1


def test_a_delete_rolled_back_keeps_the_plan(store: Store) -> None:
    sam = _person(store)
    _add(store, sam, "s1", PLAN)
    with store.transaction() as db:
        assert delete_session(db=db, person_id=sam, session_id="s1")
        assert db.scalar(select(func.count()).select_from(PlanRow)) == 0
        db.rollback()
    with store.transaction(write=False) as db:
        assert person_journal(db=db, person_id=sam).sessions[0].plan == PLAN


def test_deleting_a_person_deletes_their_plans(store: Store) -> None:
    sam, ann = _person(store, "sam"), _person(store, "ann")
    _add(store, sam, "s1", PLAN)
    _add(store, ann, "a1", OTHER_PLAN)
    with store.transaction() as db:
        delete_person(db=db, person_id=sam)
    assert [person for person, _, _ in _plans(store)] == [ann]


def test_deleting_an_account_deletes_its_peoples_plans(store: Store) -> None:
    with store.transaction() as db:
        user = accounts.create_user(db=db, email="a@example.org", password_hash="x")
        person = create_owned_person(db=db, user_id=user.id, name="sam")
    _add(store, person.id, "s1", PLAN)
    with store.transaction() as db:
        accounts.delete_user(db=db, user_id=user.id)
    assert _plans(store) == []


def test_editing_a_session_never_writes_its_plan(store: Store) -> None:
    sam = _person(store)
    _add(store, sam, "s1", PLAN)
    before = _plans(store)
    written: list[str] = []
    with _statements(store, written), store.transaction() as db:
        notes = SessionNotes({}, {}, 3, "better")
        edited = edit_session(db=db, person_id=sam, session_id="s1", notes=notes)
    assert edited is not None
    assert (edited.plan, edited.note, edited.soreness_next_day) == (PLAN, "better", 3)
    assert not [s for s in written if s.startswith(("INSERT", "UPDATE", "DELETE")) and "plans" in s]
    assert _plans(store) == before


def test_an_import_stores_each_plan_once(store: Store) -> None:
    sessions = tuple(
        make_session(id=f"s{i}", plan=PLAN if i % 2 else OTHER_PLAN, started=START + i * DAY)
        for i in range(6)
    )
    journal = Journal(people=(PersonRecord(id="p1", name="sam", sessions=sessions),))
    with store.transaction() as db:
        assert import_journal(db=db, journal=journal).sessions == 6
    assert len(_plans(store)) == 2
    with store.transaction() as db:
        user = accounts.create_user(db=db, email="a@example.org", password_hash="x")
        document = Journal(people=(PersonRecord(id="p2", name="ann", sessions=sessions[:0]),))
        owned.import_owned_journal(db=db, user_id=user.id, journal=document)
        later = tuple(make_session(plan=PLAN, started=START + i * DAY) for i in range(3))
        again = Journal(people=(PersonRecord(id="p2", name="ann", sessions=later),))
        assert owned.import_owned_journal(db=db, user_id=user.id, journal=again).sessions == 3
    assert [person for person, _, _ in _plans(store)].count("p2") == 1
    with store.transaction(write=False) as db:
        assert [s.plan for s in owned.owned_journal(db=db, user_id=user.id).people[0].sessions] == [
            PLAN
        ] * 3


def test_storing_a_plan_again_changes_nothing(store: Store) -> None:
    sam = _person(store)
    text = plan_text(PLAN)
    with store.transaction() as db:
        store_plans(db, sam, {plan_digest(text): text})
        store_plans(db, sam, {plan_digest(text): text})
    assert _plans(store) == [(sam, plan_digest(text), text)]


def test_two_writers_storing_the_same_plan_both_go_on(store: Store) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: on PostgreSQL the second writer waits for the
    first and then finds the row there, rather than failing on the key."""
    sam = _person(store)
    started = threading.Barrier(2)
    failures: list[BaseException] = []

    def write(session_id: str, day: int) -> None:
        try:
            started.wait(timeout=10)
            _add(store, sam, session_id, PLAN, day=day)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(f"s{n}", n)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert len(_plans(store)) == 1
    with store.transaction(write=False) as db:
        assert [s.id for s in person_journal(db=db, person_id=sam).sessions] == ["s0", "s1"]


def test_a_plan_a_new_session_follows_outlives_a_concurrent_delete_of_the_last_one(
    store: Store,
) -> None:
    """One transaction writes a session following the plan while another deletes the
    person's last session of it: the plan is kept for the new session (on PostgreSQL the
    delete waits for the writer, then the foreign key refuses it, in a savepoint)."""
    sam = _person(store)
    _add(store, sam, "s1", PLAN)
    failures: list[BaseException] = []

    def delete_the_first() -> None:
        try:
            with store.transaction() as db:
                assert delete_session(db=db, person_id=sam, session_id="s1")
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    deleting = threading.Thread(target=delete_the_first)
    with store.transaction() as db:
        add_session(db=db, person_id=sam, entry=make_session(id="s2", plan=PLAN))
        deleting.start()
        deleting.join(timeout=0.5)  # on PostgreSQL it waits for this transaction
    deleting.join(timeout=30)
    assert failures == []
    with store.transaction(write=False) as db:
        sessions = person_journal(db=db, person_id=sam).sessions
    assert [(s.id, s.plan) for s in sessions] == [("s2", PLAN)]
    assert len(_plans(store)) == 1


THIRD_PLAN: dict[str, Any] = {**PLAN, "total_seconds": 180}


@pytest.mark.parametrize("change", ["deleted", "added"])
@pytest.mark.parametrize("read", ["JSON export", "whole person"])
def test_a_read_while_sessions_come_and_go_stays_whole(
    store: Store, read: str, change: str
) -> None:
    """On PostgreSQL each statement sees what was committed when it began, and a read
    takes the sessions and the plans in two. A session whose plan the read did not find
    (deleted, with its plan, or written, with a new one, in between) is left out, as
    deleted or not yet written, rather than failing or leaving its place empty. (On
    SQLite a transaction reads one snapshot, and sees neither change.)"""
    with store.transaction() as db:
        user = accounts.create_user(db=db, email="a@example.org", password_hash="x")
        person = create_owned_person(db=db, user_id=user.id, name="sam").id
    _add(store, person, "s1", PLAN)
    _add(store, person, "s2", OTHER_PLAN, day=1)
    # Deleting s2 just before the plans are read, or writing s3 before the sessions are.
    trigger = "plans.plan_text" if change == "deleted" else "sessions.plan_digest"
    changed: list[bool] = []

    def change_meanwhile(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("SELECT") and trigger in statement and not changed:
            changed.append(True)
            if change == "deleted":
                with store.transaction() as other:
                    assert delete_session(db=other, person_id=person, session_id="s2")
            else:
                _add(store, person, "s3", THIRD_PLAN, day=2)

    event.listen(store.engine, "before_cursor_execute", change_meanwhile)
    try:
        with store.transaction(write=False) as db:
            if read == "JSON export":
                text = owned.export_owned(db=db, user_id=user.id, format_="json")
                journal = parse_json(text)
                assert export_json(journal) == text
            else:
                journal = Journal(people=(person_journal(db=db, person_id=person),))
    finally:
        event.remove(store.engine, "before_cursor_execute", change_meanwhile)
    assert changed
    plans = {"s1": PLAN, "s2": OTHER_PLAN, "s3": THIRD_PLAN}
    sessions = journal.people[0].sessions
    assert [s.id for s in sessions] in (["s1"], ["s1", "s2"], ["s1", "s2", "s3"])
    assert all(s.plan == plans[s.id] for s in sessions)


READS_WITHOUT_PLANS = {
    "listing": lambda db, user, person: accounts.recent_sessions(
        db=db, user_id=user, person_id=person, limit=50, href_prefix="/x/"
    ),
    "journal page": lambda db, user, person: owned.last_sessions(db=db, person_id=person),
    "progress": lambda db, user, person: progress_history(db=db, person_id=person),
    "rating write": lambda db, user, person: accounts.set_ratings(
        db=db, user_id=user, person_id=person, session_id="s1", soreness_next_day=2
    ),
}


@pytest.mark.parametrize("name", list(READS_WITHOUT_PLANS))
def test_reads_that_show_no_plan_never_touch_the_plans(store: Store, name: str) -> None:
    with store.transaction() as db:
        user = accounts.create_user(db=db, email="a@example.org", password_hash="x")
        person = create_owned_person(db=db, user_id=user.id, name="sam")
    _add(store, person.id, "s1", PLAN)
    sent: list[str] = []
    with _statements(store, sent), store.transaction() as db:
        READS_WITHOUT_PLANS[name](db, user.id, person.id)
    assert any("sessions" in statement for statement in sent)
    assert not [statement for statement in sent if "plans" in statement]


@contextmanager
def _statements(store: Store, sent: list[str]) -> Iterator[None]:
    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement.lstrip())

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
