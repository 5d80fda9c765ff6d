"""`backrub admin`: accounts for operators, without the web app (nor FastAPI) running.

Passwords are read from stdin, never from an argument (arguments show in `ps`
and in shell history), and follow sign-up's rules and hasher
(`backrub.journal.credentials`).
"""

from __future__ import annotations

import datetime
import sys
from typing import Annotated

import typer

from backrub.cli.options import JsonOption
from backrub.cli.support import emit_json, fail, journal_transaction

DEFAULT_TOKEN_NAME = "admin"
Email = Annotated[str, typer.Argument(metavar="EMAIL", help="The account's email address.")]


def register(app: typer.Typer) -> None:
    """Add the `admin` group and its commands to the app."""
    group = typer.Typer(help="Web accounts, for operators.", no_args_is_help=True)
    group.command("create-user")(create_user)
    group.command("token")(token)
    group.command("list-users")(list_users)
    group.command("grant-moderator")(grant_moderator)
    group.command("revoke-moderator")(revoke_moderator)
    app.add_typer(group, name="admin")


def create_user(email: Email) -> None:
    """Make an account and its own person, as signing up does.

    The password is read from stdin: one line, or asked twice without echo at a
    terminal. It follows sign-up's rules (at least 10 characters).

    Example: printf '%s\\n' "$PASSWORD" | backrub admin create-user sam@example.org
    """
    from backrub.journal import accounts
    from backrub.journal.credentials import email_problem, password_hasher, password_problem

    email = email.strip().lower()
    if (problem := email_problem(email)) is not None:
        fail(f"EMAIL: {problem}")
    with journal_transaction() as db:
        taken = accounts.find_credentials(db=db, email=email) is not None
    if taken:
        fail("EMAIL: an account with this email already exists")
    password = _read_password()
    if (problem := password_problem(password)) is not None:
        fail(f"password: {problem}")
    password_hash = password_hasher().hash(password)
    with journal_transaction() as db:
        try:
            user = accounts.create_user(db=db, email=email, password_hash=password_hash)
        except ValueError as error:  # taken in the meantime
            fail(f"EMAIL: {error}")
        accounts.create_owned_person(db=db, user_id=user.id, name=email.partition("@")[0])
    sys.stdout.write(f"Added the account {email}.\n")


def token(
    email: Email,
    name: Annotated[
        str,
        typer.Option("--name", metavar="NAME", help="What the token is for (1 to 100 characters)."),
    ] = DEFAULT_TOKEN_NAME,
) -> None:
    """Print a new access token for the JSON API, once.

    Only its hash is kept. Send it as `Authorization: Bearer TOKEN`; revoke it on
    the account's settings page.

    Example: backrub admin token sam@example.org --name backup
    """
    from backrub.journal import accounts
    from backrub.journal.credentials import new_token, token_hash

    secret = new_token()
    with journal_transaction() as db:
        found = accounts.find_credentials(db=db, email=email)
        if found is None:
            fail(f"EMAIL: no account with the email {email.strip().lower()}")
        try:
            accounts.create_access_token(
                db=db, user_id=found.user.id, name=name, token_hash=token_hash(secret)
            )
        except ValueError as error:
            fail(f"--name: {error}")
    sys.stdout.write(secret + "\n")


def list_users(as_json: JsonOption = False) -> None:
    """List the accounts, oldest first.

    Each with its email and when it was made (UTC).

    Example: backrub admin list-users --json
    """
    from backrub.journal import accounts

    with journal_transaction() as db:
        users = accounts.list_users(db=db)
    if as_json:
        emit_json([{"id": u.id, "email": u.email, "created": _utc(u.created)} for u in users])
        return
    if not users:
        sys.stdout.write("No accounts yet; add one with: backrub admin create-user EMAIL\n")
    for user in users:
        sys.stdout.write(f"{user.email}  {user.created:%Y-%m-%d %H:%M} UTC\n")


def grant_moderator(email: Email) -> None:
    """Let an account approve and reject readers' tips (web, API and `backrub moderate`).

    Example: backrub admin grant-moderator sam@example.org
    """
    _set_moderator(email, True)


def revoke_moderator(email: Email) -> None:
    """Take back an account's moderator role; its past decisions stay in the log.

    Example: backrub admin revoke-moderator sam@example.org
    """
    _set_moderator(email, False)


def _set_moderator(email: str, moderator: bool) -> None:
    from backrub.journal import tips

    with journal_transaction() as db:
        try:
            user = tips.set_moderator(db=db, email=email, moderator=moderator)
        except tips.NoSuchUser as error:
            fail(f"EMAIL: {error.message}")
    now = "now a moderator" if moderator else "no longer a moderator"
    sys.stdout.write(f"{user.email} is {now}.\n")


def _read_password() -> str:
    """One line of stdin; at a terminal, asked twice without echo."""
    if sys.stdin.isatty():
        import getpass

        try:
            first = getpass.getpass("Password: ")
            second = getpass.getpass("The same password again: ")
        except EOFError:
            fail("password: the question was not answered")
        if first != second:
            fail("password: the two passwords differ")
        return first
    line = sys.stdin.readline()
    if not line.strip():
        fail("password: expected the password on one line of stdin, got nothing")
    return line.rstrip("\r\n")


def _utc(moment: datetime.datetime) -> str:
    """A stored naive-UTC time as ISO 8601 with its offset."""
    return moment.replace(tzinfo=datetime.UTC).isoformat()
