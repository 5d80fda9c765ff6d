"""Fixtures every test may use, and the Hypothesis profiles. Helpers live in `support/`
(a package); this file holds only fixtures, hooks and settings.

`journal_url` is a fresh journal database per test: SQLite, or PostgreSQL when
BACKRUB_TEST_POSTGRES_URL is set (see `support/databases.py`). Every test that uses it
is marked `database`; the PostgreSQL pass of `make test` runs only those.

Hypothesis runs the profile HYPOTHESIS_PROFILE names: `dev` (the default, 200 examples
a test: the quick loop of `make check`) or `ci` (10,000: `make test` and `.ci/run`).
A test whose examples are slow asks for a share of it (`support.examples.fewer`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from backrub.journal import open_journal
from backrub.journal.store import Store
from support.databases import fresh_database, sqlite_file_url
from support.intakes import make_intake, plan_for

settings.register_profile("dev", max_examples=200)
# ci: a busy machine must not fail a test for being slow (timings are `make bench`'s job),
# and a failure prints the blob that replays it (@reproduce_failure).
settings.register_profile("ci", max_examples=10_000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# Tests never touch the user's own cache folder (subprocesses inherit this too); the
# folder made here goes when the run ends.
if "BACKRUB_CACHE_DIR" not in os.environ:
    _cache = tempfile.TemporaryDirectory(prefix="backrub-test-cache-")
    os.environ["BACKRUB_CACHE_DIR"] = _cache.name


@pytest.fixture(name="make_intake")
def make_intake_fixture() -> Any:
    return make_intake


@pytest.fixture(name="plan_for")
def plan_for_fixture() -> Any:
    return plan_for


@pytest.fixture
def journal_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty journal, also set as BACKRUB_DATABASE_URL for the CLI and subprocesses."""
    with fresh_database() as url:
        monkeypatch.setenv("BACKRUB_DATABASE_URL", url)
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An SQLite journal in tmp_path whatever the run, for tests of SQLite itself."""
    url = sqlite_file_url(tmp_path)
    monkeypatch.setenv("BACKRUB_DATABASE_URL", url)
    return url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that asks for `journal_url`, directly or through a fixture, is a database test."""
    for item in items:
        if "journal_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.database)


@pytest.fixture
def store(journal_url: str) -> Iterator[Store]:
    """A store on the test's fresh journal, closed afterwards."""
    with open_journal(journal_url) as opened:
        yield opened


@pytest.fixture
def sqlite_store(sqlite_url: str) -> Iterator[Store]:
    """A store on SQLite whatever the run, for tests of SQLite's own settings."""
    with open_journal(sqlite_url) as opened:
        yield opened
