"""The words of a step: instructions, a spoken cue, why, and sources.

The planner decides *what*; this module says it, for who does the work and with
what (invariant 16): a partner's hands (where to stand, lean with body weight, spare
the thumbs), the person's own hands (never "tell me"), a ball, a roller, a cane or a
massager (never fingertips, thumbs, knuckles, cupped hands or a squeeze). Every step
names its landmarks and its pressure in words a giver can feel for, and each new
technique asks "more or less?". The tables are in `phrases` and `tool_phrases`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from backrub.contract.intake import Intake
from backrub.contract.plan import switches_sides
from backrub.knowledge import KnowledgeBase
from backrub.planning import phrases as ph
from backrub.planning import tool_phrases as tp
from backrub.planning.balance import Draft
from backrub.planning.orientation import orientation
from backrub.planning.saying import Saying, body_key, lubricant, memo_for, minutes
from backrub.planning.screening import Restrictions

WEAK_EVIDENCE = "The evidence for this is thin: treat it as something to try, not a cure."
PARTNER_CUE_ENDINGS = {
    "friction": "Ask them to say if it is too much.",
    "trigger_point": "Ask them to tell you when it softens.",
}
AREA_WORDS = {
    "shoulder": ("shoulder", "both shoulders"),
    "upper_back": ("upper back", "both sides of the upper back"),
    "mid_back": ("mid back", "both sides of the mid back"),
    "lower_back": ("lower back", "both sides of the lower back"),
}


class StepText(NamedTuple):
    instructions: str
    cue: str
    why: str
    sources: tuple[str, ...]


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


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
    said: set[str],
) -> StepText:
    """The words for one step. Call it for each step in session order (the heat step in
    `before` first) with the same `said` set: it remembers what the plan has said
    already (a technique's thin evidence, its "more or less?", which side the person
    lies on or the giver stands at), so each is said once, where it first applies."""
    saying = book.saying(intake, draft, rules, said)
    sore_region, cause = "", ""
    if draft.role == "work":
        for region in draft.regions:
            if intensity.get(region, 0) > 0:
                sore_region = region
                break
        if not sore_region and intake.causes and draft.rank == 0:
            cause = intake.causes[0]
    evidence = f"evidence:{draft.technique}"
    note_evidence = draft.technique in book.weak_evidence and evidence not in said
    if note_evidence:
        said.add(evidence)
    instructions, cue = book.texts(saying)
    if draft.technique == "effleurage":
        instructions += book.around_issues(intake, draft.regions)
    return StepText(
        instructions,
        cue,
        book.why(
            draft.technique,
            draft.tool,
            draft.regions[0],
            sore_region,
            intensity[sore_region] if sore_region else 0,
            cause,
            note_evidence,
        ),
        book.sources(draft.technique, draft.tool),
    )


class Phrasebook:
    """A knowledge base's step words: its own reviewed text and the phrase tables, put
    into sentences."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.memo = memo = memo_for(kb)
        self.weak_evidence = memo.weak_evidence

    def around_issues(self, intake: Intake, regions: Sequence[str]) -> str:
        """Long strokes pass from the pelvis to the neck: say where to lift the hands, so
        they never glide over a region left alone (a rash that may be shingles, a bruise)."""
        left_alone = [issue for issue in intake.local_issues if issue.region not in regions]
        if not left_alone:
            return ""
        where = self.where(tuple(dict.fromkeys(issue.region for issue in left_alone)))
        return f" Lift off before {where} and start again past it: the strokes never pass over it."

    # --- places -----------------------------------------------------------------

    def where(self, regions: tuple[str, ...]) -> str:
        known = self.memo.where.get(regions)
        if known is None:
            known = self._where_words(regions)
            self.memo.keep(self.memo.where, regions, known)
        return known

    def _where_words(self, regions: tuple[str, ...]) -> str:
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

    def landmarks(self, regions: tuple[str, ...], grip: ph.Grip) -> str:
        """'the left lower back: two thumb-widths from the spine, between the lowest rib
        and the top of the pelvis (erector spinae, quadratus lumborum)'."""
        known = self.memo.landmarks.get((regions, grip))
        if known is None:
            known = self._landmark_words(regions, grip)
            self.memo.keep(self.memo.landmarks, (regions, grip), known)
        return known

    def _landmark_words(self, regions: tuple[str, ...], grip: ph.Grip) -> str:
        gap = ph.GAP["hand" if grip == "hand" else "tool"]
        by_area: dict[str, list[str]] = {}
        for region in regions:
            by_area.setdefault(self.kb.regions[region].area, []).append(region)
        places = [
            f"{self.where(tuple(found))}: {ph.LANDMARKS[area].format(gap=gap)}"
            for area, found in by_area.items()
            if area in ph.LANDMARKS
        ]
        muscles = sorted(
            {
                self.kb.muscles[m].name.split(" (")[0]
                for region in regions
                for m in self.kb.regions[region].muscles
            }
        )
        return "; ".join(places) + (f" ({', '.join(muscles)})" if muscles else "")

    def stroke_path(self, regions: tuple[str, ...], side_lying: bool = False) -> str:
        """Where long strokes start and turn; lying on one side, only the side that is up
        is in reach."""
        areas = [self.kb.regions[r].area for r in regions]
        order = ["lower_back", "mid_back", "upper_back", "shoulder"]
        present = [area for area in order if area in areas]
        if present == ["shoulder"]:
            return (
                "Glide from the base of the neck out over the top of the shoulder to its "
                "tip, then lightly back."
            )
        start, end = ph.STROKE_FROM[present[0]], ph.STROKE_TO[present[-1]]
        if side_lying:
            return (
                f"Place both hands flat on the side that is up, at {start}; glide slowly up "
                f"beside the spine to {end}, then slide lightly back down along their side, "
                "hands soft and in contact all the way."
            )
        return (
            f"Place both hands flat, one either side of the spine, at {start}; glide slowly "
            f"up to {end}, then slide lightly back down the sides, hands soft and in "
            "contact all the way."
        )

    # --- who, with what, and where they stand -------------------------------------

    def saying(
        self,
        intake: Intake,
        draft: Draft,
        rules: Restrictions,
        said: set[str],
    ) -> Saying:
        tool = self.kb.tools[draft.tool]
        grip: ph.Grip = (
            "hand" if tool.kind == "hand" else "device" if tool.kind == "device" else "tool"
        )
        voice: ph.Voice = "partner" if intake.giver == "partner" else "self"
        if intake.giver == "device" and grip == "hand":
            if not all(self.kb.regions[r].self_reach for r in draft.regions):
                voice = "helper"
        side = draft.side  # side and medium are set when the session is put in order
        partner = intake.giver == "partner"  # a device plan's helper does not walk round
        setup, turn = orientation(self.kb, partner, draft, side, said)
        check_in = ""
        asked = f"asked:{draft.technique}/{draft.tool}"
        if draft.technique != "heat" and asked not in said:
            said.add(asked)
            key = "device" if intake.giver == "device" and voice == "self" else voice
            check_in = ph.CHECK_IN[key]
        on_skin = draft.medium
        oil_on = ""
        if on_skin != "dry" and "oil_on" not in said:
            said.add("oil_on")
            if draft.technique != "effleurage":  # a stroke step says it itself
                oil_on = f"Now warm a little {on_skin} between your palms and spread it thinly."
        return Saying(
            technique=draft.technique,
            regions=draft.regions,
            tool=draft.tool,
            position=draft.position,
            pressure=draft.pressure,
            seconds=draft.seconds,
            voice=voice,
            grip=grip,
            medium=on_skin,
            oil_on=oil_on,
            setup=setup,
            turn=turn,
            check_in=check_in,
            low_speed=rules.device_low_speed,
            one_side_then_other=side == "both" and switches_sides(draft.technique, draft.regions),
        )

    # --- the three texts ------------------------------------------------------------

    def texts(self, s: Saying) -> tuple[str, str]:
        """(instructions, cue): the memo's body and cue for the step, with what depends on
        the steps before it (set-up, turns, oil, the check-in) put around them."""
        key = body_key(s)
        known = self.memo.bodies.get(key)
        if known is None:
            known = (*self._body(s), self._cue(s))
            self.memo.keep(self.memo.bodies, key, known)
        head, tail, main = known
        parts = (s.setup, s.turn, s.oil_on, head, s.check_in, tail)
        instructions = " ".join(filter(None, parts))  # the parts that say something
        ending = "" if s.voice == "self" else PARTNER_CUE_ENDINGS.get(s.technique, "")
        if s.grip != "hand" or s.check_in:  # asking "more or less?" already asks
            ending = ""
        cue = " ".join(filter(None, (s.turn, main, ending, s.check_in)))
        return instructions, cue

    def _body(self, s: Saying) -> tuple[str, str]:
        """What a step says whatever came before it: where, how, how hard, what to avoid
        (the set-up, turns and the check-in go around it)."""
        parts = []
        if s.technique == "heat":
            parts.append(self._heat(s))
        else:
            where = (
                self.where(s.regions)
                if s.technique == "effleurage"  # the stroke's path names the landmarks
                else self.landmarks(s.regions, s.grip)
            )
            parts.append(f"Work {where}.")
            parts.append(self._move(s))
            parts.append(ph.pressure_words(s.pressure, s.grip, s.voice, s.technique))
        technique = self.kb.techniques[s.technique]
        tool = self.kb.tools[s.tool]
        if s.grip == "hand":
            parts.append(f"Tempo: {_sentence(technique.rate)}")
            if s.voice != "self":
                parts.append(ph.SPARE_HANDS.get(s.tool, ""))
        if s.grip == "device":
            parts.append(tp.LOW_SPEED if s.low_speed else "")
            parts.append(tp.KEEP_MOVING if s.tool != "shiatsu_massager" else "")
            if not all(self.kb.regions[r].self_reach for r in s.regions):
                parts.append(tp.OUT_OF_REACH)
        if s.one_side_then_other:
            parts.append("Do one side, then the other, halfway through.")
        tail = ""
        if s.grip == "hand":
            tail = f"Avoid: {_sentence(technique.avoid)}"
        elif tool.no_go:
            tail = f"Never on {_sentence(tool.no_go)}"
        return " ".join(part for part in parts if part), tail

    def _cue(self, s: Saying) -> str:
        where = self.where(s.regions)
        if s.technique == "heat":
            main = tp.HEAT_CUE.format(where=where, minutes=minutes(s.seconds))
        elif s.grip != "hand" and (cue := tp.tool_cue(s.tool, s.technique)):
            main = cue.format(where=where)
        else:
            main = self.kb.techniques[s.technique].cue.format(where=where)
        return main + " Switch sides halfway." if s.one_side_then_other else main

    def why(
        self,
        technique_id: str,
        tool_id: str,
        first_region: str,
        sore_region: str,
        sore_intensity: int,
        cause_id: str,
        note_evidence: bool,
    ) -> str:
        """`sore_region` is a work step's first painful region, if any; `cause_id` the
        intake's first cause, given only for a main work step on painless regions."""
        why = [self.kb.tools[tool_id].why or self.kb.techniques[technique_id].why]
        if sore_region:
            why.append(
                f"The pain in {self.where((sore_region,))} was rated {sore_intensity}/10, so "
                "it gets time in proportion to how much it hurts."
            )
        if cause_id:
            cause = self.kb.causes[cause_id]
            if first_region in cause.focus_regions:
                why.append(cause.explanation)
        if note_evidence:
            why.append(WEAK_EVIDENCE)
        return " ".join(why)

    def sources(self, technique_id: str, tool_id: str) -> tuple[str, ...]:
        known = self.memo.sources.get((technique_id, tool_id))
        if known is None:
            tool = self.kb.tools[tool_id]
            tool_sources = tool.sources if tool.kind != "hand" else ()
            technique_sources = self.kb.techniques[technique_id].sources
            known = tuple(dict.fromkeys(technique_sources + tool_sources))
            self.memo.sources[technique_id, tool_id] = known  # a few dozen pairs at most
        return known

    # --- the moves --------------------------------------------------------------------

    def _heat(self, s: Saying) -> str:
        text = tp.HEAT["partner" if s.voice == "partner" else "self"]
        return text.format(where=self.where(s.regions), minutes=minutes(s.seconds))

    def _move(self, s: Saying) -> str:
        if s.grip != "hand":
            move = tp.TOOL_MOVES.get((s.tool, s.technique)) or tp.tool_move(s.tool)
            if move:
                return move
            tool = self.kb.tools[s.tool]
            return f"With the {tool.name}: {_sentence(tool.how_to)}"
        lead = lubricant(s) if s.technique == "effleurage" else ""
        if s.voice == "self":
            return " ".join(p for p in [lead, self._self_move(s)] if p)
        if s.technique == "effleurage":
            move = self.stroke_path(s.regions, s.position == "side_lying")
        else:
            move = ph.PARTNER_MOVES.get((s.technique, s.tool)) or self._generic_move(s)
        helper = tp.HELPER_HANDS if s.voice == "helper" else ""
        return " ".join(p for p in [helper, lead, move] if p)

    def _self_move(self, s: Saying) -> str:
        by_area: dict[str, list[str]] = {}
        for region in s.regions:
            by_area.setdefault(self.kb.regions[region].area, []).append(region)
        moves = []
        for area, found in by_area.items():
            one_side = len(found) == 1 and self.kb.regions[found[0]].mirror not in s.regions
            move = (one_side and ph.SELF_MOVES.get((s.technique, s.tool, f"{area}_one_side"))) or (
                ph.SELF_MOVES.get((s.technique, s.tool, area))
            )
            if move and len(by_area) == 1:  # the step's first sentence named the place
                moves.append(move)
            elif move:
                label = self.where(tuple(found))
                moves.append(f"{label[0].upper()}{label[1:]}: {move[0].lower()}{move[1:]}")
        return " ".join(moves) or self._generic_move(s)

    def _generic_move(self, s: Saying) -> str:
        technique = self.kb.techniques[s.technique]
        tool = self.kb.tools[s.tool]
        return f"{_sentence(technique.summary)} Use your {tool.name}: {_sentence(tool.how_to)}"
