"""`backrub serve`: the web app on this machine, through uvicorn."""

from __future__ import annotations

import datetime
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from backrub.cli_support import fail

if TYPE_CHECKING:
    from backrub.journal.db import Store


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command()(serve)


def serve(
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="The port.")] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo", help='Add the made-up person "demo" and its history first.')
    ] = False,
) -> None:
    """Run the web app; settings come from BACKRUB_* variables (see docs).

    Example: backrub serve --port 8000 --demo
    """
    import uvicorn

    from backrub.web.app import create_app
    from backrub.web.settings import Settings, SettingsError

    try:
        settings = Settings()
        app = create_app(settings)
    except SettingsError as error:
        fail(str(error))
    except ValueError as error:  # pydantic's ValidationError: a BACKRUB_* value is wrong
        fail(f"settings: {str(error).splitlines()[0]}")
    if demo:
        sys.stdout.write(add_demo(app.state.store) + "\n")
    address = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    sys.stdout.write(f"backrub is running at {address} (press Ctrl+C to stop)\n")
    sys.stdout.flush()
    uvicorn.run(app, host=host, port=port, log_level="warning")


def add_demo(store: Store, weeks: int = 12) -> str:
    """Add the demo person with `weeks` of history ending this week, unless one exists.

    Accounts do not exist yet, so the demo is the person "demo" in the journal the
    server uses (the same one `backrub demo` fills); when accounts arrive it becomes
    the demo account's person.
    """
    from backrub.demo import DEMO_NAME, demo_journal
    from backrub.journal import repository as repo

    start = datetime.date.today() - datetime.timedelta(weeks=weeks)
    start -= datetime.timedelta(days=start.weekday())  # a Monday, like `backrub demo`
    with store.transaction() as db:
        if repo.find_person(db=db, name=DEMO_NAME) is not None:
            return f'The demo person "{DEMO_NAME}" is already in the journal; kept as it is.'
        journal = demo_journal(weeks=weeks, start=start)
        repo.import_journal(db=db, journal=journal)
        added = repo.person_journal(db=db, person_id=journal.people[0].id)
    return (
        f'Added the demo person "{added.name}": {len(added.sessions)} sessions and '
        f"{len(added.checkins)} check-ins over {weeks} weeks (no accounts yet: the demo "
        "account comes with sign-in)."
    )
