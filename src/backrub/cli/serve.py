"""`backrub serve`: the web app on this machine, through uvicorn."""

from __future__ import annotations

import datetime
import secrets
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from backrub.cli.support import fail, plural

if TYPE_CHECKING:
    from backrub.journal.store import Store


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command()(serve)


def serve(
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="The port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, help="Server processes; more than one needs PostgreSQL."),
    ] = 1,
    demo: Annotated[
        bool,
        typer.Option("--demo", help="Add a demo account with made-up history; print its sign-in."),
    ] = False,
) -> None:
    """Run the web app; settings come from BACKRUB_* variables (see docs).

    SQLite takes one server process; on PostgreSQL `--workers N` runs N, each with a
    connection pool of its own.

    Example: backrub serve --port 8000 --demo
    """
    import uvicorn

    from backrub.journal.store import JournalTooNewError
    from backrub.web.app import create_app, serving
    from backrub.web.settings import Settings, SettingsError

    try:
        settings = Settings()
        app = create_app(settings)
    except SettingsError as error:
        fail(str(error))
    except ValueError as error:  # pydantic's ValidationError: a BACKRUB_* value is wrong
        fail(f"settings: {str(error).splitlines()[0]}")
    store = app.state.store
    if workers > 1 and store.engine.dialect.name == "sqlite":
        store.close()
        fail(
            "--workers: SQLite takes one server process; for more, use PostgreSQL "
            "(set BACKRUB_DATABASE_URL)"
        )
    try:
        store.upgrade()  # once, here, before any worker starts
    except JournalTooNewError as error:
        fail(str(error))
    if demo:
        sys.stdout.write(add_demo(store) + "\n")
    address = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    sys.stdout.write(f"backrub is running at {address} (press Ctrl+C to stop)\n")
    sys.stdout.flush()
    # X-Forwarded-For is believed only from BACKRUB_TRUSTED_PROXIES (uvicorn would
    # otherwise believe any client on 127.0.0.1, so anyone local could pick an address).
    proxies = settings.trusted_proxies.strip()
    options: dict[str, Any] = dict(
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
    )
    if workers == 1:
        uvicorn.run(serving(app), **options)
        return
    store.close()  # each worker builds its own app, engine and pool
    uvicorn.run(FACTORY, factory=True, workers=workers, **options)


FACTORY = "backrub.web.app:app_from_environment"


DEMO_EMAIL = "demo@backrub.example"


def add_demo(store: Store, weeks: int = 12) -> str:
    """Make the demo account with `weeks` of made-up history ending this week, or keep
    the one there is; either way give it a fresh random password, printed once.

    A known password would be a door left open on any server that ran `--demo`
    once, so the password changes on every start and lives only in this output.
    """
    from backrub.journal import accounts
    from backrub.journal.credentials import password_hasher
    from backrub.journal.entries import add_checkin, add_session
    from backrub.progress.demo import DEMO_NAME, demo_person

    password = secrets.token_urlsafe(12)
    password_hash = password_hasher().hash(password)
    with store.transaction() as db:
        found = accounts.find_credentials(db=db, email=DEMO_EMAIL)
        if found is not None:
            accounts.set_password_hash(db=db, user_id=found.user.id, password_hash=password_hash)
            what = "The demo account is already there; its history is kept as it was."
        else:
            start = datetime.date.today() - datetime.timedelta(weeks=weeks)
            start -= datetime.timedelta(days=start.weekday())  # a Monday, like `backrub demo`
            history = demo_person(weeks=weeks, start=start)
            user = accounts.create_user(db=db, email=DEMO_EMAIL, password_hash=password_hash)
            person = accounts.create_owned_person(
                db=db, user_id=user.id, name=DEMO_NAME, intake=history.intake
            )
            for session in history.sessions:
                add_session(db=db, person_id=person.id, entry=session)
            for checkin in history.checkins:
                add_checkin(db=db, person_id=person.id, entry=checkin)
            what = (
                f"Added the demo account: {plural(len(history.sessions), 'session')} and "
                f"{plural(len(history.checkins), 'check-in')} over {plural(weeks, 'week')}."
            )
    return f"{what}\nSign in as {DEMO_EMAIL} with the password {password}"
