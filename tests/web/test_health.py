"""/healthz, /readyz, and the 503 a request gets while its journal cannot be reached.

In-process, on SQLite: a journal whose file cannot be opened (its folder gone) is
SQLite's "database unavailable", and a missing table is a bug that stays a 500.
`test_faults.py` does the same against a real server with PostgreSQL cut off.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from backrub.journal.store import Store
from backrub.web.health import journal_unavailable
from support.accounts import app_client, bearer_header, journal_store, own_person_id, sign_up
from support.web import TestClient

pytestmark = pytest.mark.sqlite_only  # SQLite made unreachable; test_faults.py cuts PostgreSQL off


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    with app_client(sqlite_url) as test_client:
        yield test_client


def test_healthz_answers_without_the_database(client: TestClient, tmp_path: Path) -> None:
    _cut_off(client, tmp_path)
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}


def test_readyz_is_200_while_the_journal_answers_and_503_when_not(
    client: TestClient, tmp_path: Path
) -> None:
    assert client.get("/readyz").json() == {"status": "ok"}
    _cut_off(client, tmp_path)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "5"
    assert answer.json()["status"] == "unavailable"


def test_api_and_pages_answer_503_with_retry_after_while_the_journal_is_away(
    client: TestClient, tmp_path: Path
) -> None:
    sign_up(client, "sam@example.org")
    person_id = own_person_id(client)
    bearer = bearer_header(client, "sam@example.org")
    kept = _cut_off(client, tmp_path)

    api = client.get(f"/api/v1/people/{person_id}/sessions", headers=bearer)
    assert api.status_code == 503
    assert api.headers["retry-after"] == "5"
    assert api.json() == {
        "detail": [
            {
                "field": "journal",
                "message": "the journal is briefly unavailable; try again in a few seconds",
            }
        ]
    }
    page = client.get("/journal")
    assert page.status_code == 503
    assert page.headers["retry-after"] == "5"
    assert "The journal is briefly unavailable" in page.text
    assert "Traceback" not in page.text

    client.app.state.store = kept  # type: ignore[attr-defined]  # the journal is back
    assert client.get(f"/api/v1/people/{person_id}/sessions", headers=bearer).status_code == 200
    assert client.get("/journal").status_code == 200


def test_a_missing_table_is_a_bug_and_stays_a_500(sqlite_url: str) -> None:
    with app_client(sqlite_url) as client:
        sign_up(client, "sam@example.org")
        person_id = own_person_id(client)
        bearer = bearer_header(client, "sam@example.org")
        with journal_store(client).transaction() as db:
            db.execute(text("DROP TABLE checkins"))
        with TestClient(client.app, raise_server_exceptions=False) as quiet:
            answer = quiet.get(f"/api/v1/people/{person_id}/checkins", headers=bearer)
    assert answer.status_code == 500
    assert "retry-after" not in answer.headers


def test_only_errors_that_pass_by_themselves_count_as_unavailable(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path}/missing/journal.sqlite3")
    with pytest.raises(OperationalError) as cannot_open:
        engine.connect()
    assert journal_unavailable(cannot_open.value)
    engine = create_engine("sqlite://")
    with pytest.raises(OperationalError) as no_table, engine.connect() as connection:
        connection.execute(text("SELECT * FROM nothing"))
    assert not journal_unavailable(no_table.value)
    assert not journal_unavailable(ValueError("not a database error"))


def _cut_off(client: TestClient, tmp_path: Path) -> Store:
    """Point the app at a journal in a folder that does not exist; answers the real one."""
    kept: Store = journal_store(client)
    client.app.state.store = Store(  # type: ignore[attr-defined]
        f"sqlite:///{tmp_path}/gone/journal.sqlite3", migrate=False
    )
    return kept
