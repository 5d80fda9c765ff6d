"""Group commit: writes that arrive while one transaction commits share the next one.

On SQLite a commit waits for fsync (`synchronous=FULL`: about 0.4 ms on the
benchmark machine) while it holds the journal's one write lock, so committing
each request's write on its own tops out well under 2,000 writes a second, and
relaxing `synchronous` would trade away what a person was told is saved. Here a
request hands its write (a function of a driver cursor) to `GroupCommit.run`
and waits. One transaction at a time takes every write that is waiting, runs
each in a SAVEPOINT (so a write that raises rolls back alone and its request
gets the error), commits once, and only then answers each request: a write
reported saved is on disk. The transaction runs in a worker thread, so neither
the fsync nor a wait for another process's lock holds the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any, BinaryIO, TypeVar

from sqlalchemy.engine import make_url

try:
    import fcntl
except ImportError:  # Windows: SQLite's own busy handler only
    fcntl = None  # type: ignore[assignment]

from backrub.journal.driver import Cursor
from backrub.journal.store import Store

T = TypeVar("T")
Write = Callable[[Cursor], Any]
Waiting = tuple[Write, "asyncio.Future[Any]"]
Outcome = tuple[bool, Any]  # (True, value) or (False, the exception)


class GroupCommit:
    """One per process and journal. `turn`, when given, is the lock the process's other
    writers take (on SQLite, one write transaction at a time per process)."""

    def __init__(self, store: Store, turn: asyncio.Lock | None = None) -> None:
        self.store = store
        self.turn = turn
        self._between_processes = ProcessTurns(store)
        self._waiting: list[Waiting] = []
        self._committer: asyncio.Task[None] | None = None

    @property
    def idle(self) -> bool:
        """Nothing waiting and nothing being committed (so tests can wait for `submit`)."""
        return not self._waiting and (self._committer is None or self._committer.done())

    async def settle(self) -> None:
        """Wait until every write handed in so far is committed or has failed (before the
        journal is closed, say)."""
        while not self.idle:
            committer = self._committer
            if committer is not None and not committer.done():
                await asyncio.wait([committer])
            else:
                await asyncio.sleep(0)

    async def run(self, write: Callable[[Cursor], T]) -> T:
        """`write(cursor)`'s answer once its transaction is committed; its exception if it
        raised (nothing of it is kept) or if the commit failed (nothing of the group is)."""
        return await self._enqueue(write)

    def submit(self, write: Write) -> None:
        """`run` without waiting for the outcome, for a write that must not hold up or fail
        the request that asked for it (a token's time of last use)."""
        self._enqueue(write).add_done_callback(_forget)

    def _enqueue(self, write: Callable[[Cursor], T]) -> asyncio.Future[T]:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiting.append((write, future))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_all_waiting())
        return future

    async def _commit_all_waiting(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting, []
            try:
                async with self._turn():
                    outcomes = await asyncio.to_thread(self._commit, [w for w, _ in group])
            except Exception as error:  # the commit failed: nothing of the group is kept
                for _, future in group:
                    if not future.done():
                        future.set_exception(error)
                continue
            except BaseException:  # cancelled (the app is stopping): the requests are too
                for _, future in group:
                    future.cancel()
                raise
            for (_, future), (ok, value) in zip(group, outcomes, strict=True):
                if future.done():  # its request went away; the write stands
                    continue
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)

    def _turn(self) -> AbstractAsyncContextManager[Any]:
        return self.turn if self.turn is not None else nullcontext()

    def _commit(self, writes: list[Write]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        with self._between_processes, self.store.driver.transaction(write=True) as cursor:
            for write in writes:
                cursor.execute("SAVEPOINT backrub_write")
                try:
                    value = write(cursor)
                except Exception as error:
                    cursor.execute("ROLLBACK TO SAVEPOINT backrub_write")
                    cursor.execute("RELEASE SAVEPOINT backrub_write")
                    outcomes.append((False, error))
                else:
                    cursor.execute("RELEASE SAVEPOINT backrub_write")
                    outcomes.append((True, value))
        return outcomes


def _forget(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()  # retrieved, so asyncio does not log it as never retrieved


class ProcessTurns:
    """On an SQLite file, the group committers of several processes (web workers) take
    turns through a lock on a file beside the journal, held around each transaction.

    Without it a committer that finds SQLite's write lock taken sleeps in SQLite's busy
    handler, in steps of 1, 2, 5 ... 100 ms, while the other process commits group after
    group: under load some requests waited over a second. A process blocked on this lock
    wakes as soon as it is released. Only a courtesy between committers: SQLite's own
    locking still keeps every other writer (the CLI, the pages) correct.
    """

    def __init__(self, store: Store) -> None:
        self.path = _writers_file(store.url)
        self._file: BinaryIO | None = None

    def __enter__(self) -> None:
        if self.path is None or fcntl is None:
            return
        self._file = open(self.path, "ab")  # noqa: SIM115 (closed in __exit__)
        fcntl.flock(self._file, fcntl.LOCK_EX)

    def __exit__(self, *_exc: object) -> None:
        if self._file is not None:
            self._file.close()  # and with it the lock
            self._file = None


def _writers_file(url: str) -> str | None:
    """`journal.sqlite3-writers` beside an SQLite file; None for other databases."""
    found = make_url(url)
    if found.get_backend_name() != "sqlite" or found.database in (None, "", ":memory:"):
        return None
    return f"{found.database}-writers"
