"""A person's sessions through their ratings: summaries for listings, and the ratings write.

These are the journal API's busiest paths, so they run on the driver's connection
(`driver.py` says why) and each is one statement that also checks who owns the
person: a listing reads the sessions' small columns through one index, never a
plan (about 12 KB of JSON each; its size is stored beside it), and a rating is
one UPDATE ... RETURNING. Functions over a `Driver` and its cursor, returning
records like `repository`'s.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    bindparam,
    select,
    update,
)
from sqlalchemy.sql.expression import ClauseElement

from backrub.contract.ids import RegionId
from backrub.journal.accounts import OWNED_PERSON, PEOPLE, SESSIONS
from backrub.journal.driver import Cursor, Driver, as_json, to_json


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

OWNED_BY_USER = PEOPLE.c.owner_id == bindparam("user_id")
LISTED = (
    "started_iso",
    "ended_iso",
    "status",
    "giver",
    "step_count",
    "planned_seconds",
    "steps_done",
    "pain_before",
    "pain_after",
    "soreness_next_day",
    "note",
)


def _listing() -> Select[Any]:
    """The person's sessions, newest first, if `user_id` owns the person: one statement,
    walking the (person_id, started_utc, seq) index backwards."""
    columns = SESSIONS.c
    return (
        select(columns.id, *(columns[name] for name in LISTED))
        .join(PEOPLE, PEOPLE.c.id == columns.person_id)
        .where(columns.person_id == bindparam("person_id"), OWNED_BY_USER)
        .order_by(columns.started_utc.desc(), columns.seq.desc())
        .limit(bindparam("limit", type_=Integer))
    )


def session_listing(
    driver: Driver, cursor: Cursor, *, user_id: str, person_id: str, href: str, limit: int = 50
) -> str | None:
    """The person's latest sessions without their plans, newest first, as a JSON array of
    session summaries (a session's fields less its plan, plus `step_count`,
    `planned_seconds` and `href` + its id); None when `user_id` does not own the person
    (or there is no such person: the same answer).

    The text is written straight from the rows: making a record and a dict of each
    session and encoding them cost four times SQLite's own work. The JSON columns go
    in as SQLite hands them back, the text backrub stored.
    """
    if not driver.can_hold(person_id):
        return None
    values = {"person_id": person_id, "user_id": user_id, "limit": limit}
    rows = driver.execute(cursor, driver.statement("listing", _listing), values).fetchall()
    if not rows:  # nobody's, or nothing yet: only then does it take a second look
        owned = driver.statement("owned_person", lambda: OWNED_PERSON)
        if driver.execute(cursor, owned, values).fetchone() is None:
            return None
    return "[" + ",".join(_summary_json(row, href) for row in rows) + "]"


def _summary_json(row: Sequence[Any], href: str) -> str:
    id_, started, ended, status, giver, step_count, planned_seconds = row[:7]
    steps_done, before, after, soreness, note = row[7:]
    ended_at = "null" if ended is None else '"' + ended + '"'  # ISO 8601: nothing to escape
    return (
        f'{{"id":{_text(id_)},"started":"{started}","ended":{ended_at},'
        f'"status":{_text(status)},"giver":{_text(giver)},'
        f'"step_count":{int(step_count)},"planned_seconds":{int(planned_seconds)},'
        f'"steps_done":{_stored_json(steps_done)},"pain_before":{_stored_json(before)},'
        f'"pain_after":{_stored_json(after)},'
        f'"soreness_next_day":{"null" if soreness is None else int(soreness)},'
        f'"note":{_text(note)},"href":{_text(href + id_)}}}'
    )


# A string as JSON: what `JSONEncoder(ensure_ascii=False).encode` returns for one, less
# the encoder's own checks (a fifth of the listing's time went there).
_text: Callable[[str], str] = json.encoder.encode_basestring
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _stored_json(value: Any) -> str:
    """A JSON column's value as JSON text: SQLite's is that text already."""
    return value if isinstance(value, str) else _encode(value)


# The ratings write

RATED = ("pain_before", "pain_after", "soreness_next_day")


@cache
def _rate(changed: tuple[str, ...]) -> Callable[[], ClauseElement]:
    """The UPDATE that sets the `changed` columns of one owned session and answers all of
    its ratings (RETURNING: SQLite 3.35+, PostgreSQL); one per set of columns."""

    def build() -> ClauseElement:
        return (
            update(SESSIONS)
            .where(
                SESSIONS.c.id == bindparam("session_id"),
                SESSIONS.c.person_id == bindparam("person_id"),
                SESSIONS.c.person_id.in_(select(PEOPLE.c.id).where(OWNED_BY_USER)),
            )
            .values({name: bindparam(name) for name in changed})
            .returning(*(SESSIONS.c[name] for name in RATED))
        )

    return build


def _ratings_of() -> Select[Any]:
    """A session's ratings when nothing is to change, if `user_id` owns it."""
    return (
        select(*(SESSIONS.c[name] for name in RATED))
        .join(PEOPLE, PEOPLE.c.id == SESSIONS.c.person_id)
        .where(
            SESSIONS.c.id == bindparam("session_id"),
            SESSIONS.c.person_id == bindparam("person_id"),
            OWNED_BY_USER,
        )
    )


def rate_session(
    driver: Driver,
    cursor: Cursor,
    *,
    user_id: str,
    person_id: str,
    session_id: str,
    pain_before: Mapping[RegionId, int] | None = None,
    pain_after: Mapping[RegionId, int] | None = None,
    soreness_next_day: int | None | Keep = KEEP,
) -> SessionRatings | None:
    """Replace the ratings given (None and KEEP leave them; `{}` clears a phase) and
    answer the session's ratings now; None when `user_id` does not own the session.

    Values must already be valid (regions from `backrub.contract.ids`, scores 0..10): the
    web layer validates with backrub's own rules, naming the field. One statement.
    """
    if not (driver.can_hold(person_id) and driver.can_hold(session_id)):
        return None
    values: dict[str, Any] = {
        "session_id": session_id,
        "person_id": person_id,
        "user_id": user_id,
    }
    if pain_before is not None:
        values["pain_before"] = to_json(dict(pain_before))
    if pain_after is not None:
        values["pain_after"] = to_json(dict(pain_after))
    if soreness_next_day is not KEEP:
        values["soreness_next_day"] = soreness_next_day
    changed = tuple(name for name in RATED if name in values)
    if changed:
        statement = driver.statement("rate:" + ",".join(changed), _rate(changed))
    else:
        statement = driver.statement("ratings_of", _ratings_of)
    row = driver.execute(cursor, statement, values).fetchone()
    if row is None:
        return None
    before, after, soreness = row
    return SessionRatings(session_id, as_json(before), as_json(after), soreness)
