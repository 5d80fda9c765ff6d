"""Any step the planner could make, and any stroke the knowledge base could name, draws a
valid, deterministic picture (Hypothesis)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import get_args

from hypothesis import given, settings
from hypothesis import strategies as st

from backrub.contract.ids import REGIONS, RegionId
from backrub.diagrams import stroke_diagram
from backrub.diagrams.geometry import REGION_SHAPES
from backrub.diagrams.marks import marks
from backrub.knowledge import load
from backrub.knowledge.model import Direction, Stroke
from support.examples import fewer

SVG = "{http://www.w3.org/2000/svg}"
KB = load()
region_sets = st.lists(st.sampled_from(REGIONS), min_size=1, max_size=len(REGIONS), unique=True)
# A twentieth of the profile (500 under `ci`): the space is small (techniques x region sets x
# tools), and at the full 10,000 each property took about 110 s of CI's 2 cores.
SOME = settings(max_examples=fewer(20), deadline=None)


@SOME
@given(
    technique=st.sampled_from(sorted(KB.techniques)),
    regions=region_sets,
    tool=st.sampled_from(sorted(KB.tools)),
)
def test_any_step_draws_a_valid_picture_of_its_regions(
    technique: str, regions: list[RegionId], tool: str
) -> None:
    text = stroke_diagram(KB, technique, tuple(regions), tool)
    assert text == stroke_diagram(KB, technique, tuple(regions), tool)
    root = ET.fromstring(text)
    lit = {
        el.get("d")
        for el in root.iter(f"{SVG}path")
        if "dg-region--on" in el.get("class", "").split()
    }
    assert lit == {REGION_SHAPES[r] for r in regions if r != "spine"}
    assert root.get("aria-label")
    drawn = [el for el in root.iter() if "dg-mark" in el.get("class", "").split()]
    assert bool(drawn) == any(r != "spine" for r in regions)  # the spine is never marked


@SOME
@given(
    stroke=st.sampled_from(get_args(Stroke)),
    direction=st.sampled_from(get_args(Direction)),
    regions=region_sets,
)
def test_every_stroke_and_direction_gives_well_formed_marks_inside_the_map(
    stroke: str, direction: str, regions: list[str]
) -> None:
    group = ET.fromstring(
        f'<g xmlns="http://www.w3.org/2000/svg">{"".join(marks(stroke, direction, regions))}</g>'
    )
    for el in group.iter():
        for name in ("cx", "cy", "x", "y"):
            if el.get(name) is not None:
                assert 0 <= float(el.get(name, "0")) <= 236
