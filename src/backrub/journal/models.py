"""The journal's tables, as SQLAlchemy 2 typed declarative models.

Portable to PostgreSQL: generic types only, JSON (never JSONB, which would
reorder keys), and named constraints so Alembic's batch mode works on SQLite.
Times are stored as naive UTC plus the offset in seconds, so that sorting works
across offsets and a time comes back with exactly the offset it was given.
Every journal table has an integer `seq` key that keeps insertion order, so an
import exports again in the document's order; the public ids are the `id` columns.
The accounts' tables share the metadata (`people.owner_id` refers to `users.id`),
so there is one Alembic history and one models-vs-migrations check. Times are
naive UTC.
"""

from __future__ import annotations

import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
ID_LENGTH = 64
HASH_LENGTH = 64  # SHA-256, hex


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Person(Base):
    """Who a journal is about. A name is unique among an account's people, and among the
    CLI's (no owner), which it picks by name; two accounts may each have a "Sam". A unique
    index counts NULLs as distinct on SQLite and PostgreSQL alike, so the CLI's people
    have a partial index of their own."""

    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("owner_id", "name", name="uq_people_owner_name"),
        Index(
            "uq_people_unowned_name",
            "name",
            unique=True,
            sqlite_where=text("owner_id IS NULL"),
            postgresql_where=text("owner_id IS NULL"),
        ),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(ID_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    intake: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # When the intake was last saved (naive UTC), so `backrub start` can say how old it is.
    intake_saved: Mapped[datetime.datetime | None] = mapped_column(DateTime())
    created: Mapped[datetime.datetime] = mapped_column(DateTime())  # naive UTC
    # The web account this person belongs to; None for the CLI's people.
    owner_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )

    sessions: Mapped[list[SessionRow]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(SessionRow.started_utc, SessionRow.seq)",
    )
    checkins: Mapped[list[Checkin]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(Checkin.date, Checkin.seq)",
    )
    # Read only: plans are written by `mapping.store_plans` and go with the person (the
    # foreign key cascades) or with their last session (`entries.delete_where`).
    plans: Mapped[list[PlanRow]] = relationship(viewonly=True)


class Setting(Base):
    """Small facts about the journal itself, such as the current person's id."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class PlanRow(Base):
    """A plan a person's sessions followed, stored once however many sessions followed it:
    a person follows a handful of plans (13-33 KB of JSON each) over hundreds of sessions.
    Keyed by the person and the SHA-256 (hex) of its text, which `mapping.plan_text` writes
    (a migrated plan keeps the text it had, and its digest is that text's). Per person, never
    shared between accounts: it goes with the person, and partitions with them."""

    __tablename__ = "plans"

    person_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    digest: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)
    plan_text: Mapped[str] = mapped_column(Text)  # the plan's JSON, as `digest` hashes it


class SessionRow(Base):
    """One session. Its pain ratings are JSON objects in the given order, and its times'
    text and the plan's size are kept beside the rest, so that a listing reads neither
    the plan nor another table, and formats nothing. The plan itself is the person's row
    in `plans` that `plan_digest` names (the key is the person and the digest)."""

    __tablename__ = "sessions"
    __table_args__ = (
        Index("ix_sessions_person_started", "person_id", "started_utc", "seq"),
        # Named fk_sessions_person_id_plans; a plan in use is never deleted.
        ForeignKeyConstraint(["person_id", "plan_digest"], ["plans.person_id", "plans.digest"]),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(ID_LENGTH), unique=True)
    person_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("people.id", ondelete="CASCADE")
    )
    started_utc: Mapped[datetime.datetime] = mapped_column(DateTime())
    started_offset: Mapped[int] = mapped_column(Integer)  # seconds east of UTC
    ended_utc: Mapped[datetime.datetime | None] = mapped_column(DateTime())
    ended_offset: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    giver: Mapped[str] = mapped_column(String(16))
    steps_done: Mapped[list[int]] = mapped_column(JSON)
    soreness_next_day: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    pain_before: Mapped[dict[str, int]] = mapped_column(JSON)  # region id -> 0..10
    pain_after: Mapped[dict[str, int]] = mapped_column(JSON)
    # The times as given, ISO 8601 with their offset, for listings (the *_utc and *_offset
    # columns are the truth, and sort); written once, as sessions' times never change.
    started_iso: Mapped[str] = mapped_column(String(40))
    ended_iso: Mapped[str | None] = mapped_column(String(40))
    step_count: Mapped[int] = mapped_column(Integer)  # len(plan["steps"])
    planned_seconds: Mapped[int] = mapped_column(Integer)  # plan["total_seconds"]
    plan_digest: Mapped[str] = mapped_column(String(HASH_LENGTH))  # PlanRow.digest

    person: Mapped[Person] = relationship(back_populates="sessions")


class Checkin(Base):
    __tablename__ = "checkins"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(ID_LENGTH), unique=True)
    person_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[datetime.date] = mapped_column(Date())
    peg1: Mapped[int] = mapped_column(Integer)
    peg2: Mapped[int] = mapped_column(Integer)
    peg3: Mapped[int] = mapped_column(Integer)
    sleep: Mapped[int | None] = mapped_column(Integer)
    stress: Mapped[int | None] = mapped_column(Integer)
    rmdq: Mapped[int | None] = mapped_column(Integer)

    person: Mapped[Person] = relationship(back_populates="checkins")


# Accounts: users, their web sessions, access tokens, sign-in attempts. Secrets are never
# stored: sessions and tokens are kept as their SHA-256, passwords as argon2id hashes.


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lowercased
    password_hash: Mapped[str] = mapped_column(String(255))
    created: Mapped[datetime.datetime] = mapped_column(DateTime())
    moderator: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))


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


# Learn: readers' tips on guides, their moderation log and reports; the limits and
# single-use challenges that keep spam out. A tip's guide is named by kind and id
# (the knowledge base's, not a table's), so it has no foreign key.


class Tip(Base):
    """A reader's tip on a guide: `pending` until a moderator approves or rejects it;
    an edit, or a reader's report, sends it back to `pending`."""

    __tablename__ = "tips"
    __table_args__ = (
        Index("ix_tips_guide", "guide_kind", "guide_id", "status", "created"),
        Index("ix_tips_status_updated", "status", "updated"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    author_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    guide_kind: Mapped[str] = mapped_column(String(16))  # technique, region, tool
    guide_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    body: Mapped[str] = mapped_column(Text)  # as posted: the Markdown subset
    status: Mapped[str] = mapped_column(String(16))  # pending, approved, rejected
    created: Mapped[datetime.datetime] = mapped_column(DateTime())
    updated: Mapped[datetime.datetime] = mapped_column(DateTime())
    reason: Mapped[str | None] = mapped_column(Text)  # the last rejection's, for the author


class TipDecision(Base):
    """The moderation log: who decided what about which tip, when and why. It keeps no
    foreign keys, so it outlives the tip and the moderator's account."""

    __tablename__ = "tip_decisions"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tip_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    moderator_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    moderator_email: Mapped[str] = mapped_column(String(254))
    decision: Mapped[str] = mapped_column(String(16))  # approve, reject
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime.datetime] = mapped_column(DateTime())


class TipReport(Base):
    """A signed-in reader's report of a tip: one per reader and tip."""

    __tablename__ = "tip_reports"

    tip_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("tips.id", ondelete="CASCADE"), primary_key=True
    )
    reporter_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created: Mapped[datetime.datetime] = mapped_column(DateTime())


class RateHit(Base):
    """One counted action under a key (`tips:account:<id>`, `tips:address:<ip>`, ...):
    a limit counts a key's rows in its window, across processes and restarts."""

    __tablename__ = "rate_hits"
    __table_args__ = (Index("ix_rate_hits_key_at", "key", "at"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime.datetime] = mapped_column(DateTime())


class UsedChallenge(Base):
    """A solved proof-of-work challenge, by the SHA-256 of its signature, kept until it
    expires so that it is accepted once."""

    __tablename__ = "used_challenges"

    digest: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)
    expires: Mapped[datetime.datetime] = mapped_column(DateTime(), index=True)


class GuideDocument(Base):
    """A guide's words for search (`journal.search`): the knowledge base's, rewritten by
    `sync_guides` when they change. Its full-text index is not a model: on SQLite an FTS5
    table kept by triggers, on PostgreSQL a generated `search_vector` (migration 0006)."""

    __tablename__ = "guide_documents"
    __table_args__ = (UniqueConstraint("kind", "id"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # technique, region, tool
    id: Mapped[str] = mapped_column(String(ID_LENGTH))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class PendingSignup(Base):
    """A sign-up waiting for its emailed link (`journal.pending`): the account is made
    only when the link is followed, so sign-up answers alike whether or not the email is
    taken. Kept by the SHA-256 of the link's token, so a leaked table confirms nothing."""

    __tablename__ = "pending_signups"

    digest: Mapped[str] = mapped_column(String(HASH_LENGTH), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    person_name: Mapped[str] = mapped_column(String(100))
    intake: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    expires: Mapped[datetime.datetime] = mapped_column(DateTime(), index=True)  # naive UTC
