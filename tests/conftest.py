"""Shared helpers for the contract tests.

`make_intake(**overrides)` builds an ordinary, valid intake dict (a partner,
15 minutes, two painful regions, a few tools) that a test changes one field
at a time. `plan_for(intake_dict)` runs the real pipeline: `parse_intake`,
`make_plan`, `Plan.to_dict()`. Both are plain functions (importable from
`conftest` by the Hypothesis tests, which must not use function-scoped
fixtures) and fixtures of the same name.

`journal_url` is a fresh journal database per test: SQLite, or PostgreSQL when
BACKRUB_TEST_POSTGRES_URL is set (see `databases.py`). Every test that uses it
is marked `database`; the PostgreSQL pass of `make test` runs only those.
"""

from __future__ import annotations

import copy
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
CONTRACT_PATH = REPO_ROOT / "docs" / "contract.md"

# Tests never touch the user's own cache folder (subprocesses inherit this too); the
# folder made here goes when the run ends.
if "BACKRUB_CACHE_DIR" not in os.environ:
    _cache = tempfile.TemporaryDirectory(prefix="backrub-test-cache-")
    os.environ["BACKRUB_CACHE_DIR"] = _cache.name

# Let the test modules import each other's helpers (`contract_checker`,
# `strategies`) whatever pytest's import mode is.
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from databases import fresh_database, sqlite_file_url  # noqa: E402  (needs the path above)

ORDINARY_INTAKE: dict[str, Any] = {
    "schema": "backrub.intake/1",
    "giver": "partner",
    "minutes": 15,
    "pressure": "moderate",
    "pain": [
        {"region": "lower_back_left", "intensity": 6, "weeks": 10},
        {"region": "shoulder_right", "intensity": 3, "weeks": 2},
    ],
    "causes": ["sedentary", "posture"],
    "goals": ["relief", "sleep"],
    "tools": ["oil", "heat_pack"],
    "red_flags": [],
    "conditions": [],
    "local_issues": [],
}


def make_intake(**overrides: Any) -> dict[str, Any]:
    """An ordinary valid intake dict; keyword arguments replace whole fields.

    A value of `...` (Ellipsis) removes the field, to test defaults and
    missing required fields.
    """
    intake = copy.deepcopy(ORDINARY_INTAKE)
    for key, value in overrides.items():
        if value is ...:
            intake.pop(key, None)
        else:
            intake[key] = copy.deepcopy(value)
    return intake


def plan_for(intake: dict[str, Any]) -> dict[str, Any]:
    """The plan dict for an intake dict, through the real pipeline."""
    from backrub.contract.intake import parse_intake
    from backrub.planning.planner import make_plan

    return make_plan(parse_intake(intake)).to_dict()


@pytest.fixture(name="make_intake")
def make_intake_fixture() -> Any:
    return make_intake


@pytest.fixture(name="plan_for")
def plan_for_fixture() -> Any:
    return plan_for


@pytest.fixture
def journal_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty journal, also set as BACKRUB_DATABASE_URL for the CLI and subprocesses."""
    with fresh_database() as url:
        monkeypatch.setenv("BACKRUB_DATABASE_URL", url)
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An SQLite journal in tmp_path whatever the run, for tests of SQLite itself."""
    url = sqlite_file_url(tmp_path)
    monkeypatch.setenv("BACKRUB_DATABASE_URL", url)
    return url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that asks for `journal_url`, directly or through a fixture, is a database test."""
    for item in items:
        if "journal_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.database)
