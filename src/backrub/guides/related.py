""" "You may also like": each guide's most related others, scored from the knowledge base.

A guide's profile is what it touches (regions, techniques, tools); two guides score
by what they share, a direct link (a technique and the tool that does it) counting most.
Ties fall back to kind and id, so the list is the same on every run. Never the guide
itself; at most `MOST`, and every guide that shares anything has at least one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from backrub.guides.model import Kind, Link
from backrub.knowledge import KnowledgeBase
from backrub.planning.restrictions import BESIDE_THE_SPINE

MOST = 5
SAME_KIND = 0.7  # how much less each further guide of one kind counts
KIND_ORDER = {"technique": 0, "region": 1, "tool": 2}
AREA_WORDS = {
    "shoulder": "the shoulders",
    "upper_back": "the upper back",
    "mid_back": "the middle of the back",
    "lower_back": "the lower back",
    "spine": "the spine",
}


@dataclass(frozen=True)
class Profile:
    kind: Kind
    id: str
    title: str
    regions: frozenset[str]
    techniques: frozenset[str]
    tools: frozenset[str]


def tool_regions(kb: KnowledgeBase, tool: str) -> frozenset[str]:
    """Where a tool may work: its own list, else its techniques' regions."""
    entry = kb.tools[tool]
    if entry.regions:
        return frozenset(entry.regions)
    return frozenset(r for t in entry.techniques for r in kb.techniques[t].allowed_regions)


def profiles(kb: KnowledgeBase) -> list[Profile]:
    found = [
        Profile(
            "technique",
            t.id,
            t.name,
            frozenset(t.allowed_regions),
            frozenset({t.id}),
            frozenset(tool.id for tool in kb.tools.values() if t.id in tool.techniques),
        )
        for t in kb.techniques.values()
    ]
    for r in kb.regions.values():
        techniques = frozenset(t.id for t in kb.techniques.values() if r.id in t.allowed_regions)
        tools = frozenset(tool for tool in kb.tools if r.id in tool_regions(kb, tool))
        found.append(Profile("region", r.id, r.name, frozenset({r.id}), techniques, tools))
    for tool in kb.tools.values():
        found.append(
            Profile(
                "tool",
                tool.id,
                tool.name,
                tool_regions(kb, tool.id),
                frozenset(tool.techniques),
                frozenset({tool.id}),
            )
        )
    return found


def _areas(kb: KnowledgeBase, regions: frozenset[str]) -> list[str]:
    return sorted({kb.regions[r].area for r in regions})


def score(kb: KnowledgeBase, a: Profile, b: Profile) -> tuple[float, str]:
    """How related `b` is to `a`, and the reason in words shown on `a`'s page."""
    found: list[tuple[float, str]] = []
    names = {
        **{t: e.name for t, e in kb.techniques.items()},
        **{t: e.name for t, e in kb.tools.items()},
    }
    if a.kind == "region" and b.kind == "region":
        ra, rb = kb.regions[a.id], kb.regions[b.id]
        if ra.mirror == b.id:
            found.append((6.0, "the same muscles on the other side"))
        shared = sorted(set(ra.muscles) & set(rb.muscles))
        if shared:
            found.append((2.0 + len(shared), f"also has the {kb.muscles[shared[0]].name}"))
        beside = set(BESIDE_THE_SPINE)
        if a.id == "spine" and b.id in beside:
            found.append((3.0, "beside the spine: worked in its place"))
        if b.id == "spine" and a.id in beside:
            found.append((1.0, "the spine beside it, which is never pressed"))
    if b.kind == "technique" and b.id in a.techniques and a.kind != "technique":
        what = f"a technique for the {a.title}" if a.kind == "region" else "a technique it does"
        found.append((4.0 + len(b.regions & a.regions) / 10, what))
    if a.kind == "technique" and a.id in b.techniques and b.kind != "technique":
        if b.kind == "tool":
            found.append((4.0, f"done with the {b.title}"))
        else:
            found.append((2.0, "a place it suits"))
    if a.kind == "region" and b.kind == "tool" and b.id in a.tools:
        bought = kb.tools[b.id].kind != "hand"  # a ball or a massager says more than a hand
        found.append((3.2 if bought else 3.0, f"a tool that reaches the {a.title}"))
    if a.kind == "tool" and b.kind == "region" and a.id in b.tools:
        found.append((1.5, "a place it can work"))
    shared_techniques = sorted((a.techniques & b.techniques) - {a.id, b.id})
    if shared_techniques and a.kind == b.kind == "tool":
        n = len(shared_techniques)
        found.append((2.0 * n, f"also for {names[shared_techniques[0]]}"))
    shared_tools = sorted((a.tools & b.tools) - {a.id, b.id})
    if shared_tools and a.kind == b.kind == "technique":
        tools = [t for t in shared_tools if kb.tools[t].kind != "hand"] or shared_tools
        found.append((1.0 * len(shared_tools), f"also done with {names[tools[0]]}"))
    areas_a, areas_b = _areas(kb, a.regions), _areas(kb, b.regions)
    shared_areas = [x for x in areas_a if x in areas_b]
    if shared_areas and a.kind == b.kind:
        fit = len(shared_areas) / len(set(areas_a) | set(areas_b))
        where = "the whole back" if len(shared_areas) >= 3 else AREA_WORDS[shared_areas[-1]]
        found.append((fit, f"also for {where}"))
    if not found:
        return 0.0, ""
    total = sum(weight for weight, _ in found)
    reason = max(found, key=lambda item: item[0])[1]
    return total, reason


def related(
    kb: KnowledgeBase, everyone: list[Profile] | None = None
) -> Mapping[tuple[str, str], tuple[Link, ...]]:
    """Every guide's related guides, by (kind, id)."""
    everyone = everyone if everyone is not None else profiles(kb)
    answer: dict[tuple[str, str], tuple[Link, ...]] = {}
    for a in everyone:
        scored = []
        for b in everyone:
            if (a.kind, a.id) == (b.kind, b.id):
                continue
            points, reason = score(kb, a, b)
            if points > 0:
                scored.append(
                    (-points, KIND_ORDER[b.kind], b.id, Link(b.kind, b.id, b.title, reason))
                )
        answer[a.kind, a.id] = _varied(scored)
    return answer


def _weight(item: tuple[float, int, str, Link], kinds: Sequence[str]) -> tuple[float, int, str]:
    """`item`'s rank (its points are negative: lower is better), with its kind's discount."""
    return (item[0] * SAME_KIND ** kinds.count(item[3].kind), item[1], item[2])


def _varied(scored: list[tuple[float, int, str, Link]]) -> tuple[Link, ...]:
    """The best `MOST`, each pick of a kind already picked counting `SAME_KIND` times less,
    so a region's page names a tool as well as its techniques. Ties: kind, then id."""
    left = sorted(scored, key=lambda item: item[:3])
    picked: list[Link] = []
    while left and len(picked) < MOST:
        kinds = [link.kind for link in picked]
        best = min(left, key=partial(_weight, kinds=kinds))
        left.remove(best)
        picked.append(best[3])
    return tuple(picked)
