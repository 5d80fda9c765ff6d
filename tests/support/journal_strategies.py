"""Hypothesis strategies for journals, and an empty journal per example.

Journals are made with unicode names and notes (as records take them), random
offsets (to the minute) on every time, microseconds sometimes, pain maps in any
order and plans with arbitrary extra JSON. Sessions come sorted by start and check-ins by date, the
order an export gives.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from backrub.contract.intake import parse_intake
from backrub.contract.records import CheckinRecord, Journal, PersonRecord, SessionRecord
from backrub.journal import open_journal
from backrub.journal.store import Store
from support.contract_checker import REGIONS
from support.databases import fresh_database
from support.strategies import intakes

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# PostgreSQL text cannot hold NUL, and lone surrogates are not UTF-8.
# What a name or a note may hold: no control or direction-changing character
# (contract.validation.check_text); a note may also run over lines.
DIRECTION = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
texts = st.characters(exclude_characters=DIRECTION, exclude_categories=("Cs", "Cc"))
note_texts = texts | st.sampled_from("\n\t")
offsets = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)
# What an import takes: entries dated from 1900-01-01 to tomorrow. Two days inside
# either end, since a session's end may be shown in another offset than its start.
_TODAY = datetime.date.today()
moments = st.datetimes(
    min_value=datetime.datetime(1900, 1, 3),
    max_value=datetime.datetime.combine(_TODAY - datetime.timedelta(days=2), datetime.time()),
    timezones=offsets,
)
scores = st.integers(0, 10)
pain_maps = st.dictionaries(st.sampled_from(REGIONS), scores, max_size=4)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**9), 10**9)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(texts, max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(texts), inner, max_size=3),
    max_leaves=8,
)
plans = st.dictionaries(st.text(texts, max_size=8).filter(lambda k: k != "schema"), json_values)
ids = st.text("0123456789abcdef", min_size=1, max_size=64)


@st.composite
def sessions(draw: st.DrawFn) -> SessionRecord:
    started = draw(moments)
    length = draw(st.none() | st.timedeltas(datetime.timedelta(0), datetime.timedelta(hours=3)))
    ended = None
    if length is not None:
        ended = (started + length).astimezone(draw(offsets))
    return SessionRecord(
        id="",
        started=started,
        ended=ended,
        status=draw(st.sampled_from(["completed", "aborted"])),
        giver=draw(st.sampled_from(["self", "partner", "device"])),
        plan={"schema": "backrub.plan/1", **draw(plans)},
        steps_done=tuple(draw(st.lists(st.integers(1, 1000), max_size=8))),
        pain_before=draw(pain_maps),
        pain_after=draw(pain_maps),
        soreness_next_day=draw(st.none() | scores),
        note=draw(st.text(note_texts, max_size=60)),
    )


checkins = st.builds(
    CheckinRecord,
    id=st.just(""),
    date=st.dates(datetime.date(1900, 1, 1), _TODAY + datetime.timedelta(days=1)),
    peg=st.tuples(scores, scores, scores),
    sleep=st.none() | scores,
    stress=st.none() | st.integers(1, 5),
    rmdq=st.none() | st.integers(0, 24),
)


@st.composite
def journals(draw: st.DrawFn) -> Journal:
    names = draw(st.lists(st.text(texts, min_size=1, max_size=100), unique=True, max_size=3))
    people = []
    for name in names:
        intake = draw(st.none() | intakes().map(parse_intake))
        found = sorted(draw(st.lists(sessions(), max_size=4)), key=lambda s: s.started)
        weekly = sorted(draw(st.lists(checkins, max_size=3)), key=lambda c: c.date)
        people.append(PersonRecord("", name, intake, tuple(found), tuple(weekly)))
    count = len(people) + sum(len(p.sessions) + len(p.checkins) for p in people)
    fresh = iter(draw(st.lists(ids, unique=True, min_size=count, max_size=count)))
    return Journal(
        people=tuple(
            PersonRecord(
                id=next(fresh),
                name=person.name,
                intake=person.intake,
                sessions=tuple(with_id(s, next(fresh)) for s in person.sessions),
                checkins=tuple(with_id(c, next(fresh)) for c in person.checkins),
            )
            for person in people
        )
    )


def with_id(record: Any, new: str) -> Any:
    return replace(record, id=new)


@contextmanager
def empty_journal() -> Iterator[Store]:
    """A fresh database per Hypothesis example (function fixtures would be shared)."""
    with fresh_database() as url, open_journal(url) as store:
        yield store
