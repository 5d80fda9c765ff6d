"""Helpers every command group shares: one-line errors, JSON output, reading input.

Kept apart from `cli.py` so that a group can import them without importing (and
registering) every other group.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from backrub.contract.records import PersonRecord


def fail(message: str) -> NoReturn:
    """Bad input: one line on stderr, exit status 2, nothing else written."""
    sys.stderr.write(f"backrub: {message}\n")
    typer = sys.modules.get("typer")
    if typer is not None:  # inside a Typer command: exit its way (an Exception)
        raise typer.Exit(2)
    raise SystemExit(2)  # the fast path in `entry.py`: Typer is not even loaded


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def read_input(path: str, option: str) -> str:
    """Text of FILE, or stdin for '-'; a missing or unreadable file is bad input."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"{option}: no such file: {path}")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{option}: cannot read {path}: {getattr(error, 'strerror', None) or error}")


def parse_int(
    value: str | None, field: str, low: int | None = None, high: int | None = None
) -> int | None:
    """An integer taken as text, so that a typo gets one line rather than Click's usage
    screen; also checked against `low` and `high` when given. None stays None."""
    if value is None:
        return None
    span = f" from {low} to {high}" if low is not None and high is not None else ""
    try:
        number = int(value)
    except ValueError:
        fail(f"{field}: expected an integer{span}, got {value}")
    if (low is not None and number < low) or (high is not None and number > high):
        fail(f"{field}: expected an integer{span}, got {number}")
    return number


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# The journal


@contextmanager
def journal_transaction() -> Iterator[Session]:
    """One transaction on the journal; database trouble becomes one line and exit 2.

    That covers a URL that cannot be opened, a journal written by a newer backrub
    and errors from the database. A `fail()` inside the block rolls the
    transaction back like any other error.
    """
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from backrub.journal import open_journal
    from backrub.journal.store import JournalTooNewError

    try:
        store = open_journal()
    except (ArgumentError, ImportError) as error:
        fail(f"BACKRUB_DATABASE_URL: cannot open the journal: {_first_line(error)}")
    try:
        with store.transaction() as db:
            yield db
    except JournalTooNewError as error:
        fail(str(error))
    except SQLAlchemyError as error:
        fail(f"journal: {_first_line(getattr(error, 'orig', None) or error)}")
    finally:
        store.close()


def resolve(db: Session, name: str | None) -> PersonRecord:
    """`--person NAME`, else the current person (see `journal.people.resolve_person`)."""
    from backrub.journal.people import resolve_person

    try:
        return resolve_person(db=db, name=name)
    except LookupError as error:
        fail(f"--person: {error.args[0]}")


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
