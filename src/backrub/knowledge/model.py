"""The shapes of the knowledge base's entries.

Each TOML file in this folder holds a list of one of these; `loader.py`
validates every entry against them and cross-checks every id. Text fields are
our own words (never copied from a source); `sources` name entries of
`sources.toml`.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from backrub.contract.ids import Pressure, RegionId
from backrub.contract.validation import once_each

NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]
Sources = Annotated[tuple[str, ...], msgspec.Meta(min_length=1)]
Seconds = Annotated[int, msgspec.Meta(ge=0, le=3600)]
SessionPlace = Literal["open", "before_work", "work", "deep_work", "late", "close"]
# What a technique's stroke diagram draws (backrub.diagrams), and which way it moves.
Stroke = Literal["glide", "knead", "friction", "tap", "hold", "stretch", "cover", "vibrate"]
Direction = Literal["up", "down", "across", "apart", "still"]


class Entry(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An entry of a TOML table: unknown keys are typos, so they are refused."""


# What a reference is. A `study` or `review` (a trial, a cohort, a systematic review)
# names its authors and journal; a `home_page` (a journal's or publisher's front page)
# supports no claim, so nothing may cite it: it is listed for further reading only.
SourceKind = Literal["study", "review", "guideline", "book", "article", "page", "home_page"]


class Source(Entry, frozen=True):
    id: NonEmpty
    title: NonEmpty
    publisher: NonEmpty
    year: Annotated[int, msgspec.Meta(ge=1900, le=2100)]
    url: NonEmpty
    kind: SourceKind = "page"
    authors: str = ""  # "French SD, Cameron M, ..." for studies, reviews, books, articles
    journal: str = ""  # "Spine 31(9):998-1006" for studies and reviews
    note: str = ""


class Region(Entry, frozen=True):
    id: RegionId
    name: NonEmpty  # "left shoulder"
    area: Literal["shoulder", "upper_back", "mid_back", "lower_back", "spine"]
    side: Literal["left", "right", "middle"]
    where: NonEmpty  # landmarks in plain words
    muscles: tuple[str, ...]  # muscle ids; empty only for the spine
    self_reach: bool  # can a person work it on themself with their hands?
    target: bool  # may it ever be pressed? (false for the spine)
    mirror: str = ""  # the region on the other side, "" for the spine


class Muscle(Entry, frozen=True):
    id: NonEmpty
    name: NonEmpty
    where: NonEmpty
    referral: NonEmpty  # where its knots send pain
    size: Literal["large", "small"]
    regions: Annotated[tuple[RegionId, ...], msgspec.Meta(min_length=1)]
    weak_evidence: bool
    sources: Sources

    def __post_init__(self) -> None:
        once_each("regions", self.regions)


class Technique(Entry, frozen=True):
    id: NonEmpty
    name: NonEmpty
    summary: NonEmpty  # one line: what the hands do
    hand_parts: tuple[str, ...]  # hand-part tool ids it can be done with
    stroke: Stroke  # the mark its diagram draws
    direction: Direction  # which way that mark moves
    pressure_min: Pressure
    pressure_max: Pressure
    rate: NonEmpty  # tempo or hold, in plain words
    seconds_min: Seconds  # typical time on one area
    seconds_max: Seconds
    place: SessionPlace
    use_on: NonEmpty  # where it fits, in plain words
    avoid: NonEmpty  # where it must not go, in plain words
    allowed_regions: Annotated[tuple[RegionId, ...], msgspec.Meta(min_length=1)]
    needs_lubricant: bool
    how_to: Annotated[tuple[str, ...], msgspec.Meta(min_length=2)]  # steps in plain words
    mistakes: Annotated[tuple[str, ...], msgspec.Meta(min_length=1)]
    evidence: NonEmpty
    weak_evidence: bool
    cue: NonEmpty  # spoken-style cue, "{where}" is replaced by the regions
    why: NonEmpty  # why a plan uses it
    sources: Sources

    def __post_init__(self) -> None:
        once_each("allowed_regions", self.allowed_regions)


class Tool(Entry, frozen=True):
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
    # where it may work, when that differs from its techniques' regions (empty: theirs)
    regions: tuple[RegionId, ...] = ()
    why: str = ""  # why a step with this tool is there, when its technique's reason does not fit


class Dose(Entry, frozen=True):
    """How long a step may stay on a region (`doses.toml`, contract invariant 12).

    `per` "region": a step's seconds over its number of regions lie in the range;
    "step": the step's seconds do. A tool's dose overrides its technique's.
    """

    id: NonEmpty  # a technique id, or a tool id when `applies_to` is "tool"
    applies_to: Literal["technique", "tool"]
    per: Literal["region", "step"]
    seconds_min: Annotated[int, msgspec.Meta(ge=5, le=3600, multiple_of=5)]
    seconds_max: Annotated[int, msgspec.Meta(ge=5, le=3600, multiple_of=5)]
    why: NonEmpty
    sources: Sources


class Position(Entry, frozen=True):
    id: NonEmpty
    name: NonEmpty
    how: NonEmpty
    face_down: bool


class Cause(Entry, frozen=True):
    id: NonEmpty
    name: NonEmpty
    explanation: NonEmpty  # what it does to the back, our words
    focus_regions: tuple[RegionId, ...]  # where it usually tightens things
    sources: tuple[str, ...]

    def __post_init__(self) -> None:
        once_each("focus_regions", self.focus_regions)


class Goal(Entry, frozen=True):
    id: NonEmpty
    name: NonEmpty
    explanation: NonEmpty
    sources: tuple[str, ...]


class RedFlag(Entry, frozen=True):
    id: NonEmpty
    verdict: Literal["emergency", "see_clinician"]
    question: NonEmpty  # asked plainly in the intake
    message: NonEmpty  # why it stops the plan ("get checked", never "you have")
    seek: NonEmpty  # who to see and how soon
    sources: Sources


class Condition(Entry, frozen=True):
    """`effect` "note" (r2) changes nothing in the plan; its message is a warning."""

    id: NonEmpty
    name: NonEmpty
    effect: Literal["see_clinician", "modify", "note"]
    message: NonEmpty
    seek: str = ""  # for see_clinician: who clears massage
    max_pressure: Pressure = "firm"
    pressure_drop: Annotated[int, msgspec.Meta(ge=0, le=2)] = 0
    forbid_techniques: tuple[str, ...] = ()
    forbid_tools: tuple[str, ...] = ()
    allowed_positions: tuple[str, ...] = ()  # empty: any
    region_max_pressure: tuple[RegionPressure, ...] = ()
    region_forbid_techniques: tuple[RegionTechniques, ...] = ()  # r2
    no_heat: bool = False  # r2: no heat pack (feeling in the skin may be dulled)
    device_low_speed: bool = False
    sources: Sources = ()


class RegionPressure(Entry, frozen=True):
    region: RegionId
    max_pressure: Pressure


class RegionTechniques(Entry, frozen=True):
    """Techniques ruled out on one region only (r2: no knot pressure on a sciatic low back)."""

    region: RegionId
    techniques: Annotated[tuple[str, ...], msgspec.Meta(min_length=1)]


class LocalIssueRule(Entry, frozen=True):
    kind: NonEmpty
    name: NonEmpty
    message: NonEmpty
    sources: Sources


class Movement(Entry, frozen=True):
    """A gentle movement a plan may end with (`movements.toml`)."""

    id: NonEmpty
    name: NonEmpty
    position: NonEmpty  # "lying on your back", in plain words
    how: NonEmpty
    areas: Annotated[tuple[str, ...], msgspec.Meta(min_length=1)]  # region areas it suits
    not_with: tuple[str, ...]  # condition or red-flag ids that rule it out
    sources: Sources
