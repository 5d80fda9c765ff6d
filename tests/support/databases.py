"""The journal database a test gets: a temporary SQLite file, or a fresh PostgreSQL database.

Without BACKRUB_TEST_POSTGRES_URL every journal is an SQLite file in a
temporary folder, so `pytest` needs nothing installed. With it set to an admin
connection, one whose role may CREATE DATABASE (as `.ci/run` does:
`postgresql+psycopg://backrub:backrub@127.0.0.1:5432/postgres`), each journal is
a database of its own, `backrub_test_<random>`, created empty and dropped with
everything in it afterwards, so no test sees another's rows.

Tests get one through the `journal_url` fixture (tests/conftest.py), or through
`fresh_database()` where a fixture would be shared, as between the examples of
a Hypothesis test. Tests that check SQLite itself (its file, its PRAGMAs) use
the `sqlite_url` fixture instead and are marked `sqlite_only`.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from backrub.journal.models import Checkin, Person, SessionRow
from backrub.journal.transfer import ImportCounts

POSTGRES_VARIABLE = "BACKRUB_TEST_POSTGRES_URL"


def postgres_admin_url() -> str | None:
    """BACKRUB_TEST_POSTGRES_URL, or None when the tests run on SQLite."""
    return os.environ.get(POSTGRES_VARIABLE, "").strip() or None


def sqlite_file_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'journal.sqlite3'}"


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of a new, empty journal database, removed when the block ends.

    Close every store opened on it before the block ends; a connection left open
    is cut off when the PostgreSQL database is dropped.
    """
    admin_url = postgres_admin_url()
    if admin_url is None:
        with tempfile.TemporaryDirectory(prefix="backrub-test-") as folder:
            yield sqlite_file_url(Path(folder))
    else:
        with _postgres_database(admin_url) as url:
            yield url


@contextmanager
def _postgres_database(admin_url: str) -> Iterator[str]:
    """CREATE DATABASE outside a transaction, then DROP ... WITH (FORCE) afterwards."""
    name = f"backrub_test_{secrets.token_hex(8)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        finally:
            _drop(admin, name)
    finally:
        admin.dispose()


def _drop(admin: Engine, name: str) -> None:
    """DROP ... WITH (FORCE), tried again a few times: FORCE may not end a process of
    another role, such as autovacuum's worker on a database a test filled, and the
    worker is gone a moment later ("must be a member of the role whose process is
    being terminated")."""
    for attempt in range(10):
        try:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except DBAPIError:
            if attempt == 9:
                raise
            time.sleep(0.5)


def count_rows(*, db: Session) -> ImportCounts:
    """How many people, sessions and check-ins the journal holds."""
    return ImportCounts(
        people=db.scalar(select(func.count()).select_from(Person)) or 0,
        sessions=db.scalar(select(func.count()).select_from(SessionRow)) or 0,
        checkins=db.scalar(select(func.count()).select_from(Checkin)) or 0,
    )
