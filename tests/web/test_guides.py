"""`/guides` and `GET /api/v1/guides`: every guide answers, in the page and the API, and
every plan step links to its technique's guide."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backrub.contract.intake import Intake
from backrub.contract.validation import loads
from backrub.guides import all_guides
from backrub.guides.build import guide_kind
from backrub.journal.people import save_intake
from backrub.knowledge import load
from backrub.web.headers import CONTENT_SECURITY_POLICY
from support.accounts import app_client, journal_store, own_person_id, sign_up
from support.web import TestClient, make_form

GUIDES = all_guides(load())
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _ids(guide: Any) -> str:
    return f"{guide_kind(guide)}-{guide.id}"


def _text(response: Any) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def _url(guide: Any) -> str:
    return f"/guides/{guide_kind(guide)}s/{guide.id}"


@pytest.fixture
def account(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


@pytest.mark.parametrize("guide", GUIDES, ids=_ids)
def test_every_guide_answers_in_the_page_and_the_api(client: Any, guide: Any) -> None:
    page = client.get(_url(guide))
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "<svg" in page.text and 'style="' not in page.text
    text = _text(page)
    assert "You may also like" in text and "Sources" in text
    for link in guide.related:
        assert f'href="/guides/{link.kind}s/{link.id}"' in page.text
        assert link.reason in text
    for cited in guide.sources:
        assert f'href="/sources#{cited.id}"' in page.text
    answer = client.get(f"/api/v1{_url(guide)}")
    assert answer.status_code == 200
    data = answer.json()
    assert data["kind"] == guide_kind(guide) and data["id"] == guide.id
    assert [r["id"] for r in data["related"]] == [r.id for r in guide.related]


def test_every_link_on_every_page_leads_to_a_page(client: Any) -> None:
    pages = ["/guides", *map(_url, GUIDES)]
    linked = {
        href
        for url in pages
        for href in re.findall(r'href="(/guides[^"#]*)"', client.get(url).text)
    }
    assert linked >= set(pages[1:])
    for href in linked:
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize(
    "url", ["/guides/techniques/nope", "/guides/tools/petrissage", "/guides/muscles/rhomboids"]
)
def test_unknown_guides_are_404_in_the_page_and_the_api(client: Any, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 404 and "<h1" in page.text
    answer = client.get(f"/api/v1{url}")
    assert answer.status_code == 404
    (entry,) = answer.json()["detail"]
    assert entry["field"] in {"kinds", "guide_id"} and entry["message"] == "not found"


def test_the_index_lists_every_guide_by_kind(client: Any) -> None:
    page = client.get("/guides")
    assert page.status_code == 200
    for guide in GUIDES:
        assert f'href="{_url(guide)}"' in page.text
    listed = client.get("/api/v1/guides").json()
    assert [(g["kind"], g["id"]) for g in listed] == [(guide_kind(g), g.id) for g in GUIDES]
    assert all(set(r) == {"kind", "id", "title", "reason"} for g in listed for r in g["related"])


def test_the_openapi_document_describes_the_routes(client: Any) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert "get" in document["paths"]["/api/v1/guides"]
    one = document["paths"]["/api/v1/guides/{kinds}/{guide_id}"]["get"]
    assert {"200", "404"} <= set(one["responses"])
    schemas = document["components"]["schemas"]
    assert {"Summary", "Link", "TechniqueGuide", "RegionGuide", "ToolGuide"} <= set(schemas)


def test_the_nav_has_learn(client: Any) -> None:
    assert 'href="/guides"' in client.get("/").text


def test_every_plan_step_links_to_its_techniques_guide(client: Any) -> None:
    page = client.post("/plan", data=make_form()).text
    steps = page.count('class="step"')
    linked = re.findall(r'href="/guides/techniques/([a-z_]+)"', page)
    assert steps and len(linked) >= steps
    assert set(linked) <= set(load().techniques)


def test_which_tool_suits_me_from_saved_answers(account: TestClient) -> None:
    signed_out = _text(account.get("/guides"))
    assert "Sign in with saved answers" in signed_out
    sign_up(account, "sam@example.org")
    assert "Answer the questions" in _text(account.get("/guides"))
    intake = loads(Intake, EXAMPLES.joinpath("anticoagulants.json").read_text())
    with journal_store(account).transaction() as db:
        save_intake(db=db, person_id=own_person_id(account), intake=intake)
    text = _text(account.get("/guides")).replace(" :", ":")  # a link's end is a space here
    assert (
        "Percussion massager (massage gun): No: your answers rule it out (taking blood thinners)"
        in text
    )
    assert "Heat pack or hot-water bottle: Yes" in text
