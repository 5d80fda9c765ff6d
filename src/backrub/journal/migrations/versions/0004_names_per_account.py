"""People's names are unique per account, not across the journal; text that misleads goes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04

- `people.name` was unique across the whole journal, so a web account's second
  "Sam" was stored as "Sam 2", which told a stranger that someone had the name.
  Now a name is unique among an account's people (`uq_people_owner_name`), and
  among the CLI's people (no owner), which a partial unique index covers: a unique
  index counts NULLs as distinct on SQLite and PostgreSQL alike.
- `people.intake_saved`: when the intake was saved, so `backrub start` can say so.
- Names and notes no longer take control or direction-changing characters; any
  that journals already hold are replaced by U+FFFD (a visible mark), so that what
  was stored reads as stored, and a name this makes equal to another gets a number.

On SQLite the people table is rebuilt (the old UNIQUE cannot be dropped otherwise);
`store.migrate` turns foreign keys off meanwhile, so its sessions and check-ins stay.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

REPLACEMENT = "\ufffd"
_DIRECTION = "\u202a-\u202e\u2066-\u2069"
UNSAFE_IN_NAME = re.compile(f"[\x00-\x1f\x7f-\x9f{_DIRECTION}]")
UNSAFE_IN_NOTE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_DIRECTION}]|\r(?!\n)")
NAME_LENGTH = 100

PEOPLE = sa.table(
    "people",
    sa.column("seq", sa.Integer()),
    sa.column("name", sa.String(100)),
)
SESSIONS = sa.table("sessions", sa.column("seq", sa.Integer()), sa.column("note", sa.Text()))


def upgrade() -> None:
    bind = op.get_bind()
    _clean_notes(bind)
    people = bind.execute(sa.select(PEOPLE.c.seq, PEOPLE.c.name).order_by(PEOPLE.c.seq)).all()
    names = dict(people)
    cleaned = [(seq, UNSAFE_IN_NAME.sub(REPLACEMENT, name)) for seq, name in people]
    # Names that change go last, so a name that was already clean is never the one numbered.
    cleaned.sort(key=lambda item: item[1] != names[item[0]])
    _rename(bind, names, _numbered(cleaned))
    with op.batch_alter_table("people") as batch:
        batch.drop_constraint("uq_people_name", type_="unique")
        batch.add_column(sa.Column("intake_saved", sa.DateTime(), nullable=True))
        batch.create_unique_constraint("uq_people_owner_name", ["owner_id", "name"])
    _unowned_names_index()


def downgrade() -> None:
    bind = op.get_bind()
    op.drop_index("uq_people_unowned_name", table_name="people")
    people = bind.execute(sa.select(PEOPLE.c.seq, PEOPLE.c.name).order_by(PEOPLE.c.seq)).all()
    # Back to one name per journal: a second account's "Sam" becomes "Sam 2" again.
    _rename(bind, dict(people), _numbered(list(people)))
    with op.batch_alter_table("people") as batch:
        batch.drop_constraint("uq_people_owner_name", type_="unique")
        batch.drop_column("intake_saved")
        batch.create_unique_constraint("uq_people_name", ["name"])


def _unowned_names_index() -> None:
    where = sa.text("owner_id IS NULL")
    op.create_index(
        "uq_people_unowned_name",
        "people",
        ["name"],
        unique=True,
        sqlite_where=where,
        postgresql_where=where,
    )


def _clean_notes(bind: sa.Connection) -> None:
    found = bind.execute(sa.select(SESSIONS.c.seq, SESSIONS.c.note).where(SESSIONS.c.note != ""))
    for seq, note in found.all():
        clean = UNSAFE_IN_NOTE.sub(REPLACEMENT, note)
        if clean != note:
            bind.execute(SESSIONS.update().where(SESSIONS.c.seq == seq).values(note=clean))


def _numbered(wanted: Iterable[tuple[int, str]]) -> dict[int, str]:
    """Each person's name made unique, in the order given: the first keeps a name, a later
    one gets " 2", " 3", ... (cut to fit 100 characters)."""
    used: set[str] = set()
    final: dict[int, str] = {}
    for seq, name in wanted:
        candidate, number = name, 1
        while candidate in used:
            number += 1
            suffix = f" {number}"
            candidate = name[: NAME_LENGTH - len(suffix)] + suffix
        used.add(candidate)
        final[seq] = candidate
    return final


def _rename(bind: sa.Connection, names: dict[int, str], final: dict[int, str]) -> None:
    """Give the people whose name changes their final one, through a name no one has, so
    that no UPDATE meets another row's name on its way (old and new names may cross)."""
    changing = [seq for seq, name in names.items() if final[seq] != name]
    for seq in changing:
        passing = f"renaming {seq} {uuid.uuid4().hex}"
        bind.execute(PEOPLE.update().where(PEOPLE.c.seq == seq).values(name=passing))
    for seq in changing:
        bind.execute(PEOPLE.update().where(PEOPLE.c.seq == seq).values(name=final[seq]))
