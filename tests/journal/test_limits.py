"""Sliding-window limits in the journal: the limit's worth of hits pass, the next waits
until the oldest counted hit leaves the window, old hits are pruned, and a parallel
burst under one key never gets more than the limit through."""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, update

from backrub.journal import limits
from backrub.journal.mapping import now
from backrub.journal.models import RateHit
from backrub.journal.store import Store

HOUR = datetime.timedelta(hours=1)


def hits(db: object, key: str) -> int:
    return db.scalar(select(func.count()).select_from(RateHit).where(RateHit.key == key))  # type: ignore[attr-defined]


def test_the_limit_passes_and_the_next_waits_at_most_the_window(store: Store) -> None:
    with store.transaction() as db:
        for _ in range(5):
            assert limits.retry_after(db=db, keys=["k"], limit=5, window=HOUR) is None
            limits.record_hit(db=db, keys=["k"])
        wait = limits.retry_after(db=db, keys=["k"], limit=5, window=HOUR)
        assert wait is not None and 3590 < wait <= 3601
        assert limits.retry_after(db=db, keys=["other"], limit=5, window=HOUR) is None


def test_room_comes_back_when_the_oldest_counted_hit_leaves(store: Store) -> None:
    with store.transaction() as db:
        for _ in range(3):
            limits.record_hit(db=db, keys=["k"])
        # The first hit was 50 minutes ago: one more is allowed in about 10 minutes.
        first = db.scalars(select(RateHit).where(RateHit.key == "k").order_by(RateHit.seq)).first()
        assert first is not None
        first.at = now() - datetime.timedelta(minutes=50)
        db.flush()
        wait = limits.retry_after(db=db, keys=["k"], limit=3, window=HOUR)
        assert wait is not None and 595 <= wait <= 601
        first.at = now() - HOUR - datetime.timedelta(seconds=1)
        db.flush()
        assert limits.retry_after(db=db, keys=["k"], limit=3, window=HOUR) is None


def test_the_busiest_of_several_keys_decides(store: Store) -> None:
    with store.transaction() as db:
        limits.record_hit(db=db, keys=["a", "b"])
        limits.record_hit(db=db, keys=["b"])
        assert limits.retry_after(db=db, keys=["a"], limit=2, window=HOUR) is None
        assert limits.retry_after(db=db, keys=["a", "b"], limit=2, window=HOUR) is not None


def test_old_hits_are_pruned(store: Store) -> None:
    with store.transaction() as db:
        limits.record_hit(db=db, keys=["k", "gone"])
        db.execute(update(RateHit).values(at=now() - limits.KEEP - datetime.timedelta(minutes=1)))
        limits.record_hit(db=db, keys=["k"], prune_everyone=False)  # this key's old hit goes
        assert hits(db, "k") == 1
        assert hits(db, "gone") == 1
        limits.record_hit(db=db, keys=["k"], prune_everyone=True)  # everyone's, now and then
        assert hits(db, "gone") == 0
        assert hits(db, "k") == 2


def test_a_window_longer_than_kept_is_refused(store: Store) -> None:
    with store.transaction() as db, pytest.raises(ValueError, match="window"):
        limits.retry_after(db=db, keys=["k"], limit=1, window=limits.KEEP * 2)


def test_a_parallel_burst_gets_exactly_the_limit_through(store: Store) -> None:
    with store.transaction():
        pass  # the schema is made once, before the threads
    barrier = threading.Barrier(12)

    def attempt() -> bool:
        with store.transaction() as db:
            barrier.wait()
            if limits.retry_after(db=db, keys=["burst"], limit=5, window=HOUR) is not None:
                return False
            limits.record_hit(db=db, keys=["burst"])
            return True

    with ThreadPoolExecutor(max_workers=12) as pool:
        passed = list(pool.map(lambda _: attempt(), range(12)))
    assert passed.count(True) == 5
    with store.transaction() as db:
        assert hits(db, "burst") == 5
