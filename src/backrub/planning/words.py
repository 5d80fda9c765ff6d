"""The words of a step: instructions, a spoken cue, why, and sources.

Built from the knowledge base's own text (our words, reviewed as data), so the
planner decides *what* and this module only says it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backrub.contract.intake import Intake
from backrub.contract.plan import switches_sides
from backrub.knowledge import KnowledgeBase
from backrub.planning.balance import Draft
from backrub.planning.screening import Restrictions

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


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def where_words(kb: KnowledgeBase, regions: tuple[str, ...]) -> str:
    """'the left shoulder', 'both sides of the lower back and the right shoulder'."""
    return Phrasebook(kb).where(regions)


def describe_step(
    book: Phrasebook,
    intake: Intake,
    draft: Draft,
    intensity: Mapping[str, int],
    previous: Draft | None,
    rules: Restrictions,
    evidence_noted: set[str],
) -> StepText:
    """The words for one step; `evidence_noted` collects techniques whose thin evidence
    has been mentioned already, so the caveat appears once per plan, not on every step.

    `book` is the knowledge base's phrasebook: this works out which words the step
    needs, and the phrasebook puts them together."""
    technique, regions = draft.technique, draft.regions
    moved = previous is None or previous.position != draft.position
    switched = (
        previous is not None
        and previous.technique == technique
        and len(previous.regions) == len(regions) == 1
        and book.kb.regions[previous.regions[0]].mirror == regions[0]
    )
    sore_region, cause = "", ""
    if draft.role == "work":
        for region in regions:
            if intensity.get(region, 0) > 0:
                sore_region = region
                break
        if not sore_region and intake.causes and draft.rank == 0:
            cause = intake.causes[0]
    note_evidence = technique in book.weak_evidence and technique not in evidence_noted
    if note_evidence:
        evidence_noted.add(technique)
    return StepText(
        book.instructions(
            technique,
            regions,
            draft.tool,
            draft.pressure,
            draft.position if moved else "",
            rules.device_low_speed,
        ),
        book.cue(technique, regions, switched),
        book.why(
            technique,
            regions[0],
            sore_region,
            intensity[sore_region] if sore_region else 0,
            cause,
            note_evidence,
        ),
        book.sources(technique, draft.tool),
    )


class Phrasebook:
    """A knowledge base's step words: its own reviewed text, put into sentences."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.weak_evidence = frozenset(t.id for t in kb.techniques.values() if t.weak_evidence)

    def where(self, regions: tuple[str, ...]) -> str:
        phrases: list[str] = []
        done: set[str] = set()
        for region_id in regions:
            if region_id in done:
                continue
            region = self.kb.regions[region_id]
            single, pair = AREA_WORDS.get(region.area, (region.name, region.name))
            if region.mirror in regions:
                phrases.append(pair)
                done.add(region.mirror)
            else:
                phrases.append(f"the {region.side} {single}")
            done.add(region_id)
        return _join(phrases)

    def instructions(
        self,
        technique_id: str,
        regions: tuple[str, ...],
        tool_id: str,
        pressure: str,
        new_position: str,
        device_low_speed: bool,
    ) -> str:
        """`new_position` is "" when the step stays where the previous one was."""
        kb = self.kb
        technique = kb.techniques[technique_id]
        tool = kb.tools[tool_id]
        muscles = sorted(
            {kb.muscles[m].name for region in regions for m in kb.regions[region].muscles}
        )
        passive = technique_id == "heat"
        parts = []
        if new_position:
            position = kb.positions[new_position]
            parts.append(f"Position: {position.name}. {_sentence(position.how)}")
        parts.append(
            f"Work {self.where(regions)}" + (f" ({_join(muscles)})" if muscles else "") + "."
        )
        parts.append(_sentence(technique.summary))
        if tool.kind == "hand":
            parts.append(f"Use your {tool.name.lower()}, with {PRESSURE_WORDS[pressure]}.")
        else:
            parts.append(f"With the {tool.name.lower()}: {_sentence(tool.how_to)}")
            if not passive:
                parts.append(f"Keep to {PRESSURE_WORDS[pressure]}.")
        if not passive:
            parts.append(f"Tempo: {_sentence(technique.rate)}")
        if tool.no_go:
            parts.append(f"Never: {_sentence(tool.no_go)}")
        if tool.kind == "device" and device_low_speed:
            parts.append("Use the lowest speed setting, never full speed.")
        if switches_sides(technique_id, regions):
            parts.append("Do one side, then switch sides halfway through.")
        parts.append(f"Avoid: {_sentence(technique.avoid)}")
        return " ".join(parts)

    def cue(self, technique_id: str, regions: tuple[str, ...], switched: bool) -> str:
        cue = self.kb.techniques[technique_id].cue.format(where=self.where(regions))
        if switched:
            return "Switch sides. " + cue
        if switches_sides(technique_id, regions):
            return cue + " Switch sides halfway."
        return cue

    def why(
        self,
        technique_id: str,
        first_region: str,
        sore_region: str,
        sore_intensity: int,
        cause_id: str,
        note_evidence: bool,
    ) -> str:
        """`sore_region` is a work step's first painful region, if any; `cause_id` the
        intake's first cause, given only for a main work step on painless regions."""
        why = [self.kb.techniques[technique_id].why]
        if sore_region:
            why.append(
                f"You rated {self.where((sore_region,))} {sore_intensity}/10, so it gets "
                "time in proportion to how much it hurts."
            )
        if cause_id:
            cause = self.kb.causes[cause_id]
            if first_region in cause.focus_regions:
                why.append(cause.explanation)
        if note_evidence:
            why.append(WEAK_EVIDENCE)
        return " ".join(why)

    def sources(self, technique_id: str, tool_id: str) -> tuple[str, ...]:
        tool = self.kb.tools[tool_id]
        tool_sources = tool.sources if tool.kind != "hand" else ()
        return tuple(dict.fromkeys(self.kb.techniques[technique_id].sources + tool_sources))
