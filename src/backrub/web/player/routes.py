"""The player page: today's routine with a clock, spoken cues, and the journal entry.

As `backrub start` does, today's routine is the plan for the person's saved
intake adapted to their history (`adapt.adapt_plan`). The page hands it out
sealed (`ticket`), and saving stores exactly that routine. A stopped
verdict never reaches the player: the stop page answers instead.

Signed out, "Start this routine" shows the player at once (nothing is saved,
its ticket is for `ANYONE`); the page keeps the ratings in the browser until the
visitor signs up or in. Saving answers a page, or JSON to the browser's offline
queue (`Accept: application/json`), and a save sent again with the same session
id is the same write.

Every POST is guarded by `require_csrf` (added to the router in `create_app`).
Handlers are plain `def`s, run in FastAPI's thread pool like the account pages.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from backrub.contract.intake import Intake, parse_intake
from backrub.contract.plan import Plan
from backrub.contract.validation import ValidationError
from backrub.journal.entries import add_session
from backrub.journal.owned import owned_session
from backrub.journal.people import progress_history, save_intake
from backrub.knowledge import KnowledgeBase
from backrub.planning.adapt import adapt_plan
from backrub.web.auth import OptionalUser, OwnPerson, SignInRequired, own_person
from backrub.web.deps import KnowledgeDep, SessionDep, SettingsDep, StoreDep, TemplatesDep
from backrub.web.intake import views
from backrub.web.intake.forms import answers_for
from backrub.web.pages import PostedForm, render
from backrub.web.player import views as player_views
from backrub.web.player.forms import FormErrors, answers_from, session_record
from backrub.web.player.ticket import ANYONE, routine_for, seal, unseal

router = APIRouter()
FormText = Annotated[str, Form()]
AFTER_SAVING = "/progress"
SERVICE_WORKER = Path(__file__).resolve().parent.parent / "static" / "sw.js"


def todays_plan(*, db: Session, kb: KnowledgeBase, person_id: str, intake: Intake) -> Plan:
    """The plan `backrub start` would run: the intake, adapted to the person's sessions."""
    history = progress_history(db=db, person_id=person_id).sessions if person_id else ()
    return adapt_plan(intake, history, kb)


def _stop_page(kb: KnowledgeBase, plan: Plan, intake: Intake) -> views.PlanPage:
    return views.plan_page(kb, plan, answers_for(intake))


@router.post("/player")
def start_routine(
    request: Request,
    templates: TemplatesDep,
    kb: KnowledgeDep,
    settings: SettingsDep,
    db: SessionDep,
    store: StoreDep,
    user: OptionalUser,
    intake: FormText = "",
) -> Response:
    """The plan page's "Start this routine": keep its answers as the person's intake,
    then open the player (303, so that reloading the player does not post again).
    Signed out, the player opens at once and nothing is kept on the server."""
    try:
        carried = parse_intake(json.loads(intake))
    except (ValueError, RecursionError):  # ValidationError is a ValueError
        return render(templates, request, player_views.unreadable_page(), status_code=400)
    person_id = own_person(request, user, db, store).id if user else ANYONE
    plan = todays_plan(db=db, kb=kb, person_id=person_id, intake=carried)
    if plan.stopped or not plan.steps:
        return render(templates, request, _stop_page(kb, plan, carried))
    if user is None:
        routine = routine_for(ANYONE, carried, plan)
        ticket = seal(settings.secret_key.get_secret_value(), routine)
        page = player_views.player_page(kb, routine, ticket, signed_in=False)
        return render(templates, request, page)
    save_intake(db=db, person_id=person_id, intake=carried)
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
    store: StoreDep,
    user: OptionalUser,
    form: PostedForm,
) -> Response:
    """Keep the session in the journal, then show progress; a bad answer shows the
    form again (422), answers kept. Saving the same session id twice keeps it once.

    For the offline queue (`Accept: application/json`) every answer is JSON: 200
    saved (or saved before), 401 signed out, 400 unreadable ticket, 409 the id is
    another account's, 422 bad answers. Only 200 empties its place in the queue."""
    wants_json = "application/json" in request.headers.get("accept", "")
    if user is None:
        if wants_json:
            return JSONResponse({"error": "sign in to save this session"}, status_code=401)
        raise SignInRequired
    person = own_person(request, user, db, store)
    ticket = form.get("ticket")
    ticket = ticket if isinstance(ticket, str) else ""
    routine = unseal(settings.secret_key.get_secret_value(), ticket, person_id=person.id)
    if routine is None:
        if wants_json:
            return JSONResponse({"error": "ticket: this routine could not be read"}, 400)
        return render(templates, request, player_views.unreadable_page(), status_code=400)
    answers = answers_from(form, routine.pain_regions)
    try:
        record = session_record(routine, answers, now=datetime.datetime.now().astimezone())
    except FormErrors as error:
        if wants_json:
            return JSONResponse({"errors": error.errors}, status_code=422)
        page = player_views.player_page(kb, routine, ticket, answers, error.errors)
        return render(templates, request, page, status_code=422)
    try:
        add_session(db=db, person_id=person.id, entry=record)
    except ValidationError:
        raise
    except ValueError:  # its id is taken: saved already (Save pressed twice, a replay)
        ours = owned_session(db=db, user_id=user.id, person_id=person.id, session_id=record.id)
        if ours is None:
            taken = {"session_id": "already used by another journal; start the routine again"}
            if wants_json:
                return JSONResponse({"errors": taken}, status_code=409)
            page = player_views.player_page(kb, routine, ticket, answers, taken)
            return render(templates, request, page, status_code=409)
    if wants_json:
        return JSONResponse({"saved": record.id, "next": AFTER_SAVING})
    return RedirectResponse(AFTER_SAVING, status_code=303)


@router.get("/sw.js")
def service_worker() -> Response:
    """The service worker, served from the root so that its scope covers every page
    (a worker under /static/ could only control /static/); never cached by HTTP, so
    a new version is found on the next visit."""
    return FileResponse(
        SERVICE_WORKER,
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )
