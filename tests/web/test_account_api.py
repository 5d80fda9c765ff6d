"""The account API's hot routes: a person's sessions listed, and the ratings write.

Against a fresh journal (SQLite, or PostgreSQL), signed in with a bearer token
(as a script would be) or with the session cookie and the X-CSRF-Token header.
"""

from __future__ import annotations

import datetime
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.engine import make_url

from backrub.journal import accounts
from backrub.journal.accounts import SessionSummary
from backrub.journal.credentials import token_hash
from backrub.journal.models import AccessToken
from backrub.journal.people import person_journal
from backrub.web.api.people import SESSIONS_LISTED
from support.accounts import (
    add_sessions,
    app_client,
    bearer_header,
    journal_store,
    other_client,
    own_person_id,
    sign_up,
)
from support.journal_factories import CET, PLAN, make_session
from support.web import TestClient

API = "/api/v1"


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


@pytest.fixture
def sam(client: TestClient) -> tuple[str, dict[str, str]]:
    """Sam's person id and bearer header; the client is Sam's browser."""
    sign_up(client, "sam@example.org")
    return own_person_id(client), bearer_header(client, "sam@example.org")


def _ratings_url(person_id: str, session_id: str) -> str:
    return f"{API}/people/{person_id}/sessions/{session_id}/ratings"


# The listing


def test_the_listing_is_the_last_50_newest_first_without_plans(
    client: TestClient, sam: tuple[str, dict[str, str]]
) -> None:
    person_id, bearer = sam
    start = datetime.datetime(2026, 1, 5, 19, 0, tzinfo=CET)
    sessions = [make_session(started=start + datetime.timedelta(days=d)) for d in range(55)]
    add_sessions(client, person_id, *reversed(sessions))  # stored out of order
    listed = other_client(client).get(f"{API}/people/{person_id}/sessions", headers=bearer)
    assert listed.status_code == 200
    entries = listed.json()
    assert len(entries) == SESSIONS_LISTED
    newest = sessions[::-1][:SESSIONS_LISTED]
    assert [entry["id"] for entry in entries] == [session.id for session in newest]
    assert set(entries[0]) == set(SessionSummary.__struct_fields__)  # as documented
    assert "plan" not in entries[0]


def test_a_summary_is_the_session_less_its_plan_with_a_link_to_it(
    client: TestClient, sam: tuple[str, dict[str, str]]
) -> None:
    person_id, bearer = sam
    plan = {**PLAN, "total_seconds": 90, "steps": [{"n": 1}, {"n": 2}, {"n": 3}]}
    session = make_session(
        plan=plan,
        steps_done=(1, 2),
        status="aborted",
        pain_before={"shoulder_right": 3, "lower_back_left": 6},  # kept in this order
        pain_after={},
        soreness_next_day=2,
        note="Phone rang.",
    )
    add_sessions(client, person_id, session)
    [entry] = client.get(f"{API}/people/{person_id}/sessions", headers=bearer).json()
    whole = session.to_dict()
    assert entry == {
        **{key: value for key, value in whole.items() if key != "plan"},
        "step_count": 3,
        "planned_seconds": 90,
        "href": f"{API}/people/{person_id}/sessions/{session.id}",
    }
    assert list(entry["pain_before"]) == ["shoulder_right", "lower_back_left"]
    full = client.get(entry["href"], headers=bearer)
    assert full.status_code == 200
    assert full.json()["plan"] == plan


def test_an_empty_journal_lists_nothing(
    client: TestClient, sam: tuple[str, dict[str, str]]
) -> None:
    person_id, bearer = sam
    assert client.get(f"{API}/people/{person_id}/sessions", headers=bearer).json() == []


def test_the_listing_needs_a_sign_in_and_hides_other_accounts(
    client: TestClient, sam: tuple[str, dict[str, str]]
) -> None:
    person_id, _ = sam
    stranger = other_client(client)
    refused = stranger.get(f"{API}/people/{person_id}/sessions")
    assert refused.status_code == 401
    assert refused.json()["detail"][0]["field"] == "authorization"
    sign_up(stranger, "alex@example.org")
    for url in (f"{API}/people/{person_id}/sessions", f"{API}/people/nobody/sessions"):
        missing = stranger.get(url)
        assert missing.status_code == 404
        assert missing.json()["detail"][0]["field"] == "person_id"


# The ratings write


def test_ratings_given_replace_those_stored_and_the_rest_are_kept(
    client: TestClient, sam: tuple[str, dict[str, str]]
) -> None:
    person_id, bearer = sam
    session = make_session(soreness_next_day=None)
    add_sessions(client, person_id, session)
    url = _ratings_url(person_id, session.id)
    answer = other_client(client).put(url, json={"soreness_next_day": 3}, headers=bearer)
    assert answer.status_code == 200
    assert answer.json() == {
        "session_id": session.id,
        "pain_before": {"lower_back_left": 6},
        "pain_after": {"lower_back_left": 4},
        "soreness_next_day": 3,
    }
    body = {"pain_after": {"shoulder_left": 2, "lower_back_left": 1}, "pain_before": {}}
    answer = client.put(url, json=body, headers=bearer)
    assert answer.json() == {
        "session_id": session.id,
        "pain_before": {},
        "pain_after": {"shoulder_left": 2, "lower_back_left": 1},
        "soreness_next_day": 3,
    }
    with journal_store(client).transaction() as db:
        [stored] = person_journal(db=db, person_id=person_id).sessions
    assert (stored.pain_before, stored.pain_after) == ({}, body["pain_after"])
    assert list(stored.pain_after) == ["shoulder_left", "lower_back_left"]
    assert stored.soreness_next_day == 3
    cleared = client.put(url, json={"soreness_next_day": None}, headers=bearer).json()
    assert cleared["soreness_next_day"] is None
    assert cleared["pain_after"] == body["pain_after"]


def test_an_empty_body_changes_nothing_and_answers_the_ratings(
    client: TestClient, sam: tuple[str, dict[str, str]]
) -> None:
    person_id, bearer = sam
    session = make_session(soreness_next_day=1)
    add_sessions(client, person_id, session)
    answer = client.put(_ratings_url(person_id, session.id), json={}, headers=bearer)
    assert answer.json()["soreness_next_day"] == 1
    assert answer.json()["pain_before"] == {"lower_back_left": 6}


def test_the_listing_shows_a_rating_just_written(
    client: TestClient, sam: tuple[str, dict[str, str]]
) -> None:
    person_id, bearer = sam
    session = make_session()
    add_sessions(client, person_id, session)
    client.put(_ratings_url(person_id, session.id), json={"soreness_next_day": 7}, headers=bearer)
    [entry] = client.get(f"{API}/people/{person_id}/sessions", headers=bearer).json()
    assert entry["soreness_next_day"] == 7


BAD_RATINGS = [
    (
        {"pain_after": {"lower_back_left": 11}},
        "pain_after.lower_back_left",
        "expected an integer from 0 to 10, got 11",
    ),
    ({"pain_before": {"neck": 3}}, "pain_before", 'got "neck"'),
    ({"pain_before": None}, "pain_before", "expected an object, got null"),
    ({"soreness_next_day": "high"}, "soreness_next_day", "from 0 to 10"),
    ({"soreness_next_day": -1}, "soreness_next_day", "got -1"),
    ({"mood": 3}, "mood", "unknown field"),
    ([], "body", "expected an object"),
]


@pytest.mark.parametrize(("body", "field", "message"), BAD_RATINGS)
def test_bad_ratings_are_422_naming_the_field(
    client: TestClient,
    sam: tuple[str, dict[str, str]],
    body: Any,
    field: str,
    message: str,
) -> None:
    person_id, bearer = sam
    session = make_session(soreness_next_day=2)
    add_sessions(client, person_id, session)
    answer = client.put(_ratings_url(person_id, session.id), json=body, headers=bearer)
    assert answer.status_code == 422
    [error] = answer.json()["detail"]
    assert error["field"] == field
    assert message in error["message"]
    with journal_store(client).transaction() as db:
        [stored] = person_journal(db=db, person_id=person_id).sessions
    assert stored == session  # nothing was written


def test_a_body_that_is_not_json_is_422_naming_body(
    client: TestClient, sam: tuple[str, dict[str, str]]
) -> None:
    person_id, bearer = sam
    session = make_session()
    add_sessions(client, person_id, session)
    headers = {**bearer, "Content-Type": "application/json"}
    answer = client.put(_ratings_url(person_id, session.id), content=b"{oops", headers=headers)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "body"


def test_ratings_need_a_sign_in(client: TestClient, sam: tuple[str, dict[str, str]]) -> None:
    person_id, _ = sam
    session = make_session()
    add_sessions(client, person_id, session)
    stranger = other_client(client)
    url = _ratings_url(person_id, session.id)
    for headers in ({}, {"Authorization": "Bearer nonsense"}):
        refused = stranger.put(url, json={"soreness_next_day": 1}, headers=headers)
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == "Bearer"


def test_a_cookie_write_needs_the_csrf_header(
    client: TestClient, sam: tuple[str, dict[str, str]]
) -> None:
    person_id, _ = sam
    session = make_session()
    add_sessions(client, person_id, session)
    url = _ratings_url(person_id, session.id)
    assert client.put(url, json={"soreness_next_day": 1}).status_code == 403
    headers = {"X-CSRF-Token": client.csrf_token()}
    assert client.put(url, json={"soreness_next_day": 1}, headers=headers).status_code == 200


def test_another_accounts_session_is_404_and_left_alone(
    client: TestClient, sam: tuple[str, dict[str, str]]
) -> None:
    person_id, _ = sam
    session = make_session(soreness_next_day=2)
    add_sessions(client, person_id, session)
    stranger = other_client(client)
    sign_up(stranger, "alex@example.org")
    alex_bearer = bearer_header(client, "alex@example.org")
    alex_person = own_person_id(stranger)
    for url in (
        _ratings_url(person_id, session.id),  # Sam's session
        _ratings_url(alex_person, session.id),  # Sam's session under Alex's person
        _ratings_url(person_id, "nope"),
    ):
        answer = stranger.put(url, json={"soreness_next_day": 9}, headers=alex_bearer)
        assert answer.status_code == 404
        assert answer.json() == {"detail": [{"field": "session_id", "message": "not found"}]}
    with journal_store(client).transaction() as db:
        [stored] = person_journal(db=db, person_id=person_id).sessions
    assert stored.soreness_next_day == 2


def test_the_old_soreness_route_is_gone(
    client: TestClient, sam: tuple[str, dict[str, str]]
) -> None:
    person_id, bearer = sam
    session = make_session()
    add_sessions(client, person_id, session)
    url = f"{API}/people/{person_id}/sessions/{session.id}/soreness"
    assert client.post(url, json={"value": 3}, headers=bearer).status_code in (404, 405)


def test_openapi_documents_the_listing_and_the_ratings_write(client: TestClient) -> None:
    document = client.get(f"{API}/openapi.json").json()
    listing = document["paths"][f"{API}/people/{{person_id}}/sessions"]["get"]
    assert "50" in listing["summary"]
    ok = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["items"]["$ref"].endswith("/SessionSummary")
    write = document["paths"][f"{API}/people/{{person_id}}/sessions/{{session_id}}/ratings"]
    ref = write["put"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = document["components"]["schemas"][ref.rpartition("/")[2]]
    assert set(body["properties"]) == {"pain_before", "pain_after", "soreness_next_day"}
    assert body["additionalProperties"] is False and not body["required"]
    assert {"200", "404", "413", "422"} <= set(write["put"]["responses"])


# Tokens in use


def test_a_tokens_use_is_recorded_at_most_once_a_minute(
    client: TestClient, sam: tuple[str, dict[str, str]]
) -> None:
    person_id, bearer = sam
    token = bearer["Authorization"].removeprefix("Bearer ")

    def last_used() -> datetime.datetime | None:
        with journal_store(client).transaction() as db:
            [row] = accounts.list_access_tokens(db=db, user_id=_user_id(db))
            return row.last_used

    assert last_used() is None
    client.get(f"{API}/people/{person_id}/sessions", headers=bearer)
    first = last_used()
    assert first is not None
    client.get(f"{API}/people/{person_id}/sessions", headers=bearer)
    assert last_used() == first  # not written again within the minute
    with journal_store(client).transaction() as db:
        long_ago = accounts.now() - datetime.timedelta(minutes=5)
        db.execute(
            update(AccessToken)
            .where(AccessToken.token_hash == token_hash(token))
            .values(last_used=long_ago)
        )
    client.get(f"{API}/people/{person_id}/sessions", headers=bearer)
    refreshed = last_used()
    assert refreshed is not None and refreshed > first


def _user_id(db: Any) -> str:
    found = accounts.find_credentials(db=db, email="sam@example.org")
    assert found is not None
    return found.user.id


@pytest.mark.sqlite_only
def test_a_read_goes_on_while_another_process_writes(sqlite_url: str) -> None:
    """A GET's transaction only reads: it answers while another process holds SQLite's
    write lock, and a token's due refresh, made after the answer in a write transaction
    of its own, waits for the lock and lands once it is free."""
    with app_client(sqlite_url) as client:
        sign_up(client, "sam@example.org")
        person_id, bearer = own_person_id(client), bearer_header(client, "sam@example.org")
        writer = sqlite3.connect(
            make_url(sqlite_url).database or "", isolation_level=None, check_same_thread=False
        )
        writer.execute("BEGIN IMMEDIATE")  # holds the write lock, as a busy CLI would
        try:
            listed = client.get(f"{API}/people/{person_id}/sessions")  # the cookie's way
            assert listed.status_code == 200
            # The test client returns once the refresh after the answer is done too:
            # let the writer go a little later, as a busy CLI would.
            release = threading.Timer(0.5, writer.execute, ("ROLLBACK",))
            release.start()
            started = time.monotonic()
            listed = client.get(f"{API}/people/{person_id}/sessions", headers=bearer)
            assert listed.status_code == 200
            assert time.monotonic() - started >= 0.4  # the refresh waited for the lock
            release.join()
        finally:
            writer.close()
        with journal_store(client).transaction() as db:
            [token] = accounts.list_access_tokens(db=db, user_id=_user_id(db))
        assert token.last_used is not None


def test_concurrent_reads_and_writes_all_answer(
    client: TestClient, sam: tuple[str, dict[str, str]]
) -> None:
    """Writers take turns and readers do not wait for them: nothing deadlocks or fails."""
    person_id, bearer = sam
    sessions = [make_session() for _ in range(8)]
    add_sessions(client, person_id, *sessions)

    def write(n: int) -> int:
        url = _ratings_url(person_id, sessions[n % len(sessions)].id)
        return int(client.put(url, json={"soreness_next_day": n % 11}, headers=bearer).status_code)

    def read(_: int) -> int:
        url = f"{API}/people/{person_id}/sessions"
        return int(client.get(url, headers=bearer).status_code)

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(lambda n: (write if n % 2 else read)(n), range(64)))
    assert set(answers) == {200}
