"""`backrub profile`: the people whose journals backrub keeps.

It shares the journal groups' options and questions (`options`); like every
group it imports the journal inside its commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from backrub.cli.options import JsonOption, PersonOption, ask_yes, need
from backrub.cli.support import (
    emit_json,
    fail,
    journal_transaction,
    plural,
    read_input,
    resolve,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from backrub.contract.records import PersonRecord


def register(app: typer.Typer) -> None:
    """Add the `profile` group and its commands to the app."""
    profile = typer.Typer(help="The people whose journals backrub keeps.", no_args_is_help=True)
    profile.command("create")(profile_create)
    profile.command("switch")(profile_switch)
    profile.command("show")(profile_show)
    profile.command("list")(profile_list)
    profile.command("delete")(profile_delete)
    app.add_typer(profile, name="profile")


def profile_create(
    name: Annotated[str, typer.Argument(metavar="NAME")],
    intake_file: Annotated[
        str | None, typer.Option("--intake", metavar="FILE", help="Save this intake with them.")
    ] = None,
    switch: Annotated[bool, typer.Option("--switch", help="Make them current.")] = False,
) -> None:
    """Add a person; the first one (or with --switch) becomes current.

    Example: backrub profile create Sam --intake examples/partner_lower_back.json
    """
    from backrub.contract.intake import load_intake
    from backrub.contract.validation import ValidationError
    from backrub.journal.people import create_person, current_person, set_current_person

    intake = None
    if intake_file is not None:
        try:
            intake = load_intake(read_input(intake_file, "--intake"))
        except ValidationError as error:
            fail(str(error))
    with journal_transaction() as db:
        try:
            created = create_person(db=db, name=name, intake=intake)
        except ValidationError as error:  # a control or direction-changing character
            fail(f"NAME: {error.message}")
        except ValueError as error:
            fail(f"NAME: {error}")
        if switch or current_person(db=db) is None:
            set_current_person(db=db, person_id=created.id)
            switch = True
    typer.echo(f"Created {created.name}{' (current)' if switch else ''}.")


def profile_switch(name: Annotated[str, typer.Argument(metavar="NAME")]) -> None:
    """Make NAME the person commands are about when --person is not given.

    Example: backrub profile switch Sam
    """
    from backrub.journal.people import set_current_person

    with journal_transaction() as db:
        found = _named(db, name)
        set_current_person(db=db, person_id=found.id)
    typer.echo(f"{found.name} is now current.")


def profile_show(person: PersonOption = None, as_json: JsonOption = False) -> None:
    """Show a person: their saved intake and how much their journal holds.

    Example: backrub profile show --person Sam
    """
    from backrub.journal.people import current_person, person_journal

    with journal_transaction() as db:
        found = resolve(db, person)
        current = current_person(db=db)
        full = person_journal(db=db, person_id=found.id)
    summary = _summary(full, current)
    summary["intake"] = full.intake.to_dict() if full.intake else None
    last = full.sessions[-1].started.isoformat() if full.sessions else None
    summary["last_session"] = last
    if as_json:
        emit_json(summary)
        return
    intake = full.intake
    typer.echo(f"{full.name}{' (current)' if summary['current'] else ''}, id {full.id}")
    if intake is None:
        typer.echo("Intake: none saved")
    else:
        pain = ", ".join(f"{p.region} {p.intensity}" for p in intake.pain) or "none"
        typer.echo(f"Intake: {intake.giver}, {intake.minutes} min, {intake.pressure} pressure")
        typer.echo(f"Pain: {pain}")
    typer.echo(f"Journal: {_holds(summary)}; last session: {last or 'none'}")


def profile_list(as_json: JsonOption = False) -> None:
    """List the CLI's people (a web account's are the account's own); * marks the current.

    Example: backrub profile list --json
    """
    from backrub.journal.people import current_person, list_people, person_journal

    with journal_transaction() as db:
        current = current_person(db=db)
        people = [person_journal(db=db, person_id=p.id) for p in list_people(db=db)]
    rows = [_summary(p, current) for p in people]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        typer.echo("Nobody yet. Add someone with: backrub profile create NAME")
    for row in rows:
        mark = "*" if row["current"] else " "
        typer.echo(f"{mark} {row['name']}: {_holds(row)}")


def profile_delete(
    name: Annotated[str, typer.Argument(metavar="NAME")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a person and everything recorded about them; this cannot be undone.

    Example: backrub profile delete Sam --yes
    """
    from backrub.journal.people import delete_person, person_journal

    with journal_transaction() as db:
        found = person_journal(db=db, person_id=_named(db, name).id)
    if not yes:
        need(None, "--yes", "pass --yes to delete without being asked")
        held = _holds(_summary(found, None))
        if not ask_yes(f"Delete {found.name} with {held}? This cannot be undone.", "--yes"):
            typer.echo("Nothing deleted.")
            return
    with journal_transaction() as db:
        delete_person(db=db, person_id=found.id)
    typer.echo(f"Deleted {found.name}.")


def _named(db: Session, name: str) -> PersonRecord:
    from backrub.journal.people import find_person, list_people

    found = find_person(db=db, name=name)
    if found is None:
        known = ", ".join(p.name for p in list_people(db=db)) or "nobody yet"
        fail(f"NAME: no person named {name!r}; known: {known}")
    return found


def _holds(summary: dict[str, Any]) -> str:
    return f"{plural(summary['sessions'], 'session')} and {plural(summary['checkins'], 'check-in')}"


def _summary(person: PersonRecord, current: PersonRecord | None) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "current": current is not None and current.id == person.id,
        "sessions": len(person.sessions),
        "checkins": len(person.checkins),
    }
