"""Dependencies injected by type: `def route(kb: KnowledgeDep, settings: SettingsDep)`.

Everything comes from the app that `create_app` built (`app.state`), never from
module globals, so two apps with different settings can live in one process.
They are `async` because they do no I/O: FastAPI runs a sync dependency in the
thread pool, a trip that cost more than the rest of such a dependency.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from backrub import knowledge
from backrub.journal.store import Store
from backrub.knowledge import KnowledgeBase
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
