"""Every knowledge-base entry has a sourced guide, and every link in a guide leads somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec
import pytest

from backrub.contract.intake import Intake
from backrub.contract.validation import loads
from backrub.guides import all_guides, find_guide
from backrub.guides.build import guide_kind, span, summaries
from backrub.guides.model import Link, RegionGuide, TechniqueGuide, ToolGuide
from backrub.guides.suits import tool_fits
from backrub.knowledge import load

KB = load()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GUIDES = all_guides(KB)
KEYS = {(guide_kind(g), g.id) for g in GUIDES}


def _links(value: object) -> list[Link]:
    """Every Link anywhere in a guide (related, techniques, tools, regions...)."""
    if isinstance(value, Link):
        return [value]
    if isinstance(value, msgspec.Struct):
        return [link for f in value.__struct_fields__ for link in _links(getattr(value, f))]
    if isinstance(value, tuple):
        return [link for item in value for link in _links(item)]
    return []


def test_every_technique_region_and_tool_has_a_guide() -> None:
    wanted = {("technique", t) for t in KB.techniques}
    wanted |= {("region", r) for r in KB.regions}
    wanted |= {("tool", t) for t in KB.tools}
    assert wanted == KEYS
    assert len(GUIDES) == len(KEYS)  # one guide each


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: f"{guide_kind(g)}-{g.id}")
def test_a_guide_has_sources_that_exist(guide: TechniqueGuide | RegionGuide | ToolGuide) -> None:
    assert guide.sources, f"{guide.id} has no sources"
    for cited in guide.sources:
        assert cited.id in KB.sources
        assert cited.citation and cited.url


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: f"{guide_kind(g)}-{g.id}")
def test_every_link_in_a_guide_points_to_a_guide(
    guide: TechniqueGuide | RegionGuide | ToolGuide,
) -> None:
    links = _links(guide)
    assert links
    for link in links:
        assert (link.kind, link.id) in KEYS, f"{guide.id} links to a missing {link}"
        assert link.title == find_guide(KB, link.kind, link.id).title  # type: ignore[union-attr]


def test_a_technique_guide_has_every_part() -> None:
    guide = find_guide(KB, "technique", "petrissage")
    assert isinstance(guide, TechniqueGuide)
    entry = KB.techniques["petrissage"]
    assert guide.how_to == entry.how_to and guide.mistakes == entry.mistakes
    assert guide.diagram.startswith("<svg") and "diagram--knead" in guide.diagram
    assert "Light pressure" in guide.pressure and "Firm pressure" in guide.pressure
    assert guide.evidence == entry.evidence and guide.evidence_strength.startswith("Weak")
    assert {h.id for h in guide.hand_parts} == set(entry.hand_parts)
    assert "shiatsu_massager" in {t.id for t in guide.tools}


def test_a_region_guide_says_where_knots_send_pain_and_who_reaches_it() -> None:
    guide = find_guide(KB, "region", "lower_back_left")
    assert isinstance(guide, RegionGuide)
    assert {m.id for m in guide.muscles} == {"erector_spinae", "quadratus_lumborum"}
    assert all(m.referral for m in guide.muscles)
    assert guide.self_reach.startswith("Yes")
    assert not_reached().self_reach.startswith("Not")
    spine = find_guide(KB, "region", "spine")
    assert isinstance(spine, RegionGuide) and spine.pressed.startswith("Never")
    assert not spine.techniques


def not_reached() -> RegionGuide:
    guide = find_guide(KB, "region", "upper_back_left")
    assert isinstance(guide, RegionGuide)
    return guide


def test_a_tool_guide_marks_its_no_go_zones_and_who_should_not_use_it() -> None:
    guide = find_guide(KB, "tool", "percussion_massager")
    assert isinstance(guide, ToolGuide)
    assert re.search(r'class="dg-region gd-nogo" d="M95 34', guide.no_go_map)  # the spine
    assert "spine" in guide.no_go
    assert guide.no_go_map.count("gd-ok") == len(guide.regions) == 8  # every side, not the spine
    assert any(line.startswith("taking blood thinners") for line in guide.not_for)
    assert [t.id for t in guide.stands_in_for] == ["tapotement"]
    palms = find_guide(KB, "tool", "palms")
    assert isinstance(palms, ToolGuide) and palms.no_go_map.count("gd-nogo") == 1


def test_unknown_ids_have_no_guide() -> None:
    assert find_guide(KB, "technique", "nope") is None
    assert find_guide(KB, "tool", "petrissage") is None  # a technique, not a tool


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (30, 180, "30 seconds to 3 minutes"),
        (600, 1200, "10 to 20 minutes"),
        (30, 90, "30 to 90 seconds"),
        (60, 60, "1 minute"),
    ],
)
def test_spans_read_as_words(low: int, high: int, words: str) -> None:
    assert span(low, high) == words


def test_which_tool_suits_follows_the_planners_rules() -> None:
    intake = loads(Intake, EXAMPLES.joinpath("anticoagulants.json").read_text())
    fits = {f.tool.id: f for f in tool_fits(intake, KB)}
    assert not fits["percussion_massager"].suits
    assert "blood thinners" in fits["percussion_massager"].why
    assert fits["heat_pack"].suits
    assert "palms" not in fits  # hands are not "tools you might buy"


def test_summaries_follow_the_guides() -> None:
    assert [(s.kind, s.id) for s in summaries(KB)] == [(guide_kind(g), g.id) for g in GUIDES]
