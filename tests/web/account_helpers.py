"""Helpers for the account tests: an app on the test's journal with a fast hasher,
sign-up in one call, and row counts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import func, select

from backrub.journal.models import Base
from backrub.web.app import create_app
from backrub.web.settings import Settings
from web.helpers import TestClient

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
    data = {"email": email, "password": password, "confirm": password, **fields}
    return client.post("/signup", data=data, follow_redirects=False)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    data = {"email": email, "password": password}
    return client.post("/signin", data=data, follow_redirects=False)


def row_counts(client: TestClient) -> dict[str, int]:
    """Rows in every table of the journal, by table name."""
    store = client.app.state.store  # type: ignore[attr-defined]
    with store.transaction() as db:
        return {
            name: db.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }
