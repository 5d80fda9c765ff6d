"""The pages that change or delete what was recorded: a session's ratings and note, and
the confirmation asked before a session or a check-in is deleted.

Like `views`, typed page data built from plain records; the check-in's edit form is
the check-in page itself (`views.checkin_page` with an `action`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from backrub.contract.ids import REGIONS
from backrub.contract.records import CheckinRecord, SessionRecord
from backrub.knowledge import KnowledgeBase
from backrub.progress.checkin import checkin_words
from backrub.web.journal.lines import day_words, pain_summary, region_name

NOTICES = {
    "session-deleted": "The session of {day} is deleted.",
    "checkin-deleted": "The check-in of {day} is deleted.",
    "checkin-changed": "Your check-in of {day} is changed.",
}


@dataclass(frozen=True)
class PainRow:
    """One region's pain before and after, as the edit form shows it ("" not rated)."""

    region: str
    name: str
    before: str
    after: str


@dataclass(frozen=True)
class SessionEditPage:
    title: str
    day: str  # "Mon 5 Jan 2026, 19:00"
    action: str
    back: str
    rows: tuple[PainRow, ...]
    soreness: str
    note: str
    errors: dict[str, str] = field(default_factory=dict)
    error_labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ConfirmDeletePage:
    title: str
    question: str  # "Delete the session of Mon 5 Jan 2026, 19:00?"
    details: str  # what it holds, so that the right one is deleted
    action: str
    back: str


EDIT_TEMPLATES: dict[type, str] = {
    SessionEditPage: "journal_session_edit.html",
    ConfirmDeletePage: "confirm_delete.html",
}


def session_regions(session: SessionRecord) -> tuple[str, ...]:
    """The regions a session's ratings may name: those rated, then those its plan worked."""
    found: list[str] = [*session.pain_before, *session.pain_after]
    for step in session.plan.get("steps") or []:
        if isinstance(step, dict):
            found += [str(r) for r in step.get("regions") or [] if r in REGIONS]
    return tuple(dict.fromkeys(found))


def session_edit_page(
    kb: KnowledgeBase,
    session: SessionRecord,
    *,
    answers: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> SessionEditPage:
    """The form filled in with the session's ratings, or with `answers` as typed."""
    stored = {f"before-{r}": str(v) for r, v in session.pain_before.items()}
    stored |= {f"after-{r}": str(v) for r, v in session.pain_after.items()}
    stored["soreness"] = "" if session.soreness_next_day is None else str(session.soreness_next_day)
    stored["note"] = session.note
    shown = answers if answers is not None else stored
    regions = session_regions(session)
    labels = {"soreness": "Sore the day after", "note": "Note"}
    for region in regions:
        name = region_name(kb, region).capitalize()
        labels |= {f"before-{region}": f"{name}, before", f"after-{region}": f"{name}, after"}
    errors = errors or {}
    return SessionEditPage(
        title="Change this session's ratings",
        day=f"{day_words(session.date)}, {session.started:%H:%M}",
        action=f"/journal/sessions/{session.id}/edit",
        back=f"/journal/sessions/{session.id}",
        rows=tuple(
            PainRow(
                region,
                region_name(kb, region).capitalize(),
                shown.get(f"before-{region}", ""),
                shown.get(f"after-{region}", ""),
            )
            for region in regions
        ),
        soreness=shown.get("soreness", ""),
        note=shown.get("note", ""),
        errors=errors,
        error_labels={key: labels.get(key, key) for key in errors},
    )


def confirm_session_delete(session: SessionRecord) -> ConfirmDeletePage:
    steps = session.plan.get("steps")
    total = len(steps) if isinstance(steps, list) else 0
    note = f' Note: "{session.note}".' if session.note else ""
    return ConfirmDeletePage(
        title="Delete this session?",
        question=f"Delete the session of {day_words(session.date)}, {session.started:%H:%M}?",
        details=(
            f"{len(session.steps_done)} of {total} steps; pain before → after: "
            f"{pain_summary(session)}.{note} Its ratings go with it, and it cannot be undone."
        ),
        action=f"/journal/sessions/{session.id}/delete",
        back=f"/journal/sessions/{session.id}",
    )


def confirm_checkin_delete(checkin: CheckinRecord) -> ConfirmDeletePage:
    return ConfirmDeletePage(
        title="Delete this check-in?",
        question=f"Delete the check-in of {day_words(checkin.date)}?",
        details=f"{checkin_words(checkin)}. It cannot be undone.",
        action=f"/journal/checkins/{checkin.id}/delete",
        back=f"/journal#checkin-{checkin.id}",
    )


def notice(kind: str, on: str) -> str:
    """The one line the journal shows after a change or a delete ("" for anything else)."""
    try:
        day = datetime.date.fromisoformat(on)
    except ValueError:
        return ""
    text = NOTICES.get(kind, "")
    return text.format(day=day_words(day)) if text else ""
