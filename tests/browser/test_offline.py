"""Offline and signed out, in a real Chromium: the player opens and runs with the network
off (Playwright's offline mode), a session saved offline reaches the journal once when the
network is back, and a signed-out visitor's ratings follow them into a new account.

The journal is read back through the JSON API with the page's own cookies.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from support.browser.journeys import fill_ordinary_intake, submit
from support.browser.player_journeys import (
    PASSWORD,
    listen_to_the_player,
    new_email,
    open_player,
    pause_the_page_clock,
    rate,
    sign_up_in_browser,
)

pytestmark = pytest.mark.browser

SENT = "Sent: the session is in your journal now."
KEPT_OFFLINE = "Saved on this device. It goes to your journal by itself when you are back online."
TICKET = "document.querySelector('#player input[name=ticket]').value"


def _sessions(page: Page, server_url: str) -> list[dict[str, Any]]:
    """The signed-in account's sessions, through the API (the page's cookies)."""
    me = page.request.get(server_url + "/api/v1/me")
    assert me.ok, me.text()
    people = me.json()["people"]
    assert len(people) == 1
    listed = page.request.get(f"{server_url}/api/v1/people/{people[0]['id']}/sessions")
    assert listed.ok, listed.text()
    sessions: list[dict[str, Any]] = listed.json()
    return sessions


def _queued(page: Page) -> int:
    count: int = page.evaluate("window.backrubQueue.all().then((items) => items.length)")
    return count


def _run_to_the_end(page: Page) -> None:
    """Start, then let the whole routine run on the page's clock (seconds, not minutes)."""
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("timer")).to_be_visible()
    page.clock.fast_forward(60 * 60 * 1000)  # the lid closed on it: it catches up at once
    expect(page.get_by_role("heading", name="After the massage")).to_be_visible()


# Waits run as functions through DevTools: a string given to wait_for_function is
# evaluated in the page, which its CSP (no 'unsafe-eval') may refuse.
CONTROLLED = """() => navigator.serviceWorker.controller !== null || new Promise((done) =>
  navigator.serviceWorker.addEventListener("controllerchange", () => done(true)))"""


def _eventually(page: Page, function: str, what: str) -> None:
    """Poll `function` (JavaScript, may answer a promise) until it answers true."""
    deadline = time.monotonic() + 10
    while not page.evaluate(function):
        assert time.monotonic() < deadline, f"waited 10 s for {what}"
        time.sleep(0.05)


def _kept_for_offline(page: Page) -> str:
    """Wait for the service worker to control the page and keep the player; its ticket."""
    assert page.evaluate(CONTROLLED)
    _eventually(page, "() => caches.match('/player').then((kept) => !!kept)", "the kept page")
    kept: str = page.evaluate(
        "caches.match('/player').then((r) => r.text()).then((html) =>"
        " new DOMParser().parseFromString(html, 'text/html')"
        ".querySelector('#player input[name=ticket]').value)"
    )
    return kept


def test_the_player_runs_offline_and_its_session_arrives_once(page: Page, server_url: str) -> None:
    page.clock.install()
    listen_to_the_player(page)
    open_player(page, server_url)
    kept_ticket = _kept_for_offline(page)

    page.context.set_offline(True)
    assert page.evaluate("navigator.onLine") is False
    page.reload()  # from the service worker's copy: the network is gone
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's routine")
    assert page.evaluate(TICKET) == kept_ticket  # the kept page, not a new one
    pause_the_page_clock(page)
    rate(page, "before", "lower_back_left", 6)
    _run_to_the_end(page)
    rate(page, "after", "lower_back_left", 3)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(KEPT_OFFLINE)).to_be_visible()
    assert _queued(page) == 1

    page.context.set_offline(False)
    expect(page.get_by_text(SENT)).to_be_visible()
    assert _queued(page) == 0
    sessions = _sessions(page, server_url)
    assert len(sessions) == 1
    assert sessions[0]["pain_before"] == {"lower_back_left": 6}
    assert sessions[0]["pain_after"] == {"lower_back_left": 3}
    assert sessions[0]["status"] == "completed"

    page.reload()  # online again, and a second "online" event: nothing is sent twice
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.evaluate("window.backrubQueue.flush()")
    assert _queued(page) == 0
    assert len(_sessions(page, server_url)) == 1


def test_a_session_queued_twice_is_sent_once(page: Page, server_url: str) -> None:
    """Save pressed again (or the same run queued from two tabs): one session."""
    page.clock.install()
    listen_to_the_player(page)
    open_player(page, server_url)
    pause_the_page_clock(page)
    _run_to_the_end(page)
    page.context.set_offline(True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(KEPT_OFFLINE)).to_be_visible()
    again = "window.backrubQueue.all().then((items) => window.backrubQueue.put(items[0]))"
    page.evaluate(again)
    page.context.set_offline(False)
    expect(page.get_by_text(SENT)).to_be_visible()
    page.evaluate("window.backrubQueue.flush()")
    assert len(_sessions(page, server_url)) == 1


def test_signed_out_the_routine_runs_and_sign_up_keeps_its_ratings(
    page: Page, server_url: str
) -> None:
    page.clock.install()
    listen_to_the_player(page)
    fill_ordinary_intake(page, server_url)
    assert submit(page).status == 200
    expect(page.get_by_text("Nothing is saved unless you sign up afterwards.")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Start this routine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's routine")
    pause_the_page_clock(page)
    rate(page, "before", "lower_back_left", 7)
    _run_to_the_end(page)
    rate(page, "after", "lower_back_left", 2)
    page.get_by_role("button", name="Keep on this device").click()
    expect(page.get_by_text("Kept on this device only.")).to_be_visible()
    assert _queued(page) == 1

    page.clock.resume()  # the check that we are a person solves on the page's real time
    with page.expect_navigation():
        page.get_by_role("link", name="Sign up to keep these ratings").click()
    expect(page).to_have_url(re.compile(r"/signup$"))
    expect(page.locator("#keep-ratings")).to_be_visible()
    email = new_email()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password (at least").fill(PASSWORD)
    page.get_by_label("The password again").fill(PASSWORD)
    expect(page.get_by_text("I am a person")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign up").click()
    note = "The session you rated on this device is now in your journal."
    expect(page.get_by_role("status").filter(has_text=note)).to_be_visible()
    assert _queued(page) == 0
    sessions = _sessions(page, server_url)
    assert len(sessions) == 1
    assert sessions[0]["pain_before"] == {"lower_back_left": 7}
    assert sessions[0]["pain_after"] == {"lower_back_left": 2}

    page.reload()
    expect(page.get_by_text(note)).to_have_count(0)  # said once; nothing left to send
    assert len(_sessions(page, server_url)) == 1


def test_a_new_account_without_waiting_ratings_is_not_told_about_them(
    page: Page, server_url: str
) -> None:
    page.goto(server_url + "/signup")
    expect(page.locator("#keep-ratings")).to_be_hidden()
    sign_up_in_browser(page, server_url)
    expect(page.locator("#queue-note")).to_have_count(0)


def test_a_session_saved_offline_survives_a_reload(page: Page, server_url: str) -> None:
    """Kept in IndexedDB, not in the page: closing or reloading it loses nothing."""
    page.clock.install()
    listen_to_the_player(page)
    open_player(page, server_url)
    _kept_for_offline(page)
    pause_the_page_clock(page)
    _run_to_the_end(page)
    rate(page, "after", "lower_back_left", 1)
    page.context.set_offline(True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(KEPT_OFFLINE)).to_be_visible()

    page.reload()  # offline: the kept player, a new run; the saved one waits in the queue
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's routine")
    assert _queued(page) == 1
    page.context.set_offline(False)
    _eventually(page, "() => window.backrubQueue.all().then((i) => !i.length)", "the send")
    sessions = _sessions(page, server_url)
    assert len(sessions) == 1
    assert sessions[0]["pain_after"] == {"lower_back_left": 1}


def test_chromium_finds_the_app_installable(page: Page, server_url: str) -> None:
    """Chromium's own verdict (DevTools' installability check), the manifest read without
    an error; a test browser's context counts as incognito, the one reason left."""
    page.goto(server_url + "/")
    assert page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    devtools = page.context.new_cdp_session(page)
    assert devtools.send("Page.getAppManifest").get("errors") == []
    verdict = devtools.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [error["errorId"] for error in verdict if error["errorId"] != "in-incognito"] == []
