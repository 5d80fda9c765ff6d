"""Spam kept out: a burst of tips gets 429 after the hour's limit with every accepted tip
kept; a sign-up or a tip sent from the web without a solved check that the sender is a
person, with a used or expired one, a forged one, or the honeypot filled, is refused in
words and stores nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import altcha
import pytest
from starlette.requests import Request

from backrub.journal import accounts
from backrub.journal.mapping import now
from backrub.journal.models import UsedChallenge
from backrub.web import spam
from support.accounts import (
    app_client,
    bearer_header,
    journal_store,
    row_counts,
    sign_up,
)
from support.human import solve_challenge
from support.web import TestClient

GUIDE = "/guides/techniques/effleurage"
API_TIPS = f"/api/v1{GUIDE}/tips"


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


def _bearer(client: TestClient, email: str) -> dict[str, str]:
    with journal_store(client).transaction() as db:
        accounts.create_user(db=db, email=email, password_hash="x")
    return bearer_header(client, email)


def _request(host: str) -> Request:
    return Request({"type": "http", "client": (host, 5000), "headers": [], "method": "POST"})


def test_a_burst_of_api_tips_gets_429_after_the_limit_and_keeps_those_accepted(
    client: TestClient,
) -> None:
    bearer = _bearer(client, "burst@example.org")
    answers = [
        client.post(API_TIPS, json={"body": f"Tip number {n}."}, headers=bearer)
        for n in range(spam.TIP_LIMIT.count + 3)
    ]
    statuses = [a.status_code for a in answers]
    assert statuses == [201] * spam.TIP_LIMIT.count + [429] * 3
    refused = answers[-1]
    wait = int(refused.headers["Retry-After"])
    assert 3500 < wait <= 3601
    detail = refused.json()["detail"][0]
    assert detail["field"] == "body"
    assert "You have posted 5 tips in the last hour; try again in 60 minutes." == detail["message"]
    assert row_counts(client)["tips"] == spam.TIP_LIMIT.count
    mine = client.get("/api/v1/tips/mine", headers=bearer).json()
    assert sorted(t["body"] for t in mine) == [f"Tip number {n}." for n in range(5)]


def test_the_address_limit_holds_across_accounts(client: TestClient) -> None:
    store = journal_store(client)
    with store.transaction() as db:
        for n in range(spam.TIP_ADDRESS_LIMIT.count):
            spam.check_tip_limit(_request("203.0.113.9"), db, f"user-{n}")
        with pytest.raises(spam.TooMany) as refused:
            spam.check_tip_limit(_request("203.0.113.9"), db, "one-more")
        spam.check_tip_limit(_request("203.0.113.10"), db, "one-more")  # another address
    assert refused.value.status_code == 429
    assert refused.value.headers == {"Retry-After": str(refused.value.seconds)}
    assert "from your address in the last hour; try again in" in str(refused.value.detail)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(1, "1 second"), (45, "45 seconds"), (60, "1 minute"), (61, "2 minutes"), (720, "12 minutes")],
)
def test_the_wait_in_words_never_says_sooner_than_true(seconds: int, words: str) -> None:
    assert spam.in_words(seconds) == words


def _expired_payload(client: TestClient) -> str:
    secret = client.app.state.settings.secret_key.get_secret_value()  # type: ignore[attr-defined]
    key = spam._derive(secret)
    challenge = altcha.create_challenge(
        spam.ALGORITHM,
        1,
        counter=10,
        expires_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=5),
        hmac_secret=key,
        hmac_key_secret=key,
    )
    solution = altcha.solve_challenge(challenge)
    assert solution is not None
    return str(altcha.Payload(challenge, solution).to_base64())


def _forged_payload(client: TestClient) -> str:
    """A challenge the browser made up: solved, but not signed with the app's key."""
    challenge = altcha.create_challenge(spam.ALGORITHM, 1, counter=10, hmac_secret="guess")
    solution = altcha.solve_challenge(challenge)
    assert solution is not None
    return str(altcha.Payload(challenge, solution).to_base64())


REFUSALS: list[tuple[str, Any, str]] = [
    ("no check", lambda c: {"altcha": ""}, spam.NOT_SOLVED),
    ("expired", lambda c: {"altcha": _expired_payload(c)}, spam.EXPIRED),
    ("forged", lambda c: {"altcha": _forged_payload(c)}, spam.NOT_PASSED),
    ("garbage", lambda c: {"altcha": "not base64 at all"}, spam.NOT_PASSED),
    ("honeypot", lambda c: {"altcha": solve_challenge(c), "website": "http://spam"}, spam.HONEYPOT),
]


@pytest.mark.parametrize(("case", "fields", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_sign_up_that_fails_the_check_is_refused_in_words(
    client: TestClient, case: str, fields: Any, message: str
) -> None:
    answer = sign_up(client, "sam@example.org", **fields(client))
    assert answer.status_code == 422, case
    assert answer.context["page"].errors["human"] == message
    assert message in answer.text
    assert row_counts(client)["users"] == 0


def test_a_check_is_good_once(client: TestClient) -> None:
    payload = solve_challenge(client)
    assert sign_up(client, "sam@example.org", altcha=payload).status_code == 303
    again = sign_up(TestClient(client.app), "kim@example.org", altcha=payload)
    assert again.status_code == 422
    assert again.context["page"].errors["human"] == spam.REUSED
    assert row_counts(client)["users"] == 1
    assert row_counts(client)["used_challenges"] == 1


def test_used_checks_are_forgotten_once_expired(client: TestClient) -> None:
    with journal_store(client).transaction() as db:
        long_ago = now() - datetime.timedelta(hours=1)
        db.add(UsedChallenge(digest="0" * 64, expires=long_ago))
    assert sign_up(client, "sam@example.org").status_code == 303
    with journal_store(client).transaction() as db:
        assert db.get(UsedChallenge, "0" * 64) is None
    assert row_counts(client)["used_challenges"] == 1  # the one just used


def test_the_sign_up_page_carries_the_widget_the_honeypot_and_a_no_script_line(
    client: TestClient,
) -> None:
    page = client.get("/signup").text
    assert '<altcha-widget name="altcha" challenge="/altcha/challenge"' in page
    assert 'name="website"' in page and 'tabindex="-1"' in page
    assert "This form needs JavaScript to check you are a person." in page


def test_a_challenge_is_signed_expires_in_ten_minutes_and_is_never_cached(
    client: TestClient,
) -> None:
    answer = client.get("/altcha/challenge")
    assert answer.headers["cache-control"] == "no-store"
    parameters = answer.json()["parameters"]
    left = parameters["expiresAt"] - datetime.datetime.now(datetime.UTC).timestamp()
    assert 590 < left <= 600
    assert answer.json()["signature"]
    assert client.get("/altcha/challenge").json() != answer.json()


def _signed_in(client: TestClient) -> None:
    assert sign_up(client, "author@example.org").status_code == 303


def test_a_tip_from_the_web_needs_the_check(client: TestClient) -> None:
    _signed_in(client)
    refused = client.post(f"{GUIDE}/tips", data={"body": "Warm the oil.", "altcha": ""})
    assert refused.status_code == 422
    assert spam.NOT_SOLVED in refused.text
    assert row_counts(client)["tips"] == 0
    payload = solve_challenge(client)
    sent = client.post(f"{GUIDE}/tips", data={"body": "Warm the oil.", "altcha": payload})
    assert sent.status_code == 200, sent.text
    assert row_counts(client)["tips"] == 1
    reused = client.post(f"{GUIDE}/tips", data={"body": "Again.", "altcha": payload})
    assert spam.REUSED in reused.text
    trap = {"body": "Buy now.", "altcha": solve_challenge(client), "website": "x"}
    assert spam.HONEYPOT in client.post(f"{GUIDE}/tips", data=trap).text
    assert row_counts(client)["tips"] == 1


def test_too_many_tips_from_the_web_shows_when_to_try_again(client: TestClient) -> None:
    _signed_in(client)
    with journal_store(client).transaction() as db:
        user = accounts.find_credentials(db=db, email="author@example.org")
        assert user is not None
        for _ in range(spam.TIP_LIMIT.count):
            spam.check_tip_limit(_request("testclient"), db, user.user.id)
    answer = client.post(
        f"{GUIDE}/tips", data={"body": "One more.", "altcha": solve_challenge(client)}
    )
    assert answer.status_code == 429
    assert answer.headers["Retry-After"]
    assert "You have posted 5 tips in the last hour; try again in" in answer.text
    assert row_counts(client)["tips"] == 0


def test_a_page_that_raises_too_many_shows_the_message(client: TestClient) -> None:
    """An error page for a page route (the app's handler) says when to try again, and
    keeps the Retry-After header."""
    error = spam.TooMany("You have posted 5 tips in the last hour; try again in 3 minutes.", 170)

    async def refuse() -> None:
        raise error

    client.app.add_api_route("/test-too-many", refuse)  # type: ignore[attr-defined]
    answer = client.get("/test-too-many")
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "170"
    assert "try again in 3 minutes" in answer.text
