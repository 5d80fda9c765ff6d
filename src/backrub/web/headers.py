"""Security headers on every response, errors included.

A plain ASGI wrapper rather than Starlette's BaseHTTPMiddleware: it adds the
headers as the response starts, costs next to nothing, and (wrapped around the
whole middleware stack by `BackrubApp`) also covers the 500 page.
"""

from __future__ import annotations

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


class SecurityHeaders:
    """Add `SECURITY_HEADERS` (and HSTS when served over HTTPS) to every HTTP response."""

    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        extra = (HSTS,) if https else ()
        self.headers = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS + extra]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                missing = [(k, v) for k, v in self.headers if k not in present]
                message["headers"] = list(message.get("headers", [])) + missing
            await send(message)

        await self.app(scope, receive, send_with_headers)
