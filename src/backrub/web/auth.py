"""Who is asking, injected by type: `db: SessionDep`, `user: CurrentUser`, `user: ApiUser`.

Pages sign people in with the session cookie; the JSON API also takes
`Authorization: Bearer <personal access token>`. A page without a signed-in
user redirects to /signin; the API answers 401. `require_csrf` guards every
state-changing form (a router dependency, see `create_app`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from backrub.journal import accounts_repository as accounts
from backrub.journal.accounts_repository import UserRecord
from backrub.records import PersonRecord
from backrub.web.deps import StoreDep
from backrub.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    SAFE_METHODS,
    SESSION_COOKIE,
    csrf_valid,
    token_hash,
)


class CsrfRejected(Exception):
    """A state-changing request without a valid CSRF token (answered 403)."""


class SignInRequired(Exception):
    """A page that needs a signed-in person (answered with a redirect to /signin)."""


def get_db(store: StoreDep) -> Iterator[Session]:
    """One transaction per request, committed before the response is sent."""
    with store.transaction() as db:
        yield db


SessionDep = Annotated[Session, Depends(get_db, scope="function")]


def optional_user(request: Request, db: SessionDep) -> UserRecord | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    return accounts.session_user(db=db, token_hash=token_hash(token))


def current_user(user: Annotated[UserRecord | None, Depends(optional_user)]) -> UserRecord:
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


def api_user(request: Request, db: SessionDep) -> UserRecord:
    """A bearer token's owner (no CSRF: no cookies are involved), else the session's,
    whose unsafe requests must carry the X-CSRF-Token header; else 401."""
    authorization = request.headers.get("authorization", "")
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        user = accounts.token_user(db=db, token_hash=token_hash(credential.strip()))
    elif authorization:
        user = None
    else:
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


CurrentUser = Annotated[UserRecord, Depends(current_user)]
OptionalUser = Annotated[UserRecord | None, Depends(optional_user)]
ApiUser = Annotated[UserRecord, Depends(api_user)]


def own_person(user: CurrentUser, db: SessionDep) -> PersonRecord:
    """The signed-in account's own person: whom the journal pages act on."""
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


def owned_session_or_404(*, db: Session, user: UserRecord, person_id: str, session_id: str) -> None:
    if not accounts.owns_session(
        db=db, user_id=user.id, person_id=person_id, session_id=session_id
    ):
        raise NotFound("session_id")
