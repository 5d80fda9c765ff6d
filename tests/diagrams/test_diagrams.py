"""Stroke diagrams (backrub.diagrams): one for every technique, drawn from the knowledge base."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from backrub.contract.ids import REGIONS
from backrub.contract.intake import load_intake
from backrub.diagrams import describe, stroke_diagram
from backrub.diagrams.geometry import REGION_SHAPES
from backrub.diagrams.icons import ICONS
from backrub.knowledge import load
from backrub.planning.planner import make_plan

SVG = "{http://www.w3.org/2000/svg}"
REVIEW = Path(__file__).resolve().parents[2] / "docs" / "review" / "intakes"
BACK = tuple(r for r in REGIONS if r != "spine")


def _svg(technique: str, regions: tuple[str, ...], tool: str) -> ET.Element:
    return ET.fromstring(stroke_diagram(load(), technique, regions, tool))


def _classes(root: ET.Element) -> list[str]:
    return [c for el in root.iter() for c in el.get("class", "").split()]


def _marks(root: ET.Element, kind: str) -> list[ET.Element]:
    return [el for el in root.iter() if f"dg-mark--{kind}" in el.get("class", "").split()]


def _lit(root: ET.Element) -> set[str]:
    return {
        el.get("d", "")
        for el in root.iter(f"{SVG}path")
        if "dg-region--on" in el.get("class", "").split()
    }


def _tools_of(technique: str) -> list[str]:
    kb = load()
    return [t.id for t in kb.tools.values() if technique in t.techniques and t.kind != "lubricant"]


@pytest.mark.parametrize("technique", sorted(load().techniques))
def test_every_technique_has_a_diagram_on_each_region_it_may_work(technique: str) -> None:
    kb = load()
    entry = kb.techniques[technique]
    assert _tools_of(technique), technique
    for region in entry.allowed_regions:
        for tool in _tools_of(technique):
            root = _svg(technique, (region,), tool)
            assert root.tag == f"{SVG}svg"
            assert root.get("role") == "img"
            named = kb.tools[tool].name.split(" (")[0]
            assert root.get("aria-label", "").endswith(f"with the {named}")
            assert _marks(root, entry.stroke), (technique, region, tool)
            assert _lit(root) == {REGION_SHAPES[region]}


def test_each_stroke_kind_draws_its_own_mark() -> None:
    both_shoulders = ("shoulder_left", "shoulder_right")
    glide = _svg("effleurage", BACK, "palms")
    assert len(_marks(glide, "glide")) == 2  # one arrow up each side of the spine
    assert all(m.find(f"{SVG}path[@class='dg-head']") is not None for m in _marks(glide, "glide"))
    friction = _svg("friction", ("upper_back_left",), "thumbs")
    assert [c.tag for c in _marks(friction, "friction")[0].iter(f"{SVG}circle")]
    tapping = _svg("tapotement", both_shoulders, "cupped_hands")
    assert len(list(tapping.iter(f"{SVG}circle"))) == 12  # six dots on each shoulder
    held = _svg("trigger_point", ("mid_back_right",), "knuckles")
    assert len(_marks(held, "hold")) == 1
    for root, only in ((glide, "glide"), (friction, "friction"), (tapping, "tap"), (held, "hold")):
        kinds = {c.removeprefix("dg-mark--") for c in _classes(root) if c.startswith("dg-mark--")}
        assert kinds == {only}


def test_a_glide_up_ends_higher_than_it_starts_and_down_the_other_way() -> None:
    line = _marks(_svg("effleurage", ("lower_back_left", "mid_back_left"), "palms"), "glide")[0]
    d = line.find(f"{SVG}path[@class='dg-line dg-anim']")
    assert d is not None
    ys = [float(y) for y in re.findall(r"[\d.]+ ([\d.]+)", d.get("d", ""))]
    assert ys[-1] < ys[0]  # SVG's y grows downwards


def test_the_words_say_what_the_picture_shows() -> None:
    kb = load()
    assert (
        describe(kb, "effleurage", BACK, "palms")
        == "Long gliding strokes from the lower back up to the shoulders, with the flat palms"
    )
    assert describe(kb, "trigger_point", ("shoulder_left",), "massage_ball") == (
        "A steady press held on one knot in the left shoulder, with the massage ball"
    )
    assert "upper back (both sides)" in describe(
        kb, "tapotement", ("upper_back_left", "upper_back_right"), "fingertips"
    )


def test_every_hand_part_and_tool_a_step_can_use_has_its_own_icon() -> None:
    kb = load()
    used = {t.id for t in kb.tools.values() if t.kind != "lubricant"}
    assert used <= set(ICONS)


def test_every_step_of_the_review_plans_draws_the_same_valid_picture_twice() -> None:
    kb = load()
    steps = [
        step
        for path in sorted(REVIEW.glob("*.json"))
        for plan in [make_plan(load_intake(path.read_bytes()))]
        for step in (*plan.before, *plan.steps)
    ]
    assert len(steps) > 50
    for step in steps:
        first = stroke_diagram(kb, step.technique, step.regions, step.tool)
        assert first == stroke_diagram(kb, step.technique, step.regions, step.tool)
        root = ET.fromstring(first)
        assert _lit(root) == {REGION_SHAPES[r] for r in step.regions}
        assert "&" not in root.get("aria-label", "")


def test_the_intake_map_and_the_diagrams_share_one_outline() -> None:
    from backrub.web import backmap

    assert backmap.REGION_SHAPES is REGION_SHAPES
    assert set(REGION_SHAPES) == set(REGIONS)


def test_the_template_helper_takes_ids_or_the_names_the_player_steps_carry() -> None:
    from backrub.web.backmap import step_diagram

    kb = load()
    by_id = step_diagram("petrissage", ("shoulder_right",), "palms")
    by_name = step_diagram(
        kb.techniques["petrissage"].name, ("shoulder_right",), kb.tools["palms"].name
    )
    assert by_id == by_name == stroke_diagram(kb, "petrissage", ("shoulder_right",), "palms")
