"""Changing and deleting what was recorded: `PATCH` and `DELETE` on one session or check-in.

What `backrub log --edit/--delete` and `backrub checkin --edit/--delete` do, for
the signed-in account's people. A session's ratings and note may change, a
check-in's answers and date; another account's ids answer 404, exactly like
unknown ones, and change nothing. Included in `journal.router` (its prefix).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from backrub.contract.records import CheckinRecord, SessionRecord
from backrub.contract.validation import loads, parse
from backrub.journal import owned
from backrub.journal.entries import SessionNotes
from backrub.web.api import openapi
from backrub.web.api.bodies import (
    CheckinChanges,
    MsgspecResponse,
    RecordBody,
    SessionChanges,
    given,
)
from backrub.web.auth import ApiUser, NotFound
from backrub.web.deps import SessionDep

MODELS = (SessionChanges, CheckinChanges)
SESSION = "/people/{person_id}/sessions/{session_id}"
CHECKIN = "/people/{person_id}/checkins/{checkin_id}"
REFUSALS = {
    401: "Not signed in, and no bearer token",
    403: "Signed in with the cookie, without the X-CSRF-Token header",
    404: "No such record in this account (another account's ids answer the same)",
}

router = APIRouter(tags=["journal"])


def _changed(model: type[Any], description: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: openapi.answer(model, description),
        **openapi.errors(
            {**REFUSALS, 413: "Body too large", 422: "Bad input, naming the field; nothing changed"}
        ),
    }


def _deleted(record: str) -> dict[int | str, dict[str, Any]]:
    return {204: {"description": f"The {record} is deleted"}, **openapi.errors(REFUSALS)}


@router.patch(
    SESSION,
    summary="Change a session's ratings and note",
    response_class=MsgspecResponse,
    openapi_extra=openapi.body(SessionChanges, "The ratings or note to replace"),
    responses=_changed(SessionRecord, "The session as stored now"),
)
def edit_session(
    person_id: str, session_id: str, user: ApiUser, db: SessionDep, body: RecordBody
) -> Response:
    """The fields given replace those stored; the answer is the whole session."""
    found = owned.owned_session(db=db, user_id=user.id, person_id=person_id, session_id=session_id)
    if found is None:
        raise NotFound("session_id")
    notes = replace(SessionNotes.of(found), **given(loads(SessionChanges, body)))
    changed = owned.edit_owned_session(
        db=db, user_id=user.id, person_id=person_id, session_id=session_id, notes=notes
    )
    if changed is None:  # pragma: no cover - found above, in the same transaction
        raise NotFound("session_id")
    return MsgspecResponse(changed.to_dict())


@router.delete(SESSION, summary="Delete a session", status_code=204, responses=_deleted("session"))
def delete_session(person_id: str, session_id: str, user: ApiUser, db: SessionDep) -> Response:
    if not owned.delete_owned_session(
        db=db, user_id=user.id, person_id=person_id, session_id=session_id
    ):
        raise NotFound("session_id")
    return Response(status_code=204)


@router.patch(
    CHECKIN,
    summary="Change a check-in's answers or date",
    response_class=MsgspecResponse,
    openapi_extra=openapi.body(CheckinChanges, "The answers to replace"),
    responses=_changed(CheckinRecord, "The check-in as stored now"),
)
def edit_checkin(
    person_id: str, checkin_id: str, user: ApiUser, db: SessionDep, body: RecordBody
) -> Response:
    """The fields given replace those stored, checked as a new check-in's are."""
    found = owned.owned_checkin(db=db, user_id=user.id, person_id=person_id, checkin_id=checkin_id)
    if found is None:
        raise NotFound("checkin_id")
    entry = parse(CheckinRecord, {**found.to_dict(), **given(loads(CheckinChanges, body))})
    changed = owned.edit_owned_checkin(db=db, user_id=user.id, person_id=person_id, entry=entry)
    if changed is None:  # pragma: no cover - found above, in the same transaction
        raise NotFound("checkin_id")
    return MsgspecResponse(changed)


@router.delete(
    CHECKIN, summary="Delete a check-in", status_code=204, responses=_deleted("check-in")
)
def delete_checkin(person_id: str, checkin_id: str, user: ApiUser, db: SessionDep) -> Response:
    if not owned.delete_owned_checkin(
        db=db, user_id=user.id, person_id=person_id, checkin_id=checkin_id
    ):
        raise NotFound("checkin_id")
    return Response(status_code=204)
