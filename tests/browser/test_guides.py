"""Learning on a phone, in a real Chromium: home, Learn, a technique with its stroke
diagram, then one of its related guides; no console error on the way (CSP included)."""

from __future__ import annotations

import html
import re

import pytest
from playwright.sync_api import Page, expect

from backrub.guides import find_guide
from backrub.guides.model import TechniqueGuide
from backrub.knowledge import load
from support.browser.guide_journeys import open_guide
from support.browser.journal_journeys import heading
from support.browser.journeys import picture, reach_plan

pytestmark = pytest.mark.browser


def test_home_to_a_technique_its_diagram_and_a_related_guide(page: Page, server_url: str) -> None:
    open_guide(page, server_url, "Techniques", "Petrissage (kneading)")
    diagram = page.locator(".guide-picture").get_by_role("img")
    expect(diagram).to_be_visible()
    assert (diagram.bounding_box() or {"width": 0})["width"] > 100  # drawn, not collapsed
    picture(page, "guide-technique")
    guide = find_guide(load(), "technique", "petrissage")
    assert isinstance(guide, TechniqueGuide)
    label = re.search(r'aria-label="([^"]+)"', guide.diagram)
    assert label and diagram.get_attribute("aria-label") == html.unescape(label.group(1))
    first = guide.related[0]
    related = page.get_by_role("region", name="You may also like")
    expect(related.get_by_role("listitem")).to_have_count(len(guide.related))
    expect(related).to_contain_text(first.reason)
    related.get_by_role("link", name=first.title, exact=False).first.click()
    heading(page, first.title[:1].upper() + first.title[1:])
    assert page.url.endswith(f"/guides/{first.kind}s/{first.id}")
    expect(page.locator(".guide-sources li").first).to_be_visible()


def test_a_plan_steps_about_link_opens_its_guide(page: Page, server_url: str) -> None:
    reach_plan(page, server_url)
    card = page.locator("ol.steps > li.step").first
    card.locator("details.how > summary").click()
    card.get_by_role("link", name="About this technique").click()
    expect(page.locator(".guide-picture").get_by_role("img")).to_be_visible()
    assert "/guides/techniques/" in page.url
