"""What a plan says about after the session: what normal soreness is, which signs mean
stop and get checked, and one or two gentle movements to finish (NICE suggests massage
only alongside exercise) chosen from `movements.toml` for the areas that hurt and
never one the person's conditions rule out.
"""

from __future__ import annotations

from dataclasses import dataclass

from backrub.contract.intake import Intake
from backrub.knowledge import KnowledgeBase
from backrub.knowledge.model import Movement

MAX_MOVEMENTS = 2
# Where spine pain is felt, for choosing a movement: the muscles either side of it.
_SPINE_AREA = "mid_back"

_SORENESS = "Some soreness for 24-48 hours is common and fades; if it comes, go lighter next time."
_STOP_SIGNS = (
    "bruising spreads, numbness or tingling appears, the pain keeps rising after two days, "
    "or any warning sign from the questions appears (such as numbness around the groin or "
    "buttocks, trouble passing urine, or weakness in the legs)"
)
_NO_BETTER = "If the back is no better after 4-6 weeks, or is getting worse, see a clinician."


@dataclass(frozen=True)
class Closing:
    """The gentle movements that end a plan: their words and the sources behind them."""

    movements: tuple[str, ...]  # movement ids
    text: str
    sources: tuple[str, ...]


def aftercare(intake: Intake) -> str:
    """The plan's closing advice on soreness and the signs to stop, for the giver of a
    partner plan (about "them") or the person on their own."""
    if intake.giver == "partner":
        return (
            f"Afterwards, help them up slowly and offer a glass of water. {_SORENESS} "
            f"They should stop and get checked if {_STOP_SIGNS}. {_NO_BETTER}"
        )
    return (
        f"Afterwards, get up slowly and have a glass of water. {_SORENESS} "
        f"Stop and get checked if {_STOP_SIGNS}. {_NO_BETTER}"
    )


def closing_movements(intake: Intake, kb: KnowledgeBase) -> Closing | None:
    """One or two gentle movements for the areas that hurt most (any area when nothing
    hurts), leaving out each one a condition or a cleared red flag rules out; None when
    none is safe to suggest."""
    ruled_out = set(intake.conditions) | set(intake.red_flags)
    allowed = [m for m in kb.movements.values() if not ruled_out.intersection(m.not_with)]
    chosen: list[Movement] = []
    for area in _areas_by_pain(intake, kb):
        fitting = [m for m in allowed if area in m.areas and m not in chosen]
        if fitting:
            chosen.append(fitting[0])
        if len(chosen) == MAX_MOVEMENTS:
            break
    if not chosen:
        return None
    lead = "Afterwards they can do" if intake.giver == "partner" else "To finish, do"
    count = "a gentle movement" if len(chosen) == 1 else "two gentle movements"
    parts = [f"{lead} {count}, since keeping active helps a back more than massage alone."]
    parts += [f"{m.name.capitalize()} ({m.position}): {m.how}" for m in chosen]
    parts.append("Stop any movement that brings on sharp pain or pain down a leg.")
    sources = tuple(dict.fromkeys(s for m in chosen for s in m.sources))
    return Closing(tuple(m.id for m in chosen), " ".join(parts), sources)


def _areas_by_pain(intake: Intake, kb: KnowledgeBase) -> list[str]:
    """Areas from the most painful down; with no pain, the lower back then the shoulders,
    where tension most often sits."""
    ranked = sorted(
        (entry for entry in intake.pain if entry.intensity > 0),
        key=lambda entry: -entry.intensity,
    )
    areas: list[str] = []
    for entry in ranked:
        area: str = kb.regions[entry.region].area
        area = _SPINE_AREA if area == "spine" else area
        if area not in areas:
            areas.append(area)
    return areas or ["lower_back", "shoulder"]
