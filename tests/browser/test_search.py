"""Search in a real Chromium: the header's box on a phone, the results with the matched
words marked, a result's link to its guide; no console error on the way (CSP included)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from support.browser.journal_journeys import heading
from support.browser.journeys import picture
from support.browser.search_journeys import search_from

pytestmark = pytest.mark.browser


def test_a_search_from_the_header_on_a_phone(page: Page, server_url: str) -> None:
    page.goto(server_url + "/")
    box = page.get_by_role("searchbox", name="Search guides and tips")
    expect(box).to_be_visible()
    width = page.viewport_size["width"] if page.viewport_size else 0
    found = box.bounding_box()
    assert found and found["x"] >= 0 and found["x"] + found["width"] <= width  # fits
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll

    search_from(page, server_url, "levator scap", start="/")
    results = page.locator(".search-results > li")
    expect(results).to_have_count(2)
    expect(results.first.locator("mark").first).to_have_text("levator", ignore_case=True)
    expect(page.get_by_role("searchbox", name="Search guides and tips")).to_have_value(
        "levator scap"
    )
    picture(page, "search")
    results.first.get_by_role("link", name="Left shoulder").click()
    heading(page, "Left shoulder")
    assert page.url.endswith("/guides/regions/shoulder_left")


def test_nothing_found_says_what_to_try(page: Page, server_url: str) -> None:
    search_from(page, server_url, 'zzqx "<b>')
    expect(page.get_by_role("status")).to_have_text('No guides or tips match “zzqx "<b>”.')
    expect(page.get_by_role("link", name="every guide")).to_be_visible()
