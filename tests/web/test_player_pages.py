"""The player page: from the plan to the player, the cue schedule it hands the script,
and the session it keeps in the journal."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from sqlalchemy import select

from backrub.contract.intake import parse_intake
from backrub.contract.plan import clock
from backrub.contract.records import PersonRecord
from backrub.journal.entries import add_session
from backrub.journal.models import Person
from backrub.journal.people import person_journal, save_intake
from backrub.knowledge import load
from backrub.planning.adapt import adapt_plan
from backrub.planning.planner import make_plan
from backrub.session.clock import CLOSING, STOPPED, cue_points
from backrub.session.cues import run_steps, spoken
from backrub.web.player.ticket import routine_for, seal, unseal
from backrub.web.player.views import PlayerPage, player_page
from support.accounts import app_client, other_client, sign_up
from support.intakes import make_intake
from support.journal_factories import make_session
from support.web import TestClient, make_form

# A plan with a step done one side, then the other (tapotement on both shoulders).
SWITCHING_INTAKE = make_intake(
    giver="self",
    minutes=20,
    pain=[{"region": "mid_back_right", "intensity": 1, "weeks": 12}],
    causes=[],
    goals=[],
    tools=[],
)
TICKET = re.compile(r'name="ticket" value="([^"]*)"')


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


def _start(client: TestClient, intake: dict[str, Any] | None = None) -> Any:
    """The plan page's "Start this routine"."""
    data = {"intake": json.dumps(intake or make_intake())}
    return client.post("/player", data=data, follow_redirects=False)


def _player(client: TestClient, intake: dict[str, Any] | None = None) -> tuple[PlayerPage, str]:
    """Sign up, start the routine, open the player: its data and its ticket."""
    sign_up(client, "sam@example.org")
    assert _start(client, intake).headers["location"] == "/player"
    response = client.get("/player")
    assert response.status_code == 200
    match = TICKET.search(response.text)
    assert match
    page: PlayerPage = response.context["page"]
    return page, unescape(match[1])


def _person(client: TestClient, name: str = "sam") -> PersonRecord:
    store = client.app.state.store  # type: ignore[attr-defined]
    with store.transaction() as db:
        person_id = db.scalar(select(Person.id).where(Person.name == name))  # one "sam" here
        assert person_id is not None
        return person_journal(db=db, person_id=person_id)


def _save(client: TestClient, ticket: str, **fields: str) -> Any:
    return client.post("/player/session", data={"ticket": ticket, **fields}, follow_redirects=False)


JS_FIELDS = {  # what player.js sends at the end of a whole run
    "started": "2026-03-01T17:30:05.250Z",
    "ended": "2026-03-01T17:46:00.000Z",
    "utc_offset": "60",
    "status": "completed",
    "before-lower_back_left": "6",
    "before-shoulder_right": "3",
    "after-lower_back_left": "4",
    "after-shoulder_right": "",
    "note": "  Better.  ",
}


# From the plan page to the player


def test_start_saves_the_intake_and_the_player_runs_its_plan(client: TestClient) -> None:
    page, _ = _player(client)

    assert _person(client).intake == parse_intake(make_intake())
    plan = make_plan(parse_intake(make_intake()))
    run = run_steps(plan)
    assert [step.n for step in page.steps] == [step.n for step in run]
    assert [step.seconds for step in page.steps] == [step.seconds for step in run]
    for shown, step in zip(page.steps, run, strict=True):
        assert shown.instructions == step.instructions
        assert [(c.seconds_left, c.kind, c.text) for c in shown.cues] == cue_points(step)
    assert [q.region for q in page.pain] == ["lower_back_left", "shoulder_right"]
    assert page.massage_time == clock(plan.total_seconds)
    assert page.total_seconds == sum(step.seconds for step in run)


def test_the_player_page_works_without_javascript(client: TestClient) -> None:
    """Every step is on the page, and the one form saves a completed session."""
    page, _ = _player(client)
    html = client.get("/player").text
    for step in page.steps:
        assert step.instructions in unescape(html)
    assert 'action="/player/session"' in html
    assert "I did the routine: save it" in html
    assert re.search(r'<script type="application/json" id="player-data">', html)
    assert "<script>" not in html  # nothing inline (the CSP refuses it)


def test_the_plan_page_offers_the_player_signed_in_or_not(client: TestClient) -> None:
    signed_out = client.post("/plan", data=make_form()).text
    assert "Sign up to save this intake" in signed_out
    assert 'action="/player"' in signed_out
    assert "Nothing is saved unless you sign up afterwards" in signed_out
    sign_up(client, "sam@example.org")
    signed_in = client.post("/plan", data=make_form()).text
    assert 'action="/player"' in signed_in
    assert "Start this routine" in signed_in
    assert "Sign up to save this intake" not in signed_in


def test_the_player_runs_the_plan_adapted_to_the_history(client: TestClient) -> None:
    """As `backrub start` does: sore the day after last time → gentler today."""
    sign_up(client, "sam@example.org")
    _start(client)
    person = _person(client)
    sore = make_session(soreness_next_day=6)
    store = client.app.state.store  # type: ignore[attr-defined]
    with store.transaction() as db:
        add_session(db=db, person_id=person.id, entry=sore)

    page: PlayerPage = client.get("/player").context["page"]

    adapted = adapt_plan(parse_intake(make_intake()), [sore])
    assert [step.pressure for step in page.steps] == [step.pressure for step in run_steps(adapted)]
    assert {step.pressure for step in page.steps} == {"light"}
    assert page.changes and page.changes == tuple(
        r.message for r in adapted.reasons if r.code.startswith("adapt_")
    )


def test_without_an_intake_the_player_sends_you_to_the_questions(client: TestClient) -> None:
    sign_up(client, "sam@example.org")
    response = client.get("/player")
    assert response.status_code == 200
    assert response.template.name == "message.html"
    assert 'href="/intake"' in response.text


def test_a_stopped_verdict_never_reaches_the_player(client: TestClient) -> None:
    sign_up(client, "sam@example.org")
    stopped = make_intake(red_flags=["saddle_numbness"])

    response = _start(client, stopped)

    assert response.status_code == 200
    assert response.template.name == "plan.html"
    assert response.context["page"].stopped
    assert "Get emergency help now" in response.text
    assert _person(client).intake is None  # not kept: nothing to run
    # A stopped intake saved some other way (the CLI) gets the stop page too.
    store = client.app.state.store  # type: ignore[attr-defined]
    with store.transaction() as db:
        save_intake(db=db, person_id=_person(client).id, intake=parse_intake(stopped))
    again = client.get("/player")
    assert again.template.name == "plan.html"
    assert "player-data" not in again.text


def test_start_refuses_answers_it_cannot_read(client: TestClient) -> None:
    sign_up(client, "sam@example.org")
    response = client.post("/player", data={"intake": "{not json"}, follow_redirects=False)
    assert response.status_code == 400
    assert _person(client).intake is None


@pytest.mark.parametrize(("method", "url"), [("get", "/player"), ("post", "/player/session")])
def test_signed_out_people_are_sent_to_sign_in(client: TestClient, method: str, url: str) -> None:
    if method == "get":
        response = client.get(url, follow_redirects=False)
    else:
        response = client.post(url, data={"intake": "{}"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/signin"


# Saving the session


def test_saving_a_whole_run_keeps_it_in_the_journal(client: TestClient) -> None:
    page, ticket = _player(client)
    every_step = ",".join(str(step.n) for step in page.steps if not step.preparing)

    response = _save(client, ticket, steps_done=every_step, **JS_FIELDS)

    assert response.status_code == 303
    assert response.headers["location"] == "/progress"
    (session,) = _person(client).sessions
    cet = datetime.timezone(datetime.timedelta(hours=1))
    assert session.started == datetime.datetime(2026, 3, 1, 18, 30, 5, 250000, tzinfo=cet)
    assert session.started.utcoffset() == datetime.timedelta(hours=1)  # the person's clock
    assert session.ended == datetime.datetime(2026, 3, 1, 18, 46, tzinfo=cet)
    assert session.status == "completed"
    assert session.giver == "partner"
    assert session.steps_done == tuple(step.n for step in page.steps if not step.preparing)
    assert session.pain_before == {"lower_back_left": 6, "shoulder_right": 3}
    assert session.pain_after == {"lower_back_left": 4}
    assert session.note == "Better."
    assert session.plan == make_plan(parse_intake(make_intake())).to_dict()


def test_saving_without_javascript_means_done_just_now(client: TestClient) -> None:
    """The untouched hidden fields: completed, every step, ended now, the plan's length."""
    page, ticket = _player(client)
    html = client.get("/player").text
    hidden = dict(re.findall(r'type="hidden" id="(\w+)" name="\w+" value="([^"]*)"', html))
    before = datetime.datetime.now(datetime.UTC)

    response = _save(client, ticket, **hidden)

    assert response.status_code == 303
    (session,) = _person(client).sessions
    assert session.status == "completed"
    massage = [step for step in page.steps if not step.preparing]
    assert session.steps_done == tuple(step.n for step in massage)
    assert session.ended is not None
    assert before - datetime.timedelta(seconds=1) <= session.ended
    assert session.ended <= datetime.datetime.now(datetime.UTC)
    massage_seconds = sum(step.seconds for step in massage)
    assert session.ended - session.started == datetime.timedelta(seconds=massage_seconds)
    assert (session.pain_before, session.pain_after) == ({}, {})


def test_stopping_early_keeps_an_aborted_session(client: TestClient) -> None:
    _, ticket = _player(client)
    fields = {**JS_FIELDS, "status": "aborted", "steps_done": "1,2"}
    fields["ended"] = "2026-03-01T17:35:00Z"

    assert _save(client, ticket, **fields).status_code == 303

    (session,) = _person(client).sessions
    assert (session.status, session.steps_done) == ("aborted", (1, 2))


def test_stopping_before_any_step_was_half_done_keeps_no_steps(client: TestClient) -> None:
    _, ticket = _player(client)
    fields = {**JS_FIELDS, "status": "aborted", "steps_done": ""}
    assert _save(client, ticket, **fields).status_code == 303
    (session,) = _person(client).sessions
    assert session.steps_done == ()


def test_saving_twice_keeps_one_session(client: TestClient) -> None:
    _, ticket = _player(client)
    assert _save(client, ticket, steps_done="1", **JS_FIELDS).status_code == 303
    assert _save(client, ticket, steps_done="1", **JS_FIELDS).status_code == 303
    assert len(_person(client).sessions) == 1


def test_the_plan_kept_is_the_one_run_even_if_today_s_plan_changed(client: TestClient) -> None:
    """The ticket carries the plan the page ran; saving does not plan again."""
    page, ticket = _player(client)
    person = _person(client)
    store = client.app.state.store  # type: ignore[attr-defined]
    sore = make_session(soreness_next_day=8)
    with store.transaction() as db:  # sore since: today's plan is now gentler
        add_session(db=db, person_id=person.id, entry=sore)

    _save(client, ticket, steps_done="1", **JS_FIELDS)

    kept = [s for s in _person(client).sessions if s.id != sore.id]
    assert len(kept) == 1
    run = [*kept[0].plan.get("before", []), *kept[0].plan["steps"]]
    assert [step["pressure"] for step in run] == [step.pressure for step in page.steps]
    assert "moderate" in {step.pressure for step in page.steps}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"before-lower_back_left": "11"}, "before-lower_back_left", "0 to 10"),
        ({"after-shoulder_right": "a lot"}, "after-shoulder_right", "0 to 10"),
        ({"note": "x" * 2001}, "note", "at most 2000 characters"),
        ({"status": "finished"}, "status", "completed or aborted"),
        ({"steps_done": "1,99"}, "steps_done", "step numbers from 1 to "),
        ({"steps_done": "0,1"}, "steps_done", "step numbers from 1 to "),
        ({"started": "yesterday"}, "started", "a date and time"),
        ({"ended": "2026-03-01T17:46:00"}, "ended", "with its offset"),
        ({"ended": "2026-03-01T17:00:00Z"}, "ended", "before the start"),
        ({"utc_offset": "9999"}, "utc_offset", "minutes east of UTC"),
        ({"session_id": "short"}, "session_id", "16 to 64 letters"),
    ],
)
def test_a_bad_answer_shows_the_form_again_with_the_answers_kept(
    client: TestClient, fields: dict[str, str], field: str, message: str
) -> None:
    _, ticket = _player(client)
    sent = {**JS_FIELDS, "steps_done": "1,2", **fields}

    response = _save(client, ticket, **sent)

    assert response.status_code == 422
    page: PlayerPage = response.context["page"]
    assert list(page.errors) == [field]
    assert message in page.errors[field]
    assert f'href="#{field}"' in response.text  # the summary names the field
    assert page.reviewing and page.ticket == ticket
    assert page.answers.started == sent["started"]
    assert page.answers.steps_done == sent["steps_done"]
    assert {q.region: q.before for q in page.pain}["lower_back_left"] == (
        sent["before-lower_back_left"]
    )
    assert re.search(r'id="before-shoulder_right-3"[^>]* checked', response.text)  # kept
    assert _person(client).sessions == ()


def test_a_changed_ticket_is_refused(client: TestClient) -> None:
    _, ticket = _player(client)
    middle = len(ticket) // 2  # inside the signed routine
    forged = ticket[:middle] + ("A" if ticket[middle] != "A" else "B") + ticket[middle + 1 :]
    for bad in (forged, "", "nonsense", ticket + "0"):
        response = _save(client, bad, **JS_FIELDS)
        assert response.status_code == 400
        assert "could not be read" in response.text
    assert _person(client).sessions == ()


def test_an_expired_ticket_is_refused() -> None:
    kb = load()
    intake = parse_intake(make_intake())
    routine = routine_for("p1", intake, make_plan(intake, kb))
    ticket = seal("secret", routine)
    assert unseal("secret", ticket, person_id="p1") == routine
    assert unseal("another secret", ticket, person_id="p1") is None
    too_old = datetime.timedelta(seconds=-1)  # any age at all is over this limit
    assert unseal("secret", ticket, person_id="p1", max_age=too_old) is None


def test_another_account_cannot_save_into_someone_else_s_journal(client: TestClient) -> None:
    _, ticket = _player(client)
    with other_client(client) as kim:
        sign_up(kim, "kim@example.org")
        response = _save(kim, ticket, **JS_FIELDS)
        assert response.status_code == 400
    assert _person(client).sessions == ()
    assert _person(client, "kim").sessions == ()


# The script's data


def _switching_plan_page() -> tuple[Any, PlayerPage]:
    kb = load()
    intake = parse_intake(SWITCHING_INTAKE)
    plan = make_plan(intake, kb)
    routine = routine_for("person-id", intake, plan)
    return plan, player_page(kb, routine, seal("secret", routine))


def test_the_script_s_cue_schedule_is_the_session_clock_s() -> None:
    plan, page = _switching_plan_page()
    run = run_steps(plan)

    data = json.loads(page.player_data)

    assert data["total"] == sum(step.seconds for step in run)
    assert [step["n"] for step in data["steps"]] == [step.n for step in run]
    assert [step["seconds"] for step in data["steps"]] == [step.seconds for step in run]
    assert [step["preparing"] for step in data["steps"]] == [step.n == 0 for step in run]
    for sent, step in zip(data["steps"], run, strict=True):
        schedule = [(cue["at"], cue["kind"], cue["text"]) for cue in sent["cues"]]
        assert schedule == cue_points(step)
    kinds = {cue["kind"] for step in data["steps"] for cue in step["cues"]}
    assert "ten_seconds" in kinds
    assert kinds == {kind for step in run for _, kind, _ in cue_points(step)}


def test_the_script_says_what_the_terminal_player_says() -> None:
    """Every word comes from session_view.spoken, run on the clock's own events."""
    from backrub.session.clock import Player

    plan, page = _switching_plan_page()
    kb = load()
    now = [0.0]
    clock = Player.for_plan(plan, lambda: now[0])
    clock.start()
    now[0] = clock.total_seconds + 1.0
    giver = SWITCHING_INTAKE["giver"]
    said = [words for event in clock.poll() if (words := spoken(event, plan, kb, giver))]

    data = json.loads(page.player_data)
    script = [data["closing"]]
    for step in reversed(data["steps"]):
        script = [step["spoken"], *(cue["text"] for cue in step["cues"]), *script]
    assert script == said
    assert (data["closing"], data["stopped"]) == (CLOSING, STOPPED)


def test_the_script_s_data_cannot_close_its_script_element() -> None:
    kb = load()
    intake = parse_intake(make_intake())
    plan = make_plan(intake, kb)
    routine = routine_for("p", intake, plan)
    step = plan.steps[0]
    hostile = plan.to_dict()
    hostile["steps"][0] = {**step.to_dict(), "cue": "</script><script>alert(1)</script>"}
    routine = type(routine)(
        routine.person_id, routine.session_id, routine.giver, routine.pain_regions, hostile
    )
    data = player_page(kb, routine, "t").player_data
    assert "</script" not in data.lower() and "<" not in data
    step_one = json.loads(data)["steps"][len(plan.before)]
    assert step_one["spoken"].endswith("</script><script>alert(1)</script>")
