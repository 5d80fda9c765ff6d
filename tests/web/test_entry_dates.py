"""Dates of new entries, from 1900-01-01 to tomorrow, at every web edge; and a journal
that already holds a far date (as one from before the rule may) still draws (issue 12)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from typing import Any

import pytest

from backrub.contract.records import CheckinRecord, Journal, PersonRecord
from backrub.exchange.journal_json import export_json
from backrub.journal import entries
from support.accounts import app_client, row_counts
from support.journal_factories import make_checkin, make_session
from support.journal_pages import add_history, journal_of, person_id, signed_up, store
from support.web import TestClient

pytestmark = pytest.mark.database

API = "/api/v1"
GOOD_CHECKIN = {"peg_pain": "3", "peg_enjoyment": "3", "peg_activity": "3"}
FAR = datetime.date(2099, 1, 1)
CHART_IDS = ("pain", "peg", "sessions", "before_after")


def tomorrow() -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=1)


def refusal(day: datetime.date) -> str:
    return f"expected a date from 1900-01-01 to {tomorrow()} (tomorrow), got {day}"


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        signed_up(test_client)
        test_client.headers["X-CSRF-Token"] = test_client.csrf_token()
        yield test_client


def _error(response: Any) -> tuple[int, str, str]:
    (detail,) = response.json()["detail"]
    return response.status_code, detail["field"], detail["message"]


def _draws_everything(client: TestClient) -> None:
    page = client.get("/progress")
    assert page.status_code == 200, page.text
    for chart in CHART_IDS:
        svg = client.get(f"/progress/charts/{chart}.svg")
        assert svg.status_code == 200 and svg.text.lstrip().startswith("<svg"), chart
    assert client.get(f"{API}/people/{person_id(client)}/progress").status_code == 200


# The check-in form


@pytest.mark.parametrize("day", [FAR, datetime.date(1899, 12, 31)])
def test_the_form_refuses_a_far_date_beside_the_field_and_keeps_what_was_typed(
    client: TestClient, day: datetime.date
) -> None:
    response = client.post("/checkin", data={**GOOD_CHECKIN, "date": day.isoformat()})
    assert response.status_code == 422
    page = response.context["page"]
    assert page.errors == {"date": refusal(day)}
    assert page.date == day.isoformat() and page.questions[0].value == "3"
    assert 'id="error-date"' in response.text and refusal(day) in response.text
    assert row_counts(client)["checkins"] == 0


@pytest.mark.parametrize("day", [datetime.date(1900, 1, 1), tomorrow()])
def test_the_form_keeps_the_furthest_legal_dates_and_progress_draws(
    client: TestClient, day: datetime.date
) -> None:
    add_history(client, weeks=4)
    form = {**GOOD_CHECKIN, "date": day.isoformat()}
    response = client.post("/checkin", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert day in [checkin.date for checkin in journal_of(client).checkins]
    _draws_everything(client)


def test_the_form_offers_the_dates_it_takes(client: TestClient) -> None:
    page = client.get("/checkin")
    assert f'min="1900-01-01" max="{tomorrow()}"' in page.text


# The API


def test_the_api_refuses_a_far_check_in_with_422(client: TestClient) -> None:
    url = f"{API}/people/{person_id(client)}/checkins"
    response = client.post(url, json={"date": FAR.isoformat(), "peg": [3, 3, 3]})
    assert _error(response) == (422, "date", refusal(FAR))
    assert row_counts(client)["checkins"] == 0
    kept = client.post(url, json={"date": "1900-01-01", "peg": [3, 3, 3]})
    assert kept.status_code == 201 and kept.json()["date"] == "1900-01-01"


@pytest.mark.parametrize("field", ["started", "ended"])
def test_the_api_refuses_a_far_session_with_422(client: TestClient, field: str) -> None:
    url = f"{API}/people/{person_id(client)}/sessions"
    started = datetime.datetime(2026, 1, 5, 19, 0, tzinfo=datetime.UTC)
    if field == "started":
        started = started.replace(year=2099)
    ended = started.replace(year=2099) + datetime.timedelta(minutes=15)
    body = make_session(started=started).to_dict() | {"ended": ended.isoformat()}
    del body["id"]
    assert _error(client.post(url, json=body)) == (422, field, refusal(ended.date()))
    assert row_counts(client)["sessions"] == 0


def test_the_api_import_refuses_a_far_entry_whole(client: TestClient) -> None:
    document = _document(make_checkin(), make_checkin(date=FAR))
    response = client.post(f"{API}/import", content=export_json(document).encode())
    assert _error(response) == (422, "people[0].checkins[1].date", refusal(FAR))
    assert row_counts(client)["checkins"] == 0


def test_the_api_import_takes_old_history_from_1900(client: TestClient) -> None:
    document = _document(make_checkin(date=datetime.date(1900, 1, 1)))
    response = client.post(f"{API}/import", content=export_json(document).encode())
    assert response.status_code == 200 and response.json()["checkins"] == 1


def _document(*checkins: CheckinRecord) -> Journal:
    return Journal(people=(PersonRecord(id="imported", name="Imported", checkins=checkins),))


# The import form


def test_the_import_page_refuses_a_far_entry_and_keeps_nothing(client: TestClient) -> None:
    content = export_json(_document(make_checkin(date=FAR))).encode()
    files = {"file": ("journal.json", io.BytesIO(content), "application/json")}
    response = client.post("/import", data={}, files=files)
    assert response.status_code == 422
    assert response.context["page"].errors == {
        "file": f"people[0].checkins[0].date: {refusal(FAR)}"
    }
    assert row_counts(client)["checkins"] == 0


# A journal from before the rule


def test_a_journal_already_holding_2099_still_draws(client: TestClient) -> None:
    """Issue 12: after a 2099 check-in, /progress was a bare Internal Server Error."""
    add_history(client, weeks=4)
    with store(client).transaction() as db:  # below the validation, as old data is
        far = CheckinRecord(id="far", date=FAR, peg=(3, 3, 3))
        entries.add_checkin(db=db, person_id=person_id(client), entry=far)
    _draws_everything(client)
    assert "2099" in client.get("/progress").text  # the recent check-ins list shows it
