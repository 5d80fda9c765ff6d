"""`make scale`'s generator (benchmarks/scale.py) writes what the app itself would: a
small load, read back through the repository and exported, is a valid journal
document with the asked-for numbers, and the reads it times find each person's rows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from backrub.contract.records import load_journal
from backrub.journal import owned
from backrub.journal.models import Person
from backrub.journal.people import progress_history
from backrub.journal.store import open_journal
from support.databases import postgres_admin_url

SCALE = Path(__file__).resolve().parents[2] / "benchmarks" / "scale.py"

pytestmark = pytest.mark.skipif(
    postgres_admin_url() is None, reason="PostgreSQL only: the generator loads with COPY"
)


def test_a_small_load_reads_back_as_valid_journals(journal_url: str) -> None:
    people, sessions = 3, 7
    loaded = subprocess.run(
        [sys.executable, str(SCALE), "--url", journal_url, "--people", str(people),
         "--sessions", str(sessions), "--load-only"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    assert f"loaded {people} of {people} people" in loaded.stderr
    with open_journal(journal_url) as store, store.transaction(write=False) as db:
        owners = db.execute(select(Person.id, Person.owner_id).order_by(Person.seq)).all()
        assert len(owners) == people
        for person_id, user_id in owners:
            assert user_id is not None
            exported = owned.owned_journal(db=db, user_id=user_id)
            document = load_journal(json.dumps(exported.to_dict()))  # the contract's checks
            (person,) = document.people
            assert len(person.sessions) == sessions
            assert person.checkins, "a weekly check-in over the sessions' span"
            history = progress_history(db=db, person_id=person_id)
            assert [s.id for s in history.sessions] == [s.id for s in person.sessions]
            assert [s.step_count for s in history.sessions] == [
                len(s.plan["steps"]) for s in person.sessions
            ]
            latest = owned.last_sessions(db=db, person_id=person_id, limit=50)
            assert [s.id for s in latest] == [s.id for s in reversed(person.sessions)]
