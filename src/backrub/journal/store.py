"""The engine, its SQLite settings, transactions and migrations.

One `Store` per process or per test: it owns an engine and hands out
transactions. Migrations run at start-up, never inside a request: the CLI's
store (`migrate=True`, the default) brings the schema to Alembic's head on its
first transaction, which is the command's start-up; the web app makes its
store with `migrate=False` and calls `upgrade()` in its lifespan. Dispose of it
(`store.close()` or `with open_journal() as store:`) so that no connection
outlives it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import msgspec
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

URL_VARIABLE = "BACKRUB_DATABASE_URL"
# Connections per process; the web app lets at most this many requests use one at once.
POOL_SIZE = 10
CONNECT_TIMEOUT = 5  # seconds to reach PostgreSQL before a request is answered 503
READ_ONLY = "backrub_read_only"  # an execution option: start with a deferred BEGIN
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration's revision (tests/journal/test_migrations.py checks it against
# the scripts): a journal already there is opened without importing Alembic, whose
# import (with Mako and Pygments) was a quarter of `backrub report`'s second.
HEAD = "0008"


def database_url(url: str | None = None) -> str:
    """`url`, else BACKRUB_DATABASE_URL, else an SQLite file in the user's data folder."""
    if url:
        return url
    from_env = os.environ.get(URL_VARIABLE, "").strip()
    if from_env:
        return from_env
    import platformdirs

    folder = Path(platformdirs.user_data_dir("backrub"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'journal.sqlite3'}"


def make_engine(url: str) -> Engine:
    """An engine; for SQLite, WAL, foreign keys, full sync and a write lock per transaction.

    `synchronous=FULL` makes a commit survive a power cut as well as a crash of
    the process: journal writes are few and small, so the fsync costs nothing a
    person notices. Transactions start with `BEGIN IMMEDIATE`, so two writers
    wait for each other (up to `busy_timeout`) instead of failing half-way; read
    transactions (`store.transaction(write=False)`) with a deferred `BEGIN`, so in
    WAL mode readers never wait for a writer or for each other.

    Each connection is pinged as it leaves the pool (`pool_pre_ping`), so after a
    PostgreSQL restart the first request gets a new connection instead of an error
    (about 0.2 ms a request there, 0.01 ms on SQLite); a server that does not answer
    at all is given up on after `CONNECT_TIMEOUT` seconds rather than the system's minutes.
    """
    postgres = make_url(url).get_backend_name() == "postgresql"
    engine = create_engine(
        url,
        pool_size=POOL_SIZE,
        max_overflow=0,
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT} if postgres else {},
        json_serializer=_json_text,
        json_deserializer=msgspec.json.decode,
    )
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _json_text(value: Any) -> str:
    """JSON columns through msgspec, the contract's library: a listing decodes three
    columns a row, and the standard library's decoder was a third of its time."""
    return msgspec.json.encode(value).decode()


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we send BEGIN ourselves, in _sqlite_begin
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


class JournalTooNewError(Exception):
    """The database is at a revision this backrub does not know: a newer one wrote it.

    Nothing was changed. The message is one line, fit to show as it is.
    """

    def __init__(self, url: str, revision: str) -> None:
        self.url = url
        self.revision = revision
        super().__init__(
            f"the journal at {describe_url(url)} was written by a newer backrub "
            f"(revision {revision}); upgrade backrub"
        )


def migrate(engine: Engine) -> tuple[str | None, str | None]:
    """Bring the schema to Alembic's head, in one transaction; no alembic.ini needed.
    Answers the revisions (before, after); before is None for an empty database.

    A revision we have no script for raises JournalTooNewError instead of
    Alembic's CommandError, before anything is run.
    """
    with engine.execution_options(**{READ_ONLY: True}).connect() as connection:
        if _revision(connection) == HEAD:
            return HEAD, HEAD
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    scripts = ScriptDirectory.from_config(config)
    head = scripts.get_current_head()
    with engine.connect() as connection, migration_transaction(connection):
        current = MigrationContext.configure(connection).get_current_revision()
        if current == head:
            return current, head
        if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
            raise JournalTooNewError(engine.url.render_as_string(hide_password=False), current)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return current, head


def _revision(connection: Connection) -> str | None:
    """The journal's schema revision, as Alembic records it; None before the first."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


@contextmanager
def migration_transaction(connection: Connection) -> Iterator[None]:
    """One transaction for migrations; on SQLite with foreign keys off, checked before
    the commit, and on again after.

    Alembic's batch mode rebuilds a table (copy, drop the old, rename), and dropping a
    parent with foreign keys on deletes its children by cascade: 0002 lost every
    session and check-in that way. SQLite ignores this PRAGMA inside a transaction, so
    it is sent on the bare DBAPI connection before BEGIN.
    """
    if connection.dialect.name != "sqlite":
        with connection.begin():
            yield
        return
    raw: Any = connection.connection.driver_connection
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        with connection.begin():
            yield
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            if broken:  # rolled back: nothing changed
                raise RuntimeError(f"the migration left {len(broken)} rows without their parent")
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


class Store:
    """An open journal database: `with store.transaction() as db: ...`.

    `migrate=True` upgrades the schema before the first transaction; with False
    the owner calls `upgrade()` itself, once, when it starts.
    """

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        readers = self.engine.execution_options(**{READ_ONLY: True})
        self._read_sessions = sessionmaker(readers, expire_on_commit=False)
        self._migrated = not migrate

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Session]:
        """One unit of work: commit when the block ends, roll back if it raises.

        `write=False` is for work that only reads (a web GET): on SQLite it does not
        take the write lock, so a write in it may fail with "database is locked".
        """
        if not self._migrated:
            self.upgrade()
        sessions = self._sessions if write else self._read_sessions
        with sessions.begin() as db:
            yield db

    def upgrade(self) -> tuple[str | None, str | None]:
        """Bring the schema to Alembic's head now; the revisions (before, after).
        JournalTooNewError when a newer backrub wrote the database."""
        revisions = migrate(self.engine)
        self._migrated = True
        return revisions

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        _trace: TracebackType | None,
    ) -> None:
        self.close()


def open_journal(url: str | None = None, *, migrate: bool = True) -> Store:
    """The journal at `url`, BACKRUB_DATABASE_URL or the default SQLite file."""
    return Store(database_url(url), migrate=migrate)


def describe_url(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)
