"""The Exchange page's import into one's own person keeps the file's saved answers.

A one-person file joins the account's own person (`journal_forms.journal_file`), who
already exists, so the import once added only their sessions and check-ins and the
saved intake in the file was lost: moving to a new server lost the answers that
"Start" plans from. An import adds and never replaces, so answers already saved stay.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from backrub.exchange.journal_json import export_json
from backrub.progress.demo import demo_journal
from support.accounts import app_client, other_client
from support.journal_pages import journal_of, signed_up
from support.web import TestClient


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


def _upload(client: TestClient, content: bytes) -> Any:
    files = {"file": ("journal.json", io.BytesIO(content), "application/json")}
    return client.post("/import", data={}, files=files)


def _saved_intake(client: TestClient) -> Any:
    own = client.get("/api/v1/me").json()["people"][0]["id"]
    return client.get(f"/api/v1/people/{own}").json()["intake"]


def test_an_export_imported_on_a_new_account_keeps_its_saved_answers(client: TestClient) -> None:
    signed_up(client, "old@example.org")  # with the ordinary intake saved
    exported = client.get("/export.json").content
    assert json.loads(exported)["people"][0]["intake"] is not None

    moved = other_client(client)
    signed_up(moved, "new@example.org", intake="")  # no answers yet
    assert _saved_intake(moved) is None
    assert _upload(moved, exported).status_code == 200

    assert _saved_intake(moved) == _saved_intake(client)
    assert journal_of(moved).intake == journal_of(client).intake
    # The export after the import is the export before it, but for who it is.
    before, after = json.loads(exported), json.loads(moved.get("/export.json").content)
    for document in before, after:
        for person in document["people"]:
            del person["id"], person["name"]
    assert after == before


def test_a_one_person_file_from_elsewhere_brings_its_intake(client: TestClient) -> None:
    signed_up(client, intake="")
    demo = demo_journal(weeks=2)
    assert demo.people[0].intake is not None
    assert _upload(client, export_json(demo).encode()).status_code == 200
    assert journal_of(client).intake == demo.people[0].intake


def test_answers_already_saved_are_not_replaced_by_an_import(client: TestClient) -> None:
    signed_up(client)
    mine = _saved_intake(client)
    demo = demo_journal(weeks=1)
    assert demo.people[0].intake is not None
    assert demo.people[0].intake.to_dict() != mine
    assert _upload(client, export_json(demo).encode()).status_code == 200
    assert _saved_intake(client) == mine
