"""Sign-up confirmed by email: sign-ups waiting for their link.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

- `pending_signups`: a sign-up made while the server sends email (`BACKRUB_SMTP_URL`),
  kept by the SHA-256 of its link's token until the link is followed or it expires
  (24 hours), so sign-up answers alike whether or not the email has an account.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "pending_signups",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("person_name", sa.String(length=100), nullable=False),
        sa.Column("intake", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("expires", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_pending_signups")),
    )
    op.create_index(op.f("ix_pending_signups_expires"), "pending_signups", ["expires"])


def downgrade() -> None:
    op.drop_table("pending_signups")
