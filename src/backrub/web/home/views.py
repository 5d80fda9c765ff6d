"""The signed-in home page, "today", as typed data: what comes next and how it is going.

Read from the person's journal record (the same `summarize` as the progress page),
so the verdict sentence here and the progress page's headline cannot disagree.
The schedule is `backrub schedule`'s default days (Monday, Wednesday, Friday):
the journal keeps no schedule of its own, and those days give the 2-3 sessions a
week that the progress figures aim for.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from backrub.contract.records import AnyPerson, AnySession
from backrub.exchange.schedule import DAYS, RECOMMENDED_PER_WEEK, first_day
from backrub.progress.summary import Progress
from backrub.web.journal.forms import DEFAULT_DAYS
from backrub.web.journal.lines import STATUS_WORDS, pain_summary


@dataclass(frozen=True)
class LastSession:
    day: str  # "Wednesday 2 December"
    status_words: str
    pain: str  # "6 → 4", or "not rated"
    url: str


@dataclass(frozen=True)
class TodayPage:
    title: str
    name: str
    has_intake: bool
    stopped: bool  # the saved answers' plan is a stop (a red flag): no routine to start
    next_day: str  # "Today", "Tomorrow" or "Friday 4 December"
    schedule_words: str  # "Monday, Wednesday and Friday"
    last: LastSession | None
    verdict: str  # the progress headline, as one sentence
    week_count: int
    week_words: str  # "1 session of the 2-3 planned"
    start_url: str  # the player for the saved intake; the intake without one, or after a stop


HOME_TEMPLATES: dict[type, str] = {TodayPage: "today.html"}


def long_day(day: datetime.date, today: datetime.date) -> str:
    """Today, Tomorrow, Yesterday, or Friday 4 December (with the year when not this one):
    each starts a line of the card, so it starts with a capital."""
    near = {0: "Today", 1: "Tomorrow", -1: "Yesterday"}.get((day - today).days)
    if near:
        return near
    words = f"{day:%A} {day.day} {day:%B}"
    return words if day.year == today.year else f"{words} {day.year}"


def _day_list(days: tuple[str, ...]) -> str:
    names = [datetime.date(2024, 1, 1 + DAYS.index(day)).strftime("%A") for day in days]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def next_session_day(
    sessions: tuple[AnySession, ...], today: datetime.date, days: tuple[str, ...]
) -> datetime.date:
    """The first scheduled day from today on; from tomorrow once today's session is done."""
    done_today = any(s.date == today for s in sessions)
    start = today + datetime.timedelta(days=1) if done_today else today
    return first_day(start, list(days))


def week_words(count: int) -> str:
    low, high = RECOMMENDED_PER_WEEK
    sessions = "session" if count == 1 else "sessions"
    return f"{count} {sessions} of the {low}-{high} planned"


def today_page(
    person: AnyPerson,
    progress: Progress,
    today: datetime.date,
    *,
    stopped: bool = False,
    days: tuple[str, ...] = DEFAULT_DAYS,
) -> TodayPage:
    """`person` with its sessions; `today` in the server's calendar; `stopped` when the
    saved answers' plan says no massage."""
    sessions: tuple[AnySession, ...] = tuple(sorted(person.sessions, key=lambda s: s.started))
    monday = today - datetime.timedelta(days=today.weekday())
    count = sum(1 for s in sessions if monday <= s.date <= today)
    latest = sessions[-1] if sessions else None
    last = None
    if latest is not None:
        last = LastSession(
            day=long_day(latest.date, today),
            status_words=STATUS_WORDS[latest.status],
            pain=pain_summary(latest),
            url=f"/journal/sessions/{latest.id}",
        )
    headline = progress.words.headline
    return TodayPage(
        title="Today",
        name=person.name,
        has_intake=person.intake is not None,
        stopped=stopped,
        next_day=long_day(next_session_day(sessions, today, days), today),
        schedule_words=_day_list(days),
        last=last,
        verdict=headline if headline.endswith(".") else headline + ".",
        week_count=count,
        week_words=week_words(count),
        start_url="/player" if person.intake is not None and not stopped else "/intake",
    )
