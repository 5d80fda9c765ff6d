"""The progress charts on a 360 px phone (issue 12: they were 510 px wide in a 356 px box,
titles and legends cut off; a one-session chart's axis ran from 2024 to 2030)."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from support.browser.journal_journeys import go, go_to_menu, history_file
from support.browser.player_journeys import sign_up_in_browser

pytestmark = pytest.mark.browser

# Every <text> of the SVG document as the browser lays it out (rotation included), and
# the drawing's own box: the document is opened on its own, at its 360 px.
TEXT_BOXES = """() => {
    const svg = document.documentElement;
    const frame = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')].map(t => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    });
    return {width: frame.width, height: frame.height, viewBox: svg.getAttribute('viewBox'), texts};
}"""


@pytest.fixture
def small_phone(page: Page) -> Page:
    page.set_viewport_size({"width": 360, "height": 740})
    return page


def bring(page: Page, server_url: str, *, sessions: int | None = None) -> None:
    """Twelve weeks of demo history through the import page; only the last `sessions`
    sessions and no check-ins when given."""
    go_to_menu(page, "Export and import", "Export and import")
    document = json.loads(history_file(page.request.get(server_url + "/export.json").body(), 12))
    if sessions is not None:
        person = document["people"][0]
        person["sessions"], person["checkins"] = person["sessions"][-sessions:], []
    upload = {
        "name": "journal.json",
        "mimeType": "application/json",
        "buffer": json.dumps(document).encode(),
    }
    page.get_by_label("Journal file").set_input_files(files=[upload])
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text("Added 0 people,")


def chart_urls(page: Page) -> list[str]:
    """The progress page's four charts, once each has loaded as a picture."""
    go(page, "Progress", "Your progress")
    charts = page.locator(".chart-frame img")
    expect(charts).to_have_count(4)
    for chart in charts.all():
        expect(chart).to_have_js_property("complete", True)
        assert chart.evaluate("img => img.naturalWidth") == 360
    return [str(chart.get_attribute("src")) for chart in charts.all()]


def overlap(one: dict[str, Any], other: dict[str, Any]) -> bool:
    return not (
        one["right"] <= other["left"] + 0.5
        or other["right"] <= one["left"] + 0.5
        or one["bottom"] <= other["top"] + 0.5
        or other["bottom"] <= one["top"] + 0.5
    )


def test_charts_fit_a_360px_phone_with_nothing_cut_off(small_phone: Page, server_url: str) -> None:
    page = small_phone
    sign_up_in_browser(page, server_url)
    bring(page, server_url)
    urls = chart_urls(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scroll
    for frame in page.locator(".chart-frame").all():
        box, image = frame.bounding_box(), frame.locator("img").bounding_box()
        assert box is not None and image is not None
        assert image["width"] <= box["width"] + 0.5 and image["x"] + image["width"] <= 360
        assert image["width"] >= 0.9 * box["width"]  # it fills its box: scaled, not clipped
        assert frame.evaluate("f => f.scrollWidth <= f.clientWidth")
    for url in urls:
        page.goto(server_url + url)
        drawn = page.evaluate(TEXT_BOXES)
        assert drawn["viewBox"].startswith("0 0 360 ") and drawn["width"] == 360, url
        texts = drawn["texts"]
        assert len(texts) >= 10, url  # title, legend, ticks: a chart, not a message
        for text in texts:  # the title, the legend's labels, the ticks: inside the drawing
            assert text["left"] >= 0 and text["right"] <= drawn["width"], (url, text)
            assert text["top"] >= 0 and text["bottom"] <= drawn["height"], (url, text)
        for n, text in enumerate(texts):  # and none written over another
            clash = [other["text"] for other in texts[n + 1 :] if overlap(text, other)]
            assert not clash, (url, text["text"], clash)


def test_a_one_session_chart_spans_the_days_around_it(small_phone: Page, server_url: str) -> None:
    page = small_phone
    sign_up_in_browser(page, server_url)
    bring(page, server_url, sessions=1)
    url = chart_urls(page)[0]
    session_day = datetime.date.fromisoformat(
        str(page.locator(".recent time").first.get_attribute("datetime"))
    )
    page.goto(server_url + url)
    labels = [text["text"] for text in page.evaluate(TEXT_BOXES)["texts"]]
    assert "Pain before each session" in labels
    assert not [label for label in labels if re.fullmatch(r"\d{4}", label)], labels  # no years
    dates = [
        datetime.datetime.strptime(f"{found[1]} {found[2] or session_day.year}", "%d %b %Y").date()
        for label in labels
        if (found := re.fullmatch(r"(\d{1,2} [A-Z][a-z]{2})(?: (\d{4}))?", label))
    ]
    assert len(dates) >= 3, labels
    assert all(abs((day - session_day).days) <= 4 for day in dates), (session_day, labels)
