"""What the journal pages show, as typed data (the twin of `views.py` for the journal).

One function per page builds its frozen dataclass from plain records; the handlers
in `journal_pages.py` only fetch the records and pass them in. `JOURNAL_TEMPLATES`
names each type's template, for these pages and those of `progress_views` and
`profile_views`, and joins `views.TEMPLATES`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from backrub.contract.records import (
    EARLIEST_ENTRY_DATE,
    AnySession,
    CheckinRecord,
    SessionRecord,
)
from backrub.knowledge import KnowledgeBase
from backrub.progress.checkin import (
    PEG_QUESTIONS,
    RMDQ_ITEMS,
    RMDQ_OFFER,
    SLEEP_QUESTION,
    STRESS_QUESTION,
    checkin_words,
)
from backrub.web.accounts.profile import PROFILE_TEMPLATES
from backrub.web.journal.edit_views import EDIT_TEMPLATES
from backrub.web.journal.forms import PEG_FIELDS, CheckinAnswers
from backrub.web.journal.lines import (
    CheckinLine,
    SessionLine,
    checkin_line,
    day_words,
    region_name,
    session_line,
)
from backrub.web.progress.views import PROGRESS_TEMPLATES

JOURNAL_PAGE_SIZE = 50
GIVER_WORDS = {"partner": "a partner", "self": "yourself", "device": "an electric massager"}


@dataclass(frozen=True)
class JournalPage:
    title: str
    name: str
    sessions: tuple[SessionLine, ...]  # newest first
    checkins: tuple[CheckinLine, ...]  # newest first
    older_url: str  # shows more sessions; "" when every one is shown
    kept: str  # a confirmation of what was just kept, or ""
    has_intake: bool  # the empty state says "plan a routine" or "start it"


@dataclass(frozen=True)
class StepLine:
    """A step of the plan a session followed, and whether it was done."""

    n: int
    technique: str
    where: str
    time: str
    done: bool


@dataclass(frozen=True)
class SessionPage:
    title: str
    session: SessionLine
    started: str  # "19:00 (UTC+01:00)"
    ended: str  # "19:15", or "" when unknown
    giver: str
    steps: tuple[StepLine, ...]
    kept: str


@dataclass(frozen=True)
class Question:
    """A number question of the check-in, with the answer given so far."""

    name: str
    text: str
    low: int
    high: int
    value: str
    required: bool


@dataclass(frozen=True)
class Statement:
    n: int
    text: str
    ticked: bool


@dataclass(frozen=True)
class CheckinPage:
    title: str
    questions: tuple[Question, ...]
    rmdq_offer: str
    rmdq_answer: bool  # the person chose to answer the 24 statements
    statements: tuple[Statement, ...]
    date: str
    date_earliest: str  # the dates a check-in may have (the date picker's min and max)
    date_latest: str
    last: str  # the previous check-in in words, or ""
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message
    error_labels: dict[str, str] = field(default_factory=dict)  # field id -> its question
    action: str = "/checkin"  # where the form goes: a new check-in, or one to change
    editing: bool = False
    rmdq_kept: str = ""  # editing: the Roland-Morris score stored, offered to keep


JOURNAL_TEMPLATES: dict[type, str] = {
    **EDIT_TEMPLATES,
    JournalPage: "journal.html",
    SessionPage: "journal_session.html",
    CheckinPage: "checkin.html",
    **PROGRESS_TEMPLATES,
    **PROFILE_TEMPLATES,
}


def journal_page(
    kb: KnowledgeBase,
    *,
    name: str,
    sessions: Sequence[AnySession],
    checkins: list[CheckinRecord],
    now: datetime.datetime,
    shown: int = JOURNAL_PAGE_SIZE,
    has_intake: bool = False,
    kept_id: str = "",
    refused: tuple[str, str, str] = ("", "", ""),
    notice: str = "",
) -> JournalPage:
    """`sessions` newest first, one more than `shown` when there are older ones.
    `kept_id`: a session whose soreness was just kept; `refused`: (session id, answer,
    message) of a soreness refused; `notice`: what was just changed or deleted."""
    lines = tuple(_line(kb, s, now, refused) for s in sessions[:shown])
    older = f"/journal?shown={shown + JOURNAL_PAGE_SIZE}" if len(sessions) > shown else ""
    kept = notice or next((_soreness_kept(s) for s in sessions if s.id == kept_id), "")
    return JournalPage(
        title="Your journal",
        name=name,
        sessions=lines,
        checkins=tuple(checkin_line(c) for c in checkins),
        older_url=older,
        kept=kept,
        has_intake=has_intake,
    )


def _line(
    kb: KnowledgeBase, session: AnySession, now: datetime.datetime, refused: tuple[str, ...]
) -> SessionLine:
    session_id, answer, error = refused
    if session.id == session_id:
        return session_line(kb, session, now, answer=answer, error=error)
    return session_line(kb, session, now)


def _soreness_kept(session: AnySession) -> str:
    if session.soreness_next_day is None:
        return ""
    return (
        f"Soreness {session.soreness_next_day}/10 kept with your session of "
        f"{day_words(session.date)}."
    )


def _offset(moment: datetime.datetime) -> str:
    offset = moment.utcoffset() or datetime.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def _steps(kb: KnowledgeBase, session: SessionRecord) -> tuple[StepLine, ...]:
    """The plan's steps as stored; a plan from elsewhere may lack fields, so each is optional."""
    steps: list[StepLine] = []
    for step in session.plan.get("steps") or []:
        if not isinstance(step, dict) or not isinstance(step.get("n"), int):
            continue
        technique = str(step.get("technique", ""))
        entry = kb.techniques.get(technique)
        regions = step.get("regions") or []
        seconds = step.get("seconds")
        steps.append(
            StepLine(
                n=step["n"],
                technique=(entry.name if entry else technique.replace("_", " ")).capitalize(),
                where=", ".join(region_name(kb, str(r)) for r in regions),
                time=_duration(seconds) if isinstance(seconds, int) else "",
                done=step["n"] in session.steps_done,
            )
        )
    return tuple(steps)


def _duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def session_page(
    kb: KnowledgeBase,
    session: SessionRecord,
    *,
    now: datetime.datetime,
    kept: str = "",
    refused: tuple[str, str] = ("", ""),
) -> SessionPage:
    """One session: its steps done, ratings and note; `refused` is (answer, message)."""
    answer, error = refused
    line = session_line(kb, session, now, answer=answer, error=error)
    return SessionPage(
        title=f"Session of {line.day}",
        session=line,
        started=f"{line.time} ({_offset(session.started)})",
        ended=f"{session.ended:%H:%M}" if session.ended else "",
        giver=GIVER_WORDS.get(session.giver, session.giver),
        steps=_steps(kb, session),
        kept=_SESSION_KEPT if kept == "changes" else _soreness_kept(session) if kept else "",
    )


_SESSION_KEPT = "Your changes to this session are kept."
_CHECKIN_LABELS = {
    "peg_pain": "Pain on average",
    "peg_enjoyment": "Pain and enjoying life",
    "peg_activity": "Pain and your usual activities",
    "sleep": "Sleep",
    "stress": "Stress",
    "rmdq": "How your back limits you",
    "date": "Date",
}


def checkin_page(
    answers: CheckinAnswers,
    *,
    today: datetime.date,
    last: CheckinRecord | None = None,
    errors: dict[str, str] | None = None,
    checkin_id: str = "",
) -> CheckinPage:
    """The weekly check-in: `backrub checkin`'s questions, filled in with `answers`;
    with `checkin_id`, the form that changes that check-in."""
    numbers = (
        (name, text, 0, 10, True) for name, text in zip(PEG_FIELDS, PEG_QUESTIONS, strict=True)
    )
    extra = (("sleep", SLEEP_QUESTION, 0, 10, False), ("stress", STRESS_QUESTION, 1, 5, False))
    values: dict[str, Any] = vars(answers)
    questions = tuple(
        Question(name, text, low, high, str(values[name]), required)
        for name, text, low, high, required in (*numbers, *extra)
    )
    ticked = set(answers.rmdq_items)
    errors = errors or {}
    return CheckinPage(
        title="Change your check-in" if checkin_id else "Weekly check-in",
        questions=questions,
        rmdq_offer=RMDQ_OFFER,
        rmdq_answer=answers.rmdq == "answer",
        statements=tuple(
            Statement(n, text, str(n) in ticked) for n, text in enumerate(RMDQ_ITEMS, 1)
        ),
        date=answers.date or today.isoformat(),
        date_earliest=EARLIEST_ENTRY_DATE.isoformat(),
        date_latest=(today + datetime.timedelta(days=1)).isoformat(),
        last=f"{day_words(last.date)}: {checkin_words(last)}" if last else "",
        errors=errors,
        error_labels={key: _CHECKIN_LABELS.get(key, key) for key in errors},
        action=f"/journal/checkins/{checkin_id}/edit" if checkin_id else "/checkin",
        editing=bool(checkin_id),
        rmdq_kept=answers.rmdq_kept,
    )
