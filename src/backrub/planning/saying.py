"""What a step's words depend on (`Saying`), and the words already put together for a
knowledge base (`Memo`), so that `words` only composes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backrub.knowledge import KnowledgeBase
from backrub.planning import phrases as ph


@dataclass(slots=True)
class Saying:
    """What a step's words depend on, worked out once: who speaks to whom, what meets
    the skin, where the giver stands, and what is said for the first time."""

    technique: str
    regions: tuple[str, ...]
    tool: str
    position: str
    pressure: str
    seconds: int
    voice: ph.Voice
    grip: ph.Grip
    medium: str  # "oil", "lotion" or "dry"
    setup: str  # how to lie or sit and where to stand, when that changes; else ""
    turn: str  # walking round or turning over, when the worked side changes; else ""
    check_in: str  # "more or less?" at a new technique or tool; else ""
    oil_on: str  # the first step on oil or lotion that is not a stroke says to spread it
    low_speed: bool
    one_side_then_other: bool  # a two-sided step that does one side, then the other


class Memo:
    """Words already put together for one knowledge base. A plan says the same places and
    the same step bodies many times (rounds of one technique, both readings of a region),
    and every plan builds a new phrasebook, so they are kept per knowledge base; the
    entry holds the knowledge base itself, so its id is never reused while it lives."""

    LIMIT = 20_000  # entries per table; past it a table starts afresh

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.weak_evidence = frozenset(t.id for t in kb.techniques.values() if t.weak_evidence)
        self.where: dict[tuple[str, ...], str] = {}
        self.landmarks: dict[tuple[tuple[str, ...], str], str] = {}
        self.bodies: dict[tuple[Any, ...], tuple[str, str, str]] = {}  # head, tail, cue
        self.sources: dict[tuple[str, str], tuple[str, ...]] = {}

    @staticmethod
    def keep(table: dict[Any, Any], key: Any, value: Any) -> None:
        if len(table) >= Memo.LIMIT:
            table.clear()
        table[key] = value


_MEMOS: dict[int, Memo] = {}


def memo_for(kb: KnowledgeBase) -> Memo:
    memo = _MEMOS.get(id(kb))
    if memo is None or memo.kb is not kb:
        memo = _MEMOS[id(kb)] = Memo(kb)
    return memo


def body_key(s: Saying) -> tuple[Any, ...]:
    """Everything a step's body and cue depend on (seconds only for heat, which says them)."""
    seconds = s.seconds if s.technique == "heat" else 0
    return (s.technique, s.tool, s.regions, s.pressure, s.voice, s.grip, s.medium, s.position) + (
        s.low_speed,
        s.one_side_then_other,
        seconds,
    )


def minutes(seconds: int) -> int:
    return max(1, round(seconds / 60))


def lubricant(s: Saying) -> str:
    if s.medium in ("oil", "lotion"):
        return f"Warm a little {s.medium} between your palms first."
    if s.voice == "self":
        return "No oil here: stroke slowly over dry skin or a thin T-shirt so you do not drag."
    return "No oil here: stroke slowly over dry skin or a thin T-shirt so the hands do not drag."
