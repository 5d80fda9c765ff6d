"""`backrub db`: the operators' commands for the journal's database itself."""

from __future__ import annotations

import sys

import typer

from backrub.cli.support import fail


def register(app: typer.Typer) -> None:
    """Add the `db` group and its commands to the app."""
    group = typer.Typer(help="The journal's database, for operators.", no_args_is_help=True)
    group.command("upgrade")(upgrade)
    app.add_typer(group, name="db")


def upgrade() -> None:
    """Bring the database to the newest schema; say from which revision to which.

    The database is BACKRUB_DATABASE_URL's. Run it before starting a new backrub
    on an existing database (`backrub serve` does it too, once, when it starts).

    Example: BACKRUB_DATABASE_URL=postgresql+psycopg://backrub@db/backrub backrub db upgrade
    """
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from backrub.journal import open_journal
    from backrub.journal.store import JournalTooNewError, describe_url

    try:
        store = open_journal(migrate=False)
    except (ArgumentError, ImportError) as error:
        fail(f"BACKRUB_DATABASE_URL: cannot open the journal: {_first_line(error)}")
    try:
        before, after = store.upgrade()
    except JournalTooNewError as error:
        fail(str(error))
    except SQLAlchemyError as error:
        fail(f"journal: {_first_line(getattr(error, 'orig', None) or error)}")
    finally:
        store.close()
    where = describe_url(store.url)
    if before == after:
        sys.stdout.write(f"The journal at {where} is already at revision {after}.\n")
    else:
        start = f"revision {before}" if before else "an empty database"
        sys.stdout.write(f"Upgraded the journal at {where} from {start} to revision {after}.\n")


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
