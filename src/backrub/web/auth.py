"""Who is asking, injected by type: `user: CurrentUser`, `user: ApiUser`, `person: OwnPerson`.

Pages sign people in with the session cookie; the JSON API also takes
`Authorization: Bearer <personal access token>`. A page without a signed-in
user redirects to /signin; the API answers 401. `require_csrf` guards every
state-changing form (a router dependency, see `create_app`). The lookups are
plain `def`s reading in the request's own transaction (`SessionDep`).
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import nullcontext
from typing import Annotated

from fastapi import BackgroundTasks, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from backrub.contract.records import PersonRecord
from backrub.journal import accounts, owned
from backrub.journal.accounts import UserRecord
from backrub.journal.credentials import token_hash
from backrub.journal.store import Store
from backrub.web.deps import SessionDep, StoreDep
from backrub.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    SAFE_METHODS,
    SESSION_COOKIE,
    csrf_valid,
)

log = logging.getLogger(__name__)


class CsrfRejected(Exception):
    """A state-changing request without a valid CSRF token (answered 403)."""


class SignInRequired(Exception):
    """A page that needs a signed-in person (answered with a redirect to /signin)."""


def optional_user(request: Request, db: SessionDep) -> UserRecord | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    return accounts.session_user(db=db, token_hash=token_hash(token))


OptionalUser = Annotated[UserRecord | None, Depends(optional_user)]


async def current_user(user: OptionalUser) -> UserRecord:
    if user is None:
        raise SignInRequired
    return user


CurrentUser = Annotated[UserRecord, Depends(current_user)]


async def require_csrf(request: Request) -> None:
    """Refuse an unsafe request whose form field or X-CSRF-Token header is not valid."""
    if request.method in SAFE_METHODS:
        return
    given = request.headers.get(CSRF_HEADER, "")
    if not given:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            given = value if isinstance(value, str) else ""
    if not csrf_valid(request, given):
        raise CsrfRejected


def api_user(
    request: Request, db: SessionDep, store: StoreDep, background: BackgroundTasks
) -> UserRecord:
    """A bearer token's owner (no CSRF: no cookies are involved), else the session's,
    whose unsafe requests must carry the X-CSRF-Token header; else 401."""
    authorization = request.headers.get("authorization", "")
    scheme, _, credential = authorization.partition(" ")
    user: UserRecord | None = None
    if scheme.lower() == "bearer" and credential.strip():
        found = accounts.find_token(db=db, token_hash=token_hash(credential.strip()))
        if found is not None:
            user = found.user
            refreshing: set[str] = request.app.state.token_refreshes
            if found.stale and found.token_id not in refreshing:
                refreshing.add(found.token_id)  # one refresh at a time per token
                background.add_task(_record_token_use, request, store, found.token_id)
    elif not authorization:
        user = optional_user(request, db)
        if user is not None and request.method not in SAFE_METHODS:
            if not csrf_valid(request, request.headers.get(CSRF_HEADER, "")):
                raise HTTPException(403, "missing or invalid X-CSRF-Token header")
    if user is None:
        raise HTTPException(
            401,
            "sign in, or send Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


async def _record_token_use(request: Request, store: Store, token_id: str) -> None:
    """After the answer is sent, in a write transaction of its own (a GET's transaction
    only reads), in the writers' turn like any write. When the lock stays busy, the
    refresh is left to the token's next request."""
    turn: asyncio.Lock | None = request.app.state.write_turn
    try:
        async with turn or nullcontext(), request.app.state.journal_slots:
            await run_in_threadpool(_write_token_use, store, token_id)
    except (OperationalError, InterfaceError, DisconnectionError) as error:  # busy, or away
        log.warning("a token's last use was not recorded: %s", error)
    finally:
        request.app.state.token_refreshes.discard(token_id)


def _write_token_use(store: Store, token_id: str) -> None:
    with store.transaction() as db:
        accounts.record_token_use(db=db, token_id=token_id)


ApiUser = Annotated[UserRecord, Depends(api_user)]


def own_person(
    request: Request, user: CurrentUser, db: SessionDep, store: StoreDep
) -> PersonRecord:
    """The signed-in account's own person: whom the journal pages act on. One is made at
    sign-up; when it is missing it is made now (a GET's transaction only reads, so there
    in a write transaction of its own)."""
    found = accounts.find_own_person(db=db, user_id=user.id)
    if found is not None:
        return found
    if request.method not in SAFE_METHODS:
        return accounts.own_person(db=db, user_id=user.id, email=user.email)
    with store.transaction() as writing:
        return accounts.own_person(db=writing, user_id=user.id, email=user.email)


OwnPerson = Annotated[PersonRecord, Depends(own_person)]


class NotFound(HTTPException):
    """404 for a missing object or another account's: the same answer for both."""

    def __init__(self, field: str = "id") -> None:
        super().__init__(404, "not found")
        self.field = field


def owned_person_or_404(*, db: Session, user: UserRecord, person_id: str) -> PersonRecord:
    """The person if `user` owns them; else 404, whether or not they exist."""
    person = owned.owned_person(db=db, user_id=user.id, person_id=person_id)
    if person is None:
        raise NotFound("person_id")
    return person
