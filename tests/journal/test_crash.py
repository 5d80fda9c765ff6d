"""A writer killed with SIGKILL mid-stream loses nothing it reported as saved.

The child (`crash_writer.py`) prints each id after its transaction commits;
the test kills it at a random point, then checks the SQLite file's integrity
and that every reported id is in the journal.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backrub.journal import open_journal
from backrub.journal import repository as repo
from conftest import REPO_ROOT, TESTS_DIR

WRITER = Path(__file__).with_name("crash_writer.py")


def run_and_kill(url: str, writes_before_kill: int) -> list[str]:
    """Start the writer, SIGKILL it after about that many writes; the ids it reported."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS_DIR), str(REPO_ROOT / "src")])}
    child = subprocess.Popen(
        [sys.executable, str(WRITER), url], stdout=subprocess.PIPE, text=True, env=env
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


@pytest.mark.parametrize("writes_before_kill", [20, 80])
def test_sigkill_mid_stream_keeps_every_saved_write(
    tmp_path: Path, writes_before_kill: int
) -> None:
    path = tmp_path / "journal.sqlite3"
    saved = run_and_kill(f"sqlite:///{path}", writes_before_kill)
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

    with open_journal(f"sqlite:///{path}") as store, store.transaction() as db:
        (person,) = repo.list_people(db=db)
        assert len(repo.person_journal(db=db, person_id=person.id).sessions) == len(stored)
