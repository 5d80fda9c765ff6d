"""The signed-in part of `/api/v1`: a person's record, their sessions listed, and ratings.

Every route asks `api_user` who is calling (a bearer token, or the session
cookie with an X-CSRF-Token header for writes) and loads objects only through
the owner checks, so another account's ids answer 404, never 403. The listing
and the ratings write are the API's busiest routes: they are `async`, run their
SQL through `in_journal` (on the event loop for SQLite), answer responses built
without FastAPI's encoder (the response models below only describe them in the
OpenAPI document), and are served by `web/fast_lane.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from backrub.contract.ids import REGIONS, RegionId
from backrub.contract.records import Score
from backrub.contract.validation import loads, parse
from backrub.journal import accounts, ratings
from backrub.journal.accounts import UserRecord
from backrub.journal.driver import Driver
from backrub.journal.group_commit import GroupCommit
from backrub.journal.store import Store
from backrub.web.api.journal import body_up_to
from backrub.web.api.plans import API_PREFIX, MAX_BODY_BYTES
from backrub.web.api.schemas import COMPONENTS
from backrub.web.auth import (
    ApiUser,
    NotFound,
    SessionDep,
    api_user,
    in_journal,
    owned_person_or_404,
)

SESSIONS_LISTED = 50
# Paths under API_PREFIX of the routes `web/fast_lane.py` also serves.
SESSIONS = "/people/{person_id}/sessions"
RATINGS = "/people/{person_id}/sessions/{session_id}/ratings"
# BUSIEST: the listing and the ratings write call `api_user` and read the body themselves
# rather than declaring them as dependencies: FastAPI's solving of six dependencies cost
# more than everything else the write does (docs/design.md, "The web app under load").
# Taking only their path parameters and the request, they can be served by the fast lane.
read_record_body = body_up_to(MAX_BODY_BYTES)
PAIN = "Pain by region id, 0 (none) to 10"
ERRORS = {"application/json": {"schema": {"$ref": COMPONENTS + "Error"}}}


class SessionSummaryOut(BaseModel):
    """A session without its plan; `href` is where the whole session is."""

    id: str
    started: str = Field(description="ISO 8601, with the session's own offset")
    ended: str | None
    status: str = Field(description="completed or aborted")
    giver: str = Field(description="self, partner or device")
    step_count: int = Field(description="Steps in the session's plan")
    planned_seconds: int = Field(description="The plan's length")
    steps_done: list[int] = Field(description="Numbers of the steps done")
    pain_before: dict[RegionId, int] = Field(description=PAIN)
    pain_after: dict[RegionId, int] = Field(description=PAIN)
    soreness_next_day: int | None = Field(description="0 (none) to 10; null: not rated yet")
    note: str
    href: str = Field(description="The whole session, plan included")


class SessionRatingsOut(BaseModel):
    session_id: str
    pain_before: dict[RegionId, int] = Field(description=PAIN)
    pain_after: dict[RegionId, int] = Field(description=PAIN)
    soreness_next_day: int | None = Field(description="0 (none) to 10; null: not rated")


@dataclass(frozen=True)
class RatingsIn:
    """The ratings write's body, validated by backrub's own rules (the CLI's messages)."""

    pain_before: dict[RegionId, Score] = field(default_factory=dict)
    pain_after: dict[RegionId, Score] = field(default_factory=dict)
    soreness_next_day: Score | None = None


PAIN_SCHEMA = {
    "type": "object",
    "description": PAIN,
    "propertyNames": {"enum": list(REGIONS)},
    "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 10},
}
RATINGS_BODY = {
    "requestBody": {
        "required": True,
        "description": "Any of the three; each one given replaces that rating, the others "
        "are kept. `{}` clears a phase's pain ratings, null clears the soreness.",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "pain_before": PAIN_SCHEMA,
                        "pain_after": PAIN_SCHEMA,
                        "soreness_next_day": {
                            "type": ["integer", "null"],
                            "minimum": 0,
                            "maximum": 10,
                        },
                    },
                }
            }
        },
    }
}

router = APIRouter(prefix=API_PREFIX, tags=["account"])


@router.get("/me", summary="The signed-in account and its people")
def me(user: ApiUser, db: SessionDep) -> dict[str, Any]:
    people = accounts.owned_people(db=db, user_id=user.id)
    return {
        "id": user.id,
        "email": user.email,
        "people": [{"id": p.id, "name": p.name} for p in people],
    }


@router.get("/people/{person_id}", summary="A person's record, without sessions")
def person(person_id: str, user: ApiUser, db: SessionDep) -> dict[str, Any]:
    found = owned_person_or_404(db=db, user=user, person_id=person_id)
    return {
        "id": found.id,
        "name": found.name,
        "intake": found.intake.to_dict() if found.intake else None,
    }


@router.get(
    SESSIONS,
    summary="A person's last 50 sessions, newest first, without their plans",
    response_model=list[SessionSummaryOut],
    responses={404: {"description": "No such person in this account", "content": ERRORS}},
)
async def sessions(person_id: str, request: Request) -> Response:
    """Each session as its summary: times, status, steps, ratings and note. A plan is
    about 12 KB; `href` leads to the whole session."""
    user = await api_user(request)  # see BUSIEST
    store: Store = request.app.state.store
    listed = await in_journal(store, lambda: _listing(store.driver, user, person_id))
    if listed is None:
        raise NotFound("person_id")
    return Response(listed, media_type="application/json")


def _listing(driver: Driver, user: UserRecord, person_id: str) -> str | None:
    href = f"{API_PREFIX}/people/{person_id}/sessions/"
    with driver.reading() as cursor:
        return ratings.session_listing(
            driver, cursor, user_id=user.id, person_id=person_id, href=href, limit=SESSIONS_LISTED
        )


@router.put(
    RATINGS,
    summary="Rate a session: pain before and after, next-day soreness",
    response_model=SessionRatingsOut,
    openapi_extra=RATINGS_BODY,
    responses={
        404: {"description": "No such session in this account", "content": ERRORS},
        413: {"description": "Body too large", "content": ERRORS},
        422: {"description": "Bad input, naming the field", "content": ERRORS},
    },
)
async def rate(person_id: str, session_id: str, request: Request) -> JSONResponse:
    """The ratings given replace those stored; the answer is all of the session's ratings."""
    user = await api_user(request)  # see BUSIEST
    body = await read_record_body(request)
    store: Store = request.app.state.store
    writes: GroupCommit = request.app.state.journal_writes
    given = loads(dict[str, Any], body)  # not an object: 422 naming `body`
    valid = parse(RatingsIn, given)
    found = await writes.run(
        lambda cursor: ratings.rate_session(
            store.driver,
            cursor,
            user_id=user.id,
            person_id=person_id,
            session_id=session_id,
            pain_before=valid.pain_before if "pain_before" in given else None,
            pain_after=valid.pain_after if "pain_after" in given else None,
            soreness_next_day=(
                valid.soreness_next_day if "soreness_next_day" in given else ratings.KEEP
            ),
        ),
    )
    if found is None:
        raise NotFound("session_id")
    return JSONResponse(found.to_dict())
