"""Security headers on every response, errors included.

A plain ASGI middleware (added last in `create_app`, so it wraps every other one):
it adds the headers as the response starts and costs next to nothing. The one
answer it cannot see is Starlette's 500 page, which the framework sends from
outside every middleware; `server_error` gives that page the same headers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No inline scripts or styles at all: every script and stylesheet is a file under
# /static. SVG maps use presentation attributes and classes, never style="".
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=()"),
)
HSTS = ("strict-transport-security", "max-age=31536000")
# Every answer but a static file names who is signed in, and most hold their health:
# no cache keeps one unless its route says otherwise (the service worker's no-cache).
NO_STORE = (b"cache-control", b"no-store")
STATIC_PREFIX = "/static/"


def security_headers(*, https: bool) -> tuple[tuple[str, str], ...]:
    return SECURITY_HEADERS + ((HSTS,) if https else ())


class SecurityHeaders:
    """Add `SECURITY_HEADERS` (and HSTS when served over HTTPS) to every HTTP response,
    and `Cache-Control: no-store` to every one that is not a static file."""

    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in security_headers(https=https)]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        wanted = self.headers
        if not scope["path"].startswith(STATIC_PREFIX):
            wanted = [*wanted, NO_STORE]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                missing = [(k, v) for k, v in wanted if k not in present]
                message["headers"] = list(message.get("headers", [])) + missing
            await send(message)

        await self.app(scope, receive, send_with_headers)


def server_error(*, https: bool) -> Callable[[Request, Exception], Awaitable[Response]]:
    """The handler for uncaught errors: Starlette's plain 500 answer, with the headers."""
    headers = dict(security_headers(https=https))

    async def answer(_request: Request, _error: Exception) -> Response:
        return PlainTextResponse("Internal Server Error", status_code=500, headers=headers)

    return answer
