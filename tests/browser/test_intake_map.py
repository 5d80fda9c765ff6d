"""The intake's pain rows come from the page itself: a tick on the map adds its row at once
(no request), an untick removes it, and every row is checked on step 1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from support.browser.journeys import map_region, open_intake, pain_row, step_heading
from support.browser.phone import DESKTOP, PHONE, open_phone_page

pytestmark = pytest.mark.browser

REQUIRED = "required; expected an integer from 0 to 10"  # the server's own words
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(params=list(SIZES))
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page at phone size (taps) or desktop size (clicks); fails on console errors."""
    yield from open_phone_page(browser, **SIZES[request.param])


def _watch_requests(page: Page) -> list[str]:
    seen: list[str] = []

    def on_request(request: Request) -> None:
        seen.append(request.url)

    page.on("request", on_request)
    return seen


TAP_TWICE = """([first, second, gap]) => new Promise((done) => {
  const tap = (region) => document
    .querySelector(`.back-map--pick a.region[data-region="${region}"]`)
    .dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, view: window}));
  const started = performance.now();
  tap(first);
  setTimeout(() => { tap(second); done(performance.now() - started); }, gap);
})"""


def _tap_twice(page: Page, first: str, second: str, gap_ms: int) -> float:
    """Two taps on the map `gap_ms` apart, timed by the page's own clock (a test driver's
    round trips on a busy machine stretched 100 ms to 268); the gap, in ms. Real taps and
    clicks on the map are in the other tests."""
    for region in (first, second):
        expect(map_region(page, region)).to_be_visible()
    return float(page.evaluate(TAP_TWICE, [first, second, gap_ms]))


@pytest.mark.parametrize("gap_ms", [30, 100])
def test_two_quick_taps_give_two_rows(sized_page: Page, server_url: str, gap_ms: int) -> None:
    page = sized_page
    open_intake(page, server_url)
    requests = _watch_requests(page)

    gap = _tap_twice(page, "shoulder_left", "lower_back_right", gap_ms)

    assert gap < 250, f"the taps were {gap:.0f} ms apart, too slow to test this"
    for region in ("shoulder_left", "lower_back_right"):
        expect(page.locator(f"#region-{region}")).to_be_checked()
        expect(pain_row(page, region)).to_be_visible()
    # In the map's order, whatever the order of the taps.
    order = page.locator(".pain-row").evaluate_all("rows => rows.map(r => r.dataset.region)")
    assert order == ["shoulder_left", "lower_back_right"]
    assert requests == [], f"a tick asked the server: {requests}"
    expect(page.locator("[data-pain-empty]")).to_be_hidden()


def test_unticking_removes_the_row_and_its_answer(page: Page, server_url: str) -> None:
    open_intake(page, server_url)
    map_region(page, "spine").click()
    pain_row(page, "spine").fill("4")
    map_region(page, "spine").click()

    expect(page.locator("#region-spine")).not_to_be_checked()
    expect(pain_row(page, "spine")).to_have_count(0)
    expect(page.locator("[data-pain-empty]")).to_be_visible()
    page.locator("#region-upper_back_left").check()  # the list ticks it too
    expect(pain_row(page, "upper_back_left")).to_be_visible()
    map_region(page, "spine").click()
    expect(pain_row(page, "spine")).to_have_value("")  # a fresh row, not the old answer


def test_every_row_is_checked_on_step_one(sized_page: Page, server_url: str) -> None:
    page = sized_page
    open_intake(page, server_url)
    _tap_twice(page, "shoulder_right", "lower_back_left", 50)
    pain_row(page, "shoulder_right").fill("5")
    page.locator("#weeks-shoulder_right").fill("-1")

    page.get_by_role("button", name="Next").click()

    expect(step_heading(page, 1)).to_be_visible()
    expect(page.locator("#error-weeks-shoulder_right")).to_have_text(
        "Error: expected an integer from 0 to 2600, got -1"
    )
    expect(page.locator("#error-intensity-lower_back_left")).to_have_text(f"Error: {REQUIRED}")
    expect(page.locator("#weeks-shoulder_right")).to_be_focused()
    page.locator("#weeks-shoulder_right").fill("2")
    pain_row(page, "lower_back_left").fill("7")
    page.get_by_role("button", name="Next").click()
    expect(step_heading(page, 2)).to_be_focused()
