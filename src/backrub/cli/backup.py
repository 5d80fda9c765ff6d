"""`backrub backup FILE` and `backrub restore FILE`: the whole journal, for operators.

The logic is `backrub.journal.backup`'s; here are the words, and the question before
a restore replaces a journal that is already there.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from backrub.cli import options
from backrub.cli.support import fail

File = Annotated[Path, typer.Argument(metavar="FILE", help="The backup file.")]


def register(app: typer.Typer) -> None:
    """Add `backup` and `restore` to the app."""
    app.command("backup")(backup)
    app.command("restore")(restore)


def backup(file: File) -> None:
    """Copy the whole journal into FILE, safely while `backrub serve` runs.

    SQLite: its online backup (one consistent copy). PostgreSQL: pg_dump's custom
    format (needs PostgreSQL's client tools). The journal is BACKRUB_DATABASE_URL's.

    Example: backrub backup journal-2026-01-05.backup
    """
    from backrub.journal import backup as backups
    from backrub.journal.store import database_url

    url = database_url()
    try:
        outcome = backups.backup(url, file)
    except backups.BackupError as error:
        fail(str(error))
    except OSError as error:
        fail(f"FILE: cannot write {file}: {error.strerror or error}")
    sys.stdout.write(f"Backed up {outcome.words()} to {file} ({_size(outcome.size)}).\n")


def restore(
    file: File,
    yes: Annotated[
        bool, typer.Option("--yes", help="Replace the journal there is without asking.")
    ] = False,
) -> None:
    """Replace the journal with the backup in FILE, then bring it to this backrub's schema.

    Stop `backrub serve` first. A journal that is already there is replaced only after
    a yes (or with --yes); a file that is not a backrub backup is refused. On PostgreSQL
    every table of the database is replaced, in one transaction: give backrub a database
    of its own.

    Example: backrub restore journal-2026-01-05.backup --yes
    """
    from backrub.journal import backup as backups
    from backrub.journal.store import database_url, describe_url

    url = database_url()
    where = describe_url(url)
    try:
        backups.backup_revision(url, file)  # refuse a wrong file before asking anything
        if backups.journal_in_use(url) and not yes:
            if not options.interactive():
                fail(f"--yes: the journal at {where} would be replaced; add --yes to do it")
            try:
                replace = typer.confirm(f"Replace the journal at {where} with {file}?")
            except typer.Abort:
                replace = False
            if not replace:
                fail("restore: nothing was changed")
        outcome = backups.restore(url, file)
    except backups.BackupError as error:
        fail(str(error))
    sys.stdout.write(
        f"Restored {outcome.words()} from {file} into the journal at {where} "
        f"(schema revision {outcome.revision}).\n"
    )


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size / 1024, 0.1):.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
