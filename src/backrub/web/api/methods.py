"""What `Allow` says for an API path: every method that path has.

Starlette answers 405 with the methods of the first route whose path matched, and
FastAPI makes one route per method, so `OPTIONS` on `/people/{id}/checkins` said
`Allow: POST` and left out GET. `allowed` asks every route instead. `OPTIONS` answers
204 with that list: there is no CORS here (the API is for the same origin and bearer
tokens), so this is only HTTP's "what may I do with this address".
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from fastapi.routing import iter_route_contexts
from starlette.routing import compile_path

from backrub.web.api.bodies import API_PREFIX, error_response
from backrub.web.auth import NotFound

router = APIRouter(prefix=API_PREFIX)


def allowed(request: Request) -> list[str]:
    """The methods of every route whose path is the request's, sorted; OPTIONS too."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        if route.path and route.methods and route.path != OPTIONS_PATH:
            pattern, _format, _convertors = compile_path(route.path)
            if pattern.match(request.url.path):
                methods |= set(route.methods)
    return sorted(methods | {"OPTIONS"}) if methods else []


OPTIONS_PATH = f"{API_PREFIX}/{{path:path}}"


@router.options("/{path:path}", status_code=204)
def options(request: Request) -> Response:
    """204 with `Allow`; 404 for an address the API does not have."""
    methods = allowed(request)
    if not methods:
        raise NotFound("path")
    return Response(status_code=204, headers={"Allow": ", ".join(methods)})


def not_allowed(request: Request) -> Response:
    """405 with every method the path has; 404 where only `options` matched it."""
    methods = allowed(request)
    if not methods:
        return error_response("path", "not found", 404)
    listed = ", ".join(methods)
    message = f"expected one of {listed} here, got {request.method}"
    return error_response("method", message, 405, headers={"Allow": listed})
