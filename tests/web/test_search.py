"""`GET /api/v1/search` and the `/search` page, on SQLite and PostgreSQL: guides and
approved tips, each with its page's address, snippets whose only markup is <mark>."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import update

from backrub import knowledge
from backrub.journal.models import Tip, User
from support.accounts import app_client, journal_store
from support.web import TestClient

NOW = datetime.datetime(2026, 12, 1, 9, 0)
SCRIPT_TIP = 'Ocelot trick: <script>alert("tip")</script> <b>bold</b> & "quotes"'


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    """The app on the test's journal (its start-up stores the guides' words), with one
    approved tip, one pending and one rejected, on two guides."""
    with app_client(journal_url) as test_client:
        with journal_store(test_client).transaction() as db:
            db.add(User(id="u1", email="reader@example.org", password_hash="x", created=NOW))
            db.flush()
            for tip_id, guide, body, status in (
                ("tip-ok", ("technique", "effleurage"), SCRIPT_TIP, "approved"),
                ("tip-wait", ("region", "spine"), "Ocelot pending advice.", "pending"),
                ("tip-no", ("region", "spine"), "Ocelot rejected advice.", "rejected"),
            ):
                db.add(
                    Tip(
                        id=tip_id,
                        author_id="u1",
                        guide_kind=guide[0],
                        guide_id=guide[1],
                        body=body,
                        status=status,
                        created=NOW,
                        updated=NOW,
                    )
                )
        yield test_client


def _only_marks(snippet: str) -> bool:
    bare = snippet.replace("<mark>", "").replace("</mark>", "")
    return "<" not in bare and ">" not in bare


def test_the_api_finds_a_region_by_a_muscle_with_its_address(client: Any) -> None:
    muscle = knowledge.load().muscles["levator_scapulae"].name
    response = client.get("/api/v1/search", params={"q": muscle})
    assert response.status_code == 200
    found = response.json()
    assert [(r["kind"], r["id"], r["url"]) for r in found] == [
        ("region", "shoulder_left", "/guides/regions/shoulder_left"),
        ("region", "shoulder_right", "/guides/regions/shoulder_right"),
    ]
    assert set(found[0]) == {"kind", "id", "title", "snippet", "url"}
    assert "<mark>" in found[0]["snippet"] and _only_marks(found[0]["snippet"])
    assert client.get(found[0]["url"]).status_code == 200  # the address is a real page


def test_the_api_finds_only_the_approved_tip_with_its_guide_page(client: Any) -> None:
    found = client.get("/api/v1/search?q=ocelot").json()
    assert [(r["kind"], r["id"]) for r in found] == [("tip", "tip-ok")]
    (tip,) = found
    assert tip["url"] == "/guides/techniques/effleurage#tip-tip-ok"
    assert tip["title"] == "Tip on effleurage (long gliding strokes)"
    assert "<mark>Ocelot</mark>" in tip["snippet"] and _only_marks(tip["snippet"])
    assert "<script" not in tip["snippet"] and "<b>" not in tip["snippet"]


def test_an_approved_tip_leaves_search_when_it_goes_back_to_the_queue(client: Any) -> None:
    with journal_store(client).transaction() as db:
        db.execute(update(Tip).where(Tip.id == "tip-ok").values(status="pending"))
        db.execute(update(Tip).where(Tip.id == "tip-wait").values(status="approved"))
    found = client.get("/api/v1/search?q=ocelot").json()
    assert [(r["id"], r["url"]) for r in found] == [
        ("tip-wait", "/guides/regions/spine#tip-tip-wait")
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "back", "limit": "0"}, "limit"),
        ({"q": "back", "limit": "51"}, "limit"),
        ({"q": "back", "limit": "ten"}, "limit"),
    ],
    ids=["no-q", "empty", "blank", "too-long", "limit-0", "limit-51", "limit-word"],
)
def test_bad_words_or_limits_answer_422_naming_the_field(
    client: Any, query: dict[str, str], field: str
) -> None:
    response = client.get("/api/v1/search", params=query)
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["field"] == field
    assert "expected" in error["message"] and "\n" not in error["message"]


def test_the_limit_and_the_longest_words(client: Any) -> None:
    assert len(client.get("/api/v1/search?q=back&limit=2").json()) == 2
    assert len(client.get("/api/v1/search?q=back&limit=50").json()) > 2
    assert client.get("/api/v1/search", params={"q": "x" * 200}).json() == []


@pytest.mark.parametrize(
    "query",
    ['"', "*", "NEAR(a b)", "-ocelot", "ocelot:*", "(", "a'b", "\\", "%", "ocelot | zzqx"],
    ids=[f"syntax{i}" for i in range(10)],
)
def test_query_syntax_never_fails(client: Any, query: str) -> None:
    response = client.get("/api/v1/search", params={"q": query})
    assert response.status_code == 200
    assert all(_only_marks(r["snippet"]) for r in response.json())


def test_the_api_is_in_the_openapi_document(client: Any) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/search" in document["paths"]
    assert "SearchResult" in document["components"]["schemas"]


def _text(response: Any) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def test_the_page_lists_results_with_kind_link_and_snippet(client: Any) -> None:
    response = client.get("/search", params={"q": "grasp"})
    assert response.status_code == 200
    assert '<a href="/guides/techniques/petrissage">Petrissage (kneading)</a>' in response.text
    assert "<mark>grasp</mark>" in response.text
    assert "Technique" in _text(response)
    assert 'name="q"' in response.text and 'value="grasp"' in response.text  # kept in the box


def test_the_page_shows_a_tip_as_text(client: Any) -> None:
    response = client.get("/search", params={"q": "ocelot"})
    assert response.status_code == 200
    assert 'href="/guides/techniques/effleurage#tip-tip-ok"' in response.text
    assert "<script>alert" not in response.text and "<b>bold" not in response.text
    assert '&lt;script&gt;alert("tip")&lt;/script&gt;' in response.text or (
        "alert" in _text(response)  # PostgreSQL's headline drops what looks like a tag
    )
    assert "Reader's tip" in _text(response)
    assert "pending advice" not in response.text and "rejected advice" not in response.text


def test_the_page_says_when_nothing_matches_and_keeps_the_words(client: Any) -> None:
    response = client.get("/search", params={"q": 'zzqx "<i>'})
    assert response.status_code == 200
    assert "No guides or tips match “zzqx &#34;&lt;i&gt;”." in response.text
    assert "<i>" not in response.text
    assert 'value="zzqx &#34;&lt;i&gt;"' in response.text
    assert "every guide" in _text(response)


def test_the_page_without_words_says_how_to_search(client: Any) -> None:
    response = client.get("/search")
    assert response.status_code == 200
    assert "search box above" in _text(response)
    assert client.get("/search", params={"q": "x" * 201}).status_code == 422


def test_every_page_has_the_search_box(client: Any) -> None:
    for url in ("/", "/guides", "/guides/regions/spine", "/signin", "/sources"):
        text = client.get(url).text
        assert 'role="search"' in text and 'action="/search"' in text, url
        assert '<label class="visually-hidden" for="site-search-q">' in text
