"""The progress and schedule pages, the progress charts, and the calendar download.

Progress shows what `backrub report --html` shows; its charts are SVG documents
of their own (`<img src="/progress/charts/pain.svg">`), drawn by the report's
matplotlib code when the browser asks for them. An image is a document of its
own, whose styles the page's CSP does not govern: the CSP needs no exception
and the SVG no rewriting.
"""

from __future__ import annotations

import datetime
import threading

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backrub.contract.records import PersonRecord
from backrub.exchange.schedule import ScheduleError, build_calendar, first_day, local_zone
from backrub.journal.people import person_journal
from backrub.planning.planner import make_plan
from backrub.progress.summary import Progress, summarize
from backrub.web.auth import NotFound, OwnPerson
from backrub.web.deps import KnowledgeDep, SessionDep, TemplatesDep
from backrub.web.journal import forms
from backrub.web.pages import show
from backrub.web.progress import views

router = APIRouter()
CHART_HEADERS = {
    "Cache-Control": "no-store",  # a person's health: kept by no cache
    # Opened on its own rather than as an image: its own styles, and nothing it could
    # load or run (an image runs no script anyway).
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
}


@router.get("/progress")
def progress(
    request: Request, templates: TemplatesDep, db: SessionDep, person: OwnPerson, kept: str = ""
) -> Response:
    """The HTML report's figures, words and charts, and the latest sessions."""
    record = person_journal(db=db, person_id=person.id)
    summary = summarize(record, today=datetime.date.today())
    return show(templates, request, views.progress_page(record, summary, kept_id=kept))


@router.get("/progress/charts/{name}.svg")
def chart(name: str, request: Request, db: SessionDep, person: OwnPerson) -> Response:
    """One chart of the progress page, as an SVG document."""
    if name not in views.CHART_TITLES:
        raise NotFound("name")
    record = person_journal(db=db, person_id=person.id)
    db.commit()  # all is read: no transaction stays open while the chart is drawn
    summary = summarize(record, today=datetime.date.today())
    svg = _draw(request.app.state.chart_lock, name, record, summary)
    return Response(svg, media_type="image/svg+xml", headers=CHART_HEADERS)


def _draw(lock: threading.Lock, name: str, record: PersonRecord, summary: Progress) -> str:
    """Matplotlib is not thread-safe (its settings are global), and the four charts of a
    page are asked for at once: they are drawn one at a time."""
    from backrub.report import charts  # matplotlib: slow to import, so only when drawing

    draw = {
        "pain": charts.pain_chart,
        "peg": charts.peg_chart,
        "sessions": charts.sessions_chart,
        "before_after": charts.before_after_chart,
    }[name]
    with lock:
        return draw(record, summary)


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
        page = views.schedule_page(answers, plan=plan, errors=refused.errors)
        return show(templates, request, page, status_code=422)
    page = views.schedule_page(answers, plan=plan, choice=choice)
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
        page = views.schedule_page(answers, plan=plan, errors=errors)
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
        page = views.schedule_page(answers, plan=plan, errors={"intake": str(error)})
        return show(templates, request, page, status_code=422)
    disposition = 'attachment; filename="backrub.ics"'
    return Response(data, media_type="text/calendar", headers={"Content-Disposition": disposition})
