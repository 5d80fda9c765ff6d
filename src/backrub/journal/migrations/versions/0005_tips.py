"""Learn: readers' tips and their moderation; limits and single-use challenges.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

- `users.moderator`: who may approve and reject tips (`backrub admin grant-moderator`).
- `tips`: a reader's tip on a guide (named by the knowledge base's kind and id), with
  its status (pending, approved, rejected) and the last rejection's reason.
- `tip_decisions`: the moderation log (who, when, what, why), without foreign keys so
  that it outlives tips and accounts; `tip_reports`: one report per reader and tip.
- `rate_hits`: counted actions per key, for limits that hold across processes;
  `used_challenges`: solved proof-of-work challenges, so each is accepted once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

ID = sa.String(length=64)


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("moderator", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )
    op.create_table(
        "tips",
        sa.Column("id", ID, nullable=False),
        sa.Column("author_id", ID, nullable=False),
        sa.Column("guide_kind", sa.String(length=16), nullable=False),
        sa.Column("guide_id", ID, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_tips_author_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tips")),
    )
    op.create_index(op.f("ix_tips_author_id"), "tips", ["author_id"])
    op.create_index("ix_tips_guide", "tips", ["guide_kind", "guide_id", "status", "created"])
    op.create_index("ix_tips_status_updated", "tips", ["status", "updated"])
    op.create_table(
        "tip_decisions",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tip_id", ID, nullable=False),
        sa.Column("moderator_id", ID, nullable=False),
        sa.Column("moderator_email", sa.String(length=254), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_tip_decisions")),
    )
    op.create_index(op.f("ix_tip_decisions_tip_id"), "tip_decisions", ["tip_id"])
    op.create_table(
        "tip_reports",
        sa.Column("tip_id", ID, nullable=False),
        sa.Column("reporter_id", ID, nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tip_id"], ["tips.id"], name=op.f("fk_tip_reports_tip_id_tips"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["users.id"],
            name=op.f("fk_tip_reports_reporter_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tip_id", "reporter_id", name=op.f("pk_tip_reports")),
    )
    op.create_table(
        "rate_hits",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_rate_hits")),
    )
    op.create_index("ix_rate_hits_key_at", "rate_hits", ["key", "at"])
    op.create_table(
        "used_challenges",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("expires", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_used_challenges")),
    )
    op.create_index(op.f("ix_used_challenges_expires"), "used_challenges", ["expires"])


def downgrade() -> None:
    op.drop_table("used_challenges")
    op.drop_table("rate_hits")
    op.drop_table("tip_reports")
    op.drop_table("tip_decisions")
    op.drop_table("tips")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("moderator")
