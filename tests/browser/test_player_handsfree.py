"""The hands-free player in a real Chromium: a chime and a buzz at each step change and ten
seconds before, the keys Space, N and B, and pain as a 0-10 tap scale.

The chime (an OscillatorNode's start) and the buzz (navigator.vibrate) are recorded by an
init script (`listen_to_the_signals`); the page's clock is Playwright's, moved by the test
from one cue to the next, so every signal is checked at the moment it falls due.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from backrub.contract.intake import parse_intake
from backrub.contract.plan import Plan, clock
from backrub.knowledge import load
from backrub.planning.planner import make_plan
from backrub.session.clock import WARNING_SECONDS, cue_points
from backrub.session.cues import run_steps, title
from support.browser.phone import DESKTOP, PHONE, open_phone_page
from support.browser.player_journeys import (
    listen_to_the_player,
    listen_to_the_signals,
    open_player,
    pause_the_page_clock,
    rate,
    signals,
)
from support.intakes import make_intake

pytestmark = pytest.mark.browser

CHANGE = [["tone", 660], ["tone", 880], ["buzz", [180, 90, 180]]]
WARNING = [["tone", 660], ["buzz", [120]]]
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(params=list(SIZES))
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """The keys on a laptop, the taps on a phone: both pages at both sizes."""
    yield from open_phone_page(browser, **SIZES[request.param])


def _plan() -> Plan:
    """A new account's plan: no history, so nothing to adapt."""
    return make_plan(parse_intake(make_intake()))


class Heard:
    """The signals recorded so far; `new()` answers those since the last call."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.seen = 0

    def new(self) -> list[list[Any]]:
        everything = signals(self.page)
        fresh = everything[self.seen :]
        self.seen = len(everything)
        return fresh


def _running_player(page: Page, server_url: str) -> Plan:
    page.clock.install()
    listen_to_the_player(page)
    listen_to_the_signals(page)
    open_player(page, server_url)
    pause_the_page_clock(page)
    return _plan()


def _status(page: Page, plan: Plan, index: int) -> None:
    expect(page.locator("#player-status")).to_have_text(title(plan, index, load()))


def test_a_chime_and_a_buzz_at_each_step_change_and_ten_seconds_before(
    page: Page, server_url: str
) -> None:
    plan = _running_player(page, server_url)
    heard = Heard(page)
    root = page.locator("#player")
    page.get_by_role("button", name="Start", exact=True).click()
    expect(root).to_have_class(re.compile(r"\bis-running\b"))
    assert heard.new() == CHANGE  # the first step starts

    steps = run_steps(plan)
    warned = 0
    for index, step in enumerate(steps):
        _status(page, plan, index)
        warns = any(kind == "ten_seconds" for _, kind, _ in cue_points(step))
        if warns:
            page.clock.run_for(int((step.seconds - WARNING_SECONDS) * 1000) - 1)
            assert heard.new() == [], f"step {index}: a signal before its time"
            page.clock.run_for(1)
            expect(page.get_by_role("timer")).to_have_text(clock(int(WARNING_SECONDS)))
            assert heard.new() == WARNING, f"step {index}: ten seconds before"
            warned += 1
            page.clock.run_for(int(WARNING_SECONDS * 1000))
        else:
            page.clock.run_for(step.seconds * 1000)
        assert heard.new() == CHANGE, f"step {index}: its end (the next step, or the end)"

    assert warned >= len(steps) - 1  # this plan's steps are long enough to warn
    expect(page.get_by_role("heading", name="After the massage")).to_be_visible()
    expect(root).not_to_have_class(re.compile(r"\bis-running\b"))


def test_space_pauses_n_goes_on_and_b_goes_back(sized_page: Page, server_url: str) -> None:
    page = sized_page
    plan = _running_player(page, server_url)
    first = 1 if plan.before else 0  # the heat, if any, comes first
    root = page.locator("#player")
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_text("Keys: Space pause, N next, B back.")).to_be_visible()
    page.locator("#player-running-title").focus()  # not on a button: Space is ours

    page.keyboard.press("Space")
    expect(page.get_by_text("Paused: press Resume to go on.")).to_be_visible()
    expect(root).not_to_have_class(re.compile(r"\bis-running\b"))
    page.clock.run_for(30_000)
    expect(page.get_by_role("timer")).to_have_text(clock(run_steps(plan)[0].seconds))
    page.keyboard.press("Space")
    expect(page.get_by_text("Paused: press Resume to go on.")).to_be_hidden()
    expect(root).to_have_class(re.compile(r"\bis-running\b"))

    page.keyboard.press("n")
    _status(page, plan, 1)
    page.keyboard.press("N")
    _status(page, plan, 2)
    page.keyboard.press("b")
    _status(page, plan, 1)
    if first:  # back from step 1 never returns to the heat
        page.keyboard.press("B")
        _status(page, plan, 1)

    # In a text field the letters are the person's, not the player's.
    typed = "new KeyboardEvent('keydown', {key: 'n', bubbles: true, cancelable: true})"
    page.evaluate(f"document.getElementById('note').dispatchEvent({typed})")
    _status(page, plan, 1)
    page.keyboard.press("Control+n")  # a browser shortcut is left alone too
    _status(page, plan, 1)


def test_pain_is_a_row_of_eleven_buttons_for_fingers_keys_and_screen_readers(
    sized_page: Page, server_url: str
) -> None:
    page = sized_page
    listen_to_the_player(page)
    open_player(page, server_url)
    group = page.get_by_role("group", name=re.compile(r"^Pain now in the lower back \(left\)"))
    radios = group.get_by_role("radio")
    expect(radios).to_have_count(11)
    assert [radios.nth(i).get_attribute("value") for i in range(11)] == [str(n) for n in range(11)]
    box = page.locator("label[for='before-lower_back_left-7']").bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 26  # a fingertip's target

    rate(page, "before", "lower_back_left", 3)
    page.keyboard.press("ArrowRight")
    expect(group.get_by_role("radio", name="4", exact=True)).to_be_checked()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(group.get_by_role("radio", name="2", exact=True)).to_be_checked()
    expect(group.get_by_role("radio", name="3", exact=True)).not_to_be_checked()
