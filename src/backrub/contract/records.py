"""The journal as plain records: the shapes of `backrub.journal/1`.

Progress, adaptation, export and import all take these, never database rows,
so they share one description of the data and their tests need no database.
Validation (for imports) comes from the annotations, like the intake's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from backrub.contract.constraints import Interval, MaxLen, MinLen
from backrub.contract.ids import Giver, RegionId
from backrub.contract.intake import Intake
from backrub.contract.validation import ValidationError, loads, parse

JOURNAL_SCHEMA = "backrub.journal/1"
Score = Annotated[int, Interval(ge=0, le=10)]
Id = Annotated[str, MinLen(1), MaxLen(64)]


@dataclass(frozen=True)
class SessionRecord:
    id: Id
    started: datetime.datetime
    ended: datetime.datetime | None
    status: Literal["completed", "aborted"]
    giver: Giver
    plan: dict[str, Any]
    steps_done: tuple[Annotated[int, Interval(ge=1, le=1000)], ...] = ()
    pain_before: dict[RegionId, Score] = field(default_factory=dict)
    pain_after: dict[RegionId, Score] = field(default_factory=dict)
    soreness_next_day: Score | None = None
    note: Annotated[str, MaxLen(2000)] = ""

    def check(self, path: str) -> None:
        prefix = f"{path}." if path else ""  # a whole body has the empty path
        if self.ended is not None and self.ended < self.started:
            raise ValidationError(f"{prefix}ended", "must not be before started")
        if self.plan.get("schema") != "backrub.plan/1":
            raise ValidationError(
                f"{prefix}plan", 'expected a plan with "schema": "backrub.plan/1"'
            )

    @property
    def date(self) -> datetime.date:
        """The session's calendar date, in its own offset (the contract's rule)."""
        return self.started.date()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "started": self.started.isoformat(),
            "ended": self.ended.isoformat() if self.ended else None,
            "status": self.status,
            "giver": self.giver,
            "plan": self.plan,
            "steps_done": list(self.steps_done),
            "pain_before": dict(self.pain_before),
            "pain_after": dict(self.pain_after),
            "soreness_next_day": self.soreness_next_day,
            "note": self.note,
        }


@dataclass(frozen=True)
class CheckinRecord:
    """A weekly check-in: PEG's three items, sleep, stress, and optionally the RMDQ score."""

    id: Id
    date: datetime.date
    peg: tuple[Score, Score, Score]
    sleep: Score | None = None
    stress: Annotated[int, Interval(ge=1, le=5)] | None = None
    rmdq: Annotated[int, Interval(ge=0, le=24)] | None = None

    @property
    def peg_score(self) -> float:
        return sum(self.peg) / 3

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "peg": list(self.peg),
            "sleep": self.sleep,
            "stress": self.stress,
            "rmdq": self.rmdq,
        }


@dataclass(frozen=True)
class PersonRecord:
    id: Id
    name: Annotated[str, MinLen(1), MaxLen(100)]
    intake: Intake | None = None
    sessions: tuple[SessionRecord, ...] = ()
    checkins: tuple[CheckinRecord, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "intake": self.intake.to_dict() if self.intake else None,
            "sessions": [session.to_dict() for session in self.sessions],
            "checkins": [checkin.to_dict() for checkin in self.checkins],
        }


@dataclass(frozen=True)
class Journal:
    people: tuple[PersonRecord, ...]
    schema: Literal["backrub.journal/1"] = "backrub.journal/1"

    def check(self, path: str) -> None:
        """Ids are unique across the document, so an import can match on them."""
        seen: set[str] = set()
        for p, person in enumerate(self.people):
            items = [(f"people[{p}].id", person.id)]
            items += [
                (f"people[{p}].sessions[{i}].id", s.id) for i, s in enumerate(person.sessions)
            ]
            items += [
                (f"people[{p}].checkins[{i}].id", c.id) for i, c in enumerate(person.checkins)
            ]
            for where, value in items:
                if value in seen:
                    raise ValidationError(where, f"id {value!r} is used twice")
                seen.add(value)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": self.schema, "people": [person.to_dict() for person in self.people]}


def parse_journal(data: Any) -> Journal:
    return parse(Journal, data)


def load_journal(text: str | bytes) -> Journal:
    return loads(Journal, text)


def new_id() -> str:
    """A fresh record id: random, so that journals from several machines merge."""
    import uuid

    return uuid.uuid4().hex
