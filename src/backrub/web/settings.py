"""The web app's settings, read from the environment (`BACKRUB_*`).

Nothing is read at import time: `Settings()` reads the environment when it is
made, and tests pass their own values. `check()` is the one place that decides
whether the app may start.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from backrub.journal.store import database_url

SMTP_SCHEMES = ("smtp", "smtps")  # smtp: STARTTLS when the server offers it; smtps: TLS first
DEFAULT_SECRET = "change-me"  # only good enough for development on one's own machine
MIN_SECRET_LENGTH = 32


class SettingsError(Exception):
    """The settings do not allow the app to start; the message is one line to show."""


class Settings(BaseSettings):
    """`BACKRUB_DATABASE_URL`, `BACKRUB_SECRET_KEY`, `BACKRUB_ENVIRONMENT`, `BACKRUB_BASE_URL`,
    `BACKRUB_TRUSTED_PROXIES`, `BACKRUB_SIGNUPS_PER_HOUR`, `BACKRUB_SMTP_URL`,
    `BACKRUB_MAIL_FROM`."""

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
    # too few to try thousands of emails (without BACKRUB_SMTP_URL, sign-up says when one
    # is taken).
    signups_per_hour: int = Field(default=10, ge=1)
    # The mail server that sign-up's links go through (`smtp://user:password@host:587`,
    # `smtps://host:465`); empty: no email, and sign-up signs in at once, as one person or
    # a family on their own machine wants.
    smtp_url: SecretStr = SecretStr("")
    mail_from: str = ""  # the sender of those emails; empty: backrub@<base_url's host>

    @property
    def sends_mail(self) -> bool:
        return bool(self.smtp_url.get_secret_value().strip())

    @property
    def mail_sender(self) -> str:
        host = urlsplit(self.base_url).hostname or "localhost"
        return self.mail_from.strip() or f"backrub@{host}"

    @property
    def https(self) -> bool:
        return self.base_url.startswith("https://")

    def check(self) -> None:
        """Raise SettingsError when the app must not start with these settings.

        Outside development the secret key signs sessions and CSRF tokens (once
        accounts exist), so a missing, default or short one is refused. A mail server's
        address is checked in every environment: a typo found at start-up, not at the
        first sign-up.
        """
        self._check_mail()
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

    def _check_mail(self) -> None:
        if self.sends_mail:
            check_smtp_url(self.smtp_url.get_secret_value().strip())
        if self.mail_from.strip() and "@" not in self.mail_from:
            raise SettingsError(
                f"BACKRUB_MAIL_FROM: expected an email address, like backrub@example.org, "
                f"got {self.mail_from.strip()!r}"
            )


def check_smtp_url(url: str) -> None:
    """Raise SettingsError, in one line that never shows the password, unless `url` is an
    smtp:// or smtps:// address with a host, and a port from 1 to 65535 if it names one."""
    expected = "expected smtp://[user:password@]host[:port] or smtps://..."
    try:
        parts = urlsplit(url)
    except ValueError:  # brackets that are not an IPv6 address
        raise SettingsError(f"BACKRUB_SMTP_URL: {expected}, got an unreadable host") from None
    if parts.scheme not in SMTP_SCHEMES:
        got = f"{parts.scheme}://" if parts.scheme else "no scheme"
        raise SettingsError(f"BACKRUB_SMTP_URL: {expected}, got {got}")
    if not parts.hostname:
        raise SettingsError(f"BACKRUB_SMTP_URL: {expected}, got no host")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise SettingsError(
            f"BACKRUB_SMTP_URL: expected a port from 1 to 65535 after {parts.hostname}:"
        )
