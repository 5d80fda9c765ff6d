"""Readers' tips in a real Chromium: a tip waits for a moderator, seen by its author
alone; a moderator approves it in /moderation and then everyone sees it; a rejected tip
stays hidden and its author reads why. The ALTCHA box is solved in the page, and the
moderator is made with `backrub admin grant-moderator`, as an operator would."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from support.browser.guide_journeys import open_guide
from support.browser.journal_journeys import heading
from support.browser.journeys import picture
from support.browser.phone import open_phone_page
from support.browser.player_journeys import sign_up_in_browser
from support.browser.search_journeys import search_from
from support.browser.servers import journal_of
from support.browser.tip_journeys import (
    approve,
    grant_moderator,
    open_moderation,
    open_tips,
    queue_item,
    reject,
    section_picture,
    share_tip,
)

pytestmark = pytest.mark.browser

GUIDE = "/guides/techniques/vibration"


@pytest.fixture
def second_page(browser: Browser) -> Iterator[Page]:
    """Another person's phone: a context of its own, failing on console errors too."""
    yield from open_phone_page(browser)


@pytest.fixture
def moderator_page(browser: Browser, server_url: str) -> Iterator[Page]:
    """A moderator, signed in on a phone of their own."""
    with contextlib.contextmanager(open_phone_page)(browser) as page:
        email = sign_up_in_browser(page, server_url)
        grant_moderator(journal_of(server_url), email)
        page.reload()  # the header's menu shows Moderation from now on
        yield page


def _words() -> str:
    return f"Go slowly over the shoulder blade, tip {uuid.uuid4().hex[:8]}"


def test_a_tip_waits_for_a_moderator_then_everyone_sees_it(
    page: Page, second_page: Page, moderator_page: Page, server_url: str
) -> None:
    words = _words()
    sign_up_in_browser(page, server_url)
    open_tips(page, server_url, GUIDE)
    share_tip(page, f"{words}, and *never* on the spine.")
    page.get_by_role("link", name="Back to the guide").click()
    mine = page.locator(".tip").filter(has_text=words)
    expect(mine).to_contain_text("Waiting for approval")
    expect(mine.locator("em")).to_have_text("never")

    open_tips(second_page, server_url, GUIDE)  # signed out
    expect(second_page.get_by_text(words)).to_have_count(0)
    expect(second_page.get_by_role("link", name="Sign in to share a tip")).to_be_visible()

    open_moderation(moderator_page)
    expect(queue_item(moderator_page, words)).to_contain_text("Vibration")
    approve(moderator_page, words)
    expect(queue_item(moderator_page, words)).to_have_count(0)
    expect(moderator_page.locator(".decision-log")).to_contain_text("Approved")

    second_page.reload()
    shown = second_page.locator(".tip").filter(has_text=words)
    expect(shown).to_be_visible()
    expect(shown).not_to_contain_text("Waiting for approval")
    page.reload()
    expect(page.locator(".tip").filter(has_text=words)).not_to_contain_text("Waiting")


def test_a_rejected_tip_stays_hidden_and_its_author_reads_why(
    page: Page, second_page: Page, moderator_page: Page, server_url: str
) -> None:
    words = _words()
    sign_up_in_browser(page, server_url)
    open_tips(page, server_url, GUIDE)
    share_tip(page, words)
    moderator_page.reload()
    open_moderation(moderator_page)
    reject(moderator_page, words, "Please say which hand part you use")
    expect(moderator_page.locator(".decision-log")).to_contain_text(
        "Please say which hand part you use"
    )

    open_tips(page, server_url, GUIDE)
    mine = page.locator(".tip").filter(has_text=words)
    expect(mine).to_contain_text("Not approved: Please say which hand part you use")
    open_tips(second_page, server_url, GUIDE)
    expect(second_page.get_by_text(words)).to_have_count(0)

    mine.get_by_role("link", name="Edit").click()
    heading(page, "Edit your tip")
    page.get_by_label("Your tip").fill(words + " with the palm")
    page.get_by_role("button", name="Save and send for approval").click()
    expect(page.locator(".tip").filter(has_text=words)).to_contain_text("Waiting for approval")


def test_a_reader_without_moderation_is_refused_the_queue(page: Page, server_url: str) -> None:
    sign_up_in_browser(page, server_url)
    menu = page.get_by_role("navigation", name="Account")
    menu.get_by_text("Menu").click()
    expect(menu.get_by_role("link", name="Moderation")).to_have_count(0)
    response = page.goto(server_url + "/moderation")
    assert response is not None and response.status == 403
    expect(page.get_by_text("Only moderators")).to_be_visible()


def test_tried_as_a_new_user_would(
    page: Page, second_page: Page, moderator_page: Page, server_url: str
) -> None:
    """Home, a technique and its diagram, a related guide, a search, a tip shared, the
    moderator's queue, the tip approved and shown to anyone: docs/screenshots/learn-*.png."""
    open_guide(page, server_url, "Techniques", "Petrissage (kneading)")
    expect(page.locator(".guide-picture").get_by_role("img")).to_be_visible()
    picture(page, "learn-1-technique")
    related = page.get_by_role("region", name="You may also like").get_by_role("link").first
    title = related.inner_text()
    related.click()
    heading(page, title[:1].upper() + title[1:])
    picture(page, "learn-2-related")
    search_from(page, server_url, "kneading", start=page.url.removeprefix(server_url))
    results = page.locator(".search-results")
    expect(results.locator("mark").first).to_be_visible()
    picture(page, "learn-3-search")
    results.get_by_role("link", name="Petrissage (kneading)").first.click()
    heading(page, "Petrissage (kneading)")

    words = "Knead one side, then the other"  # only this test shares tips on petrissage
    page.get_by_role("link", name="Sign in to share a tip").click()
    heading(page, "Sign in")
    sign_up_in_browser(page, server_url)
    page.goto(server_url + "/guides/techniques/petrissage")
    share_tip(page, f"{words}: **slow** and even.")
    page.get_by_role("link", name="Back to the guide").click()
    expect(page.locator(".tip").filter(has_text=words)).to_contain_text("Waiting for approval")
    section_picture(page, "#tips", "learn-4-tip-waiting")

    open_moderation(moderator_page)
    expect(queue_item(moderator_page, words)).to_be_visible()
    section_picture(moderator_page, "main", "learn-5-moderation")
    approve(moderator_page, words)

    page.reload()
    expect(page.locator(".tip").filter(has_text=words)).not_to_contain_text("Waiting")
    open_tips(second_page, server_url, "/guides/techniques/petrissage")  # anyone, signed out
    shown = second_page.locator(".tip").filter(has_text=words)
    expect(shown.locator("strong")).to_have_text("slow")
    section_picture(second_page, "#tips", "learn-6-tip-shown")
