"""The player page: today's routine with a clock, spoken cues, and the journal entry.

As `backrub start` does, today's routine is the plan for the person's saved
intake adapted to their history (`adapt.adapt_plan`). The page hands it out
sealed (`ticket`), and saving stores exactly that routine. A stopped
verdict never reaches the player: the stop page answers instead.

Every POST is guarded by `require_csrf` (added to the router in `create_app`).
Handlers are plain `def`s, run in FastAPI's thread pool like the account pages.
"""

from __future__ import annotations

import datetime
import json
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from backrub.contract.intake import Intake, parse_intake
from backrub.contract.plan import Plan
from backrub.contract.validation import ValidationError
from backrub.journal.entries import add_session
from backrub.journal.people import person_journal, save_intake
from backrub.knowledge import KnowledgeBase
from backrub.planning.adapt import adapt_plan
from backrub.web.auth import OwnPerson
from backrub.web.deps import KnowledgeDep, SessionDep, SettingsDep, TemplatesDep
from backrub.web.intake import views
from backrub.web.intake.forms import answers_for
from backrub.web.pages import PostedForm, render
from backrub.web.player import views as player_views
from backrub.web.player.forms import FormErrors, answers_from, session_record
from backrub.web.player.ticket import routine_for, seal, unseal

router = APIRouter()
FormText = Annotated[str, Form()]
AFTER_SAVING = "/progress"


def todays_plan(*, db: Session, kb: KnowledgeBase, person_id: str, intake: Intake) -> Plan:
    """The plan `backrub start` would run: the intake, adapted to the person's sessions."""
    history = person_journal(db=db, person_id=person_id).sessions
    return adapt_plan(intake, history, kb)


def _stop_page(kb: KnowledgeBase, plan: Plan, intake: Intake) -> views.PlanPage:
    return views.plan_page(kb, plan, answers_for(intake))


@router.post("/player")
def start_routine(
    request: Request,
    templates: TemplatesDep,
    kb: KnowledgeDep,
    db: SessionDep,
    person: OwnPerson,
    intake: FormText = "",
) -> Response:
    """The plan page's "Start this routine": keep its answers as the person's intake,
    then open the player (303, so that reloading the player does not post again)."""
    try:
        carried = parse_intake(json.loads(intake))
    except (ValueError, RecursionError):  # ValidationError is a ValueError
        return render(templates, request, player_views.unreadable_page(), status_code=400)
    plan = todays_plan(db=db, kb=kb, person_id=person.id, intake=carried)
    if plan.stopped or not plan.steps:
        return render(templates, request, _stop_page(kb, plan, carried))
    save_intake(db=db, person_id=person.id, intake=carried)
    return RedirectResponse("/player", status_code=303)


@router.get("/player")
def player(
    request: Request,
    templates: TemplatesDep,
    kb: KnowledgeDep,
    settings: SettingsDep,
    db: SessionDep,
    person: OwnPerson,
) -> Response:
    """Today's routine from the saved intake: pain before, the clock, pain after."""
    if person.intake is None:
        return render(templates, request, player_views.no_intake_page())
    plan = todays_plan(db=db, kb=kb, person_id=person.id, intake=person.intake)
    if plan.stopped or not plan.steps:
        return render(templates, request, _stop_page(kb, plan, person.intake))
    routine = routine_for(person.id, person.intake, plan)
    ticket = seal(settings.secret_key.get_secret_value(), routine)
    return render(templates, request, player_views.player_page(kb, routine, ticket))


@router.post("/player/session")
def save_session(
    request: Request,
    templates: TemplatesDep,
    kb: KnowledgeDep,
    settings: SettingsDep,
    db: SessionDep,
    person: OwnPerson,
    form: PostedForm,
) -> Response:
    """Keep the session in the journal, then show progress; a bad answer shows the
    form again (422), answers kept. Saving the same routine twice keeps it once."""
    ticket = form.get("ticket")
    ticket = ticket if isinstance(ticket, str) else ""
    routine = unseal(settings.secret_key.get_secret_value(), ticket, person_id=person.id)
    if routine is None:
        return render(templates, request, player_views.unreadable_page(), status_code=400)
    answers = answers_from(form, routine.pain_regions)
    try:
        record = session_record(routine, answers, now=datetime.datetime.now().astimezone())
    except FormErrors as error:
        page = player_views.player_page(kb, routine, ticket, answers, error.errors)
        return render(templates, request, page, status_code=422)
    try:
        add_session(db=db, person_id=person.id, entry=record)
    except ValidationError:
        raise
    except ValueError:
        pass  # its id is taken: this very routine was saved already (Save pressed twice)
    return RedirectResponse(AFTER_SAVING, status_code=303)
