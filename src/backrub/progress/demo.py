"""A demo journal made by code: a seeded, realistic history for trying reports.

`demo_person(seed=7, weeks=12, start=date(2026, 1, 5))` is the same journal,
ids and all, every time. The story: lower-back pain of about 6.5 that eases
towards about 3.5 over the weeks (the way a responder's might), 2-3 evening
sessions most weeks with the odd missed week, a few sessions stopped early,
some next-day soreness, a weekly check-in (PEG, sleep, stress) and the
Roland-Morris questionnaire every four weeks. Tests and benchmarks use it too.
"""

from __future__ import annotations

import datetime
import math
import random
from typing import Any

from backrub.contract.ids import RegionId
from backrub.contract.intake import Intake, parse_intake
from backrub.contract.records import CheckinRecord, Journal, PersonRecord, SessionRecord

DEMO_NAME = "demo"
DEMO_INTAKE: dict[str, Any] = {
    "schema": "backrub.intake/1",
    "giver": "partner",
    "minutes": 15,
    "pressure": "moderate",
    "pain": [
        {"region": "lower_back_left", "intensity": 7, "weeks": 14},
        {"region": "lower_back_right", "intensity": 6, "weeks": 14},
        {"region": "shoulder_right", "intensity": 4, "weeks": 6},
    ],
    "causes": ["sedentary", "posture"],
    "goals": ["relief", "sleep"],
    "tools": ["oil", "heat_pack"],
    "red_flags": [],
    "conditions": [],
    "local_issues": [],
}
# Winter and summer time, so that the journal has more than one offset.
OFFSETS = (datetime.timedelta(hours=1), datetime.timedelta(hours=2))
ABORT_NOTES = ("Phone rang, stopped early.", "Too tired tonight.", "Shoulder felt tender.")


def _new_id(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _clip(value: float, low: int = 0, high: int = 10) -> int:
    return max(low, min(high, round(value)))


def _level(week: float) -> float:
    """The underlying pain level: about 6.5 at the start, easing towards 3.5."""
    return 3.5 + 3.0 * math.exp(-week / 5.0)


def _offset(day: datetime.date) -> datetime.timezone:
    summer = 4 <= day.month <= 10
    return datetime.timezone(OFFSETS[1] if summer else OFFSETS[0])


def _session(
    rng: random.Random, day: datetime.date, level: float, plan: dict[str, Any]
) -> SessionRecord:
    hour, minute = rng.choice((18, 19, 20, 21)), rng.choice((0, 15, 30, 45))
    if rng.random() < 0.08:  # a late one
        hour, minute = 23, 40
    started = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=_offset(day))
    aborted = rng.random() < 0.08
    steps = len(plan["steps"])
    done = rng.randint(1, max(1, steps - 2)) if aborted else steps
    seconds = plan["total_seconds"] * done // steps + rng.randint(-20, 40)
    before: dict[RegionId, int] = {
        "lower_back_left": _clip(rng.gauss(level + 0.5, 0.9)),
        "lower_back_right": _clip(rng.gauss(level - 0.3, 0.9)),
        "shoulder_right": _clip(rng.gauss(level - 2.5, 0.9)),
    }
    relief = rng.gauss(1.4, 0.6) * (0.5 if aborted else 1.0)
    after = {region: _clip(value - relief) for region, value in before.items()}
    if aborted and rng.random() < 0.5:
        after = {}
    soreness = _clip(rng.gauss(1.2, 1.0), 0, 10) if rng.random() < 0.8 else None
    return SessionRecord(
        id=_new_id(rng),
        started=started,
        ended=started + datetime.timedelta(seconds=max(60, seconds)),
        status="aborted" if aborted else "completed",
        giver="partner",
        plan=plan,
        steps_done=tuple(range(1, done + 1)),
        pain_before=before,
        pain_after=after,
        soreness_next_day=soreness,
        note=rng.choice(ABORT_NOTES) if aborted else "",
    )


def _checkin(rng: random.Random, day: datetime.date, level: float, rmdq_due: bool) -> CheckinRecord:
    peg = (
        _clip(rng.gauss(level, 0.7)),
        _clip(rng.gauss(level - 0.5, 0.9)),
        _clip(rng.gauss(level - 0.2, 0.9)),
    )
    rmdq = _clip(rng.gauss(level * 1.8 - 1, 1.2), 0, 24) if rmdq_due else None
    return CheckinRecord(
        id=_new_id(rng),
        date=day,
        peg=peg,
        sleep=_clip(rng.gauss(9.5 - level * 0.8, 1.0)),
        stress=_clip(rng.gauss(3.6 - (6.5 - level) * 0.4, 0.8), 1, 5),
        rmdq=rmdq,
    )


def _week(
    rng: random.Random, monday: datetime.date, week: int, last: bool, plan: dict[str, Any]
) -> tuple[list[SessionRecord], CheckinRecord]:
    level = _level(week)
    roll = rng.random()
    count = 0 if roll < 0.08 else 1 if roll < 0.18 else 2 if roll < 0.6 else 3
    days = sorted(rng.sample(range(7), count))
    sessions = [_session(rng, monday + datetime.timedelta(days=d), level, plan) for d in days]
    sunday = monday + datetime.timedelta(days=6)
    checkin = _checkin(rng, sunday, level + rng.gauss(0, 0.3), week % 4 == 0 or last)
    return sessions, checkin


def demo_intake() -> Intake:
    return parse_intake(DEMO_INTAKE)


def demo_person(seed: int = 7, weeks: int = 12, start: datetime.date | None = None) -> PersonRecord:
    """`weeks` weeks of history from `start` (a Monday is typical; default: `weeks` ago)."""
    from backrub.planning.planner import make_plan

    if start is None:
        start = datetime.date.today() - datetime.timedelta(weeks=weeks)
    rng = random.Random(seed)
    intake = demo_intake()
    plan = make_plan(intake).to_dict()
    sessions: list[SessionRecord] = []
    checkins: list[CheckinRecord] = []
    person_id = _new_id(rng)
    for week in range(weeks):
        monday = start + datetime.timedelta(weeks=week)
        week_sessions, checkin = _week(rng, monday, week, week == weeks - 1, plan)
        sessions += week_sessions
        checkins.append(checkin)
    return PersonRecord(
        id=person_id,
        name=DEMO_NAME,
        intake=intake,
        sessions=tuple(sessions),
        checkins=tuple(checkins),
    )


def demo_journal(seed: int = 7, weeks: int = 12, start: datetime.date | None = None) -> Journal:
    return Journal(people=(demo_person(seed=seed, weeks=weeks, start=start),))
