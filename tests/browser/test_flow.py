"""A new person's way through the web app in a real Chromium, at phone size.

Accounts, the player and the progress page come later; their steps join these
journeys (see journeys.py) when they exist.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from backrub.knowledge import load
from browser.journeys import (
    ORDINARY_PAIN,
    answer_the_rest,
    map_region,
    open_home,
    open_intake,
    pick_on_map,
    picture,
    rate_pain,
    reach_form_error,
    submit,
)
from conftest import make_intake, plan_for

pytestmark = pytest.mark.browser


def test_a_new_person_picks_on_the_map_and_gets_the_plan(page: Page, server_url: str) -> None:
    open_home(page, server_url)
    picture(page, "home")
    open_intake(page, server_url)
    # Two regions by clicking the map; one more by a tap, as on a phone, then untapped.
    for region in ORDINARY_PAIN:
        pick_on_map(page, region)
    page.mouse.move(0, 0)  # no hover colour on the last region picked
    picture(page, "intake")
    pick_on_map(page, "spine", tap=True)
    map_region(page, "spine").tap()
    expect(page.locator("#region-spine")).not_to_be_checked()
    expect(map_region(page, "spine")).to_have_attribute("aria-checked", "false")
    expect(page.locator("#intensity-spine")).to_be_hidden()
    rate_pain(page, ORDINARY_PAIN)
    answer_the_rest(page)

    response = submit(page)

    assert response.status == 200
    assert response.request.method == "POST"
    expect(page.get_by_role("heading", level=1)).to_have_text("Your routine for today")
    expected = plan_for(make_intake())  # the same answers, through the planner directly
    names = [load().techniques[step["technique"]].name for step in expected["steps"]]
    cards = page.locator("ol.steps > li.step")
    expect(cards).to_have_count(len(names))
    expect(cards.locator("h3")).to_have_text(
        [f"{n} {name.capitalize()}" for n, name in enumerate(names, start=1)]
    )
    for card, step in zip(cards.all(), expected["steps"], strict=True):
        expect(card.locator(".instructions")).to_have_text(step["instructions"])
    picture(page, "plan")


def test_a_red_flag_shows_the_stop_page_and_no_steps(page: Page, server_url: str) -> None:
    open_intake(page, server_url)
    pick_on_map(page, "lower_back_left")
    rate_pain(page, {"lower_back_left": ("6", "10")})
    answer_the_rest(page, red_flags=("saddle_numbness",))

    assert submit(page).status == 200

    banner = page.get_by_role("alert")
    expect(banner.get_by_role("heading", level=1)).to_have_text("Get emergency help now")
    expect(banner).to_contain_text(plan_for(make_intake(red_flags=["saddle_numbness"]))["advice"])
    expect(page.locator(".step")).to_have_count(0)
    expect(page.get_by_text("The routine, step by step")).to_have_count(0)
    expect(page.get_by_role("link", name="Change my answers")).to_be_visible()
    picture(page, "stop")


def test_a_wrong_answer_shows_the_form_again_with_the_message(page: Page, server_url: str) -> None:
    reach_form_error(page, server_url)

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("expected an integer from 0 to 10, got 11")
    expect(page.locator("#intensity-lower_back_left")).to_have_value("11")
    expect(page.locator("#intensity-lower_back_left")).to_have_attribute("aria-invalid", "true")
    for region in ORDINARY_PAIN:  # the answers are kept, the map shows them
        expect(page.locator(f"#region-{region}")).to_be_checked()
        expect(map_region(page, region)).to_have_attribute("aria-checked", "true")
    expect(page.locator("#giver-partner")).to_be_checked()
    picture(page, "form-error")
    summary.get_by_role("link").click()  # the summary's link goes to the wrong answer
    expect(page.locator("#intensity-lower_back_left")).to_be_in_viewport()


def _tab_to(page: Page, region: str, *, most: int = 30) -> None:
    """Press Tab until the map region has the focus, as a keyboard user would."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-region')") == region:
            return
    raise AssertionError(f"{most} presses of Tab never reached the map's {region}")


def test_the_map_works_from_the_keyboard(page: Page, server_url: str) -> None:
    open_intake(page, server_url)
    first, second = map_region(page, "shoulder_left"), map_region(page, "shoulder_right")

    _tab_to(page, "shoulder_left")
    expect(first).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#region-shoulder_left")).to_be_checked()
    expect(first).to_have_attribute("aria-checked", "true")

    _tab_to(page, "shoulder_right")
    page.keyboard.press("Enter")
    expect(page.locator("#region-shoulder_right")).to_be_checked()
    expect(second).to_have_attribute("aria-checked", "true")
    page.keyboard.press("Space")
    expect(page.locator("#region-shoulder_right")).not_to_be_checked()
    expect(second).to_have_attribute("aria-checked", "false")
    expect(page).to_have_url(server_url + "/intake")  # a toggle, not a jump to the checkbox
