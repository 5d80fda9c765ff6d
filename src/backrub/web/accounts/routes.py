"""Account pages: sign up (at once, or by an emailed link), sign in, sign out, access
tokens, delete account; and who is signed in, for every page's header (`remember_viewer`).

Every POST here is guarded by `require_csrf` (added to the router in
`create_app`). Handlers are plain `def`s: FastAPI runs them in its thread pool,
where the database and argon2 may take their time without stalling the loop.
"""

from __future__ import annotations

import datetime
import json
import logging
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backrub.contract.intake import Intake, parse_intake
from backrub.contract.validation import ValidationError, check_text
from backrub.journal import accounts, pending, signins
from backrub.journal.credentials import (
    MAX_EMAIL,
    email_problem,
    new_token,
    password_problem,
    token_hash,
)
from backrub.web import mail, spam
from backrub.web.accounts import devices
from backrub.web.accounts import views as pages_
from backrub.web.accounts.sessions import start_session
from backrub.web.auth import CurrentUser, OptionalUser
from backrub.web.deps import SessionDep, SettingsDep, TemplatesDep
from backrub.web.pages import render
from backrub.web.security import SESSION_COOKIE
from backrub.web.settings import Settings

SIGNIN_LIMIT = 5  # attempts per account from browsers it has not signed in on ...
ADDRESS_LIMIT = 20  # ... and per address, whichever accounts it tries ...
SIGNIN_WINDOW = datetime.timedelta(minutes=15)  # ... in this window
MAX_NAME = 100  # a person's name, as the journal keeps it
MAX_LINK_TOKEN = 100  # a sign-up link's token is 43 characters (`new_token`)
MAIL_RETRY_AFTER = 120  # seconds: "try again in a few minutes"

log = logging.getLogger(__name__)

FormText = Annotated[str, Form()]


async def remember_viewer(request: Request, user: OptionalUser) -> None:
    """Who is signed in, for the header of the page (`_base.html` reads
    `request.state.viewer`, and `request.state.moderator` for the Moderation link);
    `optional_user` is cached per request, so pages that also need the user look them
    up once, and the moderator's flag comes with them."""
    request.state.viewer = user
    request.state.moderator = user is not None and user.moderator


router = APIRouter()


def _carried_intake(text: str) -> Intake | None:
    """The intake carried from the plan page, judged again (it came back from a browser)."""
    if not text.strip():
        return None
    try:
        return parse_intake(json.loads(text))
    except (ValueError, ValidationError, RecursionError):  # RecursionError: nested too deep
        return None


def _signup_errors(email: str, name: str, password: str, confirm: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if (problem := email_problem(email)) is not None:
        errors["email"] = problem
    if len(name.strip()) > MAX_NAME:
        errors["name"] = f"expected at most {MAX_NAME} characters, got {len(name.strip())}"
    else:
        try:
            check_text("name", name)  # names show as typed: no control or direction characters
        except ValidationError as refused:
            errors["name"] = refused.message
    if (problem := password_problem(password)) is not None:
        errors["password"] = problem
    elif password != confirm:
        errors["confirm"] = "the two passwords differ"
    return errors


@router.get("/signup")
def signup_form(request: Request, templates: TemplatesDep) -> Response:
    return render(templates, request, pages_.signup_page())


@router.post("/signup")
def signup(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    db: SessionDep,
    email: FormText = "",
    name: FormText = "",
    password: FormText = "",
    confirm: FormText = "",
    intake: FormText = "",
    start: FormText = "",
    altcha: FormText = "",
    website: FormText = "",
) -> Response:
    """Make the account and its person (with a carried intake), then sign in; or, when
    the server sends email (`BACKRUB_SMTP_URL`), mail a link that does so and answer
    "check your inbox", the same page whether or not the email has an account.

    `start` marks the plan page's "sign up to save this intake" button: it only
    shows the form, with the intake carried along. The account is made only for a
    browser that passed the check that it is a person (`spam.verify_human`)."""
    carried = _carried_intake(intake)
    intake_json = json.dumps(carried.to_dict(), separators=(",", ":")) if carried else ""
    email = email.strip().lower()
    if start:
        return render(templates, request, pages_.signup_page(intake_json=intake_json))
    errors = _signup_errors(email, name, password, confirm)
    if intake.strip() and carried is None:
        errors["form"] = "the answers to save were not valid; plan again, then sign up"
    if not errors and (problem := spam.verify_human(db, {"altcha": altcha, "website": website})):
        errors["human"] = problem
    hasher = request.app.state.password_hasher
    person_name = name.strip() or email.partition("@")[0]
    if not errors:
        spam.check_signup_limit(request, db, settings.signups_per_hour)
        password_hash = hasher.hash(password)  # by mail too, taken or not: the same time
        if settings.sends_mail:
            wanted = pending.SignupRequest(email, password_hash, person_name, carried)
            _mail_signup(settings, db, wanted)
            sent = pages_.check_inbox_page(email=email, link_hours=mail.LINK_HOURS)
            return render(templates, request, sent)
        try:
            user = accounts.create_user(db=db, email=email, password_hash=password_hash)
        except ValueError as error:
            errors["email"] = str(error)
    if errors:
        page = pages_.signup_page(email=email, name=name, intake_json=intake_json, errors=errors)
        return render(templates, request, page, status_code=422)
    return _welcome(request, settings, db, user, person_name, carried)


def _welcome(
    request: Request,
    settings: Settings,
    db: Session,
    user: accounts.UserRecord,
    person_name: str,
    carried: Intake | None,
) -> Response:
    """Make the new account's person, sign in, and go where a new account starts."""
    accounts.create_owned_person(db=db, user_id=user.id, name=person_name, intake=carried)
    # With the intake saved, today's routine is one tap away; else the journal says what next.
    response = RedirectResponse("/player" if carried else "/journal", status_code=303)
    return start_session(response, request=request, db=db, settings=settings, user=user)


def _mail_signup(settings: Settings, db: Session, wanted: pending.SignupRequest) -> None:
    """Keep the sign-up and mail its link, or, when the email has an account, mail its
    owner instead and keep nothing; the page says the same either way. A mail that
    cannot go is a 503, raised so that the request's transaction keeps nothing."""
    if accounts.find_credentials(db=db, email=wanted.email) is None:
        token = new_token()
        pending.store_pending_signup(db=db, digest=token_hash(token), request=wanted)
        link = f"{settings.base_url.rstrip('/')}/signup/confirm?token={token}"
        message = mail.confirm_message(settings, to=wanted.email, link=link)
    else:
        message = mail.already_registered_message(settings, to=wanted.email)
    try:
        mail.send(settings, message)
    except mail.MailNotSent as error:
        log.warning("sign-up email not sent: %s", error)
        raise HTTPException(
            503,
            "We could not send the email just now; try again in a few minutes.",
            headers={"Retry-After": str(MAIL_RETRY_AFTER)},
        ) from None


def _link_digest(token: str) -> str | None:
    """The digest a sign-up link's token is kept under; None for what no link holds."""
    token = token.strip()
    return token_hash(token) if token and len(token) <= MAX_LINK_TOKEN else None


@router.get("/signup/confirm")
def signup_confirm_form(
    request: Request, templates: TemplatesDep, db: SessionDep, token: str = ""
) -> Response:
    """The emailed link's page: it reads, never writes, since mail scanners open links;
    its button posts the token back."""
    digest = _link_digest(token)
    found = pending.pending_signup_email(db=db, digest=digest) if digest else None
    if found is None:
        return render(templates, request, pages_.signup_link_refused_page(), status_code=400)
    page = pages_.signup_confirm_page(email=found, token=token.strip())
    return render(templates, request, page)


@router.post("/signup/confirm")
def signup_confirm(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    db: SessionDep,
    token: FormText = "",
) -> Response:
    """Use the link once: make the account and its person as sign-up does, and sign in.
    An email that got an account since the link was sent is refused like a used link."""
    digest = _link_digest(token)
    wanted = pending.take_pending_signup(db=db, digest=digest) if digest else None
    user = None
    if wanted is not None:
        try:
            with db.begin_nested():  # a parallel sign-up of the email: the unique index says
                user = accounts.create_user(
                    db=db, email=wanted.email, password_hash=wanted.password_hash
                )
        except (ValueError, IntegrityError):
            user = None
    if wanted is None or user is None:
        return render(templates, request, pages_.signup_link_refused_page(), status_code=400)
    return _welcome(request, settings, db, user, wanted.person_name, wanted.intake)


def too_many_attempts(templates: TemplatesDep, request: Request, wait: int) -> Response:
    """429 with Retry-After: a sign-in limit (or the password check's) was reached."""
    response = render(templates, request, pages_.too_many_signins_page(wait), 429)
    response.headers["Retry-After"] = str(wait)
    return response


@router.get("/signin")
def signin_form(request: Request, templates: TemplatesDep) -> Response:
    return render(templates, request, pages_.signin_page())


@router.post("/signin")
def signin(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    db: SessionDep,
    email: FormText = "",
    password: FormText = "",
) -> Response:
    """Check the password, after counting the attempt: per address first, then per
    account unless this browser has signed in to it before (`devices`). Over a limit
    → 429 with Retry-After, and no password is checked."""
    email = email.strip().lower()[:MAX_EMAIL].replace("\x00", "\ufffd")  # NUL: no SQL text
    address = request.client.host if request.client else "unknown"
    found = accounts.find_credentials(db=db, email=email)
    limits = [(f"address:{address}", ADDRESS_LIMIT)]
    if found is None or not devices.known_device(request, found.user.id):
        limits.append((f"account:{email}", SIGNIN_LIMIT))
    for key, limit in limits:
        wait = signins.count_attempt(db=db, key=key, limit=limit, window=SIGNIN_WINDOW)
        if wait is not None:
            return too_many_attempts(templates, request, wait)
    hasher = request.app.state.password_hasher
    if found is None:
        hasher.hash(password)  # spend the same time, so timing does not tell who has an account
        valid, updated = False, None
    else:
        valid, updated = hasher.verify_and_update(password, found.password_hash)
    if found is None or not valid:
        errors = {"form": "that email and password do not match an account"}
        return render(templates, request, pages_.signin_page(email=email, errors=errors), 400)
    if updated is not None:
        accounts.set_password_hash(db=db, user_id=found.user.id, password_hash=updated)
    signins.forgive_attempt(db=db, key=limits[0][0])
    signins.clear_attempts(db=db, key=f"account:{email}")
    response = RedirectResponse("/journal", status_code=303)
    return start_session(response, request=request, db=db, settings=settings, user=found.user)


@router.post("/signout")
def signout(request: Request, settings: SettingsDep, db: SessionDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.delete_web_session(db=db, token_hash=token_hash(token))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax", secure=settings.https)
    return response


@router.get("/settings/tokens")
def tokens(
    request: Request, templates: TemplatesDep, db: SessionDep, user: CurrentUser
) -> Response:
    listed = accounts.list_access_tokens(db=db, user_id=user.id)
    return render(templates, request, pages_.tokens_page(email=user.email, tokens=listed))


@router.post("/settings/tokens")
def create_token(
    request: Request,
    templates: TemplatesDep,
    db: SessionDep,
    user: CurrentUser,
    name: FormText = "",
) -> Response:
    """Make a token and show it, this once."""
    token = new_token()
    try:
        accounts.create_access_token(
            db=db, user_id=user.id, name=name, token_hash=token_hash(token)
        )
    except ValueError as error:
        listed = accounts.list_access_tokens(db=db, user_id=user.id)
        page = pages_.tokens_page(email=user.email, tokens=listed, errors={"name": str(error)})
        return render(templates, request, page, status_code=422)
    listed = accounts.list_access_tokens(db=db, user_id=user.id)
    page = pages_.tokens_page(email=user.email, tokens=listed, new_token=token)
    response = render(templates, request, page)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/settings/tokens/{token_id}/revoke")
def revoke_token(token_id: str, db: SessionDep, user: CurrentUser) -> Response:
    if not accounts.revoke_access_token(db=db, user_id=user.id, token_id=token_id):
        raise HTTPException(404, "not found")
    return RedirectResponse("/settings/tokens", status_code=303)


@router.get("/settings/delete-account")
def delete_account_form(request: Request, templates: TemplatesDep, user: CurrentUser) -> Response:
    return render(templates, request, pages_.delete_account_page(email=user.email))


@router.post("/settings/delete-account")
def delete_account(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    db: SessionDep,
    user: CurrentUser,
    confirm_email: FormText = "",
) -> Response:
    """Erase the account and everything of its people, once the email is typed."""
    if confirm_email.strip().lower() != user.email:
        errors = {"confirm_email": "type your account's email exactly to confirm"}
        page = pages_.delete_account_page(email=user.email, errors=errors)
        return render(templates, request, page, status_code=422)
    accounts.delete_user(db=db, user_id=user.id)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax", secure=settings.https)
    return response
