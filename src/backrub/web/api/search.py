"""`GET /api/v1/search?q=WORDS`: guides and approved tips, best first, for anyone.

The same search as the page and `backrub guide --search` (`journal.search`): one query,
each result with its page's address and a snippet whose only markup is `<mark>`.
"""

from __future__ import annotations

from typing import Annotated, Literal, cast

import msgspec
from fastapi import APIRouter, Query
from fastapi.responses import Response

from backrub.journal.search import MAX_CHARACTERS
from backrub.journal.search import search as find
from backrub.web.api import openapi
from backrub.web.api.bodies import API_PREFIX, MsgspecResponse
from backrub.web.deps import SessionDep
from backrub.web.search.views import LIMIT_PATTERN, check_limit, check_query

Kind = Literal["technique", "region", "tool", "tip"]


class SearchResult(msgspec.Struct, frozen=True):
    """A guide (technique, region, tool) or a reader's approved tip (`tip`)."""

    kind: Kind
    id: Annotated[str, msgspec.Meta(description="The guide's id, or the tip's")]
    title: Annotated[str, msgspec.Meta(description="The guide's title; a tip's names its guide")]
    snippet: Annotated[
        str,
        msgspec.Meta(
            description="HTML: escaped text, the matched words in <mark>…</mark>",
            examples=["…place both hands on the <mark>lower</mark> back…"],
        ),
    ]
    url: Annotated[
        str,
        msgspec.Meta(
            description="Its page; a tip's is its guide's page with #tip-<id>",
            examples=["/guides/techniques/effleurage", "/guides/regions/spine#tip-3f2a"],
        ),
    ]


MODELS = (list[SearchResult],)  # described in the OpenAPI document (`openapi.install`)

router = APIRouter(prefix=API_PREFIX, tags=["api"])


@router.get(
    "/search",
    summary="Search the guides and the approved tips",
    response_class=MsgspecResponse,
    responses={
        200: openapi.answer(list[SearchResult], "Best first; empty when nothing matches"),
        **openapi.errors({422: "`q` empty or over 200 characters, or `limit` not 1 to 50"}),
    },
)
def search(
    db: SessionDep,
    q: Annotated[
        str,
        Query(
            description="The words, 1 to 200 characters, at least one not a space.",
            json_schema_extra={"minLength": 1, "maxLength": MAX_CHARACTERS, "pattern": r"\S"},
        ),
    ],
    limit: Annotated[
        str,
        Query(
            description="At most this many, 1 to 50.",
            json_schema_extra={"pattern": LIMIT_PATTERN},
        ),
    ] = "20",
) -> Response:
    """Every word must match (the last as the start of a word); the reader's words are
    never query syntax."""
    words, most = check_query(q), check_limit(limit)
    hits = find(db=db, query=words, limit=most)
    return MsgspecResponse(
        [SearchResult(cast(Kind, h.kind), h.id, h.title, h.snippet, h.address) for h in hits]
    )
