"""`backrub serve`: builds the app, prints the address, `--demo` adds the demo account."""

from __future__ import annotations

import gc
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import func, select
from typer.testing import CliRunner

from backrub.cli.serve import DEMO_EMAIL, register
from backrub.journal import accounts, open_journal
from backrub.journal.credentials import password_hasher
from backrub.journal.models import Person
from backrub.journal.owned import owned_journal
from support.web import TestClient

runner = CliRunner()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[dict[str, Any]]]:
    """uvicorn.run, recorded instead of run; the journal in tmp_path. What `serve` froze
    for the collector (`web.app.serving`) is thawed afterwards: the test process goes on."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: calls.append({"app": app, **options}))
    monkeypatch.setenv("BACKRUB_DATABASE_URL", f"sqlite:///{tmp_path}/serve.db")
    monkeypatch.delenv("BACKRUB_ENVIRONMENT", raising=False)
    gc.unfreeze()
    yield calls
    gc.unfreeze()


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        """Keep `serve` a subcommand."""

    return app


def test_serve_runs_the_app_and_prints_the_address(served: list[dict[str, Any]]) -> None:
    result = runner.invoke(_app(), ["serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123" in result.output
    [call] = served
    assert call["host"] == "127.0.0.1" and call["port"] == 8123
    assert call["app"].title == "backrub"
    assert gc.get_freeze_count() > 10_000  # what it built is out of the collector's walks


def _demo_password(output: str) -> str:
    match = re.search(rf"Sign in as {re.escape(DEMO_EMAIL)} with the password (\S+)", output)
    assert match, output
    return match[1]


def test_serve_demo_adds_a_demo_account_once_with_a_fresh_password(
    served: list[dict[str, Any]], tmp_path: Path
) -> None:
    first = runner.invoke(_app(), ["serve", "--demo"])
    assert first.exit_code == 0, first.output
    assert "Added the demo account" in first.output
    second = runner.invoke(_app(), ["serve", "--demo"])
    assert "already there" in second.output
    passwords = [_demo_password(first.output), _demo_password(second.output)]
    assert passwords[0] != passwords[1]
    for call in served:
        call["app"].state.store.close()
    with open_journal(f"sqlite:///{tmp_path}/serve.db") as store, store.transaction() as db:
        found = accounts.find_credentials(db=db, email=DEMO_EMAIL)
        assert found is not None
        assert password_hasher().verify(passwords[1], found.password_hash)
        assert not password_hasher().verify(passwords[0], found.password_hash)
        [person] = owned_journal(db=db, user_id=found.user.id).people
        assert person.intake is not None
        assert len(person.sessions) > 20 and person.checkins
        people = db.scalar(select(func.count()).select_from(Person))
        assert people == 1  # the second start added nobody, in the account or beside it


def db_user_id(db: Any) -> str:
    found = accounts.find_credentials(db=db, email=DEMO_EMAIL)
    assert found is not None
    return found.user.id


def test_the_demo_account_signs_in_on_the_served_app(
    served: list[dict[str, Any]], tmp_path: Path
) -> None:
    result = runner.invoke(_app(), ["serve", "--demo"])
    app = served[0]["app"]
    with TestClient(app) as client:
        form = {"email": DEMO_EMAIL, "password": _demo_password(result.output)}
        assert client.post("/signin", data=form, follow_redirects=False).status_code == 303
        people = client.get("/api/v1/me").json()["people"]
        sessions = client.get(f"/api/v1/people/{people[0]['id']}/sessions").json()
        with app.state.store.transaction() as db:
            [person] = owned_journal(db=db, user_id=db_user_id(db)).people
        assert len(sessions) == min(50, len(person.sessions)) > 20


def test_serve_refuses_production_without_a_secret(
    served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKRUB_ENVIRONMENT", "production")
    monkeypatch.delenv("BACKRUB_SECRET_KEY", raising=False)
    result = runner.invoke(_app(), ["serve"])
    assert result.exit_code == 2
    assert "BACKRUB_SECRET_KEY" in result.output
    assert not served


def test_serve_refuses_several_workers_on_sqlite(served: list[dict[str, Any]]) -> None:
    result = runner.invoke(_app(), ["serve", "--workers", "2"])
    assert result.exit_code == 2
    assert result.output == (
        "backrub: --workers: SQLite takes one server process; for more, use PostgreSQL "
        "(set BACKRUB_DATABASE_URL)\n"
    )
    assert not served


def test_serve_refuses_no_workers(served: list[dict[str, Any]]) -> None:
    result = runner.invoke(_app(), ["serve", "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output
    assert not served


def test_several_workers_run_on_postgresql_and_are_refused_on_sqlite(
    journal_url: str, tmp_path: Path
) -> None:
    """The real command: on PostgreSQL (CI) `--workers 2` runs two server processes that
    share the journal; on SQLite it stops before serving anything."""
    port = _free_port()
    env = {**os.environ, "BACKRUB_DATABASE_URL": journal_url, "BACKRUB_ENVIRONMENT": "development"}
    command = [sys.executable, "-m", "backrub", "serve", "--workers", "2", "--port", str(port)]
    if journal_url.startswith("sqlite"):
        refused = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert refused.returncode == 2
        assert refused.stderr.count("\n") == 1 and "use PostgreSQL" in refused.stderr
        assert refused.stdout == ""
        return
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for(url + "/api/v1/knowledge/regions", server, log)
        assert len(_workers(server.pid)) == 2, log.read_text()
        for _ in range(20):  # each worker answers from the one journal
            with urllib.request.urlopen(url + "/signin", timeout=5) as answer:
                assert answer.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise AssertionError(f"no answer from {url}:\n{log.read_text()}")


def _workers(parent: int) -> list[int]:
    """uvicorn's worker processes under `parent` (Linux: read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and b"spawn_main" in command:
            found.append(int(stat.parent.name))
    return found
