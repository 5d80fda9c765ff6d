"""The JSON API's contract routes: a plan for an intake, and the knowledge base.

Bodies are decoded by the contract's own models (`validation.loads`), so every
message is the CLI's message; bad input answers 422 with
`{"detail": [{"field": ..., "message": ...}]}`.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from backrub.contract.intake import Intake
from backrub.contract.plan import Plan
from backrub.contract.validation import loads
from backrub.planning.planner import make_plan
from backrub.web.api import openapi
from backrub.web.api.bodies import API_PREFIX, MsgspecResponse, RecordBody
from backrub.web.deps import KnowledgeDep

PLANS = "/plans"  # under API_PREFIX, like every path declared here
MODELS = (Intake, Plan)  # described in the OpenAPI document (`openapi.install`)

router = APIRouter(prefix=API_PREFIX, tags=["api"])


@router.post(
    PLANS,
    summary="Plan a routine from an intake",
    response_class=MsgspecResponse,
    openapi_extra=openapi.body(Intake, "An intake (`backrub.intake/1`)"),
    responses={
        200: openapi.answer(Plan, "The plan (`backrub.plan/1`)"),
        **openapi.errors({413: "Body too large", 422: "Bad input, naming the field"}),
    },
)
async def create_plan(body: RecordBody, kb: KnowledgeDep) -> Response:
    """Answer the contract's plan for an intake (`backrub.intake/1`). Stores nothing.

    `async`: it touches no database, and planning takes a fraction of a millisecond."""
    return MsgspecResponse(make_plan(loads(Intake, body), kb))  # ValidationError: 422


@router.get(
    "/knowledge/techniques",
    summary="The techniques backrub plans with",
    response_class=MsgspecResponse,
)
async def techniques(kb: KnowledgeDep) -> Response:
    """The same records as `backrub techniques --json`."""
    return MsgspecResponse(list(kb.techniques.values()))


@router.get(
    "/knowledge/regions",
    summary="The nine regions of the back",
    response_class=MsgspecResponse,
)
async def regions(kb: KnowledgeDep) -> Response:
    return MsgspecResponse(list(kb.regions.values()))
