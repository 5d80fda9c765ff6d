"""Helpers for the web tests: the client class, form and settings factories."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient as _TestClient

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


CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]*)"')


class TestClient(_TestClient):
    """Starlette's client, which fills in the CSRF token of form posts as a browser's
    page would (pass `csrf=False`, or a `csrf_token` of your own, to test refusals)."""

    __test__ = False

    def csrf_token(self) -> str:
        """The token the app's forms carry for this client's cookies right now."""
        match = CSRF_INPUT.search(super().get("/signin").text)
        assert match, "the sign-in page has no CSRF field"
        return match[1]

    def post(self, url: Any, *args: Any, csrf: bool = True, **options: Any) -> Any:
        data = options.get("data")
        if csrf and isinstance(data, dict) and "csrf_token" not in data:
            options["data"] = {**data, "csrf_token": self.csrf_token()}
        return super().post(url, *args, **options)


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"database_url": f"sqlite:///{tmp_path}/j.db"}
    values.update(overrides)
    return Settings(**values)


__all__ = ["TestClient", "make_form", "make_settings"]
