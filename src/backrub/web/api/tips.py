"""Readers' tips in the JSON API: a guide's published tips for anyone; posting, editing,
deleting and reporting for a signed-in reader (a bearer token, or the cookie with the
X-CSRF-Token header).

A new or edited tip waits for a moderator (`web/api/moderation.py`). Another reader's
tip answers 404 to an edit or delete, exactly as an id that does not exist. No answer
carries an author's email: `author` is a label that tells tips apart, nobody's name.
Posts share the web form's limits (`web.spam.check_tip_limit`), counted before the tip
is written.
"""

from __future__ import annotations

import datetime
from typing import Annotated

import msgspec
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from backrub.contract.validation import ValidationError, loads
from backrub.guides import GUIDE_KINDS, find_guide
from backrub.guides.markup import check_tip_body, render_tip
from backrub.journal import tips
from backrub.journal.tips import TipError, TipNotFound, TipRecord
from backrub.web import spam
from backrub.web.api import openapi
from backrub.web.api.bodies import API_PREFIX, MsgspecResponse, RecordBody
from backrub.web.auth import ApiUser, NotFound
from backrub.web.deps import KnowledgeDep, SessionDep

GUIDE_TIPS = "/guides/{kinds}/{guide_id}/tips"
BODY = "The tip: 1 to 2,000 characters; *emphasis*, **strong**, lists and [links](https://…)"


class TipIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    body: Annotated[str, msgspec.Meta(description=BODY)]


class TipOut(msgspec.Struct):
    """A tip as stored (`body`) and as a page shows it (`html`, already cleaned).
    `status` is pending, approved or rejected; `reason` is a rejection's."""

    id: str
    kind: str
    guide_id: str
    author: str
    body: str
    html: str
    status: str
    created: datetime.datetime
    updated: datetime.datetime
    reason: str | None


MODELS = (TipIn, TipOut, list[TipOut])
router = APIRouter(prefix=API_PREFIX, tags=["tips"])


class Refused(HTTPException):
    """403 in the API's error shape, naming the field and saying why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(403, message)
        self.field = field


def utc(moment: datetime.datetime) -> datetime.datetime:
    """The journal's naive UTC, said as UTC (`Z`) in JSON."""
    return moment.replace(tzinfo=datetime.UTC)


def tip_out(tip: TipRecord) -> TipOut:
    return TipOut(
        id=tip.id,
        kind=tip.kind,
        guide_id=tip.guide_id,
        author=tip.author_label,
        body=tip.body,
        html=render_tip(tip.body),
        status=tip.status,
        created=utc(tip.created),
        updated=utc(tip.updated),
        reason=tip.reason,
    )


def guide_or_404(kb: KnowledgeDep, kinds: str, guide_id: str) -> str:
    """The guide's kind (`technique`) for its plural in the address (`techniques`)."""
    kind = GUIDE_KINDS.get(kinds)
    if kind is None:
        raise NotFound("kinds")
    if find_guide(kb, kind, guide_id) is None:
        raise NotFound("guide_id")
    return kind


def answer_error(error: TipError) -> Exception:
    """A refusal from the repository as the API says it: 404 for a tip that is not there
    for this reader, 403 for one's own, 422 for a bad value (naming its field)."""
    if isinstance(error, TipNotFound):
        return NotFound("tip_id")
    if isinstance(error, tips.OwnTip | tips.NotModerator):
        return Refused(error.field, error.message)
    return ValidationError(error.field, error.message)


@router.get(
    GUIDE_TIPS,
    summary="A guide's published tips, oldest first",
    response_class=MsgspecResponse,
    responses={
        200: openapi.answer(list[TipOut], "Approved tips only; anyone may read them"),
        **openapi.errors({404: "No such kind (techniques, regions, tools) or guide"}),
    },
)
def guide_tips(kinds: str, guide_id: str, kb: KnowledgeDep, db: SessionDep) -> Response:
    kind = guide_or_404(kb, kinds, guide_id)
    return MsgspecResponse(
        [tip_out(t) for t in tips.approved_tips(db=db, kind=kind, guide_id=guide_id)]
    )


@router.post(
    GUIDE_TIPS,
    summary="Post a tip on a guide; it waits for a moderator",
    status_code=201,
    response_class=MsgspecResponse,
    openapi_extra=openapi.body(TipIn, "The tip's words"),
    responses={
        201: openapi.answer(TipOut, "The tip, pending until a moderator approves it"),
        **openapi.errors(
            {
                401: "Sign in first: a bearer token",
                404: "No such kind or guide",
                413: "Body too large",
                422: "Bad input, naming the field",
                429: "Too many tips lately; Retry-After says when to try again",
            }
        ),
    },
)
def post_tip(
    kinds: str,
    guide_id: str,
    request: Request,
    user: ApiUser,
    kb: KnowledgeDep,
    db: SessionDep,
    body: RecordBody,
) -> Response:
    """Checked before it counts against the limits: a refused body costs nothing."""
    given = loads(TipIn, body)
    kind = guide_or_404(kb, kinds, guide_id)
    words = check_tip_body(given.body)
    spam.check_tip_limit(request, db, user.id)
    try:
        tip = tips.post_tip(db=db, author_id=user.id, kind=kind, guide_id=guide_id, body=words)
    except TipError as error:
        raise answer_error(error) from None
    return MsgspecResponse(tip_out(tip), status_code=201)


@router.get(
    "/tips/mine",
    summary="Your tips, in every status, with a rejection's reason",
    response_class=MsgspecResponse,
    responses={
        200: openapi.answer(list[TipOut], "Oldest first"),
        **openapi.errors({401: "Sign in first: a bearer token"}),
    },
)
def my_tips(user: ApiUser, db: SessionDep) -> Response:
    return MsgspecResponse([tip_out(t) for t in tips.own_tips(db=db, user_id=user.id)])


@router.patch(
    "/tips/{tip_id}",
    summary="Change your tip's words; it waits for a moderator again",
    response_class=MsgspecResponse,
    openapi_extra=openapi.body(TipIn, "The tip's new words"),
    responses={
        200: openapi.answer(TipOut, "The tip, pending again"),
        **openapi.errors(
            {
                401: "Sign in first: a bearer token",
                404: "No such tip among yours",
                413: "Body too large",
                422: "Bad input, naming the field",
            }
        ),
    },
)
def edit_tip(tip_id: str, user: ApiUser, db: SessionDep, body: RecordBody) -> Response:
    given = loads(TipIn, body)
    try:
        tip = tips.edit_tip(db=db, user_id=user.id, tip_id=tip_id, body=given.body)
    except TipError as error:
        raise answer_error(error) from None
    return MsgspecResponse(tip_out(tip))


@router.delete(
    "/tips/{tip_id}",
    summary="Delete your tip",
    status_code=204,
    responses=openapi.errors(
        {401: "Sign in first: a bearer token", 404: "No such tip among yours"}
    ),
)
def delete_tip(tip_id: str, user: ApiUser, db: SessionDep) -> Response:
    try:
        tips.delete_tip(db=db, user_id=user.id, tip_id=tip_id)
    except TipError as error:
        raise answer_error(error) from None
    return Response(status_code=204)


@router.post(
    "/tips/{tip_id}/report",
    summary="Report a published tip; a moderator looks at it again",
    status_code=204,
    responses=openapi.errors(
        {
            401: "Sign in first: a bearer token",
            403: "Your own tip: edit or delete it instead",
            404: "No such published tip",
        }
    ),
)
def report_tip(tip_id: str, user: ApiUser, db: SessionDep) -> Response:
    """Reporting the same tip twice changes nothing and is no error."""
    try:
        tips.report_tip(db=db, reporter_id=user.id, tip_id=tip_id)
    except TipError as error:
        raise answer_error(error) from None
    return Response(status_code=204)
