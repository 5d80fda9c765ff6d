"""`GET /guides` and `/guides/{kinds}/{id}`: the guides, for anyone (no sign-in).

Stable addresses: the kinds are plural (`techniques`, `regions`, `tools`) and the ids
are the knowledge base's, as in the API; an unknown one answers the 404 page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backrub.guides import GUIDE_KINDS, guide_at
from backrub.journal.accounts import find_own_person
from backrub.web.auth import NotFound, OptionalUser
from backrub.web.deps import KnowledgeDep, SessionDep, TemplatesDep
from backrub.web.guides import views
from backrub.web.pages import render
from backrub.web.tips.section import guide_tips

router = APIRouter()


@router.get("/guides")
def guides(
    request: Request, templates: TemplatesDep, kb: KnowledgeDep, db: SessionDep, user: OptionalUser
) -> Response:
    """Every guide by kind; signed in with saved answers, which tools suit them."""
    person = None if user is None else find_own_person(db=db, user_id=user.id)
    intake = person.intake if person is not None else None
    page = views.guides_page(kb, intake, signed_in=user is not None)
    return render(templates, request, page)


@router.get("/guides/{kinds}/{guide_id}")
def guide(
    request: Request,
    templates: TemplatesDep,
    kb: KnowledgeDep,
    db: SessionDep,
    user: OptionalUser,
    kinds: str,
    guide_id: str,
) -> Response:
    """One guide: a technique, a region or a tool, with its readers' tips."""
    found = guide_at(kb, kinds, guide_id)
    if found is None:
        raise NotFound("guide_id")
    kind = GUIDE_KINDS[kinds]
    viewer = None if user is None else user.id
    section = guide_tips(db=db, kind=kind, guide_id=guide_id, viewer_id=viewer)
    return render(templates, request, views.guide_page(found, section))
