"""Settings: from BACKRUB_* variables; production refuses a default secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from backrub.journal.store import database_url
from backrub.web.app import create_app
from backrub.web.settings import DEFAULT_SECRET, Settings, SettingsError
from support.web import make_settings

GOOD_SECRET = "k" * 40


def test_development_with_the_default_secret_is_fine(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    assert settings.environment == "development"
    assert settings.secret_key.get_secret_value() == DEFAULT_SECRET
    settings.check()
    create_app(settings)


@pytest.mark.parametrize("secret", [DEFAULT_SECRET, "", "   ", "short"])
def test_production_refuses_a_default_missing_or_short_secret(tmp_path: Path, secret: str) -> None:
    settings = make_settings(tmp_path, environment="production", secret_key=secret)
    with pytest.raises(SettingsError, match="BACKRUB_SECRET_KEY"):
        settings.check()
    with pytest.raises(SettingsError):
        create_app(settings)


def test_production_with_a_real_secret_starts(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, environment="production", secret_key=GOOD_SECRET)
    settings.check()
    assert create_app(settings).state.settings is settings


def test_the_environment_is_read_with_the_backrub_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKRUB_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    monkeypatch.setenv("BACKRUB_SECRET_KEY", GOOD_SECRET)
    monkeypatch.setenv("BACKRUB_ENVIRONMENT", "production")
    monkeypatch.setenv("BACKRUB_BASE_URL", "https://backrub.example")
    settings = Settings()
    assert settings.database_url == f"sqlite:///{tmp_path}/env.db"
    assert settings.environment == "production"
    assert settings.https
    settings.check()
    assert GOOD_SECRET not in repr(settings)


def test_the_default_database_is_the_clis(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BACKRUB_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert Settings().database_url == database_url()


def test_an_unknown_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKRUB_ENVIRONMENT", "staging")
    with pytest.raises(ValueError, match="environment"):
        Settings()
