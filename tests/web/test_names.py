"""Names and notes that cannot mislead, at the web app's edges.

A second account's "Sam" is just Sam (a renamed "Sam 2" would tell a stranger the
name is taken); a name or a note with a control or direction-changing character is
refused with one line naming the field, and nothing is stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest

from backrub.contract.records import Journal, PersonRecord
from backrub.exchange.journal_json import export_json
from backrub.web.api.bodies import API_PREFIX
from support.accounts import app_client, other_client, own_person_id, row_counts, sign_up
from support.intakes import make_intake
from support.journal_factories import make_session
from support.web import TestClient

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "Sam‮gpj.exe" reads as "Samexe.jpg"
REFUSED = "must not contain control or direction-changing characters (found U+202E)"
TICKET = re.compile(r'name="ticket" value="([^"]*)"')


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


def _names(client: TestClient) -> list[str]:
    return [person["name"] for person in client.get(f"{API_PREFIX}/me").json()["people"]]


def test_a_second_account_named_sam_keeps_sam(client: TestClient) -> None:
    second = other_client(client)
    assert sign_up(client, "one@example.org", name="Sam").status_code == 303
    assert sign_up(second, "two@example.org", name="  Sam ").status_code == 303
    assert _names(client) == ["Sam"]
    assert _names(second) == ["Sam"]
    assert "Sam 2" not in second.get("/profile").text


def test_sign_up_refuses_a_misleading_name_and_makes_no_account(client: TestClient) -> None:
    before = row_counts(client)
    response = sign_up(client, "one@example.org", name=f"Sam{RLO}gpj.exe")
    assert response.status_code == 422
    assert response.context["page"].errors["name"] == REFUSED
    assert REFUSED in response.text
    assert row_counts(client) == before


def test_sign_up_refuses_a_misleading_email(client: TestClient) -> None:
    """Its first part would name the person when no name is given."""
    before = row_counts(client)
    response = sign_up(client, f"sam{RLO}@example.org")
    assert response.status_code == 422
    assert response.context["page"].errors["email"] == REFUSED
    assert row_counts(client) == before


def test_a_note_with_an_override_through_the_api_is_422_and_stores_nothing(
    client: TestClient,
) -> None:
    sign_up(client, "one@example.org")
    person_id = own_person_id(client)
    body = {k: v for k, v in make_session().to_dict().items() if k != "id"}
    before = row_counts(client)
    response = client.post(
        f"{API_PREFIX}/people/{person_id}/sessions",
        json={**body, "note": f"fine{RLO}enif"},
        headers={"X-CSRF-Token": client.csrf_token()},
    )
    assert response.status_code == 422, response.text
    assert response.json() == {"detail": [{"field": "note", "message": REFUSED}]}
    assert row_counts(client) == before


def test_an_import_with_a_misleading_name_is_refused_whole(client: TestClient) -> None:
    sign_up(client, "one@example.org")
    good = PersonRecord(id="good", name="Ann")
    document = export_json(Journal(people=(good,))).replace('"Ann"', f'"Ann{RLO}"')
    before = row_counts(client)
    response = client.post(
        f"{API_PREFIX}/import", content=document, headers={"X-CSRF-Token": client.csrf_token()}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0] == {"field": "people[0].name", "message": REFUSED}
    assert row_counts(client) == before


def _ticket(client: TestClient) -> str:
    sign_up(client, "one@example.org")
    started = client.post("/player", data={"intake": _intake_json()}, follow_redirects=False)
    assert started.headers["location"] == "/player"
    match = TICKET.search(client.get("/player").text)
    assert match
    return unescape(match[1])


def _intake_json() -> str:
    return json.dumps(make_intake())


def _save(client: TestClient, ticket: str, note: str) -> Any:
    data = {"ticket": ticket, "note": note}
    return client.post("/player/session", data=data, follow_redirects=False)


def test_the_players_note_is_refused_beside_the_field_and_nothing_is_stored(
    client: TestClient,
) -> None:
    ticket = _ticket(client)
    before = row_counts(client)
    refused = _save(client, ticket, f"calm{RLO}mlac")
    assert refused.status_code == 422
    assert refused.context["page"].errors["note"] == REFUSED
    assert row_counts(client) == before
    # A note over several lines, as a browser sends a textarea (CRLF), is kept.
    assert _save(client, ticket, "calm\r\nthen\tsleepy").status_code == 303
    assert row_counts(client)["sessions"] == before["sessions"] + 1
