"""Revision-2 plans for the adapters' tests: a heat step in `before`, one side per step.

Built by hand (not by the planner) so that the session, the terminal and the web
player can be tested on every shape the contract allows, whatever today's planner
makes. Tests derive what they expect from the plan, never from these literals.
"""

from __future__ import annotations

from collections.abc import Sequence

from backrub.contract.plan import Plan, Step

AREA = "lower_back"


def _regions(side: str, area: str) -> tuple[str, ...]:
    return (f"{area}_left", f"{area}_right") if side == "both" else (f"{area}_{side}",)


def make_step(
    n: int,
    side: str,
    *,
    technique: str = "petrissage",
    seconds: int = 90,
    position: str = "face_down",
    tool: str = "palms",
    medium: str = "oil",
    area: str = AREA,
) -> Step:
    return Step(
        n=n,
        technique=technique,
        regions=_regions(side, area),  # type: ignore[arg-type]
        pressure="light",
        seconds=seconds,
        tool=tool,
        position=position,
        side=side,  # type: ignore[arg-type]
        medium=medium,  # type: ignore[arg-type]
        instructions=f"Instructions for step {n}.",
        cue=f"The cue of step {n}.",
        why="Because it helps.",
        sources=("healthline-back-massage",),
    )


def heat_step(seconds: int = 900, position: str = "face_down", area: str = AREA) -> Step:
    return Step(
        n=0,
        technique="heat",
        regions=_regions("both", area),  # type: ignore[arg-type]
        pressure="light",
        seconds=seconds,
        tool="heat_pack",
        position=position,
        side="both",
        medium="dry",
        instructions="Warm the pack and rest it on the sore area over a thin towel.",
        cue="Rest the warm pack on the sore area.",
        why="Warmth eases pain for a while.",
        sources=("french-2006-heat",),
    )


def r2_plan(
    sides: Sequence[str] = ("both", "left", "left", "right", "right", "both"),
    *,
    heat: int | None = 900,
    position: str = "face_down",
    tool: str = "palms",
    media: Sequence[str] | None = None,
    seconds: int = 90,
) -> Plan:
    """A `go` plan: light strokes on both sides first and last, `sides` in between."""
    media = media or ["oil"] * len(sides)
    steps = tuple(
        make_step(
            n,
            side,
            technique="effleurage" if n in (1, len(sides)) else "petrissage",
            position=position,
            tool="palms" if n in (1, len(sides)) else tool,
            medium=medium,
            seconds=seconds,
        )
        for n, (side, medium) in enumerate(zip(sides, media, strict=True), 1)
    )
    before = () if heat is None else (heat_step(heat, position),)
    return Plan.build("go", (), (), steps, "Rest afterwards.", before=before)


def stopped_plan(verdict: str, urgency: str | None) -> Plan:
    return Plan.build(verdict, (), (), (), "Get checked.", urgency=urgency)  # type: ignore[arg-type]


# The three people of issue 11's "tried as a new user would", as intake dicts.
NEW_USER_INTAKES: dict[str, dict[str, object]] = {
    "self_ball_only": {
        "giver": "self",
        "pressure": "moderate",
        "pain": [
            {"region": "upper_back_left", "intensity": 5, "weeks": 8},
            {"region": "lower_back_right", "intensity": 4, "weeks": 8},
        ],
        "goals": ["relief"],
        "tools": ["massage_ball"],
    },
    "partner_pregnancy": {
        "giver": "partner",
        "pain": [
            {"region": "lower_back_left", "intensity": 5, "weeks": 6},
            {"region": "lower_back_right", "intensity": 4, "weeks": 6},
        ],
        "goals": ["relief", "sleep"],
        "tools": ["oil", "heat_pack"],
        "conditions": ["pregnancy"],
    },
    "massage_gun_lower_back": {
        "giver": "device",
        "minutes": 10,
        "pain": [
            {"region": "lower_back_left", "intensity": 6, "weeks": 10},
            {"region": "lower_back_right", "intensity": 5, "weeks": 10},
        ],
        "goals": ["relief"],
        "tools": ["percussion_massager"],
    },
}
