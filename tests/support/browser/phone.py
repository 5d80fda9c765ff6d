"""A phone-sized Chromium page that fails the test on any console or script error (how a
Content-Security-Policy violation shows up)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Response

# An ordinary phone (the size of an iPhone 12 to 15), held upright.
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# A laptop's window, for the pages that must work on both.
DESKTOP: dict[str, Any] = {
    "viewport": {"width": 1280, "height": 800},
    "device_scale_factor": 1,
    "is_mobile": False,
    "has_touch": False,
}
STEP_TIMEOUT_MS = 10_000  # a single click or wait; Playwright's default 30 s hides hangs


def open_phone_page(browser: Browser, **options: Any) -> Iterator[Page]:
    """A phone-sized page in a new context; fails the test on console or script errors.

    Chromium logs a page answered with an error status (the 422 of a wrong answer) as
    a failed load: the tests check those statuses themselves, so a failed load of a
    page navigated to is not counted; a failed script, stylesheet or request is.
    """
    context = browser.new_context(**{**PHONE, **options})  # DESKTOP's options replace PHONE's
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    errors: list[tuple[str, str, str]] = []  # (page, resource, message)
    navigations: set[str] = set()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append((page.url, message.location.get("url", ""), message.text))

    def on_page_error(error: Error) -> None:
        errors.append((page.url, "", f"uncaught script error: {error.message}"))

    def on_response(response: Response) -> None:
        if response.request.is_navigation_request():
            navigations.add(response.url)

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("response", on_response)
    try:
        yield page
    finally:
        context.close()
    problems = [
        f"console error on {url} ({resource}): {text}"
        for url, resource, text in errors
        if not (text.startswith("Failed to load resource") and resource in navigations)
    ]
    assert not problems, "\n".join(problems)
