"""The journal store: SQLAlchemy models, Alembic migrations and the repository.

`open_journal(url)` gives a `Store`; everything that reads or writes goes
through `backrub.journal.repository` inside `store.transaction()`. Importing
this package does not import SQLAlchemy; `open_journal` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backrub.journal.store import Store

__all__ = ["open_journal"]


def open_journal(url: str | None = None) -> Store:
    """The journal at `url`, else BACKRUB_DATABASE_URL, else the default SQLite file."""
    from backrub.journal.store import open_journal as _open

    return _open(url)
