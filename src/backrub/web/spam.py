"""Spam kept out without third parties: hourly limits on posting tips, per account and
per address, shared by the API and the web form.

The client address is the connection's (`request.client.host`), never X-Forwarded-For,
which anyone can write.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from backrub.journal import limits


@dataclass(frozen=True)
class Limit:
    """At most `count` actions per `window` under one key."""

    count: int
    window: datetime.timedelta


HOUR = datetime.timedelta(hours=1)
TIP_LIMIT = Limit(5, HOUR)  # per account
TIP_ADDRESS_LIMIT = Limit(20, HOUR)  # per address: a few people behind one router


class TooMany(HTTPException):
    """429 with `Retry-After` (seconds) and a message that says when to try again."""

    def __init__(self, message: str, seconds: int) -> None:
        super().__init__(429, message, headers={"Retry-After": str(seconds)})
        self.field = "body"
        self.seconds = seconds


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def check_tip_limit(request: Request, db: Session, user_id: str) -> None:
    """Raise TooMany when the account or its address has posted its hour's tips; else
    count this post (the caller posts it in the same transaction)."""
    account = [f"tips:account:{user_id}"]
    address = [f"tips:address:{client_address(request)}"]
    wait = limits.retry_after(db=db, keys=account, limit=TIP_LIMIT.count, window=TIP_LIMIT.window)
    if wait is not None:
        raise TooMany(
            f"You have posted {TIP_LIMIT.count} tips in the last hour; "
            f"try again in {in_words(wait)}.",
            wait,
        )
    wait = limits.retry_after(
        db=db, keys=address, limit=TIP_ADDRESS_LIMIT.count, window=TIP_ADDRESS_LIMIT.window
    )
    if wait is not None:
        raise TooMany(
            f"{TIP_ADDRESS_LIMIT.count} tips have been posted from your address in the last "
            f"hour; try again in {in_words(wait)}.",
            wait,
        )
    limits.record_hit(db=db, keys=account + address)


def in_words(seconds: int) -> str:
    """'45 seconds', '1 minute', '12 minutes' (rounded up: never sooner than true)."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
