""" "You may also like": deterministic, never itself, 3-5 long, every one with its reason."""

from __future__ import annotations

import pytest

from backrub.guides import all_guides
from backrub.guides.build import guide_kind
from backrub.guides.related import MOST, profiles, related, score
from backrub.knowledge import load

KB = load()
GUIDES = all_guides(KB)


def test_related_lists_are_the_same_every_time() -> None:
    first = related(KB)
    again = related(KB, list(reversed(profiles(KB))))  # the order they are given in does not count
    assert first == again


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: f"{guide_kind(g)}-{g.id}")
def test_related_never_self_three_to_five_with_reasons(guide: object) -> None:
    kind, id_ = guide_kind(guide), guide.id  # type: ignore[arg-type, attr-defined]
    links = guide.related  # type: ignore[attr-defined]
    assert (kind, id_) not in {(link.kind, link.id) for link in links}
    assert len({(link.kind, link.id) for link in links}) == len(links)
    assert 3 <= len(links) <= MOST
    assert all(link.reason.strip() for link in links)


def test_never_empty_when_anything_is_shared() -> None:
    everyone = profiles(KB)
    lists = related(KB, everyone)
    for a in everyone:
        shares = any(score(KB, a, b)[0] > 0 for b in everyone if b is not a)
        assert bool(lists[a.kind, a.id]) == shares


def test_reasons_say_what_is_shared() -> None:
    lists = related(KB)
    left = {link.id: link.reason for link in lists["region", "lower_back_left"]}
    assert left["lower_back_right"] == "the same muscles on the other side"
    ball = {link.id: link.reason for link in lists["tool", "massage_ball"]}
    assert ball["foam_roller"].startswith("also for")
    spine = lists["region", "spine"]
    assert spine and all(
        link.kind == "region" and "beside the spine" in link.reason for link in spine
    )


def test_a_region_names_a_technique_and_a_tool_besides_its_mirror() -> None:
    links = related(KB)["region", "lower_back_left"]
    assert {link.kind for link in links} == {"region", "technique", "tool"}
    tools = [KB.tools[link.id] for link in links if link.kind == "tool"]
    assert all(tool.kind != "hand" for tool in tools)  # a ball or a massager before a hand
