"""Secrets of the web app's browsers: the session cookie and CSRF tokens.

- Passwords and tokens are made, hashed and checked by `journal.credentials`
  (argon2id through pwdlib; SHA-256 of random tokens), shared with `backrub admin`.
- Sessions: the cookie holds `secrets.token_urlsafe(32)`; the database keeps only
  its SHA-256, so a leaked table signs nobody in. Sessions last 30 days from
  sign-in (a fixed expiry: no write on every request); signing out deletes the row.
- CSRF: the signed double-submit pattern. Every browser gets a random
  `backrub_csrf` cookie (`CsrfSeed`, below); the token in each form is
  HMAC-SHA256(secret key, seed | session cookie), so it changes when the person
  signs in or out, cannot be made without the secret, and needs no database read
  to render or check. Bearer-token API calls carry no cookies and are exempt.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backrub.journal.credentials import new_token

SESSION_COOKIE = "backrub_session"
CSRF_COOKIE = "backrub_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_LIFETIME = datetime.timedelta(days=30)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UNSEEDED_PREFIXES = ("/static/", "/api/")


def csrf_token(request: Request) -> str:
    """The CSRF token this browser's forms carry (empty without a seed cookie)."""
    seed = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "csrf_seed", "")
    if not seed:
        return ""
    secret = request.app.state.settings.secret_key.get_secret_value().encode()
    message = f"{seed}|{request.cookies.get(SESSION_COOKIE, '')}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def csrf_valid(request: Request, given: str) -> bool:
    expected = csrf_token(request)
    return (
        bool(expected)
        and bool(request.cookies.get(CSRF_COOKIE))
        and (hmac.compare_digest(expected, given))
    )


def cookie_options(*, https: bool, max_age: int | None) -> str:
    secure = "; Secure" if https else ""
    age = f"; Max-Age={max_age}" if max_age is not None else ""
    return f"Path=/; HttpOnly; SameSite=Lax{age}{secure}"


class CsrfSeed:
    """Give a browser without one a random `backrub_csrf` cookie (pure ASGI, cheap).

    The new seed is put in `request.state.csrf_seed` so that the page being
    rendered already carries a token that will match on the next request.
    """

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Static files need no token; the API's clients send X-CSRF-Token from a page's
        # seed, or a bearer token, which needs none.
        if scope["type"] != "http" or scope["path"].startswith(UNSEEDED_PREFIXES):
            await self.app(scope, receive, send)
            return
        if _has_cookie(scope, CSRF_COOKIE):
            await self.app(scope, receive, send)
            return
        seed = new_token()
        scope.setdefault("state", {})["csrf_seed"] = seed
        options = cookie_options(https=self.https, max_age=None)
        cookie = f"{CSRF_COOKIE}={seed}; {options}"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _has_cookie(scope: Scope, name: str) -> bool:
    for key, value in scope.get("headers", []):
        if key == b"cookie" and cookie_parser(value.decode("latin-1")).get(name):
            return True
    return False
