"""Changing the password, and signing out of every browser at once.

A changed password ends every other browser's session (a thief signed in with the old
one is out) and gives this browser a new one. Checking the current password counts as
a sign-in attempt, so a borrowed session cannot be used to guess it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from backrub.journal import accounts, signins
from backrub.journal.credentials import password_problem
from backrub.web.accounts import views as pages_
from backrub.web.accounts.routes import SIGNIN_LIMIT, SIGNIN_WINDOW, too_many_attempts
from backrub.web.accounts.sessions import end_session_cookie, start_session
from backrub.web.auth import CurrentUser
from backrub.web.deps import SessionDep, SettingsDep, TemplatesDep
from backrub.web.pages import render

router = APIRouter()
FormText = Annotated[str, Form()]


@router.get("/settings/password")
def password_form(request: Request, templates: TemplatesDep, user: CurrentUser) -> Response:
    return render(templates, request, pages_.password_page(email=user.email))


@router.post("/settings/password")
def change_password(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    db: SessionDep,
    user: CurrentUser,
    current: FormText = "",
    password: FormText = "",
    confirm: FormText = "",
) -> Response:
    key = f"account:{user.email}"
    wait = signins.count_attempt(db=db, key=key, limit=SIGNIN_LIMIT, window=SIGNIN_WINDOW)
    if wait is not None:
        return too_many_attempts(templates, request, wait)
    found = accounts.find_credentials(db=db, email=user.email)
    hasher = request.app.state.password_hasher
    errors: dict[str, str] = {}
    if found is None or not hasher.verify(current, found.password_hash):
        errors["current"] = "that is not your current password"
    elif problem := password_problem(password):
        errors["password"] = problem
    elif password == current:
        errors["password"] = "expected a password different from the current one"
    elif confirm != password:
        errors["confirm"] = "the two new passwords differ"
    if errors:
        page = pages_.password_page(email=user.email, errors=errors)
        return render(templates, request, page, status_code=422)
    signins.clear_attempts(db=db, key=key)
    accounts.set_password_hash(db=db, user_id=user.id, password_hash=hasher.hash(password))
    accounts.delete_web_sessions(db=db, user_id=user.id)
    response = render(templates, request, pages_.password_changed_page())
    return start_session(response, request=request, db=db, settings=settings, user=user)


@router.post("/settings/sign-out-everywhere")
def sign_out_everywhere(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    db: SessionDep,
    user: CurrentUser,
) -> Response:
    accounts.delete_web_sessions(db=db, user_id=user.id)
    response = render(templates, request, pages_.signed_out_everywhere_page())
    return end_session_cookie(response, settings)
