"""How a person reaches the guides: Learn in the menu, then a technique, a region or a tool.

`PAGES` joins `all_pages.PAGES`, so axe checks every kind of guide page."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from support.browser.journal_journeys import heading


def open_learn(page: Page, server_url: str) -> None:
    """Home, then Learn in the main menu: the guides' index."""
    page.goto(server_url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learn").click()
    heading(page, "Learn")


def open_guide(page: Page, server_url: str, section: str, title: str) -> None:
    """From Learn, the guide called `title` in the index's `section`."""
    open_learn(page, server_url)
    page.get_by_role("region", name=section).get_by_role("link", name=title, exact=True).click()
    heading(page, title)


PAGES: dict[str, Callable[[Page, str], None]] = {
    "guides": open_learn,
    "guide-technique": lambda page, url: open_guide(
        page, url, "Techniques", "Petrissage (kneading)"
    ),
    "guide-region": lambda page, url: open_guide(
        page, url, "Regions of the back", "Lower back (left)"
    ),
    "guide-tool": lambda page, url: open_guide(
        page, url, "Tools and devices", "Percussion massager (massage gun)"
    ),
}
