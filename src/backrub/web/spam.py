"""Spam kept out without third parties: hourly limits on posting tips, per account and
per address, shared by the API and the web form; and on web forms a proof of work
(ALTCHA: the browser finds a counter that a signed challenge asks for) with a honeypot.

The client address is the connection's (`request.client.host`), never X-Forwarded-For,
which anyone can write. A challenge is signed with a key derived from the app's secret
key, so operators set one secret, and any worker can check any challenge; a solved one
is accepted once (`used_challenges`) and for ten minutes.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import altcha
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import delete, insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backrub.journal import limits
from backrub.journal.mapping import now
from backrub.journal.models import UsedChallenge


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


def check_signup_limit(request: Request, db: Session, per_hour: int) -> None:
    """Raise TooMany when `per_hour` accounts were made from the address in the last
    hour; else count this one (made in the same transaction)."""
    key = [f"signups:address:{client_address(request)}"]
    wait = limits.retry_after(db=db, keys=key, limit=per_hour, window=HOUR)
    if wait is not None:
        raise TooMany(
            f"{per_hour} accounts have been made from your address in the last hour; "
            f"try again in {in_words(wait)}.",
            wait,
        )
    limits.record_hit(db=db, keys=key)


def in_words(seconds: int) -> str:
    """'45 seconds', '1 minute', '12 minutes' (rounded up: never sooner than true)."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


# -- the proof of work ----------------------------------------------------------------

ALGORITHM = "SHA-256"  # one hash per try: the browser's crypto.subtle, in a worker
# The server picks the counter the browser must reach (deterministic mode), so every
# challenge costs about the same: on average (LOW + HIGH) / 2 hashes. Measured in
# Chromium on this machine (tests/browser/test_altcha.py): well under a second.
COUNTER_LOW, COUNTER_HIGH = 1_000, 5_000
CHALLENGE_LIFE = datetime.timedelta(minutes=10)
PAYLOAD_FIELD = "altcha"
HONEYPOT_FIELD = "website"
MAX_PAYLOAD = 4_000  # a real payload is under 1,000 characters

NOT_SOLVED = (
    "The check that you are a person has not finished: wait a moment and send the "
    "form again (it needs JavaScript)."
)
NOT_PASSED = "The check that you are a person did not pass: send the form again."
EXPIRED = "The check that you are a person has expired: send the form again for a new one."
REUSED = "That check that you are a person was already used: send the form again for a new one."
HONEYPOT = "The form was refused: the field for robots (website) must stay empty."

router = APIRouter()
_keys: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


def use_secret(engine: Engine, secret_key: str) -> None:
    """Sign challenges for the app whose journal is `engine` with a key derived from
    its secret key (`create_app` calls this), so `verify_human(db, form)` needs no
    request to find it."""
    _keys[engine] = _derive(secret_key)


def _derive(secret_key: str) -> bytes:
    return hmac.new(secret_key.encode(), b"backrub altcha challenges", hashlib.sha256).digest()


def _key_for(db: Session) -> bytes:
    engine = db.get_bind()
    key = _keys.get(engine) if isinstance(engine, Engine) else None
    if key is None:
        raise RuntimeError("spam.use_secret was not called for this journal")
    return key


def new_challenge(key: bytes) -> dict[str, Any]:
    """A signed challenge that expires in `CHALLENGE_LIFE`, as the widget reads it."""
    challenge = altcha.create_challenge(
        ALGORITHM,
        1,
        counter=COUNTER_LOW + secrets.randbelow(COUNTER_HIGH - COUNTER_LOW),
        expires_at=datetime.datetime.now(datetime.UTC) + CHALLENGE_LIFE,
        hmac_secret=key,
        hmac_key_secret=key,
    )
    return dict(challenge.to_dict())


@router.get("/altcha/challenge")
def challenge(request: Request) -> Response:
    """A new challenge for the widget; never cached, since each is used once."""
    secret = request.app.state.settings.secret_key.get_secret_value()
    return JSONResponse(new_challenge(_derive(secret)))


def verify_human(db: Session, form: Mapping[str, Any]) -> str | None:
    """None when the form's honeypot is empty and its ALTCHA payload verifies, has not
    expired and was not used before (it is used now); else the message for the form."""
    if str(form.get(HONEYPOT_FIELD) or "").strip():
        return HONEYPOT
    payload = str(form.get(PAYLOAD_FIELD) or "").strip()
    if not payload:
        return NOT_SOLVED
    if len(payload) > MAX_PAYLOAD:
        return NOT_PASSED
    key = _key_for(db)
    try:
        parsed = altcha.Payload.from_base64(payload)
        result = altcha.verify_solution(parsed, key, hmac_key_secret=key)
    except Exception:  # noqa: BLE001 - any payload the library cannot read is refused
        return NOT_PASSED
    if result.expired:
        return EXPIRED
    expires_at = parsed.challenge.parameters.expires_at
    if not result.verified or not parsed.challenge.signature or expires_at is None:
        return NOT_PASSED
    return _use_once(db, parsed.challenge.signature, expires_at)


def _use_once(db: Session, signature: str, expires_at: int) -> str | None:
    """Record the challenge as used (its signature's SHA-256); a second use is refused by
    the primary key, in a savepoint so the request's transaction goes on."""
    moment = now()
    db.execute(delete(UsedChallenge).where(UsedChallenge.expires < moment))
    expires = datetime.datetime.fromtimestamp(expires_at, datetime.UTC).replace(tzinfo=None)
    digest = hashlib.sha256(signature.encode()).hexdigest()
    try:
        with db.begin_nested():
            db.execute(insert(UsedChallenge).values(digest=digest, expires=expires))
    except IntegrityError:
        return REUSED
    return None
