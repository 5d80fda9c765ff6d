"""`GET /search?q=WORDS`: the guides and approved tips that match, for anyone.

The header's search box sends here with a plain GET, so it works without JavaScript;
one query a search (`journal.search`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backrub.contract.validation import ValidationError
from backrub.journal.search import MAX_CHARACTERS
from backrub.journal.search import search as find
from backrub.web.deps import SessionDep, TemplatesDep
from backrub.web.pages import render
from backrub.web.search import views

router = APIRouter()
PAGE_LIMIT = 30


@router.get("/search")
def search(request: Request, templates: TemplatesDep, db: SessionDep, q: str = "") -> Response:
    """Results with their kind, title and snippet; with no words, how to search."""
    if not q.strip():
        return render(templates, request, views.search_page("", []))
    try:
        words = views.check_query(q)
    except ValidationError:
        problem = f"Use at most {MAX_CHARACTERS} characters: you typed {len(q.strip())}."
        return render(templates, request, views.search_page(q, [], problem), status_code=422)
    hits = find(db=db, query=words, limit=PAGE_LIMIT)
    return render(templates, request, views.search_page(words, hits))
