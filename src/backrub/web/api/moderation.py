"""The moderation queue in the JSON API, for moderators only (anyone else gets 403).

A decision is logged by `journal.tips.decide_tip` (who, when, what, why); a rejection
needs a reason, which the tip's author reads. Nobody decides their own tip.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from fastapi import APIRouter
from fastapi.responses import Response

from backrub.contract.validation import loads
from backrub.journal import tips
from backrub.journal.accounts import UserRecord
from backrub.journal.tips import TipError
from backrub.web.api import openapi
from backrub.web.api.bodies import API_PREFIX, MsgspecResponse, RecordBody
from backrub.web.api.tips import Refused, TipOut, answer_error, tip_out
from backrub.web.auth import ApiUser
from backrub.web.deps import SessionDep

REASON = "Why: 1 to 500 characters for a rejection (its author reads it); may be empty to approve"


class DecisionIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    decision: Literal["approve", "reject"]
    reason: Annotated[str, msgspec.Meta(description=REASON)] = ""


class QueuedTip(TipOut):
    """A tip waiting for a decision, with how many readers reported it."""

    reports: int = 0


MODELS = (DecisionIn, list[QueuedTip])
router = APIRouter(prefix=API_PREFIX, tags=["moderation"])
NOT_MODERATOR = "Not a moderator"


def moderator_or_403(user: UserRecord) -> None:
    if not user.moderator:
        raise Refused("authorization", "only moderators can see the queue and decide tips")


@router.get(
    "/moderation/queue",
    summary="Tips waiting for a moderator, the longest waiting first",
    response_class=MsgspecResponse,
    responses={
        200: openapi.answer(list[QueuedTip], "Pending tips, each with its report count"),
        **openapi.errors({401: "Sign in first: a bearer token", 403: NOT_MODERATOR}),
    },
)
def queue(user: ApiUser, db: SessionDep) -> Response:
    moderator_or_403(user)
    queued = [
        QueuedTip(**msgspec.structs.asdict(tip_out(tip)), reports=tip.reports)
        for tip in tips.tip_queue(db=db)
    ]
    return MsgspecResponse(queued)


@router.post(
    "/moderation/tips/{tip_id}",
    summary="Approve or reject a tip",
    response_class=MsgspecResponse,
    openapi_extra=openapi.body(DecisionIn, "The decision and why"),
    responses={
        200: openapi.answer(TipOut, "The tip as decided"),
        **openapi.errors(
            {
                401: "Sign in first: a bearer token",
                403: "Not a moderator, or your own tip",
                404: "No such tip",
                413: "Body too large",
                422: "Bad input, naming the field",
            }
        ),
    },
)
def decide(tip_id: str, user: ApiUser, db: SessionDep, body: RecordBody) -> Response:
    moderator_or_403(user)
    given = loads(DecisionIn, body)
    try:
        tip = tips.decide_tip(
            db=db, moderator=user, tip_id=tip_id, decision=given.decision, reason=given.reason
        )
    except TipError as error:
        raise answer_error(error) from None
    return MsgspecResponse(tip_out(tip))
