"""`GET /sources`: the references, for anyone (no sign-in), as a page or as JSON."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backrub.web.deps import KnowledgeDep, TemplatesDep
from backrub.web.pages import show
from backrub.web.sources import views

router = APIRouter()


@router.get("/sources")
def sources(request: Request, templates: TemplatesDep, kb: KnowledgeDep) -> Response:
    """Every reference with its kind, citation, address, note and what cites it."""
    return show(templates, request, views.sources_page(kb))
