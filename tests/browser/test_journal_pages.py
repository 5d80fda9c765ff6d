"""The journal pages in a real Chromium at phone size: a check-in, progress with its charts,
next-day soreness, and the header's menu on a 360 px phone."""

from __future__ import annotations

import datetime
import json
import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from support.browser.journal_journeys import (
    PAGES,
    bring_history,
    go,
    go_to_menu,
    heading,
    open_checkin,
    open_progress,
)
from support.browser.journeys import picture
from support.browser.player_journeys import sign_up_in_browser

pytestmark = pytest.mark.browser


@pytest.fixture
def small_phone(page: Page) -> Page:
    """The narrowest phone the pages are made for: 360 px wide."""
    page.set_viewport_size({"width": 360, "height": 740})
    return page


def fits_the_screen(page: Page) -> None:
    """Nothing wider than the screen: the page never scrolls sideways (charts scroll inside)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


@pytest.mark.parametrize("name", list(PAGES))
def test_each_journal_page_fits_a_phone(page: Page, server_url: str, name: str) -> None:
    PAGES[name](page, server_url)
    fits_the_screen(page)
    picture(page, name)


def test_a_weekly_check_in_then_progress(page: Page, server_url: str) -> None:
    open_checkin(page, server_url)
    page.get_by_label("what number describes your pain on average").fill("6")
    page.get_by_label("enjoying life").fill("5")
    page.get_by_label("usual activities").fill("4")
    page.get_by_label("How well have you slept").fill("7")
    page.get_by_label("Yes: count the statements I tick below").check()
    page.get_by_text("The 24 statements").click()  # opens them
    page.get_by_label("I walk more slowly than I normally do.").check()
    page.get_by_label("I sleep worse than usual.").check()
    page.get_by_role("button", name="Keep my check-in").click()
    expect(page).to_have_url(re.compile(r"/progress\?kept="))
    heading(page, "Your progress")
    expect(page.get_by_role("status")).to_have_text(
        "Check-in kept: PEG 5.0 (pain 6, enjoyment 5, activity 4), sleep 7/10, Roland-Morris 2/24."
    )
    today = datetime.date.today().isoformat()
    expect(page.locator(f'.checkins time[datetime="{today}"]')).to_be_visible()
    picture(page, "progress-after-checkin")


def test_a_bad_check_in_keeps_the_answers(page: Page, server_url: str) -> None:
    open_checkin(page, server_url)
    page.get_by_label("enjoying life").fill("5")
    page.get_by_label("How stressed").fill("9")
    page.get_by_role("button", name="Keep my check-in").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Pain on average: expected a whole number from 0 to 10")
    expect(summary).to_contain_text("Stress: expected a whole number from 1 to 5, got '9'")
    expect(page.get_by_label("enjoying life")).to_have_value("5")
    summary.get_by_role("link", name=re.compile("^Stress")).click()
    expect(page.get_by_label("How stressed")).to_be_focused()


def test_a_far_dated_check_in_is_refused_and_a_distant_one_drawn(
    page: Page, server_url: str
) -> None:
    """Issue 12: a check-in dated 2099 broke the progress page for good. It is refused
    beside its field, the answers kept; one from 1950 is kept and every chart drawn
    (the page fixture fails on any console error)."""
    open_checkin(page, server_url)
    page.get_by_label("what number describes your pain on average").fill("3")
    page.get_by_label("enjoying life").fill("3")
    page.get_by_label("usual activities").fill("3")
    date = page.get_by_label("Date of this check-in")
    date.fill("2099-01-01")
    page.get_by_role("button", name="Keep my check-in").click()
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    refusal = f"expected a date from 1900-01-01 to {tomorrow} (tomorrow), got 2099-01-01"
    expect(page.get_by_role("alert")).to_contain_text(f"Date: {refusal}")
    expect(page.locator("#error-date")).to_contain_text(refusal)
    expect(date).to_have_value("2099-01-01")
    expect(page.get_by_label("enjoying life")).to_have_value("3")
    date.fill("1950-06-01")
    page.get_by_role("button", name="Keep my check-in").click()
    expect(page).to_have_url(re.compile(r"/progress\?kept="))
    heading(page, "Your progress")
    expect(page.locator('.checkins time[datetime="1950-06-01"]')).to_be_visible()
    charts = page.locator(".chart-frame img")
    expect(charts).to_have_count(4)
    for chart in charts.all():
        expect(chart).to_have_js_property("complete", True)
        assert chart.evaluate("img => img.naturalWidth") > 0


def test_progress_draws_the_charts_in_their_colours(page: Page, server_url: str) -> None:
    open_progress(page, server_url)  # waits until the four charts have loaded
    charts = page.locator(".chart-frame img")
    for index in range(4):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 150
    # Each chart is an SVG document of its own, so its styles apply under the page's CSP:
    # the pain chart's dots are blue (the colour is a style), its background white.
    pixels = page.evaluate(
        """() => {
        const img = document.querySelector('#chart-pain img');
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const context = canvas.getContext('2d');
        context.drawImage(img, 0, 0);
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        const near = (i, r, g, b) =>
            Math.abs(data[i] - r) < 16 && Math.abs(data[i + 1] - g) < 16
            && Math.abs(data[i + 2] - b) < 16 && data[i + 3] > 200;
        let blue = 0, white = 0;
        for (let i = 0; i < data.length; i += 4) {
            if (near(i, 0x25, 0x63, 0xeb)) blue++;
            if (near(i, 0xff, 0xff, 0xff)) white++;
        }
        return {blue, white, all: data.length / 4};
    }"""
    )
    assert pixels["blue"] > 50, pixels
    assert pixels["white"] > pixels["all"] / 2, pixels
    expect(page.get_by_role("img", name="Pain before each session")).to_be_visible()
    picture(page, "progress")


def test_soreness_the_day_after(page: Page, server_url: str) -> None:
    sign_up_in_browser(page, server_url)
    bring_history(page, server_url)
    export = json.loads(page.request.get(server_url + "/export.json").body())
    yesterday = export["people"][0]["sessions"][-1]
    started = datetime.datetime.now().astimezone() - datetime.timedelta(hours=20)
    session = {
        **yesterday,
        "id": uuid.uuid4().hex,
        "started": started.isoformat(),
        "ended": (started + datetime.timedelta(minutes=15)).isoformat(),
        "soreness_next_day": None,
    }
    export["people"][0]["sessions"] = [session]
    go_to_menu(page, "Export and import", "Export and import")
    content = json.dumps(export).encode()
    upload = {"name": "j.json", "mimeType": "application/json", "buffer": content}
    page.get_by_label("Journal file").set_input_files(files=[upload])
    page.get_by_role("button", name="Import").click()
    go(page, "Journal", "Your journal")
    card = page.locator(f"#session-{session['id']}")
    card.get_by_label("How sore is your back the day after").fill("3")
    card.get_by_role("button", name="Keep").click()
    expect(page.get_by_role("status")).to_contain_text("Soreness 3/10 kept with your session of")
    expect(page.locator(f"#session-{session['id']}")).to_contain_text("Sore the day after: 3 of 10")


def test_the_header_on_a_small_phone(small_phone: Page, server_url: str) -> None:
    page = small_phone
    page.goto(server_url + "/")
    signed_out = page.get_by_role("navigation", name="Main")
    for name in ("Plan a routine", "Sign in", "Sign up"):
        expect(signed_out.get_by_role("link", name=name)).to_be_visible()
    sign_up_in_browser(page, server_url)
    main = page.get_by_role("navigation", name="Main")
    tops = set()
    for name in ("Plan", "Journal", "Progress", "Check-in"):
        link = main.get_by_role("link", name=name, exact=True)
        box = link.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 360, name
        tops.add(round(box["y"]))
    assert len(tops) == 1, "the four links sit on one row"
    expect(main.get_by_role("link", name="Journal")).to_have_attribute("aria-current", "page")
    fits_the_screen(page)
    page.get_by_role("navigation", name="Account").get_by_text("Menu").click()
    picture(page, "menu")
    page.get_by_role("button", name="Sign out").click()
    signed_out = page.get_by_role("navigation", name="Main")
    expect(signed_out.get_by_role("link", name="Sign in")).to_be_visible()
