"""The shapes of a guide, as msgspec Structs so the API, the CLI and the pages share them.

Every fact in a guide is a knowledge-base entry's, and every guide names its sources.
"""

from __future__ import annotations

from typing import Literal

import msgspec

Kind = Literal["technique", "region", "tool"]


class Link(msgspec.Struct, frozen=True):
    """Another guide, and why it is named here ("also for the lower back")."""

    kind: Kind
    id: str
    title: str
    reason: str = ""


class Cited(msgspec.Struct, frozen=True):
    """A source as a reference list gives it; `/sources#<id>` has the rest."""

    id: str
    citation: str
    url: str


class MuscleNote(msgspec.Struct, frozen=True):
    id: str
    name: str
    where: str
    referral: str  # where its knots send pain
    weak_evidence: bool
    sources: tuple[Cited, ...]


class TechniqueGuide(msgspec.Struct, frozen=True, tag="technique", tag_field="kind"):
    id: str
    title: str
    summary: str
    how_to: tuple[str, ...]
    hand_parts: tuple[Link, ...]
    tools: tuple[Link, ...]  # tools and devices that do it
    pressure: str
    rate: str
    dose: str
    dose_why: str
    use_on: str
    avoid: str
    regions: tuple[Link, ...]
    mistakes: tuple[str, ...]
    evidence: str
    evidence_strength: str
    diagram: str  # the stroke diagram on the back map, as SVG text
    sources: tuple[Cited, ...]
    related: tuple[Link, ...]


class RegionGuide(msgspec.Struct, frozen=True, tag="region", tag_field="kind"):
    id: str
    title: str
    where: str
    muscles: tuple[MuscleNote, ...]
    techniques: tuple[Link, ...]
    tools: tuple[Link, ...]
    self_reach: str
    pressed: str
    diagram: str  # the back map with this region marked
    sources: tuple[Cited, ...]
    related: tuple[Link, ...]


class ToolGuide(msgspec.Struct, frozen=True, tag="tool", tag_field="kind"):
    id: str
    title: str
    kind_name: str
    stands_in_for: tuple[Link, ...]  # the techniques it does
    how_to: str
    per_area: str
    position: str
    no_go: str
    no_go_map: str  # the back map with where it must not go marked
    regions: tuple[Link, ...]
    not_for: tuple[str, ...]  # who should not use it, from the safety rules
    sources: tuple[Cited, ...]
    related: tuple[Link, ...]


class Summary(msgspec.Struct, frozen=True):
    """One line of the guides' index: `GET /api/v1/guides`."""

    kind: Kind
    id: str
    title: str
    related: tuple[Link, ...]


class ToolFit(msgspec.Struct, frozen=True):
    """Whether a tool suits a saved intake, by the planner's own rules."""

    tool: Link
    suits: bool
    why: str
