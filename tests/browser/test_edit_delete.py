"""Changing and deleting in a real Chromium at phone size (issue 12): a check-in edited
from the journal, a session deleted after its confirmation (and kept when the answer
is "Keep it"); the page fixture fails on any console error, so on any CSP violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from support.browser.journal_journeys import (
    go,
    heading,
    open_checkin,
    open_checkin_edit,
    open_journal,
    open_session_edit,
)
from support.browser.journeys import picture

pytestmark = pytest.mark.browser


def test_a_check_in_is_edited_from_the_journal(page: Page, server_url: str) -> None:
    open_checkin(page, server_url)
    page.get_by_label("what number describes your pain on average").fill("6")
    page.get_by_label("enjoying life").fill("5")
    page.get_by_label("usual activities").fill("4")
    page.get_by_role("button", name="Keep my check-in").click()
    expect(page).to_have_url(re.compile(r"/progress\?kept="))
    go(page, "Journal", "Your journal")
    checkins = page.locator(".checkins li")
    expect(checkins).to_have_count(1)
    expect(checkins).to_contain_text("pain 6, enjoyment 5, activity 4")
    checkins.get_by_role("link", name=re.compile("^Edit the check-in of")).click()
    heading(page, "Change your check-in")
    pain = page.get_by_label("what number describes your pain on average")
    expect(pain).to_have_value("6")  # filled in with what is stored
    pain.fill("11")
    page.get_by_role("button", name="Keep my changes").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Pain on average: expected a whole number from 0 to 10, got '11'"
    )
    expect(page.get_by_label("enjoying life")).to_have_value("5")
    page.get_by_label("what number describes your pain on average").fill("2")
    page.get_by_role("button", name="Keep my changes").click()
    heading(page, "Your journal")
    expect(page.get_by_role("status")).to_contain_text("Your check-in of")
    expect(page.get_by_role("status")).to_contain_text("is changed.")
    expect(checkins).to_have_count(1)
    expect(checkins).to_contain_text("pain 2, enjoyment 5, activity 4")


def test_a_session_is_deleted_only_after_saying_so(page: Page, server_url: str) -> None:
    open_journal(page, server_url)
    cards = page.locator(".session-card")
    count = cards.count()
    assert count > 1
    first = cards.first
    when = first.locator("h3").inner_text()
    first.get_by_role("link", name=re.compile("^Delete the session of")).click()
    heading(page, "Delete this session?")
    expect(page.get_by_text(re.compile(r"^Delete the session of .*\?$"))).to_be_visible()
    picture(page, "journal-delete-confirmation")
    page.get_by_role("link", name="Keep it").click()  # back, nothing deleted
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session of")
    go(page, "Journal", "Your journal")
    expect(cards).to_have_count(count)
    expect(cards.first.locator("h3")).to_have_text(when)

    cards.first.get_by_role("link", name=re.compile("^Delete the session of")).click()
    page.get_by_role("button", name="Delete").click()
    heading(page, "Your journal")
    expect(page.get_by_role("status")).to_contain_text("The session of")
    expect(page.get_by_role("status")).to_contain_text("is deleted.")
    expect(cards).to_have_count(count - 1)
    expect(cards.first.locator("h3")).not_to_have_text(when)


def test_a_sessions_ratings_and_note_are_changed(page: Page, server_url: str) -> None:
    open_session_edit(page, server_url)
    picture(page, "journal-session-edit")
    note = page.get_by_label("Note")
    note.fill("Easier to bend after this one.")
    page.get_by_label("How sore was your back").fill("12")
    page.get_by_role("button", name="Keep my changes").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Sore the day after: expected a whole number from 0 to 10, got '12'"
    )
    expect(page.get_by_label("Note")).to_have_value("Easier to bend after this one.")
    page.get_by_label("How sore was your back").fill("1")
    page.get_by_role("button", name="Keep my changes").click()
    expect(page.get_by_role("status")).to_have_text("Your changes to this session are kept.")
    expect(page.locator(".note")).to_have_text("Easier to bend after this one.")
    expect(page.locator(".facts--session")).to_contain_text("1 of 10")


def test_the_check_in_edit_form_fits_a_small_phone(page: Page, server_url: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    open_checkin_edit(page, server_url)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
