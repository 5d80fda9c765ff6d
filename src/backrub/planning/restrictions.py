"""What a plan may use: the limits screening found, in one value the planner obeys.

Pure: built from the intake and the knowledge base's condition rules, plus the
contract's fixed rules for a clinician's clearance and for acute pain (r2). Every
limit is here, whole-plan or per region, so the planner asks `Restrictions` and
never the intake's safety fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from backrub.contract.ids import PRESSURE_RANK, PRESSURES, Pressure, RegionId
from backrub.contract.intake import Intake
from backrub.knowledge import KnowledgeBase

# Deep or local work that a light-only rule, a clearance or acute pain rules out.
DEEP_TECHNIQUES = frozenset({"tapotement", "friction", "trigger_point"})
DEEP_TOOLS = frozenset({"percussion_massager"})
# What "no heat" takes away: the technique and the tool that gives it.
HEAT_TECHNIQUES = frozenset({"heat"})
HEAT_TOOLS = frozenset({"heat_pack"})
# Acute pain at the spine is worked through the muscles beside it, at any level.
BESIDE_THE_SPINE: tuple[RegionId, ...] = (
    "upper_back_left",
    "upper_back_right",
    "mid_back_left",
    "mid_back_right",
    "lower_back_left",
    "lower_back_right",
)


@dataclass(frozen=True)
class Restrictions:
    """What the plan may use.

    `max_pressure`, `forbidden_techniques` and `forbidden_tools` hold for every step;
    `region_max_pressure`, `region_forbidden_techniques` and `region_forbidden_tools`
    add limits on single regions (acute pain, pregnancy's and sciatica's lower back);
    `excluded_regions` get no step at all (a local issue). `allowed_positions` is None
    when any position will do. `no_heat` (diabetes, reduced feeling, a clearance)
    also shows as `heat` and `heat_pack` in the forbidden sets. `acute_regions` are
    the regions with pain under a week old, for the plan's words. Ask `forbids` and
    `pressure_for` rather than reading the fields one by one.
    """

    max_pressure: Pressure
    forbidden_techniques: frozenset[str]
    forbidden_tools: frozenset[str]
    allowed_positions: frozenset[str] | None  # None: any position
    region_max_pressure: Mapping[str, Pressure]
    excluded_regions: frozenset[str]
    device_low_speed: bool
    region_forbidden_techniques: Mapping[str, frozenset[str]] = field(default_factory=dict)
    region_forbidden_tools: Mapping[str, frozenset[str]] = field(default_factory=dict)
    acute_regions: frozenset[str] = frozenset()

    @property
    def no_heat(self) -> bool:
        return bool(HEAT_TECHNIQUES & self.forbidden_techniques)

    def pressure_for(self, region: str) -> Pressure:
        cap = self.region_max_pressure.get(region, self.max_pressure)
        return lower(cap, self.max_pressure)

    def forbids(self, technique: str, region: str, tool: str = "") -> bool:
        """Whether `technique` (done with `tool`, if given) is ruled out on `region`."""
        if region in self.excluded_regions or technique in self.forbidden_techniques:
            return True
        if technique in self.region_forbidden_techniques.get(region, ()):
            return True
        if not tool:
            return False
        return tool in self.forbidden_tools or tool in self.region_forbidden_tools.get(region, ())


def lower(a: Pressure, b: Pressure) -> Pressure:
    """The gentler of two pressures."""
    return a if PRESSURE_RANK[a] <= PRESSURE_RANK[b] else b


def drop(pressure: Pressure, levels: int) -> Pressure:
    """`levels` gentler than `pressure`, never below light."""
    return PRESSURES[max(0, PRESSURE_RANK[pressure] - levels)]


def acute_regions(intake: Intake) -> tuple[RegionId, ...]:
    """The painful regions whose pain is under a week old (`weeks` 0), spine as its sides."""
    found: list[RegionId] = []
    for entry in intake.pain:
        if entry.weeks == 0:
            found.extend(BESIDE_THE_SPINE if entry.region == "spine" else (entry.region,))
    return tuple(dict.fromkeys(found))


class _Limits:
    """The limits as they are gathered, rule by rule."""

    def __init__(self, asked: Pressure) -> None:
        self.pressure = asked
        self.biggest_drop = 0
        self.techniques: set[str] = set()
        self.tools: set[str] = set()
        self.positions: set[str] | None = None
        self.region_caps: dict[str, Pressure] = {}
        self.region_techniques: dict[str, set[str]] = {}
        self.region_tools: dict[str, set[str]] = {}
        self.low_speed = False

    def allow_positions(self, positions: Iterable[str]) -> None:
        allowed = set(positions)
        self.positions = allowed if self.positions is None else self.positions & allowed

    def cap_region(self, region: str, pressure: Pressure) -> None:
        self.region_caps[region] = lower(self.region_caps.get(region, "firm"), pressure)

    def light_only(self) -> None:
        self.pressure = "light"
        self.techniques |= DEEP_TECHNIQUES
        self.tools |= DEEP_TOOLS

    def no_heat(self) -> None:
        self.techniques |= HEAT_TECHNIQUES
        self.tools |= HEAT_TOOLS


def restrictions_for(intake: Intake, kb: KnowledgeBase) -> Restrictions:
    """Every limit for `intake`: its `modify` conditions, its clearances and acute pain.

    A `see_clinician` condition adds nothing here: either the plan stops, or the
    condition is cleared and the clearance's rule applies (light pressure only, no
    deep or local work, no heat). A `note` condition changes nothing.
    """
    limits = _Limits(intake.pressure)
    for condition_id in intake.conditions:
        condition = kb.conditions[condition_id]
        if condition.effect != "modify":
            continue
        limits.pressure = lower(limits.pressure, condition.max_pressure)
        limits.biggest_drop = max(limits.biggest_drop, condition.pressure_drop)
        limits.techniques.update(condition.forbid_techniques)
        limits.tools.update(condition.forbid_tools)
        if condition.allowed_positions:
            limits.allow_positions(condition.allowed_positions)
        for cap in condition.region_max_pressure:
            limits.cap_region(cap.region, cap.max_pressure)
        for rule in condition.region_forbid_techniques:
            limits.region_techniques.setdefault(rule.region, set()).update(rule.techniques)
        if condition.no_heat:
            limits.no_heat()
        limits.low_speed = limits.low_speed or condition.device_low_speed
    if intake.cleared:
        limits.light_only()
        limits.no_heat()
    acute = acute_regions(intake)
    for region in acute:
        limits.cap_region(region, "light")
        limits.region_techniques.setdefault(region, set()).update(DEEP_TECHNIQUES)
        limits.region_tools.setdefault(region, set()).update(DEEP_TOOLS)
    pressure = lower(limits.pressure, drop(intake.pressure, limits.biggest_drop))
    return Restrictions(
        max_pressure=pressure,
        forbidden_techniques=frozenset(limits.techniques),
        forbidden_tools=frozenset(limits.tools),
        allowed_positions=frozenset(limits.positions) if limits.positions is not None else None,
        region_max_pressure=limits.region_caps,
        excluded_regions=frozenset(issue.region for issue in intake.local_issues),
        device_low_speed=limits.low_speed,
        region_forbidden_techniques=_frozen(limits.region_techniques),
        region_forbidden_tools=_frozen(limits.region_tools),
        acute_regions=frozenset(acute),
    )


def _frozen(by_region: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    return {region: frozenset(values) for region, values in by_region.items()}
