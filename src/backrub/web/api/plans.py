"""The JSON API, `/api/v1`: the contract over HTTP.

Bodies are validated by backrub's own `parse_intake`, not a pydantic model, so
that every message is the CLI's message; bad input answers 422 with
`{"detail": [{"field": ..., "message": ...}]}`. The OpenAPI description of the
bodies is the published JSON Schema (`openapi_extra`), so it cannot drift from
what is validated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from backrub import knowledge
from backrub.contract.intake import load_intake
from backrub.contract.plan import plan_json
from backrub.contract.validation import ValidationError
from backrub.knowledge import KnowledgeBase
from backrub.planning.planner import make_plan
from backrub.web.api.schemas import ApiSchemas
from backrub.web.deps import KnowledgeDep

API_PREFIX = "/api/v1"
MAX_BODY_BYTES = 64 * 1024  # an intake is well under 2 KB
PLANS_REMEMBERED = 512  # per process; about 10 KB each, and a body of at most:
REMEMBERED_BODY_BYTES = 8 * 1024
PLANS = "/plans"  # under API_PREFIX, like every path declared here


def error_body(path: str, message: str) -> dict[str, Any]:
    """The one error shape of the API; a problem with the whole body names `body`."""
    return {"detail": [{"field": path or "body", "message": message}]}


def make_router(schemas: ApiSchemas) -> APIRouter:
    """The API's routes; built per app, because the OpenAPI parts are read from files."""
    router = APIRouter(prefix=API_PREFIX, tags=["api"])
    json_of = {"application/json": {"schema": schemas.plan_ref}}
    errors = {"application/json": {"schema": schemas.error_ref}}
    bad_input = {"description": "Bad input, naming the field", "content": errors}

    router.add_api_route(
        PLANS,
        create_plan,
        methods=["POST"],
        summary="Plan a routine from an intake",
        response_class=JSONResponse,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": schemas.intake_ref}},
            }
        },
        responses={
            200: {"description": "The plan (`backrub.plan/1`)", "content": json_of},
            413: {"description": "Body too large", "content": errors},
            422: bad_input,
        },
    )

    @router.get("/knowledge/techniques", summary="The techniques backrub plans with")
    def techniques(kb: KnowledgeDep) -> list[dict[str, Any]]:
        """The same records as `backrub techniques --json`."""
        return [asdict(t) for t in kb.techniques.values()]

    @router.get("/knowledge/regions", summary="The nine regions of the back")
    def regions(kb: KnowledgeDep) -> list[dict[str, Any]]:
        return [asdict(r) for r in kb.regions.values()]

    return router


async def create_plan(request: Request) -> Response:
    """Answer the contract's plan for an intake (`backrub.intake/1`). Stores nothing.

    Also served by `web/fast_lane.py`: it takes nothing but the request."""
    kb = knowledge.load()  # not a dependency: solving one cost as much as the lookup
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        message = f"expected at most {MAX_BODY_BYTES} bytes, got {len(body)}"
        return JSONResponse(error_body("body", message), status_code=413)
    plans = knowledge.derived(kb, _plans)
    # A ValidationError -> 422, see create_app.
    answer = plans.remembered(body) if len(body) <= REMEMBERED_BODY_BYTES else plans.new(body)
    return Response(answer, media_type="application/json")


@dataclass(frozen=True)
class _Plans:
    """The plan API's answers, for one knowledge base: `new` works one out; `remembered`
    keeps those for the bodies asked for most recently.

    A plan is a pure function of the intake and the knowledge base, and clients send the
    same body again (a reload, a retry, an app showing a plan it showed before): an
    answer kept costs a lookup instead of about 0.15 ms of parsing, planning and
    encoding, most of a request. Kept in this process's memory only, never written
    anywhere, the oldest dropped first; a body that is not an intake raises every time.
    `make bench` measures the API with one intake repeated (all remembered) and with
    intakes that are all different (none remembered).
    """

    new: Callable[[bytes], bytes]
    remembered: Callable[[bytes], bytes]


def _plans(kb: KnowledgeBase) -> _Plans:
    def new(body: bytes) -> bytes:
        return plan_json(make_plan(load_intake(body), kb))

    return _Plans(new=new, remembered=lru_cache(maxsize=PLANS_REMEMBERED)(new))


def validation_error_response(error: ValidationError) -> JSONResponse:
    return JSONResponse(error_body(error.path, error.message), status_code=422)
