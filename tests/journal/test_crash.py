"""A writer killed with SIGKILL mid-stream loses nothing it reported as saved.

The child (`support/crash_writer.py`) prints each id after its transaction commits;
the test kills it at a random point, then checks that every reported id is in
the journal, on the run's database (SQLite or PostgreSQL), and on SQLite also
the file's integrity.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from backrub.journal import open_journal
from backrub.journal.people import list_people, person_journal
from support.intakes import TESTS_DIR


def run_and_kill(url: str, writes_before_kill: int) -> list[str]:
    """Start the writer, SIGKILL it after about that many writes; the ids it reported."""
    # backrub as installed; `support` found as `python -m` finds it, from the folder it runs in.
    child = subprocess.Popen(
        [sys.executable, "-m", "support.crash_writer", url],
        stdout=subprocess.PIPE,
        text=True,
        cwd=TESTS_DIR,
    )
    assert child.stdout is not None
    saved: list[str] = []
    try:
        for line in child.stdout:
            saved.append(line.split()[1])
            if len(saved) >= writes_before_kill:
                time.sleep(random.random() / 100)  # land anywhere in the next transaction
                child.send_signal(signal.SIGKILL)
                break
        saved += [line.split()[1] for line in child.stdout]  # printed before it died
    finally:
        child.kill()
        child.wait(timeout=30)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL, "the writer stopped before it was killed"
    return saved


@pytest.mark.sqlite_only
@pytest.mark.parametrize("writes_before_kill", [20, 80])
def test_sigkill_mid_stream_keeps_every_saved_write(
    sqlite_url: str, writes_before_kill: int
) -> None:
    """SQLite only: PRAGMA integrity_check reads the file; the next test runs on either."""
    path = sqlite_url.removeprefix("sqlite:///")
    saved = run_and_kill(sqlite_url, writes_before_kill)
    assert len(saved) >= writes_before_kill

    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {row[0] for row in connection.execute("SELECT id FROM sessions")}
        checkins = {row[0] for row in connection.execute("SELECT id FROM checkins")}
    finally:
        connection.close()
    assert set(saved) <= stored
    assert stored == checkins  # each transaction was all or nothing
    assert len(stored) - len(saved) <= 1  # at most the one committed as it died

    with open_journal(sqlite_url) as store, store.transaction() as db:
        (person,) = list_people(db=db)
        assert len(person_journal(db=db, person_id=person.id).sessions) == len(stored)


def test_sigkill_mid_stream_keeps_every_saved_write_on_this_database(journal_url: str) -> None:
    """The same promise through SQLAlchemy, so that it holds on PostgreSQL too."""
    saved = run_and_kill(journal_url, 50)
    assert len(saved) >= 50

    with open_journal(journal_url) as store, store.transaction() as db:
        stored = set(db.scalars(text("SELECT id FROM sessions")))
        checkins = set(db.scalars(text("SELECT id FROM checkins")))
        assert set(saved) <= stored
        assert stored == checkins  # each transaction was all or nothing
        assert len(stored) - len(saved) <= 1  # at most the one committed as it died
        (person,) = list_people(db=db)
        assert len(person_journal(db=db, person_id=person.id).sessions) == len(stored)
