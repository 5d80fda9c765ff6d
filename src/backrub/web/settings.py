"""The web app's settings, read from the environment (`BACKRUB_*`).

Nothing is read at import time: `Settings()` reads the environment when it is
made, and tests pass their own values. `check()` is the one place that decides
whether the app may start.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from backrub.journal.store import database_url

DEFAULT_SECRET = "change-me"  # only good enough for development on one's own machine
MIN_SECRET_LENGTH = 32


class SettingsError(Exception):
    """The settings do not allow the app to start; the message is one line to show."""


class Settings(BaseSettings):
    """`BACKRUB_DATABASE_URL`, `BACKRUB_SECRET_KEY`, `BACKRUB_ENVIRONMENT`, `BACKRUB_BASE_URL`,
    `BACKRUB_TRUSTED_PROXIES`, `BACKRUB_SIGNUPS_PER_HOUR`."""

    model_config = SettingsConfigDict(env_prefix="BACKRUB_", extra="ignore", frozen=True)

    # The same journal as the CLI: BACKRUB_DATABASE_URL, else the user's SQLite file.
    database_url: str = Field(default_factory=lambda: database_url())
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    environment: Literal["development", "production"] = "development"
    base_url: str = "http://127.0.0.1:8000"
    # Reverse proxies whose X-Forwarded-For names the client (comma-separated addresses,
    # as uvicorn's `forwarded_allow_ips` takes them); empty: no one's, so the address
    # limits count the connection's own address.
    trusted_proxies: str = ""
    # Accounts made from one address in an hour: enough for a family or a clinic's desk,
    # too few to try thousands of emails (sign-up says when one is taken).
    signups_per_hour: int = Field(default=10, ge=1)

    @property
    def https(self) -> bool:
        return self.base_url.startswith("https://")

    def check(self) -> None:
        """Raise SettingsError when the app must not start with these settings.

        Outside development the secret key signs sessions and CSRF tokens (once
        accounts exist), so a missing, default or short one is refused.
        """
        if self.environment == "development":
            return
        secret = self.secret_key.get_secret_value().strip()
        if not secret or secret == DEFAULT_SECRET:
            raise SettingsError(
                "BACKRUB_SECRET_KEY: set a secret key of your own to run in "
                f"{self.environment} (for example: python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))')"
            )
        if len(secret) < MIN_SECRET_LENGTH:
            raise SettingsError(
                f"BACKRUB_SECRET_KEY: expected at least {MIN_SECRET_LENGTH} characters in "
                f"{self.environment}, got {len(secret)}"
            )
