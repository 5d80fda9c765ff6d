"""Alembic's environment: runs on the connection `backrub.journal.store.migrate` hands in.

Run by hand too (`alembic -c src/backrub/journal/alembic.ini upgrade head`), in
which case the URL comes from BACKRUB_DATABASE_URL or the default SQLite file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from backrub.journal.models import Base
from backrub.journal.search import is_index_object
from backrub.journal.store import database_url, make_engine, migration_transaction

config = context.config


def _model(name: str | None, type_: str, _parents: object) -> bool:
    """Search indexes (FTS5 tables, generated columns) are migrations', not models'."""
    return not is_index_object(name, type_)


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_name=_model,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    if context.is_offline_mode():
        context.configure(
            url=database_url(config.get_main_option("sqlalchemy.url")),
            target_metadata=Base.metadata,
            render_as_batch=True,
            literal_binds=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    engine = make_engine(database_url(config.get_main_option("sqlalchemy.url")))
    try:
        with engine.connect() as own, migration_transaction(own):
            run(own)
    finally:
        engine.dispose()


main()
