"""The journal as plain records: the shapes of `backrub.journal/1`.

Progress, adaptation, export and import all take these, never database rows,
so they share one description of the data and their tests need no database.
Validation (for imports) comes from the annotations, like the intake's.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

import msgspec

from backrub.contract.ids import Giver, RegionId
from backrub.contract.intake import Intake
from backrub.contract.validation import ValidationError, loads

Score = Annotated[int, msgspec.Meta(ge=0, le=10)]
Id = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
# An offset is required: a session's calendar date is the date where it happened.
Moment = Annotated[datetime.datetime, msgspec.Meta(tz=True)]


class SessionRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    started: Moment
    ended: Moment | None
    status: Literal["completed", "aborted"]
    giver: Giver
    plan: dict[str, Any]
    steps_done: tuple[Annotated[int, msgspec.Meta(ge=1, le=1000)], ...] = ()
    pain_before: dict[RegionId, Score] = {}
    pain_after: dict[RegionId, Score] = {}
    soreness_next_day: Score | None = None
    note: Annotated[str, msgspec.Meta(max_length=2000)] = ""

    def __post_init__(self) -> None:
        if self.ended is not None and self.ended < self.started:
            raise ValidationError("ended", "must not be before started")
        if self.plan.get("schema") != "backrub.plan/1":
            raise ValidationError("plan", 'expected a plan with "schema": "backrub.plan/1"')

    @property
    def date(self) -> datetime.date:
        """The session's calendar date, in its own offset (the contract's rule)."""
        return self.started.date()

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape; times as `isoformat` writes them (`+00:00`, not `Z`)."""
        data: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(self))
        data["started"] = self.started.isoformat()
        data["ended"] = self.ended.isoformat() if self.ended else None
        return data


class CheckinRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A weekly check-in: PEG's three items, sleep, stress, and optionally the RMDQ score."""

    id: Id
    date: datetime.date
    peg: tuple[Score, Score, Score]
    sleep: Score | None = None
    stress: Annotated[int, msgspec.Meta(ge=1, le=5)] | None = None
    rmdq: Annotated[int, msgspec.Meta(ge=0, le=24)] | None = None

    @property
    def peg_score(self) -> float:
        return sum(self.peg) / 3

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(self))
        return data


class PersonRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
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


class Journal(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    schema: Literal["backrub.journal/1"] = "backrub.journal/1"
    people: tuple[PersonRecord, ...]

    def __post_init__(self) -> None:
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


def load_journal(text: str | bytes) -> Journal:
    return loads(Journal, text)


def new_id() -> str:
    """A fresh record id: random, so that journals from several machines merge."""
    import uuid

    return uuid.uuid4().hex
