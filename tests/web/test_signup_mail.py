"""Sign-up by emailed link (BACKRUB_SMTP_URL): the same answer whether or not the email
has an account, the link used once, and a real SMTP server (aiosmtpd) receiving the mail
(issue 14, "Accounts under attack")."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from pwdlib import PasswordHash
from sqlalchemy import update

from backrub.journal import accounts
from backrub.journal.mapping import now
from backrub.journal.models import PendingSignup
from backrub.web.settings import Settings, SettingsError
from support.accounts import (
    FAST_HASHER,
    app_client,
    journal_store,
    other_client,
    row_counts,
    sign_up,
)
from support.mail import USER, Inbox, catching_mail, free_port
from support.web import CSRF_INPUT, TestClient, make_form

SENT = "Check your inbox: we sent a link to {email}. It works for 24 hours."
REFUSED_LINK = "This link has expired or was already used; sign up again."
NOT_SENT = "We could not send the email just now; try again in a few minutes."
TAKEN = "an account with this email already exists"
LINK = re.compile(r"http://127\.0\.0\.1:8000/signup/confirm\?token=([A-Za-z0-9_-]+)")


class CountingHasher(PasswordHash):
    """The tests' fast argon2id, counting the passwords it hashed."""

    def __init__(self) -> None:
        super().__init__(FAST_HASHER.hashers)
        self.hashed = 0

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        self.hashed += 1
        return super().hash(password, salt=salt)


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with catching_mail() as caught:
        yield caught


@pytest.fixture
def client(journal_url: str, inbox: Inbox) -> Iterator[TestClient]:
    with app_client(journal_url, smtp_url=inbox.url) as test_client:
        yield test_client


def _without_csrf(text: str) -> str:
    return CSRF_INPUT.sub('name="csrf_token" value=""', text)


def _make_account(client: TestClient, email: str) -> None:
    """An account made as `backrub admin create-user` makes one, without any email."""
    with journal_store(client).transaction() as db:
        user = accounts.create_user(db=db, email=email, password_hash="not a real hash")
        accounts.create_owned_person(db=db, user_id=user.id, name="Owner")


def _token_in(message: Any) -> str:
    found = LINK.search(message.get_content())
    assert found, message.get_content()
    return found[1]


def _confirm(client: TestClient, token: str) -> Any:
    return client.post("/signup/confirm", data={"token": token}, follow_redirects=False)


def test_a_new_and_a_taken_email_get_the_same_answer_and_one_email_each(
    client: TestClient, inbox: Inbox
) -> None:
    hasher = CountingHasher()
    client.app.state.password_hasher = hasher  # type: ignore[attr-defined]
    new = sign_up(other_client(client), "sam@example.org")
    assert new.status_code == 200
    assert SENT.format(email="sam@example.org") in new.text
    assert hasher.hashed == 1
    [link_mail] = inbox.to("sam@example.org")
    assert link_mail["Subject"] == "Confirm your backrub account"
    assert link_mail["From"] == "backrub@127.0.0.1"  # BACKRUB_MAIL_FROM's default
    assert "within 24 hours" in link_mail.get_content()
    assert row_counts(client)["users"] == 0  # nothing until the link is followed
    assert _confirm(other_client(client), _token_in(link_mail)).status_code == 303

    taken = sign_up(other_client(client), "sam@example.org")
    assert (taken.status_code, _without_csrf(taken.text)) == (200, _without_csrf(new.text))
    assert taken.headers["content-type"] == new.headers["content-type"]
    assert hasher.hashed == 2  # hashed though it is thrown away: timing tells nothing
    assert TAKEN not in taken.text
    [_, owner_mail] = inbox.to("sam@example.org")
    words = owner_mail.get_content()
    assert "tried to make a backrub account with this address" in words
    assert "You already have one: sign in at http://127.0.0.1:8000/signin" in words
    assert "If it was not you, ignore this email" in words
    assert "/signup/confirm" not in words
    assert row_counts(client)["pending_signups"] == 0  # nothing kept for a taken email
    assert row_counts(client)["users"] == 1


def test_following_the_link_signs_in_with_the_carried_intake(
    client: TestClient, inbox: Inbox
) -> None:
    intake_json = client.post("/plan", data=make_form()).context["page"].intake_json
    assert sign_up(client, "sam@example.org", name="Samira", intake=intake_json).status_code == 200
    token = _token_in(inbox.to("sam@example.org")[0])
    page = client.get(f"/signup/confirm?token={token}")  # what a mail scanner does too
    assert page.status_code == 200
    assert "sam@example.org" in page.text and "Make my account" in page.text
    assert row_counts(client)["users"] == 0 and row_counts(client)["pending_signups"] == 1
    made = _confirm(client, token)
    assert (made.status_code, made.headers["location"]) == (303, "/player")
    me = client.get("/api/v1/me").json()
    assert me["email"] == "sam@example.org"
    [person] = me["people"]
    assert person["name"] == "Samira"
    saved = client.get(f"/api/v1/people/{person['id']}").json()["intake"]
    assert saved == json.loads(intake_json)
    assert row_counts(client)["pending_signups"] == 0


def test_a_link_works_once(client: TestClient, inbox: Inbox) -> None:
    sign_up(client, "sam@example.org")
    token = _token_in(inbox.to("sam@example.org")[0])
    assert _confirm(client, token).status_code == 303
    again = _confirm(other_client(client), token)
    assert again.status_code == 400
    assert REFUSED_LINK in again.text
    assert other_client(client).get(f"/signup/confirm?token={token}").status_code == 400
    assert row_counts(client)["users"] == 1


@pytest.mark.parametrize("token", ["forged-token-of-43-characters-like-a-real-1", "", "x" * 5000])
def test_a_forged_link_is_refused_and_makes_nothing(client: TestClient, token: str) -> None:
    for response in (client.get(f"/signup/confirm?token={token}"), _confirm(client, token)):
        assert response.status_code == 400
        assert REFUSED_LINK in response.text
    assert row_counts(client)["users"] == 0 and row_counts(client)["people"] == 0


def test_an_expired_link_is_refused_and_makes_nothing(client: TestClient, inbox: Inbox) -> None:
    sign_up(client, "sam@example.org")
    token = _token_in(inbox.to("sam@example.org")[0])
    with journal_store(client).transaction() as db:
        past = now() - datetime.timedelta(seconds=1)
        db.execute(update(PendingSignup).values(expires=past))
    assert client.get(f"/signup/confirm?token={token}").status_code == 400
    refused = _confirm(client, token)
    assert refused.status_code == 400
    assert REFUSED_LINK in refused.text
    assert row_counts(client)["users"] == 0
    sign_up(other_client(client), "kim@example.org")  # storing a new one clears it
    assert row_counts(client)["pending_signups"] == 1


def test_an_email_taken_since_the_link_was_sent_is_refused_like_a_used_link(
    client: TestClient, inbox: Inbox
) -> None:
    sign_up(client, "sam@example.org")
    token = _token_in(inbox.to("sam@example.org")[0])
    _make_account(client, "sam@example.org")
    refused = _confirm(client, token)
    assert refused.status_code == 400
    assert REFUSED_LINK in refused.text
    assert row_counts(client)["users"] == 1 and row_counts(client)["people"] == 1


def test_a_mail_server_that_is_down_is_a_503_and_keeps_nothing(journal_url: str) -> None:
    with app_client(journal_url, smtp_url=f"smtp://127.0.0.1:{free_port()}") as client:
        refused = sign_up(client, "sam@example.org")
        assert refused.status_code == 503
        assert NOT_SENT in refused.text
        assert int(refused.headers["retry-after"]) > 0
        assert "Traceback" not in refused.text
        counts = row_counts(client)
    stored = {"pending_signups", "users", "rate_hits", "used_challenges"}
    assert {name: counts[name] for name in stored} == dict.fromkeys(stored, 0)


def test_a_mail_server_that_asks_for_a_login_gets_the_urls(journal_url: str) -> None:
    with catching_mail(login=True) as inbox, app_client(journal_url, smtp_url=inbox.url) as client:
        assert sign_up(client, "sam@example.org").status_code == 200
    assert inbox.logins == [USER]
    assert len(inbox.to("sam@example.org")) == 1


def test_mail_from_names_the_sender(journal_url: str, inbox: Inbox) -> None:
    with app_client(
        journal_url, smtp_url=inbox.url, mail_from="Back Rub <hello@example.org>"
    ) as client:
        sign_up(client, "sam@example.org")
    assert inbox.to("sam@example.org")[0]["From"] == "Back Rub <hello@example.org>"


def test_without_a_mail_server_sign_up_still_says_an_email_is_taken(
    journal_url: str, inbox: Inbox
) -> None:
    """The one mode that tells, and only it: one person or a family on their own
    machine, with no mail server, signs in at once."""
    with app_client(journal_url) as client:
        assert sign_up(client, "sam@example.org").status_code == 303
        taken = sign_up(other_client(client), "sam@example.org")
        assert (taken.status_code, TAKEN in taken.text) == (422, True)
    assert inbox.messages == []


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://mail.example.org", "got http://"),
        ("mail.example.org:587", "got mail.example.org://"),
        ("smtp://", "got no host"),
        ("smtp://user:secret-word@:587", "got no host"),
        ("smtp://user:secret-word@mail.example.org:99999", "a port from 1 to 65535"),
        ("smtps://mail.example.org:port", "a port from 1 to 65535"),
    ],
)
def test_a_bad_smtp_url_stops_the_start_in_one_line(url: str, problem: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings(smtp_url=url).check()
    message = str(refused.value)
    assert message.startswith("BACKRUB_SMTP_URL: ")
    assert problem in message
    assert "\n" not in message and "secret-word" not in message


def test_the_mail_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKRUB_SMTP_URL", "smtps://user:secret-word@mail.example.org:465")
    monkeypatch.setenv("BACKRUB_BASE_URL", "https://backrub.example")
    settings = Settings()
    settings.check()
    assert settings.sends_mail
    assert settings.mail_sender == "backrub@backrub.example"
    assert "secret-word" not in repr(settings)
    monkeypatch.setenv("BACKRUB_MAIL_FROM", "no address")
    with pytest.raises(SettingsError, match="^BACKRUB_MAIL_FROM: expected an email address"):
        Settings().check()
