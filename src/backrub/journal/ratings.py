"""A person's sessions through their ratings: summaries for listings, and the ratings write.

These are the journal API's busiest paths, so they select only the columns they
need, with statements built once (SQLAlchemy then skips building, coercing and
cache-keying them on every call, which cost more than SQLite's own work): a
listing never loads the plans (about 12 KB of JSON each), and a rating is a few
UPDATE, DELETE and INSERT statements. Keyword-only functions over the caller's
Session, returning records, like `repository`; the caller has checked who owns
the person, or `rate_session` checks it.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, cast

from sqlalchemy import Integer, Select, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from backrub.ids import Giver, RegionId
from backrub.journal.accounts_repository import owns_session
from backrub.journal.models import PainRating, SessionRow


@dataclass(frozen=True)
class SessionSummary:
    """A session without its plan (about 12 KB of JSON each), for listings: the plan's
    size is kept as `step_count` and `planned_seconds`."""

    id: str
    started: datetime.datetime
    ended: datetime.datetime | None
    status: Literal["completed", "aborted"]
    giver: Giver
    step_count: int
    planned_seconds: int
    steps_done: tuple[int, ...]
    pain_before: dict[RegionId, int]
    pain_after: dict[RegionId, int]
    soreness_next_day: int | None
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "started": self.started.isoformat(),
            "ended": self.ended.isoformat() if self.ended else None,
            "status": self.status,
            "giver": self.giver,
            "step_count": self.step_count,
            "planned_seconds": self.planned_seconds,
            "steps_done": list(self.steps_done),
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "soreness_next_day": self.soreness_next_day,
            "note": self.note,
        }


@dataclass(frozen=True)
class SessionRatings:
    """What a person rated about one session: pain before and after, next-day soreness."""

    session_id: str
    pain_before: dict[RegionId, int]
    pain_after: dict[RegionId, int]
    soreness_next_day: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "soreness_next_day": self.soreness_next_day,
        }


class Keep(enum.Enum):
    """A rating the caller leaves as it is (None would clear it)."""

    KEEP = "keep"


KEEP = Keep.KEEP


SESSIONS = cast(Table, SessionRow.__table__)
PAIN = cast(Table, PainRating.__table__)
NEWEST_FIRST = (SESSIONS.c.started_utc.desc(), SESSIONS.c.seq.desc())


def session_summaries(*, db: Session, person_id: str, limit: int = 50) -> list[SessionSummary]:
    """The person's latest sessions without their plans, newest first, in two queries.

    The plan's step count and planned seconds are read by the database's own JSON
    functions, so no plan is sent over or parsed here: parsing fifty plans was most
    of the cost of a listing.
    """
    dialect = db.get_bind().dialect.name
    params = {"person_id": person_id, "limit": limit}
    rows = db.execute(_summaries_query(dialect), params).all()
    pain = _pain_by_session(db.execute(_latest_pain_query(), params).all())
    return [_summary(row, pain.get(row[0], ({}, {}))) for row in rows]


@cache
def _summaries_query(dialect: str) -> Select[Any]:
    if dialect == "postgresql":  # the two databases spell JSON paths differently
        step_count = func.json_array_length(SESSIONS.c.plan.op("->")("steps"), type_=Integer)
    else:
        step_count = func.json_array_length(SESSIONS.c.plan, "$.steps", type_=Integer)
    columns = SESSIONS.c
    return (
        select(
            columns.id,
            columns.started_utc,
            columns.started_offset,
            columns.ended_utc,
            columns.ended_offset,
            columns.status,
            columns.giver,
            step_count,
            columns.plan["total_seconds"].as_integer(),
            columns.steps_done,
            columns.soreness_next_day,
            columns.note,
        )
        .where(columns.person_id == bindparam("person_id"))
        .order_by(*NEWEST_FIRST)
        .limit(bindparam("limit", type_=Integer))
    )


@cache
def _latest_pain_query() -> Select[Any]:
    """The pain ratings of the sessions `_summaries_query` lists, in the order given."""
    latest = (
        select(SESSIONS.c.id)
        .where(SESSIONS.c.person_id == bindparam("person_id"))
        .order_by(*NEWEST_FIRST)
        .limit(bindparam("limit", type_=Integer))
    )
    return _pain_query().where(PAIN.c.session_id.in_(latest))


def _pain_query() -> Select[Any]:
    return select(PAIN.c.session_id, PAIN.c.phase, PAIN.c.region, PAIN.c.value).order_by(
        PAIN.c.session_id, PAIN.c.phase, PAIN.c.position
    )


PainPair = tuple[dict[RegionId, int], dict[RegionId, int]]  # before, after


def _pain_by_session(rows: Iterable[Any]) -> dict[str, PainPair]:
    """Rows of (session id, phase, region, value), in order, as each session's two dicts."""
    found: dict[str, PainPair] = {}
    for session_id, phase, region, value in rows:
        pair = found.get(session_id)
        if pair is None:
            pair = found[session_id] = ({}, {})
        pair[0 if phase == "before" else 1][region] = value
    return found


@cache
def _zone(offset_seconds: int) -> datetime.timezone:
    return datetime.timezone(datetime.timedelta(seconds=offset_seconds))


def _aware(utc: datetime.datetime, offset_seconds: int) -> datetime.datetime:
    """`repository._aware`, with the zones kept: a listing makes a hundred of these."""
    return utc.replace(tzinfo=datetime.UTC).astimezone(_zone(offset_seconds))


def _summary(row: Any, pain: PainPair) -> SessionSummary:
    id_, started, started_offset, ended, ended_offset, status, giver = row[:7]
    step_count, planned_seconds, steps_done, soreness, note = row[7:]
    ended_at = None
    if ended is not None and ended_offset is not None:
        ended_at = _aware(ended, ended_offset)
    return SessionSummary(
        id=id_,
        started=_aware(started, started_offset),
        ended=ended_at,
        status=status,
        giver=giver,
        step_count=step_count or 0,
        planned_seconds=planned_seconds or 0,
        steps_done=tuple(steps_done),
        pain_before=pain[0],
        pain_after=pain[1],
        soreness_next_day=soreness,
        note=note,
    )


# The ratings write

SET_SORENESS = (
    update(SESSIONS)
    .where(SESSIONS.c.id == bindparam("session_id"))
    .values(soreness_next_day=bindparam("soreness"))
)
CLEAR_PAIN = delete(PAIN).where(
    PAIN.c.session_id == bindparam("session_id"), PAIN.c.phase == bindparam("phase")
)
ADD_PAIN = insert(PAIN)
SORENESS = select(SESSIONS.c.soreness_next_day).where(SESSIONS.c.id == bindparam("session_id"))
SESSION_PAIN = _pain_query().where(PAIN.c.session_id == bindparam("session_id"))


def rate_session(
    *,
    db: Session,
    user_id: str,
    person_id: str,
    session_id: str,
    pain_before: Mapping[RegionId, int] | None = None,
    pain_after: Mapping[RegionId, int] | None = None,
    soreness_next_day: int | None | Keep = KEEP,
) -> SessionRatings | None:
    """Replace the ratings given (None and KEEP leave them; `{}` clears a phase) and
    answer the session's ratings now; None when `user_id` does not own the session.

    Values must already be valid (regions from `backrub.ids`, scores 0..10): the
    web layer validates with backrub's own rules, naming the field.
    """
    if not owns_session(db=db, user_id=user_id, person_id=person_id, session_id=session_id):
        return None
    if soreness_next_day is not KEEP:
        db.execute(SET_SORENESS, {"session_id": session_id, "soreness": soreness_next_day})
    for phase, ratings in (("before", pain_before), ("after", pain_after)):
        if ratings is not None:
            db.execute(CLEAR_PAIN, {"session_id": session_id, "phase": phase})
            given = [
                {"session_id": session_id, "phase": phase, "region": r, "value": v, "position": i}
                for i, (r, v) in enumerate(ratings.items())
            ]
            if given:
                db.execute(ADD_PAIN, given)
    return session_ratings(db=db, session_id=session_id)


def session_ratings(*, db: Session, session_id: str) -> SessionRatings | None:
    found = db.execute(SORENESS, {"session_id": session_id}).first()
    if found is None:
        return None
    pain = _pain_by_session(db.execute(SESSION_PAIN, {"session_id": session_id}).all())
    before, after = pain.get(session_id, ({}, {}))
    return SessionRatings(session_id, before, after, found[0])
