"""`create_app(settings)`: the web app, built fresh for each call.

Nothing happens at import: settings are read, the journal's engine is made and
the templates are set up here, so tests (and `backrub serve`) pass their own
settings. The schema is brought up to date once, when the app starts (its
lifespan), never inside a request.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from backrub import __version__, knowledge
from backrub.contract.validation import ValidationError
from backrub.journal.credentials import password_hasher
from backrub.journal.search import sync_guides
from backrub.journal.store import POOL_SIZE, Store
from backrub.web import backmap, health, spam
from backrub.web.accounts import password as password_pages
from backrub.web.accounts import routes as accounts
from backrub.web.accounts import views as account_views
from backrub.web.api import guides as guides_api
from backrub.web.api import journal as journal_api
from backrub.web.api import methods as api_methods
from backrub.web.api import moderation as moderation_api
from backrub.web.api import openapi
from backrub.web.api import people as people_api
from backrub.web.api import plans as plans_api
from backrub.web.api import search as search_api
from backrub.web.api import tips as tips_api
from backrub.web.api.bodies import API_PREFIX, Error, ErrorEntry, MsgspecResponse, error_response
from backrub.web.auth import CsrfRejected, SignInRequired, require_csrf
from backrub.web.guides import routes as guide_pages
from backrub.web.headers import SecurityHeaders, server_error
from backrub.web.intake import routes as intake_pages
from backrub.web.journal import routes as journal_pages
from backrub.web.pages import render
from backrub.web.player import routes as player_pages
from backrub.web.progress import routes as progress_pages
from backrub.web.search import routes as search_pages
from backrub.web.security import CsrfSeed, csrf_token
from backrub.web.settings import Settings
from backrub.web.sources import routes as sources_pages
from backrub.web.tips import routes as tip_pages

HERE = Path(__file__).resolve().parent
HTMX = "vendor/htmx-2.0.11.min.js"
# The field an API error names when the exception does not say (see `auth.NotFound`).
ERROR_FIELDS = {401: "authorization", 403: "x-csrf-token", 404: "id", 405: "method"}
# Each has `router` and its `MODELS`.
API_ROUTES = (
    plans_api,
    people_api,
    journal_api,
    guides_api,
    search_api,
    tips_api,
    moderation_api,
)
PAGE_ROUTERS = (
    intake_pages.router,
    accounts.router,
    password_pages.router,
    journal_pages.router,
    progress_pages.router,
    player_pages.router,
    sources_pages.router,
    guide_pages.router,
    search_pages.router,
    tip_pages.router,
)


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(
        htmx=HTMX,
        map_view_box=backmap.VIEW_BOX,
        region_shapes=backmap.REGION_SHAPES,
        map_head=backmap.HEAD,
        map_arms=backmap.ARMS,
        step_diagram=backmap.step_diagram,  # a step's stroke diagram (backrub.diagrams)
        csrf_token=csrf_token,  # {{ csrf_token(request) }} in every state-changing form
    )
    return templates


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app for `settings` (default: from the environment); refuses unsafe settings
    with `SettingsError`."""
    settings = settings or Settings()
    settings.check()
    store = Store(settings.database_url, migrate=False)  # no connection until it starts

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        store.upgrade()
        with store.transaction() as db:  # the guides' words for search, when they changed
            sync_guides(db=db, kb=knowledge.load())
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
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
    spam.use_secret(store.engine, settings.secret_key.get_secret_value())  # ALTCHA's key
    app.state.templates = _templates()
    app.state.password_hasher = password_hasher()
    # SQLite's one writer: write requests take turns (`deps.write_turn`); None elsewhere.
    sqlite = store.engine.dialect.name == "sqlite"
    app.state.write_turn = asyncio.Lock() if sqlite else None
    app.state.journal_slots = asyncio.Semaphore(SQLITE_SLOTS if sqlite else POOL_SIZE)
    app.state.token_refreshes = set()  # token ids whose last use is being written
    app.add_middleware(CsrfSeed, https=settings.https)
    app.add_middleware(SecurityHeaders, https=settings.https)  # last added: outermost
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for api in API_ROUTES:
        app.include_router(api.router)
    openapi.install(app, [model for api in API_ROUTES for model in api.MODELS])
    app.include_router(api_methods.router, include_in_schema=False)  # OPTIONS: Allow
    app.include_router(health.router, include_in_schema=False)  # /healthz, /readyz
    app.include_router(spam.router, include_in_schema=False)  # GET /altcha/challenge
    # Every form POST needs its CSRF token (safe methods pass through); every page's
    # header says who is signed in.
    csrf = [Depends(require_csrf), Depends(accounts.remember_viewer)]
    for router in PAGE_ROUTERS:
        app.include_router(router, include_in_schema=False, dependencies=csrf)
    _handle_errors(app, settings)
    return app


# Requests at the journal at once on SQLite (`deps.journal_turn`); on PostgreSQL, one per
# pooled connection. SQLite runs in the process, whose Python runs one thread at a time,
# and its driver lets go of the GIL for every row it steps: ten requests side by side only
# queued for the GIL, each waking thread waiting its turn. Two (a writer, whose sign-in may
# spend ~100 ms hashing a password off the GIL, and a reader) served the home page at 48
# req/s against 39 with ten, `/journal` at 79 against 57, `GET /api/v1/me` at 508 against
# 334 (make load's routes, 16-64 connections, 2 cores).
SQLITE_SLOTS = 2


def app_from_environment() -> FastAPI:
    """The app for the environment's BACKRUB_* settings: what each of uvicorn's worker
    processes builds (`backrub serve --workers N`)."""
    return serving(create_app(Settings()))


def serving(app: FastAPI) -> FastAPI:
    """`app`, in a process that will serve it and nothing else (`backrub serve`).

    What the process has built by now (the imports, the routes, the templates'
    environment, the knowledge base) lives as long as it does, so it is moved out of
    the garbage collector's sight (`gc.freeze`). A full collection walked those
    150,000 objects, 40-120 ms during which no request moved, every few hundred
    requests; it now walks what requests leave behind. Not for tests: they build many
    apps in one process, and a frozen app that is dropped would never be collected."""
    knowledge.load()  # parsed once per process: built now, it is frozen with the rest
    gc.collect()  # what is garbage already is freed, not frozen
    gc.freeze()
    return app


def _handle_errors(app: FastAPI, settings: Settings) -> None:
    """The API answers errors in its one JSON shape; pages answer a page."""
    templates: Jinja2Templates = app.state.templates

    @app.exception_handler(CsrfRejected)
    async def stale_form(request: Request, _error: CsrfRejected) -> Response:
        page = account_views.stale_form_page()
        return render(templates, request, page, status_code=403)

    @app.exception_handler(SignInRequired)
    async def sign_in_first(_request: Request, _error: SignInRequired) -> Response:
        return RedirectResponse("/signin", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if request.url.path.startswith(API_PREFIX):
            if error.status_code == 405:  # every method of the path, not one route's
                return api_methods.not_allowed(request)
            field = getattr(error, "field", None) or ERROR_FIELDS.get(error.status_code, "body")
            return error_response(
                field, str(error.detail), error.status_code, headers=error.headers
            )
        page = account_views.http_error_page(error.status_code, str(error.detail))
        response = render(templates, request, page, status_code=error.status_code)
        response.headers.update(error.headers or {})  # a 429's Retry-After, for pages too
        return response

    @app.exception_handler(ClientDisconnect)
    async def hung_up(_request: Request, _error: ClientDisconnect) -> Response:
        """The client went away while sending its body: nobody is left to read an answer,
        and it is not the server's fault, so no traceback (the status is never sent)."""
        return Response(status_code=400)

    @app.exception_handler(ValidationError)
    async def bad_input(_request: Request, error: ValidationError) -> Response:
        return error_response(error.path, error.message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, error: RequestValidationError) -> Response:
        detail = [
            ErrorEntry(
                ".".join(str(p) for p in e["loc"][1:]) or "body",
                "expected a value, got none" if e["type"] == "missing" else e["msg"],
            )
            for e in error.errors()
        ]
        return MsgspecResponse(Error(detail), status_code=422)

    for unavailable in health.UNAVAILABLE_ERRORS:  # the database is away: 503, not 500
        app.add_exception_handler(unavailable, health.answer_unavailable)
    app.add_exception_handler(Exception, server_error(https=settings.https))
