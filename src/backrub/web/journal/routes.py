"""The journal pages: journal, session, soreness, check-in, export and import, profile
and settings (changing and deleting sessions and check-ins: `edits`).

Every page acts on the signed-in account's own person (`OwnPerson`; signed out, a
redirect to /signin). Handlers fetch records and hand them to one builder in
`views` or `accounts.profile`; `Accept: application/json` answers the same data as
JSON (`pages.show`). Forms are read by `forms`; a refused answer shows the page
again with the field named, status 422, and nothing stored.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from backrub.contract.records import PersonRecord
from backrub.contract.validation import ValidationError, small_integer
from backrub.exchange.formats import EXPORT_FILES
from backrub.journal import owned
from backrub.journal.entries import add_checkin, set_soreness
from backrub.journal.people import rename_person
from backrub.web.accounts import profile as profile_views
from backrub.web.auth import CurrentUser, OwnPerson
from backrub.web.deps import KnowledgeDep, SessionDep, TemplatesDep
from backrub.web.journal import edit_views, edits, forms, views
from backrub.web.pages import PostedForm, show

router = APIRouter()
router.include_router(edits.router)  # changing and deleting sessions and check-ins
FormText = Annotated[str, Form()]


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


# The journal and its sessions


def _journal(
    db: Session, kb: KnowledgeDep, person: PersonRecord, shown: str = "", **options: Any
) -> views.JournalPage:
    asked = small_integer(shown)
    count = asked if asked is not None and 0 < asked <= 10_000 else views.JOURNAL_PAGE_SIZE
    sessions = owned.last_sessions(db=db, person_id=person.id, limit=count + 1)
    checkins = owned.latest_checkins(db=db, person_id=person.id, limit=views.JOURNAL_PAGE_SIZE)
    return views.journal_page(
        kb,
        name=person.name,
        sessions=sessions,
        checkins=checkins,
        now=_now(),
        shown=count,
        has_intake=person.intake is not None,
        **options,
    )


@router.get("/journal")
def journal(
    request: Request,
    templates: TemplatesDep,
    db: SessionDep,
    kb: KnowledgeDep,
    person: OwnPerson,
    shown: str = "",
    kept: str = "",
    notice: str = "",
    on: str = "",
) -> Response:
    """Sessions newest first (`?shown=` more of them), and the latest check-ins; `notice`
    and `on` say what was just changed or deleted (`edits`)."""
    said = edit_views.notice(notice, on)
    return show(templates, request, _journal(db, kb, person, shown, kept_id=kept, notice=said))


@router.get("/journal/sessions/{session_id}")
def journal_session(
    session_id: str,
    request: Request,
    templates: TemplatesDep,
    db: SessionDep,
    kb: KnowledgeDep,
    user: CurrentUser,
    person: OwnPerson,
    kept: str = "",
) -> Response:
    """One session: 404 for another account's, exactly as for one that does not exist."""
    session = edits.own_session(db, user, person, session_id)
    page = views.session_page(kb, session, now=_now(), kept=kept)
    return show(templates, request, page)


@router.post("/journal/sessions/{session_id}/soreness")
def soreness(
    session_id: str,
    request: Request,
    templates: TemplatesDep,
    db: SessionDep,
    kb: KnowledgeDep,
    user: CurrentUser,
    person: OwnPerson,
    value: FormText = "",
    back: FormText = "",
) -> Response:
    """Next-day soreness, 0 to 10 (as `backrub soreness`); then back where it was given."""
    session = edits.own_session(db, user, person, session_id)
    try:
        score = forms.soreness_value(value)
    except forms.FormErrors as refused:
        message = refused.errors["value"]
        page: Any
        if back == "session":
            page = views.session_page(kb, session, now=_now(), refused=(value, message))
        else:
            page = _journal(db, kb, person, refused=(session.id, value, message))
        return show(templates, request, page, status_code=422)
    set_soreness(db=db, session_id=session.id, value=score)
    if back == "session":
        return RedirectResponse(f"/journal/sessions/{session.id}?kept=soreness", status_code=303)
    return RedirectResponse(f"/journal?kept={session.id}#session-{session.id}", status_code=303)


# The weekly check-in


@router.get("/checkin")
def checkin_form(
    request: Request, templates: TemplatesDep, db: SessionDep, person: OwnPerson
) -> Response:
    last = owned.latest_checkins(db=db, person_id=person.id, limit=1)
    page = views.checkin_page(
        forms.CheckinAnswers(), today=datetime.date.today(), last=last[0] if last else None
    )
    return show(templates, request, page)


@router.post("/checkin")
def checkin(
    request: Request,
    templates: TemplatesDep,
    db: SessionDep,
    person: OwnPerson,
    form: PostedForm,
) -> Response:
    """Keep the check-in, then show the progress it is part of."""
    answers = forms.checkin_answers(form)
    today = datetime.date.today()
    try:
        entry = forms.checkin_record(answers, today=today)
    except forms.FormErrors as refused:
        last = owned.latest_checkins(db=db, person_id=person.id, limit=1)
        page = views.checkin_page(
            answers, today=today, last=last[0] if last else None, errors=refused.errors
        )
        return show(templates, request, page, status_code=422)
    add_checkin(db=db, person_id=person.id, entry=entry)
    return RedirectResponse(f"/progress?kept={entry.id}", status_code=303)


# Export and import


@router.get("/exchange")
def exchange(request: Request, templates: TemplatesDep, user: CurrentUser) -> Response:
    return show(templates, request, profile_views.exchange_page())


def _download(db: Session, user: CurrentUser, format_: str) -> Response:
    media_type, filename = EXPORT_FILES[format_]
    text = owned.export_owned(db=db, user_id=user.id, format_=format_)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(text.encode("utf-8"), media_type=media_type, headers=headers)


@router.get("/export.json")
def export_json(db: SessionDep, user: CurrentUser) -> Response:
    """Everyone the account owns, as `backrub.journal/1`: what `POST /import` reads back."""
    return _download(db, user, "json")


@router.get("/export.csv")
def export_csv(db: SessionDep, user: CurrentUser) -> Response:
    return _download(db, user, "csv")


@router.get("/export.checkins.csv")
def export_checkins_csv(db: SessionDep, user: CurrentUser) -> Response:
    return _download(db, user, "checkins-csv")


@router.get("/export.measurements.csv")
def export_measurements_csv(db: SessionDep, user: CurrentUser) -> Response:
    return _download(db, user, "measurements-csv")


@router.get("/export.fhir.json")
def export_fhir(db: SessionDep, user: CurrentUser) -> Response:
    return _download(db, user, "fhir")


@router.post("/import")
def import_journal(
    request: Request,
    templates: TemplatesDep,
    db: SessionDep,
    user: CurrentUser,
    person: OwnPerson,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Add a `backrub.journal/1` file to the account (one person's journal to the own
    person's, `journal_forms.journal_file`): all of it, or (refused) nothing."""
    limit = profile_views.MAX_IMPORT_MEGABYTES * 1024 * 1024
    content = file.file.read(limit + 1) if file is not None else b""
    errors: dict[str, str] = {}
    if not content:
        errors["file"] = "expected a backrub.journal/1 JSON file (from Export, or backrub export)"
    elif len(content) > limit:
        errors["file"] = f"expected a file of at most {profile_views.MAX_IMPORT_MEGABYTES} MB"
    else:
        try:
            journal = forms.journal_file(content, own_person_id=person.id)
            with db.begin_nested():  # a refused import rolls back to here: nothing is kept
                counts = owned.import_owned_journal(db=db, user_id=user.id, journal=journal)
        except ValidationError as error:
            errors["file"] = str(error)
    if errors:
        return show(templates, request, profile_views.exchange_page(errors=errors), 422)
    return show(templates, request, profile_views.exchange_page(added=counts))


# Profile and settings


@router.get("/profile")
def profile(
    request: Request, templates: TemplatesDep, kb: KnowledgeDep, person: OwnPerson, kept: str = ""
) -> Response:
    page = profile_views.profile_page(kb, name=person.name, intake=person.intake, kept=bool(kept))
    return show(templates, request, page)


@router.post("/profile")
def rename(
    request: Request,
    templates: TemplatesDep,
    db: SessionDep,
    kb: KnowledgeDep,
    person: OwnPerson,
    name: FormText = "",
) -> Response:
    """A new name; names are unique on the server (the CLI picks people by name)."""
    try:
        rename_person(db=db, person_id=person.id, name=forms.person_name(name))
    except forms.FormErrors as refused:
        errors = refused.errors
    except ValueError as error:
        errors = {"name": f"{error}; choose another"}
    else:
        return RedirectResponse("/profile?kept=name", status_code=303)
    page = profile_views.profile_page(
        kb, name=person.name, intake=person.intake, name_answer=name, errors=errors
    )
    return show(templates, request, page, status_code=422)


@router.get("/settings")
def settings(request: Request, templates: TemplatesDep, user: CurrentUser) -> Response:
    page = profile_views.settings_page(email=user.email, created=user.created)
    return show(templates, request, page)
