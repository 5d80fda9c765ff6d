"""Group commit: writes waiting together share one transaction, and each is answered after it
commits; one write's error is its own; a failed commit fails the group and keeps nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from sqlalchemy import select, text

from backrub.journal import repository as repo
from backrub.journal.driver import Cursor
from backrub.journal.group_commit import GroupCommit
from backrub.journal.models import SessionRow
from backrub.journal.store import Store
from support.journal_factories import make_session

T = TypeVar("T")


def _sessions(store: Store, count: int) -> list[str]:
    with store.transaction() as db:
        person = repo.create_person(db=db, name="Sam")
        entries = [make_session() for _ in range(count)]
        for entry in entries:
            repo.add_session(db=db, person_id=person.id, entry=entry)
    return [entry.id for entry in entries]


def _set_soreness(store: Store, session_id: str, value: int) -> Any:
    def write(cursor: Cursor) -> str:
        driver = store.driver
        statement = driver.statement(
            "test:set_soreness",
            lambda: text("UPDATE sessions SET soreness_next_day = :value WHERE id = :id"),
        )
        driver.execute(cursor, statement, {"value": value, "id": session_id})
        return session_id

    return write


def _soreness(store: Store) -> dict[str, int | None]:
    with store.transaction(write=False) as db:
        rows = db.execute(select(SessionRow.id, SessionRow.soreness_next_day))
        return {session_id: soreness for session_id, soreness in rows}


def _run(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """`asyncio.run(main())` in a thread of its own: the browser tests' Playwright keeps an
    event loop running in the main thread for the whole session."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(main())).result()


class Counted(GroupCommit):
    """Counts the transactions it commits."""

    commits = 0

    def _commit(self, writes: list[Any]) -> list[Any]:
        self.commits += 1
        return super()._commit(writes)


def test_writes_waiting_together_share_a_transaction_and_all_land(store: Store) -> None:
    ids = _sessions(store, 20)
    writes = Counted(store)

    async def all_at_once() -> list[str]:
        return await asyncio.gather(
            *(writes.run(_set_soreness(store, sid, n % 11)) for n, sid in enumerate(ids))
        )

    answered = _run(all_at_once)
    assert answered == ids
    assert _soreness(store) == {sid: n % 11 for n, sid in enumerate(ids)}
    assert 1 <= writes.commits < len(ids)  # grouped: the first alone, the rest together
    assert writes.idle


def test_a_write_that_raises_fails_alone(store: Store) -> None:
    first, second, third = _sessions(store, 3)
    writes = GroupCommit(store)

    def broken(cursor: Cursor) -> None:
        _set_soreness(store, second, 9)(cursor)  # done, then undone with its savepoint
        raise ValueError("no")

    async def together() -> list[Any]:
        return await asyncio.gather(
            writes.run(_set_soreness(store, first, 1)),
            writes.run(broken),
            writes.run(_set_soreness(store, third, 3)),
            return_exceptions=True,
        )

    outcomes = _run(together)
    assert outcomes[0] == first and outcomes[2] == third
    assert isinstance(outcomes[1], ValueError)
    assert _soreness(store) == {first: 1, second: None, third: 3}


@pytest.mark.sqlite_only
def test_when_the_commit_fails_every_write_of_the_group_fails_and_nothing_is_kept(
    sqlite_store: Store,
) -> None:
    first, second = _sessions(sqlite_store, 2)
    writes = GroupCommit(sqlite_store)

    def violates_a_deferred_foreign_key(cursor: Cursor) -> None:
        # Checked at COMMIT, not at the statement: the whole transaction then fails.
        cursor.execute("PRAGMA defer_foreign_keys = ON")
        cursor.execute("UPDATE sessions SET person_id = 'nobody' WHERE id = ?", (second,))

    async def together() -> list[Any]:
        return await asyncio.gather(
            writes.run(_set_soreness(sqlite_store, first, 4)),
            writes.run(violates_a_deferred_foreign_key),
            return_exceptions=True,
        )

    outcomes = _run(together)
    assert all(isinstance(outcome, Exception) for outcome in outcomes)
    assert _soreness(sqlite_store) == {first: None, second: None}
    assert writes.idle


def test_submit_does_not_wait_and_its_write_lands(store: Store) -> None:
    [only] = _sessions(store, 1)
    writes = GroupCommit(store)

    async def submit_then_settle() -> None:
        writes.submit(_set_soreness(store, only, 6))
        assert not writes.idle
        while not writes.idle:
            await asyncio.sleep(0.01)

    _run(submit_then_settle)
    assert _soreness(store) == {only: 6}
