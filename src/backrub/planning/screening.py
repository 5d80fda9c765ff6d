"""Screening: red flags, conditions and local issues → a verdict and what is allowed.

Pure: it reads the intake and the knowledge base and returns a value. The most
serious finding decides the verdict (emergency > see_clinician > modify > go);
everything found is listed as a reason, each with its sources, so a person sees
all of it and not just the first thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backrub.contract.ids import PRESSURE_RANK, PRESSURES, VERDICT_RANK, Pressure, RegionId, Verdict
from backrub.contract.intake import Intake
from backrub.contract.plan import Reason
from backrub.knowledge import KnowledgeBase


@dataclass(frozen=True)
class Restrictions:
    """What the plan may use; `region_max_pressure` caps single regions further."""

    max_pressure: Pressure
    forbidden_techniques: frozenset[str]
    forbidden_tools: frozenset[str]
    allowed_positions: frozenset[str] | None  # None: any position
    region_max_pressure: Mapping[str, Pressure]
    excluded_regions: frozenset[str]
    device_low_speed: bool

    def pressure_for(self, region: str) -> Pressure:
        cap = self.region_max_pressure.get(region, self.max_pressure)
        return lower(cap, self.max_pressure)


@dataclass(frozen=True)
class Screening:
    verdict: Verdict
    reasons: tuple[Reason, ...]
    advice: str  # who to see and how soon, for stopped verdicts
    restrictions: Restrictions

    @property
    def stopped(self) -> bool:
        return self.verdict in ("see_clinician", "emergency")


def lower(a: Pressure, b: Pressure) -> Pressure:
    """The gentler of two pressures."""
    return a if PRESSURE_RANK[a] <= PRESSURE_RANK[b] else b


def drop(pressure: Pressure, levels: int) -> Pressure:
    """`levels` gentler than `pressure`, never below light."""
    return PRESSURES[max(0, PRESSURE_RANK[pressure] - levels)]


def screen(intake: Intake, kb: KnowledgeBase) -> Screening:
    verdict: Verdict = "go"
    reasons: list[Reason] = []
    seeks: list[str] = []

    def raise_to(candidate: Verdict) -> None:
        nonlocal verdict
        if VERDICT_RANK[candidate] > VERDICT_RANK[verdict]:
            verdict = candidate

    flags = sorted(
        (kb.red_flags[flag_id] for flag_id in intake.red_flags),
        key=lambda flag: (-VERDICT_RANK[flag.verdict], flag.id),
    )
    for flag in flags:
        raise_to(flag.verdict)
        reasons.append(Reason(flag.id, flag.message, flag.sources))
        seeks.append(flag.seek)

    conditions = [kb.conditions[c] for c in sorted(intake.conditions)]
    for condition in sorted(conditions, key=lambda c: c.effect != "see_clinician"):
        raise_to(condition.effect)
        reasons.append(Reason(condition.id, condition.message, condition.sources))
        if condition.seek:
            seeks.append(condition.seek)

    issue_regions: dict[str, list[RegionId]] = {}
    for issue in intake.local_issues:
        regions = issue_regions.setdefault(issue.kind, [])
        if issue.region not in regions:
            regions.append(issue.region)
    for kind in sorted(issue_regions):
        rule = kb.local_issues[kind]
        raise_to("modify")
        reasons.append(Reason(kind, rule.message, rule.sources, tuple(sorted(issue_regions[kind]))))

    advice = _advice(verdict, seeks)
    return Screening(verdict, tuple(reasons), advice, _restrictions(intake, kb))


def _advice(verdict: Verdict, seeks: list[str]) -> str:
    if verdict == "emergency":
        return seeks[0]
    if verdict == "see_clinician":
        return " ".join(dict.fromkeys(seeks))
    return ""


def _restrictions(intake: Intake, kb: KnowledgeBase) -> Restrictions:
    pressure: Pressure = intake.pressure
    biggest_drop = 0
    techniques: set[str] = set()
    tools: set[str] = set()
    positions: set[str] | None = None
    region_caps: dict[str, Pressure] = {}
    low_speed = False
    for condition_id in intake.conditions:
        condition = kb.conditions[condition_id]
        pressure = lower(pressure, condition.max_pressure)
        biggest_drop = max(biggest_drop, condition.pressure_drop)
        techniques.update(condition.forbid_techniques)
        tools.update(condition.forbid_tools)
        if condition.allowed_positions:
            allowed = set(condition.allowed_positions)
            positions = allowed if positions is None else positions & allowed
        for cap in condition.region_max_pressure:
            region_caps[cap.region] = lower(region_caps.get(cap.region, "firm"), cap.max_pressure)
        low_speed = low_speed or condition.device_low_speed
    pressure = lower(pressure, drop(intake.pressure, biggest_drop))
    return Restrictions(
        max_pressure=pressure,
        forbidden_techniques=frozenset(techniques),
        forbidden_tools=frozenset(tools),
        allowed_positions=frozenset(positions) if positions is not None else None,
        region_max_pressure=region_caps,
        excluded_regions=frozenset(issue.region for issue in intake.local_issues),
        device_low_speed=low_speed,
    )
