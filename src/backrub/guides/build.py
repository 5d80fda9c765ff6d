"""Build every guide from the knowledge base: techniques, regions, tools.

Only what the knowledge base holds, each guide with its sources; the words for
pressure are the planner's own (`planning.phrases`), the pictures `diagrams`'.
Built once per knowledge base (the data never changes while a process runs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from backrub.contract.ids import PRESSURE_RANK, PRESSURES
from backrub.diagrams import stroke_diagram
from backrub.guides.maps import marked_map
from backrub.guides.model import (
    Cited,
    Kind,
    Link,
    MuscleNote,
    RegionGuide,
    Summary,
    TechniqueGuide,
    ToolGuide,
)
from backrub.guides.related import profiles, related, tool_regions
from backrub.knowledge import KnowledgeBase
from backrub.knowledge.citations import citation
from backrub.planning.phrases import Grip, pressure_words
from backrub.planning.restrictions import DEEP_TOOLS, HEAT_TOOLS


class Named(Protocol):
    @property
    def name(self) -> str: ...


Guide = TechniqueGuide | RegionGuide | ToolGuide
GUIDE_KINDS: dict[str, Kind] = {"techniques": "technique", "regions": "region", "tools": "tool"}
TOOL_KINDS = {
    "hand": "a part of the hand",
    "lubricant": "something to help the hands glide",
    "heat": "warmth before the massage",
    "self_tool": "a tool for working on your own back",
    "device": "an electric massager",
}


def span(low: int, high: int) -> str:
    """'30 seconds to 3 minutes', '10 to 20 minutes'."""

    def say(seconds: int, unit: bool = True) -> str:
        if seconds % 60 == 0 and seconds >= 60:
            n = seconds // 60
            return f"{n} minute{'s' if n != 1 else ''}" if unit else str(n)
        return f"{seconds} seconds" if unit else str(seconds)

    if low == high:
        return say(low)
    both_minutes = low % 60 == 0 and high % 60 == 0 and low >= 60
    both_seconds = high < 60 or (low < 60 and high % 60 != 0)
    if both_minutes or both_seconds:
        return f"{say(low, unit=False)} to {say(high)}"
    return f"{say(low)} to {say(high)}"


def _cited(kb: KnowledgeBase, ids: Iterable[str]) -> tuple[Cited, ...]:
    seen = dict.fromkeys(ids)
    return tuple(Cited(s, citation(kb.sources[s]), kb.sources[s].url) for s in seen)


def _link(kb: KnowledgeBase, kind: Kind, id_: str) -> Link:
    names: Mapping[str, Mapping[str, Named]] = {
        "technique": kb.techniques,
        "region": kb.regions,
        "tool": kb.tools,
    }
    return Link(kind, id_, names[kind][id_].name)


def _technique(kb: KnowledgeBase, tid: str, rel: tuple[Link, ...]) -> TechniqueGuide:
    t = kb.techniques[tid]
    doers = [tool.id for tool in kb.tools.values() if tid in tool.techniques]
    first = t.hand_parts[0] if t.hand_parts else doers[0]  # heat: a pack, vibration: a device
    grip: Grip = {"hand": "hand", "device": "device"}.get(kb.tools[first].kind, "tool")  # type: ignore[assignment]
    levels = PRESSURES[PRESSURE_RANK[t.pressure_min] : PRESSURE_RANK[t.pressure_max] + 1]
    pressure = " ".join(pressure_words(p, grip, "partner", tid) for p in levels)
    dose = kb.doses.get(tid)
    dose_words = span(t.seconds_min, t.seconds_max) + " on one area"
    if dose is not None and dose.applies_to == "technique":
        each = "on each region" if dose.per == "region" else "in one step"
        dose_words = f"{span(dose.seconds_min, dose.seconds_max)} {each}"
    one_side = [r for r in t.allowed_regions if kb.regions[r].side == "left"] or list(
        t.allowed_regions
    )
    tools = [tool for tool in doers if kb.tools[tool].kind != "hand"]
    return TechniqueGuide(
        id=tid,
        title=t.name,
        summary=t.summary,
        how_to=t.how_to,
        hand_parts=tuple(_link(kb, "tool", h) for h in t.hand_parts if kb.tools[h].kind == "hand"),
        tools=tuple(_link(kb, "tool", h) for h in tools),
        pressure=pressure,
        rate=t.rate,
        dose=dose_words,
        dose_why=dose.why if dose is not None and dose.applies_to == "technique" else "",
        use_on=t.use_on,
        avoid=t.avoid,
        regions=tuple(_link(kb, "region", r) for r in t.allowed_regions),
        mistakes=t.mistakes,
        evidence=t.evidence,
        evidence_strength=(
            "Weak: little research, or research of low quality."
            if t.weak_evidence
            else "Moderate: backed by trials or a clinical guideline."
        ),
        diagram=stroke_diagram(kb, tid, one_side, first),
        sources=_cited(kb, [*t.sources, *(dose.sources if dose else ())]),
        related=rel,
    )


def _region(kb: KnowledgeBase, rid: str, rel: tuple[Link, ...]) -> RegionGuide:
    r = kb.regions[rid]
    muscles = tuple(
        MuscleNote(
            m,
            kb.muscles[m].name,
            kb.muscles[m].where,
            kb.muscles[m].referral,
            kb.muscles[m].weak_evidence,
            _cited(kb, kb.muscles[m].sources),
        )
        for m in r.muscles
    )
    techniques = [t.id for t in kb.techniques.values() if rid in t.allowed_regions]
    tools = [t for t, e in kb.tools.items() if e.kind != "hand" and rid in tool_regions(kb, t)]
    sources = [s for m in r.muscles for s in kb.muscles[m].sources]
    if not sources:  # the spine: every technique that keeps off it says so
        sources = [s for t in kb.techniques.values() if "spine" in t.avoid for s in t.sources]
    return RegionGuide(
        id=rid,
        title=r.name,
        where=r.where,
        muscles=muscles,
        techniques=tuple(_link(kb, "technique", t) for t in techniques),
        tools=tuple(_link(kb, "tool", t) for t in tools),
        self_reach=(
            "Yes: you can work it yourself with your hands."
            if r.self_reach
            else "Not well with your own hands: use a tool or ask someone."
        ),
        pressed=(
            "Yes, within each technique's pressure."
            if r.target
            else "Never: work the muscles on either side instead."
        ),
        diagram=marked_map(f"The back seen from behind, with the {r.name} marked", on=(rid,)),
        sources=_cited(kb, sources),
        related=rel,
    )


def _not_for(kb: KnowledgeBase, tool: str) -> tuple[str, ...]:
    """Who should not use it, from the safety rules the planner applies."""
    out = [f"{c.name}: {c.message}" for c in kb.conditions.values() if tool in c.forbid_tools]
    if tool in HEAT_TOOLS:
        out += [f"{c.name}: {c.message}" for c in kb.conditions.values() if c.no_heat]
    if kb.tools[tool].kind == "device":
        out += [
            f"{c.name}: the lowest setting only."
            for c in kb.conditions.values()
            if c.device_low_speed
        ]
    if tool in DEEP_TOOLS | HEAT_TOOLS:
        out.append(
            "Anyone whose clinician has cleared them after a check: plans then keep to "
            "light work, without this."
        )
    return tuple(dict.fromkeys(out))


def _tool(kb: KnowledgeBase, tid: str, rel: tuple[Link, ...]) -> ToolGuide:
    t = kb.tools[tid]
    reach = tool_regions(kb, tid)
    no_go = [r for r in kb.regions if r not in reach]
    sources = [
        *t.sources,
        *(s for c in kb.conditions.values() if tid in c.forbid_tools for s in c.sources),
    ]
    sources += [s for x in t.techniques for s in kb.techniques[x].sources]
    dose = kb.doses.get(tid)
    per_area = span(t.seconds_min, t.seconds_max) + " on one area" if t.seconds_max else ""
    if dose is not None and dose.applies_to == "tool":
        per_area = f"{span(dose.seconds_min, dose.seconds_max)} on one area. {dose.why}"
        sources += dose.sources
    return ToolGuide(
        id=tid,
        title=t.name,
        kind_name=TOOL_KINDS[t.kind],
        stands_in_for=tuple(_link(kb, "technique", x) for x in t.techniques),
        how_to=t.how_to,
        per_area=per_area or "As long as the technique's own time on one area.",
        position=kb.positions[t.position].how if t.position else "",
        no_go=t.no_go or "Nowhere special beyond each technique's own limits.",
        no_go_map=marked_map(
            f"Where the {t.name} may work, with the places it must never go marked",
            on=reach,
            no_go=no_go,
        ),
        regions=tuple(_link(kb, "region", r) for r in kb.regions if r in reach),
        not_for=_not_for(kb, tid),
        sources=_cited(kb, sources),
        related=rel,
    )


_BUILT: dict[int, tuple[KnowledgeBase, tuple[Guide, ...]]] = {}


def _built(kb: KnowledgeBase) -> tuple[Guide, ...]:
    """Built once per knowledge base (kept with it, as its mappings cannot be hashed)."""
    kept = _BUILT.get(id(kb))
    if kept is not None and kept[0] is kb:
        return kept[1]
    rel = related(kb, profiles(kb))
    guides: list[Guide] = [_technique(kb, t, rel["technique", t]) for t in kb.techniques]
    guides += [_region(kb, r, rel["region", r]) for r in kb.regions]
    guides += [_tool(kb, t, rel["tool", t]) for t in kb.tools]
    _BUILT[id(kb)] = (kb, tuple(guides))
    return tuple(guides)


def all_guides(kb: KnowledgeBase) -> tuple[Guide, ...]:
    """Every guide: techniques, then regions, then tools, in the knowledge base's order."""
    return _built(kb)


def find_guide(kb: KnowledgeBase, kind: str, id_: str) -> Guide | None:
    """The guide of `kind` (singular) and `id_`, or None."""
    for guide in _built(kb):
        if guide_kind(guide) == kind and guide.id == id_:
            return guide
    return None


def guide_at(kb: KnowledgeBase, kinds: str, id_: str) -> Guide | None:
    """The guide at `/guides/{kinds}/{id_}` (the kind's plural, as in addresses), or None."""
    kind = GUIDE_KINDS.get(kinds)
    return find_guide(kb, kind, id_) if kind is not None else None


def guide_kind(guide: Guide) -> Kind:
    return (
        "technique"
        if isinstance(guide, TechniqueGuide)
        else "region"
        if isinstance(guide, RegionGuide)
        else "tool"
    )


def summaries(kb: KnowledgeBase) -> tuple[Summary, ...]:
    return tuple(Summary(guide_kind(g), g.id, g.title, g.related) for g in _built(kb))
