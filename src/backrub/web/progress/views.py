"""The progress and schedule pages, as typed data.

Progress shows what `backrub report --html` shows (the same `summarize`, words,
figure cards and charts) plus the latest sessions, so a session just finished is
visibly there. Charts are images the browser asks for (`routes.chart`), and only
when there is something to draw; their URLs name the drawing's digest.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from backrub.contract.plan import Plan
from backrub.contract.records import AnyPerson, AnySession
from backrub.exchange.schedule import DAY_NAMES, DAYS, first_day, frequency_warning
from backrub.progress.checkin import checkin_words
from backrub.progress.summary import Progress
from backrub.report.html import CAPTIONS, Card, date_span, figure_cards
from backrub.web.journal.forms import ScheduleAnswers, ScheduleChoice, schedule_query
from backrub.web.journal.lines import day_words, pain_summary

RECENT_SESSIONS = 10
RECENT_CHECKINS = 5
CHART_TITLES = {
    "pain": "Pain before each session",
    "peg": "Pain's effect on daily life (PEG, weekly check-in)",
    "sessions": "Sessions per week",
    "before_after": "Pain before and after each session (last 12 weeks)",
}


@dataclass(frozen=True)
class DrawnChart:
    """A chart's SVG, a digest of it (its URL names it), and its size in CSS pixels."""

    svg: str
    digest: str
    width: int
    height: int


def drawn_charts(charts: dict[str, str]) -> dict[str, DrawnChart]:
    """Each chart with its digest and the size its root element gives."""
    drawn = {}
    for name, svg in charts.items():
        found = _SIZE.search(svg)
        width, height = (round(float(found[1])), round(float(found[2]))) if found else (360, 240)
        digest = hashlib.blake2b(svg.encode(), digest_size=8).hexdigest()
        drawn[name] = DrawnChart(svg, digest, width, height)
    return drawn


_SIZE = re.compile(r'<svg[^>]* width="([0-9.]+)" height="([0-9.]+)"')


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    caption: str
    url: str  # the SVG document (`/progress/charts/{id}.svg?v={digest}`)
    width: int
    height: int


@dataclass(frozen=True)
class RecentSession:
    date: str  # ISO, in the session's own offset
    day: str
    time: str
    status_words: str
    pain: str  # "6 → 4", or "not rated"
    url: str


@dataclass(frozen=True)
class RecentCheckin:
    date: str
    day: str
    peg: str


@dataclass(frozen=True)
class ProgressPage:
    title: str
    name: str
    empty: bool  # no sessions and no check-ins: the page says how to start
    verdict: str
    headline: str
    meaning: str
    dates: str
    referral: tuple[str, ...]
    cards: tuple[Card, ...]
    details: tuple[str, ...]
    evidence: str
    charts: tuple[Chart, ...]
    recent: tuple[RecentSession, ...]  # newest first
    checkins: tuple[RecentCheckin, ...]  # newest first
    summary: dict[str, Any]  # `backrub.progress/1`, as `backrub report --json` prints it
    kept: str = ""  # the check-in just kept, in words


@dataclass(frozen=True)
class DayChoice:
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class SchedulePage:
    title: str
    has_intake: bool
    days: tuple[DayChoice, ...]
    time: str
    weeks: str
    tz: str
    routine: str  # "15 min, 6 steps", or ""
    summary: str  # what the calendar will hold, or "" until the answers are good
    warning: str  # `schedule.frequency_warning`, or ""
    download_url: str  # the .ics for these answers, or ""
    errors: dict[str, str] = field(default_factory=dict)
    error_labels: dict[str, str] = field(default_factory=dict)


PROGRESS_TEMPLATES: dict[type, str] = {ProgressPage: "progress.html", SchedulePage: "schedule.html"}


def progress_page(
    person: AnyPerson,
    progress: Progress,
    drawn: dict[str, DrawnChart],
    *,
    kept_id: str = "",
) -> ProgressPage:
    """`drawn` holds the charts (none for an empty journal); `kept_id` is a check-in
    just kept, to confirm."""
    words = progress.words
    sessions: list[AnySession] = sorted(person.sessions, key=lambda s: s.started, reverse=True)
    checkins = sorted(person.checkins, key=lambda c: c.date, reverse=True)
    recent = tuple(
        RecentSession(
            date=s.date.isoformat(),
            day=day_words(s.date),
            time=f"{s.started:%H:%M}",
            status_words="completed" if s.status == "completed" else "stopped early",
            pain=pain_summary(s),
            url=f"/journal/sessions/{s.id}",
        )
        for s in sessions[:RECENT_SESSIONS]
    )
    empty = not person.sessions and not person.checkins
    return ProgressPage(
        title="Your progress",
        name=person.name,
        empty=empty,
        verdict=progress.verdict,
        headline=words.headline,
        meaning=words.meaning,
        dates=date_span(progress),
        referral=words.referral,
        cards=figure_cards(progress),
        details=words.details,
        evidence=words.evidence,
        charts=()
        if empty
        else tuple(
            Chart(
                key,
                title,
                CAPTIONS.get(key, ""),
                f"/progress/charts/{key}.svg?v={drawn[key].digest}",
                drawn[key].width,
                drawn[key].height,
            )
            for key, title in CHART_TITLES.items()
            if key in drawn
        ),
        recent=recent,
        checkins=tuple(
            RecentCheckin(c.date.isoformat(), day_words(c.date), f"{c.peg_score:.1f}")
            for c in checkins[:RECENT_CHECKINS]
        ),
        summary=progress.to_dict(),
        kept=next((f"Check-in kept: {checkin_words(c)}." for c in checkins if c.id == kept_id), ""),
    )


def _day_list(days: list[str]) -> str:
    names = [DAY_NAMES[DAYS.index(day)].capitalize() for day in days]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def schedule_page(
    answers: ScheduleAnswers,
    *,
    plan: Plan | None,
    choice: ScheduleChoice | None = None,
    today: datetime.date | None = None,
    errors: dict[str, str] | None = None,
) -> SchedulePage:
    """The schedule form; with a good `choice` (and a plan with steps), what the calendar
    holds and its download link. `plan` is None without a saved intake."""
    errors = dict(errors or {})
    routine = summary = warning = url = ""
    if plan is not None and plan.steps:
        minutes = round(plan.total_seconds / 60)
        steps = len(plan.steps)
        routine = f"{minutes} min, {steps} step{'s' if steps != 1 else ''}"
    elif plan is not None:
        errors.setdefault("intake", "your saved answers say no massage for now: see the plan")
    if choice is not None and routine and not errors:
        zone_today = today or datetime.datetime.now(choice.zone).date()
        start = first_day(zone_today, choice.days)
        count = choice.weeks * len(choice.days)
        summary = (
            f"{count} session{'s' if count != 1 else ''}: "
            f"{_day_list(choice.days)} at {choice.time:%H:%M} "
            f"({choice.zone}), for {choice.weeks} week{'s' if choice.weeks != 1 else ''}, "
            f"from {day_words(start)}"
        )
        warning = frequency_warning(choice.days) or ""
        url = "/schedule.ics?" + schedule_query(answers)
    chosen = {day.lower() for day in answers.days}
    return SchedulePage(
        title="Your schedule",
        has_intake=plan is not None,
        days=tuple(
            DayChoice(day, name.capitalize(), day in chosen or name in chosen)
            for day, name in zip(DAYS, DAY_NAMES, strict=True)
        ),
        time=answers.time,
        weeks=answers.weeks,
        tz=answers.tz,
        routine=routine,
        summary=summary,
        warning=warning,
        download_url=url,
        errors=errors,
        error_labels={key: _SCHEDULE_LABELS.get(key, key) for key in errors},
    )


_SCHEDULE_LABELS = {
    "days": "Days",
    "time": "Time",
    "weeks": "Weeks",
    "tz": "Time zone",
    "intake": "Your routine",
}
