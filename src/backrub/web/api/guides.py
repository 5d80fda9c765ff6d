"""The guides in the JSON API: `GET /api/v1/guides` and one guide in full.

The records are `backrub.guides`' own Structs, so the API says what the pages and
`backrub guide --json` say; anyone may read them (no sign-in), and nothing is stored.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from backrub.guides import GUIDE_KINDS, Guide, find_guide
from backrub.guides.build import summaries
from backrub.guides.model import Summary
from backrub.web.api import openapi
from backrub.web.api.bodies import API_PREFIX, MsgspecResponse
from backrub.web.auth import NotFound
from backrub.web.deps import KnowledgeDep

MODELS = (list[Summary], Guide)  # described in the OpenAPI document (`openapi.install`)

router = APIRouter(prefix=API_PREFIX, tags=["api"])


@router.get(
    "/guides",
    summary="Every guide, with its related guides",
    response_class=MsgspecResponse,
    responses={200: openapi.answer(list[Summary], "Techniques, then regions, then tools")},
)
async def guides(kb: KnowledgeDep) -> Response:
    """`{kind, id, title, related}` for every technique, region and tool."""
    return MsgspecResponse(summaries(kb))


@router.get(
    "/guides/{kinds}/{guide_id}",
    summary="One guide in full",
    response_class=MsgspecResponse,
    responses={
        200: openapi.answer(Guide, "The guide; `kind` says which of the three shapes"),
        **openapi.errors({404: "No such kind (techniques, regions, tools) or id"}),
    },
)
async def guide(kinds: str, guide_id: str, kb: KnowledgeDep) -> Response:
    """`kinds` is the plural, as in the page's address: `/guides/techniques/petrissage`."""
    kind = GUIDE_KINDS.get(kinds)
    if kind is None:
        raise NotFound("kinds")
    found = find_guide(kb, kind, guide_id)
    if found is None:
        raise NotFound("guide_id")
    return MsgspecResponse(found)
