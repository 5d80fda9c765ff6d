"""Who is asking, injected by type: `db: SessionDep`, `user: CurrentUser`, `user: ApiUser`.

Pages sign people in with the session cookie; the JSON API also takes
`Authorization: Bearer <personal access token>`. A page without a signed-in
user redirects to /signin; the API answers 401. `require_csrf` guards every
state-changing form (a router dependency, see `create_app`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from backrub.contract.records import PersonRecord
from backrub.journal import accounts
from backrub.journal.accounts import UserRecord
from backrub.journal.group_commit import GroupCommit
from backrub.journal.store import Store
from backrub.web.deps import StoreDep
from backrub.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    SAFE_METHODS,
    SESSION_COOKIE,
    csrf_valid,
    token_hash,
)

T = TypeVar("T")


class CsrfRejected(Exception):
    """A state-changing request without a valid CSRF token (answered 403)."""


class SignInRequired(Exception):
    """A page that needs a signed-in person (answered with a redirect to /signin)."""


async def get_db(request: Request, store: StoreDep) -> AsyncIterator[Session]:
    """One transaction per request for the handler, committed before the response is sent.

    Async, so that neither making the session (no I/O: the handler's first query
    begins the transaction) nor the commit (which never waits for a lock) costs a
    trip to the thread pool, and so that a request never holds a pooled connection
    while it waits for a thread: under load every thread then waited for a
    connection, and the app stalled until the pool's 30 s timeout. For the same
    reason the dependencies below read in short transactions of their own, not in
    this one. A GET's transaction only reads: on SQLite, readers never queue for
    the write lock. Writers take turns within the process first (`_write_turn`).
    """
    if request.method in SAFE_METHODS:
        with store.transaction(write=False) as db:
            yield db
        return
    async with _write_turn(request):
        with store.transaction() as db:
            yield db


def _write_turn(request: Request) -> AbstractAsyncContextManager[Any]:
    """On SQLite, one write transaction at a time per process. Each waiter would
    otherwise sleep in SQLite's busy handler, in steps of up to 100 ms, and leave the
    lock idle while asleep: with many writers, throughput fell and some waited out
    `busy_timeout` and failed. PostgreSQL locks rows, so its writers need no turns."""
    turn: asyncio.Lock | None = request.app.state.journal_write_turn  # None off SQLite
    return turn if turn is not None else nullcontext()


SessionDep = Annotated[Session, Depends(get_db, scope="function")]


async def in_journal(where: Store | Session, work: Callable[[], T]) -> T:
    """Run `work`, sync code over the journal, where it costs least: on the event loop for
    SQLite, in a worker thread for PostgreSQL.

    On SQLite a read never waits (WAL, and `get_db` begins reads deferred) and the
    writers of a process take turns, so the loop is held only for SQLite's own work,
    under a millisecond for the API's routes. A thread costs more than that: on the
    2-core benchmark machine the hop, and threads waiting for the GIL as each
    sqlite3 call returns, tripled a request's CPU time. On PostgreSQL every query is
    a network round trip, which must not hold the loop.
    """
    engine = where.engine if isinstance(where, Store) else where.get_bind()
    if engine.dialect.name == "sqlite":
        return work()
    return await run_in_threadpool(work)


async def optional_user(request: Request, store: StoreDep) -> UserRecord | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    return await in_journal(store, lambda: _session_user(store, token))


def _session_user(store: Store, token: str) -> UserRecord | None:
    with store.transaction(write=False) as db:
        return accounts.session_user(db=db, token_hash=token_hash(token))


async def current_user(
    user: Annotated[UserRecord | None, Depends(optional_user)],
) -> UserRecord:
    if user is None:
        raise SignInRequired
    return user


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


async def api_user(request: Request) -> UserRecord:
    """A bearer token's owner (no CSRF: no cookies are involved), else the session's,
    whose unsafe requests must carry the X-CSRF-Token header; else 401.

    It runs on every API call, so it takes the journal from the app itself rather than
    through more dependencies: each one cost more than the token's lookup."""
    store: Store = request.app.state.store
    writes: GroupCommit = request.app.state.journal_writes
    authorization = request.headers.get("authorization", "")
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        found = await in_journal(store, lambda: _token_owner(store, credential.strip()))
        user = found.user if found is not None else None
        if found is not None and found.stale_token_id is not None:
            # In the background: the request neither waits for the write lock nor fails
            # if the refresh cannot be made (the next request tries again).
            token_id = found.stale_token_id
            writes.submit(
                lambda cursor: accounts.record_token_use(store.driver, cursor, token_id=token_id)
            )
    elif authorization:
        user = None
    else:
        user = await optional_user(request, store)
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


def _token_owner(store: Store, token: str) -> accounts.TokenOwner | None:
    driver = store.driver
    with driver.reading() as cursor:
        return accounts.token_owner(driver, cursor, token_hash=token_hash(token))


CurrentUser = Annotated[UserRecord, Depends(current_user)]
OptionalUser = Annotated[UserRecord | None, Depends(optional_user)]
ApiUser = Annotated[UserRecord, Depends(api_user)]


async def own_person(user: CurrentUser, store: StoreDep) -> PersonRecord:
    """The signed-in account's own person: whom the journal pages act on. One is made at
    sign-up; when it is missing it is made now, in a write transaction of its own, in a
    thread (it may wait for SQLite's write lock, which must not hold the loop)."""
    found = await in_journal(store, lambda: _find_own_person(store, user))
    if found is not None:
        return found
    return await run_in_threadpool(_make_own_person, store, user)


def _find_own_person(store: Store, user: UserRecord) -> PersonRecord | None:
    with store.transaction(write=False) as db:
        return accounts.find_own_person(db=db, user_id=user.id)


def _make_own_person(store: Store, user: UserRecord) -> PersonRecord:
    with store.transaction() as db:
        return accounts.own_person(db=db, user_id=user.id, email=user.email)


OwnPerson = Annotated[PersonRecord, Depends(own_person)]


class NotFound(HTTPException):
    """404 for a missing object or another account's: the same answer for both."""

    def __init__(self, field: str = "id") -> None:
        super().__init__(404, "not found")
        self.field = field


def owned_person_or_404(*, db: Session, user: UserRecord, person_id: str) -> PersonRecord:
    """The person if `user` owns them; else 404, whether or not they exist."""
    person = accounts.owned_person(db=db, user_id=user.id, person_id=person_id)
    if person is None:
        raise NotFound("person_id")
    return person


def require_owned_person(*, db: Session, user: UserRecord, person_id: str) -> None:
    """404 unless `user` owns the person; cheaper than `owned_person_or_404` (nothing is
    loaded or parsed), for routes that need only the check."""
    if not accounts.owns_person(db=db, user_id=user.id, person_id=person_id):
        raise NotFound("person_id")


def owned_session_or_404(*, db: Session, user: UserRecord, person_id: str, session_id: str) -> None:
    if not accounts.owns_session(
        db=db, user_id=user.id, person_id=person_id, session_id=session_id
    ):
        raise NotFound("session_id")
