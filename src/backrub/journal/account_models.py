"""The accounts' tables: users, their web sessions, access tokens, sign-in attempts.

On the journal's declarative `Base` (same metadata, so one Alembic history and
one models-vs-migrations check). `people.owner_id` (models.py) points here.
Secrets are never stored: sessions and tokens are kept as their SHA-256, and
passwords as argon2id hashes. Times are naive UTC, like the journal's.
"""

from __future__ import annotations

import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backrub.journal.models import ID_LENGTH, Base

HASH_LENGTH = 64  # SHA-256, hex


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lowercased
    password_hash: Mapped[str] = mapped_column(String(255))
    created: Mapped[datetime.datetime] = mapped_column(DateTime())


class WebSession(Base):
    """A signed-in browser; `id` is the SHA-256 of the cookie's random token."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created: Mapped[datetime.datetime] = mapped_column(DateTime())
    expires: Mapped[datetime.datetime] = mapped_column(DateTime())


class AccessToken(Base):
    """A personal access token for the JSON API, stored as its SHA-256."""

    __tablename__ = "access_tokens"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    created: Mapped[datetime.datetime] = mapped_column(DateTime())
    last_used: Mapped[datetime.datetime | None] = mapped_column(DateTime())
    revoked: Mapped[datetime.datetime | None] = mapped_column(DateTime())


class SigninAttempt(Base):
    """Failed sign-ins in the current window, per key (`account:<email>`, `address:<ip>`)."""

    __tablename__ = "signin_attempts"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    window_start: Mapped[datetime.datetime] = mapped_column(DateTime())
    count: Mapped[int] = mapped_column(Integer)
