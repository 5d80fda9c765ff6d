"""How a person shares a tip on a guide and how a moderator decides it, in the browser.

A moderator is made as an operator makes one, with `backrub admin grant-moderator` on
the server's own journal. The ALTCHA check is solved in the page: the widget's box is
ticked and its proof of work runs in the browser, as for anyone. `PAGES` joins
`all_pages.PAGES`: a guide with a published tip, signed in with the share form, and the
moderation queue.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from backrub.journal import accounts, tips
from backrub.journal.store import Store
from support.browser.journal_journeys import go_to_menu, heading
from support.browser.journeys import SCREENSHOTS
from support.browser.player_journeys import sign_up_in_browser
from support.browser.servers import journal_of

HUMAN_CHECK_MS = 30_000  # the proof of work on a slow, shared machine


def grant_moderator(database_url: str, email: str) -> None:
    """`backrub admin grant-moderator EMAIL` on the server's journal."""
    env = {**os.environ, "BACKRUB_DATABASE_URL": database_url}
    command = [sys.executable, "-m", "backrub", "admin", "grant-moderator", email]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def solve_human_check(page: Page) -> None:
    """Tick the ALTCHA box, as a person would, and wait until its proof of work is done."""
    widget = page.locator("altcha-widget")
    widget.get_by_text("I am a person").click()
    expect(page.locator('input[name="altcha"]')).not_to_have_value("", timeout=HUMAN_CHECK_MS)


def section_picture(page: Page, selector: str, name: str) -> None:
    """docs/screenshots/<name>.png: one part of the page (a guide's tips sit far below its
    first screen); only with BACKRUB_SCREENSHOTS=1, like `journeys.picture`."""
    if os.environ.get("BACKRUB_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(selector).screenshot(
        path=SCREENSHOTS / f"{name}.png", animations="disabled", caret="initial"
    )


def open_tips(page: Page, server_url: str, path: str) -> None:
    """A guide page, scrolled to its readers' tips."""
    page.goto(server_url + path)
    expect(page.get_by_role("heading", name="Tips from readers")).to_be_visible()


def share_tip(page: Page, text: str) -> None:
    """Write the tip, pass the human check, send it; the page says it waits."""
    page.get_by_label("Share a tip").fill(text)
    solve_human_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send for approval").click()
    heading(page, "Thank you: your tip waits for approval")


def open_moderation(page: Page) -> None:
    """The header's menu, then Moderation (there for moderators only)."""
    go_to_menu(page, "Moderation", "Moderation")


def queue_item(page: Page, words: str) -> object:
    return page.locator(".queue-item").filter(has_text=words)


def approve(page: Page, words: str) -> None:
    with page.expect_navigation():
        queue_item(page, words).get_by_role("button", name="Approve").click()  # type: ignore[attr-defined]
    heading(page, "Moderation")


def reject(page: Page, words: str, reason: str) -> None:
    item = queue_item(page, words)
    item.get_by_label("Reason for rejecting").fill(reason)  # type: ignore[attr-defined]
    with page.expect_navigation():
        item.get_by_role("button", name="Reject").click()  # type: ignore[attr-defined]
    heading(page, "Moderation")


def journal_tip(database_url: str, path: str, body: str, *, approved: bool = True) -> str:
    """A reader's tip put in the server's journal, approved by a moderator or waiting (for
    the pages that show one without a whole journey first)."""
    kinds, guide_id = path.removeprefix("/guides/").split("/")
    store = Store(database_url, migrate=False)
    try:
        with store.transaction() as db:
            author = accounts.create_user(db=db, email=_new_email("tips"), password_hash="x")
            tip = tips.post_tip(
                db=db, author_id=author.id, kind=kinds[:-1], guide_id=guide_id, body=body
            )
            if approved:
                judge = accounts.create_user(db=db, email=_new_email("judge"), password_hash="x")
                tips.set_moderator(db=db, email=judge.email, moderator=True)
                tips.decide_tip(
                    db=db, moderator=judge, tip_id=tip.id, decision="approve", reason=""
                )
    finally:
        store.close()
    return tip.id


def _new_email(who: str) -> str:
    return f"{who}-{uuid.uuid4().hex[:10]}@example.org"


def open_guide_with_tips(page: Page, server_url: str) -> None:
    """Signed in, a guide with a published tip of someone else's (its Report button) and
    one's own tip waiting, above the share form."""
    path = "/guides/techniques/tapotement"
    journal_tip(journal_of(server_url), path, "Cup the hands *loosely*; it sounds hollow.")
    sign_up_in_browser(page, server_url)
    page.goto(server_url + path)
    page.get_by_label("Share a tip").fill("Keep the wrists soft.")
    solve_human_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send for approval").click()
    page.get_by_role("link", name="Back to the guide").click()
    expect(page.get_by_text("Waiting for approval")).to_be_visible()
    expect(page.get_by_role("button", name="Report").first).to_be_visible()


def open_queue(page: Page, server_url: str) -> None:
    """A moderator's queue with a reader's tip waiting, and a decision in the log."""
    path = "/guides/techniques/heat"
    journal_tip(journal_of(server_url), path, "Test the pack on the forearm first.")
    journal_tip(journal_of(server_url), path, "Wrap the pack in a *towel*.", approved=False)
    email = sign_up_in_browser(page, server_url)
    grant_moderator(journal_of(server_url), email)
    page.reload()  # the menu shows Moderation from the next page on
    open_moderation(page)
    expect(page.locator(".queue-item").first).to_be_visible()


PAGES: dict[str, Callable[[Page, str], None]] = {
    "guide-tips": open_guide_with_tips,
    "moderation": open_queue,
}
