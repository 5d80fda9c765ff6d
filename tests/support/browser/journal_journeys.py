"""How a person reaches the journal pages; shared by the browser tests.

Each person is a new account, signed up in the browser (`player_journeys`). A
history of sessions and check-ins comes the way a person could bring one: the
journal is exported from the Export page, the demo's weeks are put in the file, and
the file is imported on the same page. A saved routine comes from planning one and
pressing "Start this routine" (`player_journeys.open_player`). Pages are reached
through the header's links and menu.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from backrub.progress.demo import demo_person
from support.browser.player_journeys import open_player, sign_up_in_browser


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def go(page: Page, link: str, title: str) -> None:
    """Follow one of the header's main links (Journal, Progress, Check-in)."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=link).click()
    heading(page, title)


def go_to_menu(page: Page, link: str, title: str) -> None:
    """Open the header's menu and follow `link` (Schedule, Profile, ...)."""
    menu = page.get_by_role("navigation", name="Account")
    menu.get_by_text("Menu").click()
    menu.get_by_role("link", name=link).click()
    heading(page, title)


def history_file(export: bytes, weeks: int = 8) -> bytes:
    """The person's own export with the demo's sessions and check-ins (ending yesterday)."""
    document = json.loads(export)
    start = datetime.date.today() - datetime.timedelta(weeks=weeks)
    start -= datetime.timedelta(days=start.weekday())
    demo = demo_person(weeks=weeks, start=start)
    person = document["people"][0]
    # Fresh ids: the demo's are the same every time, and ids are unique on the server.
    person["sessions"] = [{**s.to_dict(), "id": uuid.uuid4().hex} for s in demo.sessions]
    person["checkins"] = [{**c.to_dict(), "id": uuid.uuid4().hex} for c in demo.checkins]
    return json.dumps(document).encode()


def bring_history(page: Page, server_url: str) -> None:
    """Export the journal, add weeks of history to the file, import it again."""
    go_to_menu(page, "Export and import", "Export and import")
    content = history_file(page.request.get(server_url + "/export.json").body())
    upload = {"name": "journal.json", "mimeType": "application/json", "buffer": content}
    page.get_by_label("Journal file").set_input_files(files=[upload])
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text("Added 0 people,")


def open_empty_journal(page: Page, server_url: str) -> None:
    """A new person, just signed up: the journal says what to do first."""
    sign_up_in_browser(page, server_url)
    heading(page, "Your journal")
    expect(page.get_by_role("link", name="Plan a routine").last).to_be_visible()


def open_journal(page: Page, server_url: str) -> None:
    sign_up_in_browser(page, server_url)
    bring_history(page, server_url)
    go(page, "Journal", "Your journal")


def open_session(page: Page, server_url: str) -> None:
    open_journal(page, server_url)
    page.locator(".session-card h3 a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session of")


def open_checkin(page: Page, server_url: str) -> None:
    sign_up_in_browser(page, server_url)
    go(page, "Check-in", "Weekly check-in")


def open_checkin_error(page: Page, server_url: str) -> None:
    """The check-in again, answers kept, after a pain of 11."""
    open_checkin(page, server_url)
    page.get_by_label("what number describes your pain on average").fill("11")
    page.get_by_label("enjoying life").fill("4")
    page.get_by_label("usual activities").fill("4")
    page.get_by_role("button", name="Keep my check-in").click()
    expect(page.get_by_role("heading", name="Please check this answer")).to_be_visible()


def open_empty_progress(page: Page, server_url: str) -> None:
    sign_up_in_browser(page, server_url)
    go(page, "Progress", "Your progress")


def open_progress(page: Page, server_url: str) -> None:
    sign_up_in_browser(page, server_url)
    bring_history(page, server_url)
    go(page, "Progress", "Your progress")
    charts = page.locator(".chart-frame img")
    expect(charts).to_have_count(4)
    for chart in charts.all():  # drawn, loaded, and a picture (a broken one has no width)
        expect(chart).to_have_js_property("complete", True)
        assert chart.evaluate("img => img.naturalWidth") > 0


def open_schedule(page: Page, server_url: str) -> None:
    open_player(page, server_url)  # plans a routine and keeps it
    go_to_menu(page, "Schedule", "Your schedule")
    expect(page.get_by_role("heading", name="Your calendar")).to_be_visible()


def open_exchange(page: Page, server_url: str) -> None:
    sign_up_in_browser(page, server_url)
    go_to_menu(page, "Export and import", "Export and import")


def open_profile(page: Page, server_url: str) -> None:
    open_player(page, server_url)
    go_to_menu(page, "Profile", "Your profile")


def open_settings(page: Page, server_url: str) -> None:
    sign_up_in_browser(page, server_url)
    go_to_menu(page, "Settings", "Settings")


def open_tokens(page: Page, server_url: str) -> None:
    open_settings(page, server_url)
    page.get_by_role("link", name="Access tokens").click()
    heading(page, "Access tokens")


def open_delete_account(page: Page, server_url: str) -> None:
    open_settings(page, server_url)
    page.get_by_role("link", name="Delete my account").click()
    heading(page, "Delete your account")


def open_password(page: Page, server_url: str) -> None:
    """The password change form (issue 14)."""
    open_settings(page, server_url)
    page.get_by_role("link", name="Change your password").click()
    heading(page, "Change your password")


def open_session_edit(page: Page, server_url: str) -> None:
    """A session's ratings and note, to change (issue 12)."""
    open_session(page, server_url)
    page.locator(".entry-actions").get_by_role("link", name="Edit this session").click()
    heading(page, "Change this session's ratings")


def open_checkin_edit(page: Page, server_url: str) -> None:
    """A check-in's answers, filled in, to change (issue 12)."""
    open_journal(page, server_url)
    page.locator(".checkins").get_by_role("link", name="Edit").first.click()
    heading(page, "Change your check-in")


def open_delete_confirmation(page: Page, server_url: str) -> None:
    """The question asked before a session is deleted (issue 12)."""
    open_session(page, server_url)
    page.locator(".entry-actions").get_by_role("link", name="Delete this session").click()
    heading(page, "Delete this session?")


PAGES: dict[str, Callable[[Page, str], None]] = {
    "journal-empty": open_empty_journal,
    "journal": open_journal,
    "journal-session": open_session,
    "checkin": open_checkin,
    "checkin-error": open_checkin_error,
    "progress-empty": open_empty_progress,
    "progress": open_progress,
    "schedule": open_schedule,
    "exchange": open_exchange,
    "profile": open_profile,
    "settings": open_settings,
    "settings-tokens": open_tokens,
    "delete-account": open_delete_account,
    "password": open_password,
    "journal-session-edit": open_session_edit,
    "checkin-edit": open_checkin_edit,
    "journal-delete-confirmation": open_delete_confirmation,
}
