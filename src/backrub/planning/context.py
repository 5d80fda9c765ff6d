"""What every part of the planner shares: the intake, the knowledge base, the
restrictions screening found, and the warnings collected on the way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from backrub.contract.ids import PRESSURE_RANK, PRESSURES, REGIONS, Pressure, RegionId
from backrub.contract.intake import Intake
from backrub.contract.plan import Reason
from backrub.knowledge import KnowledgeBase
from backrub.planning.screening import Restrictions, lower
from backrub.planning.words import Phrasebook

BODY_ORDER = {region: index for index, region in enumerate(REGIONS)}
# The pressure each technique is done at when nothing asks for less.
NATURAL_PRESSURE: dict[str, Pressure] = {
    "effleurage": "light",
    "petrissage": "moderate",
    "skin_rolling": "moderate",
    "friction": "firm",
    "trigger_point": "firm",
    "myofascial_release": "light",
    "tapotement": "moderate",
    "vibration": "light",
    "heat": "light",
}
# Which hand part does the work, by giver: partners use the bigger surfaces.
PARTNER_HANDS = {
    "effleurage": "palms",
    "petrissage": "palms",
    "skin_rolling": "fingertips",
    "friction": "thumbs",
    "trigger_point": "thumbs",
    "myofascial_release": "palms",
    "tapotement": "cupped_hands",
}
SELF_HANDS = {
    "effleurage": "palms",
    "petrissage": "fingertips",
    "skin_rolling": "fingertips",
    "friction": "fingertips",
    "trigger_point": "fingertips",
    "myofascial_release": "palms",
    "tapotement": "fingertips",
}
# (tool, technique) in the order a person on their own would reach for them.
SELF_TOOL_ORDER = (
    ("massage_ball", "myofascial_release"),
    ("foam_roller", "myofascial_release"),
    ("shiatsu_massager", "petrissage"),
    ("vibration_massager", "vibration"),
    ("percussion_massager", "tapotement"),
    ("massage_cane", "trigger_point"),
    ("massage_ball", "trigger_point"),
    ("foam_roller", "trigger_point"),
    ("massage_cane", "friction"),
    ("shiatsu_massager", "friction"),
    ("massage_cane", "myofascial_release"),  # a cane held still: light sustained pressure
)
DEVICE_ORDER = (
    ("shiatsu_massager", "petrissage"),
    ("percussion_massager", "tapotement"),
    ("vibration_massager", "vibration"),
    ("shiatsu_massager", "friction"),
)
DEEP_TECHNIQUES = ("trigger_point", "friction")
# A ball or a cane held still gives light sustained pressure (contract invariant 9, r2):
# knot pressure with them needs no more than light pressure.
HELD_STILL_TOOLS = ("massage_ball", "massage_cane")
HELD_STILL_TECHNIQUES = ("trigger_point", "myofascial_release")
SEATED_TOOLS = ("massage_ball", "massage_cane", "foam_roller")  # usable from a chair too
CHRONIC_WEEKS = 6
PHASES = {"open": 0, "before_work": 1, "work": 2, "deep_work": 3, "release": 4, "late": 5}


@dataclass(frozen=True)
class Target:
    """A region the routine works, with the pain that decides its time."""

    region: RegionId
    intensity: int
    weeks: int
    listed: bool  # the person named it; derived regions (from spine pain) are not


@dataclass
class Context:
    intake: Intake
    kb: KnowledgeBase
    rules: Restrictions
    warnings: list[Reason] = field(default_factory=list)
    words: Phrasebook = field(init=False, repr=False)
    gentle: bool = field(init=False)  # invariant 18: no deep work for a calm, mild session
    hands: str = field(init=False)  # where the hands work from: see `hands_position`
    region_count: int = 0  # how many regions the routine works, once they are chosen
    _usable: dict[tuple[str, str, str], bool] = field(default_factory=dict, repr=False)
    _pressures: dict[tuple[str, tuple[str, ...]], Pressure | None] = field(
        default_factory=dict, repr=False
    )
    _caps: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.words = Phrasebook(self.kb)
        self.gentle = gentle_goals(self.intake)
        self.hands = self._hands_position()

    def dose(self, technique: str, tool: str) -> tuple[int, int]:
        """Seconds a region may have in one step (`doses.toml`): the tool's, else the
        technique's."""
        entry = self.kb.doses.get(tool)
        if entry is None or entry.applies_to != "tool":
            entry = self.kb.doses[technique]
        return entry.seconds_min, entry.seconds_max

    def warn(
        self,
        code: str,
        message: str,
        sources: tuple[str, ...] = (),
        regions: Sequence[RegionId] = (),
    ) -> None:
        self.warnings.append(Reason(code, message, sources, tuple(regions)))

    def names(self, regions: Sequence[str]) -> str:
        return self.words.where(tuple(regions))

    def pressure(self, technique: str, regions: Sequence[str]) -> Pressure | None:
        """The step's pressure, or None when the technique cannot be done gently enough:
        the gentlest of the technique's natural pressure, its maximum and each region's cap."""
        key = (technique, tuple(regions))
        if key not in self._pressures:
            self._pressures[key] = self._gentlest(technique, regions)
        return self._pressures[key]

    def _gentlest(self, technique: str, regions: Sequence[str]) -> Pressure | None:
        entry = self.kb.techniques[technique]
        natural = lower(NATURAL_PRESSURE.get(technique, "light"), entry.pressure_max)
        rank = min([PRESSURE_RANK[natural], *map(self._cap_rank, regions)])
        return PRESSURES[rank] if rank >= PRESSURE_RANK[entry.pressure_min] else None

    def _cap_rank(self, region: str) -> int:
        """The rank of the region's pressure cap; many techniques ask for the same region."""
        rank = self._caps.get(region)
        if rank is None:
            rank = self._caps[region] = PRESSURE_RANK[self.rules.pressure_for(region)]
        return rank

    def usable(self, technique: str, region: str, tool: str = "") -> bool:
        key = (technique, region, tool)
        known = self._usable.get(key)
        if known is None:
            known = self._usable[key] = self._check_usable(technique, region, tool)
        return known

    def _check_usable(self, technique: str, region: str, tool: str) -> bool:
        entry = self.kb.techniques.get(technique)
        if entry is None or self.rules.forbids(technique, region, tool):
            return False
        if self.gentle and technique in DEEP_TECHNIQUES:
            return False
        if tool and not self.tool_position(tool):
            return False
        where = (self.kb.tools[tool].regions if tool else ()) or entry.allowed_regions
        if region not in where:
            return False
        held_still = tool in HELD_STILL_TOOLS and technique in HELD_STILL_TECHNIQUES
        return held_still or self.pressure(technique, (region,)) is not None

    def position_allowed(self, position: str) -> bool:
        allowed = self.rules.allowed_positions
        return allowed is None or position in allowed

    def tool_position(self, tool: str) -> str:
        """Where a self tool is used, or "" when no allowed position suits it."""
        wanted = self.kb.tools[tool].position or "seated"
        if self.position_allowed(wanted):
            return wanted
        if tool in SEATED_TOOLS and self.position_allowed("seated"):
            return "seated"  # a ball or roller between the back and a chair, a cane from it
        return ""

    def hands_position(self) -> str:
        """Where the person is for hands-on work; the intake and restrictions fix it, so it
        is worked out once per plan."""
        return self.hands

    def _hands_position(self) -> str:
        if self.intake.giver != "partner":  # on your own, or with a massager: sit
            return "seated" if self.position_allowed("seated") else "side_lying"
        for position in ("face_down", "side_lying", "seated"):
            if self.position_allowed(position):
                return position
        return "seated"


def gentle_goals(intake: Intake) -> bool:
    """Goals of only relaxation or sleep and no pain above 3 (invariant 18)."""
    goals = set(intake.goals)
    mild = all(entry.intensity <= 3 for entry in intake.pain)
    return bool(goals) and goals <= {"relaxation", "sleep"} and mild


def calming(intake: Intake) -> bool:
    """Relaxation and sleep want longer light strokes and no tapping."""
    wanted = "relaxation" in intake.goals or "sleep" in intake.goals or "stress" in intake.causes
    return wanted and "circulation" not in intake.goals


def self_tool_pairs(ctx: Context, region: str) -> list[tuple[str, str]]:
    return [
        (tool, technique)
        for tool, technique in SELF_TOOL_ORDER
        if tool in ctx.intake.tools and ctx.usable(technique, region, tool)
    ]


def device_pairs(ctx: Context, region: str) -> list[tuple[str, str]]:
    return [
        (tool, technique)
        for tool, technique in DEVICE_ORDER
        if tool in ctx.intake.tools and ctx.usable(technique, region, tool)
    ]
