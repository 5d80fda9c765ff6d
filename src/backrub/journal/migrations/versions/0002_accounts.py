"""Accounts: users, web sessions, access tokens, sign-in attempts; people.owner_id.

Revision ID: 0002
Revises: 0001
Create Date: 2026-01-12

People who were in the journal before (the CLI's) keep `owner_id` NULL: no web
account sees them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

ID = sa.String(length=64)
HASH = sa.String(length=64)


def _owned_by_user(table: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("user_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", ID, nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", HASH, nullable=False),
        *_owned_by_user("web_sessions"),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("expires", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
    )
    op.create_index(op.f("ix_web_sessions_user_id"), "web_sessions", ["user_id"])
    op.create_table(
        "access_tokens",
        sa.Column("id", ID, nullable=False),
        *_owned_by_user("access_tokens"),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", HASH, nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("last_used", sa.DateTime(), nullable=True),
        sa.Column("revoked", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_access_tokens_token_hash")),
    )
    op.create_index(op.f("ix_access_tokens_user_id"), "access_tokens", ["user_id"])
    op.create_table(
        "signin_attempts",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_signin_attempts")),
    )
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("owner_id", ID, nullable=True))
        batch.create_foreign_key(
            op.f("fk_people_owner_id_users"), "users", ["owner_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index(op.f("ix_people_owner_id"), ["owner_id"])


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_index(op.f("ix_people_owner_id"))
        batch.drop_constraint(op.f("fk_people_owner_id_users"), type_="foreignkey")
        batch.drop_column("owner_id")
    op.drop_table("signin_attempts")
    op.drop_table("access_tokens")
    op.drop_table("web_sessions")
    op.drop_table("users")
