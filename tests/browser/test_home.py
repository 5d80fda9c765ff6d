"""The home page in Chromium: signed out, what backrub is; signed in with a saved routine
and a history, "today" - the next session, the last one and its ratings, the verdict,
this week's sessions against the plan, and one button that starts the saved routine."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from backrub.contract.records import SessionRecord
from backrub.progress.demo import demo_person
from backrub.web.home.views import long_day, next_session_day
from support.browser.home_journeys import go_home, open_today
from support.browser.journal_journeys import go
from support.browser.journeys import ORDINARY_PAIN, open_home, picture
from support.browser.phone import DESKTOP, PHONE, open_phone_page

pytestmark = pytest.mark.browser

WEEKS = 8  # history_file's default
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(params=list(SIZES))
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page at phone or desktop size; fails on console or script errors."""
    yield from open_phone_page(browser, **SIZES[request.param])


def _demo_sessions() -> tuple[SessionRecord, ...]:
    """The sessions `bring_history` imports: the demo's, the same dates, ending yesterday."""
    start = datetime.date.today() - datetime.timedelta(weeks=WEEKS)
    start -= datetime.timedelta(days=start.weekday())
    return demo_person(weeks=WEEKS, start=start).sessions


def test_signed_out_visitors_see_what_backrub_is(page: Page, server_url: str) -> None:
    open_home(page, server_url)
    expect(page.locator("[data-today]")).to_have_count(0)
    expect(page.get_by_role("link", name="Start")).to_have_attribute("href", "/intake")


def test_today_card_for_a_person_with_a_routine_and_sessions(
    sized_page: Page, server_url: str
) -> None:
    page = sized_page
    open_today(page, server_url)
    today = datetime.date.today()
    sessions = _demo_sessions()
    last = max(sessions, key=lambda s: s.started)
    monday = today - datetime.timedelta(days=today.weekday())
    this_week = sum(1 for s in sessions if monday <= s.date <= today)

    expected_next = long_day(next_session_day(sessions, today, ("mon", "wed", "fri")), today)
    expect(page.locator('[data-today="next"]')).to_have_text(expected_next)
    expect(page.locator('[data-today="last"]')).to_contain_text(long_day(last.date, today))
    expect(page.locator('[data-today="last"]')).to_contain_text(
        re.compile(r"pain before → after: \d+(\.\d)? → \d+(\.\d)?")
    )
    expect(page.locator('[data-today="week"]')).to_have_text(
        f"{this_week} {'session' if this_week == 1 else 'sessions'} of the 2-3 planned"
    )
    verdict = page.locator('[data-today="verdict"]').inner_text()
    if page.viewport_size == PHONE["viewport"]:
        picture(page, "home-today")

    go(page, "Progress", "Your progress")  # the same verdict, in the progress page's words
    headline = page.locator("#verdict-title").inner_text()
    assert verdict.startswith(headline.rstrip(".") + "."), (verdict, headline)

    go_home(page)
    page.get_by_role("link", name="Start today's routine").click()
    expect(page).to_have_url(re.compile(r"/player$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's routine")


def test_the_plan_link_starts_from_the_saved_answers(page: Page, server_url: str) -> None:
    open_today(page, server_url)
    go(page, "Plan", "Your back today")
    for region, (intensity, weeks) in ORDINARY_PAIN.items():
        expect(page.locator(f"#region-{region}")).to_be_checked()
        expect(page.locator(f"#intensity-{region}")).to_have_value(intensity)
        expect(page.locator(f"#weeks-{region}")).to_have_value(weeks)
    expect(page.locator("#giver-partner")).to_be_checked()
    expect(page.get_by_text("Nothing you enter is stored")).to_have_count(0)
