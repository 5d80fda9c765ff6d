"""How a signed-in person reaches the home page's "today": a saved routine (planned and
started, `player_journeys.open_player`), weeks of history brought in on the Export page
(`journal_journeys.bring_history`), then the brand link in the header."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from support.browser.journal_journeys import bring_history, heading
from support.browser.player_journeys import open_player


def go_home(page: Page) -> None:
    page.get_by_role("link", name="backrub", exact=True).click()
    heading(page, "Today")


def open_today(page: Page, server_url: str) -> None:
    open_player(page, server_url)
    bring_history(page, server_url)
    go_home(page)
    expect(page.locator('[data-today="week"]')).to_contain_text("of the 2-3 planned")


PAGES: dict[str, Callable[[Page, str], None]] = {"home-today": open_today}
