"""Changing and deleting sessions' ratings and notes, and check-ins: the journal's pages
(forms filled in, a confirmation before a delete, a notice after) and the API's PATCH
and DELETE; another account's ids are 404 and change nothing (issue 12)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from msgspec.structs import replace

from backrub.contract.records import CheckinRecord, SessionRecord
from backrub.journal import entries
from support.accounts import app_client, other_client
from support.journal_factories import make_checkin, make_session
from support.journal_pages import journal_of, person_id, signed_up, store
from support.web import TestClient

pytestmark = pytest.mark.database

API = "/api/v1"
SESSION = make_session(note="felt good")
CHECKIN = make_checkin(rmdq=7)


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        signed_up(test_client)
        test_client.headers["X-CSRF-Token"] = test_client.csrf_token()
        with store(test_client).transaction() as db:
            entries.add_session(db=db, person_id=person_id(test_client), entry=SESSION)
            entries.add_checkin(db=db, person_id=person_id(test_client), entry=CHECKIN)
        yield test_client


@pytest.fixture
def stranger(client: TestClient) -> TestClient:
    """A second account, in a browser of its own, with the same kind of records."""
    other = other_client(client)
    signed_up(other, "alex@example.org")
    other.headers["X-CSRF-Token"] = other.csrf_token()
    return other


def _stored(client: TestClient) -> tuple[tuple[SessionRecord, ...], tuple[CheckinRecord, ...]]:
    journal = journal_of(client)
    return journal.sessions, journal.checkins


def _error(response: Any) -> tuple[int, str, str]:
    (detail,) = response.json()["detail"]
    return response.status_code, detail["field"], detail["message"]


def tomorrow() -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=1)


# The pages


def test_the_journal_and_the_session_page_offer_edit_and_delete(client: TestClient) -> None:
    journal = client.get("/journal").text
    for href in (
        f"/journal/sessions/{SESSION.id}/edit",
        f"/journal/sessions/{SESSION.id}/delete",
        f"/journal/checkins/{CHECKIN.id}/edit",
        f"/journal/checkins/{CHECKIN.id}/delete",
    ):
        assert f'href="{href}"' in journal, href
    session_page = client.get(f"/journal/sessions/{SESSION.id}").text
    assert f'href="/journal/sessions/{SESSION.id}/edit"' in session_page
    assert f'href="/journal/sessions/{SESSION.id}/delete"' in session_page


def test_the_session_form_is_filled_in_and_keeps_the_changes(client: TestClient) -> None:
    form: Any = client.get(f"/journal/sessions/{SESSION.id}/edit")
    page = form.context["page"]
    assert [(r.region, r.before, r.after) for r in page.rows] == [("lower_back_left", "6", "4")]
    assert page.note == "felt good" and page.soreness == ""
    answer = {"before-lower_back_left": "5", "after-lower_back_left": "", "soreness": "2"}
    sent = client.post(
        f"/journal/sessions/{SESSION.id}/edit",
        data={**answer, "note": " less stiff "},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/journal/sessions/{SESSION.id}?kept=changes"
    assert "Your changes to this session are kept." in client.get(sent.headers["location"]).text
    expected = replace(
        SESSION,
        pain_before={"lower_back_left": 5},
        pain_after={},
        soreness_next_day=2,
        note="less stiff",
    )
    assert _stored(client)[0] == (expected,)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("before-lower_back_left", "11", "expected a whole number from 0 to 10, got '11'"),
        ("soreness", "-1", "expected a whole number from 0 to 10, got '-1'"),
        ("note", "x" * 2001, "expected at most 2000 characters, got 2001"),
        (
            "note",
            "calm \u202egnp.exe",
            "must not contain control or direction-changing characters (found U+202E)",
        ),
    ],
)
def test_a_refused_session_answer_is_shown_again_and_nothing_changes(
    client: TestClient, field: str, value: str, message: str
) -> None:
    answer: Any = client.post(f"/journal/sessions/{SESSION.id}/edit", data={field: value})
    assert answer.status_code == 422
    page = answer.context["page"]
    assert page.errors == {field: message}
    assert message.replace("'", "&#39;") in answer.text
    assert _stored(client)[0] == (SESSION,)


def test_the_checkin_form_is_filled_in_and_checks_the_date(client: TestClient) -> None:
    form: Any = client.get(f"/journal/checkins/{CHECKIN.id}/edit")
    page = form.context["page"]
    assert page.editing and page.action == f"/journal/checkins/{CHECKIN.id}/edit"
    assert [q.value for q in page.questions] == ["6", "5", "5", "6", "3"]
    assert page.date == "2026-01-07" and page.rmdq_kept == "7"
    good = {
        "peg_pain": "2",
        "peg_enjoyment": "2",
        "peg_activity": "3",
        "sleep": "",
        "stress": "4",
        "rmdq": "keep",
        "rmdq_kept": "7",
    }
    far = client.post(f"/journal/checkins/{CHECKIN.id}/edit", data={**good, "date": "2099-01-01"})
    assert far.status_code == 422
    assert far.context["page"].errors == {
        "date": f"expected a date from 1900-01-01 to {tomorrow()} (tomorrow), got 2099-01-01"
    }
    assert _stored(client)[1] == (CHECKIN,)
    kept = client.post(
        f"/journal/checkins/{CHECKIN.id}/edit",
        data={**good, "date": "2026-01-08"},
        follow_redirects=False,
    )
    assert kept.status_code == 303
    assert kept.headers["location"].startswith("/journal?notice=checkin-changed&on=2026-01-08")
    assert (
        "Your check-in of Thu 8 Jan 2026 is changed." in client.get(kept.headers["location"]).text
    )
    changed = CheckinRecord(CHECKIN.id, datetime.date(2026, 1, 8), (2, 2, 3), None, 4, 7)
    assert _stored(client)[1] == (changed,)


@pytest.mark.parametrize(
    ("kind", "record_id", "question"),
    [
        ("sessions", SESSION.id, "Delete the session of Mon 5 Jan 2026, 19:00?"),
        ("checkins", CHECKIN.id, "Delete the check-in of Wed 7 Jan 2026?"),
    ],
    ids=["session", "checkin"],  # the records' ids are random: pytest-xdist's workers must agree
)
def test_deleting_asks_first_then_says_so_on_the_journal(
    client: TestClient, kind: str, record_id: str, question: str
) -> None:
    before = _stored(client)
    confirm = client.get(f"/journal/{kind}/{record_id}/delete")
    assert confirm.status_code == 200
    assert question in confirm.text
    assert f'action="/journal/{kind}/{record_id}/delete"' in confirm.text
    assert ">Delete</button>" in confirm.text and ">Keep it</a>" in confirm.text
    assert _stored(client) == before  # asking deletes nothing
    done = client.post(f"/journal/{kind}/{record_id}/delete", data={}, follow_redirects=False)
    assert done.status_code == 303
    journal = client.get(done.headers["location"]).text
    what = "session of Mon 5 Jan 2026" if kind == "sessions" else "check-in of Wed 7 Jan 2026"
    assert f"The {what} is deleted." in journal
    sessions, checkins = _stored(client)
    assert (sessions, checkins) == (((), before[1]) if kind == "sessions" else (before[0], ()))
    again = client.post(f"/journal/{kind}/{record_id}/delete", data={}, follow_redirects=False)
    assert again.status_code == 404


def test_another_accounts_pages_are_404_and_change_nothing(
    client: TestClient, stranger: TestClient
) -> None:
    before = _stored(client)
    for kind, record_id in (("sessions", SESSION.id), ("checkins", CHECKIN.id)):
        for action in ("edit", "delete"):
            url = f"/journal/{kind}/{record_id}/{action}"
            assert stranger.get(url).status_code == 404, url
            posted = stranger.post(url, data={"peg_pain": "0", "note": "mine now"})
            assert posted.status_code == 404, url
    assert _stored(client) == before


def test_the_delete_form_needs_its_csrf_token(client: TestClient) -> None:
    del client.headers["X-CSRF-Token"]  # a form sends the token in its body only
    refused = client.post(f"/journal/sessions/{SESSION.id}/delete", data={}, csrf=False)
    assert refused.status_code == 403
    assert _stored(client)[0] == (SESSION,)


# The API


def test_patch_a_session_changes_only_what_is_given(client: TestClient) -> None:
    url = f"{API}/people/{person_id(client)}/sessions/{SESSION.id}"
    answer = client.patch(url, json={"note": "better", "soreness_next_day": 1})
    assert answer.status_code == 200
    expected = replace(SESSION, note="better", soreness_next_day=1)
    assert answer.json() == expected.to_dict()
    assert _stored(client)[0] == (expected,)
    cleared = client.patch(url, json={"pain_after": {}, "soreness_next_day": None})
    assert cleared.json()["pain_after"] == {} and cleared.json()["soreness_next_day"] is None


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"soreness_next_day": 11},
            "soreness_next_day",
            "expected an integer from 0 to 10, got 11",
        ),
        ({"pain_before": {"lower_back_left": -1}}, "pain_before.lower_back_left", None),
        ({"started": "2026-01-01T10:00:00+00:00"}, "started", None),
        ({"note": "x" * 2001}, "note", None),
    ],
)
def test_a_bad_session_patch_is_a_422_naming_the_field(
    client: TestClient, body: dict[str, Any], field: str, message: str | None
) -> None:
    url = f"{API}/people/{person_id(client)}/sessions/{SESSION.id}"
    status, named, said = _error(client.patch(url, json=body))
    assert (status, named) == (422, field)
    assert "\n" not in said and (message is None or said == message)
    assert _stored(client)[0] == (SESSION,)


def test_patch_a_checkin_is_checked_like_a_new_one(client: TestClient) -> None:
    url = f"{API}/people/{person_id(client)}/checkins/{CHECKIN.id}"
    status, field, message = _error(client.patch(url, json={"date": "2099-01-01"}))
    assert (status, field) == (422, "date")
    assert message == f"expected a date from 1900-01-01 to {tomorrow()} (tomorrow), got 2099-01-01"
    assert _error(client.patch(url, json={"peg": [1, 2, 11]}))[:2] == (422, "peg[2]")
    assert _error(client.patch(url, json={"mood": 3}))[:2] == (422, "mood")
    assert _stored(client)[1] == (CHECKIN,)
    answer = client.patch(url, json={"peg": [1, 2, 3], "sleep": None})
    assert answer.status_code == 200
    expected = replace(CHECKIN, peg=(1, 2, 3), sleep=None)
    assert answer.json() == expected.to_dict()
    assert _stored(client)[1] == (expected,)


def test_delete_answers_204_then_404(client: TestClient) -> None:
    own = person_id(client)
    for kind, record_id in (("sessions", SESSION.id), ("checkins", CHECKIN.id)):
        url = f"{API}/people/{own}/{kind}/{record_id}"
        first = client.delete(url)
        assert first.status_code == 204 and first.content == b""
        assert client.get(url).status_code == 404
        assert client.delete(url).status_code == 404
    assert _stored(client) == ((), ())


def test_another_accounts_ids_are_404_in_the_api_and_change_nothing(
    client: TestClient, stranger: TestClient
) -> None:
    before = _stored(client)
    for owner in (person_id(client), person_id(stranger)):
        for kind, record_id, body in (
            ("sessions", SESSION.id, {"note": "mine"}),
            ("checkins", CHECKIN.id, {"peg": [0, 0, 0]}),
        ):
            url = f"{API}/people/{owner}/{kind}/{record_id}"
            assert stranger.patch(url, json=body).status_code == 404, url
            assert stranger.delete(url).status_code == 404, url
    assert _stored(client) == before


def test_openapi_describes_patch_and_delete(client: TestClient) -> None:
    document = client.get(f"{API}/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert {"SessionChanges", "CheckinChanges"} <= set(schemas)
    for path, body, answer in (
        ("/people/{person_id}/sessions/{session_id}", "SessionChanges", "SessionRecord"),
        ("/people/{person_id}/checkins/{checkin_id}", "CheckinChanges", "CheckinRecord"),
    ):
        operations = document["paths"][API + path]
        patch = operations["patch"]
        assert patch["requestBody"]["content"]["application/json"]["schema"] == {
            "$ref": f"#/components/schemas/{body}"
        }
        assert patch["responses"]["200"]["content"]["application/json"]["schema"] == {
            "$ref": f"#/components/schemas/{answer}"
        }
        assert {"404", "422"} <= set(patch["responses"])
        assert {"204", "404"} <= set(operations["delete"]["responses"])
