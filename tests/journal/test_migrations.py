"""Alembic's migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from backrub.journal.db import make_engine, migrate
from backrub.journal.models import Base

TABLES = {"alembic_version", "people", "settings", "sessions", "pain_ratings", "checkins"}
TABLES |= {"users", "web_sessions", "access_tokens", "signin_attempts"}  # 0002
HEAD = "0002"


def test_upgrade_head_from_empty_matches_the_models(journal_url: str) -> None:
    engine = make_engine(journal_url)
    try:
        migrate(engine)
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == TABLES
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            assert compare_metadata(context, Base.metadata) == []
            assert context.get_current_revision() == HEAD
    finally:
        engine.dispose()


def test_migrate_twice_is_harmless(journal_url: str) -> None:
    engine = make_engine(journal_url)
    try:
        migrate(engine)
        migrate(engine)
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == HEAD
    finally:
        engine.dispose()


def test_downgrade_to_base_and_up_again(journal_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from backrub.journal.db import MIGRATIONS

    engine = make_engine(journal_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        migrate(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == {"alembic_version"}
        migrate(engine)
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == TABLES
    finally:
        engine.dispose()


def test_0002_upgrades_a_0001_journal_keeping_its_people_unowned(journal_url: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from backrub.journal.db import MIGRATIONS

    engine = make_engine(journal_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            connection.execute(
                text(
                    "INSERT INTO people (id, name, created) "
                    "VALUES ('p1', 'Sam', '2026-01-05 10:00:00')"
                )
            )
        migrate(engine)
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, name, owner_id FROM people")).all()
            assert [tuple(row) for row in rows] == [("p1", "Sam", None)]
            assert set(inspect(connection).get_table_names()) == TABLES
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
