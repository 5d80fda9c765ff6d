"""The journal pages: journal, session, soreness, check-in, progress, schedule, export and
import, profile and settings.

Every page acts on the signed-in account's own person (`OwnPerson`; signed out, a
redirect to /signin). Handlers fetch records and hand them to one builder in
`journal_views`, `progress_views` or `profile_views`; `Accept: application/json`
answers the same data as JSON. Forms are read by `journal_forms`; a refused answer
shows the page again with the field named, status 422, and nothing stored.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from backrub.contract.records import PersonRecord, SessionRecord
from backrub.contract.validation import ValidationError
from backrub.exchange.formats import EXPORT_FILES, export_text
from backrub.exchange.schedule import ScheduleError, build_calendar, first_day, local_zone
from backrub.journal import accounts, owned
from backrub.journal import repository as repo
from backrub.planning.planner import make_plan
from backrub.progress.summary import summarize
from backrub.web.accounts import profile as profile_views
from backrub.web.auth import CurrentUser, NotFound, OwnPerson, SessionDep
from backrub.web.deps import KnowledgeDep, TemplatesDep
from backrub.web.intake.routes import render
from backrub.web.journal import forms, views
from backrub.web.progress import views as progress_views

router = APIRouter()
FormText = Annotated[str, Form()]


async def posted_form(request: Request) -> FormData:
    """The submitted form, read on the event loop so that handlers can stay plain `def`s."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]


def show(templates: TemplatesDep, request: Request, page: Any, status_code: int = 200) -> Response:
    """The page, or its data as JSON when the request asks for JSON only."""
    accept = request.headers.get("accept", "")
    if "application/json" in accept and "text/html" not in accept:
        return JSONResponse(asdict(page), status_code=status_code)
    return render(templates, request, page, status_code=status_code)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _own_session(
    db: Session, user: CurrentUser, person: PersonRecord, session_id: str
) -> SessionRecord:
    """The session, only when it is the own person's: 404 otherwise, as for none at all."""
    found = owned.owned_session(db=db, user_id=user.id, person_id=person.id, session_id=session_id)
    if found is None:
        raise NotFound("session_id")
    return found


# The journal and its sessions


def _journal(
    db: Session, kb: KnowledgeDep, person: PersonRecord, shown: str = "", **options: Any
) -> views.JournalPage:
    count = int(shown) if shown.isdigit() and 0 < int(shown) <= 10_000 else views.JOURNAL_PAGE_SIZE
    sessions = accounts.last_sessions(db=db, person_id=person.id, limit=count + 1)
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
) -> Response:
    """Sessions newest first (`?shown=` more of them), and the latest check-ins."""
    return show(templates, request, _journal(db, kb, person, shown, kept_id=kept))


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
    session = _own_session(db, user, person, session_id)
    page = views.session_page(kb, session, now=_now(), kept=bool(kept))
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
    session = _own_session(db, user, person, session_id)
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
    repo.set_soreness(db=db, session_id=session.id, value=score)
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
    repo.add_checkin(db=db, person_id=person.id, entry=entry)
    return RedirectResponse(f"/progress?kept={entry.id}", status_code=303)


# Progress and the schedule


@router.get("/progress")
def progress(
    request: Request, templates: TemplatesDep, db: SessionDep, person: OwnPerson, kept: str = ""
) -> Response:
    """The HTML report's figures, words and charts, and the latest sessions."""
    record = repo.person_journal(db=db, person_id=person.id)
    # Everything is read: end the transaction now, so that no database transaction (nor,
    # for a write transaction on SQLite, its lock) stays open through half a second of charts.
    db.commit()
    summary = summarize(record, today=datetime.date.today())
    charts = None
    if record.sessions or record.checkins:
        from backrub.report.charts import all_charts  # matplotlib: slow to import

        charts = all_charts(record, summary)
    page = progress_views.progress_page(record, summary, charts, kept_id=kept)
    return show(templates, request, page)


def _schedule_answers(request: Request) -> forms.ScheduleAnswers:
    return forms.schedule_answers(request.query_params, default_zone=str(local_zone()))


@router.get("/schedule")
def schedule(
    request: Request, templates: TemplatesDep, kb: KnowledgeDep, person: OwnPerson
) -> Response:
    """Days, time and weeks (`backrub schedule`'s defaults), and what the calendar holds."""
    answers = _schedule_answers(request)
    plan = make_plan(person.intake, kb) if person.intake is not None else None
    try:
        choice = forms.schedule_choice(answers)
    except forms.FormErrors as refused:
        page = progress_views.schedule_page(answers, plan=plan, errors=refused.errors)
        return show(templates, request, page, status_code=422)
    page = progress_views.schedule_page(answers, plan=plan, choice=choice)
    return show(templates, request, page)


@router.get("/schedule.ics")
def schedule_ics(
    request: Request, templates: TemplatesDep, kb: KnowledgeDep, person: OwnPerson
) -> Response:
    """The calendar file, as `backrub schedule` writes it for the saved intake's plan."""
    answers = _schedule_answers(request)
    plan = make_plan(person.intake, kb) if person.intake is not None else None
    errors: dict[str, str] = {}
    try:
        choice = forms.schedule_choice(answers)
    except forms.FormErrors as refused:
        errors = refused.errors
    if plan is None:
        errors["intake"] = "there is no saved routine yet: plan a routine first"
    if errors or plan is None:
        page = progress_views.schedule_page(answers, plan=plan, errors=errors)
        return show(templates, request, page, status_code=422)
    start = datetime.datetime.now(choice.zone).date()
    title = f"Back massage for {person.name}"
    try:
        data = build_calendar(
            choice.days,
            choice.time,
            choice.weeks,
            plan,
            first_day(start, choice.days),
            choice.zone,
            uid_seed=person.id,
            title=title,
        )
    except ScheduleError as error:
        page = progress_views.schedule_page(answers, plan=plan, errors={"intake": str(error)})
        return show(templates, request, page, status_code=422)
    disposition = 'attachment; filename="backrub.ics"'
    return Response(data, media_type="text/calendar", headers={"Content-Disposition": disposition})


# Export and import


@router.get("/exchange")
def exchange(request: Request, templates: TemplatesDep, user: CurrentUser) -> Response:
    return show(templates, request, profile_views.exchange_page())


def _download(db: Session, user: CurrentUser, format_: str) -> Response:
    media_type, filename = EXPORT_FILES[format_]
    text = export_text(owned.owned_journal(db=db, user_id=user.id), format_)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(text.encode("utf-8"), media_type=media_type, headers=headers)


@router.get("/export.json")
def export_json(db: SessionDep, user: CurrentUser) -> Response:
    """Everyone the account owns, as `backrub.journal/1`: what `POST /import` reads back."""
    return _download(db, user, "json")


@router.get("/export.csv")
def export_csv(db: SessionDep, user: CurrentUser) -> Response:
    return _download(db, user, "csv")


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
        repo.rename_person(db=db, person_id=person.id, name=forms.person_name(name))
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
