"""The API's busiest routes, answered without going through FastAPI's router.

Measured with `make bench` (2 workers, 64 connections, 2 cores): for a rating write,
FastAPI's routing over some sixty routes, its request wrapping and response
handling took about as much CPU again as the write itself, and the write stayed
under 2,000 a second. `FastLane` is a plain ASGI middleware that recognises a
few (method, path) pairs and calls their endpoint functions directly, with a
Starlette `Request`, sending the `Response` they return. Everything else passes
on untouched.

The routes stay declared in FastAPI, with the same endpoint functions: that is
their OpenAPI description, and what answers when the app is built without the
lane. An endpoint in a lane takes only its path parameters and the request
(checked here, at start-up): it has no dependencies for FastAPI to solve, so both
ways run the same code. Its exceptions go to the app's own exception handlers,
as FastAPI's would. tests/web/test_fast_lane.py holds the two answers equal,
status, headers and bytes, for good and bad requests alike.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import compile_path
from starlette.types import ASGIApp, Receive, Scope, Send

Endpoint = Callable[..., Awaitable[Response]]


@dataclass(frozen=True)
class Lane:
    """One route: `path` is its template as declared to FastAPI (`/people/{person_id}`)."""

    method: str
    path: str
    endpoint: Endpoint


class LaneError(TypeError):
    """A lane whose endpoint FastAPI would call differently (a mistake in the code)."""


class FastLane:
    """Answer `lanes` directly; pass every other request on to `app`."""

    def __init__(self, app: ASGIApp, *, lanes: Sequence[Lane]) -> None:
        self.app = app
        self._routes: dict[str, list[tuple[re.Pattern[str], Endpoint]]] = {}
        for lane in lanes:
            regex, _format, convertors = compile_path(lane.path)
            _check(lane, set(convertors))
            self._routes.setdefault(lane.method, []).append((regex, lane.endpoint))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Under a root path the route's path is not `scope["path"]`: FastAPI works it out.
        if scope["type"] == "http" and not scope.get("root_path"):
            for regex, endpoint in self._routes.get(scope["method"], ()):
                found = regex.match(scope["path"])
                if found is not None:
                    await _answer(endpoint, found.groupdict(), scope, receive, send)
                    return
        await self.app(scope, receive, send)


async def _answer(
    endpoint: Endpoint, path_params: dict[str, str], scope: Scope, receive: Receive, send: Send
) -> None:
    request = Request(scope, receive)
    try:
        response = await endpoint(request=request, **path_params)
    except Exception as error:
        handler = _handler_for(error, scope["app"].exception_handlers)
        if handler is None:
            raise  # the server-error middleware outside answers 500
        answer = handler(request, error)
        response = await answer if inspect.isawaitable(answer) else answer
    await response(scope, receive, send)


def _handler_for(error: Exception, handlers: Mapping[Any, Any]) -> Callable[..., Any] | None:
    """The handler Starlette would pick: by status code first, then by class."""
    if isinstance(error, HTTPException) and error.status_code in handlers:
        return handlers[error.status_code]  # type: ignore[no-any-return]
    for cls in type(error).__mro__:
        if cls in handlers:
            return handlers[cls]  # type: ignore[no-any-return]
    return None


def _check(lane: Lane, path_params: set[str]) -> None:
    if not inspect.iscoroutinefunction(lane.endpoint):
        raise LaneError(f"{lane.endpoint.__qualname__}: a lane's endpoint must be async")
    taken = set(inspect.signature(lane.endpoint).parameters)
    wanted = path_params | {"request"}
    if taken != wanted:
        raise LaneError(
            f"{lane.endpoint.__qualname__} takes {sorted(taken)}; a lane's endpoint takes "
            f"its path parameters and the request only: {sorted(wanted)}"
        )
