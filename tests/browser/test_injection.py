"""Known XSS payloads as tips and as names, shown by a real Chromium: no script runs (no
dialog opens, no console error, no element or event handler of theirs in the page), each
reads as the words that were written, and the journal keeps exactly what was posted.

Most tips go into the server's journal directly and are approved there (seventy pages
of posting would only test the form seventy times); a few go through the guide's real
form, ALTCHA included. Names go through the profile's form, the first few typed."""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from backrub.contract.validation import unsafe_character
from backrub.guides.markup import render_tip
from backrub.journal import accounts, tips
from backrub.journal.store import Store
from support.browser.phone import open_phone_page
from support.browser.player_journeys import sign_up_in_browser
from support.browser.servers import journal_of
from support.browser.tip_journeys import approve, grant_moderator, open_moderation, share_tip
from support.xss_payloads import PAYLOADS

pytestmark = pytest.mark.browser

GUIDE = "/guides/tools/massage_cane"
TIP_TAGS = {"P", "EM", "STRONG", "UL", "OL", "LI", "A", "BR"}
# Anything a payload could leave behind that runs or loads: scripts not the app's own,
# frames, objects, inline styles, and any on... attribute anywhere in the page.
FOREIGN = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name) || attr.name === 'style' || attr.name === 'srcdoc') {
        found.push(el.tagName + ' ' + attr.name);
      }
    }
  }
  for (const el of document.querySelectorAll(
      'script:not([src^="/static/"]), iframe, object, embed, frame, base, style, math, ' +
      'main svg a, main img, video, audio, form[action^="javascript"], meta[http-equiv]')) {
    found.push(el.outerHTML.slice(0, 80));
  }
  return found;
}"""
TIP_MARKUP = """(body) => [...body.querySelectorAll('*')].map(el => ({
  tag: el.tagName,
  attributes: [...el.attributes].map(a => [a.name, a.value]),
}))"""


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def words(text: str) -> str:
    return " ".join(text.split())


def shown_text(body: str) -> str:
    """What a browser shows of a tip: the text of its rendered, cleaned HTML."""
    parser = _Text()
    parser.feed(render_tip(body))
    return words("".join(parser.parts))


def _refusable(payload: str) -> bool:
    return unsafe_character(payload, lines=True) is not None


def _watch(page: Page) -> list[str]:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def _post_in_journal(database_url: str) -> dict[str, str]:
    """Every payload as an approved tip; those with control characters are refused, each
    with a one-line reason naming the body. Answers {tip id: payload}."""
    posted: dict[str, str] = {}
    store = Store(database_url, migrate=False)
    try:
        with store.transaction() as db:
            tag = uuid.uuid4().hex[:8]
            author = accounts.create_user(db=db, email=f"x-{tag}@example.org", password_hash="x")
            judge = accounts.create_user(db=db, email=f"j-{tag}@example.org", password_hash="x")
            tips.set_moderator(db=db, email=judge.email, moderator=True)
            for payload in PAYLOADS:
                post = {"author_id": author.id, "kind": "tool", "guide_id": "massage_cane"}
                if _refusable(payload):
                    with pytest.raises(tips.TipError) as refused:
                        tips.post_tip(db=db, **post, body=payload)
                    assert refused.value.field == "body"
                    assert "\n" not in refused.value.message
                    continue
                tip = tips.post_tip(db=db, **post, body=payload)
                tips.decide_tip(
                    db=db, moderator=judge, tip_id=tip.id, decision="approve", reason=""
                )
                posted[tip.id] = payload
    finally:
        store.close()
    return posted


def _stored(database_url: str, tip_ids: list[str]) -> dict[str, str]:
    store = Store(database_url, migrate=False)
    try:
        with store.transaction() as db:
            found = {i: tips.find_tip(db=db, tip_id=i) for i in tip_ids}
    finally:
        store.close()
    return {i: tip.body for i, tip in found.items() if tip is not None}


def _check_tip(page: Page, tip_id: str, payload: str) -> bool:
    """The tip reads as its words, with only the Markdown subset's own markup; True when
    the words are the payload's exactly (no Markdown in it to render)."""
    body = page.locator(f"#tip-{tip_id} .tip-body")
    expected = shown_text(payload)
    assert words(body.inner_text()) == expected, payload
    for element in body.evaluate(TIP_MARKUP):
        assert element["tag"] in TIP_TAGS, (payload, element)
        for name, value in element["attributes"]:
            assert name in ("href", "rel"), (payload, element)
            if name == "href":
                assert re.match(r"(https?|mailto):", value), (payload, value)
    return expected == words(payload)


@pytest.fixture
def judge(browser: Browser, server_url: str) -> Iterator[Page]:
    """A moderator on a phone of their own (failing on console errors too)."""
    with contextlib.contextmanager(open_phone_page)(browser) as judge_page:
        email = sign_up_in_browser(judge_page, server_url)
        grant_moderator(journal_of(server_url), email)
        judge_page.reload()
        yield judge_page


def test_xss_payloads_as_tips_show_as_text_and_run_nothing(
    page: Page, judge: Page, server_url: str
) -> None:
    assert len(PAYLOADS) >= 50
    database = journal_of(server_url)
    posted = _post_in_journal(database)
    assert len(posted) >= 50

    # A few through the real form, and approved in the real queue.
    through_form = [p for p in PAYLOADS if not _refusable(p)][:3]
    dialogs = _watch(page)
    sign_up_in_browser(page, server_url)
    for payload in through_form:
        page.goto(server_url + GUIDE)
        share_tip(page, payload)
    judge_dialogs = _watch(judge)
    open_moderation(judge)
    queued = [words(t) for t in judge.locator(".queue-item .tip-body").all_inner_texts()]
    for payload in through_form:
        assert shown_text(payload) in queued  # as text in the queue too
        approve(judge, shown_text(payload))
    assert judge.evaluate(FOREIGN) == []
    assert judge_dialogs == []

    page.goto(server_url + GUIDE)
    expect(page.get_by_role("heading", name="Tips from readers")).to_be_visible()
    page.wait_for_timeout(500)  # give anything that slipped through time to run
    assert dialogs == []
    assert page.evaluate(FOREIGN) == []
    verbatim = sum(_check_tip(page, tip_id, payload) for tip_id, payload in posted.items())
    assert verbatim >= 40, "most payloads have no Markdown: they must read exactly as written"
    shown = [words(t) for t in page.locator(".tip-body").all_inner_texts()]
    for payload in through_form:  # the journal's (some payloads read alike) and the form's
        alike = sum(shown_text(p) == shown_text(payload) for p in posted.values())
        assert shown.count(shown_text(payload)) == alike + 1, payload
    assert _stored(database, list(posted)) == posted


def _nameable(payload: str) -> bool:
    return not _refusable(payload) and "\n" not in payload and 0 < len(payload.strip()) <= 90


def test_xss_payloads_as_names_show_as_text_and_run_nothing(page: Page, server_url: str) -> None:
    names = [p for p in PAYLOADS if _nameable(p)]
    assert len(names) >= 50
    dialogs = _watch(page)
    sign_up_in_browser(page, server_url)
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    for number, name in enumerate(names):
        if number < 3:  # typed into the profile's form, as a person would
            page.goto(server_url + "/profile")
            page.get_by_label("Name", exact=True).fill(name)
            page.get_by_role("button", name="Keep this name").click()
            expect(page).to_have_url(re.compile(r"/profile\?kept=name$"))
        else:
            kept = page.request.post(
                server_url + "/profile", form={"name": name, "csrf_token": token or ""}
            )
            assert kept.ok, (name, kept.status)
        page.goto(server_url + "/journal")
        lead = words(page.locator(".lead").inner_text())
        assert lead.startswith(f"Nothing here yet, {words(name)}. This is where"), (name, lead)
        assert page.evaluate(FOREIGN) == [], name
        me = page.request.get(server_url + "/api/v1/me").json()
        assert me["people"][0]["name"] == name
    assert dialogs == []
