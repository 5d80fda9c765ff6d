"""How a person reaches the player page; shared by the browser tests.

Each person is a new account (a fresh email), signed up in the browser as a
person would; the intake comes from `journeys` (the wizard's own steps).
`listen_to_the_player` replaces the browser's speech and screen wake lock with
recorders before any page script runs (an init script runs through DevTools,
which the page's CSP does not govern): headless Chromium has no voices, and its
wake lock depends on the machine.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from support.browser.journeys import fill_ordinary_intake, submit

PASSWORD = "a long password for tests"

# Recorders for what the player says and asks of the screen, as window.__spoken
# (utterance texts, in order) and window.__wakeLock (requests and releases).
LISTEN = """
(() => {
  window.__spoken = [];
  window.__wakeLock = [];
  const record = (utterance) => { window.__spoken.push(utterance.text); };
  if (window.speechSynthesis) {
    window.speechSynthesis.speak = record;
  } else {
    window.speechSynthesis = { speak: record, cancel() {}, speaking: false };
    window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  }
  const wakeLock = {
    request(kind) {
      window.__wakeLock.push(kind);
      const sentinel = new EventTarget();
      sentinel.release = () => { window.__wakeLock.push("release"); return Promise.resolve(); };
      return Promise.resolve(sentinel);
    },
  };
  const getter = { get: () => wakeLock, configurable: true };
  Object.defineProperty(Navigator.prototype, "wakeLock", getter);
})();
"""


# Recorders for the player's chime and buzz, as window.__signals: ["tone", hertz] for each
# note started (an OscillatorNode's start) and ["buzz", pattern] for each vibrate call.
# Headless Chromium has WebAudio but no vibration motor, so vibrate is replaced.
SIGNALS = """
(() => {
  window.__signals = [];
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    window.__signals.push(["tone", this.frequency.value]);
    return start.apply(this, args);
  };
  const vibrate = (pattern) => {
    window.__signals.push(["buzz", Array.isArray(pattern) ? pattern : [pattern]]);
    return true;
  };
  Object.defineProperty(Navigator.prototype, "vibrate", { value: vibrate, configurable: true });
})();
"""


def listen_to_the_signals(page: Page) -> None:
    page.add_init_script(SIGNALS)


def signals(page: Page) -> list[list[Any]]:
    heard: list[list[Any]] = page.evaluate("window.__signals")
    return heard


def pause_the_page_clock(page: Page) -> None:
    """Playwright's clock (installed before the page) held a second ahead: from here on the
    page's time moves only when the test moves it."""
    now_ms = page.evaluate("Date.now()")
    page.clock.pause_at(datetime.datetime.fromtimestamp(now_ms / 1000 + 1, datetime.UTC))


def rate(page: Page, when: str, region: str, score: int) -> None:
    """Tap `score` on the 0-10 scale asked `when` ("before" or "after") for `region`."""
    page.locator(f"label[for='{when}-{region}-{score}']").click()
    expect(page.locator(f"#{when}-{region}-{score}")).to_be_checked()


def new_email() -> str:
    return f"player-{uuid.uuid4().hex[:10]}@example.org"


def sign_up_in_browser(page: Page, server_url: str, email: str | None = None) -> str:
    """Sign up through the form as a new person; the email used."""
    email = email or new_email()
    page.goto(server_url + "/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password (at least").fill(PASSWORD)
    page.get_by_label("The password again").fill(PASSWORD)
    # The check that we are a person solves when the form is sent, once its widget is up.
    expect(page.get_by_text("I am a person")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign up").click()
    expect(page).not_to_have_url(re.compile(r"/signup$"))  # a refusal shows the form again
    return email


def listen_to_the_player(page: Page) -> None:
    page.add_init_script(LISTEN)


def spoken(page: Page) -> list[str]:
    said: list[str] = page.evaluate("window.__spoken")
    return said


def start_routine(page: Page) -> None:
    """From the plan page, signed in: "Start this routine", then the player's first part."""
    with page.expect_navigation():
        page.get_by_role("button", name="Start this routine").click()
    expect(page).to_have_url(re.compile(r"/player$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's routine")
    expect(page.get_by_role("button", name="Start", exact=True)).to_be_visible()


def open_player(page: Page, server_url: str) -> None:
    """A new person signs up, answers the ordinary questions and opens the player."""
    sign_up_in_browser(page, server_url)
    fill_ordinary_intake(page, server_url)
    assert submit(page).status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Your routine for today")
    start_routine(page)


def open_running_player(page: Page, server_url: str) -> None:
    listen_to_the_player(page)
    open_player(page, server_url)
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("timer")).to_be_visible()


def open_player_after(page: Page, server_url: str) -> None:
    """Stopped early: the questions after the massage."""
    open_running_player(page, server_url)
    page.get_by_role("button", name="Stop here").click()
    page.get_by_role("button", name="Yes, stop here").click()
    expect(page.get_by_role("heading", name="After the massage")).to_be_visible()


def hidden_fields(page: Page) -> dict[str, Any]:
    """The player form's hidden fields, as the script filled them."""
    names = ("status", "steps_done", "started", "ended", "utc_offset")
    return {name: page.locator(f"#player input[name={name}]").input_value() for name in names}


def open_signed_out_player_kept(page: Page, server_url: str) -> None:
    """Signed out: the routine stopped early, its ratings kept on the device, sign-up offered."""
    listen_to_the_player(page)
    fill_ordinary_intake(page, server_url)
    assert submit(page).status == 200
    with page.expect_navigation():
        page.get_by_role("button", name="Start this routine").click()
    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_role("button", name="Stop here").click()
    page.get_by_role("button", name="Yes, stop here").click()
    page.get_by_role("button", name="Keep on this device").click()
    expect(page.get_by_role("link", name="Sign up to keep these ratings")).to_be_visible()


PAGES: dict[str, Callable[[Page, str], None]] = {
    "player": open_player,
    "player-running": open_running_player,
    "player-after": open_player_after,
    "player-signed-out-kept": open_signed_out_player_kept,
}
