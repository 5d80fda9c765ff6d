"""`backrub export` and `backrub import`: the journal in and out of files.

JSON is `backrub.journal/1` (docs/contract.md); CSV and FHIR come from their
own modules in `backrub.exchange`. The database is BACKRUB_DATABASE_URL, else
the default SQLite file. Heavy modules are imported inside the commands.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from backrub.cli.support import emit_json, fail, read_input

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from backrub.contract.records import Journal


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("export")(export_journal)
    app.command("import")(import_journal)


def export_journal(
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="json, csv (sessions), checkins-csv, measurements-csv or fhir.",
        ),
    ] = "json",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout."),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option("--person", metavar="NAME", help="Only this person's journal."),
    ] = None,
) -> None:
    """Write the journal (everyone, or one person) as JSON, CSV (sessions, check-ins or
    every number, one file each) or FHIR.

    JSON is the backrub.journal/1 document that `backrub import` reads back.

    Example: backrub export --format json -o journal.json
    """
    from backrub.exchange.formats import EXPORT_FORMATS, export_text

    if format_ not in EXPORT_FORMATS:
        fail(f"--format: expected one of {', '.join(EXPORT_FORMATS)}; got {format_!r}")
    from backrub.cli.support import journal_transaction, plural

    with journal_transaction() as db:
        journal = _journal(db, person)
    text = export_text(journal, format_)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as file:
            file.write(text)
    except OSError as error:
        fail(f"--output: cannot write {output}: {error.strerror or error}")
    sessions = sum(len(p.sessions) for p in journal.people)
    checkins = sum(len(p.checkins) for p in journal.people)
    typer.echo(
        f"Wrote {plural(len(journal.people), 'person', 'people')}, "
        f"{plural(sessions, 'session')} and {plural(checkins, 'check-in')} to {output}."
    )


def import_journal(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A backrub.journal/1 JSON file, or - for stdin.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Add a journal exported with `backrub export --format json`.

    Records already in the journal (same ids) are skipped, so importing the same
    file twice adds nothing. A bad file is refused whole, naming the field.

    Example: backrub import journal.json
    """
    from backrub.cli.support import journal_transaction, plural
    from backrub.contract.validation import ValidationError
    from backrub.journal.transfer import import_json

    text = read_input(file, "FILE")
    with journal_transaction() as db:
        try:
            counts = import_json(db=db, text=text)
        except ValidationError as error:
            fail(str(error))
    if as_json:
        emit_json(asdict(counts))
        return
    typer.echo(
        f"Added {plural(counts.people, 'person', 'people')}, "
        f"{plural(counts.sessions, 'session')} and {plural(counts.checkins, 'check-in')}."
    )


def _journal(db: Session, person: str | None) -> Journal:
    from backrub.contract.records import Journal
    from backrub.journal import people, transfer

    if person is None:
        return transfer.export_journal(db=db)
    found = people.find_person(db=db, name=person)
    if found is None:
        names = ", ".join(p.name for p in people.list_people(db=db)) or "nobody yet"
        fail(f"--person: no person named {person!r}; known: {names}")
    return Journal(people=(people.person_journal(db=db, person_id=found.id),))
