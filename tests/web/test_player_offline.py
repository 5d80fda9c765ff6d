"""Saving from the offline queue, the signed-out player, and what makes the app installable.

The queue (offline-queue.js) posts the player's form with `Accept: application/json`
and the `X-CSRF-Token` header; a session sent twice under one id must be one write,
whoever sends it and however often.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from sqlalchemy import select

from backrub.journal.models import Person
from backrub.journal.people import person_journal
from backrub.web.player.views import PlayerPage
from support.accounts import app_client, journal_store, other_client, sign_up
from support.intakes import make_intake
from support.web import TestClient

TICKET = re.compile(r'name="ticket" value="([^"]*)"')
RUN_ID = "0123456789abcdef0123456789abcdef"
FIELDS = {
    "session_id": RUN_ID,
    "started": "2026-03-01T17:30:05.250Z",
    "ended": "2026-03-01T17:46:00.000Z",
    "utc_offset": "60",
    "status": "completed",
    "before-lower_back_left": "6",
    "after-lower_back_left": "4",
}


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


def _start(client: TestClient) -> Any:
    data = {"intake": json.dumps(make_intake())}
    return client.post("/player", data=data, follow_redirects=False)


def _ticket(html: str) -> str:
    match = TICKET.search(html)
    assert match
    return unescape(match[1])


def _signed_in_ticket(client: TestClient, email: str = "sam@example.org") -> str:
    sign_up(client, email)
    _start(client)
    return _ticket(client.get("/player").text)


def _queue_save(
    client: TestClient, ticket: str, fields: dict[str, str] | None = None, *, csrf: bool = True
) -> Any:
    """What offline-queue.js sends: the form's fields without its csrf_token field."""
    headers = {"Accept": "application/json"}
    if csrf:
        headers["X-CSRF-Token"] = client.csrf_token()
    data = {"ticket": ticket, **FIELDS, **(fields or {})}
    return client.post("/player/session", data=data, headers=headers, csrf=False)


def _sessions(client: TestClient, name: str) -> Any:
    with journal_store(client).transaction() as db:
        person_id = db.scalar(select(Person.id).where(Person.name == name))
        assert person_id is not None
        return person_journal(db=db, person_id=person_id).sessions


def test_a_queued_save_sent_twice_is_one_session(client: TestClient) -> None:
    ticket = _signed_in_ticket(client)

    first = _queue_save(client, ticket)
    again = _queue_save(client, ticket, {"after-lower_back_left": "1"})

    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() == {"saved": RUN_ID, "next": "/progress"}
    sessions = _sessions(client, "sam")
    assert [s.id for s in sessions] == [RUN_ID]
    assert sessions[0].pain_after == {"lower_back_left": 4}  # the first write stands


def test_two_runs_of_one_page_are_two_sessions(client: TestClient) -> None:
    """Each run has its own id (the page's ticket is the same when reopened offline)."""
    ticket = _signed_in_ticket(client)
    assert _queue_save(client, ticket).status_code == 200
    assert _queue_save(client, ticket, {"session_id": "f" * 32}).status_code == 200
    assert sorted(s.id for s in _sessions(client, "sam")) == sorted([RUN_ID, "f" * 32])


def test_a_queued_save_still_needs_its_csrf_token(client: TestClient) -> None:
    ticket = _signed_in_ticket(client)
    assert _queue_save(client, ticket, csrf=False).status_code == 403
    assert _sessions(client, "sam") == ()


def test_signed_out_the_queue_is_told_to_wait(client: TestClient) -> None:
    ticket = _signed_in_ticket(client)
    client.post("/signout", data={})
    response = _queue_save(client, ticket)
    assert response.status_code == 401
    assert "sign in" in response.json()["error"]


def test_bad_answers_in_the_queue_name_the_field(client: TestClient) -> None:
    ticket = _signed_in_ticket(client)
    response = _queue_save(client, ticket, {"before-lower_back_left": "11"})
    assert response.status_code == 422
    assert response.json() == {
        "errors": {"before-lower_back_left": "expected a whole number from 0 to 10, or nothing"}
    }
    assert _queue_save(client, "nonsense").status_code == 400
    assert _sessions(client, "sam") == ()


def test_an_id_in_another_journal_is_refused_not_claimed(client: TestClient) -> None:
    ticket = _signed_in_ticket(client)
    assert _queue_save(client, ticket).status_code == 200
    with other_client(client) as kim:
        kim_ticket = _signed_in_ticket(kim, "kim@example.org")
        response = _queue_save(kim, kim_ticket)
        assert response.status_code == 409
        assert "session_id" in response.json()["errors"]
        form = kim.post("/player/session", data={"ticket": kim_ticket, **FIELDS})
        assert form.status_code == 409  # without the queue: the form again, saying why
        assert "already used by another journal" in form.text
    assert len(_sessions(client, "sam")) == 1
    assert _sessions(client, "kim") == ()


# Signed out: the player runs, and sign-up keeps the ratings


def test_signed_out_the_player_runs_and_nothing_is_kept(client: TestClient) -> None:
    response = _start(client)
    assert response.status_code == 200
    page: PlayerPage = response.context["page"]
    assert not page.signed_in and page.steps
    assert 'data-signed-in="false"' in response.text
    assert "Keep on this device" in response.text
    assert "Sign up to keep these ratings" in response.text
    with journal_store(client).transaction() as db:
        assert db.scalar(select(Person.id)) is None


def test_the_signed_out_ratings_go_to_the_account_made_afterwards(client: TestClient) -> None:
    ticket = _ticket(_start(client).text)
    sign_up(client, "sam@example.org")
    assert _queue_save(client, ticket).status_code == 200
    assert [s.id for s in _sessions(client, "sam")] == [RUN_ID]
    with other_client(client) as kim:  # the same ticket, claimed elsewhere: refused
        sign_up(kim, "kim@example.org")
        assert _queue_save(kim, ticket).status_code == 409


# Installable: the manifest, the icons and the service worker


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_manifest_names_the_app_and_its_icons_exist(client: TestClient) -> None:
    response = client.get("/static/manifest.webmanifest")
    assert response.status_code == 200
    manifest = response.json()
    assert manifest["name"] == "backrub" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    sizes = set()
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200, icon["src"]
        if icon["type"] == "image/png":
            width, height = _png_size(image.content)
            assert f"{width}x{height}" == icon["sizes"]
            sizes.add(width)
    assert {192, 512} <= sizes  # what Chromium asks of an installable app


def test_the_service_worker_is_served_from_the_root(client: TestClient) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["service-worker-allowed"] == "/"
    assert response.headers["cache-control"] == "no-cache"
    listed = re.search(r"PRECACHE = \[(.*?)\]", response.text, re.DOTALL)
    assert listed
    for url in re.findall(r'"([^"]+)"', listed[1]):
        assert client.get(url).status_code == 200, f"{url} is precached but missing"


def test_every_page_links_the_manifest_and_the_queue(client: TestClient) -> None:
    signed_out = client.get("/signin").text
    assert 'rel="manifest" href="/static/manifest.webmanifest"' in signed_out
    assert 'src="/static/offline-queue.js"' in signed_out
    assert 'name="csrf-token"' not in signed_out  # the queue sends nothing signed out
    sign_up(client, "sam@example.org")
    signed_in = client.get("/journal").text
    token = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', signed_in)
    assert token and token[1] == client.csrf_token()
