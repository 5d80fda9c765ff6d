"""Tip pages: share, edit, delete and report a tip on a guide; the moderators' queue.

Every POST carries its CSRF token (`require_csrf` on the router, see `create_app`).
Sharing a tip from the web asks for the ALTCHA proof of work and an empty honeypot
(`spam.verify_human`) and counts against the same hourly limits as the API
(`spam.check_tip_limit`); a refusal shows on the guide's form with the words kept.
Another reader's tip answers 404, as a tip that does not exist (`journal.tips`).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from backrub.contract.validation import ValidationError
from backrub.guides import GUIDE_KINDS, guide_at
from backrub.guides.markup import check_tip_body
from backrub.journal import tips
from backrub.journal.accounts import UserRecord
from backrub.journal.tips import TipError, TipNotFound, TipRecord
from backrub.web import spam
from backrub.web.accounts.views import MessagePage
from backrub.web.auth import CurrentUser, NotFound
from backrub.web.deps import KnowledgeDep, SessionDep, TemplatesDep
from backrub.web.guides import views as guide_views
from backrub.web.journal.edit_views import ConfirmDeletePage
from backrub.web.pages import PostedForm, render
from backrub.web.tips import views
from backrub.web.tips.forms import decision_form, text
from backrub.web.tips.section import guide_tips

router = APIRouter()
NOT_A_MODERATOR = "Only moderators can see the tips waiting for approval."


def _own_tip(db: SessionDep, user: UserRecord, tip_id: str) -> TipRecord:
    tip = tips.find_tip(db=db, tip_id=tip_id)
    if tip is None or tip.author_id != user.id:
        raise NotFound("tip_id")
    return tip


@router.post("/guides/{kinds}/{guide_id}/tips")
def share(
    request: Request,
    templates: TemplatesDep,
    kb: KnowledgeDep,
    db: SessionDep,
    user: CurrentUser,
    form: PostedForm,
    kinds: str,
    guide_id: str,
) -> Response:
    """A new tip, waiting for a moderator; a refusal shows on the guide's form."""
    found = guide_at(kb, kinds, guide_id)
    if found is None:
        raise NotFound("guide_id")
    kind = GUIDE_KINDS[kinds]
    body = text(form, "body")
    status, problem, retry = 422, None, None
    try:
        check_tip_body(body)
    except ValidationError as error:
        problem = f"Your tip: {error.message}."
    if problem is None:
        problem = spam.verify_human(db, form)
    if problem is None:
        try:
            spam.check_tip_limit(request, db, user.id)
        except spam.TooMany as refused:
            status, problem = 429, str(refused.detail)
            retry = (refused.headers or {}).get("Retry-After")
    if problem is None:
        try:
            tips.post_tip(db=db, author_id=user.id, kind=kind, guide_id=guide_id, body=body)
        except TipError as error:
            problem = f"Your tip: {error.message}."
    if problem is not None:
        section = guide_tips(
            db=db, kind=kind, guide_id=guide_id, viewer_id=user.id, draft=body, error=problem
        )
        response = render(templates, request, guide_views.guide_page(found, section), status)
        if retry:
            response.headers["Retry-After"] = retry
        return response
    back = views.guide_url(kind, guide_id) + "#tips"
    page = MessagePage(
        title="Tip sent",
        heading="Thank you: your tip waits for approval",
        message="A moderator reads every tip before others can see it. Until then it is on "
        "the guide for you alone, marked “Waiting for approval”.",
        link=back,
        link_text="Back to the guide",
    )
    return render(templates, request, page)


@router.get("/tips/{tip_id}/edit")
def edit_form(
    request: Request,
    templates: TemplatesDep,
    kb: KnowledgeDep,
    db: SessionDep,
    user: CurrentUser,
    tip_id: str,
) -> Response:
    tip = _own_tip(db, user, tip_id)
    return render(templates, request, views.edit_page(kb, tip, viewer_id=user.id))


@router.post("/tips/{tip_id}/edit")
def edit(
    request: Request,
    templates: TemplatesDep,
    kb: KnowledgeDep,
    db: SessionDep,
    user: CurrentUser,
    form: PostedForm,
    tip_id: str,
) -> Response:
    """The new words; the tip waits for a moderator again."""
    tip = _own_tip(db, user, tip_id)
    body = text(form, "body")
    try:
        tips.edit_tip(db=db, user_id=user.id, tip_id=tip_id, body=body)
    except TipNotFound:
        raise NotFound("tip_id") from None
    except TipError as error:
        page = views.edit_page(
            kb, tip, viewer_id=user.id, body=body, error=f"Your tip: {error.message}."
        )
        return render(templates, request, page, status_code=422)
    return RedirectResponse(views.guide_url(tip.kind, tip.guide_id) + "#tips", status_code=303)


@router.get("/tips/{tip_id}/delete")
def delete_form(
    request: Request,
    templates: TemplatesDep,
    kb: KnowledgeDep,
    db: SessionDep,
    user: CurrentUser,
    tip_id: str,
) -> Response:
    tip = _own_tip(db, user, tip_id)
    start = " ".join(tip.body.split())
    page = ConfirmDeletePage(
        title="Delete your tip",
        question=f"Delete your tip on {views.guide_title(kb, tip.kind, tip.guide_id)}?",
        details=f"“{start[:120]}{'…' if len(start) > 120 else ''}” It cannot be undone.",
        action=f"/tips/{tip.id}/delete",
        back=views.guide_url(tip.kind, tip.guide_id) + "#tips",
    )
    return render(templates, request, page)


@router.post("/tips/{tip_id}/delete")
def delete(db: SessionDep, user: CurrentUser, tip_id: str) -> Response:
    tip = _own_tip(db, user, tip_id)
    tips.delete_tip(db=db, user_id=user.id, tip_id=tip_id)
    return RedirectResponse(views.guide_url(tip.kind, tip.guide_id) + "#tips", status_code=303)


@router.post("/tips/{tip_id}/report")
def report(
    request: Request, templates: TemplatesDep, db: SessionDep, user: CurrentUser, tip_id: str
) -> Response:
    """A reader's report: the tip goes back to the queue until a moderator looks again."""
    try:
        tip = tips.report_tip(db=db, reporter_id=user.id, tip_id=tip_id)
    except TipNotFound:
        raise NotFound("tip_id") from None
    except TipError as error:
        raise HTTPException(403, f"{error.message[:1].upper()}{error.message[1:]}.") from None
    page = MessagePage(
        title="Tip reported",
        heading="Thanks: a moderator will look at it again",
        message="Until a moderator has read it again, the tip is not shown to anyone.",
        link=views.guide_url(tip.kind, tip.guide_id) + "#tips",
        link_text="Back to the guide",
    )
    return render(templates, request, page)


def _moderation(
    db: SessionDep, kb: KnowledgeDep, user: UserRecord, refused: tuple[str, str, str]
) -> views.ModerationPage:
    log = tips.decisions(db=db)[-views.LOG_LINES :]
    found = {d.tip_id: tips.find_tip(db=db, tip_id=d.tip_id) for d in log}
    return views.moderation_page(
        kb,
        queue=tips.tip_queue(db=db),
        log=[(d, found[d.tip_id]) for d in log],
        viewer_id=user.id,
        refused=refused,
    )


@router.get("/moderation")
def moderation(
    request: Request, templates: TemplatesDep, kb: KnowledgeDep, db: SessionDep, user: CurrentUser
) -> Response:
    """The queue, the longest waiting first, and the latest decisions: moderators only."""
    if not user.moderator:
        raise HTTPException(403, NOT_A_MODERATOR)
    return render(templates, request, _moderation(db, kb, user, ("", "", "")))


@router.post("/moderation/tips/{tip_id}")
def decide(
    request: Request,
    templates: TemplatesDep,
    kb: KnowledgeDep,
    db: SessionDep,
    user: CurrentUser,
    form: PostedForm,
    tip_id: str,
) -> Response:
    """Approve or reject (with a reason its author will read); back to the queue."""
    chosen = decision_form(form)
    try:
        tips.decide_tip(
            db=db, moderator=user, tip_id=tip_id, decision=chosen.decision, reason=chosen.reason
        )
    except TipNotFound:
        raise NotFound("tip_id") from None
    except tips.NotModerator:
        raise HTTPException(403, NOT_A_MODERATOR) from None
    except TipError as error:
        if isinstance(error, tips.OwnTip):
            raise HTTPException(403, "This is your own tip: another moderator decides.") from None
        refused = (tip_id, f"{error.message[:1].upper()}{error.message[1:]}.", chosen.reason)
        page = _moderation(db, kb, user, refused)
        return render(templates, request, page, status_code=422)
    return RedirectResponse("/moderation", status_code=303)
