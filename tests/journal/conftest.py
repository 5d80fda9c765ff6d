"""A store on the test's fresh journal (`journal_url`, tests/conftest.py), closed afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backrub.journal import open_journal
from backrub.journal.store import Store


@pytest.fixture
def store(journal_url: str) -> Iterator[Store]:
    with open_journal(journal_url) as opened:
        yield opened


@pytest.fixture
def sqlite_store(sqlite_url: str) -> Iterator[Store]:
    """A store on SQLite whatever the run, for tests of SQLite's own settings."""
    with open_journal(sqlite_url) as opened:
        yield opened
