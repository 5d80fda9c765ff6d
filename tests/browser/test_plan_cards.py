"""The plan's short cards and their stroke diagrams, in a real Chromium (issue 12, part 1).

Each card: the diagram, one line of what to do, time and pressure, and a "How" that
opens the full instructions. The same diagram shows in the player, where it moves
while a step runs (`.is-running`) and stays still when the person asks for reduced motion.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from backrub.diagrams import describe
from backrub.knowledge import load
from backrub.web.intake.views import duration
from support.browser.journeys import (
    ORDINARY_PAIN,
    SCREENSHOTS,
    answer_the_rest,
    open_intake,
    pick_on_map,
    rate_pain,
    reach_plan,
    submit,
)
from support.browser.phone import DESKTOP, PHONE, open_phone_page
from support.browser.player_journeys import open_running_player
from support.intakes import make_intake, plan_for

pytestmark = pytest.mark.browser

SIZES = {"phone": PHONE, "desktop": DESKTOP}
# On the phone a card, closed, takes at most half the screen: two steps show at once
# (the long cards of before took more than a screen each).
CARD_MAX_PX = PHONE["viewport"]["height"] / 2
ANIMATION = "getComputedStyle(document.querySelector('{}')).animationName"
FIRST_MARK = "ol.steps > li.step .dg-mark--glide .dg-anim"
RUNNING_MARK = ".player-step:not([hidden]) .dg-anim"  # the heat step's, which runs first


@pytest.fixture(params=list(SIZES))
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    yield from open_phone_page(browser, **SIZES[request.param])


def test_each_card_is_the_diagram_one_line_and_a_how(sized_page: Page, server_url: str) -> None:
    page = sized_page
    reach_plan(page, server_url)
    kb, plan = load(), plan_for(make_intake())
    cards = page.locator("ol.steps > li.step")
    expect(cards).to_have_count(len(plan["steps"]))
    for card, step in zip(cards.all(), plan["steps"], strict=True):
        picture_ = card.get_by_role("img")
        expect(picture_).to_be_visible()
        expected = describe(kb, step["technique"], step["regions"], step["tool"])
        expect(picture_).to_have_attribute("aria-label", expected)
        expect(card.locator(".card-do")).to_have_text(step["cue"])
        expect(card.locator(".step-time")).to_have_text(duration(step["seconds"]))
        expect(card.locator(".card-facts")).to_contain_text(
            f"{step['pressure']} pressure", ignore_case=True
        )
        instructions = card.locator(".instructions")
        expect(instructions).to_be_hidden()
        if page.viewport_size == PHONE["viewport"]:
            assert (card.bounding_box() or {"height": 1e9})["height"] <= CARD_MAX_PX
        card.locator("summary").click()
        expect(instructions).to_be_visible()
        expect(instructions).to_have_text(step["instructions"])


def test_a_plan_card_on_a_phone(page: Page, server_url: str) -> None:
    reach_plan(page, server_url)
    card = page.locator("ol.steps > li.step").first
    card.scroll_into_view_if_needed()
    expect(card.get_by_role("img")).to_be_in_viewport()
    expect(card.get_by_role("group")).to_have_count(1)  # the closed "How"
    picture_of(card, "plan-card")


def picture_of(element: Locator, name: str) -> None:
    """docs/screenshots/<name>.png of one element, only when BACKRUB_SCREENSHOTS=1."""
    if os.environ.get("BACKRUB_SCREENSHOTS") == "1":
        element.screenshot(path=SCREENSHOTS / f"{name}.png", animations="disabled", caret="initial")


def picture_here(page: Page, element: Locator, name: str) -> None:
    """docs/screenshots/<name>.png: the phone's screen with `element` scrolled into it."""
    if os.environ.get("BACKRUB_SCREENSHOTS") == "1":
        element.scroll_into_view_if_needed()
        page.mouse.move(0, 0)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", animations="disabled", caret="initial")


def test_the_diagram_moves_only_while_a_step_runs(page: Page, server_url: str) -> None:
    reach_plan(page, server_url)
    assert page.evaluate(ANIMATION.format(FIRST_MARK)) == "none"  # a plan card stays still
    page.evaluate("document.querySelector('main').classList.add('is-running')")
    assert page.evaluate(ANIMATION.format(FIRST_MARK)) == "dg-flow"


def test_reduced_motion_keeps_the_diagram_still(page: Page, server_url: str) -> None:
    page.emulate_media(reduced_motion="reduce")
    reach_plan(page, server_url)
    page.evaluate("document.querySelector('main').classList.add('is-running')")
    assert page.evaluate(ANIMATION.format(FIRST_MARK)) == "none"


def test_the_player_shows_the_diagram_and_moves_it_while_the_step_runs(
    page: Page, server_url: str
) -> None:
    open_running_player(page, server_url)
    step = page.locator(".player-step:visible")
    expect(step).to_have_count(1)
    expect(step.get_by_role("img", name=re.compile("warm pack"))).to_be_visible()  # heat first
    expect(page.locator("#player")).to_have_class(re.compile(r"\bis-running\b"))
    assert page.evaluate(ANIMATION.format(RUNNING_MARK)) == "dg-rise"
    page.get_by_role("button", name="Skip the heat").click()
    glide = step.get_by_role("img", name=re.compile("gliding strokes"))
    expect(glide).to_be_visible()
    assert page.evaluate(ANIMATION.format(RUNNING_MARK)) == "dg-flow"
    picture_here(page, glide, "player-diagram")
    page.get_by_role("button", name="Pause").click()
    expect(page.locator("#player")).not_to_have_class(re.compile(r"\bis-running\b"))
    assert page.evaluate(ANIMATION.format(RUNNING_MARK)) == "none"


def test_the_player_keeps_the_diagram_still_under_reduced_motion(
    page: Page, server_url: str
) -> None:
    page.emulate_media(reduced_motion="reduce")
    open_running_player(page, server_url)
    expect(page.locator("#player")).to_have_class(re.compile(r"\bis-running\b"))
    assert page.evaluate(ANIMATION.format(RUNNING_MARK)) == "none"


def test_the_printout_shows_each_card_with_its_diagram_and_instructions_on_one_page(
    page: Page, server_url: str
) -> None:
    open_intake(page, server_url)
    for region in ORDINARY_PAIN:
        pick_on_map(page, region)
    rate_pain(page, ORDINARY_PAIN)
    answer_the_rest(page, minutes="5")  # short enough to print every instruction in full
    assert submit(page).status == 200
    page.emulate_media(media="print")
    cards = page.locator("ol.steps > li.step")
    expect(cards.first).to_be_visible()
    for card in cards.all():
        expect(card.get_by_role("img")).to_be_visible()
        expect(card.locator("summary")).to_be_hidden()
        expect(card.locator(".instructions")).to_be_visible()  # the closed "How", printed
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
