"""How a person reaches the player page; shared by the browser tests."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

PAGES: dict[str, Callable[[Page, str], None]] = {}
