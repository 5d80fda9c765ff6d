"""A whole journal to one file and back: SQLite's online backup API, or pg_dump.

SQLite: `sqlite3.Connection.backup` copies the database page by page in one step
under a read lock, so the copy is consistent while a server keeps writing (WAL lets
it); restoring copies the file's pages back the same way. PostgreSQL: `pg_dump
--format=custom` (one snapshot), and `pg_restore` of it in a single transaction
after the journal's tables are dropped, so a failed restore changes nothing. Either
way the restored journal is then brought to this backrub's schema.

Every refusal is a `BackupError` whose message is one line, fit to show as it is.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import URL, make_url

from backrub.journal.models import Person, SessionRow
from backrub.journal.store import MIGRATIONS, Store

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
NOT_A_BACKUP = "not a backrub journal backup (from backrub backup)"


class BackupError(Exception):
    """A backup or restore that cannot be done; nothing was changed."""


@dataclass(frozen=True)
class Outcome:
    people: int
    sessions: int
    size: int  # bytes of the backup file
    revision: str | None  # the schema revision the journal is at afterwards

    def words(self) -> str:
        return f"{_plural(self.people, 'person', 'people')}, {_plural(self.sessions, 'session')}"


def backup(url: str, target: Path) -> Outcome:
    """Write the journal at `url` to `target` (replaced if there; written beside it first)."""
    partial = target.with_name(target.name + ".partial")
    try:
        if _is_sqlite(url):
            _sqlite_backup(_sqlite_path(url), partial)
        else:
            _run(
                [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"],
                url,
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    people, sessions, revision = _counts(url)
    return Outcome(people, sessions, target.stat().st_size, revision)


def restore(url: str, source: Path) -> Outcome:
    """Replace the journal at `url` with the backup `source`, then migrate it to head."""
    revision = backup_revision(url, source)
    if revision not in _known_revisions():
        raise BackupError(
            f"FILE: {source} was written by a newer backrub (revision {revision}); "
            "upgrade backrub first"
        )
    if _is_sqlite(url):
        path = _sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(_sqlite_open(source)) as copy, closing(sqlite3.connect(path)) as journal:
            copy.backup(journal)
    else:
        _pg_restore(url, source)
    with Store(url, migrate=False) as store:
        store.upgrade()
    people, sessions, after = _counts(url)
    return Outcome(people, sessions, source.stat().st_size, after)


def backup_revision(url: str, source: Path) -> str:
    """The schema revision a backup file holds; BackupError if it is not one for `url`."""
    try:
        with source.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"FILE: cannot read {source}: {error.strerror or error}") from None
    sqlite = _is_sqlite(url)
    if head.startswith(SQLITE_MAGIC if sqlite else PG_DUMP_MAGIC):
        revision = _sqlite_revision(source) if sqlite else _pg_dump_revision(source)
        if revision:
            return revision
    elif head.startswith(PG_DUMP_MAGIC if sqlite else SQLITE_MAGIC):
        kind = "a PostgreSQL" if sqlite else "an SQLite"
        raise BackupError(f"FILE: {source} is {kind} backup; the journal here is the other kind")
    raise BackupError(f"FILE: {source} is {NOT_A_BACKUP}")


def journal_in_use(url: str) -> bool:
    """Whether `url` already holds a journal, which a restore would replace."""
    if _is_sqlite(url) and not _sqlite_path(url).exists():
        return False
    with Store(url, migrate=False) as store, store.engine.connect() as connection:
        return inspect(connection).has_table("alembic_version")


# SQLite


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("BACKRUB_DATABASE_URL: an in-memory journal has nothing to back up")
    return Path(database)


def _sqlite_open(path: Path) -> sqlite3.Connection:
    """Read-only, never creating a file; waits for a writer rather than failing."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        raise BackupError(f"cannot open the journal at {path}: {error}") from None
    return connection


def _sqlite_backup(source: Path, partial: Path) -> None:
    with closing(sqlite3.connect(partial)) as copy, closing(_sqlite_open(source)) as journal:
        journal.backup(copy)  # every page in one step: one consistent snapshot


def _sqlite_revision(path: Path) -> str | None:
    try:
        with closing(_sqlite_open(path)) as copy:
            row = copy.execute("SELECT version_num FROM alembic_version").fetchone()
            has_people = copy.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'people'"
            ).fetchone()
    except (sqlite3.Error, BackupError):
        return None
    return str(row[0]) if row and has_people else None


# PostgreSQL


def _tool(name: str) -> str:
    """pg_dump or pg_restore: on PATH, else the newest in Debian's /usr/lib/postgresql."""
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise BackupError(
            f"{name} is not installed: it comes with PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client)"
        )
    return found


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The URL as libpq takes it, and an environment with its password (never in argv,
    where `ps` shows it)."""
    parsed: URL = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], url: str, *, dbname: bool = True) -> bytes:
    conninfo, env = _libpq(url)
    full = [*command, f"--dbname={conninfo}"] if dbname else command
    result = subprocess.run(full, env=env, capture_output=True, check=False)
    if result.returncode != 0:
        lines = result.stderr.decode(errors="replace").strip().splitlines() or ["failed"]
        raise BackupError(f"{Path(command[0]).name}: {lines[0]}")
    return result.stdout


def _pg_dump_revision(source: Path) -> str | None:
    """alembic_version's row, read out of the dump without restoring it."""
    command = [_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-"]
    try:
        script = _run([*command, str(source)], "postgresql://", dbname=False)
    except BackupError:
        return None
    lines = script.decode(errors="replace").splitlines()
    for number, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and number + 1 < len(lines):
            return lines[number + 1].strip() or None
    return None


def _pg_restore(url: str, source: Path) -> None:
    """The journal's tables dropped and the dump's restored, in one transaction (psql's)."""
    script = _run(
        [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source)],
        url,
        dbname=False,
    )
    with Store(url, migrate=False) as store, store.engine.connect() as connection:
        tables = inspect(connection).get_table_names()
    drops = "".join(f'DROP TABLE IF EXISTS public."{name}" CASCADE;\n' for name in tables)
    conninfo, env = _libpq(url)
    psql = [_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction"]
    command = [*psql, "--set=ON_ERROR_STOP=1", f"--dbname={conninfo}"]
    result = subprocess.run(
        command, input=drops.encode() + script, env=env, capture_output=True, check=False
    )
    if result.returncode != 0:
        lines = result.stderr.decode(errors="replace").strip().splitlines() or ["failed"]
        raise BackupError(f"psql: {lines[0]}; the journal was left as it was")


# Both


def _counts(url: str) -> tuple[int, int, str | None]:
    with Store(url, migrate=False) as store, store.engine.connect() as connection:
        people = connection.scalar(select(func.count()).select_from(Person)) or 0
        sessions = connection.scalar(select(func.count()).select_from(SessionRow)) or 0
        revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
    return people, sessions, revision


def _known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"
