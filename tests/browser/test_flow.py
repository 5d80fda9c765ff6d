"""A new person's way through the web app in a real Chromium, at phone size.

The intake is a wizard of four steps when JavaScript runs, and one whole form when it
does not; either way it posts the same fields to POST /plan, and the server judges them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from backrub.knowledge import load
from support.browser.journeys import (
    ORDINARY_CHOICES,
    ORDINARY_PAIN,
    answer_safety,
    answer_the_rest,
    back_step,
    map_region,
    next_step,
    open_home,
    open_intake,
    pick_on_map,
    picture,
    rate_pain,
    reach_form_error,
    slip_past_the_browser,
    step_heading,
    stop_at_safety,
    submit,
    tick_choices,
)
from support.browser.phone import open_phone_page
from support.intakes import make_intake, plan_for

pytestmark = pytest.mark.browser

# The server's words for a pain of 11 (contract.validation); the browser's check says the same.
PAIN_OF_11 = "expected an integer from 0 to 10, got 11"


@pytest.fixture
def page_without_script(browser: Browser) -> Iterator[Page]:
    """A phone-sized page with JavaScript turned off."""
    yield from open_phone_page(browser, java_script_enabled=False)


def _shows_step(page: Page, number: int) -> None:
    """Only step `number` is shown, and the progress list says so."""
    expect(step_heading(page, number)).to_be_visible()
    expect(page.locator("section.wizard-step:visible")).to_have_count(1)
    expect(page.locator(".step-count:visible")).to_have_text(f"Step {number} of 4:")
    expect(page.locator('.wizard-progress [aria-current="step"]')).to_have_attribute(
        "data-step-marker", str(number)
    )


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
    # Step by step, each one pictured as the person first sees it.
    next_step(page, 2)
    picture(page, "intake-2")
    answer_safety(page)
    next_step(page, 3)
    picture(page, "intake-3")
    page.get_by_label("How many minutes?").fill("15")
    tick_choices(page, ORDINARY_CHOICES, 3)
    next_step(page, 4)
    picture(page, "intake-4")
    tick_choices(page, ORDINARY_CHOICES, 4)

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

    # The safety step's Next, with no answer yet about who massages or for how long.
    assert stop_at_safety(page, ("saddle_numbness",)).status == 200

    banner = page.get_by_role("alert")
    expect(banner.get_by_role("heading", level=1)).to_have_text("Get emergency help now")
    expect(banner).to_contain_text(plan_for(make_intake(red_flags=["saddle_numbness"]))["advice"])
    expect(page.locator(".step")).to_have_count(0)
    expect(page.get_by_text("The routine, step by step")).to_have_count(0)
    expect(page.get_by_role("link", name="Change my answers")).to_be_visible()
    picture(page, "stop")


def test_a_yes_that_needs_a_clinician_goes_on_to_the_next_step(page: Page, server_url: str) -> None:
    open_intake(page, server_url)
    next_step(page, 2)
    answer_safety(page, ("fever",))
    next_step(page, 3)  # no stop yet: the whole form decides, at the end
    expect(page).to_have_url(server_url + "/intake")


def test_next_and_back_keep_the_answers_and_the_progress_shows_the_step(
    page: Page, server_url: str
) -> None:
    open_intake(page, server_url)
    _shows_step(page, 1)
    expect(page.get_by_role("button", name="Back")).to_have_count(0)  # nothing before step 1
    pick_on_map(page, "lower_back_left")
    rate_pain(page, {"lower_back_left": ("6", "10")})

    next_step(page, 2)
    _shows_step(page, 2)
    expect(map_region(page, "lower_back_left")).to_be_hidden()
    expect(page.locator(".wizard-progress li.done")).to_have_count(1)
    page.get_by_label("No to every question above").check()
    page.locator("#conditions-pregnancy").check()
    next_step(page, 3)
    page.locator("#giver-self").check()
    page.get_by_label("How many minutes?").fill("20")

    back_step(page, 2)
    _shows_step(page, 2)
    expect(page.get_by_label("No to every question above")).to_be_checked()
    expect(page.locator("#conditions-pregnancy")).to_be_checked()
    back_step(page, 1)
    expect(page.locator("#intensity-lower_back_left")).to_have_value("6")
    expect(page.locator("#weeks-lower_back_left")).to_have_value("10")
    expect(map_region(page, "lower_back_left")).to_have_attribute("aria-checked", "true")

    # The browser's own Back and Forward move between the steps too, not off the page.
    next_step(page, 2)
    next_step(page, 3)
    page.go_back()
    _shows_step(page, 2)
    page.go_forward()
    _shows_step(page, 3)
    expect(page.locator("#giver-self")).to_be_checked()
    expect(page.get_by_label("How many minutes?")).to_have_value("20")
    expect(page).to_have_url(server_url + "/intake")


def test_each_step_is_checked_in_the_browser_before_the_next(page: Page, server_url: str) -> None:
    open_intake(page, server_url)
    pick_on_map(page, "lower_back_left")
    page.locator("#intensity-lower_back_left").fill("11")
    page.get_by_role("button", name="Next").click()

    field = page.locator("#intensity-lower_back_left")
    _shows_step(page, 1)
    expect(page.locator("#error-intensity-lower_back_left")).to_have_text(f"Error: {PAIN_OF_11}")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", "error-intensity-lower_back_left")
    expect(field).to_be_focused()
    field.fill("6")
    next_step(page, 2)

    # The safety questions need an answer: a yes, or a plain no to all of them.
    page.get_by_role("button", name="Next").click()
    _shows_step(page, 2)
    expect(page.locator("#error-red_flags")).to_contain_text("Answer the safety questions")
    expect(page.locator("#red_flags")).to_have_attribute("aria-invalid", "true")
    fever = page.get_by_label(load().red_flags["fever"].question, exact=True)
    none = page.get_by_label("No to every question above")
    fever.check()
    none.check()  # a no to all and a yes cannot both stand
    expect(fever).not_to_be_checked()
    fever.check()
    expect(none).not_to_be_checked()
    next_step(page, 3)
    expect(page.locator("#error-red_flags")).to_have_count(0)

    page.get_by_label("How many minutes?").fill("90")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#error-giver")).to_contain_text("Choose who gives the massage")
    expect(page.locator("#error-minutes")).to_have_text(
        "Error: expected an integer from 5 to 60, got 90"
    )
    expect(page.locator("#giver-partner")).to_be_focused()  # the first answer in question
    page.locator("#giver-partner").check()
    page.get_by_label("How many minutes?").fill("15")
    next_step(page, 4)

    page.locator("#issue_kind-0").select_option("bruise")
    expect(page.locator("#issue_kind-1")).to_be_visible()  # room for another, once used
    page.get_by_role("button", name="Make my routine").click()
    expect(page.locator("#error-issue_region-0")).to_contain_text("Choose the area it is in")
    _shows_step(page, 4)


def test_a_wrong_answer_shows_the_form_again_with_the_message(page: Page, server_url: str) -> None:
    reach_form_error(page, server_url)

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(PAIN_OF_11)
    _shows_step(page, 1)  # the step holding the answer in question
    expect(page.locator("#intensity-lower_back_left")).to_have_value("11")
    expect(page.locator("#intensity-lower_back_left")).to_have_attribute("aria-invalid", "true")
    for region in ORDINARY_PAIN:  # the answers are kept, the map shows them
        expect(page.locator(f"#region-{region}")).to_be_checked()
        expect(map_region(page, region)).to_have_attribute("aria-checked", "true")
    expect(page.locator("#giver-partner")).to_be_checked()
    expect(page.locator("#no_red_flags")).to_be_checked()
    picture(page, "form-error")
    summary.get_by_role("link").click()  # the summary's link goes to the wrong answer
    expect(page.locator("#intensity-lower_back_left")).to_be_in_viewport()

    page.locator("#intensity-lower_back_left").fill("6")
    next_step(page, 2)
    expect(summary).to_have_count(0)  # put right, the message goes
    next_step(page, 3)
    next_step(page, 4)
    assert submit(page).status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Your routine for today")


def test_the_server_opens_the_step_holding_its_message(page: Page, server_url: str) -> None:
    open_intake(page, server_url)
    pick_on_map(page, "lower_back_left")
    rate_pain(page, {"lower_back_left": ("6", "10")})
    answer_the_rest(page)
    slip_past_the_browser(page, "minutes", "90")

    assert submit(page).status == 422

    _shows_step(page, 3)
    expect(page.get_by_role("alert")).to_contain_text("How many minutes: expected an integer")
    expect(page.locator("#error-minutes")).to_be_visible()
    expect(page.get_by_label("How many minutes?")).to_have_value("90")
    back_step(page, 2)
    expect(page.get_by_label("No to every question above")).to_be_checked()


def test_without_javascript_the_intake_is_one_whole_form(
    page_without_script: Page, server_url: str
) -> None:
    page = page_without_script
    page.goto(server_url + "/intake")
    for number in range(1, 5):  # every step at once, and only the one button
        expect(step_heading(page, number)).to_be_visible()
    expect(page.locator("form.intake").get_by_role("button")).to_have_text(["Make my routine"])
    expect(page.locator(".step-count:visible")).to_have_count(0)
    expect(page.locator(".wizard-progress")).to_be_hidden()
    for region in ORDINARY_PAIN:
        page.locator(f"#region-{region}").check()
    rate_pain(page, ORDINARY_PAIN)
    answer_the_rest(page)
    page.locator("#intensity-lower_back_left").fill("11")  # no check but the server's

    assert submit(page).status == 422
    expect(page.get_by_role("alert")).to_contain_text(PAIN_OF_11)
    expect(step_heading(page, 4)).to_be_visible()  # the whole form again
    page.locator("#intensity-lower_back_left").fill("6")

    assert submit(page).status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Your routine for today")


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
