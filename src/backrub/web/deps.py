"""Dependencies injected by type: `def route(db: SessionDep, kb: KnowledgeDep)`.

Everything comes from the app that `create_app` built (`app.state`), never from
module globals, so two apps with different settings can live in one process.
The ones that only hand over an object are `async` (no I/O, so no trip to the
thread pool); `get_db` is a plain generator, which FastAPI runs in its thread
pool: no SQL ever runs on the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from backrub import knowledge
from backrub.journal.store import Store
from backrub.knowledge import KnowledgeBase
from backrub.web.security import SAFE_METHODS
from backrub.web.settings import Settings


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_knowledge() -> KnowledgeBase:
    return knowledge.load()  # parsed once per process, then shared


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


SettingsDep = Annotated[Settings, Depends(get_settings)]
KnowledgeDep = Annotated[KnowledgeBase, Depends(get_knowledge)]
StoreDep = Annotated[Store, Depends(get_store)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]


async def journal_turn(request: Request) -> AsyncIterator[None]:
    """A request waits here, on the event loop, for its turn at the journal: one of the
    pool's connections, and on SQLite, when it may write, the one writer's lock.

    Waiting inside `get_db` would hold one of the thread pool's threads: with more
    waiting requests than threads, the requests holding connections (or SQLite's write
    lock) could not get a thread for their handlers, and everything stalled until a
    timeout. PostgreSQL locks rows, so its writers need no turns.
    """
    writer: asyncio.Lock | None = request.app.state.write_turn
    slots: asyncio.Semaphore = request.app.state.journal_slots
    if writer is None or request.method in SAFE_METHODS:
        async with slots:
            yield
        return
    async with writer, slots:
        yield


def get_db(
    request: Request,
    store: StoreDep,
    _turn: Annotated[None, Depends(journal_turn, scope="function")],
) -> Iterator[Session]:
    """The request's one transaction, shared by its dependencies and its handler.

    A GET's only reads (on SQLite a deferred BEGIN: it never waits for a writer);
    any other method's may write. It commits when the handler returns, before the
    response is sent (`scope="function"`), so the client's next request sees it.
    """
    with store.transaction(write=request.method not in SAFE_METHODS) as db:
        yield db


SessionDep = Annotated[Session, Depends(get_db, scope="function")]
