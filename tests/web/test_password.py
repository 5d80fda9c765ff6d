"""Changing the password and signing out everywhere (issue 14: there was neither)."""

from __future__ import annotations

from typing import Any

import pytest

from support.accounts import PASSWORD, other_client, sign_in, sign_up
from support.web import TestClient

NEW = "a brand new passphrase"


def _change(client: TestClient, current: str, password: str, confirm: str | None = None) -> Any:
    data = {"current": current, "password": password, "confirm": confirm or password}
    return client.post("/settings/password", data=data)


def _signed_in(client: TestClient) -> bool:
    return client.get("/api/v1/me").status_code == 200


@pytest.fixture
def two_browsers(client: TestClient) -> tuple[TestClient, TestClient]:
    assert sign_up(client, "sam@example.org").status_code == 303
    laptop = other_client(client)
    assert sign_in(laptop, "sam@example.org").status_code == 303
    assert _signed_in(client) and _signed_in(laptop)
    return client, laptop


def test_a_new_password_signs_out_every_other_browser(
    two_browsers: tuple[TestClient, TestClient],
) -> None:
    phone, laptop = two_browsers
    response = _change(phone, PASSWORD, NEW)
    assert response.status_code == 200 and "Your password is changed" in response.text
    assert _signed_in(phone) and not _signed_in(laptop)
    stranger = other_client(phone)
    assert sign_in(stranger, "sam@example.org", PASSWORD).status_code == 400
    assert sign_in(stranger, "sam@example.org", NEW).status_code == 303


@pytest.mark.parametrize(
    ("current", "password", "confirm", "field", "words"),
    [
        ("not my password", NEW, NEW, "current", "not your current password"),
        (PASSWORD, "short", "short", "password", "at least 10"),
        (PASSWORD, "qwertyuiop", "qwertyuiop", "password", "common passwords"),
        (PASSWORD, PASSWORD, PASSWORD, "password", "different"),
        (PASSWORD, NEW, NEW + "!", "confirm", "differ"),
    ],
    ids=["wrong-current", "short", "common", "same", "mismatch"],
)
def test_a_refused_change_says_why_and_changes_nothing(
    two_browsers: tuple[TestClient, TestClient],
    current: str,
    password: str,
    confirm: str,
    field: str,
    words: str,
) -> None:
    phone, laptop = two_browsers
    response = _change(phone, current, password, confirm)
    assert response.status_code == 422
    assert words in response.context["page"].errors[field]
    assert _signed_in(laptop)
    assert sign_in(other_client(phone), "sam@example.org", PASSWORD).status_code == 303


def test_guessing_the_current_password_meets_the_sign_in_limit(
    two_browsers: tuple[TestClient, TestClient],
) -> None:
    phone, _ = two_browsers
    for _ in range(5):
        assert _change(phone, "a wrong guess!", NEW).status_code == 422
    assert _change(phone, PASSWORD, NEW).status_code == 429


def test_sign_out_everywhere(two_browsers: tuple[TestClient, TestClient]) -> None:
    phone, laptop = two_browsers
    response = phone.post("/settings/sign-out-everywhere", data={})
    assert response.status_code == 200 and "signed out everywhere" in response.text
    assert not _signed_in(phone) and not _signed_in(laptop)
    assert sign_in(phone, "sam@example.org").status_code == 303


def test_both_need_a_signed_in_browser_and_the_forms_token(client: TestClient) -> None:
    assert client.get("/settings/password", follow_redirects=False).status_code == 303
    assert sign_up(client, "sam@example.org").status_code == 303
    refused = client.post("/settings/sign-out-everywhere", data={}, csrf=False)
    assert refused.status_code == 403 and _signed_in(client)
