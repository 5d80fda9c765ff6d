"""Accounts: sign up, sign in, sign out, sessions in the database, rate limits, tokens,
deleting an account."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from backrub.journal.credentials import token_hash
from backrub.journal.entries import add_checkin, add_session
from backrub.journal.models import WebSession
from backrub.web.accounts.devices import DEVICE_COOKIE
from backrub.web.security import SESSION_COOKIE
from support.accounts import (
    PASSWORD,
    app_client,
    other_client,
    row_counts,
    sign_in,
    sign_up,
)
from support.intakes import make_intake
from support.journal_factories import make_checkin, make_session
from support.web import TestClient, make_form


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


def _me(client: TestClient, **headers: str) -> Any:
    return client.get("/api/v1/me", headers=headers)


def test_sign_up_signs_in_and_makes_the_users_person(client: TestClient) -> None:
    response = sign_up(client, "Sam@Example.org")
    assert response.status_code == 303
    me = _me(client).json()
    assert me["email"] == "sam@example.org"
    assert [p["name"] for p in me["people"]] == ["sam"]  # the email's local part


def test_sign_up_uses_the_name_given(client: TestClient) -> None:
    sign_up(client, "sam@example.org", name="Samira")
    assert [p["name"] for p in _me(client).json()["people"]] == ["Samira"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "expected an email address"),
        ({"password": "short", "confirm": "short"}, "password", "at least 10"),
        ({"password": "qwertyuiop", "confirm": "qwertyuiop"}, "password", "common passwords"),
        ({"password": "Password123", "confirm": "Password123"}, "password", "common passwords"),
        ({"confirm": "something else"}, "confirm", "differ"),
    ],
)
def test_sign_up_refuses_bad_answers(
    client: TestClient, fields: dict[str, str], field: str, message: str
) -> None:
    data = {"email": "sam@example.org", "password": PASSWORD, "confirm": PASSWORD, **fields}
    response = client.post("/signup", data=data)
    assert response.status_code == 422
    assert message in response.context["page"].errors[field]
    assert row_counts(client)["users"] == 0


def test_an_email_signs_up_once(client: TestClient) -> None:
    sign_up(client, "sam@example.org")
    response = sign_up(other_client(client), "SAM@example.org")
    assert response.status_code == 422
    assert row_counts(client)["users"] == 1


def test_sign_out_then_sign_in(client: TestClient) -> None:
    sign_up(client, "sam@example.org")
    assert client.post("/signout", data={}, follow_redirects=False).status_code == 303
    assert _me(client).status_code == 401
    assert row_counts(client)["web_sessions"] == 0
    assert sign_in(client, "SAM@example.org").status_code == 303
    assert _me(client).json()["email"] == "sam@example.org"


def test_the_database_keeps_only_the_session_tokens_hash(client: TestClient) -> None:
    sign_up(client, "sam@example.org")
    token = client.cookies[SESSION_COOKIE]
    store = client.app.state.store  # type: ignore[attr-defined]
    with store.transaction() as db:
        assert db.get(WebSession, token_hash(token)) is not None
        assert db.get(WebSession, token) is None


def test_a_session_works_in_another_app_on_the_same_database(
    client: TestClient, journal_url: str
) -> None:
    sign_up(client, "sam@example.org")
    with app_client(journal_url) as second_worker:
        second_worker.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE])
        assert _me(second_worker).json()["email"] == "sam@example.org"


def test_a_wrong_password_is_refused(client: TestClient) -> None:
    sign_up(client, "sam@example.org")
    client.post("/signout", data={})
    response = sign_in(client, "sam@example.org", "not the password")
    assert response.status_code == 400
    assert "do not match" in response.text
    assert _me(client).status_code == 401
    assert sign_in(client, "nobody@example.org").status_code == 400


def test_pages_need_a_signed_in_person(client: TestClient) -> None:
    response = client.get("/settings/tokens", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/signin"


def test_five_guesses_from_a_stranger_then_429_even_for_the_right_password(
    client: TestClient,
) -> None:
    sign_up(client, "sam@example.org")
    stranger = other_client(client)
    for _ in range(5):
        assert sign_in(stranger, "sam@example.org", "wrong password").status_code == 400
    response = sign_in(stranger, "sam@example.org")  # a browser the account never used
    assert response.status_code == 429
    assert 0 < int(response.headers["retry-after"]) <= 15 * 60
    assert "Too many" in response.text


def test_a_strangers_guesses_do_not_lock_the_owner_out(client: TestClient) -> None:
    """Issue 14: five wrong passwords from anywhere blocked the owner for 15 minutes.
    The browser the owner signed up (or in) with passes the per-account limit."""
    sign_up(client, "sam@example.org")
    client.post("/signout", data={})
    stranger = other_client(client)
    for _ in range(8):
        sign_in(stranger, "sam@example.org", "wrong password")
    assert sign_in(stranger, "sam@example.org").status_code == 429
    response = sign_in(client, "sam@example.org")
    assert response.status_code == 303 and _me(client).status_code == 200


def test_a_forged_device_cookie_does_not_pass(client: TestClient) -> None:
    sign_up(client, "sam@example.org")
    stranger = other_client(client)
    stranger.cookies.set(DEVICE_COOKIE, client.cookies[DEVICE_COOKIE] + "x")
    for _ in range(5):
        sign_in(stranger, "sam@example.org", "wrong password")
    assert sign_in(stranger, "sam@example.org").status_code == 429


def test_twenty_failures_from_one_address_then_429_for_any_account(client: TestClient) -> None:
    for n in range(20):
        assert sign_in(client, f"nobody{n}@example.org", "wrong password").status_code == 400
    assert sign_in(client, "someone-else@example.org").status_code == 429


def test_signing_in_ends_the_browsers_earlier_session(client: TestClient) -> None:
    sign_up(client, "sam@example.org")
    first = client.cookies[SESSION_COOKIE]
    assert sign_in(client, "sam@example.org").status_code == 303
    assert client.cookies[SESSION_COOKIE] != first
    assert row_counts(client)["web_sessions"] == 1
    old = other_client(client)
    old.cookies.set(SESSION_COOKIE, first)
    assert _me(old).status_code == 401


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:8000", "https://backrub.example.org"])
def test_session_cookie_flags(journal_url: str, base_url: str) -> None:
    with app_client(journal_url, base_url=base_url) as client:
        response = sign_up(client, "sam@example.org")
    cookie = next(
        v for v in response.headers.get_list("set-cookie") if v.startswith(SESSION_COOKIE)
    )
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert "httponly" in flags
    assert "samesite=lax" in flags
    assert ("secure" in flags) == base_url.startswith("https")


def test_the_csrf_cookie_flags(journal_url: str) -> None:
    with app_client(journal_url, base_url="https://backrub.example.org") as client:
        cookie = client.get("/signin").headers["set-cookie"]
    assert {"httponly", "samesite=lax", "secure"} <= {p.strip().lower() for p in cookie.split(";")}


def test_sign_up_saves_the_intake_from_the_plan_page(client: TestClient) -> None:
    plan = client.post("/plan", data=make_form())
    intake_json = plan.context["page"].intake_json
    assert "Sign up to save this intake" in plan.text
    start = client.post("/signup", data={"intake": intake_json, "start": "1"})
    assert start.status_code == 200
    assert start.context["page"].intake_json == intake_json
    sign_up(client, "sam@example.org", intake=intake_json)
    person_id = _me(client).json()["people"][0]["id"]
    saved = client.get(f"/api/v1/people/{person_id}").json()["intake"]
    assert saved == json.loads(intake_json)


def test_a_tampered_intake_is_not_saved(client: TestClient) -> None:
    bad = json.dumps(make_intake(minutes=999))
    response = sign_up(client, "sam@example.org", intake=bad)
    assert response.status_code == 422
    assert row_counts(client)["users"] == 0


def _make_token(client: TestClient, name: str = "my script") -> str:
    response = client.post("/settings/tokens", data={"name": name})
    assert response.status_code == 200
    token = response.context["page"].new_token
    assert token and token in response.text
    return str(token)


def test_access_tokens_work_as_bearer_until_revoked(client: TestClient) -> None:
    sign_up(client, "sam@example.org")
    token = _make_token(client)
    stranger = other_client(client)
    bearer = {"Authorization": f"Bearer {token}"}
    assert _me(stranger, **bearer).json()["email"] == "sam@example.org"
    assert token not in client.get("/settings/tokens").text  # shown once
    [row] = client.get("/settings/tokens").context["page"].tokens
    assert row.last_used != "never"
    client.post(f"/settings/tokens/{row.id}/revoke", data={})
    assert _me(stranger, **bearer).status_code == 401
    assert _me(stranger, Authorization="Bearer nonsense").status_code == 401


def test_a_bearer_write_needs_no_csrf_but_a_cookie_write_does(client: TestClient) -> None:
    sign_up(client, "sam@example.org")
    person_id = _me(client).json()["people"][0]["id"]
    session = make_session()
    with client.app.state.store.transaction() as db:  # type: ignore[attr-defined]
        add_session(db=db, person_id=person_id, entry=session)
    url = f"/api/v1/people/{person_id}/sessions/{session.id}/ratings"
    assert client.put(url, json={"soreness_next_day": 3}).status_code == 403
    ok = client.put(
        url, json={"soreness_next_day": 3}, headers={"X-CSRF-Token": client.csrf_token()}
    )
    assert ok.status_code == 200
    token = _make_token(client)
    bearer = other_client(client).put(
        url, json={"soreness_next_day": 4}, headers={"Authorization": f"Bearer {token}"}
    )
    assert bearer.status_code == 200
    sessions = client.get(f"/api/v1/people/{person_id}/sessions").json()
    assert sessions[0]["soreness_next_day"] == 4
    bad = other_client(client).put(
        url, json={"soreness_next_day": 11}, headers={"Authorization": f"Bearer {token}"}
    )
    assert bad.status_code == 422


def test_delete_account_erases_everything_of_it(client: TestClient) -> None:
    sign_up(client, "sam@example.org")
    _make_token(client)
    keep = other_client(client)
    sign_up(keep, "alex@example.org")
    person_id = _me(client).json()["people"][0]["id"]
    with client.app.state.store.transaction() as db:  # type: ignore[attr-defined]
        add_session(db=db, person_id=person_id, entry=make_session())
        add_checkin(db=db, person_id=person_id, entry=make_checkin())
    before = row_counts(client)
    wrong = client.post("/settings/delete-account", data={"confirm_email": "alex@example.org"})
    assert wrong.status_code == 422
    assert row_counts(client) == before
    response = client.post(
        "/settings/delete-account",
        data={"confirm_email": "sam@example.org"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    after = row_counts(client)
    assert after["users"] == 1 and after["people"] == 1  # alex's
    assert after["web_sessions"] == 1 and after["access_tokens"] == 0
    assert after["sessions"] == after["checkins"] == 0
    assert _me(client).status_code == 401
    assert _me(keep).json()["email"] == "alex@example.org"


@pytest.mark.database
def test_every_page_header_knows_who_is_signed_in(journal_url: str) -> None:
    with app_client(journal_url) as client:
        for path in ("/", "/intake"):
            assert "Sign out" not in client.get(path).text, path
        sign_up(client, "sam@example.org")
        for path in ("/", "/intake", "/journal", "/signin"):
            assert "Sign out" in client.get(path).text, path
        stale = other_client(client)
        stale.cookies.set(SESSION_COOKIE, "stale")  # a session the journal does not have
        assert "Sign out" not in stale.get("/intake").text


def test_sign_ups_from_one_address_are_limited_per_hour(journal_url: str) -> None:
    """Sign-up says when an email is taken, so asking about many emails from one place
    is slowed: BACKRUB_SIGNUPS_PER_HOUR accounts an hour per address (issue 14)."""
    with app_client(journal_url, signups_per_hour=3) as client:
        for n in range(3):
            assert sign_up(other_client(client), f"person{n}@example.org").status_code == 303
        refused = sign_up(other_client(client), "one-more@example.org")
        assert refused.status_code == 429
        assert 0 < int(refused.headers["retry-after"]) <= 3600
        assert "3 accounts have been made from your address" in refused.text
        assert row_counts(client)["users"] == 3
