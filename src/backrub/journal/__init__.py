"""The journal store: SQLAlchemy models, Alembic migrations and repositories by aggregate.

`open_journal(url)` gives a `Store`; everything that reads or writes goes
through the repositories (`people`, `entries`, `transfer`, `accounts`, `owned`)
inside `store.transaction()`. Importing this package does not import
SQLAlchemy; `open_journal` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backrub.journal.store import Store

__all__ = ["open_journal"]


def open_journal(url: str | None = None, *, migrate: bool = True) -> Store:
    """The journal at `url`, else BACKRUB_DATABASE_URL, else the default SQLite file;
    `migrate=False` leaves the schema to the caller's `store.upgrade()`."""
    from backrub.journal.store import open_journal as _open

    return _open(url, migrate=migrate)
