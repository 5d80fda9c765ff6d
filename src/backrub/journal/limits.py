"""Rate limits over sliding windows, kept in the journal (`rate_hits`) so that they hold
across server processes and restarts.

A caller asks `retry_after` first and, when allowed, does the action and `record_hit`s
it in the same transaction. On PostgreSQL `retry_after` takes a transaction-scoped
advisory lock per key, so two requests under one key take turns between the count and
the hit and a burst cannot slip past the limit; on SQLite the one writer already does.
"""

from __future__ import annotations

import datetime
import random

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from backrub.journal.mapping import now
from backrub.journal.models import RateHit

KEEP = datetime.timedelta(days=1)  # the longest window a limit may use; older hits go
PRUNE_ALL_EVERY = 100  # about one hit in this many also clears every key's old hits


def retry_after(
    *, db: Session, keys: list[str], limit: int, window: datetime.timedelta
) -> int | None:
    """None when every key has fewer than `limit` hits in the last `window`; else the
    whole seconds (at least 1) until the busiest key has room for one more."""
    if window > KEEP:
        raise ValueError(f"window: expected at most {KEEP}, got {window}")
    if limit < 1:
        raise ValueError(f"limit: expected at least 1, got {limit}")
    moment = now()
    since = moment - window
    _lock(db, keys)
    wait: int | None = None
    for key in keys:
        in_window = RateHit.key == key, RateHit.at > since
        count = db.scalar(select(func.count()).select_from(RateHit).where(*in_window)) or 0
        if count < limit:
            continue
        # Room comes back when the hit that keeps the key at its limit leaves the window.
        leaving = db.scalar(
            select(RateHit.at).where(*in_window).order_by(RateHit.at).offset(count - limit)
        )
        assert leaving is not None
        seconds = max(1, int((leaving + window - moment).total_seconds()) + 1)
        wait = seconds if wait is None else max(wait, seconds)
    return wait


def record_hit(*, db: Session, keys: list[str], prune_everyone: bool | None = None) -> None:
    """Count one action under each key, and drop hits older than any window may ask about
    (these keys' every time, by their index; everyone's now and then, or when
    `prune_everyone` says so)."""
    moment = now()
    cutoff = moment - KEEP
    db.execute(
        delete(RateHit)
        .where(RateHit.key.in_(keys), RateHit.at < cutoff)
        .execution_options(synchronize_session=False)
    )
    if prune_everyone is None:
        prune_everyone = random.randrange(PRUNE_ALL_EVERY) == 0  # noqa: S311 - a chore's turn
    if prune_everyone:
        prune(db=db)
    db.add_all(RateHit(key=key, at=moment) for key in keys)
    db.flush()


def prune(*, db: Session) -> int:
    """Delete every hit older than `KEEP`; answers how many went."""
    result = db.execute(
        delete(RateHit)
        .where(RateHit.at < now() - KEEP)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _lock(db: Session, keys: list[str]) -> None:
    """On PostgreSQL, hold each key's advisory lock until the transaction ends (in one
    order, so two callers never wait on each other crosswise)."""
    if db.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(set(keys)):
        db.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})
