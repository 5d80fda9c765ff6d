"""Every person-level query the web app and the API run walks an index, never a whole
table: asserted from each database's own plan (`EXPLAIN QUERY PLAN` on SQLite,
`EXPLAIN` on PostgreSQL) for the statements the repository functions really send.

On a small database PostgreSQL rightly prefers reading a whole little table, so the
check there turns sequential scans off for the EXPLAIN: a plan that still scans the
table is one that no index can serve, which is what would hurt with 3 million rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from backrub.journal import accounts, owned
from backrub.journal.accounts import create_owned_person
from backrub.journal.entries import add_checkin, add_session
from backrub.journal.people import person_journal, progress_history
from backrub.journal.store import Store
from support.journal_factories import make_checkin, make_session

# The tables that grow with use; a person-level statement must find its rows by index.
GROWING = ("sessions", "checkins", "plans")
# What reads or deletes a session's plan, through the person's plans (by their key);
# every other query leaves `plans` alone.
WITH_PLANS = {
    "one session",
    "the whole person (report, player)",
    "export (the whole account)",
    "JSON export (plans as stored)",
    "delete a session",
}
DAY = datetime.timedelta(days=1)


@contextmanager
def _statements(store: Store) -> Iterator[list[tuple[str, Any]]]:
    """The SELECT, UPDATE and DELETE statements sent meanwhile, with their parameters."""
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            sent.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


def _plan(db: Session, statement: str, parameters: Any) -> str:
    connection = db.connection()
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        return "\n".join(str(row[-1]) for row in rows)
    connection.execute(text("SET LOCAL enable_seqscan = off"))
    rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
    return "\n".join(str(row[0]) for row in rows)


def _whole_table_reads(plan: str) -> list[str]:
    """The plan's lines that read one of the growing tables from end to end."""
    found = []
    for line in plan.splitlines():
        words = line.replace("(", " ").split()
        for table in GROWING:
            sqlite_scan = line.strip().startswith(f"SCAN {table}") and "INDEX" not in line
            postgres_scan = "Seq Scan on" in line and table in words
            if sqlite_scan or postgres_scan:
                found.append(line.strip())
    return found


@pytest.fixture
def filled(store: Store) -> tuple[str, str, str, str]:
    """Two accounts with a person each, sessions and check-ins on both, so that a plan
    that reads a table whole would also read the other account's rows."""
    ids = []
    with store.transaction() as db:
        for n, email in enumerate(("one@example.org", "two@example.org")):
            user = accounts.create_user(db=db, email=email, password_hash="x")
            person = create_owned_person(db=db, user_id=user.id, name=f"P{n}")
            start = datetime.datetime(2026, 1, 5, 19, tzinfo=datetime.UTC)
            for i in range(6):
                add_session(
                    db=db,
                    person_id=person.id,
                    entry=make_session(id=f"s{n}-{i}", started=start + i * DAY),
                )
                add_checkin(
                    db=db,
                    person_id=person.id,
                    entry=make_checkin(id=f"c{n}-{i}", date=start.date() + i * DAY),
                )
            ids.append((user.id, person.id))
    (user, person), _ = ids
    return user, person, "s0-3", "c0-2"


QUERIES: dict[str, Callable[[Session, str, str, str, str], object]] = {
    "listing (API, last 50)": lambda db, u, p, s, c: accounts.recent_sessions(
        db=db, user_id=u, person_id=p, limit=50, href_prefix="/x/"
    ),
    "journal page: sessions": lambda db, u, p, s, c: owned.last_sessions(
        db=db, person_id=p, limit=21
    ),
    "journal page: check-ins": lambda db, u, p, s, c: owned.latest_checkins(
        db=db, person_id=p, limit=20
    ),
    "one session": lambda db, u, p, s, c: owned.owned_session(
        db=db, user_id=u, person_id=p, session_id=s
    ),
    "one check-in": lambda db, u, p, s, c: owned.owned_checkin(
        db=db, user_id=u, person_id=p, checkin_id=c
    ),
    "rating write": lambda db, u, p, s, c: accounts.set_ratings(
        db=db, user_id=u, person_id=p, session_id=s, soreness_next_day=3
    ),
    "progress page (every session, no plans)": lambda db, u, p, s, c: progress_history(
        db=db, person_id=p
    ),
    "the whole person (report, player)": lambda db, u, p, s, c: person_journal(db=db, person_id=p),
    "export (the whole account)": lambda db, u, p, s, c: owned.owned_journal(db=db, user_id=u),
    "JSON export (plans as stored)": lambda db, u, p, s, c: owned.export_owned(
        db=db, user_id=u, format_="json"
    ),
    "delete a session": lambda db, u, p, s, c: owned.delete_owned_session(
        db=db, user_id=u, person_id=p, session_id=s
    ),
    "delete a check-in": lambda db, u, p, s, c: owned.delete_owned_checkin(
        db=db, user_id=u, person_id=p, checkin_id=c
    ),
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_person_level_queries_use_an_index(
    store: Store, filled: tuple[str, str, str, str], name: str
) -> None:
    user, person, session_id, checkin_id = filled
    with store.transaction() as db:
        with _statements(store) as sent:
            QUERIES[name](db, user, person, session_id, checkin_id)
        touching = [(s, p) for s, p in sent if any(t in s for t in GROWING)]
        assert touching, f"{name}: no statement read the sessions or check-ins"
        reads_plans = any(" plans" in statement for statement, _ in touching)
        assert reads_plans == (name in WITH_PLANS), f"{name}: {[s for s, _ in touching]}"
        for statement, parameters in touching:
            plan = _plan(db, statement, parameters)
            assert _whole_table_reads(plan) == [], f"{name}:\n{statement}\n{plan}"
        db.rollback()  # the deletes and the rating stay unmade


def test_the_check_sees_a_whole_table_read(store: Store, filled: tuple[str, str, str, str]) -> None:
    """The test above can fail: a query by a column without an index is caught."""
    with store.transaction() as db:
        plan = _plan(db, "SELECT id FROM sessions WHERE note = 'x'", ())
        assert _whole_table_reads(plan), plan
        db.rollback()
