"""`backrub serve`: builds the app, prints the address, `--demo` adds the demo person."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from backrub.cli_web import register
from backrub.journal import open_journal
from backrub.journal import repository as repo

runner = CliRunner()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, Any]]:
    """uvicorn.run, recorded instead of run; the journal in tmp_path."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: calls.append({"app": app, **options}))
    monkeypatch.setenv("BACKRUB_DATABASE_URL", f"sqlite:///{tmp_path}/serve.db")
    monkeypatch.delenv("BACKRUB_ENVIRONMENT", raising=False)
    return calls


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


def test_serve_demo_adds_the_demo_person_once(served: list[dict[str, Any]], tmp_path: Path) -> None:
    first = runner.invoke(_app(), ["serve", "--demo"])
    assert first.exit_code == 0, first.output
    assert 'Added the demo person "demo"' in first.output
    second = runner.invoke(_app(), ["serve", "--demo"])
    assert "already in the journal" in second.output
    for call in served:
        call["app"].state.store.close()
    with open_journal(f"sqlite:///{tmp_path}/serve.db") as store, store.transaction() as db:
        person = repo.find_person(db=db, name="demo")
        assert person is not None
        assert repo.person_journal(db=db, person_id=person.id).sessions


def test_serve_refuses_production_without_a_secret(
    served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKRUB_ENVIRONMENT", "production")
    monkeypatch.delenv("BACKRUB_SECRET_KEY", raising=False)
    result = runner.invoke(_app(), ["serve"])
    assert result.exit_code == 2
    assert "BACKRUB_SECRET_KEY" in result.output
    assert not served
