"""The pages: the intake form, its round trip to the plan page, stop pages and errors."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from backrub.knowledge import load
from backrub.web.headers import CONTENT_SECURITY_POLICY
from backrub.web.intake import views
from support.intakes import make_intake, plan_for
from support.web import make_form

PAGES = ["/", "/intake"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_with_the_security_headers(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"


def _text(response: Any) -> str:
    return html.unescape(response.text)


def _technique_names(plan: dict[str, Any]) -> list[str]:
    kb = load()
    return [kb.techniques[step["technique"]].name for step in plan["steps"]]


def test_the_intake_form_round_trip_shows_every_step(client: Any) -> None:
    response = client.post("/plan", data=make_form())
    assert response.status_code == 200
    expected = plan_for(make_intake())  # the same answers as the ordinary form
    page = _text(response)
    assert page.count('class="step"') == len(expected["steps"])
    for name in _technique_names(expected):
        assert name.capitalize() in page
    for step in expected["steps"]:
        assert step["instructions"] in page


def test_the_json_twin_is_the_same_data(client: Any) -> None:
    as_json = client.post("/plan.json", data=make_form()).json()
    negotiated = client.post("/plan", data=make_form(), headers={"accept": "application/json"})
    assert negotiated.json() == as_json
    assert as_json["plan"] == plan_for(make_intake())
    assert [s["technique_name"] for s in as_json["steps"]] == _technique_names(as_json["plan"])
    assert all(source["title"] for step in as_json["steps"] for source in step["sources"])


def test_a_red_flag_shows_the_stop_page_without_steps(client: Any) -> None:
    response = client.post("/plan", data=make_form(red_flags=["saddle_numbness"]))
    assert response.status_code == 200
    page = _text(response)
    assert "Get emergency help now" in page
    assert 'class="step"' not in page
    assert "The routine, step by step" not in page
    plan = plan_for(make_intake(red_flags=["saddle_numbness"]))
    assert plan["advice"] in page


def test_an_emergency_yes_stops_even_with_the_rest_unanswered(client: Any) -> None:
    form = {"red_flags": ["saddle_numbness"], "intensity-spine": "99"}  # no giver; a bad value
    response = client.post("/plan", data=form)
    assert response.status_code == 200
    page = _text(response)
    assert "Get emergency help now" in page
    assert plan_for(make_intake(red_flags=["saddle_numbness"]))["advice"] in page
    assert 'class="step"' not in page and "Sign up to save" not in page


def test_a_yes_that_needs_a_clinician_still_needs_the_whole_form(client: Any) -> None:
    response = client.post("/plan", data={"red_flags": ["fever"]})
    assert response.status_code == 422
    assert "No massage today" not in _text(response)


def test_see_clinician_is_a_stop_page_too(client: Any) -> None:
    page = _text(client.post("/plan", data=make_form(red_flags=["fever"])))
    assert "No massage today" in page
    assert 'class="step"' not in page


def test_a_bad_value_shows_the_form_again_with_the_message_and_the_answers(client: Any) -> None:
    form = make_form(**{"intensity-lower_back_left": "11"})
    response = client.post("/plan", data=form)
    assert response.status_code == 422
    page = _text(response)
    assert "expected an integer from 0 to 10, got 11" in page
    assert "Pain now in the lower back (left): expected an integer" in page  # the summary
    assert 'id="error-intensity-lower_back_left"' in page
    assert re.search(r'id="intensity-lower_back_left"[^>]*value="11"', page)
    # Everything else is still there.
    assert re.search(r'id="intensity-shoulder_right"[^>]*value="3"', page)
    assert re.search(r'id="weeks-lower_back_left"[^>]*value="10"', page)
    for name, value in [("giver", "partner"), ("pressure", "moderate"), ("tools", "heat_pack")]:
        assert re.search(rf'id="{name}-{value}"[^>]*checked', page), name
    assert re.search(r'id="region-shoulder_right"[^>]*checked', page)
    assert re.search(r'id="minutes"[^>]*value="15"', page)


def test_a_missing_answer_is_named_next_to_its_question(client: Any) -> None:
    response = client.post("/plan", data=make_form(giver=...))
    assert response.status_code == 422
    page = _text(response)
    assert 'id="error-giver"' in page
    assert "required; expected one of self, partner, device" in page


def test_a_bad_value_as_json_is_the_api_error(client: Any) -> None:
    response = client.post("/plan.json", data=make_form(minutes="90"))
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "minutes", "message": "expected an integer from 5 to 60, got 90"}]
    }


def test_a_local_issue_row_error_points_at_its_row(client: Any) -> None:
    form = make_form(**{"issue_kind-1": "bruise"})  # no region given for row 2
    response = client.post("/plan", data=form)
    assert response.status_code == 422
    assert 'id="error-issue_region-1"' in response.text


def test_change_my_answers_fills_the_form_in_again(client: Any) -> None:
    data = client.post("/plan.json", data=make_form(conditions=["pregnancy"])).json()
    path = urlsplit(data["change_url"])
    page = _text(client.get(f"{path.path}?{path.query}"))
    assert re.search(r'id="conditions-pregnancy"[^>]*checked', page)
    assert re.search(r'id="intensity-lower_back_left"[^>]*value="6"', page)
    assert re.search(r'id="giver-partner"[^>]*checked', page)
    assert re.search(r'class="region picked"[^>]*data-region="shoulder_right"', page)


def test_an_intensity_without_a_tick_still_counts(client: Any) -> None:
    form = make_form(region=["lower_back_left"])  # shoulder_right has a number but no tick
    data = client.post("/plan.json", data=form).json()
    assert data["plan"] == plan_for(make_intake())


def test_a_ticked_region_s_row_is_live_and_every_row_waits_in_a_template(client: Any) -> None:
    page = client.get("/intake?region=lower_back_left&intensity-lower_back_left=4").text
    live, _, waiting = page.partition("<noscript>")
    assert 'id="intensity-lower_back_left" name="intensity-lower_back_left" value="4"' in live
    assert 'id="intensity-shoulder_left"' not in live  # only in <noscript> and its template
    for region in load().regions:
        assert f'<template data-pain-template="{region}">' in waiting
    assert "hx-get" not in page  # no request per tick


def test_the_intake_page_works_without_javascript(client: Any) -> None:
    page = client.get("/intake").text
    kb = load()
    for region in kb.regions:  # every row, and a checkbox per region
        assert f'id="intensity-{region}"' in page
        assert f'<input type="checkbox" name="region" id="region-{region}"' in page
        assert f'href="#region-{region}"' in page  # the map's link to it
    for flag in kb.red_flags.values():
        assert html.escape(flag.question, quote=False) in page


def test_every_input_has_a_label(client: Any) -> None:
    page = client.post("/plan", data=make_form(minutes="x")).text
    ids = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', page)
    assert ids
    for field_id in ids:
        assert f'for="{field_id}"' in page, field_id


def test_get_plan_goes_to_the_intake(client: Any) -> None:
    response = client.get("/plan", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/intake"


def test_the_page_has_a_language_and_one_main_heading(client: Any) -> None:
    pages = [client.get("/"), client.get("/intake"), client.post("/plan", data=make_form())]
    for response in pages:
        assert '<html lang="en">' in response.text
        assert response.text.count("<h1") == 1


def _sections(page: str) -> dict[int, str]:
    """The wizard's sections of the intake page, by step number."""
    found = re.findall(r'<section [^>]*data-step="(\d)"(.*?)</section>', page, flags=re.S)
    return {int(number): chunk for number, chunk in found}


def test_every_field_is_on_the_step_a_message_about_it_opens(client: Any) -> None:
    sections = _sections(client.get("/intake").text)
    assert list(sections) == [step.number for step in views.WIZARD_STEPS]
    for number, chunk in sections.items():
        ids = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', chunk)
        assert ids, number
        for field_id in ids:
            assert views.step_of(field_id) == number, field_id
    assert "Make my routine" in sections[len(sections)]  # the one submit button, at the end


@pytest.mark.parametrize(
    ("overrides", "step"),
    [
        ({"intensity-lower_back_left": "11"}, 1),
        ({"minutes": "90"}, 3),
        ({"giver": ...}, 3),
        ({"issue_kind-1": "bruise"}, 4),
        ({"red_flags": ["not_a_flag"]}, 2),
    ],
)
def test_a_bad_value_opens_the_wizard_at_its_step(
    client: Any, overrides: dict[str, Any], step: int
) -> None:
    response = client.post("/plan", data=make_form(**overrides))
    assert response.status_code == 422
    assert f'data-open-step="{step}"' in response.text
    assert response.context["page"].open_step == step


def test_the_intake_opens_at_the_first_step(client: Any) -> None:
    assert 'data-open-step="1"' in client.get("/intake").text


def test_no_to_every_safety_question_is_kept_with_the_answers(client: Any) -> None:
    form = make_form(no_red_flags="yes", minutes="90")
    page = client.post("/plan", data=form).text
    assert re.search(r'id="no_red_flags"[^>]*checked', page)
    data = client.post("/plan.json", data=make_form(no_red_flags="yes")).json()
    assert "no_red_flags=yes" in data["change_url"]
    assert data["plan"] == plan_for(make_intake())  # the planner never sees it


def test_a_ticked_red_flag_wins_over_no_to_every_question(client: Any) -> None:
    form = make_form(no_red_flags="yes", red_flags=["saddle_numbness"])
    response = client.post("/plan", data=form)
    assert "Get emergency help now" in _text(response)
    change = client.get(response.context["page"].change_url).text
    assert not re.search(r'id="no_red_flags"[^>]*checked', change)
