"""A fresh SQLite journal per test, disposed afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backrub.journal import open_journal
from backrub.journal.db import Store


@pytest.fixture
def journal_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An SQLite URL in tmp_path, also set as BACKRUB_DATABASE_URL for the CLI."""
    url = f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    monkeypatch.setenv("BACKRUB_DATABASE_URL", url)
    return url


@pytest.fixture
def store(journal_url: str) -> Iterator[Store]:
    with open_journal(journal_url) as opened:
        yield opened
