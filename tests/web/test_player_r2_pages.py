"""Revision-2 plans on the web: the heat before the steps, each step's side and skin,
and a stopped plan's urgency, on the plan page and in the player."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest

from backrub.contract.intake import parse_intake
from backrub.contract.plan import Plan
from backrub.knowledge import load
from backrub.planning.planner import make_plan
from backrub.session.clock import Player
from backrub.session.cues import (
    MEDIUM_WORDS,
    SIDE_WORDS,
    URGENCY_WORDS,
    before_words,
    run_steps,
    spoken,
    title,
)
from backrub.web.player.ticket import routine_for
from backrub.web.player.views import PlayerPage, player_page
from support.accounts import app_client, sign_up
from support.intakes import make_intake
from support.session_plans import NEW_USER_INTAKES, r2_plan, stopped_plan
from support.web import TestClient, make_form

KB = load()


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


def _player_for(client: TestClient, plan: Plan, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Sign up, start a routine, and open the player on `plan` as today's plan."""
    monkeypatch.setattr("backrub.web.player.routes.todays_plan", lambda **_: plan)
    sign_up(client, "sam@example.org")
    client.post("/player", data={"intake": json.dumps(make_intake())}, follow_redirects=False)
    response = client.get("/player")
    assert response.status_code == 200
    return response


def test_the_player_runs_the_heat_first_and_apart(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = r2_plan()
    response = _player_for(client, plan, monkeypatch)
    page: PlayerPage = response.context["page"]
    html = unescape(response.text)

    heat, *massage = page.steps
    assert heat.preparing and heat.n == 0 and heat.title == title(plan, 0, KB)
    assert heat.lead == before_words(plan.before[0]) and heat.lead in html
    assert [step.n for step in massage] == [step.n for step in plan.steps]
    assert not any(step.preparing for step in massage)
    assert page.massage_steps == len(plan.steps)
    assert page.total_seconds == plan.total_seconds + plan.before[0].seconds
    assert f"{len(plan.steps)} steps, {page.massage_time} of massage" in html
    assert 'data-label-skip="Skip the heat"' in html
    for index, step in enumerate(page.steps):
        assert f'data-title="{title(plan, index, KB)}"' in html
        assert step.side == SIDE_WORDS[run_steps(plan)[index].side]
        assert step.medium == MEDIUM_WORDS[run_steps(plan)[index].medium]
    data = json.loads(page.player_data)
    assert [step["preparing"] for step in data["steps"]] == [True] + [False] * len(plan.steps)
    cards = html.split('class="step player-step')[1:]
    assert len(cards) == len(page.steps)
    assert "<dt>Pressure</dt>" not in cards[0]  # the heat rests on the skin
    assert all("<dt>Pressure</dt>" in card for card in cards[1:])


def test_the_player_says_what_the_terminal_says_for_a_partner(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = r2_plan()
    page: PlayerPage = _player_for(client, plan, monkeypatch).context["page"]
    now = [0.0]
    clock = Player.for_plan(plan, lambda: now[0])
    clock.start()
    now[0] = clock.total_seconds + 1.0
    giver = make_intake()["giver"]
    said = [words for event in clock.poll() if (words := spoken(event, plan, KB, giver))]

    data = json.loads(page.player_data)
    script = [data["closing"]]
    for step in reversed(data["steps"]):
        script = [step["spoken"], *(cue["text"] for cue in step["cues"]), *script]
    assert script == said
    assert sum("walk round" in words for words in said) == 1  # a partner walks round once


def test_saving_never_counts_the_heat_as_a_step(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = r2_plan()
    response = _player_for(client, plan, monkeypatch)
    ticket = response.context["page"].ticket
    fields = {"status": "completed", "started": "2026-03-01T17:30:00Z", "utc_offset": "0"}
    fields["ended"] = "2026-03-01T18:00:00Z"
    refused = client.post("/player/session", data={"ticket": ticket, "steps_done": "0,1", **fields})
    assert refused.status_code == 422
    every = ",".join(str(step.n) for step in plan.steps)
    saved = client.post(
        "/player/session",
        data={"ticket": ticket, "steps_done": every, **fields},
        follow_redirects=False,
    )
    assert saved.status_code == 303


def _plan_page(client: TestClient, plan: Plan, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr("backrub.web.intake.routes.make_plan", lambda *_: plan)
    response = client.post("/plan", data=make_form())
    assert response.template.name == "plan.html"
    return unescape(response.text)


def test_the_plan_page_shows_the_heat_and_each_step_s_side_and_skin(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = r2_plan(media=["dry", "dry", "oil", "oil", "oil", "oil"])
    html = _plan_page(client, plan, monkeypatch)
    heat = plan.before[0]
    assert f"Before you start: heat, {round(heat.seconds / 60)} minutes" in html
    assert heat.instructions in html
    assert html.index("Before you start") < html.index("The routine, step by step")
    steps_part = html[html.index("The routine, step by step") :]
    for side in {step.side for step in plan.steps}:
        count = sum(step.side == side for step in plan.steps)
        # each card's one line of facts: "Light pressure, left side"
        assert steps_part.count(f" pressure, {SIDE_WORDS[side]}</p>") == count
    for medium in {step.medium for step in plan.steps}:
        assert MEDIUM_WORDS[medium] in steps_part


@pytest.mark.parametrize(
    ("verdict", "urgency"),
    [("emergency", "now"), ("see_clinician", "today"), ("see_clinician", "days")],
)
def test_a_stopped_plan_page_says_how_soon(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, verdict: str, urgency: str
) -> None:
    html = _plan_page(client, stopped_plan(verdict, urgency), monkeypatch)
    banner = html[: html.index("</div>", html.index('class="banner'))]
    assert URGENCY_WORDS[urgency] in banner
    for other in set(URGENCY_WORDS) - {urgency}:
        assert URGENCY_WORDS[other] not in html


# The three new users of issue 11, through the real planner and the player page


@pytest.mark.parametrize("name", sorted(NEW_USER_INTAKES))
def test_a_new_user_s_routine_in_the_player(name: str) -> None:
    intake = parse_intake(make_intake(**NEW_USER_INTAKES[name]))
    plan = make_plan(intake, KB)
    assert not plan.stopped
    routine = routine_for("p", intake, plan)
    page = player_page(KB, routine, "t")
    data = json.loads(page.player_data)
    run = run_steps(plan)

    assert [step["preparing"] for step in data["steps"]] == [s.n == 0 for s in run]
    assert page.massage_steps == len(plan.steps)
    if plan.before:
        assert "Before you start" in data["steps"][0]["spoken"]
    last = None
    for sent, step in zip(data["steps"][len(plan.before) :], plan.steps, strict=True):
        kinds = [cue["kind"] for cue in sent["cues"]]
        if step.side != "both":
            assert "switch_sides" not in kinds  # one side per step: no turning halfway
            if step.side != last and (last or step.position != "side_lying"):
                assert f"{step.side} side" in sent["spoken"]
            last = step.side
        assert sent["spoken"].endswith(step.cue)
    if any(step.position == "side_lying" for step in run):
        first = next(step.side for step in plan.steps if step.side != "both")
        said = " ".join(step["spoken"] for step in data["steps"])
        assert f"so the {first} side is up" in said or f"{first} side is up" in said
