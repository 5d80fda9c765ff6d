"""Alembic's migrations build exactly the schema the models describe."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData, Table, inspect, select, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from backrub.journal.models import Base, Person
from backrub.journal.search import is_index_object
from backrub.journal.store import (
    HEAD,
    MIGRATIONS,
    Store,
    make_engine,
    migrate,
    migration_transaction,
)

TABLES = {"alembic_version", "people", "settings", "sessions", "checkins"}
TABLES |= {"users", "web_sessions", "access_tokens", "signin_attempts"}  # 0002
TABLES |= {"tips", "tip_decisions", "tip_reports", "rate_hits", "used_challenges"}  # 0005
TABLES |= {"guide_documents"}  # 0006, with search indexes that are not models
TABLES |= {"pending_signups"}  # 0007
TABLES |= {"plans"}  # 0008


def _tables(connection: Connection) -> set[str]:
    """The tables that models describe: not the FTS5 tables and their shadows."""
    names = inspect(connection).get_table_names()
    return {name for name in names if not is_index_object(name, "table")}


def _assert_matches_the_models(connection: Connection) -> None:
    assert _tables(connection) == TABLES
    include = lambda name, type_, _parents: not is_index_object(name, type_)  # noqa: E731
    context = MigrationContext.configure(
        connection,
        opts={"compare_type": True, "render_as_batch": True, "include_name": include},
    )
    assert compare_metadata(context, Base.metadata) == []


def _alembic_on(connection: Connection) -> Config:
    """Alembic's configuration, its commands running on `connection` (migrations/env.py)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def test_the_expected_head_is_the_newest_script() -> None:
    """`store.HEAD` lets an up-to-date journal open without Alembic; it must name the
    newest migration, or a journal would never be upgraded past it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_upgrade_head_from_empty_matches_the_models(journal_url: str) -> None:
    engine = make_engine(journal_url)
    try:
        migrate(engine)
        with engine.connect() as connection:
            _assert_matches_the_models(connection)
            assert MigrationContext.configure(connection).get_current_revision() == HEAD
    finally:
        engine.dispose()


def test_migrate_twice_is_harmless(journal_url: str) -> None:
    engine = make_engine(journal_url)
    try:
        migrate(engine)
        migrate(engine)
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == HEAD
    finally:
        engine.dispose()


def test_a_store_that_does_not_migrate_leaves_it_to_upgrade(journal_url: str) -> None:
    """The web app's way: no migration inside a transaction (a request), one `upgrade()`
    at start-up, which says from which revision to which."""
    with Store(journal_url, migrate=False) as store:
        with store.engine.connect() as connection:
            assert inspect(connection).get_table_names() == []
        with (
            pytest.raises((OperationalError, ProgrammingError)),
            store.transaction(write=False) as db,
        ):
            db.execute(select(Person.id)).all()
        assert store.upgrade() == (None, HEAD)
        assert store.upgrade() == (HEAD, HEAD)
        with store.transaction(write=False) as db:
            assert db.execute(select(Person.id)).all() == []


def test_a_store_migrates_before_its_first_transaction_by_default(journal_url: str) -> None:
    with Store(journal_url) as store:
        with store.transaction(write=False) as db:
            assert db.execute(select(Person.id)).all() == []
        assert store.upgrade() == (HEAD, HEAD)


def test_downgrade_to_base_and_up_again(journal_url: str) -> None:
    engine = make_engine(journal_url)
    try:
        migrate(engine)
        with engine.begin() as connection:
            command.downgrade(_alembic_on(connection), "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == {"alembic_version"}
        migrate(engine)
        with engine.connect() as connection:
            assert _tables(connection) == TABLES
    finally:
        engine.dispose()


def test_0002_upgrades_a_0001_journal_keeping_its_people_unowned(journal_url: str) -> None:
    """0002 rebuilds `people` on SQLite; with foreign keys on, that dropped every session
    and check-in by cascade, so `migrate` runs with them off and checks them after."""
    engine = make_engine(journal_url)
    try:
        _upgrade_to(
            engine,
            "0001",
            "INSERT INTO people (id, name, created) VALUES ('p1', 'Sam', '2026-01-05 10:00:00')",
            SESSION_0002.format(id="s1", at="2026-01-05 10:00:00", plan=BARE_PLAN),
            CHECKIN,
        )
        migrate(engine)
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, name, owner_id FROM people")).all()
            assert [tuple(row) for row in rows] == [("p1", "Sam", None)]
            sessions = connection.execute(text("SELECT id FROM sessions")).scalars().all()
            checkins = connection.execute(text("SELECT id FROM checkins")).scalars().all()
            assert (sessions, checkins) == (["s1"], ["c1"])
            _assert_matches_the_models(connection)
            if connection.dialect.name == "sqlite":  # on again for the app's connections
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def _upgrade_to(engine: Any, revision: str, *statements: str) -> None:
    with engine.begin() as connection:
        command.upgrade(_alembic_on(connection), revision)
        for statement in statements:
            connection.execute(text(statement))


CHECKIN = (
    "INSERT INTO checkins (id, person_id, date, peg1, peg2, peg3) "
    "VALUES ('c1', 'p1', '2026-01-05', 1, 2, 3)"
)
PLAN_0002 = (
    '{"schema": "backrub.plan/1", "steps": [{"n": 1}, {"n": 2}, {"n": 3}], "total_seconds": 540}'
)
BARE_PLAN = '{"schema": "backrub.plan/1"}'  # no steps, no length: sized 0 and 0
SESSION_0002 = (
    "INSERT INTO sessions (id, person_id, started_utc, started_offset, status, giver, plan, "
    "steps_done, note) VALUES ('{id}', 'p1', '{at}', 3600, 'completed', 'partner', "
    "'{plan}', '[1, 2]', 'fine')"
)


def test_0003_moves_pain_ratings_into_sessions_in_order_and_sizes_the_plans(
    journal_url: str,
) -> None:
    from backrub.journal.people import person_journal

    engine = make_engine(journal_url)
    try:
        _upgrade_to(
            engine,
            "0002",
            "INSERT INTO people (id, name, created) VALUES ('p1', 'Sam', '2026-01-05 10:00:00')",
            SESSION_0002.format(id="s1", at="2026-01-05 10:00:00", plan=PLAN_0002),
            SESSION_0002.format(id="s2", at="2026-01-06 10:00:00", plan=BARE_PLAN),
            # Given order: shoulder_right before lower_back_left (position), not by name.
            "INSERT INTO pain_ratings (session_id, phase, region, value, position) VALUES "
            "('s1', 'before', 'shoulder_right', 3, 0), ('s1', 'before', 'lower_back_left', 6, 1), "
            "('s1', 'after', 'lower_back_left', 4, 0)",
        )
        migrate(engine)
        with engine.connect() as connection:
            _assert_matches_the_models(connection)
            sizes = connection.execute(
                text(
                    "SELECT id, step_count, planned_seconds, started_iso, ended_iso "
                    "FROM sessions ORDER BY id"
                )
            ).all()
            assert [tuple(row) for row in sizes] == [
                ("s1", 3, 540, "2026-01-05T11:00:00+01:00", None),
                ("s2", 0, 0, "2026-01-06T11:00:00+01:00", None),
            ]
    finally:
        engine.dispose()
    with Store(journal_url) as store, store.transaction(write=False) as db:
        first, second = person_journal(db=db, person_id="p1").sessions
    assert list(first.pain_before.items()) == [("shoulder_right", 3), ("lower_back_left", 6)]
    assert first.pain_after == {"lower_back_left": 4}
    assert (second.pain_before, second.pain_after) == ({}, {})
    assert (first.steps_done, first.note, first.started.utcoffset()) == (
        (1, 2),
        "fine",
        datetime.timedelta(hours=1),
    )


def test_0003_downgrade_puts_the_ratings_back_in_their_table(journal_url: str) -> None:
    engine = make_engine(journal_url)
    try:
        _upgrade_to(engine, "0007")  # sessions with their plan, as 0003 to 0007 kept them
        # As `migrate` does: foreign keys off on SQLite while tables are rebuilt.
        with engine.connect() as connection, migration_transaction(connection):
            connection.execute(
                text(
                    "INSERT INTO people (id, name, created) "
                    "VALUES ('p1', 'Sam', '2026-01-05 10:00:00')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO sessions (id, person_id, started_utc, started_offset, status, "
                    "giver, steps_done, note, pain_before, pain_after, started_iso, "
                    "step_count, planned_seconds, plan) VALUES ('s1', 'p1', "
                    "'2026-01-05 10:00:00', 0, 'completed', 'partner', '[]', '', "
                    "'{\"shoulder_right\": 3, \"lower_back_left\": 6}', '{}', "
                    "'2026-01-05T10:00:00+00:00', 0, 0, '{}')"
                )
            )
            command.downgrade(_alembic_on(connection), "0002")
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT phase, region, value, position FROM pain_ratings ORDER BY position")
            ).all()
        assert [tuple(row) for row in rows] == [
            ("before", "shoulder_right", 3, 0),
            ("before", "lower_back_left", 6, 1),
        ]
    finally:
        engine.dispose()


SESSION_0003 = (
    "INSERT INTO sessions (id, person_id, started_utc, started_offset, status, giver, "
    "steps_done, note, pain_before, pain_after, started_iso, step_count, planned_seconds, plan) "
    "VALUES ('s1', 'p1', '2026-01-05 10:00:00', 0, 'completed', 'partner', '[]', "
    "'calm\x1b[2J\r\nthen \u202egnp.exe', '{}', '{}', '2026-01-05T10:00:00+00:00', 0, 0, "
    '\'{"schema": "backrub.plan/1"}\')'
)


def test_0004_keeps_every_entry_and_cleans_misleading_names_and_notes(journal_url: str) -> None:
    """On SQLite the people table is rebuilt: its sessions and check-ins must survive the
    cascade of dropping the old copy. A name that cleaning makes equal to another gets a
    number; two accounts may then both have "Sam"."""
    from backrub.journal.people import person_journal

    engine = make_engine(journal_url)
    try:
        _upgrade_to(
            engine,
            "0003",
            "INSERT INTO users (id, email, password_hash, created) VALUES "
            "('u1', 'a@example.org', 'x', '2026-01-05 10:00:00'), "
            "('u2', 'b@example.org', 'x', '2026-01-05 10:00:00')",
            "INSERT INTO people (id, name, created, owner_id) VALUES "
            "('p1', 'Sam', '2026-01-05 10:00:00', NULL), "
            "('p2', 'Ann\u202e', '2026-01-05 10:00:00', NULL), "
            "('p3', 'Ann\u2066', '2026-01-05 10:00:00', NULL), "
            "('p4', 'Sam 2', '2026-01-05 10:00:00', 'u1')",
            SESSION_0003,
            CHECKIN,
        )
        migrate(engine)
        with engine.connect() as connection:
            _assert_matches_the_models(connection)
            people = connection.execute(text("SELECT id, name FROM people ORDER BY seq")).all()
            note = connection.execute(text("SELECT note FROM sessions")).scalar_one()
            checkins = connection.execute(text("SELECT id, person_id FROM checkins")).all()
        assert [tuple(row) for row in people] == [
            ("p1", "Sam"),
            ("p2", "Ann\ufffd"),
            ("p3", "Ann\ufffd 2"),
            ("p4", "Sam 2"),
        ]
        assert note == "calm\ufffd[2J\r\nthen \ufffdgnp.exe"
        assert [tuple(row) for row in checkins] == [("c1", "p1")]
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO people (id, name, created, owner_id) VALUES "
                    "('p5', 'Sam', '2026-01-06 10:00:00', 'u2')"
                )
            )
    finally:
        engine.dispose()
    with Store(journal_url) as store, store.transaction(write=False) as db:
        journal = person_journal(db=db, person_id="p1")
    assert [session.id for session in journal.sessions] == ["s1"]


@pytest.mark.sqlite_only
def test_a_migration_that_leaves_an_orphan_is_rolled_back(sqlite_url: str) -> None:
    """Foreign keys are off while migrations run on SQLite, so the check before the
    commit is what keeps a check-in without its person out of the journal."""
    engine = make_engine(sqlite_url)
    try:
        migrate(engine)
        with pytest.raises(RuntimeError, match="1 rows without their parent"):
            with engine.connect() as connection, migration_transaction(connection):
                connection.execute(text(CHECKIN))  # person p1 does not exist
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM checkins")).scalar() == 0
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


LEGACY_PLAN = {"schema": "backrub.plan/1", "total_seconds": 90, "steps": [{"n": 1, "w": "é"}]}


def test_0008_stores_each_persons_plans_once_and_exports_as_before(journal_url: str) -> None:
    """0008 moves the plans out of `sessions` into `plans`, one row per person and
    distinct text, keyed by the SHA-256 of the text as stored; the account's export is the
    same document before and after, byte for byte, and a downgrade puts the plans back."""
    from backrub.contract.records import Journal, PersonRecord
    from backrub.exchange.journal_json import export_json
    from backrub.journal import owned
    from backrub.journal.mapping import plan_digest, plan_text, session_row
    from support.journal_factories import PLAN, make_session

    other = {**PLAN, "total_seconds": 120, "words": 'é, ünïcode, "quoted"'}
    start = datetime.datetime(2026, 1, 5, 19, tzinfo=datetime.UTC)
    day = datetime.timedelta(days=1)
    sam = PersonRecord(
        id="p1",
        name="Sam",
        sessions=(
            make_session(id="s1", plan=PLAN, started=start),
            make_session(id="s2", plan=dict(PLAN), started=start + day, note="same plan"),
            make_session(id="s3", plan=other, started=start + 2 * day),
            make_session(id="s4", plan=LEGACY_PLAN, started=start + 3 * day),
        ),
    )
    ann = PersonRecord(id="p2", name="Ann", sessions=(make_session(id="a1", plan=PLAN),))
    journal = Journal(people=(sam, ann))
    before = export_json(journal)  # what 0007's export gave (held to the records' text)
    # s4's plan as an older journal may hold it: the standard library's spacing, which
    # the export's indenting evens out (its digest is of that text, as stored).
    legacy = json.dumps(LEGACY_PLAN, ensure_ascii=False)
    engine = make_engine(journal_url)
    try:
        _upgrade_to(
            engine,
            "0007",
            "INSERT INTO users (id, email, password_hash, created) "
            "VALUES ('u1', 'a@example.org', 'x', '2026-01-05 10:00:00')",
            "INSERT INTO people (id, name, created, owner_id) VALUES "
            "('p1', 'Sam', '2026-01-05 10:00:00', 'u1'), "
            "('p2', 'Ann', '2026-01-05 10:00:00', 'u1')",
        )
        with engine.begin() as connection:
            sessions = Table("sessions", MetaData(), autoload_with=connection)
            for person in journal.people:
                for entry in person.sessions:
                    row = session_row(person.id, entry, "-")
                    values = {
                        c: getattr(row, c) for c in sessions.c.keys() if c not in ("seq", "plan")
                    }
                    connection.execute(sessions.insert().values(values | {"plan": entry.plan}))
            cast = "CAST(:text AS json)" if connection.dialect.name == "postgresql" else ":text"
            connection.execute(
                text(f"UPDATE sessions SET plan = {cast} WHERE id = 's4'"), {"text": legacy}
            )
        migrate(engine)
        with engine.connect() as connection:
            _assert_matches_the_models(connection)
            plans = connection.execute(
                text("SELECT person_id, digest, plan_text FROM plans ORDER BY person_id, digest")
            ).all()
            rows = connection.execute(text("SELECT id, plan_digest FROM sessions")).all()
            digests = {session_id: digest for session_id, digest in rows}
    finally:
        engine.dispose()
    expected = {("p1", plan_text(PLAN)), ("p1", plan_text(other)), ("p1", legacy)}
    expected.add(("p2", plan_text(PLAN)))
    assert {(person, stored) for person, _, stored in plans} == expected
    assert len(plans) == 4  # s1 and s2 share one row
    assert all(digest == plan_digest(stored) for _, digest, stored in plans)
    # The digest the app computes for the same plan: a new session of it shares the row.
    assert digests["s1"] == digests["s2"] == digests["a1"] == plan_digest(plan_text(PLAN))
    assert digests["s4"] == plan_digest(legacy)
    with Store(journal_url) as store, store.transaction(write=False) as db:
        after = owned.export_owned(db=db, user_id="u1", format_="json")
        assert owned.owned_journal(db=db, user_id="u1") == journal
    assert after == before

    engine = make_engine(journal_url)
    try:
        with engine.connect() as connection, migration_transaction(connection):
            command.downgrade(_alembic_on(connection), "0007")
        with engine.connect() as connection:
            assert "plans" not in inspect(connection).get_table_names()
            restored = connection.execute(text("SELECT id, plan FROM sessions")).all()
    finally:
        engine.dispose()
    plans_by_id = {s.id: s.plan for p in journal.people for s in p.sessions}
    assert {
        key: json.loads(value) if isinstance(value, str) else value for key, value in restored
    } == plans_by_id
