"""`/sources`: every reference on one public page, its JSON twin, and links from plans."""

from __future__ import annotations

import html
import re
from typing import Any

from backrub.knowledge import load
from backrub.knowledge.citations import citation
from backrub.web.headers import CONTENT_SECURITY_POLICY
from support.web import make_form


def _text(response: Any) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def test_the_page_lists_every_source_with_its_anchor_citation_and_address(client: Any) -> None:
    response = client.get("/sources")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    text = _text(response)
    for source in load().sources.values():
        assert f'id="{source.id}"' in response.text
        assert f'href="{html.escape(source.url)}"' in response.text
        assert " ".join(citation(source).split()) in text


def test_no_sign_in_is_needed(client: Any) -> None:
    assert client.get("/sources", follow_redirects=False).status_code == 200


def test_a_home_page_is_shown_as_supporting_nothing(client: Any) -> None:
    home = next(s for s in load().sources.values() if s.kind == "home_page")
    text = _text(client.get("/sources"))
    after = text[text.index(home.id) :]
    assert "supports no claim" in after[:200]


def test_the_json_twin_is_the_same_data(client: Any) -> None:
    data = client.get("/sources", headers={"accept": "application/json"}).json()
    kb = load()
    assert [entry["id"] for entry in data["sources"]] == list(kb.sources)
    heat = next(entry for entry in data["sources"] if entry["id"] == "french-2006-heat")
    assert heat["citation"] == citation(kb.sources["french-2006-heat"])
    assert "technique heat" in heat["cited_by"]


def test_a_plan_links_each_source_to_its_entry_on_the_page(client: Any) -> None:
    page = client.post("/plan", data=make_form()).text
    linked = set(re.findall(r'href="/sources#([a-z0-9-]+)"', page))
    assert linked and linked <= set(load().sources)
    sources_page = client.get("/sources").text
    for source_id in linked:
        assert f'id="{source_id}"' in sources_page
