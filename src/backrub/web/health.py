"""Health for operators and load balancers, and a 503 while the journal is away.

`/healthz` says the process answers (no database), `/readyz` that the journal does
too (`SELECT 1`). When the database goes away (PostgreSQL restarting, a network
cut), a request that needs it gets 503 with `Retry-After` instead of a 500: the
fault is not the client's and passes by itself. The engine pings each connection
as it leaves the pool (`store.make_engine`), so when the database is back the next
request simply works, with no restart.
"""

from __future__ import annotations

import asyncio
import sqlite3

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from starlette.concurrency import run_in_threadpool

from backrub.journal.store import Store
from backrub.web.accounts.views import MessagePage
from backrub.web.api.bodies import API_PREFIX, error_response
from backrub.web.pages import render

RETRY_AFTER_SECONDS = 5
RETRY_AFTER = {"Retry-After": str(RETRY_AFTER_SECONDS)}
UNAVAILABLE = "the journal is briefly unavailable; try again in a few seconds"
# The errors that mean "the database cannot answer now", not "this request is wrong".
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, DisconnectionError)
# SQLite's OperationalError is also its word for "no such table" or a syntax error,
# which are bugs (a 500); only these say the file is busy or cannot be reached.
SQLITE_PASSING = ("database is locked", "database table is locked", "unable to open", "disk i/o")

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process answers (the database is not asked)")
async def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get(
    "/readyz",
    summary="The journal's database answers: 200, or 503 with Retry-After",
    responses={503: {"description": "The database does not answer now"}},
)
async def readyz(request: Request) -> JSONResponse:
    """Waits for a pooled connection like any request (`deps.journal_turn`), so a busy
    server is slow to say ready rather than wrong about it."""
    store: Store = request.app.state.store
    slots: asyncio.Semaphore = request.app.state.journal_slots
    try:
        async with slots:
            await run_in_threadpool(_select_one, store)
    except UNAVAILABLE_ERRORS as error:
        if not journal_unavailable(error):
            raise
        body = {"status": "unavailable", "detail": UNAVAILABLE}
        return JSONResponse(body, status_code=503, headers=RETRY_AFTER)
    return JSONResponse({"status": "ok"})


def _select_one(store: Store) -> None:
    with store.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def journal_unavailable(error: Exception) -> bool:
    """Whether `error` says the database cannot answer for now (rather than a bug)."""
    if not isinstance(error, UNAVAILABLE_ERRORS):
        return False
    if isinstance(error, DBAPIError) and isinstance(error.orig, sqlite3.Error):
        return error.connection_invalidated or any(
            words in str(error.orig).lower() for words in SQLITE_PASSING
        )
    return True


async def answer_unavailable(request: Request, error: Exception) -> Response:
    """The exception handler: 503 with Retry-After, in the API's JSON shape or as a page;
    any other database error is raised on, to the 500 handler (and the log)."""
    if not journal_unavailable(error):
        raise error
    if request.url.path.startswith(API_PREFIX):
        return error_response("journal", UNAVAILABLE, 503, headers=RETRY_AFTER)
    page = MessagePage(
        "Try again soon",
        "The journal is briefly unavailable",
        "Your journal cannot be reached for a moment, as happens while its database "
        "restarts. Try again in a few seconds.",
        "/",
        "Back to the start",
    )
    response = render(request.app.state.templates, request, page, status_code=503)
    response.headers.update(RETRY_AFTER)
    return response
