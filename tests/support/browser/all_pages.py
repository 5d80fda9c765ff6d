"""Every page of the app, by screenshot name, and how a person reaches it.

Each part of the app keeps its own list next to its journeys; the accessibility
test checks them all, so a new page is one more entry in its part's `PAGES`.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from support.browser import home_journeys, journal_journeys, journeys, player_journeys

PAGES: dict[str, Callable[[Page, str], None]] = {
    **journeys.PAGES,
    **journal_journeys.PAGES,
    **player_journeys.PAGES,
    **home_journeys.PAGES,
}
