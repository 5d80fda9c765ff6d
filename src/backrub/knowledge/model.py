"""The shapes of the knowledge base's entries.

Each TOML file in this folder holds a list of one of these; `loader.py`
validates every entry against them and cross-checks every id. Text fields are
our own words (never copied from a source); `sources` name entries of
`sources.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from backrub.contract.constraints import Interval, MinLen
from backrub.contract.ids import Pressure, RegionId

NonEmpty = Annotated[str, MinLen(1)]
Sources = Annotated[tuple[str, ...], MinLen(1)]
Seconds = Annotated[int, Interval(ge=0, le=3600)]
SessionPlace = Literal["open", "before_work", "work", "deep_work", "late", "close"]


@dataclass(frozen=True)
class Source:
    id: NonEmpty
    title: NonEmpty
    publisher: NonEmpty
    year: Annotated[int, Interval(ge=1900, le=2100)]
    url: NonEmpty
    note: str = ""


@dataclass(frozen=True)
class Region:
    id: RegionId
    name: NonEmpty  # "left shoulder"
    area: Literal["shoulder", "upper_back", "mid_back", "lower_back", "spine"]
    side: Literal["left", "right", "middle"]
    where: NonEmpty  # landmarks in plain words
    muscles: tuple[str, ...]  # muscle ids; empty only for the spine
    self_reach: bool  # can a person work it on themself with their hands?
    target: bool  # may it ever be pressed? (false for the spine)
    mirror: str = ""  # the region on the other side, "" for the spine


@dataclass(frozen=True)
class Muscle:
    id: NonEmpty
    name: NonEmpty
    where: NonEmpty
    referral: NonEmpty  # where its knots send pain
    size: Literal["large", "small"]
    regions: Annotated[tuple[RegionId, ...], MinLen(1)]
    weak_evidence: bool
    sources: Sources


@dataclass(frozen=True)
class Technique:
    id: NonEmpty
    name: NonEmpty
    summary: NonEmpty  # one line: what the hands do
    hand_parts: tuple[str, ...]  # hand-part tool ids it can be done with
    pressure_min: Pressure
    pressure_max: Pressure
    rate: NonEmpty  # tempo or hold, in plain words
    seconds_min: Seconds  # typical time on one area
    seconds_max: Seconds
    place: SessionPlace
    use_on: NonEmpty  # where it fits, in plain words
    avoid: NonEmpty  # where it must not go, in plain words
    allowed_regions: Annotated[tuple[RegionId, ...], MinLen(1)]
    needs_lubricant: bool
    how_to: Annotated[tuple[str, ...], MinLen(2)]  # steps in plain words
    mistakes: Annotated[tuple[str, ...], MinLen(1)]
    evidence: NonEmpty
    weak_evidence: bool
    cue: NonEmpty  # spoken-style cue, "{where}" is replaced by the regions
    why: NonEmpty  # why a plan uses it
    sources: Sources


@dataclass(frozen=True)
class Tool:
    """A hand part, a lubricant, a heat pack, a self-massage tool or a device."""

    id: NonEmpty
    name: NonEmpty
    kind: Literal["hand", "lubricant", "heat", "self_tool", "device"]
    techniques: tuple[str, ...]  # technique ids it can do
    position: str  # position id it is used in ("" for hands and lubricants)
    no_go: str  # where never to use it, in plain words ("" if nowhere special)
    seconds_min: Seconds  # per area
    seconds_max: Seconds
    how_to: str  # how to use it, in plain words
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Position:
    id: NonEmpty
    name: NonEmpty
    how: NonEmpty
    face_down: bool


@dataclass(frozen=True)
class Cause:
    id: NonEmpty
    name: NonEmpty
    explanation: NonEmpty  # what it does to the back, our words
    focus_regions: tuple[RegionId, ...]  # where it usually tightens things
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Goal:
    id: NonEmpty
    name: NonEmpty
    explanation: NonEmpty
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RedFlag:
    id: NonEmpty
    verdict: Literal["emergency", "see_clinician"]
    question: NonEmpty  # asked plainly in the intake
    message: NonEmpty  # why it stops the plan ("get checked", never "you have")
    seek: NonEmpty  # who to see and how soon
    sources: Sources


@dataclass(frozen=True)
class Condition:
    id: NonEmpty
    name: NonEmpty
    effect: Literal["see_clinician", "modify"]
    message: NonEmpty
    seek: str = ""  # for see_clinician: who clears massage
    max_pressure: Pressure = "firm"
    pressure_drop: Annotated[int, Interval(ge=0, le=2)] = 0
    forbid_techniques: tuple[str, ...] = ()
    forbid_tools: tuple[str, ...] = ()
    allowed_positions: tuple[str, ...] = ()  # empty: any
    region_max_pressure: tuple[RegionPressure, ...] = ()
    device_low_speed: bool = False
    sources: Sources = ()


@dataclass(frozen=True)
class RegionPressure:
    region: RegionId
    max_pressure: Pressure


@dataclass(frozen=True)
class LocalIssueRule:
    kind: NonEmpty
    name: NonEmpty
    message: NonEmpty
    sources: Sources
