"""Plain factories for journal records: a valid default, one field changed at a time."""

from __future__ import annotations

import datetime
from typing import Any

from msgspec.structs import replace

from backrub.contract.records import CheckinRecord, Journal, PersonRecord, SessionRecord, new_id

CET = datetime.timezone(datetime.timedelta(hours=1))
PLAN: dict[str, Any] = {
    "schema": "backrub.plan/1",
    "verdict": "go",
    "reasons": [],
    "warnings": [],
    "total_seconds": 60,
    "steps": [{"n": 1, "technique": "effleurage", "seconds": 60}],
}


def make_session(**overrides: Any) -> SessionRecord:
    """A completed 15-minute session; `ended` follows an overridden `started`."""
    started = overrides.get("started", datetime.datetime(2026, 1, 5, 19, 0, tzinfo=CET))
    session = SessionRecord(
        id=new_id(),
        started=started,
        ended=started + datetime.timedelta(minutes=15, seconds=10),
        status="completed",
        giver="partner",
        plan=dict(PLAN),
        steps_done=(1,),
        pain_before={"lower_back_left": 6},
        pain_after={"lower_back_left": 4},
    )
    return replace(session, **overrides)


def make_checkin(**overrides: Any) -> CheckinRecord:
    checkin = CheckinRecord(
        id=new_id(), date=datetime.date(2026, 1, 7), peg=(6, 5, 5), sleep=6, stress=3
    )
    return replace(checkin, **overrides)


# The plan of `sample_journal`'s sessions: six steps, fifteen minutes.
SAMPLE_PLAN: dict[str, Any] = {
    "schema": "backrub.plan/1",
    "verdict": "go",
    "total_seconds": 900,
    "steps": [{"n": n} for n in range(1, 7)],
}


def sample_journal() -> Journal:
    """Two people with sessions and check-ins, one with nothing, awkward notes included."""
    start = datetime.datetime(2026, 1, 5, 23, 30, tzinfo=CET)
    sam = PersonRecord(
        id="p-sam",
        name="Sam",
        sessions=(
            SessionRecord(
                id="s1",
                started=start,
                ended=start + datetime.timedelta(minutes=15),
                status="completed",
                giver="partner",
                plan=SAMPLE_PLAN,
                steps_done=(1, 2, 3, 4, 5, 6),
                pain_before={"lower_back_left": 6, "shoulder_right": 3},
                pain_after={"lower_back_left": 4},
                soreness_next_day=2,
                note='felt good, "really"\nsecond line',
            ),
            SessionRecord(
                id="s2",
                started=start + datetime.timedelta(days=2),
                ended=None,
                status="aborted",
                giver="self",
                plan=SAMPLE_PLAN,
                steps_done=(1, 2),
            ),
        ),
        checkins=(
            CheckinRecord(id="c1", date=datetime.date(2026, 1, 7), peg=(6, 5, 5), sleep=6),
            CheckinRecord(
                id="c2", date=datetime.date(2026, 1, 14), peg=(4, 4, 3), stress=2, rmdq=7
            ),
        ),
    )
    ada = PersonRecord(
        id="p-ada",
        name="Ada, Jr.",
        sessions=(
            SessionRecord(
                id="s3",
                started=datetime.datetime(2026, 2, 1, 8, 0, tzinfo=datetime.UTC),
                ended=datetime.datetime(2026, 2, 1, 8, 10, tzinfo=datetime.UTC),
                status="completed",
                giver="device",
                plan=SAMPLE_PLAN,
                steps_done=(1, 2, 3, 4, 5, 6),
                pain_before={"spine": 5},
                pain_after={"spine": 3},
            ),
        ),
        checkins=(CheckinRecord(id="c3", date=datetime.date(2026, 2, 2), peg=(0, 0, 1)),),
    )
    nobody = PersonRecord(id="p-empty", name="Empty")
    return Journal(people=(sam, ada, nobody))
