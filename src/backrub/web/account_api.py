"""The signed-in part of `/api/v1`: a person's record, sessions and ratings.

Every route takes `ApiUser` (a bearer token, or the session cookie with an
X-CSRF-Token header for writes) and loads objects only through the owner
checks in `auth`, so another account's ids answer 404, never 403.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from backrub.journal import accounts_repository as accounts
from backrub.journal import repository as repo
from backrub.web.api import API_PREFIX
from backrub.web.auth import ApiUser, SessionDep, owned_person_or_404, owned_session_or_404

SESSIONS_LISTED = 50


class SorenessIn(BaseModel):
    value: int = Field(ge=0, le=10, description="Next-day soreness, 0 (none) to 10")


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


@router.get("/people/{person_id}/sessions", summary="A person's last 50 sessions, newest first")
def sessions(person_id: str, user: ApiUser, db: SessionDep) -> list[dict[str, Any]]:
    owned_person_or_404(db=db, user=user, person_id=person_id)
    listed = accounts.last_sessions(db=db, person_id=person_id, limit=SESSIONS_LISTED)
    return [entry.to_dict() for entry in listed]


@router.post(
    "/people/{person_id}/sessions/{session_id}/soreness",
    summary="Rate next-day soreness for a session",
)
def soreness(
    person_id: str, session_id: str, body: SorenessIn, user: ApiUser, db: SessionDep
) -> dict[str, Any]:
    owned_session_or_404(db=db, user=user, person_id=person_id, session_id=session_id)
    repo.set_soreness(db=db, session_id=session_id, value=body.value)
    return {"session_id": session_id, "soreness_next_day": body.value}
