"""Plain factories for journal records: a valid default, one field changed at a time."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

from backrub.contract.records import CheckinRecord, SessionRecord, new_id

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
