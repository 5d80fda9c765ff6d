"""The player's form: what it sends, and the journal entry made of it.

The same form serves with and without JavaScript. Without it, the person rates
pain before and after and presses "I did the routine": the hidden fields keep
their defaults (completed, every step done, no times), and the session is taken
to have ended now, the plan's length ago. With it, `player.js` fills the hidden
fields from its clock: `started` and `ended` as UTC instants (ISO 8601),
`utc_offset` as the browser's minutes east of UTC (so the journal keeps the
person's own clock time and date), `status`, `steps_done`, and `session_id`: an id
the browser makes for each run, so that a save queued offline and sent again is the
same write (without it, the ticket's id).

`session_record` judges every field against the sealed routine and raises
`FormErrors` naming each bad field, in the words the page shows next to it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Literal, cast

from backrub.contract.ids import Giver, RegionId
from backrub.contract.records import SessionRecord
from backrub.contract.validation import ValidationError, check_text, small_integer
from backrub.web.intake.forms import FormLike
from backrub.web.player.ticket import Routine

MAX_NOTE = 2000  # the journal's limit (records.SessionRecord.note)
MIN_OFFSET, MAX_OFFSET = -12 * 60, 14 * 60  # the world's time zones, in minutes
STATUSES = ("completed", "aborted")
SCORE_MESSAGE = "expected a whole number from 0 to 10, or nothing"
SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{15,63}")  # within records.Id


class FormErrors(Exception):
    """Bad answers: field id -> message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class SessionAnswers:
    """The form's fields as text, exactly as sent (so a bad one is shown back as typed)."""

    pain_before: dict[str, str] = field(default_factory=dict)  # region -> answer
    pain_after: dict[str, str] = field(default_factory=dict)
    note: str = ""
    status: str = "completed"
    steps_done: str = ""  # step numbers, "1,2,3"
    started: str = ""
    ended: str = ""
    utc_offset: str = ""
    session_id: str = ""  # the browser's id for this run; "" means the ticket's


def default_answers(routine: Routine) -> SessionAnswers:
    """What the form sends untouched: the routine done, every step of it (no JavaScript)."""
    return SessionAnswers(steps_done=",".join(str(n) for n in routine.step_numbers))


def answers_from(form: FormLike, regions: tuple[str, ...]) -> SessionAnswers:
    def text(name: str) -> str:
        values = form.getlist(name)
        return values[0] if values and isinstance(values[0], str) else ""

    return SessionAnswers(
        pain_before={region: text(f"before-{region}").strip() for region in regions},
        pain_after={region: text(f"after-{region}").strip() for region in regions},
        note=text("note").strip(),
        status=text("status").strip(),
        steps_done=text("steps_done").strip(),
        started=text("started").strip(),
        ended=text("ended").strip(),
        utc_offset=text("utc_offset").strip(),
        session_id=text("session_id").strip(),
    )


def session_record(
    routine: Routine, answers: SessionAnswers, now: datetime.datetime
) -> SessionRecord:
    """The journal entry for the routine, or `FormErrors` naming every bad field.

    `now` is an aware datetime; its offset is the default when the browser sent none."""
    errors: dict[str, str] = {}
    before = _scores(answers.pain_before, "before", errors)
    after = _scores(answers.pain_after, "after", errors)
    offset = _offset(answers.utc_offset, now, errors)
    times = _times(answers, routine, now, offset, errors)
    status = answers.status or "completed"
    if status not in STATUSES:
        errors["status"] = "expected completed or aborted"
    steps_done = _steps(answers.steps_done, routine, errors)
    if len(answers.note) > MAX_NOTE:
        errors["note"] = f"expected at most {MAX_NOTE} characters, got {len(answers.note)}"
    else:
        try:  # the journal's rule (records.SessionRecord), said beside the field
            check_text("note", answers.note, lines=True)
        except ValidationError as refused:
            errors["note"] = refused.message
    if answers.session_id and not SESSION_ID.fullmatch(answers.session_id):
        errors["session_id"] = (
            "expected 16 to 64 letters, digits, '-' or '_', the first a letter or digit"
        )
    if errors or times is None:
        raise FormErrors(errors)
    return SessionRecord(
        id=answers.session_id or routine.session_id,
        started=times[0],
        ended=times[1],
        status=cast(Literal["completed", "aborted"], status),
        giver=cast(Giver, routine.giver),
        plan=routine.plan,
        steps_done=steps_done,
        pain_before=before,
        pain_after=after,
        note=answers.note,
    )


def _scores(answers: dict[str, str], prefix: str, errors: dict[str, str]) -> dict[RegionId, int]:
    scores: dict[RegionId, int] = {}
    for region, text in answers.items():
        if not text:
            continue
        score = small_integer(text)
        if score is not None and 0 <= score <= 10:
            scores[cast(RegionId, region)] = score
        else:
            errors[f"{prefix}-{region}"] = SCORE_MESSAGE
    return scores


def _offset(text: str, now: datetime.datetime, errors: dict[str, str]) -> datetime.timezone:
    if not text:
        return datetime.timezone(now.utcoffset() or datetime.timedelta())
    try:
        minutes = int(text)
    except ValueError:
        minutes = MAX_OFFSET + 1
    if not MIN_OFFSET <= minutes <= MAX_OFFSET:
        errors["utc_offset"] = f"expected minutes east of UTC, {MIN_OFFSET} to {MAX_OFFSET}"
        return datetime.UTC
    return datetime.timezone(datetime.timedelta(minutes=minutes))


def _times(
    answers: SessionAnswers,
    routine: Routine,
    now: datetime.datetime,
    offset: datetime.timezone,
    errors: dict[str, str],
) -> tuple[datetime.datetime, datetime.datetime] | None:
    """Both times in the person's offset; neither sent means "just now, the plan's length"."""
    if not answers.started and not answers.ended:
        just_now = now.astimezone(offset)
        return just_now - datetime.timedelta(seconds=routine.total_seconds), just_now
    started = _instant(answers.started, "started", offset, errors)
    ended = _instant(answers.ended, "ended", offset, errors)
    if started is None or ended is None:
        return None
    if ended < started:
        errors["ended"] = "must not be before the start"
        return None
    return started, ended


def _instant(
    text: str, name: str, offset: datetime.timezone, errors: dict[str, str]
) -> datetime.datetime | None:
    moment: datetime.datetime | None
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        errors[name] = "expected a date and time with its offset, like 2025-03-01T18:30:00Z"
        return None
    return moment.astimezone(offset)


def _steps(text: str, routine: Routine, errors: dict[str, str]) -> tuple[int, ...]:
    known = routine.step_numbers
    parts = [part.strip() for part in text.split(",") if part.strip()]
    numbers = [small_integer(part) for part in parts]
    if all(number in known for number in numbers):
        return tuple(sorted({number for number in numbers if number is not None}))
    errors["steps_done"] = f"expected step numbers from 1 to {len(known)}, separated by commas"
    return ()
