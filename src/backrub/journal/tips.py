"""Readers' tips on guides, their moderation and reports.

Keyword-only functions over the caller's Session, returning frozen records. A tip is
`pending` until a moderator approves or rejects it; an author's edit and a reader's
report send it back to `pending`. Only the author may change or delete a tip, and
another reader's tip answers `TipNotFound`, exactly as an id that does not exist.
Records never carry the author's email: `author_label` is all a reader sees.
Whether the guide exists is the caller's check (the knowledge base is not here).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from backrub.contract.validation import ValidationError, check_text
from backrub.guides.markup import check_tip_body
from backrub.journal.accounts import UserRecord, user_record
from backrub.journal.mapping import can_hold, now
from backrub.journal.models import Tip, TipDecision, TipReport, User

KINDS = ("technique", "region", "tool")
STATUSES = ("pending", "approved", "rejected")
MAX_REASON = 500
Decision = Literal["approve", "reject"]


class TipError(Exception):
    """Refused: `field` names what was wrong, `message` says it in one line."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class TipNotFound(TipError):
    def __init__(self) -> None:
        super().__init__("tip_id", "there is no such tip among yours or the published ones")


class NotModerator(TipError):
    def __init__(self) -> None:
        super().__init__("moderator", "only a moderator can approve or reject tips")


class OwnTip(TipError):
    """A moderator deciding, or a reader reporting, their own tip."""


class BadTip(TipError):
    """A value out of range: a body, a kind, a decision or a reason."""


class NoSuchUser(TipError):
    def __init__(self, email: str) -> None:
        super().__init__("email", f"there is no account with the email {email}")


@dataclass(frozen=True)
class TipRecord:
    id: str
    author_id: str
    author_label: str
    kind: str
    guide_id: str
    body: str
    status: str
    created: datetime.datetime
    updated: datetime.datetime
    reason: str | None
    reports: int


@dataclass(frozen=True)
class DecisionRecord:
    tip_id: str
    moderator_id: str
    moderator_email: str
    decision: str
    reason: str
    at: datetime.datetime


def author_label(author_id: str) -> str:
    """The same short label for every tip of one author, telling nothing about them."""
    return "Reader " + hashlib.sha256(f"tip-author:{author_id}".encode()).hexdigest()[:4]


def _checked_body(body: str) -> str:
    try:
        return check_tip_body(body)
    except ValidationError as error:
        raise BadTip(error.path, error.message) from None


def _reports(db: Session, tip_ids: list[str]) -> dict[str, int]:
    if not tip_ids:
        return {}
    rows = db.execute(
        select(TipReport.tip_id, func.count())
        .where(TipReport.tip_id.in_(tip_ids))
        .group_by(TipReport.tip_id)
    )
    return {tip_id: int(count) for tip_id, count in rows}


def _records(db: Session, rows: list[Tip]) -> list[TipRecord]:
    counts = _reports(db, [row.id for row in rows])
    return [_record(row, counts.get(row.id, 0)) for row in rows]


def _record(row: Tip, reports: int) -> TipRecord:
    return TipRecord(
        id=row.id,
        author_id=row.author_id,
        author_label=author_label(row.author_id),
        kind=row.guide_kind,
        guide_id=row.guide_id,
        body=row.body,
        status=row.status,
        created=row.created,
        updated=row.updated,
        reason=row.reason,
        reports=reports,
    )


def _row(db: Session, tip_id: str) -> Tip | None:
    return db.get(Tip, tip_id) if can_hold(db, tip_id) else None


def _own_row(db: Session, user_id: str, tip_id: str) -> Tip:
    row = _row(db, tip_id)
    if row is None or row.author_id != user_id:
        raise TipNotFound()
    return row


# An author's tips


def post_tip(*, db: Session, author_id: str, kind: str, guide_id: str, body: str) -> TipRecord:
    """A new tip, waiting for a moderator."""
    if kind not in KINDS:
        raise BadTip("kind", f"expected one of {', '.join(KINDS)}, got {kind!r}")
    moment = now()
    row = Tip(
        id=secrets.token_urlsafe(12),
        author_id=author_id,
        guide_kind=kind,
        guide_id=guide_id,
        body=_checked_body(body),
        status="pending",
        created=moment,
        updated=moment,
        reason=None,
    )
    db.add(row)
    db.flush()
    return _record(row, 0)


def edit_tip(*, db: Session, user_id: str, tip_id: str, body: str) -> TipRecord:
    """The author's new words; the tip waits for a moderator again."""
    row = _own_row(db, user_id, tip_id)
    row.body = _checked_body(body)
    row.status = "pending"
    row.reason = None
    row.updated = now()
    db.flush()
    return _records(db, [row])[0]


def delete_tip(*, db: Session, user_id: str, tip_id: str) -> None:
    """The author's tip and its reports; the moderation log keeps its lines."""
    row = _own_row(db, user_id, tip_id)
    db.execute(delete(TipReport).where(TipReport.tip_id == row.id))
    db.execute(delete(Tip).where(Tip.id == row.id))


def find_tip(*, db: Session, tip_id: str) -> TipRecord | None:
    """Any tip by its id, whatever its status: who may see it is the caller's check."""
    row = _row(db, tip_id)
    return _records(db, [row])[0] if row is not None else None


def approved_tips(*, db: Session, kind: str, guide_id: str) -> list[TipRecord]:
    """What every visitor sees on a guide, oldest first."""
    rows = db.scalars(
        select(Tip)
        .where(Tip.guide_kind == kind, Tip.guide_id == guide_id, Tip.status == "approved")
        .order_by(Tip.created, Tip.id)
    ).all()
    return _records(db, list(rows))


def own_tips(
    *, db: Session, user_id: str, kind: str | None = None, guide_id: str | None = None
) -> list[TipRecord]:
    """An author's tips in every status, oldest first, on one guide or all."""
    query = select(Tip).where(Tip.author_id == user_id)
    if kind is not None:
        query = query.where(Tip.guide_kind == kind)
    if guide_id is not None:
        query = query.where(Tip.guide_id == guide_id)
    return _records(db, list(db.scalars(query.order_by(Tip.created, Tip.id)).all()))


# Moderation


def is_moderator(*, db: Session, user_id: str) -> bool:
    return bool(db.scalar(select(User.moderator).where(User.id == user_id)))


def tip_queue(*, db: Session) -> list[TipRecord]:
    """Tips waiting for a moderator, the longest waiting first."""
    rows = db.scalars(
        select(Tip).where(Tip.status == "pending").order_by(Tip.updated, Tip.id)
    ).all()
    return _records(db, list(rows))


def decide_tip(
    *, db: Session, moderator: UserRecord, tip_id: str, decision: str, reason: str
) -> TipRecord:
    """Approve or reject a tip, and log who did it, when and why. A rejection needs a
    reason, which its author will read."""
    row = _row(db, tip_id)
    if row is None:
        raise TipNotFound()
    if not is_moderator(db=db, user_id=moderator.id):
        raise NotModerator()
    if row.author_id == moderator.id:
        raise OwnTip("tip_id", "this is your own tip; another moderator has to decide it")
    if decision not in ("approve", "reject"):
        raise BadTip("decision", f"expected approve or reject, got {decision!r}")
    reason = reason.strip()
    if decision == "reject" and not reason:
        raise BadTip("reason", "say why the tip is rejected (1 to 500 characters)")
    if len(reason) > MAX_REASON:
        raise BadTip("reason", f"keep the reason to 500 characters; it had {len(reason):,}")
    try:
        check_text("reason", reason, lines=True)
    except ValidationError as error:
        raise BadTip(error.path, error.message) from None
    row.status = "approved" if decision == "approve" else "rejected"
    row.reason = reason if decision == "reject" else None
    db.add(
        TipDecision(
            tip_id=row.id,
            moderator_id=moderator.id,
            moderator_email=moderator.email,
            decision=decision,
            reason=reason,
            at=now(),
        )
    )
    db.flush()
    return _records(db, [row])[0]


def decisions(*, db: Session, tip_id: str | None = None) -> list[DecisionRecord]:
    """The moderation log, oldest first: every decision, or one tip's."""
    query = select(TipDecision).order_by(TipDecision.seq)
    if tip_id is not None:
        if not can_hold(db, tip_id):
            return []
        query = query.where(TipDecision.tip_id == tip_id)
    return [
        DecisionRecord(
            tip_id=row.tip_id,
            moderator_id=row.moderator_id,
            moderator_email=row.moderator_email,
            decision=row.decision,
            reason=row.reason,
            at=row.at,
        )
        for row in db.scalars(query)
    ]


def report_tip(*, db: Session, reporter_id: str, tip_id: str) -> TipRecord:
    """A reader's report: an approved tip goes back to the queue. A reader reports a
    tip once; reporting it again changes nothing. Only published tips can be reported
    (others are not theirs to see), and never one's own."""
    row = _row(db, tip_id)
    if row is None:
        raise TipNotFound()
    if row.author_id == reporter_id:
        raise OwnTip("tip_id", "this is your own tip; edit or delete it instead")
    already = db.scalar(
        select(TipReport.tip_id).where(
            TipReport.tip_id == row.id, TipReport.reporter_id == reporter_id
        )
    )
    if already is None:
        if row.status != "approved":
            raise TipNotFound()
        db.add(TipReport(tip_id=row.id, reporter_id=reporter_id, created=now()))
        row.status = "pending"
        db.flush()
    return _records(db, [row])[0]


def set_moderator(*, db: Session, email: str, moderator: bool) -> UserRecord:
    """Grant or take back the moderator's role; NoSuchUser for an unknown email."""
    email = email.strip().lower()
    row = db.scalar(select(User).where(User.email == email)) if can_hold(db, email) else None
    if row is None:
        raise NoSuchUser(email)
    row.moderator = moderator
    db.flush()
    return user_record(row)
