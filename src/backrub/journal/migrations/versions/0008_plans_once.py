"""Each distinct plan is stored once per person: `plans`, and sessions name theirs.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

A person follows a handful of plans (13-33 KB of JSON each) over hundreds of sessions,
and every session row kept its own copy: most of the journal's bytes, and of an export's
time. Now:
- `plans` holds each person's plans, keyed by (person_id, digest), the digest being the
  SHA-256 (hex) of the plan's text as stored; it goes with the person (ON DELETE
  CASCADE), and is never shared between people;
- `sessions.plan_digest` names the session's plan, a foreign key (person_id,
  plan_digest) to `plans`; `sessions.plan` goes.

A plan keeps the text it was stored with, so its digest is that text's: the same as the
app computes for the plans it writes (`mapping.plan_text`, which the JSON columns used
too). PostgreSQL hashes in SQL; SQLite in Python, a batch of sessions at a time.
On PostgreSQL the dropped column's space is reused only after a VACUUM FULL (or a
reload); on SQLite the table is rebuilt.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

ID = sa.String(length=64)
DIGEST = sa.String(length=64)
BATCH = 500  # sessions a step on SQLite

SESSIONS = sa.table(
    "sessions",
    sa.column("seq", sa.Integer()),
    sa.column("person_id", ID),
    sa.column("plan", sa.Text()),  # the JSON column's text, as stored
    sa.column("plan_digest", DIGEST),
)
PLANS = sa.table(
    "plans",
    sa.column("person_id", ID),
    sa.column("digest", DIGEST),
    sa.column("plan_text", sa.Text()),
)
DIGEST_SQL = "encode(sha256(convert_to(plan::text, 'UTF8')), 'hex')"


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("person_id", ID, nullable=False),
        sa.Column("digest", DIGEST, nullable=False),
        sa.Column("plan_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_plans_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "digest", name=op.f("pk_plans")),
    )
    op.add_column("sessions", sa.Column("plan_digest", DIGEST, nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        _fill_in_sql()
    else:
        _fill_in_batches()
    with op.batch_alter_table("sessions") as batch:
        batch.alter_column("plan_digest", existing_type=DIGEST, nullable=False)
        batch.create_foreign_key(
            op.f("fk_sessions_person_id_plans"),
            "plans",
            ["person_id", "plan_digest"],
            ["person_id", "digest"],
        )
        batch.drop_column("plan")


def _fill_in_sql() -> None:
    """Every session's digest, then each person's distinct plans, the text read from the
    first session that followed it (so a plan is read twice, not once per session)."""
    op.execute(f"UPDATE sessions SET plan_digest = {DIGEST_SQL}")
    op.execute(
        "INSERT INTO plans (person_id, digest, plan_text) "
        "SELECT s.person_id, s.plan_digest, s.plan::text FROM sessions AS s "
        "JOIN (SELECT min(seq) AS seq FROM sessions GROUP BY person_id, plan_digest) AS first "
        "ON first.seq = s.seq"
    )


def _fill_in_batches() -> None:
    """The same in Python, `BATCH` sessions at a time in the order they were stored."""
    bind = op.get_bind()
    stored: set[tuple[str, str]] = set()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(SESSIONS.c.seq, SESSIONS.c.person_id, SESSIONS.c.plan)
            .where(SESSIONS.c.seq > last)
            .order_by(SESSIONS.c.seq)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        plans, digests = [], []
        for seq, person_id, text in rows:
            digest = hashlib.sha256(text.encode()).hexdigest()
            digests.append({"at": seq, "digest": digest})
            if (person_id, digest) not in stored:
                stored.add((person_id, digest))
                plans.append({"person_id": person_id, "digest": digest, "plan_text": text})
        if plans:
            bind.execute(PLANS.insert(), plans)
        bind.execute(
            SESSIONS.update()
            .where(SESSIONS.c.seq == sa.bindparam("at"))
            .values(plan_digest=sa.bindparam("digest")),
            digests,
        )
        last = rows[-1].seq


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("plan", sa.JSON(), nullable=True))
    # The text as stored; PostgreSQL's json column takes it by a cast, SQLite's as text.
    text = "plans.plan_text::json" if op.get_bind().dialect.name == "postgresql" else "plan_text"
    op.execute(
        f"UPDATE sessions SET plan = (SELECT {text} FROM plans "
        "WHERE plans.person_id = sessions.person_id AND plans.digest = sessions.plan_digest)"
    )
    with op.batch_alter_table("sessions") as batch:
        batch.alter_column("plan", existing_type=sa.JSON(), nullable=False)
        batch.drop_constraint(op.f("fk_sessions_person_id_plans"), type_="foreignkey")
        batch.drop_column("plan_digest")
    op.drop_table("plans")
