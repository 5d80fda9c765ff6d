"""Helpers for the account tests: an app on the test's journal with a fast hasher,
sign-up in one call, and row counts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import func, select

from backrub.contract.records import SessionRecord
from backrub.journal import accounts
from backrub.journal.credentials import new_token, token_hash
from backrub.journal.entries import add_session
from backrub.journal.models import Base, Setting
from backrub.journal.search import DIGEST_KEY
from backrub.web.app import create_app
from backrub.web.settings import Settings
from support.human import solve_challenge
from support.web import TestClient

PASSWORD = "correct horse battery"
# argon2id still, with tiny costs: the real parameters take ~50 ms a hash.
FAST_HASHER = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))


@contextmanager
def app_client(database_url: str, **settings: Any) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url, **settings))
    app.state.password_hasher = FAST_HASHER
    secure = str(settings.get("base_url", "")).startswith("https://")
    with TestClient(
        app, base_url="https://testserver" if secure else "http://testserver"
    ) as client:
        yield client


def other_client(client: TestClient) -> TestClient:
    """A second browser on the same app (its own cookies)."""
    return TestClient(client.app)


def sign_up(client: TestClient, email: str, password: str = PASSWORD, **fields: Any) -> Any:
    """Post the sign-up form with a solved check that the sender is a person, unless
    `fields` brings its own `altcha`."""
    data = {"email": email, "password": password, "confirm": password, **fields}
    if "altcha" not in data:
        data["altcha"] = solve_challenge(client)
    return client.post("/signup", data=data, follow_redirects=False)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    data = {"email": email, "password": password}
    return client.post("/signin", data=data, follow_redirects=False)


def journal_store(client: TestClient) -> Any:
    return client.app.state.store  # type: ignore[attr-defined]


def own_person_id(client: TestClient) -> str:
    """The signed-in account's own person (made at sign-up)."""
    return str(client.get("/api/v1/me").json()["people"][0]["id"])


def add_sessions(client: TestClient, person_id: str, *sessions: SessionRecord) -> None:
    with journal_store(client).transaction() as db:
        for session in sessions:
            add_session(db=db, person_id=person_id, entry=session)


def bearer_header(client: TestClient, email: str) -> dict[str, str]:
    """A personal access token for the account, made as the settings page makes one."""
    token = new_token()
    with journal_store(client).transaction() as db:
        user = accounts.find_credentials(db=db, email=email)
        assert user is not None
        accounts.create_access_token(
            db=db, user_id=user.user.id, name="test", token_hash=token_hash(token)
        )
    return {"Authorization": f"Bearer {token}"}


def row_counts(client: TestClient) -> dict[str, int]:
    """Rows in every table of the journal, by table name; not what the app's start-up
    writes for search (the guides' words and their digest), which no request stored."""
    with journal_store(client).transaction() as db:
        return {
            name: db.scalar(_counted(table)) or 0
            for name, table in Base.metadata.tables.items()
            if name != "guide_documents"
        }


def _counted(table: Any) -> Any:
    query = select(func.count()).select_from(table)
    return query.where(Setting.key != DIGEST_KEY) if table.name == "settings" else query
