"""How a person searches: the header's box on any page, then Enter (no script needed).

`PAGES` joins `all_pages.PAGES`, so axe checks the results, the empty answer and the
page with no words."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from support.browser.journal_journeys import heading


def search_from(page: Page, server_url: str, words: str, start: str = "/guides") -> None:
    """On `start`, type `words` in the header's search box and press Enter."""
    page.goto(server_url + start)
    box = page.get_by_role("search").get_by_role("searchbox", name="Search guides and tips")
    box.fill(words)
    with page.expect_navigation():
        box.press("Enter")
    heading(page, "Search")


def open_search_page(page: Page, server_url: str) -> None:
    page.goto(server_url + "/search")
    heading(page, "Search")


PAGES: dict[str, Callable[[Page, str], None]] = {
    "search-results": lambda page, url: search_from(page, url, "trapezius"),
    "search-none": lambda page, url: search_from(page, url, "zzqx kneading"),
    "search-no-words": open_search_page,
}
