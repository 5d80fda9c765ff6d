"""`backrub guide`: every guide in the terminal and as JSON, its related guides last."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from backrub.guides import all_guides
from backrub.guides.build import guide_kind
from backrub.knowledge import load
from support.cli import ok, refused

GUIDES = all_guides(load())


def _words(*args: str) -> str:
    """The panel's text without its borders, one space between words."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", ok(*args)).split())


def test_the_list_names_every_guide_with_its_related() -> None:
    listed = json.loads(ok("guide", "--json"))
    assert [(g["kind"], g["id"]) for g in listed] == [(guide_kind(g), g.id) for g in GUIDES]
    assert all(3 <= len(g["related"]) <= 5 for g in listed)
    assert set(listed[0]["related"][0]) == {"kind", "id", "title", "reason"}
    text = ok("guide")
    for kind in ("Technique", "Region", "Tool"):
        assert f"{kind} guides" in text


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: f"{guide_kind(g)}-{g.id}")
def test_every_guide_shows_with_sources_and_related_last(guide: object) -> None:
    kind, id_ = guide_kind(guide), guide.id  # type: ignore[arg-type, attr-defined]
    text = _words("guide", kind, id_)
    assert "Sources" in text
    tail = text.split("You may also like")[1]
    for link in guide.related:  # type: ignore[attr-defined]
        assert f"backrub guide {link.kind} {link.id}" in tail
    data = json.loads(ok("guide", kind, id_, "--json"))
    assert data["kind"] == kind and data["id"] == id_ and data["sources"]


def test_a_technique_guide_in_the_terminal_has_its_how_and_evidence() -> None:
    text = _words("guide", "technique", "trigger_point")
    for heading in ("How", "Pressure", "Rate", "How long", "Common mistakes", "Evidence"):
        assert heading in text
    assert "Firm pressure" in text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("guide", "muscle", "x"), "KIND: expected technique, region or tool, got 'muscle'"),
        (("guide", "tool", "nope"), "ID: unknown tool 'nope'; one of palms"),
        (("guide", "region"), "ID: missing; one of shoulder_left"),
        (("guide", "tool", "petrissage"), "ID: unknown tool 'petrissage'"),
    ],
)
def test_bad_kinds_and_ids_are_one_line(args: tuple[str, ...], words: str) -> None:
    assert words in refused(*args)


def test_the_technique_short_form_stays() -> None:
    assert "petrissage" in ok("technique", "petrissage")


PROBE = """
import sys
sys.argv = ["backrub", "guide", "--json"]
from backrub.cli.main import main
try:
    main()
except SystemExit:
    pass
heavy = [m for m in ("rich", "sqlalchemy", "fastapi", "backrub.journal", "backrub.web")
         if m in sys.modules]
sys.stderr.write(",".join(heavy))
"""


def test_guide_json_loads_no_terminal_screen_database_or_web() -> None:
    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, check=True)
    assert len(json.loads(probe.stdout)) == len(GUIDES)
    assert probe.stderr.decode() == ""
