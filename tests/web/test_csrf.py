"""CSRF: every state-changing form refuses a request without a valid token.

The routes are read from the app itself, so a new form cannot slip through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts

from backrub.web.api.bodies import API_PREFIX
from backrub.web.auth import api_user, require_csrf
from backrub.web.security import CSRF_COOKIE
from support.accounts import app_client, other_client, sign_up
from support.web import TestClient, make_form

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
NO_ACCOUNT_API = {f"{API_PREFIX}/plans"}  # stores nothing, needs no account (like `backrub plan`)


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        sign_up(test_client, "sam@example.org")
        yield test_client


def _unsafe_routes(client: TestClient) -> list[tuple[str, str, Any]]:
    """(method, path, route) for every unsafe method of every route, included routers too."""
    return [
        (method, route.path, route)
        for route in iter_route_contexts(client.app.routes)  # type: ignore[attr-defined]
        if route.path and route.methods
        for method in sorted(set(route.methods) & UNSAFE)
    ]


def _calls(route: Any) -> set[object]:
    return {d.call for d in route.dependant.dependencies}


def _form_routes(client: TestClient) -> list[tuple[str, str]]:
    return [
        (method, re.sub(r"\{[^}]+\}", "x", path))
        for method, path, _ in _unsafe_routes(client)
        if not path.startswith(API_PREFIX)
    ]


def test_there_are_form_routes_and_each_is_guarded(client: TestClient) -> None:
    forms = _form_routes(client)
    assert ("POST", "/plan") in forms and ("POST", "/signin") in forms
    for _, path, route in _unsafe_routes(client):
        if not path.startswith(API_PREFIX):
            assert require_csrf in _calls(route), path
        elif path != f"{API_PREFIX}/plans":  # the one API write that stores nothing
            assert api_user in _calls(route), path  # which checks the header, below


@pytest.mark.parametrize("token", [None, "", "0" * 64])
def test_every_form_route_refuses_a_missing_or_wrong_token(
    client: TestClient, token: str | None
) -> None:
    form = make_form(email="sam@example.org", confirm_email="sam@example.org", name="x")
    if token is not None:
        form["csrf_token"] = token
    forms = _form_routes(client)
    assert len(forms) >= 7
    for method, path in forms:
        response = client.request(method, path, data=form)
        assert response.status_code == 403, f"{method} {path}"
        assert "This form has expired" in response.text
    assert client.get("/api/v1/me").status_code == 200  # still signed in: nothing happened


def test_a_token_from_another_browser_is_refused(client: TestClient) -> None:
    stranger = other_client(client)
    stolen = stranger.csrf_token()
    response = client.post("/plan", data={**make_form(), "csrf_token": stolen})
    assert response.status_code == 403


def test_the_token_without_its_cookie_is_refused(client: TestClient) -> None:
    token = client.csrf_token()
    client.cookies.delete(CSRF_COOKIE)
    assert client.post("/plan", data={**make_form(), "csrf_token": token}).status_code == 403


def test_signing_in_changes_the_token(journal_url: str) -> None:
    with app_client(journal_url) as client:
        before = client.csrf_token()
        sign_up(client, "sam@example.org")
        assert client.csrf_token() != before
        assert client.post("/plan", data={**make_form(), "csrf_token": before}).status_code == 403


def test_a_valid_token_passes(client: TestClient) -> None:
    assert client.post("/plan", data=make_form()).status_code == 200
    header = {"X-CSRF-Token": client.csrf_token()}
    assert client.post("/plan", data=make_form(), headers=header, csrf=False).status_code == 200


def test_cookie_authenticated_api_writes_need_the_header(client: TestClient) -> None:
    writes = [
        (method, path)
        for method, path, _ in _unsafe_routes(client)
        if path.startswith(API_PREFIX) and path not in NO_ACCOUNT_API
    ]
    assert writes
    for method, path in writes:
        url = re.sub(r"\{[^}]+\}", "x", path)
        response = client.request(method, url, json={"value": 1})
        assert response.status_code == 403, path
