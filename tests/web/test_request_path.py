"""One path for every request: FastAPI's router and dependencies, SQL only in the thread
pool, and an OpenAPI document whose every reference resolves."""

from __future__ import annotations

import asyncio
import gc
import inspect
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts

from backrub.web.app import serving
from backrub.web.deps import get_db
from backrub.web.headers import SecurityHeaders
from backrub.web.security import CsrfSeed
from support.web import TestClient


def _takes_db(dependant: Dependant) -> bool:
    return any(sub.call is get_db for sub in dependant.dependencies)


def _async_sessions(dependant: Dependant) -> list[str]:
    """The handler and dependencies in the tree that are coroutines yet take the session."""
    found = []
    if _takes_db(dependant) and inspect.iscoroutinefunction(dependant.call):
        found.append(getattr(dependant.call, "__qualname__", repr(dependant.call)))
    for sub in dependant.dependencies:
        found += _async_sessions(sub)
    return found


def _reaches_db(dependant: Dependant) -> bool:
    return _takes_db(dependant) or any(_reaches_db(sub) for sub in dependant.dependencies)


def test_whatever_takes_the_database_session_runs_in_the_thread_pool(client: TestClient) -> None:
    routes = [
        route
        for route in iter_route_contexts(client.app.routes)  # type: ignore[attr-defined]
        if getattr(route, "dependant", None) is not None
    ]
    assert sum(_reaches_db(route.dependant) for route in routes) > 30  # pages and API
    for route in routes:
        assert not _async_sessions(route.dependant), route.path
    assert inspect.isgeneratorfunction(get_db)  # a plain `def`: FastAPI runs it in a thread


def test_the_only_middleware_seeds_csrf_and_adds_the_headers_around_everything(
    client: TestClient,
) -> None:
    stack = [m.cls for m in client.app.user_middleware]  # type: ignore[attr-defined]
    assert stack == [SecurityHeaders, CsrfSeed]  # the first is the outermost


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(value) for value in node))
    return set()


def test_every_reference_in_the_openapi_document_resolves(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    names = set(document["components"]["schemas"])
    refs = _refs(document)
    assert len(refs) > 10
    for ref in refs:
        match = re.fullmatch(r"#/components/schemas/(\w+)", ref)
        assert match and match[1] in names, ref


def test_a_client_that_hangs_up_mid_body_is_no_server_error(client: TestClient) -> None:
    """wrk and real phones drop connections while a body is on its way: nobody is left to
    answer, and it is no fault of the server, so nothing is raised (uvicorn would log a
    traceback) and no 500 is sent."""
    sent: list[dict[str, Any]] = []
    messages = iter(
        [
            {"type": "http.request", "body": b'{"giver": "self", ', "more_body": True},
            {"type": "http.disconnect"},
        ]
    )

    async def receive() -> dict[str, Any]:
        return next(messages)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/plans",
        "raw_path": b"/api/v1/plans",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    # A thread of its own: a browser test in the same worker may own this thread's loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(anyio.run, client.app, scope, receive, send).result()
    statuses = [m["status"] for m in sent if m["type"] == "http.response.start"]
    assert 500 not in statuses


def test_a_served_app_keeps_what_it_built_at_start_out_of_the_collector(
    client: TestClient,
) -> None:
    """`backrub serve` freezes what its process built before the first request, so that a
    full collection does not walk the routes, templates and knowledge base (gc.freeze)."""
    app = client.app
    assert isinstance(app, FastAPI)
    gc.unfreeze()
    try:
        assert serving(app) is app
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()  # the test process goes on building apps


def test_on_sqlite_two_requests_are_at_the_journal_at_once(client: TestClient) -> None:
    """SQLite's requests share one process's GIL, so more side by side only queue for it
    (`app.SQLITE_SLOTS`): a third waits on the event loop for its turn."""
    slots = client.app.state.journal_slots  # type: ignore[attr-defined]

    async def third_must_wait() -> bool:
        async with slots, slots:
            return slots.locked()

    with ThreadPoolExecutor(1) as thread:  # a loop of its own: this thread may have one
        assert thread.submit(asyncio.run, third_must_wait()).result()
