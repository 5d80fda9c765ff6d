"""Search: the guides' words and full-text indexes over them and over tips.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

- `guide_documents`: each guide's title and words, filled by `journal.search.sync_guides`.
- SQLite: FTS5 tables with external content (`guide_documents_fts`, `tips_fts`), kept in
  step by triggers, so a tip is indexed the moment it is written and nothing else has
  to remember to. A batch rebuild of `tips` in a later migration drops its triggers and
  may renumber its rowids: such a migration must run this one's `SQLITE` statements for
  tips again (the triggers, then the rebuild).
- PostgreSQL: a generated `search_vector` column with a GIN index on each table.
The indexes are not models: `journal.search.is_index_object` keeps them out of the
models-versus-migrations comparison (migrations/env.py, tests/journal/test_migrations.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

TOKENIZE = "porter unicode61 remove_diacritics 2"

SQLITE = [
    "CREATE VIRTUAL TABLE guide_documents_fts USING fts5(title, body, "
    f"content='guide_documents', content_rowid='seq', tokenize='{TOKENIZE}')",
    "CREATE TRIGGER guide_documents_fts_insert AFTER INSERT ON guide_documents BEGIN "
    "INSERT INTO guide_documents_fts(rowid, title, body) VALUES (new.seq, new.title, new.body); "
    "END",
    "CREATE TRIGGER guide_documents_fts_delete AFTER DELETE ON guide_documents BEGIN "
    "INSERT INTO guide_documents_fts(guide_documents_fts, rowid, title, body) "
    "VALUES ('delete', old.seq, old.title, old.body); END",
    "CREATE TRIGGER guide_documents_fts_update AFTER UPDATE ON guide_documents BEGIN "
    "INSERT INTO guide_documents_fts(guide_documents_fts, rowid, title, body) "
    "VALUES ('delete', old.seq, old.title, old.body); "
    "INSERT INTO guide_documents_fts(rowid, title, body) VALUES (new.seq, new.title, new.body); "
    "END",
    "CREATE VIRTUAL TABLE tips_fts USING fts5(body, "
    f"content='tips', content_rowid='rowid', tokenize='{TOKENIZE}')",
    "CREATE TRIGGER tips_fts_insert AFTER INSERT ON tips BEGIN "
    "INSERT INTO tips_fts(rowid, body) VALUES (new.rowid, new.body); END",
    "CREATE TRIGGER tips_fts_delete AFTER DELETE ON tips BEGIN "
    "INSERT INTO tips_fts(tips_fts, rowid, body) VALUES ('delete', old.rowid, old.body); END",
    # Only the body is indexed: a change of status alone leaves the index as it is.
    "CREATE TRIGGER tips_fts_update AFTER UPDATE OF body ON tips BEGIN "
    "INSERT INTO tips_fts(tips_fts, rowid, body) VALUES ('delete', old.rowid, old.body); "
    "INSERT INTO tips_fts(rowid, body) VALUES (new.rowid, new.body); END",
    "INSERT INTO tips_fts(tips_fts) VALUES ('rebuild')",  # the tips already there
]

POSTGRESQL = [
    "ALTER TABLE guide_documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(setweight(to_tsvector('english', title), 'A') || "
    "setweight(to_tsvector('english', body), 'B')) STORED",
    "CREATE INDEX ix_guide_documents_search ON guide_documents USING gin (search_vector)",
    "ALTER TABLE tips ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(setweight(to_tsvector('english', body), 'B')) STORED",
    "CREATE INDEX ix_tips_search ON tips USING gin (search_vector)",
]


def upgrade() -> None:
    op.create_table(
        "guide_documents",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_guide_documents")),
        sa.UniqueConstraint("kind", "id", name=op.f("uq_guide_documents_kind")),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE if sqlite else POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER tips_fts_{trigger}")
        op.execute("DROP TABLE tips_fts")
        op.execute("DROP TABLE guide_documents_fts")
    else:
        op.execute("DROP INDEX ix_tips_search")
        op.execute("ALTER TABLE tips DROP COLUMN search_vector")
    op.drop_table("guide_documents")  # its own triggers and index go with it
