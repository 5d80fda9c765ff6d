"""Security headers on every response, and nothing inline or from a CDN."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from backrub.web import app as web_app
from backrub.web.app import create_app
from backrub.web.headers import SECURITY_HEADERS
from backrub.web.settings import Settings
from support.accounts import sign_up
from support.web import TestClient, make_form, make_settings

STATIC = Path(web_app.__file__).resolve().parent / "static"


def _check(response: Any) -> None:
    for name, value in SECURITY_HEADERS:
        assert response.headers[name] == value, name
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for directive in (
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] in ("same-origin", "strict-origin-when-cross-origin")


def test_every_kind_of_response_has_the_headers(client: Any) -> None:
    responses = [
        client.get("/"),
        client.get("/static/backrub.css"),
        client.get("/api/v1/openapi.json"),
        client.post("/api/v1/plans", content=b"{"),
        client.post("/plan", data=make_form(minutes="x")),
        client.get("/no-such-page"),
        client.delete("/api/v1/plans"),
        client.get("/plan", follow_redirects=False),
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 422, 422, 404, 405, 303]
    for response in responses:
        _check(response)


def test_even_a_crash_has_the_headers(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    _check(response)


def test_hsts_only_over_https(tmp_path: Path) -> None:
    plain = TestClient(create_app(make_settings(tmp_path))).get("/")
    assert "strict-transport-security" not in plain.headers
    secure = make_settings(tmp_path, base_url="https://backrub.example")
    assert "max-age" in TestClient(create_app(secure)).get("/").headers["strict-transport-security"]


@pytest.mark.parametrize(
    "request_args",
    [("get", "/"), ("get", "/intake"), ("post", "/plan")],
)
def test_no_inline_script_or_style_and_nothing_from_elsewhere(
    client: Any, request_args: tuple[str, str]
) -> None:
    method, url = request_args
    response = client.post(url, data=make_form()) if method == "post" else client.get(url)
    page = response.text
    assert "style=" not in page
    assert "<style" not in page
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert re.search(r'src="/static/', tag), tag
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', page)
    assert re.search(r'src="/static/vendor/htmx-[\d.]+\.min\.js"', page)


def test_htmx_is_vendored_with_its_licence_and_notes() -> None:
    vendor = STATIC / "vendor"
    [script] = vendor.glob("htmx-*.min.js")
    version = script.name.removeprefix("htmx-").removesuffix(".min.js")
    assert script.name == Path(web_app.HTMX).name
    assert "Zero-Clause BSD" in (vendor / "htmx-LICENSE").read_text(encoding="utf-8")
    notes = (vendor / "README.md").read_text(encoding="utf-8")
    assert version in notes and "0BSD" in notes and "npm pack" in notes


PRIVATE = (
    "/",
    "/journal",
    "/progress",
    "/profile",
    "/settings",
    "/guides",
    "/export.json",
    "/export.csv",
    "/export.fhir.json",
    "/api/v1/me",
    "/api/v1/people",
    "/no-such-page",
)


def test_no_answer_but_static_files_is_kept_by_a_cache(client: Any) -> None:
    """Signed in, every page shows who is signed in and most show their health: a
    shared or back-button cache must keep none of it (issue 14)."""
    assert sign_up(client, "cache@example.com").status_code == 303
    for path in PRIVATE:
        assert client.get(path).headers.get("cache-control") == "no-store", path
    assert client.post("/api/v1/plans", content=b"{").headers["cache-control"] == "no-store"
    assert "no-store" not in client.get("/static/backrub.css").headers.get("cache-control", "")
    assert client.get("/sw.js").headers["cache-control"] == "no-cache"  # its own rule stays
