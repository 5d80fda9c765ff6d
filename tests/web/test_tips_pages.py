"""Tip pages in the web app: the guide's "Tips from readers", edit, delete, report, and
the moderators' queue, through the real app and a fresh journal (SQLite or PostgreSQL).

Tips are put in the journal directly where the test is about what a page shows; posting
through the guide's form (ALTCHA and the limits) is at the end."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from backrub.journal import accounts, tips
from backrub.web import spam
from support.accounts import app_client, journal_store, other_client, sign_up
from support.human import solve_challenge
from support.web import TestClient

GUIDE = "/guides/techniques/effleurage"


@dataclass
class Reader:
    client: TestClient
    id: str
    email: str


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


def _reader(client: TestClient, email: str, *, moderator: bool = False) -> Reader:
    browser = other_client(client)
    assert sign_up(browser, email).status_code == 303
    with journal_store(client).transaction() as db:
        user = tips.set_moderator(db=db, email=email, moderator=moderator)
    return Reader(browser, user.id, email)


@pytest.fixture
def author(client: TestClient) -> Reader:
    return _reader(client, "author@example.org")


@pytest.fixture
def reader(client: TestClient) -> Reader:
    return _reader(client, "reader@example.org")


@pytest.fixture
def moderator(client: TestClient) -> Reader:
    return _reader(client, "mod@example.org", moderator=True)


def _tip(client: TestClient, who: Reader, body: str, status: str = "pending", **kw: Any) -> str:
    """A tip by `who` on the effleurage guide, approved or rejected by a moderator."""
    with journal_store(client).transaction() as db:
        tip = tips.post_tip(
            db=db, author_id=who.id, kind="technique", guide_id="effleurage", body=body
        )
        if status != "pending":
            judge = _judge(db)
            decision = "approve" if status == "approved" else "reject"
            tips.decide_tip(
                db=db,
                moderator=judge,
                tip_id=tip.id,
                decision=decision,
                reason=kw.get("reason", ""),
            )
    return tip.id


def _judge(db: Any) -> Any:
    """A moderator who is nobody's reader in these tests."""
    found = accounts.find_credentials(db=db, email="judge@example.org")
    user = (
        found.user
        if found is not None
        else accounts.create_user(db=db, email="judge@example.org", password_hash="x")
    )
    return tips.set_moderator(db=db, email=user.email, moderator=True)


def _status(client: TestClient, tip_id: str) -> str | None:
    with journal_store(client).transaction() as db:
        found = tips.find_tip(db=db, tip_id=tip_id)
    return None if found is None else found.status


def test_signed_out_the_guide_has_no_tips_yet_and_a_sign_in_link(client: TestClient) -> None:
    page = client.get(GUIDE)
    assert page.status_code == 200
    assert "Tips from readers" in page.text
    assert "No tips yet." in page.text
    assert 'href="/signin">Sign in to share a tip</a>' in page.text
    assert 'name="body"' not in page.text


def test_only_approved_tips_show_to_others_rendered_from_markdown(
    client: TestClient, author: Reader
) -> None:
    _tip(client, author, "Warm the oil *first*.", "approved")
    _tip(client, author, "Still waiting for its moderator.")
    _tip(client, author, "Turned down.", "rejected", reason="Not about this stroke")
    for visitor in (client, _reader(client, "someone@example.org").client):
        page = visitor.get(GUIDE).text
        assert "Warm the oil <em>first</em>." in page
        assert "No tips yet." not in page
        assert "Still waiting" not in page and "Turned down" not in page
        assert "Not about this stroke" not in page


def test_the_author_sees_their_waiting_and_rejected_tips_with_the_reason(
    client: TestClient, author: Reader
) -> None:
    waiting = _tip(client, author, "Still waiting for its moderator.")
    turned = _tip(client, author, "Turned down.", "rejected", reason="Not about this stroke")
    page = author.client.get(GUIDE).text
    assert "Waiting for approval" in page
    assert "Not approved: Not about this stroke" in page
    for tip_id in (waiting, turned):
        assert f'href="/tips/{tip_id}/edit"' in page
        assert f'href="/tips/{tip_id}/delete"' in page
    assert 'name="body"' in page and "Share a tip" in page  # the form, signed in
    assert f'action="/tips/{waiting}/report"' not in page  # never one's own


def test_editing_a_tip_sends_it_back_to_the_queue(
    client: TestClient, author: Reader, moderator: Reader
) -> None:
    tip_id = _tip(client, author, "Turned down.", "rejected", reason="Too vague")
    form = author.client.get(f"/tips/{tip_id}/edit")
    assert form.status_code == 200
    assert "Turned down." in form.text and "Not approved: Too vague" in form.text
    saved = author.client.post(
        f"/tips/{tip_id}/edit", data={"body": "Long strokes, *slow*."}, follow_redirects=False
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"{GUIDE}#tips"
    assert _status(client, tip_id) == "pending"
    assert "Waiting for approval" in author.client.get(GUIDE).text
    queue = moderator.client.get("/moderation").text
    assert "Long strokes, <em>slow</em>." in queue


def test_an_empty_edit_is_refused_naming_the_tip_and_keeps_nothing_changed(
    client: TestClient, author: Reader
) -> None:
    tip_id = _tip(client, author, "Warm the oil first.", "approved")
    refused = author.client.post(f"/tips/{tip_id}/edit", data={"body": "   "})
    assert refused.status_code == 422
    assert "Your tip: write a tip of 1 to 2,000 characters" in refused.text
    assert _status(client, tip_id) == "approved"


def test_another_readers_tip_cannot_be_edited_or_deleted(
    client: TestClient, author: Reader, reader: Reader
) -> None:
    tip_id = _tip(client, author, "Mine, not yours.")
    for method, path in (
        ("GET", "edit"),
        ("POST", "edit"),
        ("GET", "delete"),
        ("POST", "delete"),
    ):
        data = {"body": "Changed", "csrf_token": reader.client.csrf_token()}
        answer = reader.client.request(method, f"/tips/{tip_id}/{path}", data=data)
        assert answer.status_code == 404, (method, path)
    assert _status(client, tip_id) == "pending"


def test_deleting_asks_first_then_removes_the_tip(client: TestClient, author: Reader) -> None:
    tip_id = _tip(client, author, "Soon gone.", "approved")
    ask = author.client.get(f"/tips/{tip_id}/delete")
    assert ask.status_code == 200 and "Soon gone." in ask.text
    assert f'action="/tips/{tip_id}/delete"' in ask.text
    gone = author.client.post(f"/tips/{tip_id}/delete", data={}, follow_redirects=False)
    assert gone.status_code == 303
    assert _status(client, tip_id) is None
    assert "Soon gone." not in client.get(GUIDE).text


def test_a_report_sends_the_tip_back_to_the_queue(
    client: TestClient, author: Reader, reader: Reader, moderator: Reader
) -> None:
    tip_id = _tip(client, author, "Press *hard* on the spine.", "approved")
    assert f'action="/tips/{tip_id}/report"' in reader.client.get(GUIDE).text
    thanks = reader.client.post(f"/tips/{tip_id}/report", data={})
    assert thanks.status_code == 200
    assert "Thanks: a moderator will look at it again" in thanks.text
    assert _status(client, tip_id) == "pending"
    assert "on the spine" not in client.get(GUIDE).text
    assert "reported 1 time" in moderator.client.get("/moderation").text
    own = author.client.post(f"/tips/{tip_id}/report", data={})
    assert own.status_code == 403


def test_moderation_is_for_moderators_only(
    client: TestClient, reader: Reader, moderator: Reader
) -> None:
    signed_out = client.get("/moderation", follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/signin"
    refused = reader.client.get("/moderation")
    assert refused.status_code == 403
    assert "Only moderators" in refused.text
    assert 'href="/moderation"' not in reader.client.get("/guides").text
    assert 'href="/moderation"' in moderator.client.get("/guides").text
    assert moderator.client.get("/moderation").status_code == 200


def test_the_queue_oldest_first_and_a_moderators_own_tip_without_buttons(
    client: TestClient, author: Reader, moderator: Reader
) -> None:
    first = _tip(client, author, "The first tip.")
    second = _tip(client, author, "The second tip.")
    own = _tip(client, moderator, "The moderator's own tip.")
    page = moderator.client.get("/moderation").text
    assert page.index("The first tip.") < page.index("The second tip.") < page.index("own tip")
    assert f'href="{GUIDE}">Effleurage' in page
    for tip_id in (first, second):
        assert f'action="/moderation/tips/{tip_id}"' in page
    assert f'action="/moderation/tips/{own}"' not in page
    assert "Your own tip: another moderator decides." in page


def test_approve_and_reject_with_a_reason_and_the_log_says_who_when_what_why(
    client: TestClient, author: Reader, moderator: Reader
) -> None:
    good = _tip(client, author, "A good tip.")
    bad = _tip(client, author, "A bad tip.")
    approve = {"decision": "approve"}
    answer = moderator.client.post(f"/moderation/tips/{good}", data=approve, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/moderation"
    missing = moderator.client.post(f"/moderation/tips/{bad}", data={"decision": "reject"})
    assert missing.status_code == 422
    assert "Say why the tip is rejected" in missing.text
    assert _status(client, bad) == "pending"
    reject = {"decision": "reject", "reason": "Unsafe: pressure on the spine"}
    moderator.client.post(f"/moderation/tips/{bad}", data=reject)
    assert (_status(client, good), _status(client, bad)) == ("approved", "rejected")
    page = moderator.client.get("/moderation").text
    log = page[page.index("Latest decisions") :]
    assert "mod@example.org" in log
    assert log.index("Rejected") < log.index("Approved")  # the latest first
    assert "Unsafe: pressure on the spine" in log
    assert "Nothing waits for approval." in page
    assert "A good tip." in client.get(GUIDE).text
    assert "Not approved: Unsafe: pressure on the spine" in author.client.get(GUIDE).text


def test_a_reader_cannot_decide_and_a_moderator_not_their_own(
    client: TestClient, author: Reader, moderator: Reader
) -> None:
    tip_id = _tip(client, author, "Wait for a moderator.")
    assert (
        author.client.post(f"/moderation/tips/{tip_id}", data={"decision": "approve"}).status_code
        == 403
    )
    own = _tip(client, moderator, "My own.")
    assert (
        moderator.client.post(f"/moderation/tips/{own}", data={"decision": "approve"}).status_code
        == 403
    )
    assert (_status(client, tip_id), _status(client, own)) == ("pending", "pending")


@pytest.mark.parametrize(
    "path",
    ["/tips/{id}/edit", "/tips/{id}/delete", "/tips/{id}/report", "/moderation/tips/{id}"],
    ids=["edit", "delete", "report", "decide"],
)
def test_every_tip_form_needs_its_csrf_token(
    client: TestClient, author: Reader, reader: Reader, moderator: Reader, path: str
) -> None:
    tip_id = _tip(client, author, "Guarded.", "approved")
    who = {"edit": author, "delete": author, "report": reader}.get(path.split("/")[-1], moderator)
    data = {"body": "Changed", "decision": "reject", "reason": "No"}
    answer = who.client.post(path.format(id=tip_id), data=data, csrf=False)
    assert answer.status_code == 403
    assert "This form has expired" in answer.text
    assert _status(client, tip_id) == "approved"


def _share(who: Reader, body: str, **fields: str) -> Any:
    data = {"body": body, "altcha": solve_challenge(who.client), "website": "", **fields}
    return who.client.post(f"{GUIDE}/tips", data=data)


def test_sharing_a_tip_says_it_waits_and_the_guide_shows_it_waiting(
    client: TestClient, author: Reader
) -> None:
    answer = _share(author, "Warm your hands *first*.")
    assert answer.status_code == 200
    assert "Thank you: your tip waits for approval" in answer.text
    assert f'href="{GUIDE}#tips"' in answer.text
    with journal_store(client).transaction() as db:
        (tip,) = tips.own_tips(db=db, user_id=author.id)
    assert (tip.status, tip.kind, tip.guide_id) == ("pending", "technique", "effleurage")
    assert tip.body == "Warm your hands *first*."
    page = author.client.get(GUIDE).text
    assert "Warm your hands <em>first</em>." in page and "Waiting for approval" in page
    assert "Warm your hands" not in client.get(GUIDE).text


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"altcha": ""}, spam.NOT_SOLVED),
        ({"website": "http://spam.example"}, spam.HONEYPOT),
        ({"body": "   "}, "Your tip: write a tip of 1 to 2,000 characters"),
    ],
    ids=["no-check", "honeypot", "empty"],
)
def test_a_refused_tip_says_why_on_the_form_and_keeps_the_words(
    client: TestClient, author: Reader, fields: dict[str, str], words: str
) -> None:
    body = fields.pop("body", "Press <b>gently</b> & slowly.")
    answer = _share(author, body, **fields)
    assert answer.status_code == 422
    section = answer.text[answer.text.index('id="tips"') :]
    assert 'class="error" id="tip-body-error" role="alert"' in section
    assert words in section
    if body.strip():
        assert "Press &lt;b&gt;gently&lt;/b&gt; &amp; slowly.</textarea>" in section
    with journal_store(client).transaction() as db:
        assert tips.own_tips(db=db, user_id=author.id) == []


def test_a_solved_check_is_good_for_one_tip(client: TestClient, author: Reader) -> None:
    payload = solve_challenge(author.client)
    first = _share(author, "The first.", altcha=payload)
    again = _share(author, "The same check again.", altcha=payload)
    assert (first.status_code, again.status_code) == (200, 422)
    assert spam.REUSED in again.text
    assert "The same check again.</textarea>" in again.text


def test_the_sixth_tip_in_an_hour_is_refused_with_when_to_try_again(
    client: TestClient, author: Reader
) -> None:
    for number in range(5):
        assert _share(author, f"Tip number {number}.").status_code == 200
    refused = _share(author, "One tip too many.")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "You have posted 5 tips in the last hour; try again in" in refused.text
    assert "One tip too many.</textarea>" in refused.text
    with journal_store(client).transaction() as db:
        kept = [t.body for t in tips.own_tips(db=db, user_id=author.id)]
    assert kept == [f"Tip number {n}." for n in range(5)]


def test_sharing_needs_a_sign_in_and_a_guide_that_exists(
    client: TestClient, author: Reader
) -> None:
    signed_out = client.post(f"{GUIDE}/tips", data={"body": "Hi"}, follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/signin"
    data = {"body": "Hi", "altcha": solve_challenge(author.client)}
    assert author.client.post("/guides/techniques/nothing/tips", data=data).status_code == 404
    assert author.client.post("/guides/nothings/effleurage/tips", data=data).status_code == 404
