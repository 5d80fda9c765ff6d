"""Sessions carry their pain ratings and their plan's size; the plan moves last.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

A listing of a person's last 50 sessions read every plan (about 12 KB of JSON
each) to count its steps, and a second table for the pain ratings, a row per
region: most of its cost. Now:
- `pain_before` and `pain_after` are JSON objects on the session (region id to
  0..10, in the order given); the `pain_ratings` table goes;
- `step_count` and `planned_seconds` are stored beside the plan, and the times as
  given (ISO 8601 with their offset) beside the UTC and offset columns;
- on SQLite the plan becomes the last column: SQLite walks a long value's
  overflow pages to reach any column stored after it (PostgreSQL keeps long
  values apart anyway, so there the order does not matter);
- one index, (person_id, started_utc, seq), serves "newest first" without a sort.

The data is moved in Python, so that both databases run the same steps.
"""

from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

ID = sa.String(length=64)
NEW_COLUMNS = (
    "pain_before",
    "pain_after",
    "started_iso",
    "ended_iso",
    "step_count",
    "planned_seconds",
)
# Everything after `giver`, in the new order: the plan last.
TAIL = ("steps_done", "soreness_next_day", "note", *NEW_COLUMNS, "plan")

SESSIONS = sa.table(
    "sessions",
    sa.column("id", ID),
    sa.column("started_utc", sa.DateTime()),
    sa.column("started_offset", sa.Integer()),
    sa.column("ended_utc", sa.DateTime()),
    sa.column("ended_offset", sa.Integer()),
    sa.column("started_iso", sa.String(40)),
    sa.column("ended_iso", sa.String(40)),
    sa.column("plan", sa.JSON()),
    sa.column("pain_before", sa.JSON()),
    sa.column("pain_after", sa.JSON()),
    sa.column("step_count", sa.Integer()),
    sa.column("planned_seconds", sa.Integer()),
)
PAIN = sa.table(
    "pain_ratings",
    sa.column("session_id", ID),
    sa.column("phase", sa.String(8)),
    sa.column("region", sa.String(32)),
    sa.column("value", sa.Integer()),
    sa.column("position", sa.Integer()),
)


def plan_size(plan: Any) -> tuple[int, int]:
    """(steps, planned seconds) of a stored plan; 0 for what a plan should hold and does not."""
    if not isinstance(plan, dict):
        return 0, 0
    steps = plan.get("steps")
    seconds = plan.get("total_seconds")
    return (
        len(steps) if isinstance(steps, list) else 0,
        seconds if isinstance(seconds, int) and not isinstance(seconds, bool) else 0,
    )


def upgrade() -> None:
    for name in ("pain_before", "pain_after"):
        op.add_column("sessions", sa.Column(name, sa.JSON(), nullable=True))
    for name in ("started_iso", "ended_iso"):
        op.add_column("sessions", sa.Column(name, sa.String(length=40), nullable=True))
    for name in ("step_count", "planned_seconds"):
        op.add_column("sessions", sa.Column(name, sa.Integer(), nullable=True))
    _move_pain_into_sessions()
    # Before `sessions` is rebuilt: on SQLite, dropping the old copy of a table that
    # pain_ratings still referenced would cascade and delete the ratings.
    op.drop_table("pain_ratings")
    with op.batch_alter_table("sessions", partial_reordering=[TAIL]) as batch:
        for name in ("pain_before", "pain_after"):
            batch.alter_column(name, existing_type=sa.JSON(), nullable=False)
        batch.alter_column("started_iso", existing_type=sa.String(length=40), nullable=False)
        for name in ("step_count", "planned_seconds"):
            batch.alter_column(name, existing_type=sa.Integer(), nullable=False)
        batch.drop_index("ix_sessions_person_id")
        batch.create_index(
            "ix_sessions_person_started", ["person_id", "started_utc", "seq"], unique=False
        )


def _move_pain_into_sessions() -> None:
    bind = op.get_bind()
    pain: dict[str, tuple[dict[str, int], dict[str, int]]] = {}
    order = (PAIN.c.session_id, PAIN.c.phase, PAIN.c.position)
    for session_id, phase, region, value, _position in bind.execute(
        sa.select(PAIN).order_by(*order)
    ):
        pair = pain.setdefault(session_id, ({}, {}))
        pair[0 if phase == "before" else 1][region] = value
    columns = SESSIONS.c
    found = sa.select(
        columns.id,
        columns.plan,
        columns.started_utc,
        columns.started_offset,
        columns.ended_utc,
        columns.ended_offset,
    )
    for session_id, plan, started, started_offset, ended, ended_offset in bind.execute(found).all():
        before, after = pain.get(session_id, ({}, {}))
        steps, seconds = plan_size(plan)
        ended_iso = None
        if ended is not None and ended_offset is not None:
            ended_iso = _iso(ended, ended_offset)
        bind.execute(
            SESSIONS.update()
            .where(columns.id == session_id)
            .values(
                pain_before=before,
                pain_after=after,
                started_iso=_iso(started, started_offset),
                ended_iso=ended_iso,
                step_count=steps,
                planned_seconds=seconds,
            )
        )


def _iso(utc: datetime.datetime, offset_seconds: int) -> str:
    """A stored time as the journal gives it back: the wall clock and offset it was given."""
    zone = datetime.timezone(datetime.timedelta(seconds=offset_seconds))
    return utc.replace(tzinfo=datetime.UTC).astimezone(zone).isoformat()


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(SESSIONS.c.id, SESSIONS.c.pain_before, SESSIONS.c.pain_after)
    ).all()
    ratings = [
        {"session_id": session_id, "phase": phase, "region": region, "value": value, "position": i}
        for session_id, before, after in rows
        for phase, given in (("before", before), ("after", after))
        for i, (region, value) in enumerate((given or {}).items())
    ]
    # `sessions` is rebuilt before pain_ratings refers to it (see `upgrade`).
    with op.batch_alter_table("sessions") as batch:
        batch.drop_index("ix_sessions_person_started")
        batch.create_index("ix_sessions_person_id", ["person_id"], unique=False)
        for name in NEW_COLUMNS:
            batch.drop_column(name)
    op.create_table(
        "pain_ratings",
        sa.Column("session_id", ID, nullable=False),
        sa.Column("phase", sa.String(length=8), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_pain_ratings_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "phase", "region", name=op.f("pk_pain_ratings")),
    )
    if ratings:
        bind.execute(PAIN.insert(), ratings)
