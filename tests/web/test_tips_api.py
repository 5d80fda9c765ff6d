"""Tips and moderation in the JSON API, against a fresh journal (SQLite, or PostgreSQL),
signed in with bearer tokens as a script would be."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backrub.journal import accounts, tips
from backrub.web.spam import TIP_LIMIT
from support.accounts import app_client, bearer_header, journal_store, row_counts
from support.web import TestClient

API = "/api/v1"
GUIDE = f"{API}/guides/techniques/effleurage/tips"
TIP_FIELDS = {"id", "kind", "guide_id", "author", "body", "html", "status", "created", "updated"}


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


def _account(client: TestClient, email: str, *, moderator: bool = False) -> dict[str, str]:
    """A bearer header for a new account (made in the journal: no sign-up form)."""
    with journal_store(client).transaction() as db:
        accounts.create_user(db=db, email=email, password_hash="x")
        if moderator:
            tips.set_moderator(db=db, email=email, moderator=True)
    return bearer_header(client, email)


@pytest.fixture
def author(client: TestClient) -> dict[str, str]:
    return _account(client, "author@example.org")


@pytest.fixture
def moderator(client: TestClient) -> dict[str, str]:
    return _account(client, "mod@example.org", moderator=True)


def _post(client: TestClient, bearer: dict[str, str], body: str = "Warm the oil *first*.") -> Any:
    answer = client.post(GUIDE, json={"body": body}, headers=bearer)
    assert answer.status_code == 201, answer.text
    return answer.json()


def _decide(client: TestClient, bearer: dict[str, str], tip_id: str, **body: str) -> Any:
    return client.post(f"{API}/moderation/tips/{tip_id}", json=body, headers=bearer)


def test_a_posted_tip_waits_then_everyone_sees_it_once_approved(
    client: TestClient, author: dict[str, str], moderator: dict[str, str]
) -> None:
    tip = _post(client, author)
    assert TIP_FIELDS | {"reason"} == set(tip)
    assert (tip["status"], tip["kind"], tip["guide_id"]) == ("pending", "technique", "effleurage")
    assert tip["html"] == "<p>Warm the oil <em>first</em>.</p>"
    assert tip["created"].endswith("Z")
    assert client.get(GUIDE).json() == []  # anyone, no token: nothing published yet
    queued = client.get(f"{API}/moderation/queue", headers=moderator).json()
    assert [(q["id"], q["reports"]) for q in queued] == [(tip["id"], 0)]
    decided = _decide(client, moderator, tip["id"], decision="approve")
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    published = client.get(GUIDE).json()
    assert [t["id"] for t in published] == [tip["id"]]
    assert "author@example.org" not in client.get(GUIDE).text
    assert client.get(f"{API}/moderation/queue", headers=moderator).json() == []


def test_a_rejection_and_its_reason_reach_only_the_author(
    client: TestClient, author: dict[str, str], moderator: dict[str, str]
) -> None:
    tip = _post(client, author)
    no_reason = _decide(client, moderator, tip["id"], decision="reject")
    assert no_reason.status_code == 422
    assert no_reason.json()["detail"][0]["field"] == "reason"
    rejected = _decide(client, moderator, tip["id"], decision="reject", reason="Off topic.")
    assert (rejected.json()["status"], rejected.json()["reason"]) == ("rejected", "Off topic.")
    mine = client.get(f"{API}/tips/mine", headers=author).json()
    assert [(t["id"], t["status"], t["reason"]) for t in mine] == [
        (tip["id"], "rejected", "Off topic.")
    ]
    assert client.get(GUIDE).json() == []


def test_edit_sends_it_back_and_delete_removes_it(
    client: TestClient, author: dict[str, str], moderator: dict[str, str]
) -> None:
    tip = _post(client, author)
    _decide(client, moderator, tip["id"], decision="approve")
    edited = client.patch(
        f"{API}/tips/{tip['id']}", json={"body": "**Slow** down."}, headers=author
    )
    assert edited.status_code == 200
    assert (edited.json()["status"], edited.json()["html"]) == (
        "pending",
        "<p><strong>Slow</strong> down.</p>",
    )
    assert client.get(GUIDE).json() == []
    assert client.delete(f"{API}/tips/{tip['id']}", headers=author).status_code == 204
    assert client.get(f"{API}/tips/mine", headers=author).json() == []


def test_another_readers_tip_is_not_there_for_them(
    client: TestClient, author: dict[str, str]
) -> None:
    tip = _post(client, author, "mine")
    other = _account(client, "other@example.org")
    before = row_counts(client)
    for answer in [
        client.patch(f"{API}/tips/{tip['id']}", json={"body": "theirs"}, headers=other),
        client.delete(f"{API}/tips/{tip['id']}", headers=other),
        client.patch(f"{API}/tips/nothing", json={"body": "theirs"}, headers=other),
        client.delete(f"{API}/tips/nothing", headers=other),
    ]:
        assert answer.status_code == 404
        assert answer.json()["detail"][0]["field"] == "tip_id"
    assert row_counts(client) == before
    assert client.get(f"{API}/tips/mine", headers=author).json()[0]["body"] == "mine"


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        (GUIDE, {"body": "   "}, "body"),
        (GUIDE, {"body": "x" * 2001}, "body"),
        (GUIDE, {"body": "a\u202eb"}, "body"),
        (GUIDE, {"body": "hi", "rating": 5}, "rating"),
        (GUIDE, {}, "body"),
        (GUIDE, {"body": 3}, "body"),
    ],
    ids=["blank", "too-long", "direction-character", "unknown-field", "missing", "not-text"],
)
def test_a_bad_tip_is_422_naming_the_field(
    client: TestClient, author: dict[str, str], url: str, body: dict[str, Any], field: str
) -> None:
    before = row_counts(client)
    answer = client.post(url, json=body, headers=author)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == field
    assert row_counts(client) == before


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/guides/muscles/effleurage/tips",
        f"{API}/guides/techniques/no-such-technique/tips",
        f"{API}/guides/regions/effleurage/tips",
    ],
    ids=["unknown-kind", "unknown-id", "wrong-kind"],
)
def test_an_unknown_guide_is_404(client: TestClient, author: dict[str, str], url: str) -> None:
    assert client.get(url).status_code == 404
    assert client.post(url, json={"body": "a tip"}, headers=author).status_code == 404


def test_signed_out_is_401(client: TestClient) -> None:
    for method, url in [
        ("post", GUIDE),
        ("get", f"{API}/tips/mine"),
        ("patch", f"{API}/tips/x"),
        ("delete", f"{API}/tips/x"),
        ("post", f"{API}/tips/x/report"),
        ("get", f"{API}/moderation/queue"),
        ("post", f"{API}/moderation/tips/x"),
    ]:
        answer = client.request(method, url, json={"body": "hi"})
        assert answer.status_code == 401, (method, url)


def test_only_moderators_moderate_and_never_their_own(
    client: TestClient, author: dict[str, str], moderator: dict[str, str]
) -> None:
    tip = _post(client, author)
    queue = client.get(f"{API}/moderation/queue", headers=author)
    assert queue.status_code == 403
    assert "moderators" in queue.json()["detail"][0]["message"]
    assert _decide(client, author, tip["id"], decision="approve").status_code == 403
    own = _post(client, moderator, "a moderator's own tip")
    refused = _decide(client, moderator, own["id"], decision="approve")
    assert refused.status_code == 403
    assert "your own tip" in refused.json()["detail"][0]["message"]
    assert _decide(client, moderator, "nothing", decision="approve").status_code == 404
    odd = _decide(client, moderator, tip["id"], decision="maybe")
    assert (odd.status_code, odd.json()["detail"][0]["field"]) == (422, "decision")
    assert client.get(GUIDE).json() == []


def test_a_report_sends_a_published_tip_back_to_the_queue(
    client: TestClient, author: dict[str, str], moderator: dict[str, str]
) -> None:
    tip = _post(client, author)
    reader = _account(client, "reader@example.org")
    report = f"{API}/tips/{tip['id']}/report"
    assert client.post(report, headers=reader).status_code == 404  # not published: not theirs
    _decide(client, moderator, tip["id"], decision="approve")
    own = client.post(report, headers=author)
    assert own.status_code == 403 and "your own tip" in own.json()["detail"][0]["message"]
    assert client.post(report, headers=reader).status_code == 204
    assert client.post(report, headers=reader).status_code == 204  # again: nothing changes
    assert client.get(GUIDE).json() == []
    queued = client.get(f"{API}/moderation/queue", headers=moderator).json()
    assert [(q["id"], q["reports"]) for q in queued] == [(tip["id"], 1)]


def test_the_openapi_document_lists_the_routes_with_their_bodies(client: TestClient) -> None:
    document = client.get(f"{API}/openapi.json").json()
    paths = document["paths"]
    guide_tips = paths[f"{API}/guides/{{kinds}}/{{guide_id}}/tips"]
    assert set(guide_tips) == {"get", "post"}
    body = guide_tips["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/TipIn"}
    assert set(paths[f"{API}/tips/{{tip_id}}"]) == {"patch", "delete"}
    assert "post" in paths[f"{API}/tips/{{tip_id}}/report"]
    assert "get" in paths[f"{API}/tips/mine"]
    assert "get" in paths[f"{API}/moderation/queue"]
    decide = paths[f"{API}/moderation/tips/{{tip_id}}"]["post"]
    assert decide["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DecisionIn"
    }
    schemas = document["components"]["schemas"]
    assert set(schemas["TipIn"]["properties"]) == {"body"}
    assert schemas["DecisionIn"]["properties"]["decision"]["enum"] == ["approve", "reject"]
    assert TIP_FIELDS <= set(schemas["TipOut"]["properties"])
    assert "reports" in schemas["QueuedTip"]["properties"]


def test_a_burst_of_posts_gets_429_after_the_hours_limit_and_keeps_the_rest(
    client: TestClient, author: dict[str, str]
) -> None:
    accepted = {_post(client, author, f"tip {n}")["id"] for n in range(TIP_LIMIT.count)}
    refused = client.post(GUIDE, json={"body": "one too many"}, headers=author)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "try again in" in refused.json()["detail"][0]["message"]
    mine = client.get(f"{API}/tips/mine", headers=author).json()
    assert {t["id"] for t in mine} == accepted


def test_a_refused_body_does_not_count_against_the_limit(
    client: TestClient, author: dict[str, str]
) -> None:
    for _ in range(TIP_LIMIT.count):
        assert client.post(GUIDE, json={"body": " "}, headers=author).status_code == 422
    for n in range(TIP_LIMIT.count):
        _post(client, author, f"tip {n}")
