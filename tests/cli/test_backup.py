"""`backrub backup FILE` and `backrub restore FILE`, on SQLite and PostgreSQL.

The journal after a restore holds what it held at the backup: every person's export
and every table's rows. A backup taken while another thread writes is one consistent
moment (each session's check-in, written in the same transaction, is there with it).
Files that are not a backup, and restores over a journal without a yes, are refused
in one line with nothing changed.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from backrub.contract.records import Journal, new_id
from backrub.journal import accounts, open_journal
from backrub.journal.entries import add_checkin, add_session
from backrub.journal.mapping import full_person_record
from backrub.journal.models import Base, Checkin, Person, SessionRow
from backrub.journal.people import create_person, full_people
from backrub.progress.demo import demo_person
from support.cli import ok, refused, run
from support.databases import fresh_database
from support.journal_factories import make_checkin, make_session


def _fill(url: str) -> None:
    """A CLI person and an account's person, each with history and saved answers."""
    with open_journal(url) as store, store.transaction() as db:
        for name, owner in (("Sam", None), ("Alex", "alex@example.org")):
            history = demo_person(weeks=3, seed=len(name))
            if owner is None:
                person = create_person(db=db, name=name, intake=history.intake)
            else:
                user = accounts.create_user(db=db, email=owner, password_hash="not a hash")
                person = accounts.create_owned_person(
                    db=db, user_id=user.id, name=name, intake=history.intake
                )
            for session in history.sessions:
                add_session(db=db, person_id=person.id, entry=session)
            for checkin in history.checkins:
                add_checkin(db=db, person_id=person.id, entry=checkin)


def _snapshot(url: str) -> tuple[Journal, dict[str, int]]:
    """Everyone's export, and how many rows each table holds."""
    with open_journal(url) as store, store.transaction(write=False) as db:
        rows = db.scalars(full_people().order_by(Person.seq))
        everyone = Journal(people=tuple(full_person_record(row) for row in rows))
        counts = {
            name: db.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }
    return everyone, counts


def _add_one_more(url: str) -> None:
    with open_journal(url) as store, store.transaction() as db:
        create_person(db=db, name="Later")


def test_restore_brings_back_what_the_backup_held(journal_url: str, tmp_path: Path) -> None:
    _fill(journal_url)
    before = _snapshot(journal_url)
    file = tmp_path / "journal.backup"
    said = ok("backup", str(file))
    assert said.startswith(f"Backed up 2 people, {before[1]['sessions']} sessions to {file} (")
    assert said.endswith(" KB).\n") or said.endswith(" MB).\n")

    _add_one_more(journal_url)
    assert _snapshot(journal_url) != before
    said = ok("restore", str(file), "--yes")
    assert said.startswith(f"Restored 2 people, {before[1]['sessions']} sessions from {file}")
    assert _snapshot(journal_url) == before


def test_a_restore_into_an_empty_database_needs_no_yes(journal_url: str, tmp_path: Path) -> None:
    _fill(journal_url)
    before = _snapshot(journal_url)
    file = tmp_path / "journal.backup"
    ok("backup", str(file))
    with fresh_database() as empty, _database_variable(empty):
        ok("restore", str(file))
        assert _snapshot(empty) == before


def test_a_restore_over_a_journal_without_yes_changes_nothing(
    journal_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(journal_url)
    file = tmp_path / "journal.backup"
    ok("backup", str(file))
    _add_one_more(journal_url)
    after = _snapshot(journal_url)
    assert "add --yes" in refused("restore", str(file))  # no terminal to ask on
    monkeypatch.setattr("backrub.cli.options.interactive", lambda: True)
    result = run("restore", str(file), input="n\n")
    assert result.exit_code == 2
    assert "Replace the journal at" in result.stdout
    assert result.stderr == "backrub: restore: nothing was changed\n"
    assert _snapshot(journal_url) == after
    assert ok("restore", str(file), input="y\n")  # a yes at the terminal
    assert _snapshot(journal_url) != after


def test_files_that_are_not_a_backup_are_refused(journal_url: str, tmp_path: Path) -> None:
    _fill(journal_url)
    before = _snapshot(journal_url)
    text = tmp_path / "notes.txt"
    text.write_text("not a backup\n")
    empty = tmp_path / "empty.backup"
    empty.write_bytes(b"")
    other_sqlite = tmp_path / "other.sqlite3"
    with sqlite3.connect(other_sqlite) as connection:
        connection.execute("CREATE TABLE things (id TEXT)")
    connection.close()
    for bad in (text, empty, other_sqlite):
        assert "FILE:" in refused("restore", str(bad), "--yes"), bad
    assert "no such file" in refused("restore", str(tmp_path / "missing.backup"), "--yes").lower()
    assert _snapshot(journal_url) == before


def test_a_backup_while_another_thread_writes_is_one_moment(
    journal_url: str, tmp_path: Path
) -> None:
    with open_journal(journal_url) as store:
        with store.transaction() as db:
            person = create_person(db=db, name="Busy")
        stop = threading.Event()
        written: list[str] = []

        def write() -> None:  # each session with its check-in, in one transaction
            while not stop.is_set():
                record = new_id()
                with store.transaction() as db:
                    add_session(db=db, person_id=person.id, entry=make_session(id=record))
                    add_checkin(db=db, person_id=person.id, entry=make_checkin(id=record))
                written.append(record)

        writer = threading.Thread(target=write)
        writer.start()
        try:
            files = []
            for number in range(3):
                while len(written) < 10 * (number + 1):
                    stop.wait(0.01)
                files.append(tmp_path / f"busy-{number}.backup")
                ok("backup", str(files[-1]))
        finally:
            stop.set()
            writer.join(timeout=30)
    for file in files:
        with fresh_database() as copy, _database_variable(copy):
            ok("restore", str(file))
            with open_journal(copy) as restored, restored.transaction(write=False) as db:
                sessions = set(db.scalars(select(SessionRow.id)))
                checkins = set(db.scalars(select(Checkin.id)))
        assert sessions == checkins
        assert len(sessions) >= 10


class _database_variable:  # noqa: N801 - used as a context manager, like a function
    """BACKRUB_DATABASE_URL set to `url` for the block (the CLI's journal)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __enter__(self) -> None:
        import os

        self.kept = os.environ.get("BACKRUB_DATABASE_URL")
        os.environ["BACKRUB_DATABASE_URL"] = self.url

    def __exit__(self, *_: Any) -> None:
        import os

        if self.kept is None:
            os.environ.pop("BACKRUB_DATABASE_URL", None)
        else:
            os.environ["BACKRUB_DATABASE_URL"] = self.kept
