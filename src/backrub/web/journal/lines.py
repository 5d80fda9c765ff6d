"""Sessions and check-ins told in words, as the journal, session and progress pages list them.

Times are the session's own: a session started at 19:00 in Lisbon reads 19:00
wherever the server is (the contract's rule for a session's date). Text from the
journal (notes) reaches templates as plain strings, so Jinja escapes it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from backrub.contract.records import AnySession, CheckinRecord
from backrub.knowledge import KnowledgeBase
from backrub.progress.checkin import checkin_words
from backrub.progress.figures import round1

STATUS_WORDS = {"completed": "completed", "aborted": "stopped early"}
SORENESS_DAYS = 1  # the form is offered on the day of a session and the day after


@dataclass(frozen=True)
class PainChange:
    """One region's pain before and after a session ("-" where it was not rated)."""

    region: str
    name: str
    before: str
    after: str


@dataclass(frozen=True)
class SessionLine:
    id: str
    url: str
    date: str  # ISO date in the session's own offset
    day: str  # "Mon 5 Jan 2026"
    time: str  # "19:00"
    status: str  # completed | aborted
    status_words: str
    minutes: int | None  # None while a session has no end
    steps_done: int
    steps_total: int
    pain: tuple[PainChange, ...]
    pain_summary: str  # "6 → 4" (the mean of the regions rated), or "not rated"
    soreness: int | None
    soreness_due: bool  # a day old at most and none yet: the page offers the form
    note: str
    soreness_answer: str = ""  # what was typed, when the page shows it again
    soreness_error: str = ""


@dataclass(frozen=True)
class CheckinLine:
    id: str
    date: str
    day: str
    peg: str  # the PEG score, one decimal
    words: str  # `checkin_words`: what `backrub checkin` says back


def day_words(day: datetime.date) -> str:
    """Mon 5 Jan 2026."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def region_name(kb: KnowledgeBase, region: str) -> str:
    entry = kb.regions.get(region)
    return entry.name if entry is not None else region.replace("_", " ")


def _mean(values: dict[Any, int]) -> str:
    if not values:
        return "-"
    mean = round1(Fraction(sum(values.values()), len(values)))
    return f"{mean:g}"


def pain_summary(session: AnySession) -> str:
    if not session.pain_before and not session.pain_after:
        return "not rated"
    return f"{_mean(session.pain_before)} → {_mean(session.pain_after)}"


def soreness_due(session: AnySession, now: datetime.datetime) -> bool:
    """No soreness yet, and the session was today or yesterday, in its own offset."""
    if session.soreness_next_day is not None:
        return False
    today = now.astimezone(session.started.tzinfo).date()
    return 0 <= (today - session.date).days <= SORENESS_DAYS


def session_line(
    kb: KnowledgeBase,
    session: AnySession,
    now: datetime.datetime,
    *,
    answer: str = "",
    error: str = "",
) -> SessionLine:
    """`now` (aware) decides whether soreness is asked; `answer` and `error` are a refused
    soreness, shown again next to its field."""
    regions = list(session.pain_before) + [
        r for r in session.pain_after if r not in session.pain_before
    ]
    pain = tuple(
        PainChange(
            region,
            region_name(kb, region),
            str(session.pain_before.get(region, "-")),
            str(session.pain_after.get(region, "-")),
        )
        for region in regions
    )
    minutes = None
    if session.ended is not None:
        minutes = round((session.ended - session.started).total_seconds() / 60)
    return SessionLine(
        id=session.id,
        url=f"/journal/sessions/{session.id}",
        date=session.date.isoformat(),
        day=day_words(session.date),
        time=f"{session.started:%H:%M}",
        status=session.status,
        status_words=STATUS_WORDS[session.status],
        minutes=minutes,
        steps_done=len(session.steps_done),
        steps_total=session.step_count,
        pain=pain,
        pain_summary=pain_summary(session),
        soreness=session.soreness_next_day,
        soreness_due=soreness_due(session, now) or bool(error),
        note=session.note,
        soreness_answer=answer,
        soreness_error=error,
    )


def checkin_line(checkin: CheckinRecord) -> CheckinLine:
    return CheckinLine(
        id=checkin.id,
        date=checkin.date.isoformat(),
        day=day_words(checkin.date),
        peg=f"{checkin.peg_score:.1f}",
        words=checkin_words(checkin),
    )
