"""Every page of the app, by screenshot name, and how a person reaches it.

Each part of the app keeps its own list next to its journeys; the accessibility
test checks them all, so a new page is one more entry in its part's `PAGES`.
`OTHER_PAGES` are the ones no journey lists: sign-in and sign-up, the sources,
the answers to a wrong address or an expired form, the player before any routine and
signed out, the clinician's stop, and the intake signed in (its saved answers filled in).
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from backrub.journal import open_journal, pending
from backrub.journal.credentials import new_token, token_hash
from support.browser import (
    guide_journeys,
    home_journeys,
    journal_journeys,
    journeys,
    player_journeys,
    search_journeys,
    tip_journeys,
)
from support.browser.journal_journeys import heading
from support.browser.servers import journal_of


def open_signin(page: Page, server_url: str) -> None:
    page.goto(server_url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    heading(page, "Sign in")


def open_signup(page: Page, server_url: str) -> None:
    page.goto(server_url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    heading(page, "Sign up")


def open_sources(page: Page, server_url: str) -> None:
    """Where a step's source links lead (some sit in a card's folded "how")."""
    page.goto(server_url + "/sources")
    heading(page, "Sources")


def open_not_found(page: Page, server_url: str) -> None:
    assert (response := page.goto(server_url + "/no-such-page")) and response.status == 404
    heading(page, "Nothing here")


def open_expired_form(page: Page, server_url: str) -> None:
    """The intake sent after its CSRF cookie has gone (a browser restarted, say)."""
    journeys.fill_ordinary_intake(page, server_url)
    page.context.clear_cookies()
    assert journeys.submit(page).status == 403
    heading(page, "This form has expired")


def open_player_without_routine(page: Page, server_url: str) -> None:
    player_journeys.sign_up_in_browser(page, server_url)
    page.goto(server_url + "/player")
    heading(page, "First, tell us about your back")


def open_signed_out_player(page: Page, server_url: str) -> None:
    """Signed out, the plan's "Start this routine": the player runs, nothing saved yet."""
    journeys.reach_plan(page, server_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Start this routine").click()
    heading(page, "Today's routine")


def open_clinician_stop(page: Page, server_url: str) -> None:
    journeys.fill_ordinary_intake(page, server_url, red_flags=("fever",))
    assert journeys.submit(page).status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("No massage today")


def open_saved_intake(page: Page, server_url: str) -> None:
    """Signed in with a saved routine: the Plan link's intake, its answers filled in."""
    player_journeys.open_player(page, server_url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plan").click()
    heading(page, "Your back today")
    expect(page.locator(".pain-row")).to_have_count(len(journeys.ORDINARY_PAIN))


def open_signup_link(page: Page, server_url: str) -> None:
    """An emailed sign-up link's page (the sign-up is stored as a server with
    BACKRUB_SMTP_URL would store it; this one sends no email)."""
    token = new_token()
    wanted = pending.SignupRequest("kim@example.org", "a hash", "Kim", None)
    with open_journal(journal_of(server_url)) as store, store.transaction() as db:
        pending.store_pending_signup(db=db, digest=token_hash(token), request=wanted)
    page.goto(f"{server_url}/signup/confirm?token={token}")
    heading(page, "Make your account")


def open_used_signup_link(page: Page, server_url: str) -> None:
    assert (response := page.goto(server_url + "/signup/confirm?token=used")) is not None
    assert response.status == 400
    heading(page, "This link no longer works")


OTHER_PAGES: dict[str, Callable[[Page, str], None]] = {
    "signin": open_signin,
    "signup": open_signup,
    "signup-link": open_signup_link,
    "signup-link-used": open_used_signup_link,
    "sources": open_sources,
    "not-found": open_not_found,
    "expired-form": open_expired_form,
    "player-no-routine": open_player_without_routine,
    "player-signed-out": open_signed_out_player,
    "clinician-stop": open_clinician_stop,
    "intake-saved": open_saved_intake,
}

PAGES: dict[str, Callable[[Page, str], None]] = {
    **journeys.PAGES,
    **journal_journeys.PAGES,
    **player_journeys.PAGES,
    **home_journeys.PAGES,
    **guide_journeys.PAGES,
    **search_journeys.PAGES,
    **tip_journeys.PAGES,
    **OTHER_PAGES,
}
