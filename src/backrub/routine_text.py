"""The words of a step: instructions, a spoken cue, why, and sources.

Built from the knowledge base's own text (our words, reviewed as data), so the
planner decides *what* and this module only says it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backrub.balance import Draft
from backrub.intake import Intake
from backrub.knowledge import KnowledgeBase
from backrub.plan import switches_sides
from backrub.screening import Restrictions

PRESSURE_WORDS = {
    "light": "light pressure: the weight of a relaxed hand",
    "moderate": "moderate pressure: firm enough to feel the muscle, never painful",
    "firm": "firm pressure: strong but comfortable, no more than 7 out of 10 on tender spots",
}
WEAK_EVIDENCE = "The evidence for this is thin: treat it as something to try, not a cure."


@dataclass(frozen=True)
class StepText:
    instructions: str
    cue: str
    why: str
    sources: tuple[str, ...]


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


AREA_WORDS = {
    "shoulder": ("shoulder", "both shoulders"),
    "upper_back": ("upper back", "both sides of the upper back"),
    "mid_back": ("mid back", "both sides of the mid back"),
    "lower_back": ("lower back", "both sides of the lower back"),
}


def where_words(kb: KnowledgeBase, regions: tuple[str, ...]) -> str:
    """'the left shoulder', 'both sides of the lower back and the right shoulder'."""
    phrases: list[str] = []
    done: set[str] = set()
    for region_id in regions:
        if region_id in done:
            continue
        region = kb.regions[region_id]
        single, pair = AREA_WORDS.get(region.area, (region.name, region.name))
        if region.mirror in regions:
            phrases.append(pair)
            done.add(region.mirror)
        else:
            phrases.append(f"the {region.side} {single}")
        done.add(region_id)
    return _join(phrases)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def describe_step(
    kb: KnowledgeBase,
    intake: Intake,
    draft: Draft,
    intensity: Mapping[str, int],
    previous: Draft | None,
    rules: Restrictions,
    evidence_noted: set[str],
) -> StepText:
    """The words for one step; `evidence_noted` collects techniques whose thin evidence
    has been mentioned already, so the caveat appears once per plan, not on every step."""
    technique = kb.techniques[draft.technique]
    tool = kb.tools[draft.tool]
    where = where_words(kb, draft.regions)
    muscles = sorted(
        {kb.muscles[m].name for region in draft.regions for m in kb.regions[region].muscles}
    )
    passive = draft.technique == "heat"
    halfway = switches_sides(draft.technique, draft.regions)
    switched = (
        previous is not None
        and previous.technique == draft.technique
        and len(previous.regions) == len(draft.regions) == 1
        and kb.regions[previous.regions[0]].mirror == draft.regions[0]
    )

    parts = []
    if previous is None or previous.position != draft.position:
        position = kb.positions[draft.position]
        parts.append(f"Position: {position.name}. {_sentence(position.how)}")
    parts.append(f"Work {where}" + (f" ({_join(muscles)})" if muscles else "") + ".")
    parts.append(_sentence(technique.summary))
    if tool.kind == "hand":
        parts.append(f"Use your {tool.name.lower()}, with {PRESSURE_WORDS[draft.pressure]}.")
    else:
        parts.append(f"With the {tool.name.lower()}: {_sentence(tool.how_to)}")
        if not passive:
            parts.append(f"Keep to {PRESSURE_WORDS[draft.pressure]}.")
    if not passive:
        parts.append(f"Tempo: {_sentence(technique.rate)}")
    if tool.no_go:
        parts.append(f"Never: {_sentence(tool.no_go)}")
    if tool.kind == "device" and rules.device_low_speed:
        parts.append("Use the lowest speed setting, never full speed.")
    if halfway:
        parts.append("Do one side, then switch sides halfway through.")
    parts.append(f"Avoid: {_sentence(technique.avoid)}")

    cue = technique.cue.format(where=where)
    if switched:
        cue = "Switch sides. " + cue
    elif halfway:
        cue += " Switch sides halfway."

    why = [technique.why]
    sore = [r for r in draft.regions if intensity.get(r, 0) > 0]
    if draft.role == "work" and sore:
        region = sore[0]
        why.append(
            f"You rated {where_words(kb, (region,))} {intensity[region]}/10, so it gets "
            "time in proportion to how much it hurts."
        )
    if draft.role == "work" and not sore and intake.causes and draft.rank == 0:
        cause = kb.causes[intake.causes[0]]
        if draft.regions[0] in cause.focus_regions:
            why.append(cause.explanation)
    if technique.weak_evidence and technique.id not in evidence_noted:
        evidence_noted.add(technique.id)
        why.append(WEAK_EVIDENCE)

    tool_sources = tool.sources if tool.kind != "hand" else ()
    sources = tuple(dict.fromkeys(technique.sources + tool_sources))
    return StepText(" ".join(parts), cue, " ".join(why), sources)
