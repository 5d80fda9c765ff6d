"""A browser's signed-in session: started at sign-up and sign-in, renewed when the
password changes, ended one at a time or everywhere at once."""

from __future__ import annotations

from fastapi import Request, Response

from backrub.journal import accounts
from backrub.journal.accounts import UserRecord
from backrub.journal.credentials import new_token, token_hash
from backrub.web.accounts import devices
from backrub.web.deps import SessionDep, SettingsDep
from backrub.web.security import SESSION_COOKIE, SESSION_LIFETIME


def start_session(
    response: Response, *, request: Request, db: SessionDep, settings: SettingsDep, user: UserRecord
) -> Response:
    """Sign the browser in with a new session (the one it had ends: a session id never
    outlives a sign-in), and remember it as the account's device."""
    devices.remember_device(request, response, user.id)
    previous = request.cookies.get(SESSION_COOKIE)
    if previous:
        accounts.delete_web_session(db=db, token_hash=token_hash(previous))
    token = new_token()
    accounts.create_web_session(
        db=db, user_id=user.id, token_hash=token_hash(token), lifetime=SESSION_LIFETIME
    )
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.https,
    )
    return response


def end_session_cookie(response: Response, settings: SettingsDep) -> Response:
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax", secure=settings.https)
    return response
