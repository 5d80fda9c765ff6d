"""The journal behind each `backrub serve` this test process started (by its address), so
that a test can do there what only an operator does, such as granting the moderator's
role with `backrub admin grant-moderator`."""

from __future__ import annotations

SERVER_JOURNALS: dict[str, str] = {}  # server address -> its BACKRUB_DATABASE_URL


def journal_of(server_url: str) -> str:
    return SERVER_JOURNALS[server_url]
