"""The intake and plan pages. Each handler builds its page's data with one function
from `views.py` and hands it to `render`; `/plan.json` (or `Accept:
application/json`) answers the same data as JSON."""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from backrub.contract.intake import Intake, parse_intake
from backrub.contract.validation import ValidationError
from backrub.journal.accounts import find_own_person
from backrub.journal.people import progress_history
from backrub.knowledge import KnowledgeBase
from backrub.planning.planner import make_plan
from backrub.progress.summary import summarize
from backrub.web.api.bodies import error_response
from backrub.web.auth import OptionalUser
from backrub.web.deps import KnowledgeDep, SessionDep, TemplatesDep
from backrub.web.home import views as home_views
from backrub.web.intake import views
from backrub.web.intake.forms import (
    Answers,
    answers_for,
    answers_from,
    emergency_intake,
    field_for,
    intake_dict,
)
from backrub.web.pages import render, wants_json

router = APIRouter()


@router.get("/")
def home(
    request: Request, templates: TemplatesDep, kb: KnowledgeDep, db: SessionDep, user: OptionalUser
) -> Response:
    """Signed out, what backrub is; signed in, today: what comes next and how it goes."""
    person = None if user is None else find_own_person(db=db, user_id=user.id)
    if person is None:
        return render(templates, request, views.home_page())
    record = progress_history(db=db, person_id=person.id)
    today = datetime.date.today()
    stopped = record.intake is not None and make_plan(record.intake, kb).stopped
    page = home_views.today_page(record, summarize(record, today=today), today, stopped=stopped)
    return render(templates, request, page)


@router.get("/intake")
def intake(
    request: Request, templates: TemplatesDep, kb: KnowledgeDep, db: SessionDep, user: OptionalUser
) -> Response:
    """The intake form; a query string (from "Change my answers") fills it in, and
    without one a signed-in person starts from their saved answers."""
    answers = answers_from(request.query_params) if request.query_params else Answers()
    person = None
    if user is not None and not request.query_params:
        person = find_own_person(db=db, user_id=user.id)
    saved = person.intake if person is not None else None
    if saved is not None:
        answers = answers_for(saved)
    page = views.intake_page(kb, answers, from_saved=saved is not None)
    return render(templates, request, page)


@router.get("/plan")
def plan_without_answers() -> RedirectResponse:
    return RedirectResponse("/intake", status_code=303)


@router.post("/plan")
async def plan(request: Request, templates: TemplatesDep, kb: KnowledgeDep) -> Response:
    """The plan for the submitted form; a bad answer shows the form again, answers kept."""
    return await _plan(request, templates, kb, as_json=wants_json(request))


@router.post("/plan.json")
async def plan_json(request: Request, templates: TemplatesDep, kb: KnowledgeDep) -> Response:
    """The plan page's data as JSON, for the same form."""
    return await _plan(request, templates, kb, as_json=True)


async def _plan(
    request: Request, templates: TemplatesDep, kb: KnowledgeBase, *, as_json: bool
) -> Response:
    answers = answers_from(await request.form())
    made = intake_dict(answers)
    try:
        intake = parse_intake(made.data)
    except ValidationError as error:
        emergency = emergency_intake(answers)
        if emergency is not None:  # other answers missing or wrong: the stop page first
            return _plan_response(request, templates, kb, answers, parse_intake(emergency), as_json)
        if as_json:
            return error_response(error.path, error.message)
        field = field_for(error.path, made)
        page = views.intake_page(kb, answers, {field: error.message})
        return render(templates, request, page, status_code=422)
    return _plan_response(request, templates, kb, answers, intake, as_json)


def _plan_response(
    request: Request,
    templates: TemplatesDep,
    kb: KnowledgeBase,
    answers: Answers,
    intake: Intake,
    as_json: bool,
) -> Response:
    intake_json = json.dumps(intake.to_dict(), separators=(",", ":"))
    page_data = views.plan_page(kb, make_plan(intake, kb), answers, intake_json)
    if as_json:
        return JSONResponse(asdict(page_data))
    return render(templates, request, page_data)
