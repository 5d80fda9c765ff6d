"""Accounts' storage: keyword-only functions over a Session, returning plain records.

Like `repository`, every call runs inside the caller's transaction. Secrets
arrive already hashed (the web layer hashes passwords with argon2id and tokens
with SHA-256); nothing here sees a password or a raw token.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.orm import Session

from backrub.contract.intake import Intake
from backrub.contract.records import PersonRecord, SessionRecord, new_id
from backrub.journal import repository as repo
from backrub.journal.account_models import AccessToken, SigninAttempt, User, WebSession
from backrub.journal.driver import Cursor, Driver, as_datetime
from backrub.journal.models import Person, SessionRow

TOKEN_USE_RECORDED_EVERY = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class UserRecord:
    id: str
    email: str
    created: datetime.datetime


@dataclass(frozen=True)
class Credentials:
    """A user and their password hash: only for checking a sign-in."""

    user: UserRecord
    password_hash: str


@dataclass(frozen=True)
class TokenRecord:
    id: str
    name: str
    created: datetime.datetime
    last_used: datetime.datetime | None
    revoked: datetime.datetime | None


def now() -> datetime.datetime:
    """Naive UTC, as every account time is stored."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


# Users


def create_user(*, db: Session, email: str, password_hash: str) -> UserRecord:
    """A new user; ValueError when the (lowercased) email is taken."""
    email = email.strip().lower()
    if db.scalar(select(User.id).where(User.email == email)) is not None:
        raise ValueError("an account with this email already exists")
    row = User(id=new_id(), email=email, password_hash=password_hash, created=now())
    db.add(row)
    db.flush()
    return _user(row)


def find_credentials(*, db: Session, email: str) -> Credentials | None:
    row = db.scalar(select(User).where(User.email == email.strip().lower()))
    return Credentials(_user(row), row.password_hash) if row else None


def set_password_hash(*, db: Session, user_id: str, password_hash: str) -> None:
    """Store a re-hashed password (when the hasher's parameters were raised)."""
    row = db.get(User, user_id)
    if row is not None:
        row.password_hash = password_hash
        db.flush()


def get_user(*, db: Session, user_id: str) -> UserRecord | None:
    row = db.get(User, user_id)
    return _user(row) if row else None


def delete_user(*, db: Session, user_id: str) -> None:
    """The user, their people with everything recorded about them, sessions and tokens."""
    for person_id in db.scalars(select(Person.id).where(Person.owner_id == user_id)):
        repo.delete_person(db=db, person_id=person_id)  # also clears the current-person marker
    db.execute(delete(WebSession).where(WebSession.user_id == user_id))
    db.execute(delete(AccessToken).where(AccessToken.user_id == user_id))
    db.execute(delete(User).where(User.id == user_id))
    db.flush()


# Web sessions


def create_web_session(
    *, db: Session, user_id: str, token_hash: str, lifetime: datetime.timedelta
) -> None:
    """Store a signed-in browser; expired sessions of the same user are cleared on the way."""
    moment = now()
    db.execute(
        delete(WebSession).where(WebSession.user_id == user_id, WebSession.expires <= moment)
    )
    db.add(WebSession(id=token_hash, user_id=user_id, created=moment, expires=moment + lifetime))
    db.flush()


def session_user(*, db: Session, token_hash: str) -> UserRecord | None:
    """The user signed in with this session, None when it is unknown or expired."""
    row = db.execute(
        select(User, WebSession.expires)
        .join(WebSession, WebSession.user_id == User.id)
        .where(WebSession.id == token_hash)
    ).first()
    if row is None or row.expires <= now():
        return None
    return _user(row.User)


def delete_web_session(*, db: Session, token_hash: str) -> None:
    db.execute(delete(WebSession).where(WebSession.id == token_hash))


# Access tokens


def create_access_token(*, db: Session, user_id: str, name: str, token_hash: str) -> TokenRecord:
    name = name.strip()
    if not name or len(name) > 100:
        raise ValueError("a token's name needs 1 to 100 characters")
    row = AccessToken(id=new_id(), user_id=user_id, name=name, token_hash=token_hash, created=now())
    db.add(row)
    db.flush()
    return _token(row)


def list_access_tokens(*, db: Session, user_id: str) -> list[TokenRecord]:
    rows = db.scalars(
        select(AccessToken).where(AccessToken.user_id == user_id).order_by(AccessToken.created)
    )
    return [_token(row) for row in rows]


def revoke_access_token(*, db: Session, user_id: str, token_id: str) -> bool:
    """False when the user has no such token (someone else's counts as none)."""
    row = db.scalar(
        select(AccessToken).where(AccessToken.id == token_id, AccessToken.user_id == user_id)
    )
    if row is None:
        return False
    if row.revoked is None:
        row.revoked = now()
        db.flush()
    return True


USERS = cast(Table, User.__table__)
TOKENS = cast(Table, AccessToken.__table__)
# Run on every API call, on the driver's connection (`driver.py` says why).
TOKEN_OWNER = (
    select(USERS.c.id, USERS.c.email, USERS.c.created, TOKENS.c.id, TOKENS.c.last_used)
    .join(TOKENS, TOKENS.c.user_id == USERS.c.id)
    .where(TOKENS.c.token_hash == bindparam("token_hash"), TOKENS.c.revoked.is_(None))
)
RECORD_TOKEN_USE = (
    update(TOKENS)
    .where(TOKENS.c.id == bindparam("token_id"))
    .where(TOKENS.c.last_used.is_(None) | (TOKENS.c.last_used < bindparam("stale")))
    .values(last_used=bindparam("moment"))
)


@dataclass(frozen=True)
class TokenOwner:
    """Whom a live token belongs to; `stale_token_id` names the token when its `last_used`
    is over a minute old (refreshed at most once a minute: one write a minute for a busy
    client, not one a request)."""

    user: UserRecord
    stale_token_id: str | None


def token_owner(driver: Driver, cursor: Cursor, *, token_hash: str) -> TokenOwner | None:
    """The owner of a live token, on the driver's connection: every API call asks."""
    statement = driver.statement("token_owner", lambda: TOKEN_OWNER)
    row = driver.execute(cursor, statement, {"token_hash": token_hash}).fetchone()
    if row is None:
        return None
    user_id, email, created, token_id, used = row
    stale = used is None or now() - as_datetime(used) > TOKEN_USE_RECORDED_EVERY
    user = UserRecord(id=user_id, email=email, created=as_datetime(created))
    return TokenOwner(user, token_id if stale else None)


def record_token_use(driver: Driver, cursor: Cursor, *, token_id: str) -> None:
    """Set `last_used` to now, unless another request did within the minute."""
    moment = now()
    values = {
        "token_id": token_id,
        "stale": driver.naive_time(moment - TOKEN_USE_RECORDED_EVERY),
        "moment": driver.naive_time(moment),
    }
    driver.execute(cursor, driver.statement("record_token_use", lambda: RECORD_TOKEN_USE), values)


# Sign-in attempts (fixed windows)


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


# People owned by a user

NAME_ROOM = 90  # leaves room for " 99999" within the 100 characters a name may have


def create_owned_person(
    *, db: Session, user_id: str, name: str, intake: Intake | None = None
) -> PersonRecord:
    """The user's own person, named `name` or, when that is taken, "name 2", ..."""
    name = free_name(db=db, wanted=name.strip()[:NAME_ROOM])
    person = repo.create_person(db=db, name=name, intake=intake)
    row = db.scalar(select(Person).where(Person.id == person.id))
    assert row is not None
    row.owner_id = user_id
    db.flush()
    return person


def free_name(*, db: Session, wanted: str) -> str:
    """`wanted` if no one has it, else "wanted 2", "wanted 3", ...: the CLI picks people by
    name, so names are unique across the whole journal, whoever owns them."""
    candidate = wanted.strip() or "me"
    base, number = candidate[:NAME_ROOM], 1
    while repo.find_person(db=db, name=candidate) is not None:
        number += 1
        candidate = f"{base} {number}"
    return candidate


def owned_people(*, db: Session, user_id: str) -> list[PersonRecord]:
    ids = db.scalars(select(Person.id).where(Person.owner_id == user_id).order_by(Person.seq))
    return [repo.person_journal(db=db, person_id=i) for i in ids]


def owned_person(*, db: Session, user_id: str, person_id: str) -> PersonRecord | None:
    """The person without sessions or check-ins, only when `user_id` owns them."""
    row = db.scalar(select(Person).where(Person.id == person_id, Person.owner_id == user_id))
    if row is None:
        return None
    return repo._person(row)  # the repository's own row-to-record mapping


def last_sessions(*, db: Session, person_id: str, limit: int = 50) -> list[SessionRecord]:
    """The person's latest sessions, newest first."""
    rows = db.scalars(
        select(SessionRow)
        .where(SessionRow.person_id == person_id)
        .order_by(SessionRow.started_utc.desc(), SessionRow.seq.desc())
        .limit(limit)
    )
    return [repo._session(row) for row in rows]


PEOPLE = cast(Table, Person.__table__)
SESSIONS = cast(Table, SessionRow.__table__)
# Whether a user owns a person; also `ratings`' second look when a listing is empty.
OWNED_PERSON = select(PEOPLE.c.seq).where(
    PEOPLE.c.id == bindparam("person_id"), PEOPLE.c.owner_id == bindparam("user_id")
)
OWNED_SESSION = (
    select(SESSIONS.c.seq)
    .join(PEOPLE, PEOPLE.c.id == SESSIONS.c.person_id)
    .where(
        SESSIONS.c.id == bindparam("session_id"),
        SESSIONS.c.person_id == bindparam("person_id"),
        PEOPLE.c.owner_id == bindparam("user_id"),
    )
)


def owns_person(*, db: Session, user_id: str, person_id: str) -> bool:
    """Whether `user_id` owns the person: one indexed lookup, nothing parsed."""
    if not repo._can_hold(db, person_id):
        return False
    found = db.execute(OWNED_PERSON, {"person_id": person_id, "user_id": user_id}).first()
    return found is not None


def owns_session(*, db: Session, user_id: str, person_id: str, session_id: str) -> bool:
    if not (repo._can_hold(db, person_id) and repo._can_hold(db, session_id)):
        return False
    params = {"session_id": session_id, "person_id": person_id, "user_id": user_id}
    return db.execute(OWNED_SESSION, params).first() is not None


def _user(row: User) -> UserRecord:
    return UserRecord(id=row.id, email=row.email, created=row.created)


def _token(row: AccessToken) -> TokenRecord:
    return TokenRecord(
        id=row.id, name=row.name, created=row.created, last_used=row.last_used, revoked=row.revoked
    )


def find_own_person(*, db: Session, user_id: str) -> PersonRecord | None:
    """The account's own person (its first), without sessions."""
    row = db.scalar(select(Person).where(Person.owner_id == user_id).order_by(Person.seq).limit(1))
    return repo._person(row) if row is not None else None


def own_person(*, db: Session, user_id: str, email: str) -> PersonRecord:
    """The account's own person (made at sign-up), without sessions; made now if missing,
    named after the email, so every signed-in page has someone to act on."""
    found = find_own_person(db=db, user_id=user_id)
    if found is not None:
        return found
    return create_owned_person(db=db, user_id=user_id, name=email.partition("@")[0])
