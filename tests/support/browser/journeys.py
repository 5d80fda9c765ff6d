"""What a person does in the browser, as plain functions the browser tests share.

Each function drives the page the way a person would (clicks, taps, typing),
never by posting forms directly, and waits for what the person would wait for.
`PAGES` names every page there is and how to reach it; the accessibility test
checks each one, and a new page (sign-up, player, progress) is one more entry.
`picture` saves a phone-sized screenshot to docs/screenshots/ when
BACKRUB_SCREENSHOTS=1, so that an ordinary run never rewrites committed files.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Response, expect

from backrub.knowledge import load
from backrub.web.intake.wizard import FIELD_STEPS, WIZARD_STEPS

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"

# The ordinary answers (web.helpers.ORDINARY_FORM, conftest.make_intake()), as a person
# gives them: the regions are picked on the map, the rest typed or ticked.
ORDINARY_PAIN = {"lower_back_left": ("6", "10"), "shoulder_right": ("3", "2")}
ORDINARY_CHOICES = {
    "giver": ["partner"],
    "pressure": ["moderate"],
    "causes": ["sedentary", "posture"],
    "goals": ["relief", "sleep"],
    "tools": ["oil", "heat_pack"],
}
ORDINARY_MINUTES = "15"


def picture(page: Page, name: str) -> None:
    """docs/screenshots/<name>.png: the page's first screen on the phone; only when asked for."""
    if os.environ.get("BACKRUB_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    # caret="initial": Playwright hides the caret with an inline style, which the pages'
    # CSP refuses (and the page fixture then reports); no text field has focus here anyway.
    page.screenshot(path=SCREENSHOTS / f"{name}.png", animations="disabled", caret="initial")


def map_region(page: Page, region: str) -> Any:
    """The clickable region of the intake page's back map."""
    return page.locator(f'.back-map--pick a.region[data-region="{region}"]')


def pain_row(page: Page, region: str) -> Any:
    return page.locator(f"#intensity-{region}")


def open_home(page: Page, server_url: str) -> None:
    page.goto(server_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "A safe back massage, planned for you"
    )


def open_intake(page: Page, server_url: str) -> None:
    """From the home page: a new visitor's Start button, or the header's Plan link once
    signed in (home is then "today"); the wizard's first step."""
    page.goto(server_url + "/")
    if page.get_by_role("heading", level=1).inner_text() == "Today":
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Plan").click()
    else:
        page.get_by_role("link", name="Start").click()
    expect(page).to_have_url(server_url + "/intake")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your back today")
    # backrub.js has turned the map's links into toggles once they are checkboxes.
    expect(map_region(page, "spine")).to_have_attribute("role", "checkbox")
    expect(step_heading(page, 1)).to_be_visible()


def step_heading(page: Page, number: int) -> Any:
    """The heading of the intake wizard's step `number` ("Step 2 of 4: Safety first")."""
    return page.get_by_role("heading", level=2, name=WIZARD_STEPS[number - 1].title)


def next_step(page: Page, number: int) -> None:
    """Press Next; the wizard shows step `number`, its heading focused, the others hidden."""
    page.get_by_role("button", name="Next").click()
    expect(step_heading(page, number)).to_be_focused()
    expect(page.locator("section.wizard-step:visible")).to_have_count(1)


def back_step(page: Page, number: int) -> None:
    """Press Back; the wizard shows step `number` again."""
    page.get_by_role("button", name="Back").click()
    expect(step_heading(page, number)).to_be_focused()


def is_wizard(page: Page) -> bool:
    """False when the page is the whole form at once (JavaScript off)."""
    return bool(page.get_by_role("button", name="Next").is_visible())


def pick_on_map(page: Page, region: str, *, tap: bool = False) -> None:
    """Click (or tap) a region of the map; wait for its checkbox and its pain row."""
    target = map_region(page, region)
    if tap:
        target.tap()
    else:
        target.click()
    expect(page.locator(f"#region-{region}")).to_be_checked()
    expect(target).to_have_attribute("aria-checked", "true")
    expect(pain_row(page, region)).to_be_visible()  # its row, from the page's template


def rate_pain(page: Page, pain: dict[str, tuple[str, str]]) -> None:
    for region, (intensity, weeks) in pain.items():
        page.locator(f"#intensity-{region}").fill(intensity)
        page.locator(f"#weeks-{region}").fill(weeks)


def tick_choices(page: Page, choices: dict[str, list[str]], step: int) -> None:
    """The ticks and radios of `choices` that are asked on the wizard's step `step`."""
    for name, values in choices.items():
        if FIELD_STEPS[name] == step:
            for value in values:
                page.locator(f"#{name}-{value}").check()


def answer_safety(
    page: Page, red_flags: tuple[str, ...] = (), choices: dict[str, list[str]] | None = None
) -> None:
    """A yes to each of `red_flags` (by its question), else "No to every question above"."""
    kb = load()
    for flag in red_flags:
        page.get_by_label(kb.red_flags[flag].question, exact=True).check()
    if not red_flags:
        page.get_by_label("No to every question above").check()
    tick_choices(page, choices or {}, FIELD_STEPS["red_flags"])


def answer_the_rest(
    page: Page,
    *,
    choices: dict[str, list[str]] = ORDINARY_CHOICES,
    minutes: str = ORDINARY_MINUTES,
    red_flags: tuple[str, ...] = (),
) -> None:
    """After the map's step: the safety questions (a yes to each of `red_flags`), minutes,
    the ticks and radios, pressing Next between the wizard's steps; ends on the last step,
    before "Make my routine". Without JavaScript the one page holds every question."""
    wizard = is_wizard(page)
    if wizard:
        next_step(page, 2)
    answer_safety(page, red_flags, choices)
    if wizard:
        next_step(page, 3)
    page.get_by_label("How many minutes?").fill(minutes)
    tick_choices(page, choices, 3)
    if wizard:
        next_step(page, 4)
    tick_choices(page, choices, 4)


def submit(page: Page) -> Response:
    """Press "Make my routine"; the response of the POST /plan it sends."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Make my routine").click()
    response = navigation.value
    assert response is not None
    return response


def slip_past_the_browser(page: Page, field_id: str, value: str) -> None:
    """Put `value` in a field of a step already left, so that no check in the browser sees
    it and only the server judges it: what a browser with old or no script would send."""
    page.locator(f"#{field_id}").evaluate("(field, value) => { field.value = value; }", value)


def fill_ordinary_intake(page: Page, server_url: str, *, red_flags: tuple[str, ...] = ()) -> None:
    open_intake(page, server_url)
    for region in ORDINARY_PAIN:
        pick_on_map(page, region)
    rate_pain(page, ORDINARY_PAIN)
    answer_the_rest(page, red_flags=red_flags)


def reach_plan(page: Page, server_url: str) -> None:
    fill_ordinary_intake(page, server_url)
    assert submit(page).status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Your routine for today")


def stop_at_safety(page: Page, red_flags: tuple[str, ...]) -> Response:
    """From the map's step: a yes that needs emergency help on the safety step, and Next
    goes straight to the stop page, before any question about the massage."""
    next_step(page, 2)
    answer_safety(page, red_flags)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Next").click()
    response = navigation.value
    assert response is not None
    return response


def reach_stop(page: Page, server_url: str) -> None:
    open_intake(page, server_url)
    pick_on_map(page, "lower_back_left")
    rate_pain(page, {"lower_back_left": ("6", "10")})
    assert stop_at_safety(page, ("saddle_numbness",)).status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Get emergency help now")


def reach_form_error(page: Page, server_url: str) -> None:
    """The intake form again, answers kept, after a pain of 11 out of 10: the browser's
    check of the first step would have caught it, so it is slipped in afterwards."""
    fill_ordinary_intake(page, server_url)
    slip_past_the_browser(page, "intensity-lower_back_left", "11")
    assert submit(page).status == 422
    expect(page.get_by_role("heading", name="Please check this answer")).to_be_visible()


def reach_intake_step(number: int) -> Callable[[Page, str], None]:
    """How to reach the wizard's step `number` with the ordinary answers so far."""

    def reach(page: Page, server_url: str) -> None:
        open_intake(page, server_url)
        for region in ORDINARY_PAIN:
            pick_on_map(page, region)
        rate_pain(page, ORDINARY_PAIN)
        for step in range(2, number + 1):
            next_step(page, step)
            if step == 2 and step < number:
                answer_safety(page)
            if step < number:
                tick_choices(page, ORDINARY_CHOICES, step)

    return reach


def reach_step_problems(page: Page, server_url: str) -> None:
    """The safety step with the browser's message: Next pressed before any answer."""
    reach_intake_step(2)(page, server_url)
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#error-red_flags")).to_be_visible()


# Every page there is, by its screenshot name, and how a person gets there.
PAGES: dict[str, Callable[[Page, str], None]] = {
    "home": open_home,
    "intake": open_intake,
    "intake-2": reach_intake_step(2),
    "intake-3": reach_intake_step(3),
    "intake-4": reach_intake_step(4),
    "intake-step-problems": reach_step_problems,
    "plan": reach_plan,
    "stop": reach_stop,
    "form-error": reach_form_error,
}
