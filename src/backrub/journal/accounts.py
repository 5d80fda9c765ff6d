"""Accounts' storage: users, web sessions, access tokens, and the people they own.

Keyword-only functions over the caller's Session, returning plain records; every
call runs inside the caller's transaction. Secrets arrive already hashed
(`credentials.py` hashes passwords with argon2id and tokens with SHA-256);
nothing here sees a password or a raw token. Anything about a person checks
the owner in the same statement, so another account's ids answer None, exactly
as ids that do not exist.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import msgspec
from msgspec import UNSET, UnsetType
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from backrub.contract.ids import RegionId
from backrub.contract.intake import Intake
from backrub.contract.records import PersonRecord, new_id
from backrub.contract.validation import unsafe_character
from backrub.journal.mapping import RATED_COLUMNS, can_hold, now, person_record
from backrub.journal.models import AccessToken, Person, SessionRow, User, WebSession
from backrub.journal.owned import owns_person, session_owned_by
from backrub.journal.people import DEFAULT_NAME, create_person, delete_person

TOKEN_USE_RECORDED_EVERY = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class UserRecord:
    id: str
    email: str
    created: datetime.datetime
    moderator: bool  # read with the sign-in, so a page's header needs no query of its own


# What every lookup of a user reads, from the users table or a join with it.
USER_COLUMNS = (User.id, User.email, User.created, User.moderator)


def user_record(row: Any) -> UserRecord:
    """A user from a `User` row, or from a result row with `USER_COLUMNS`."""
    return UserRecord(row.id, row.email, row.created, row.moderator)


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


# Users


def create_user(*, db: Session, email: str, password_hash: str) -> UserRecord:
    """A new user; ValueError when the (lowercased) email is taken."""
    email = email.strip().lower()
    if db.scalar(select(User.id).where(User.email == email)) is not None:
        raise ValueError("an account with this email already exists")
    row = User(
        id=new_id(), email=email, password_hash=password_hash, created=now(), moderator=False
    )
    db.add(row)
    db.flush()
    return user_record(row)


def find_credentials(*, db: Session, email: str) -> Credentials | None:
    if "\x00" in email:  # no account's email holds NUL, and PostgreSQL cannot be asked
        return None
    row = db.scalar(select(User).where(User.email == email.strip().lower()))
    return Credentials(user_record(row), row.password_hash) if row else None


def list_users(*, db: Session) -> list[UserRecord]:
    """Every account, oldest first."""
    return [user_record(row) for row in db.scalars(select(User).order_by(User.created, User.email))]


def set_password_hash(*, db: Session, user_id: str, password_hash: str) -> None:
    """Store a re-hashed password (when the hasher's parameters were raised)."""
    db.execute(update(User).where(User.id == user_id).values(password_hash=password_hash))


def delete_user(*, db: Session, user_id: str) -> None:
    """The user, their people with everything recorded about them, sessions and tokens."""
    for person_id in db.scalars(select(Person.id).where(Person.owner_id == user_id)).all():
        delete_person(db=db, person_id=person_id)  # also clears the current-person marker
    db.execute(delete(WebSession).where(WebSession.user_id == user_id))
    db.execute(delete(AccessToken).where(AccessToken.user_id == user_id))
    db.execute(delete(User).where(User.id == user_id))


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
        select(*USER_COLUMNS)
        .join(WebSession, WebSession.user_id == User.id)
        .where(WebSession.id == token_hash, WebSession.expires > now())
    ).first()
    return user_record(row) if row else None


def delete_web_session(*, db: Session, token_hash: str) -> None:
    db.execute(delete(WebSession).where(WebSession.id == token_hash))


def delete_web_sessions(*, db: Session, user_id: str) -> None:
    """Sign the account out of every browser (its access tokens stay)."""
    db.execute(delete(WebSession).where(WebSession.user_id == user_id))


# Access tokens


def create_access_token(*, db: Session, user_id: str, name: str, token_hash: str) -> TokenRecord:
    """Store a token's hash under a name; ValueError for an empty or too long name."""
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


@dataclass(frozen=True)
class TokenUse:
    """A live token's user; `stale` when its `last_used` is over a minute old (it is
    refreshed at most once a minute: one write a minute for a busy client, not one a
    request)."""

    user: UserRecord
    token_id: str
    stale: bool


def find_token(*, db: Session, token_hash: str) -> TokenUse | None:
    """The user of a live (unrevoked) token; None for any other. Only reads."""
    row = db.execute(
        select(
            *USER_COLUMNS,
            AccessToken.id.label("token_id"),
            AccessToken.last_used,
        )
        .join(AccessToken, AccessToken.user_id == User.id)
        .where(AccessToken.token_hash == token_hash, AccessToken.revoked.is_(None))
    ).first()
    if row is None:
        return None
    stale = row.last_used is None or row.last_used < now() - TOKEN_USE_RECORDED_EVERY
    return TokenUse(user_record(row), row.token_id, stale)


def record_token_use(*, db: Session, token_id: str) -> None:
    """Set the token's `last_used` to now, unless another request did within the minute."""
    moment = now()
    stale = moment - TOKEN_USE_RECORDED_EVERY
    db.execute(
        update(AccessToken)
        .where(AccessToken.id == token_id)
        .where(or_(AccessToken.last_used.is_(None), AccessToken.last_used < stale))
        .values(last_used=moment)
        .execution_options(synchronize_session=False)
    )


# People owned by a user


def create_owned_person(
    *, db: Session, user_id: str, name: str, intake: Intake | None = None
) -> PersonRecord:
    """The user's person, named `name` as given: names are unique only within an account,
    so another account's "Sam" is no reason to change it (and renaming would tell that
    someone has it). ValueError when the account has that name already, ValidationError
    (a ValueError) naming `name` for a control or direction-changing character."""
    return create_person(db=db, name=name, intake=intake, owner_id=user_id)


def owned_people(*, db: Session, user_id: str) -> list[PersonRecord]:
    """The account's people, in the order added, without sessions or check-ins."""
    rows = db.scalars(select(Person).where(Person.owner_id == user_id).order_by(Person.seq))
    return [person_record(row) for row in rows]


def find_own_person(*, db: Session, user_id: str) -> PersonRecord | None:
    """The account's own person (its first), without sessions."""
    row = db.scalar(select(Person).where(Person.owner_id == user_id).order_by(Person.seq).limit(1))
    return person_record(row) if row is not None else None


def own_person(*, db: Session, user_id: str, email: str) -> PersonRecord:
    """The account's own person (made at sign-up), without sessions; made now if missing,
    named after the email, so every signed-in page has someone to act on."""
    found = find_own_person(db=db, user_id=user_id)
    if found is not None:
        return found
    name = email.partition("@")[0][:100]
    if not name.strip() or unsafe_character(name) is not None:
        name = DEFAULT_NAME
    return create_owned_person(db=db, user_id=user_id, name=name)


# A person's sessions through their ratings: the JSON API's busiest reads and writes


class SessionSummary(msgspec.Struct, frozen=True):
    """A session without its plan (about 12 KB); `href` is where the whole session is."""

    id: str
    started: str  # ISO 8601, with the session's own offset
    ended: str | None
    status: str
    giver: str
    step_count: int
    planned_seconds: int
    steps_done: list[int]
    pain_before: dict[RegionId, int]
    pain_after: dict[RegionId, int]
    soreness_next_day: int | None
    note: str
    href: str


# A summary's fields but `href`, by name.
LISTED = (
    SessionRow.id,
    SessionRow.started_iso.label("started"),
    SessionRow.ended_iso.label("ended"),
    SessionRow.step_count,
    SessionRow.planned_seconds,
    *RATED_COLUMNS,
)


def recent_sessions(
    *, db: Session, user_id: str, person_id: str, limit: int, href_prefix: str
) -> list[SessionSummary] | None:
    """The person's latest `limit` sessions, newest first, as summaries whose `href` is
    `href_prefix` + the session's id; None when `user_id` does not own the person (or
    there is no such person: the same answer).

    One statement walking the (person_id, started_utc, seq) index backwards, reading
    the small columns only; a second look only when it finds nothing.
    """
    if not can_hold(db, person_id):
        return None
    rows = db.execute(
        select(*LISTED)
        .join(Person, Person.id == SessionRow.person_id)
        .where(SessionRow.person_id == person_id, Person.owner_id == user_id)
        .order_by(SessionRow.started_utc.desc(), SessionRow.seq.desc())
        .limit(limit)
    ).all()
    if not rows and not owns_person(db=db, user_id=user_id, person_id=person_id):
        return None
    return [SessionSummary(**row._mapping, href=href_prefix + row.id) for row in rows]


class SessionRatings(msgspec.Struct, frozen=True):
    """What a person rated about one session: pain before and after, next-day soreness."""

    session_id: str
    pain_before: dict[RegionId, int]
    pain_after: dict[RegionId, int]
    soreness_next_day: int | None


RATINGS = (SessionRow.pain_before, SessionRow.pain_after, SessionRow.soreness_next_day)


def set_ratings(
    *,
    db: Session,
    user_id: str,
    person_id: str,
    session_id: str,
    pain_before: Mapping[RegionId, int] | UnsetType = UNSET,
    pain_after: Mapping[RegionId, int] | UnsetType = UNSET,
    soreness_next_day: int | None | UnsetType = UNSET,
) -> SessionRatings | None:
    """Replace the ratings given (UNSET keeps one; `{}` clears a phase, None the soreness)
    and answer all of the session's ratings now; None when `user_id` does not own it.

    Values must already be valid (the web layer validates, naming the field). One
    statement: an UPDATE ... RETURNING (SQLite 3.35+, PostgreSQL), or a SELECT when
    nothing is to change.
    """
    if not can_hold(db, person_id, session_id):
        return None
    changes: dict[str, object] = {}
    if not isinstance(pain_before, UnsetType):
        changes["pain_before"] = dict(pain_before)
    if not isinstance(pain_after, UnsetType):
        changes["pain_after"] = dict(pain_after)
    if not isinstance(soreness_next_day, UnsetType):
        changes["soreness_next_day"] = soreness_next_day
    where = session_owned_by(user_id, person_id, session_id)
    if changes:
        statement = (
            update(SessionRow)
            .where(*where)
            .values(changes)
            .returning(*RATINGS)
            .execution_options(synchronize_session=False)
        )
        row = db.execute(statement).first()
    else:
        row = db.execute(select(*RATINGS).where(*where)).first()
    if row is None:
        return None
    before, after, soreness = row
    return SessionRatings(session_id, _pain(before), _pain(after), soreness)


def _pain(stored: dict[str, int]) -> dict[RegionId, int]:
    """A stored pain map: its keys were region ids when it was written."""
    return cast(dict[RegionId, int], stored)


def _token(row: AccessToken) -> TokenRecord:
    return TokenRecord(
        id=row.id, name=row.name, created=row.created, last_used=row.last_used, revoked=row.revoked
    )
