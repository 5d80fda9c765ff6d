"""Failed sign-ins, counted per key (`account:<email>`, `address:<ip>`) in fixed windows.

The web app's rate limit, kept in the database so that it holds across server
processes and restarts. Keyword-only functions over the caller's Session.
"""

from __future__ import annotations

import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backrub.journal.mapping import now
from backrub.journal.models import SigninAttempt


def signin_retry_after(
    *, db: Session, keys: list[str], limit: int, window: datetime.timedelta
) -> int | None:
    """Seconds until another sign-in may be tried, when any key has `limit` failures."""
    moment = now()
    waits = [
        int((row.window_start + window - moment).total_seconds()) + 1
        for row in db.scalars(select(SigninAttempt).where(SigninAttempt.key.in_(keys)))
        if row.count >= limit and row.window_start + window > moment
    ]
    return max(waits) if waits else None


def record_signin_failure(*, db: Session, keys: list[str], window: datetime.timedelta) -> None:
    moment = now()
    for key in keys:
        row = db.get(SigninAttempt, key)
        if row is None:
            db.add(SigninAttempt(key=key, window_start=moment, count=1))
        elif row.window_start + window <= moment:
            row.window_start, row.count = moment, 1
        else:
            row.count += 1
    db.flush()


def clear_signin_failures(*, db: Session, key: str) -> None:
    db.execute(delete(SigninAttempt).where(SigninAttempt.key == key))
