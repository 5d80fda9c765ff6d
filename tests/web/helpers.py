"""Helpers for the web tests: the client class, form and settings factories."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from backrub.web.settings import Settings

# An ordinary filled-in intake form: the web twin of `make_intake()`.
ORDINARY_FORM: dict[str, Any] = {
    "region": ["lower_back_left", "shoulder_right"],
    "intensity-lower_back_left": "6",
    "weeks-lower_back_left": "10",
    "intensity-shoulder_right": "3",
    "weeks-shoulder_right": "2",
    "giver": "partner",
    "minutes": "15",
    "pressure": "moderate",
    "causes": ["sedentary", "posture"],
    "goals": ["relief", "sleep"],
    "tools": ["oil", "heat_pack"],
}


def make_form(**overrides: Any) -> dict[str, Any]:
    """The ordinary form with fields replaced (keys with dashes: pass a dict via **{})."""
    form = {key: list(v) if isinstance(v, list) else v for key, v in ORDINARY_FORM.items()}
    for key, value in overrides.items():
        if value is ...:
            form.pop(key, None)
        else:
            form[key] = value
    return form


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"database_url": f"sqlite:///{tmp_path}/j.db"}
    values.update(overrides)
    return Settings(**values)


__all__ = ["TestClient", "make_form", "make_settings"]
