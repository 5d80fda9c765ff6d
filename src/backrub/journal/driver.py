"""The journal's busiest statements, run on the database driver's own connection.

SQLAlchemy's ORM Session costs about 0.07 ms of Python per statement and 0.16 ms
per transaction here, while SQLite does an indexed lookup in microseconds: for
the web API's journal read and rating write, which need one to three small
statements, the Session was most of the request. So those statements are
SQLAlchemy Core, compiled once per dialect to the driver's SQL and parameter
style, and run on the pooled DBAPI connection; the few result types they use are
converted here (SQLite hands back times and JSON as text, psycopg as objects).
Everything else in the journal goes through the Session (`Store.transaction`).
"""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.sql.expression import ClauseElement

NUL = "\x00"


class Cursor(Protocol):
    """The part of a DBAPI cursor used here (sqlite3's and psycopg's both fit)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> Sequence[Any]: ...


class Statement:
    """A Core statement compiled for one engine's dialect, ready for its driver."""

    def __init__(self, statement: ClauseElement, engine: Engine) -> None:
        compiled = statement.compile(dialect=engine.dialect)
        self.sql = compiled.string
        # Positional styles (sqlite3's "?") need the parameters in order; named ones
        # (psycopg's "%(name)s") take the mapping as it is.
        positions = getattr(compiled, "positiontup", None)  # on SQL compilers only
        self.order: tuple[str, ...] | None = tuple(positions) if positions is not None else None
        # Values the statement brings itself, such as SQLite's "OFFSET ?" after a LIMIT.
        names = getattr(compiled, "bind_names", {})
        self.defaults = {name: bind.value for bind, name in names.items() if not bind.required}

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | Mapping[str, Any]:
        given = {**self.defaults, **values} if self.defaults else values
        if self.order is None:
            return given
        return [given[name] for name in self.order]


class Driver:
    """Statements for one engine, compiled on first use, and its transactions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self._compiled: dict[str, Statement] = {}
        self._readers = threading.local()
        self._reader_connections: list[Any] = []
        self._lock = threading.Lock()

    def can_hold(self, text: str) -> bool:
        """False for text with NUL on PostgreSQL, whose text types cannot hold it: no such
        id can be stored there, so looking one up would only raise."""
        return self.sqlite or NUL not in text

    def naive_time(self, value: datetime.datetime) -> Any:
        """A naive-UTC time as a parameter, written as SQLAlchemy writes it for this database
        (SQLite keeps text, which must compare like the stored text)."""
        return value.isoformat(" ", "microseconds") if self.sqlite else value

    def statement(self, name: str, build: Callable[[], ClauseElement]) -> Statement:
        found = self._compiled.get(name)
        if found is None:
            found = self._compiled[name] = Statement(build(), self.engine)
        return found

    def execute(self, cursor: Cursor, statement: Statement, values: Mapping[str, Any]) -> Any:
        return cursor.execute(statement.sql, statement.parameters(values))

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[Cursor]:
        """A transaction on a pooled connection: committed when the block ends, rolled back
        if it raises. On SQLite a reader begins deferred (it never waits in WAL mode) and a
        writer takes the write lock at once, as `Store.transaction` does."""
        raw = self.engine.raw_connection()
        try:
            if self.sqlite:
                raw.driver_connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")  # type: ignore[union-attr]
            cursor = raw.cursor()
            try:
                yield cursor
                raw.commit()
            except BaseException:
                raw.rollback()
                raise
        finally:
            raw.close()  # back to the pool

    @contextmanager
    def reading(self) -> Iterator[Cursor]:
        """For reads whose statements need not agree with each other. On SQLite each thread
        keeps a connection of its own for them, outside the pool, and each statement is
        its own snapshot (no BEGIN): checking a pooled connection out and in and a
        transaction's BEGIN and COMMIT cost more than an indexed read. Elsewhere, a
        read-only transaction as usual."""
        if not self.sqlite:
            with self.transaction(write=False) as cursor:
                yield cursor
            return
        connection: Any = getattr(self._readers, "connection", None)
        if connection is None:
            raw = self.engine.raw_connection()  # with the engine's PRAGMAs, then kept
            connection = self._readers.connection = raw.driver_connection
            raw.detach()
            with self._lock:
                self._reader_connections.append(connection)
        yield connection.cursor()

    def close(self) -> None:
        """Close the readers' connections (the pool's are the engine's to close)."""
        with self._lock:
            for connection in self._reader_connections:
                connection.close()
            self._reader_connections.clear()
        self._readers = threading.local()


def as_datetime(value: Any) -> datetime.datetime:
    """A stored naive-UTC time: SQLite gives text, PostgreSQL a datetime."""
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(value)


def as_json(value: Any) -> Any:
    """A stored JSON value: SQLite gives text, psycopg the parsed value."""
    return json.loads(value) if isinstance(value, str) else value


def to_json(value: Any) -> str:
    """A JSON column's parameter, as SQLAlchemy's JSON type would write it."""
    return json.dumps(value)
