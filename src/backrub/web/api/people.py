"""The signed-in part of `/api/v1`: the account, a person's record, their sessions listed,
and ratings.

Every route asks `api_user` who is calling (a bearer token, or the session
cookie with an X-CSRF-Token header for writes) and loads objects only through
the owner checks, so another account's ids answer 404, never 403.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from fastapi import APIRouter
from fastapi.responses import Response
from msgspec import UNSET, UnsetType

from backrub.contract.ids import RegionId
from backrub.contract.intake import Intake
from backrub.contract.records import Score
from backrub.contract.validation import loads
from backrub.journal import accounts
from backrub.journal.accounts import SessionRatings, SessionSummary
from backrub.web.api import openapi
from backrub.web.api.bodies import API_PREFIX, MsgspecResponse, RecordBody
from backrub.web.auth import ApiUser, NotFound, owned_person_or_404
from backrub.web.deps import SessionDep

SESSIONS_LISTED = 50
SESSIONS = "/people/{person_id}/sessions"
RATINGS = "/people/{person_id}/sessions/{session_id}/ratings"
PAIN = "Pain by region id, 0 (none) to 10"
Pain = Annotated[dict[RegionId, Score], msgspec.Meta(description=PAIN)]


class PersonName(msgspec.Struct):
    id: str
    name: str


class Account(msgspec.Struct):
    """The signed-in account and the people it owns."""

    id: str
    email: str
    people: list[PersonName]


class Person(msgspec.Struct):
    """A person's record without sessions; `intake` is null until answers are saved."""

    id: str
    name: str
    intake: Intake | None


class RatingsIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Any of the three; each one given replaces that rating, the others are kept. `{}`
    clears a phase's pain ratings, null clears the soreness."""

    pain_before: Pain | UnsetType = UNSET
    pain_after: Pain | UnsetType = UNSET
    soreness_next_day: Score | None | UnsetType = UNSET


MODELS = (Account, Person, list[SessionSummary], RatingsIn, SessionRatings)
router = APIRouter(prefix=API_PREFIX, tags=["account"])


@router.get(
    "/me",
    summary="The signed-in account and its people",
    response_class=MsgspecResponse,
    responses={200: openapi.answer(Account, "The account")},
)
def me(user: ApiUser, db: SessionDep) -> Response:
    people = accounts.owned_people(db=db, user_id=user.id)
    listed = [PersonName(p.id, p.name) for p in people]
    return MsgspecResponse(Account(user.id, user.email, listed))


@router.get(
    "/people/{person_id}",
    summary="A person's record, without sessions",
    response_class=MsgspecResponse,
    responses={
        200: openapi.answer(Person, "The person"),
        **openapi.errors({404: "No such person in this account"}),
    },
)
def person(person_id: str, user: ApiUser, db: SessionDep) -> Response:
    found = owned_person_or_404(db=db, user=user, person_id=person_id)
    return MsgspecResponse(Person(found.id, found.name, found.intake))


@router.get(
    SESSIONS,
    summary="A person's last 50 sessions, newest first, without their plans",
    response_class=MsgspecResponse,
    responses={
        200: openapi.answer(list[SessionSummary], "The sessions, newest first"),
        **openapi.errors({404: "No such person in this account"}),
    },
)
def sessions(person_id: str, user: ApiUser, db: SessionDep) -> Response:
    """Each session as its summary: times, status, steps, ratings and note. A plan is
    about 12 KB; `href` leads to the whole session."""
    listed = accounts.recent_sessions(
        db=db,
        user_id=user.id,
        person_id=person_id,
        limit=SESSIONS_LISTED,
        href_prefix=f"{API_PREFIX}/people/{person_id}/sessions/",
    )
    if listed is None:
        raise NotFound("person_id")
    return MsgspecResponse(listed)


@router.put(
    RATINGS,
    summary="Rate a session: pain before and after, next-day soreness",
    response_class=MsgspecResponse,
    openapi_extra=openapi.body(RatingsIn, "The ratings to replace"),
    responses={
        200: openapi.answer(SessionRatings, "All of the session's ratings, as stored now"),
        **openapi.errors(
            {
                404: "No such session in this account",
                413: "Body too large",
                422: "Bad input, naming the field",
            }
        ),
    },
)
def rate(
    person_id: str, session_id: str, user: ApiUser, db: SessionDep, body: RecordBody
) -> Response:
    """The ratings given replace those stored; the answer is all of the session's ratings."""
    given = loads(RatingsIn, body)  # not an object: 422 naming `body`
    found = accounts.set_ratings(
        db=db,
        user_id=user.id,
        person_id=person_id,
        session_id=session_id,
        pain_before=given.pain_before,
        pain_after=given.pain_after,
        soreness_next_day=given.soreness_next_day,
    )
    if found is None:
        raise NotFound("session_id")
    return MsgspecResponse(found)
