"""The fast lane: the busiest API routes answered without FastAPI's router, the same as with.

Two apps share one journal, one built with the lane and one without; every request
below is sent to both, and the answers must be equal in status, headers and bytes.
The unit tests at the end check the lane itself on a toy app.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from backrub.web.app import BUSIEST, create_app
from backrub.web.fast_lane import FastLane, Lane, LaneError
from backrub.web.settings import Settings
from support.accounts import (
    FAST_HASHER,
    add_sessions,
    bearer_header,
    own_person_id,
    sign_up,
)
from support.intakes import REPO_ROOT
from support.journal_factories import make_session
from support.web import TestClient
from web.test_api import BAD_INTAKES

API = "/api/v1"
INTAKE = (REPO_ROOT / "examples" / "partner_lower_back.json").read_bytes()
NOTES = ['one "quoted" \\ note', "tw\u00f6 \u2014 non-ASCII", "three\nlines"]
RED_FLAG = (REPO_ROOT / "examples" / "emergency_saddle_numbness.json").read_bytes()


class Pair:
    """The same journal behind two apps: `lane` (as served) and `plain` (FastAPI only)."""

    def __init__(self, lane: TestClient, plain: TestClient) -> None:
        self.lane = lane
        self.plain = plain

    def same_answer(self, method: str, url: str, **options: Any) -> Any:
        """Send the request to both; assert equal answers; return the lane's."""
        headers = options.pop("headers", {})
        answers = [
            client.request(method, url, headers=dict(headers), **options)
            for client in (self.lane, self.plain)
        ]
        lane, plain = answers
        assert lane.status_code == plain.status_code, (lane.text, plain.text)
        assert sorted(lane.headers.multi_items()) == sorted(plain.headers.multi_items())
        assert lane.content == plain.content
        return lane


@pytest.fixture
def pair(journal_url: str) -> Iterator[Pair]:
    settings = Settings(database_url=journal_url)
    apps = [create_app(settings), create_app(settings, fast_lane=False)]
    for app in apps:
        app.state.password_hasher = FAST_HASHER
    with TestClient(apps[0]) as lane, TestClient(apps[1]) as plain:
        yield Pair(lane, plain)


@pytest.fixture
def sam(pair: Pair) -> dict[str, Any]:
    """Sam, signed in on both clients (one session cookie), with a token and 3 sessions."""
    sign_up(pair.lane, "sam@example.org")
    pair.plain.cookies = pair.lane.cookies
    person_id = own_person_id(pair.lane)
    sessions = [make_session(note=note) for note in NOTES]
    add_sessions(pair.lane, person_id, *sessions)
    return {
        "person_id": person_id,
        "session_id": sessions[0].id,
        "bearer": bearer_header(pair.lane, "sam@example.org"),
        "csrf": {"X-CSRF-Token": pair.lane.csrf_token()},
    }


@pytest.fixture
def ava_ids(pair: Pair) -> dict[str, str]:
    """Another account's person and session, for the 404s."""
    other = TestClient(pair.lane.app)
    sign_up(other, "ava@example.org")
    person_id = own_person_id(other)
    session = make_session()
    add_sessions(other, person_id, session)
    return {"person_id": person_id, "session_id": session.id}


def test_the_app_serves_its_busiest_routes_through_the_lane() -> None:
    app = create_app(Settings(database_url="sqlite://"))
    [lane] = [m for m in app.user_middleware if m.cls is FastLane]
    assert lane.kwargs["lanes"] == BUSIEST
    plain = create_app(Settings(database_url="sqlite://"), fast_lane=False)
    assert not [m for m in plain.user_middleware if m.cls is FastLane]


PLAN_BODIES = {
    "ordinary": INTAKE,
    "red flag": RED_FLAG,
    **{name: json.dumps(intake).encode() for name, intake in BAD_INTAKES.items()},
    "empty": b"",
    "not json": b"{not json",
    "not utf-8": b"\xff\xfe",
    "too large": b" " * 70_000,
}


@pytest.mark.parametrize("body", PLAN_BODIES.values(), ids=PLAN_BODIES.keys())
def test_plans_answer_the_same(pair: Pair, body: bytes) -> None:
    pair.same_answer("POST", f"{API}/plans", content=body)


def test_a_plan_twice_answers_the_same_and_other_methods_pass_on(pair: Pair) -> None:
    first = pair.same_answer("POST", f"{API}/plans", content=INTAKE)
    assert first.json()["verdict"] == "go"
    pair.same_answer("POST", f"{API}/plans", content=INTAKE)  # now remembered
    assert pair.same_answer("GET", f"{API}/plans").status_code == 405
    pair.same_answer("POST", f"{API}/plans/", content=INTAKE)  # the router's answer


def test_the_listing_answers_the_same(pair: Pair, sam: dict[str, Any], ava_ids: Any) -> None:
    url = f"{API}/people/{sam['person_id']}/sessions"
    listed = pair.same_answer("GET", url, headers=sam["bearer"])
    assert sorted(s["note"] for s in listed.json()) == sorted(NOTES)
    pair.same_answer("GET", url)  # the session cookie
    pair.same_answer("GET", url, headers={"Authorization": "Bearer not-a-token"})
    pair.same_answer("GET", url, headers={"Authorization": "Basic c2FtOnB3"})
    pair.same_answer("GET", url, headers={"Authorization": "Bearer "})
    missing = pair.same_answer("GET", f"{API}/people/nobody/sessions", headers=sam["bearer"])
    assert missing.status_code == 404
    others = f"{API}/people/{ava_ids['person_id']}/sessions"
    assert pair.same_answer("GET", others, headers=sam["bearer"]).status_code == 404
    quoted = f"{API}/people/%22%20x/sessions"
    assert pair.same_answer("GET", quoted, headers=sam["bearer"]).status_code == 404


def test_signed_out_the_listing_is_401_both_ways(pair: Pair, sam: dict[str, Any]) -> None:
    pair.lane.cookies.clear()
    pair.plain.cookies.clear()
    answer = pair.same_answer("GET", f"{API}/people/{sam['person_id']}/sessions")
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"


RATING_BODIES = {
    "soreness": {"soreness_next_day": 3},
    "pain": {"pain_before": {"lower_back_left": 6}, "pain_after": {"lower_back_left": 2}},
    "clear": {"pain_before": {}, "soreness_next_day": None},
    "nothing": {},
    "bad region": {"pain_after": {"neck": 2}},
    "out of range": {"soreness_next_day": 11},
    "unknown field": {"soreness": 2},
    "not an object": [],
}


@pytest.mark.parametrize("body", RATING_BODIES.values(), ids=RATING_BODIES.keys())
def test_ratings_answer_the_same(pair: Pair, sam: dict[str, Any], body: Any) -> None:
    url = f"{API}/people/{sam['person_id']}/sessions/{sam['session_id']}/ratings"
    pair.same_answer("PUT", url, json=body, headers=sam["bearer"])
    pair.same_answer("PUT", url, json=body, headers=sam["csrf"])  # signed in, with the header


def test_refused_ratings_answer_the_same(
    pair: Pair, sam: dict[str, Any], ava_ids: dict[str, str]
) -> None:
    url = f"{API}/people/{sam['person_id']}/sessions/{sam['session_id']}/ratings"
    body = {"soreness_next_day": 1}
    assert pair.same_answer("PUT", url, json=body).status_code == 403  # cookie, no header
    assert pair.same_answer("PUT", url, content=b"{", headers=sam["bearer"]).status_code == 422
    huge = {"Content-Length": "100000", **sam["bearer"]}
    assert pair.same_answer("PUT", url, content=b"{}", headers=huge).status_code == 413
    big = b'{"soreness_next_day": 1' + b" " * 70_000 + b"}"
    assert pair.same_answer("PUT", url, content=big, headers=sam["bearer"]).status_code == 413
    others = f"{API}/people/{ava_ids['person_id']}/sessions/{ava_ids['session_id']}/ratings"
    assert pair.same_answer("PUT", others, json=body, headers=sam["bearer"]).status_code == 404
    mixed = f"{API}/people/{sam['person_id']}/sessions/{ava_ids['session_id']}/ratings"
    assert pair.same_answer("PUT", mixed, json=body, headers=sam["bearer"]).status_code == 404
    assert pair.same_answer("DELETE", url, headers=sam["bearer"]).status_code == 405


# The lane itself, on a toy app


async def _thing(thing_id: str, request: Request) -> Response:
    if thing_id == "teapot":
        raise HTTPException(418, "short and stout")
    if thing_id == "broken":
        raise RuntimeError("no handler for this")
    return PlainTextResponse(f"lane {thing_id} {request.method}")


def _toy_app(*lanes: Lane) -> FastAPI:
    app = FastAPI()

    @app.exception_handler(HTTPException)
    async def handled(_request: Request, error: HTTPException) -> Response:
        return JSONResponse({"handled": error.detail}, status_code=error.status_code)

    @app.get("/{rest:path}")
    async def everything_else(rest: str) -> Response:
        return PlainTextResponse(f"router {rest}")

    app.add_middleware(FastLane, lanes=lanes)
    return app


def test_the_lane_answers_its_routes_and_passes_on_the_rest() -> None:
    client = TestClient(_toy_app(Lane("GET", "/things/{thing_id}", _thing)))
    assert client.get("/things/kettle").text == "lane kettle GET"
    assert client.get("/things/kettle/lid").text == "router things/kettle/lid"
    assert client.get("/things/").text == "router things/"
    assert client.post("/things/kettle").status_code == 405  # the router's answer
    assert client.get("/other").text == "router other"


def test_the_lane_hands_errors_to_the_apps_handlers() -> None:
    client = TestClient(_toy_app(Lane("GET", "/things/{thing_id}", _thing)))
    answer = client.get("/things/teapot")
    assert (answer.status_code, answer.json()) == (418, {"handled": "short and stout"})
    with pytest.raises(RuntimeError, match="no handler"):
        client.get("/things/broken")


def test_under_a_root_path_the_router_decides() -> None:
    app = _toy_app(Lane("GET", "/things/{thing_id}", _thing))
    client = TestClient(app, root_path="/mounted")
    assert client.get("/things/kettle").text == "router things/kettle"


async def _sync_shaped(thing_id: str, request: Request, extra: int = 0) -> Response:
    return PlainTextResponse(thing_id)


def _not_async(thing_id: str, request: Request) -> Response:
    return PlainTextResponse(thing_id)


async def _asgi_noop(scope: Scope, receive: Receive, send: Send) -> None:
    return None


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [(_sync_shaped, "path parameters and the request only"), (_not_async, "must be async")],
)
def test_an_endpoint_the_lane_cannot_call_as_fastapi_would_is_refused(
    endpoint: Any, message: str
) -> None:
    with pytest.raises(LaneError, match=message):
        FastLane(_asgi_noop, lanes=[Lane("GET", "/things/{thing_id}", endpoint)])
