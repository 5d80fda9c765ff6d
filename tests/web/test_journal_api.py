"""The journal routes of `/api/v1`, against a fresh journal (SQLite, or PostgreSQL).

The client is signed in with the session cookie and sends the X-CSRF-Token
header, as the web player does; bearer tokens go through the same `ApiUser`.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

import pytest
from msgspec.structs import replace
from typer.testing import CliRunner

from backrub.cli.app import app as cli_app
from backrub.contract.intake import parse_intake
from backrub.contract.records import Journal, PersonRecord
from backrub.exchange.journal_json import export_json
from backrub.exchange.schedule import build_calendar
from backrub.journal import owned
from backrub.journal.people import create_person, save_intake
from backrub.journal.transfer import import_journal
from backrub.planning.planner import make_plan
from backrub.progress.demo import demo_journal
from backrub.web.api.bodies import MAX_BODY_BYTES
from support.accounts import (
    app_client,
    journal_store,
    other_client,
    own_person_id,
    row_counts,
    sign_up,
)
from support.databases import fresh_database
from support.intakes import make_intake
from support.journal_factories import PLAN, make_session
from support.web import TestClient

API = "/api/v1"


def _signed_in(client: TestClient, email: str) -> TestClient:
    sign_up(client, email)
    client.headers["X-CSRF-Token"] = client.csrf_token()
    return client


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield _signed_in(test_client, "sam@example.org")


def _session_body(**overrides: Any) -> dict[str, Any]:
    body = make_session().to_dict()
    del body["id"]
    body.update(overrides)
    return body


def _error(response: Any) -> tuple[int, str, str]:
    (detail,) = response.json()["detail"]
    return response.status_code, detail["field"], detail["message"]


# Sessions


def test_a_session_is_recorded_and_read_back_in_full(client: TestClient) -> None:
    person_id = own_person_id(client)
    sent = _session_body(note="lovely")
    created = client.post(f"{API}/people/{person_id}/sessions", json=sent)
    assert created.status_code == 201
    stored = created.json()
    assert stored == {"id": stored["id"], **sent}
    assert created.headers["location"] == f"{API}/people/{person_id}/sessions/{stored['id']}"
    again = client.get(created.headers["location"])
    assert again.status_code == 200 and again.json() == stored
    assert again.json()["plan"] == PLAN
    listed = client.get(f"{API}/people/{person_id}/sessions").json()
    assert [entry["id"] for entry in listed] == [stored["id"]]


def test_times_at_utc_are_answered_as_they_were_sent(client: TestClient) -> None:
    """`+00:00`, as the contract and `backrub export` write them (msgspec alone writes Z)."""
    url = f"{API}/people/{own_person_id(client)}/sessions"
    sent = _session_body(started="2026-01-05T19:00:00+00:00", ended="2026-01-05T19:15:00+00:00")
    created = client.post(url, json=sent)
    assert b'"started":"2026-01-05T19:00:00+00:00"' in created.content
    again = client.get(created.headers["location"])
    assert b'"ended":"2026-01-05T19:15:00+00:00"' in again.content


def test_a_given_id_is_kept_and_cannot_be_used_twice(client: TestClient) -> None:
    url = f"{API}/people/{own_person_id(client)}/sessions"
    body = _session_body(id="my-own-id")
    assert client.post(url, json=body).json()["id"] == "my-own-id"
    status, field, message = _error(client.post(url, json=body))
    assert (status, field) == (409, "id")
    assert "already in the journal" in message


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"pain_before": {"lower_back_left": 11}}, "pain_before.lower_back_left", "0 to 10"),
        ({"pain_after": {"neck": 3}}, "pain_after", "lower_back_left"),
        ({"ended": "2026-01-05T18:00:00+01:00"}, "ended", "must not be before started"),
        ({"plan": {"schema": "backrub.plan/9"}}, "plan", "backrub.plan/1"),
        ({"status": "paused"}, "status", "completed, aborted"),
        ({"started": "2026-01-05 19:00"}, "started", "offset"),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"note": "x" * 2001}, "note", "2000"),
    ],
)
def test_a_bad_session_is_422_naming_the_field(
    client: TestClient, change: dict[str, Any], field: str, words: str
) -> None:
    response = client.post(
        f"{API}/people/{own_person_id(client)}/sessions", json=_session_body(**change)
    )
    status, named, message = _error(response)
    assert (status, named) == (422, field)
    assert words in message


@pytest.mark.parametrize(("body", "words"), [(b"[1, 2]", "expected an object"), (b"{", "JSON")])
def test_a_body_that_is_not_an_object_is_422_naming_the_body(
    client: TestClient, body: bytes, words: str
) -> None:
    response = client.post(f"{API}/people/{own_person_id(client)}/sessions", content=body)
    status, field, message = _error(response)
    assert (status, field) == (422, "body") and words in message


def test_a_huge_session_is_refused_unread(client: TestClient) -> None:
    body = json.dumps(_session_body(note="x" * MAX_BODY_BYTES))
    response = client.post(f"{API}/people/{own_person_id(client)}/sessions", content=body)
    status, field, message = _error(response)
    assert (status, field) == (413, "body")
    assert f"at most {MAX_BODY_BYTES} bytes" in message
    assert client.get(f"{API}/people/{own_person_id(client)}/sessions").json() == []


def test_a_huge_import_sent_in_chunks_is_refused_without_a_length(client: TestClient) -> None:
    chunk = b" " * (1024 * 1024)
    response = client.post(f"{API}/import", content=iter([chunk] * 17))
    assert _error(response)[:2] == (413, "body")


def test_an_id_of_another_accounts_session_is_a_conflict_not_a_merge(client: TestClient) -> None:
    url = f"{API}/people/{own_person_id(client)}/sessions"
    theirs = client.post(url, json=_session_body()).json()
    mallory = _signed_in(other_client(client), "mallory@example.org")
    response = mallory.post(
        f"{API}/people/{own_person_id(mallory)}/sessions",
        json=_session_body(id=theirs["id"], note="x"),
    )
    assert _error(response)[:2] == (409, "id")
    assert client.get(f"{url}/{theirs['id']}").json() == theirs


def test_unknown_people_and_sessions_are_404(client: TestClient) -> None:
    person_id = own_person_id(client)
    missing = client.post(f"{API}/people/nobody/sessions", json=_session_body())
    assert _error(missing)[:2] == (404, "person_id")
    unknown = client.get(f"{API}/people/{person_id}/sessions/nothing")
    assert _error(unknown)[:2] == (404, "session_id")


# Check-ins


def test_checkins_are_recorded_listed_newest_first_and_read_back(client: TestClient) -> None:
    url = f"{API}/people/{own_person_id(client)}/checkins"
    today = client.post(url, json={"peg": [6, 5, 5], "sleep": 6, "stress": 3})
    assert today.status_code == 201
    assert today.json()["date"] == datetime.date.today().isoformat()
    assert today.json()["rmdq"] is None
    older = client.post(url, json={"date": "2026-01-07", "peg": [7, 7, 6], "rmdq": 12}).json()
    listed = client.get(url).json()
    assert [c["id"] for c in listed] == [today.json()["id"], older["id"]]
    assert client.get(url, params={"limit": 1}).json() == listed[:1]
    one = client.get(today.headers["location"])
    assert one.status_code == 200 and one.json() == today.json()
    assert _error(client.get(f"{url}/nothing"))[:2] == (404, "checkin_id")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"peg": [6, 5, 11]}, "peg[2]"),
        ({"peg": [6, 5]}, "peg"),
        ({}, "peg"),
        ({"peg": [1, 1, 1], "stress": 6}, "stress"),
        ({"peg": [1, 1, 1], "rmdq": 25}, "rmdq"),
        ({"peg": [1, 1, 1], "date": "yesterday"}, "date"),
    ],
)
def test_a_bad_checkin_is_422_naming_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    response = client.post(f"{API}/people/{own_person_id(client)}/checkins", json=body)
    assert _error(response)[:2] == (422, field)


def test_a_bad_limit_is_422_naming_it(client: TestClient) -> None:
    response = client.get(f"{API}/people/{own_person_id(client)}/checkins", params={"limit": 0})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "limit"


# Progress and schedule


def test_progress_is_what_backrub_report_json_prints(client: TestClient) -> None:
    journal = demo_journal(weeks=6, start=datetime.date.today() - datetime.timedelta(weeks=6))
    assert client.post(f"{API}/import", content=export_json(journal)).status_code == 200
    person_id = journal.people[0].id
    answer = client.get(f"{API}/people/{person_id}/progress")
    # The CLI sees only its own people, never an account's: it gets the same history
    # under ids of its own.
    (person,) = journal.people
    cli_copy = replace(
        person,
        id="cli-" + person.id,
        sessions=tuple(replace(s, id="cli-" + s.id) for s in person.sessions),
        checkins=tuple(replace(c, id="cli-" + c.id) for c in person.checkins),
    )
    with journal_store(client).transaction() as db:
        import_journal(db=db, journal=Journal(people=(cli_copy,)))
    printed = CliRunner().invoke(cli_app, ["report", "--json", "--person", "demo"])
    assert printed.exit_code == 0, printed.output
    assert answer.status_code == 200
    assert answer.json() == json.loads(printed.stdout)
    assert answer.json()["pain"]["baseline"] is not None  # a real summary, not an empty one


def _save_intake(client: TestClient, person_id: str) -> None:
    with journal_store(client).transaction() as db:
        save_intake(db=db, person_id=person_id, intake=parse_intake(make_intake()))


def _without_stamp(data: bytes) -> list[bytes]:
    return [line for line in data.splitlines() if not line.startswith(b"DTSTAMP")]


def test_the_schedule_is_the_calendar_backrub_schedule_writes(client: TestClient) -> None:
    person_id = own_person_id(client)
    _save_intake(client, person_id)
    query = {"days": "tue,thu", "time": "07:30", "weeks": "3", "tz": "Europe/London"}
    response = client.get(f"{API}/people/{person_id}/schedule.ics", params=query)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["content-disposition"] == 'attachment; filename="backrub.ics"'
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/London")
    expected = build_calendar(
        ["tue", "thu"],
        datetime.time(7, 30),
        3,
        make_plan(parse_intake(make_intake())),
        datetime.datetime.now(zone).date(),
        zone,
        uid_seed=person_id,
        title="Back massage for sam",
    )
    assert _without_stamp(response.content) == _without_stamp(expected)


def test_the_schedule_defaults_like_the_cli(client: TestClient) -> None:
    person_id = own_person_id(client)
    _save_intake(client, person_id)
    response = client.get(f"{API}/people/{person_id}/schedule.ics", params={"tz": "UTC"})
    assert response.status_code == 200
    assert b"COUNT=24" in response.content and b"BYDAY=MO,WE,FR" in response.content
    assert b"T190000" in response.content


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"days": "mon,someday"}, "days"),
        ({"days": ""}, "days"),
        ({"time": "25:00"}, "time"),
        ({"time": "7pm"}, "time"),
        ({"weeks": "0"}, "weeks"),
        ({"weeks": "many"}, "weeks"),
        ({"tz": "Mars/Olympus"}, "tz"),
    ],
)
def test_bad_schedule_parameters_are_422_naming_them(
    client: TestClient, query: dict[str, str], field: str
) -> None:
    person_id = own_person_id(client)
    _save_intake(client, person_id)
    response = client.get(f"{API}/people/{person_id}/schedule.ics", params=query)
    assert _error(response)[:2] == (422, field)


def test_a_schedule_without_a_saved_intake_says_what_to_do(client: TestClient) -> None:
    """409, not 422: the request is right, the journal has nothing to plan from yet."""
    response = client.get(f"{API}/people/{own_person_id(client)}/schedule.ics")
    status, field, message = _error(response)
    assert (status, field) == (409, "intake")
    assert "sam has no saved intake" in message


# Export and import


def test_export_is_the_accounts_people_only_in_every_format(client: TestClient) -> None:
    with journal_store(client).transaction() as db:
        create_person(db=db, name="a CLI person")  # belongs to no account
    person_id = own_person_id(client)
    client.post(f"{API}/people/{person_id}/sessions", json=_session_body())
    with journal_store(client).transaction() as db:
        mine = owned.owned_journal(db=db, user_id=_user_id(client))
    as_json = client.get(f"{API}/export")
    assert as_json.status_code == 200
    assert as_json.headers["content-type"] == "application/json"
    assert 'filename="backrub-journal.json"' in as_json.headers["content-disposition"]
    assert as_json.text == export_json(mine)
    assert [p["id"] for p in as_json.json()["people"]] == [person_id]
    as_csv = client.get(f"{API}/export", params={"format": "csv"})
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert as_csv.text.count("\r\n") == 2  # the header and the one session
    as_fhir = client.get(f"{API}/export", params={"format": "fhir"})
    assert as_fhir.headers["content-type"] == "application/fhir+json"
    assert as_fhir.json()["resourceType"] == "Bundle"
    assert _error(client.get(f"{API}/export", params={"format": "xml"}))[:2] == (422, "format")


def _user_id(client: TestClient) -> str:
    return str(client.get(f"{API}/me").json()["id"])


def test_importing_ones_own_export_adds_nothing(client: TestClient) -> None:
    journal = demo_journal(weeks=2)
    first = client.post(f"{API}/import", content=export_json(journal))
    assert first.status_code == 200
    assert first.json() == {
        "people": 1,
        "sessions": len(journal.people[0].sessions),
        "checkins": len(journal.people[0].checkins),
    }
    before = row_counts(client)
    exported = client.get(f"{API}/export").content
    for document in (exported, exported, export_json(journal).encode()):
        again = client.post(f"{API}/import", content=document)
        assert again.json() == {"people": 0, "sessions": 0, "checkins": 0}
    assert row_counts(client) == before


def test_a_journal_moves_to_another_server_unchanged(client: TestClient) -> None:
    """Ids are kept, so an export imported on another server exports again byte for byte,
    apart from that account's own person (and a name, if it was taken there)."""
    client.post(f"{API}/import", content=export_json(demo_journal(weeks=3)))
    exported = client.get(f"{API}/export").json()
    with fresh_database() as other_url, app_client(other_url) as there:
        _signed_in(there, "sam@example.net")
        own = there.get(f"{API}/me").json()["people"][0]["id"]
        assert there.post(f"{API}/import", json=exported).status_code == 200
        again = there.get(f"{API}/export").json()
    assert [p for p in again["people"] if p["id"] != own] == [
        {**p, "name": f"{p['name']} 2" if p["name"] == "sam" else p["name"]}
        for p in exported["people"]
    ]


@pytest.mark.parametrize(
    "part", ["people[0].id", "people[0].sessions[0].id", "people[0].checkins[0].id"]
)
def test_an_import_with_another_accounts_ids_changes_nothing(client: TestClient, part: str) -> None:
    theirs = demo_journal(weeks=2).people[0]
    client.post(f"{API}/import", content=export_json(Journal(people=(theirs,))))
    mallory = _signed_in(other_client(client), "mallory@example.org")
    if part == "people[0].id":
        mine = PersonRecord(id=theirs.id, name="mine")
    elif part == "people[0].sessions[0].id":
        mine = PersonRecord(id="fresh", name="mine", sessions=theirs.sessions[:1])
    else:
        mine = PersonRecord(id="fresh", name="mine", checkins=theirs.checkins[:1])
    before = row_counts(client)
    exported_before = client.get(f"{API}/export").text
    response = mallory.post(f"{API}/import", content=export_json(Journal(people=(mine,))))
    assert _error(response) == (422, part, "this id belongs to a record outside your account")
    assert row_counts(client) == before
    assert client.get(f"{API}/export").text == exported_before


def test_an_import_touching_a_cli_person_is_refused(client: TestClient) -> None:
    with journal_store(client).transaction() as db:
        cli_person = create_person(db=db, name="kim")
    document = Journal(people=(PersonRecord(id=cli_person.id, name="kim"),))
    response = client.post(f"{API}/import", content=export_json(document))
    assert _error(response)[:2] == (422, "people[0].id")


def test_a_failed_import_rolls_back_what_it_had_written(client: TestClient) -> None:
    early = datetime.datetime.fromisoformat("0001-01-01T00:30:00+01:00")
    good = demo_journal(weeks=1).people[0]
    bad = PersonRecord(id="bad", name="bad", sessions=(make_session(started=early, ended=None),))
    before = row_counts(client)
    response = client.post(f"{API}/import", content=export_json(Journal(people=(good, bad))))
    assert _error(response)[:2] == (422, "people[1].sessions[0].started")
    assert row_counts(client) == before


def test_a_bad_document_is_422_naming_the_field(client: TestClient) -> None:
    document = json.loads(export_json(demo_journal(weeks=1)))
    document["people"][0]["sessions"][0]["pain_before"] = {"spine": 12}
    response = client.post(f"{API}/import", json=document)
    assert _error(response)[:2] == (422, "people[0].sessions[0].pain_before.spine")


def test_an_imported_person_whose_name_is_taken_gets_a_number(client: TestClient) -> None:
    document = Journal(people=(PersonRecord(id="another-sam", name="sam"),))
    assert client.post(f"{API}/import", content=export_json(document)).json()["people"] == 1
    names = [p["name"] for p in client.get(f"{API}/me").json()["people"]]
    assert names == ["sam", "sam 2"]


# Who may ask


JOURNAL_ROUTES = [
    ("POST", "/people/p/sessions"),
    ("GET", "/people/p/sessions/s"),
    ("POST", "/people/p/checkins"),
    ("GET", "/people/p/checkins"),
    ("GET", "/people/p/checkins/c"),
    ("GET", "/people/p/progress"),
    ("GET", "/people/p/schedule.ics"),
    ("GET", "/export"),
    ("POST", "/import"),
]


@pytest.mark.parametrize(("method", "path"), JOURNAL_ROUTES)
def test_without_credentials_every_route_is_401(journal_url: str, method: str, path: str) -> None:
    with app_client(journal_url) as anonymous:
        response = anonymous.request(method, API + path, json={})
        assert _error(response)[:2] == (401, "authorization")
        bad_token = {"Authorization": "Bearer nope"}
        assert anonymous.request(method, API + path, headers=bad_token).status_code == 401


def test_a_bearer_token_works_too(client: TestClient) -> None:
    token = client.post("/settings/tokens", data={"name": "phone"}).context["page"].new_token
    bearer = other_client(client)
    bearer.headers["Authorization"] = f"Bearer {token}"
    url = f"{API}/people/{own_person_id(client)}/checkins"
    assert bearer.post(url, json={"peg": [3, 3, 3]}).status_code == 201
    assert len(bearer.get(url).json()) == 1


def test_openapi_describes_every_journal_route(client: TestClient) -> None:
    document = client.get(f"{API}/openapi.json").json()
    for method, path in JOURNAL_ROUTES:
        template = (
            path.replace("/p/", "/{person_id}/")
            .replace("sessions/s", "sessions/{session_id}")
            .replace("checkins/c", "checkins/{checkin_id}")
        )
        operation = document["paths"][API + template][method.lower()]
        assert operation["summary"], template
        if method == "POST":
            assert operation["requestBody"]["content"]["application/json"]["schema"], template
    schemas = document["components"]["schemas"]
    assert {"SessionRecord", "CheckinRecord", "Intake", "Error"} <= set(schemas)
