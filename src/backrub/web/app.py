"""`create_app(settings)`: the web app, built fresh for each call.

Nothing happens at import: settings are read, the journal's engine is made, the
JSON Schemas are loaded and the templates are set up here, so tests (and
`backrub serve`) pass their own settings.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from backrub import __version__, knowledge
from backrub.contract.validation import ValidationError
from backrub.journal.group_commit import GroupCommit
from backrub.journal.store import Store
from backrub.web import backmap
from backrub.web.accounts import routes as accounts
from backrub.web.accounts import views as account_views
from backrub.web.api import journal as journal_api
from backrub.web.api import people as account_api
from backrub.web.api.plans import (
    API_PREFIX,
    PLANS,
    create_plan,
    error_body,
    make_router,
    validation_error_response,
)
from backrub.web.api.schemas import ApiSchemas, load_schemas
from backrub.web.auth import CsrfRejected, SignInRequired, require_csrf
from backrub.web.fast_lane import FastLane, Lane
from backrub.web.headers import SecurityHeaders
from backrub.web.intake import routes as pages
from backrub.web.journal import routes as journal_pages
from backrub.web.player import routes as player_pages
from backrub.web.security import CsrfSeed, csrf_token, password_hasher
from backrub.web.settings import Settings

HERE = Path(__file__).resolve().parent
HTMX = "vendor/htmx-2.0.11.min.js"
# The field an API error names when the exception does not say (see `auth.NotFound`).
ERROR_FIELDS = {401: "authorization", 403: "x-csrf-token", 404: "id", 405: "method"}
# The API's busiest routes, served by the fast lane (measured: `make bench`).
BUSIEST = (
    Lane("POST", API_PREFIX + PLANS, create_plan),
    Lane("GET", API_PREFIX + account_api.SESSIONS, account_api.sessions),
    Lane("PUT", API_PREFIX + account_api.RATINGS, account_api.rate),
)


class BackrubApp(FastAPI):
    """FastAPI, with security headers outside everything (the 500 page too) and the
    published JSON Schemas as OpenAPI components."""

    def __init__(self, *, settings: Settings, schemas: ApiSchemas, **options: Any) -> None:
        super().__init__(**options)
        self.settings = settings
        self.schemas = schemas

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack(), https=self.settings.https)

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            document = get_openapi(
                title=self.title,
                version=self.version,
                description=self.description,
                routes=self.routes,
            )
            document.setdefault("components", {}).setdefault("schemas", {}).update(
                self.schemas.components
            )
            self.openapi_schema = document
        return self.openapi_schema


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    env = templates.env
    env.globals.update(
        htmx=HTMX,
        map_view_box=backmap.VIEW_BOX,
        region_shapes=backmap.REGION_SHAPES,
        map_head=backmap.HEAD,
        map_arms=backmap.ARMS,
        csrf_token=csrf_token,  # {{ csrf_token(request) }} in every state-changing form
    )
    return templates


def _freeze_what_start_up_made() -> None:
    """Load the knowledge base, then move everything made so far out of the cyclic
    collector's sight (`gc.freeze`): a full collection otherwise walked some 150,000
    long-lived objects, stalling every request in flight for several milliseconds, enough
    to show in the 99th percentile. Production only: tests make and drop many apps."""
    knowledge.load()
    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None, *, fast_lane: bool = True) -> FastAPI:
    """The app for `settings` (default: from the environment); refuses unsafe settings
    with `SettingsError`. Without `fast_lane`, FastAPI routes every request (tests compare
    the two, see `web/fast_lane.py`)."""
    settings = settings or Settings()
    settings.check()
    store = Store(settings.database_url)  # no connection until first used

    @asynccontextmanager
    async def lifespan(running: FastAPI) -> AsyncIterator[None]:
        if settings.environment == "production":
            _freeze_what_start_up_made()
        try:
            yield
        finally:
            await running.state.journal_writes.settle()  # a token's last use, say
            store.close()

    schemas = load_schemas()
    app = BackrubApp(
        settings=settings,
        schemas=schemas,
        title="backrub",
        version=__version__,
        description="Safe, explained back-massage routines (`backrub.intake/1` → "
        "`backrub.plan/1`).",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc load their assets from a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    # On SQLite the process's writers take turns (see `auth.get_db`); the API's busiest
    # writes are committed in groups, in the same turns (`journal/group_commit.py`).
    turn = asyncio.Lock() if store.engine.dialect.name == "sqlite" else None
    app.state.journal_write_turn = turn
    app.state.journal_writes = GroupCommit(store, turn)
    app.state.templates = _templates()
    app.state.password_hasher = password_hasher()
    app.add_middleware(CsrfSeed, https=settings.https)
    if fast_lane:
        app.add_middleware(FastLane, lanes=BUSIEST)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(make_router(schemas))
    app.include_router(account_api.router)
    app.include_router(journal_api.router)
    # Every form POST needs its CSRF token (safe methods pass through); every page's
    # header says who is signed in.
    csrf = [Depends(require_csrf), Depends(accounts.remember_viewer)]
    for router in (pages.router, accounts.router, journal_pages.router, player_pages.router):
        app.include_router(router, include_in_schema=False, dependencies=csrf)

    @app.exception_handler(CsrfRejected)
    async def stale_form(request: Request, _error: CsrfRejected) -> Response:
        page = account_views.stale_form_page()
        return pages.render(app.state.templates, request, page, status_code=403)

    @app.exception_handler(SignInRequired)
    async def sign_in_first(_request: Request, _error: SignInRequired) -> Response:
        return RedirectResponse("/signin", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        """The API answers JSON in its one error shape; pages answer a page."""
        if request.url.path.startswith(API_PREFIX):
            field = getattr(error, "field", None) or ERROR_FIELDS.get(error.status_code, "body")
            body = error_body(field, str(error.detail))
            return JSONResponse(body, status_code=error.status_code, headers=error.headers)
        page = account_views.http_error_page(error.status_code, str(error.detail))
        return pages.render(app.state.templates, request, page, status_code=error.status_code)

    @app.exception_handler(ValidationError)
    async def bad_input(_request: Request, error: ValidationError) -> JSONResponse:
        return validation_error_response(error)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        detail = [
            {"field": ".".join(str(p) for p in e["loc"][1:]) or "body", "message": e["msg"]}
            for e in error.errors()
        ]
        return JSONResponse({"detail": detail}, status_code=422)

    return app
