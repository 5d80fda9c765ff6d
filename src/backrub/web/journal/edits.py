"""Changing and deleting what was recorded, from the journal's pages.

A session's ratings and note, and a whole check-in, each with a form filled in with
what is stored; deleting asks first, on a page of its own (a POST with the CSRF
token; "Keep it" goes back). Only the own person's records: another account's id
is a 404, exactly as for one that does not exist. Included in `routes.router`.
"""

from __future__ import annotations

import datetime

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from backrub.contract.records import CheckinRecord, PersonRecord, SessionRecord
from backrub.contract.validation import ValidationError
from backrub.journal import owned
from backrub.web.auth import CurrentUser, NotFound, OwnPerson
from backrub.web.deps import KnowledgeDep, SessionDep, TemplatesDep
from backrub.web.journal import edit_views, forms, views
from backrub.web.pages import PostedForm, show

router = APIRouter()


def own_session(
    db: Session, user: CurrentUser, person: PersonRecord, session_id: str
) -> SessionRecord:
    """The session, only when it is the own person's: 404 otherwise, as for none at all."""
    found = owned.owned_session(db=db, user_id=user.id, person_id=person.id, session_id=session_id)
    if found is None:
        raise NotFound("session_id")
    return found


def _checkin(
    db: Session, user: CurrentUser, person: PersonRecord, checkin_id: str
) -> CheckinRecord:
    found = owned.owned_checkin(db=db, user_id=user.id, person_id=person.id, checkin_id=checkin_id)
    if found is None:
        raise NotFound("checkin_id")
    return found


def _to_journal(notice: str, day: datetime.date, anchor: str = "") -> RedirectResponse:
    url = f"/journal?notice={notice}&on={day.isoformat()}{anchor}"
    return RedirectResponse(url, status_code=303)


# A session's ratings and note


@router.get("/journal/sessions/{session_id}/edit")
def edit_session_form(
    session_id: str,
    request: Request,
    templates: TemplatesDep,
    db: SessionDep,
    kb: KnowledgeDep,
    user: CurrentUser,
    person: OwnPerson,
) -> Response:
    session = own_session(db, user, person, session_id)
    return show(templates, request, edit_views.session_edit_page(kb, session))


@router.post("/journal/sessions/{session_id}/edit")
def edit_session(
    session_id: str,
    request: Request,
    templates: TemplatesDep,
    db: SessionDep,
    kb: KnowledgeDep,
    user: CurrentUser,
    person: OwnPerson,
    form: PostedForm,
) -> Response:
    """Keep the changed ratings and note; a refused answer shows the form again (422)."""
    session = own_session(db, user, person, session_id)
    try:
        notes = forms.session_notes(form, edit_views.session_regions(session))
        owned.edit_owned_session(
            db=db, user_id=user.id, person_id=person.id, session_id=session.id, notes=notes
        )
    except (forms.FormErrors, ValidationError) as refused:
        errors = (
            refused.errors
            if isinstance(refused, forms.FormErrors)
            else {refused.path: refused.message}
        )
        answers = {key: value for key, value in form.items() if isinstance(value, str)}
        page = edit_views.session_edit_page(kb, session, answers=answers, errors=errors)
        return show(templates, request, page, status_code=422)
    return RedirectResponse(f"/journal/sessions/{session.id}?kept=changes", status_code=303)


@router.get("/journal/sessions/{session_id}/delete")
def confirm_session_delete(
    session_id: str,
    request: Request,
    templates: TemplatesDep,
    db: SessionDep,
    user: CurrentUser,
    person: OwnPerson,
) -> Response:
    page = edit_views.confirm_session_delete(own_session(db, user, person, session_id))
    return show(templates, request, page)


@router.post("/journal/sessions/{session_id}/delete")
def delete_session(
    session_id: str, db: SessionDep, user: CurrentUser, person: OwnPerson
) -> Response:
    session = own_session(db, user, person, session_id)
    owned.delete_owned_session(db=db, user_id=user.id, person_id=person.id, session_id=session.id)
    return _to_journal("session-deleted", session.date)


# A check-in


@router.get("/journal/checkins/{checkin_id}/edit")
def edit_checkin_form(
    checkin_id: str,
    request: Request,
    templates: TemplatesDep,
    db: SessionDep,
    user: CurrentUser,
    person: OwnPerson,
) -> Response:
    checkin = _checkin(db, user, person, checkin_id)
    page = views.checkin_page(
        forms.answers_of(checkin), today=datetime.date.today(), checkin_id=checkin.id
    )
    return show(templates, request, page)


@router.post("/journal/checkins/{checkin_id}/edit")
def edit_checkin(
    checkin_id: str,
    request: Request,
    templates: TemplatesDep,
    db: SessionDep,
    user: CurrentUser,
    person: OwnPerson,
    form: PostedForm,
) -> Response:
    """Checked as a new check-in is (the date from 1900 to tomorrow); then the journal."""
    checkin = _checkin(db, user, person, checkin_id)
    answers = forms.checkin_answers(form)
    today = datetime.date.today()
    try:
        entry = forms.checkin_record(answers, today=today, checkin_id=checkin.id)
        owned.edit_owned_checkin(db=db, user_id=user.id, person_id=person.id, entry=entry)
    except forms.FormErrors as refused:
        page = views.checkin_page(
            answers, today=today, errors=refused.errors, checkin_id=checkin.id
        )
        return show(templates, request, page, status_code=422)
    return _to_journal("checkin-changed", entry.date, f"#checkin-{entry.id}")


@router.get("/journal/checkins/{checkin_id}/delete")
def confirm_checkin_delete(
    checkin_id: str,
    request: Request,
    templates: TemplatesDep,
    db: SessionDep,
    user: CurrentUser,
    person: OwnPerson,
) -> Response:
    page = edit_views.confirm_checkin_delete(_checkin(db, user, person, checkin_id))
    return show(templates, request, page)


@router.post("/journal/checkins/{checkin_id}/delete")
def delete_checkin(
    checkin_id: str, db: SessionDep, user: CurrentUser, person: OwnPerson
) -> Response:
    checkin = _checkin(db, user, person, checkin_id)
    owned.delete_owned_checkin(db=db, user_id=user.id, person_id=person.id, checkin_id=checkin.id)
    return _to_journal("checkin-deleted", checkin.date)
