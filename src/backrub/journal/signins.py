"""Sign-in attempts, counted per key (`account:<email>`, `address:<ip>`) in fixed windows.

The web app's sign-in limit, kept in the database so that it holds across server
processes and restarts. An attempt is counted *before* its password is checked, in
one atomic statement (an upsert that answers the new count), so forty parallel
guesses get exactly `limit` password checks between them and never race on the
first row's insert. On PostgreSQL the counted row stays locked until the request's
transaction ends, so attempts under one key take turns: a few milliseconds each
(one password hash), which only someone guessing notices.
"""

from __future__ import annotations

import datetime
from typing import Any

from sqlalchemy import case, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backrub.journal.mapping import now
from backrub.journal.models import SigninAttempt

ATTEMPTS = SigninAttempt.__table__


def count_attempt(*, db: Session, key: str, limit: int, window: datetime.timedelta) -> int | None:
    """Count one attempt under `key`; None when it is within `limit` for the window, else
    the seconds until the window ends (the attempt is refused: no password is checked)."""
    moment = now()
    over = ATTEMPTS.c.window_start <= moment - window  # the stored window has ended
    insert: Any = (postgresql if db.get_bind().dialect.name == "postgresql" else sqlite).insert
    statement = (
        insert(ATTEMPTS)
        .values(key=key, window_start=moment, count=1)
        .on_conflict_do_update(
            index_elements=[ATTEMPTS.c.key],
            set_={
                "count": case((over, 1), else_=ATTEMPTS.c.count + 1),
                "window_start": case((over, moment), else_=ATTEMPTS.c.window_start),
            },
        )
        .returning(ATTEMPTS.c.count, ATTEMPTS.c.window_start)
    )
    count, started = db.execute(statement).one()
    if count <= limit:
        return None
    return max(1, int((started + window - moment).total_seconds()) + 1)


def forgive_attempt(*, db: Session, key: str) -> None:
    """Take back one counted attempt: a sign-in that succeeded is not a guess."""
    db.execute(
        update(SigninAttempt)
        .where(SigninAttempt.key == key, SigninAttempt.count > 0)
        .values(count=SigninAttempt.count - 1)
        .execution_options(synchronize_session=False)
    )


def clear_attempts(*, db: Session, key: str) -> None:
    db.execute(delete(SigninAttempt).where(SigninAttempt.key == key))
