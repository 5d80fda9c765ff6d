"""Sign-in attempts are counted atomically, before any password is checked: parallel
guesses get exactly the limit's worth of checks between them (issue 14 found 21 checks
instead of 5, and a 500 from two first inserts racing, on PostgreSQL)."""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

from backrub.journal import signins
from backrub.journal.models import SigninAttempt
from backrub.journal.store import Store

WINDOW = datetime.timedelta(minutes=15)


def test_forty_parallel_attempts_get_exactly_five_through(store: Store) -> None:
    store.upgrade()  # once, before the threads
    barrier = threading.Barrier(40)

    def attempt() -> int | None:
        with store.transaction() as db:
            barrier.wait()
            return signins.count_attempt(
                db=db, key="account:sam@example.org", limit=5, window=WINDOW
            )

    with ThreadPoolExecutor(max_workers=40) as pool:
        waits = list(pool.map(lambda _: attempt(), range(40)))
    assert waits.count(None) == 5
    assert all(w is not None and 0 < w <= WINDOW.total_seconds() + 1 for w in waits if w)
    with store.transaction() as db:
        assert db.get(SigninAttempt, "account:sam@example.org").count == 40


def test_a_window_that_ended_starts_again(store: Store) -> None:
    with store.transaction() as db:
        for _ in range(5):
            assert signins.count_attempt(db=db, key="k", limit=5, window=WINDOW) is None
        assert signins.count_attempt(db=db, key="k", limit=5, window=WINDOW) is not None
        row = db.get(SigninAttempt, "k")
        row.window_start -= WINDOW
        db.flush()
        assert signins.count_attempt(db=db, key="k", limit=5, window=WINDOW) is None
        db.expire_all()
        assert db.get(SigninAttempt, "k").count == 1


def test_a_success_takes_its_attempt_back(store: Store) -> None:
    with store.transaction() as db:
        for _ in range(3):
            signins.count_attempt(db=db, key="address:x", limit=5, window=WINDOW)
        signins.forgive_attempt(db=db, key="address:x")
        db.expire_all()
        assert db.get(SigninAttempt, "address:x").count == 2
        signins.clear_attempts(db=db, key="address:x")
        assert db.get(SigninAttempt, "address:x") is None
