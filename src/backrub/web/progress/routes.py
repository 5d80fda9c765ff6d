"""The progress and schedule pages, the progress charts, and the calendar download.

Progress shows what `backrub report --html` shows; its charts are SVG documents
of their own (`<img src="/progress/charts/pain.svg?v=...">`), so the page's CSP
governs nothing inside them. The page reads the journal once and draws all four
charts (about a millisecond each, 20 ms for five years); it keeps them, by the
person and a digest of the drawing, for the four image requests that follow, so
those do not read a five-year journal four more times. A person reloads the page
after each session: the new page draws again and names new digests, so a kept
chart is never stale. An image asked for with a digest the server does not keep
(another worker, a restart, an old tab) is drawn again from the journal.
"""

from __future__ import annotations

import datetime
import threading
from collections import OrderedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backrub.exchange.schedule import ScheduleError, build_calendar, first_day, local_zone
from backrub.journal.people import progress_history
from backrub.planning.planner import make_plan
from backrub.progress.summary import summarize
from backrub.report.charts import CHARTS, all_charts
from backrub.web.auth import NotFound, OwnPerson
from backrub.web.deps import KnowledgeDep, SessionDep, TemplatesDep
from backrub.web.journal import forms
from backrub.web.pages import show
from backrub.web.progress import views

router = APIRouter()
CHART_HEADERS = {
    "Cache-Control": "no-store",  # a person's health: kept by no cache
    # Opened on its own rather than as an image: nothing it could load, run or style.
    "Content-Security-Policy": "default-src 'none'",
}
KEPT_PEOPLE = 256  # charts kept for this many people, the latest pages (30-40 KB each)


class ChartShelf:
    """The charts of each person's latest progress page, by person id, for a few hundred
    people (least recently drawn out first); thread-safe, as routes run in a pool."""

    def __init__(self, size: int = KEPT_PEOPLE) -> None:
        self._size = size
        self._charts: OrderedDict[str, dict[str, views.DrawnChart]] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, person_id: str, charts: dict[str, views.DrawnChart]) -> None:
        with self._lock:
            self._charts[person_id] = charts
            self._charts.move_to_end(person_id)
            while len(self._charts) > self._size:
                self._charts.popitem(last=False)

    def find(self, person_id: str, name: str, digest: str) -> str | None:
        """The chart's SVG if the person's latest page drew exactly that one."""
        with self._lock:
            drawn = self._charts.get(person_id, {}).get(name)
        return drawn.svg if drawn is not None and drawn.digest == digest else None


shelf = ChartShelf()


@router.get("/progress")
def progress(
    request: Request, templates: TemplatesDep, db: SessionDep, person: OwnPerson, kept: str = ""
) -> Response:
    """The HTML report's figures, words and charts, and the latest sessions."""
    record = progress_history(db=db, person_id=person.id)
    db.commit()  # all is read: no transaction stays open while the charts are drawn
    summary = summarize(record, today=datetime.date.today())
    drawn = {}
    if record.sessions or record.checkins:
        drawn = views.drawn_charts(all_charts(record, summary))
    shelf.keep(person.id, drawn)
    return show(templates, request, views.progress_page(record, summary, drawn, kept_id=kept))


@router.get("/progress/charts/{name}.svg")
def chart(name: str, db: SessionDep, person: OwnPerson, v: str = "") -> Response:
    """One chart of the progress page, as an SVG document: the one the page drew, or
    drawn now from the journal."""
    if name not in views.CHART_TITLES:
        raise NotFound("name")
    svg = shelf.find(person.id, name, v)
    if svg is None:
        record = progress_history(db=db, person_id=person.id)
        db.commit()
        svg = CHARTS[name](record, summarize(record, today=datetime.date.today()))
    return Response(svg, media_type="image/svg+xml", headers=CHART_HEADERS)


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
