"""Browsers an account has signed in on: a signed cookie that lets its owner past the
per-account limit on guesses, so a stranger's wrong passwords cannot lock them out.

The cookie holds the account's id, signed with the app's secret key (itsdangerous,
with a salt of its own), for a year; it proves nothing but that this browser once
signed in to that account, which is all the limit needs to know.
"""

from __future__ import annotations

import datetime

from fastapi import Request, Response
from itsdangerous import BadData, URLSafeTimedSerializer

DEVICE_COOKIE = "backrub_device"
SALT = "backrub.device"
LIFETIME = datetime.timedelta(days=365)


def _serializer(request: Request) -> URLSafeTimedSerializer:
    secret = request.app.state.settings.secret_key.get_secret_value()
    return URLSafeTimedSerializer(secret, salt=SALT)


def known_device(request: Request, user_id: str) -> bool:
    """Whether this browser signed in to the account before (within the year)."""
    cookie = request.cookies.get(DEVICE_COOKIE, "")
    if not cookie:
        return False
    try:
        signed_for = _serializer(request).loads(cookie, max_age=int(LIFETIME.total_seconds()))
    except BadData:
        return False
    return bool(signed_for == user_id)


def remember_device(request: Request, response: Response, user_id: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer(request).dumps(user_id),
        max_age=int(LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.https,
    )
