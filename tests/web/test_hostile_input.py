"""Malformed requests, as a table: each on each JSON endpoint and the forms that read
numbers or files. None may answer 5xx; each is refused with 422 naming the field (or
`body`, for what is wrong with the whole body) and saying what it accepts.

The defects these cover (issue 14): JSON nested 2,000 deep (a RecursionError), a
5,000-digit integer (past Python's int limit), ids outside Latin-1 (the Location header),
with CR/LF (the write kept, the answer lost), with `/` or spaces (kept, never fetched
again), NUL in sign-in fields on PostgreSQL. One app and account serve the module, on
SQLite or, in the PostgreSQL pass, on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from backrub.contract.validation import MAX_DEPTH
from support.accounts import app_client, bearer_header, own_person_id, sign_in, sign_up
from support.databases import fresh_database
from support.journal_factories import make_session
from support.web import TestClient

pytestmark = pytest.mark.database  # the module's journal comes from fresh_database()

API = "/api/v1"
EMAIL = "sam@example.org"
DEEP = "[" * 2000 + "]" * 2000
DEEP_OBJECT = '{"a":' * 2000 + "1" + "}" * 2000
HUGE = "1" * 5000
SCORE = "expected an integer from 0 to 10"
ID_WORDS = "expected 1 to 64 letters (A-Z, a-z), digits, '_', '.' or '-'"
BAD_IDS = {
    "non-latin-1": "caf\u00e9\u20ac",
    "cr-lf": "a\r\nb",
    "final-lf": "abc\n",
    "slash": "a/b",
    "space": "a b",
    "65-characters": "a" * 65,
    "empty": "",
    "leading-dash": "-abc",
    "nul": "a\x00b",
}


@dataclass
class Account:
    client: TestClient
    person: str
    session: str
    checkin: str


@pytest.fixture(scope="module")
def account() -> Iterator[Account]:
    with fresh_database() as url, app_client(url) as client:
        sign_up(client, EMAIL)
        person = own_person_id(client)
        client.headers.update(bearer_header(client, EMAIL))
        body = make_session().to_dict()
        del body["id"]
        session = client.post(f"{API}/people/{person}/sessions", json=body).json()["id"]
        checkin = client.post(f"{API}/people/{person}/checkins", json={"peg": [5, 4, 3]})
        client.cookies.clear()  # the bearer token speaks for the account from here on
        yield Account(client, person, session, checkin.json()["id"])


def _journal(**person: Any) -> str:
    who = {"id": "p-imported", "name": "Imported", **person}
    return json.dumps({"schema": "backrub.journal/1", "people": [who]})


def _session_text(**fields: Any) -> str:
    body = make_session().to_dict()
    del body["id"]
    return json.dumps({**body, **fields})


# (endpoint, method, path; {person}, {session}, {checkin} filled in)
ENDPOINTS = {
    "plan": ("POST", "/plans"),
    "session": ("POST", "/people/{person}/sessions"),
    "checkin": ("POST", "/people/{person}/checkins"),
    "ratings": ("PUT", "/people/{person}/sessions/{session}/ratings"),
    "edit-session": ("PATCH", "/people/{person}/sessions/{session}"),
    "edit-checkin": ("PATCH", "/people/{person}/checkins/{checkin}"),
    "import": ("POST", "/import"),
}
# A body with a 5,000-digit number in a field each endpoint reads, and that field's name.
HUGE_BODIES = {
    "plan": (f'{{"giver": "self", "minutes": {HUGE}}}', "minutes", "from 5 to 60"),
    "session": (
        _session_text()[:-1] + f', "soreness_next_day": {HUGE}}}',
        "soreness_next_day",
        SCORE,
    ),
    "checkin": (f'{{"peg": [5, {HUGE}, 3]}}', "peg[1]", SCORE),
    "ratings": (f'{{"soreness_next_day": {HUGE}}}', "soreness_next_day", SCORE),
    "edit-session": (
        f'{{"pain_after": {{"lower_back_left": {HUGE}}}}}',
        "pain_after.lower_back_left",
        SCORE,
    ),
    "edit-checkin": (f'{{"sleep": -{HUGE}}}', "sleep", SCORE),
    "import": (
        _journal(checkins=[{"id": "c1", "date": "2026-01-01", "peg": [1, 2, 3]}]).replace(
            "[1, 2, 3]", f"[1, 2, {HUGE}]"
        ),
        "people[0].checkins[0].peg[2]",
        SCORE,
    ),
}
# Bodies wrong as a whole: each endpoint answers 422 naming `body`.
WHOLE = {
    "deep-array": (DEEP, f"nested at most {MAX_DEPTH} levels"),
    "deep-object": (DEEP_OBJECT, f"nested at most {MAX_DEPTH} levels"),
    "truncated": ('{"peg": [1, 2', "not valid JSON"),
    "empty": ("", "not valid JSON"),
    "not-utf-8": (b"\xff\xfe{}", "not valid JSON"),
    "form-encoded": ("peg=1&peg=2", "not valid JSON"),
    "nul-byte": ('{"a": 1}\x00', "not valid JSON"),
}


def _path(account: Account, template: str) -> str:
    ids = {"person": account.person, "session": account.session, "checkin": account.checkin}
    return API + template.format(**ids)


def _refusal(response: Any) -> tuple[int, str, str]:
    assert response.status_code < 500, response.text
    (detail,) = response.json()["detail"]
    return response.status_code, detail["field"], detail["message"]


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
@pytest.mark.parametrize("kind", sorted(WHOLE))
def test_a_body_wrong_as_a_whole_is_422_naming_body(
    account: Account, endpoint: str, kind: str
) -> None:
    method, template = ENDPOINTS[endpoint]
    text, words = WHOLE[kind]
    headers = {"Content-Type": "text/plain" if kind == "form-encoded" else "application/json"}
    response = account.client.request(
        method, _path(account, template), content=text, headers=headers
    )
    status, field, message = _refusal(response)
    assert (status, field) == (422, "body")
    assert words in message


@pytest.mark.parametrize("endpoint", sorted(HUGE_BODIES))
def test_a_number_too_large_to_read_is_422_naming_its_field(
    account: Account, endpoint: str
) -> None:
    method, template = ENDPOINTS[endpoint]
    text, field, words = HUGE_BODIES[endpoint]
    response = account.client.request(method, _path(account, template), content=text)
    assert _refusal(response)[:2] == (422, field)
    assert words in _refusal(response)[2] and "too large" in _refusal(response)[2]


@pytest.mark.parametrize("kind", sorted(BAD_IDS))
@pytest.mark.parametrize("endpoint", ["session", "checkin", "import-person", "import-checkin"])
def test_an_id_outside_the_safe_alphabet_is_refused_and_nothing_kept(
    account: Account, endpoint: str, kind: str
) -> None:
    bad = BAD_IDS[kind]
    client, person = account.client, account.person
    if endpoint == "session":
        response = client.post(f"{API}/people/{person}/sessions", content=_session_text(id=bad))
        field = "id"
    elif endpoint == "checkin":
        response = client.post(
            f"{API}/people/{person}/checkins", json={"id": bad, "peg": [1, 1, 1]}
        )
        field = "id"
    elif endpoint == "import-person":
        response = client.post(f"{API}/import", content=_journal(id=bad))
        field = "people[0].id"
    else:
        checkin = {"id": bad, "date": "2026-01-01", "peg": [1, 2, 3]}
        response = client.post(f"{API}/import", content=_journal(checkins=[checkin]))
        field = "people[0].checkins[0].id"
    status, named, message = _refusal(response)
    assert (status, named) == (422, field)
    assert ID_WORDS in message
    assert "Location" not in response.headers
    listed = client.get(f"{API}/people/{person}/checkins").json()
    assert [c["id"] for c in listed] == [account.checkin]


def test_an_id_in_the_safe_alphabet_is_kept_and_found_at_its_location(account: Account) -> None:
    client, person = account.client, account.person
    made = client.post(
        f"{API}/people/{person}/checkins", json={"id": "Ok.id_1-x", "peg": [1, 1, 1]}
    )
    assert made.status_code == 201
    assert client.get(made.headers["Location"]).json()["id"] == "Ok.id_1-x"
    assert client.delete(made.headers["Location"]).status_code == 204


def test_import_without_its_schema_is_refused(account: Account) -> None:
    response = account.client.post(f"{API}/import", json={"people": []})
    assert _refusal(response)[:2] == (422, "schema")


# The forms: numbers typed, and the import file.


@pytest.fixture
def browser(account: Account) -> Iterator[TestClient]:
    """The account's own browser: the session cookie, no bearer token."""
    client = TestClient(account.client.app)
    assert sign_in(client, EMAIL).status_code == 303
    yield client


@pytest.mark.parametrize(
    "typed",
    [HUGE, "\u00b2", "-" + HUGE, "1e999"],
    ids=["huge", "superscript", "negative-huge", "exponent"],
)
def test_forms_refuse_a_number_they_cannot_read_naming_the_field(
    browser: TestClient, account: Account, typed: str
) -> None:
    checkin = browser.post(
        "/checkin", data={"peg_pain": typed, "peg_enjoyment": "1", "peg_activity": "1"}
    )
    assert checkin.status_code == 422
    assert "expected a whole number from 0 to 10" in checkin.text
    sore = browser.post(f"/journal/sessions/{account.session}/soreness", data={"value": typed})
    assert sore.status_code == 422
    assert "expected a whole number from 0 to 10" in sore.text
    assert browser.get("/journal", params={"shown": typed}).status_code == 200


@pytest.mark.parametrize("kind", ["deep", "huge", "bad-id"])
def test_the_import_form_refuses_a_hostile_file_naming_what_is_wrong(
    browser: TestClient, kind: str
) -> None:
    content, words = {
        "deep": (DEEP, f"nested at most {MAX_DEPTH} levels"),
        "huge": (
            _journal(checkins=[{"id": "c1", "date": "2026-01-01", "peg": [1, 2, 3]}]).replace(
                "[1, 2, 3]", f"[{HUGE}, 2, 3]"
            ),
            "peg[0]: expected an integer from 0 to 10",
        ),
        "bad-id": (_journal(id="a/b"), "people[0].id: expected 1 to 64 letters"),
    }[kind]
    files = {"file": ("journal.json", content.encode(), "application/json")}
    response = browser.post("/import", files=files, data={})
    assert response.status_code == 422
    assert words in response.text


@pytest.mark.parametrize(
    ("email", "password"),
    [("sam\x00@example.org", "correct horse battery"), (EMAIL, "correct\x00horse battery")],
    ids=["nul-in-email", "nul-in-password"],
)
def test_nul_in_sign_in_or_sign_up_is_an_answer_not_a_server_error(
    account: Account, email: str, password: str
) -> None:
    client = TestClient(account.client.app)
    assert sign_in(client, email, password).status_code == 400
    assert sign_up(client, email, password).status_code < 500
    deep = sign_up(client, "lee@example.org", intake=DEEP)  # the plan page's answers
    assert deep.status_code < 500
    named = sign_up(client, "kim@example.org", name="K\x00im")
    assert named.status_code == 422
    assert "control or direction-changing characters" in named.text


# What the API says about itself.


def test_options_lists_every_method_of_the_path(account: Account) -> None:
    """OPTIONS answered 405 with `Allow: POST` for a path that has GET too."""
    client, person = account.client, account.person
    listed = client.options(f"{API}/people/{person}/checkins")
    assert listed.status_code == 204
    assert listed.headers["Allow"] == "GET, OPTIONS, POST"
    wrong = client.put(f"{API}/people/{person}/checkins", json={})
    assert (wrong.status_code, wrong.headers["Allow"]) == (405, "GET, OPTIONS, POST")
    assert _refusal(wrong)[1] == "method"
    assert client.options(f"{API}/nowhere").status_code == 404


def test_the_document_states_what_the_server_refuses(account: Account) -> None:
    document = account.client.get(f"{API}/openapi.json").json()
    models = document["components"]["schemas"]
    checkin = models["CheckinRecord"]
    assert checkin["additionalProperties"] is False
    assert checkin["properties"]["peg"] == {
        "type": "array",
        "minItems": 3,
        "maxItems": 3,
        "items": {"type": "integer", "minimum": 0, "maximum": 10},
    }
    assert "pattern" in checkin["properties"]["id"]
    assert models["Intake"]["properties"]["causes"]["uniqueItems"] is True
    plan = models["SessionRecord"]["properties"]["plan"]
    assert plan["required"] == ["schema"]
    assert plan["properties"]["schema"] == {"const": "backrub.plan/1"}
    body = document["paths"][f"{API}/import"]["post"]["requestBody"]["content"]
    imported = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "schema" in models[imported]["required"]
