"""Rows to records and back: the one place that knows how a record is stored.

Callers of the journal get records (`backrub.contract.records`), never ORM rows.
Times are stored as naive UTC plus the offset in seconds (`models.py` says why)
and come back with exactly the offset they were given. A plan is stored once per
person (`plans`, keyed by the SHA-256 of its text), and a session names it by that
digest. Also here: what text the database can hold (PostgreSQL's text types cannot
hold NUL; SQLite's can).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any, Literal, cast

import msgspec
from sqlalchemy import Select, and_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backrub.contract.ids import Giver, RegionId
from backrub.contract.intake import parse_intake
from backrub.contract.records import (
    CheckinRecord,
    Journal,
    PersonRecord,
    SessionFacts,
    SessionRecord,
    plan_step_count,
)
from backrub.contract.validation import ValidationError
from backrub.journal.models import Checkin, Person, PlanRow, SessionRow

NUL = "\x00"
PLANS = PlanRow.__table__


def now() -> datetime.datetime:
    """Naive UTC, as every time the journal writes itself is stored."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


# People


def person_record(row: Person) -> PersonRecord:
    """The person without sessions or check-ins."""
    intake = parse_intake(row.intake) if row.intake is not None else None
    return PersonRecord(id=row.id, name=row.name, intake=intake)


def full_person_record(row: Person) -> PersonRecord:
    """The person with every session, its plan, and check-in (load `sessions`, `plans` and
    `checkins` with `selectinload`). Each of the person's plans is decoded once, and the
    sessions that followed it share it.

    On PostgreSQL each statement of a transaction sees what was committed when it began: a
    session whose plan the next statement no longer finds was deleted in between (a plan
    goes only with the last session that follows it), and is left out, as a session
    written in between is."""
    plans = {plan.digest: read_plan(plan.plan_text) for plan in row.plans}
    return PersonRecord(
        id=row.id,
        name=row.name,
        intake=parse_intake(row.intake) if row.intake is not None else None,
        sessions=tuple(
            session_record(s, plans[s.plan_digest]) for s in row.sessions if s.plan_digest in plans
        ),
        checkins=tuple(checkin_record(checkin) for checkin in row.checkins),
    )


# Plans


def plan_text(plan: Mapping[str, Any]) -> str:
    """The one text a plan is stored as: msgspec's compact JSON, keys in the plan's order
    (as the JSON columns write theirs, `store._json_text`)."""
    return msgspec.json.encode(plan).decode()


def plan_digest(text: str) -> str:
    """What a stored plan is keyed by: the SHA-256 (hex) of its text in UTF-8."""
    return hashlib.sha256(text.encode()).hexdigest()


def sessions_with_plans() -> Select[SessionRow, str]:
    """Session rows with their plan's stored text (`read_plan` decodes it): the join on
    the person's plan with the session's digest, for the caller's `.where`."""
    return select(SessionRow, PlanRow.plan_text).join(
        PlanRow,
        and_(PlanRow.person_id == SessionRow.person_id, PlanRow.digest == SessionRow.plan_digest),
    )


def read_plan(text: str) -> dict[str, Any]:
    """A stored plan's text as the record's plan."""
    return cast(dict[str, Any], msgspec.json.decode(text))


def store_plans(db: Session, person_id: str, texts: Mapping[str, str]) -> None:
    """The person's plans (text by digest) stored, each only when the person has none with
    its digest: one INSERT ... ON CONFLICT DO NOTHING, so two transactions storing the same
    plan at once both go on, leaving one row.

    On PostgreSQL the rows are then locked against deletion (FOR KEY SHARE, as a foreign
    key's check locks them) until the transaction ends: deleting a person's last session of
    a plan deletes the plan, and a plan deleted by a transaction that committed between the
    insert and the lock is stored again. SQLite writes one transaction at a time."""
    missing = dict(texts)
    postgres = db.get_bind().dialect.name == "postgresql"
    while missing:
        insert: Any = (postgresql if postgres else sqlite).insert
        rows = [{"person_id": person_id, "digest": d, "plan_text": t} for d, t in missing.items()]
        key = [PLANS.c.person_id, PLANS.c.digest]
        db.execute(insert(PLANS).on_conflict_do_nothing(index_elements=key), rows)
        if not postgres:
            return
        held = db.scalars(
            select(PLANS.c.digest)
            .where(PLANS.c.person_id == person_id, PLANS.c.digest.in_(list(missing)))
            .with_for_update(read=True, key_share=True)
        )
        for digest in held:
            del missing[digest]


# Sessions


def session_record(row: SessionRow, plan: dict[str, Any]) -> SessionRecord:
    """The session of `row`, whose plan (its `PlanRow`, decoded by `read_plan`) is `plan`."""
    return SessionRecord(
        id=row.id,
        started=aware(row.started_utc, row.started_offset),
        ended=_ended(row),
        status=cast(Literal["completed", "aborted"], row.status),
        giver=cast(Giver, row.giver),
        plan=plan,
        steps_done=tuple(row.steps_done),
        pain_before=cast(dict[RegionId, int], dict(row.pain_before)),
        pain_after=cast(dict[RegionId, int], dict(row.pain_after)),
        soreness_next_day=row.soreness_next_day,
        note=row.note,
    )


# What a session says besides its id, times and plan: every reader of sessions reads
# these (the listing, progress and the export), each with the times in its own form.
RATED_COLUMNS = (
    SessionRow.status,
    SessionRow.giver,
    SessionRow.steps_done,
    SessionRow.pain_before,
    SessionRow.pain_after,
    SessionRow.soreness_next_day,
    SessionRow.note,
)
# A session's columns but its plan: what `session_facts` reads.
FACT_COLUMNS = (
    SessionRow.id,
    SessionRow.started_utc,
    SessionRow.started_offset,
    SessionRow.ended_utc,
    SessionRow.ended_offset,
    SessionRow.step_count,
    SessionRow.planned_seconds,
    *RATED_COLUMNS,
)


def session_facts(row: Any) -> SessionFacts:
    """A session without its plan, from a row of `FACT_COLUMNS`."""
    return SessionFacts(
        id=row.id,
        started=aware(row.started_utc, row.started_offset),
        ended=_ended(row),
        status=row.status,
        giver=row.giver,
        step_count=row.step_count,
        planned_seconds=row.planned_seconds,
        steps_done=tuple(row.steps_done),
        pain_before=row.pain_before,
        pain_after=row.pain_after,
        soreness_next_day=row.soreness_next_day,
        note=row.note,
    )


def _ended(row: Any) -> datetime.datetime | None:
    """A session row's end, with its offset; None while it has none."""
    if row.ended_utc is None or row.ended_offset is None:
        return None
    return aware(row.ended_utc, row.ended_offset)


def add_session_rows(
    db: Session, person_id: str, entries: Sequence[tuple[str, SessionRecord]]
) -> None:
    """Each `(path, session)` added as a row of the person's, after the plans they follow
    are stored (`store_plans`); a time that leaves datetime's range in UTC is a
    ValidationError naming its path's field, raised before anything is written."""
    texts = [plan_text(entry.plan) for _, entry in entries]
    digests = [plan_digest(text) for text in texts]
    rows = [
        session_row(person_id, entry, digest, path)
        for (path, entry), digest in zip(entries, digests, strict=True)
    ]
    store_plans(db, person_id, dict(zip(digests, texts, strict=True)))
    db.add_all(rows)


def session_row(
    person_id: str, entry: SessionRecord, plan_digest: str, path: str = ""
) -> SessionRow:
    """The row for `entry`, whose plan is stored with `plan_digest` (`add_session_rows`
    stores both); a time that leaves datetime's range in UTC is a ValidationError naming
    `path`'s field."""
    prefix = f"{path}." if path else ""
    started_utc, started_offset = split_time(entry.started, f"{prefix}started")
    ended_utc: datetime.datetime | None = None
    ended_offset: int | None = None
    ended_iso = None
    if entry.ended is not None:
        ended_utc, ended_offset = split_time(entry.ended, f"{prefix}ended")
        ended_iso = aware(ended_utc, ended_offset).isoformat()
    step_count, planned_seconds = plan_size(entry.plan)
    return SessionRow(
        id=entry.id,
        person_id=person_id,
        started_utc=started_utc,
        started_offset=started_offset,
        ended_utc=ended_utc,
        ended_offset=ended_offset,
        status=entry.status,
        giver=entry.giver,
        steps_done=list(entry.steps_done),
        soreness_next_day=entry.soreness_next_day,
        note=entry.note,
        pain_before=dict(entry.pain_before),
        pain_after=dict(entry.pain_after),
        # As `session_record` reads the time back: the same text whatever tzinfo was given.
        started_iso=aware(started_utc, started_offset).isoformat(),
        ended_iso=ended_iso,
        step_count=step_count,
        planned_seconds=planned_seconds,
        plan_digest=plan_digest,
    )


def plan_size(plan: Mapping[str, Any]) -> tuple[int, int]:
    """(steps, planned seconds) of a plan, kept beside it so that listings never read it."""
    seconds = plan.get("total_seconds")
    return (
        plan_step_count(plan),
        seconds if isinstance(seconds, int) and not isinstance(seconds, bool) else 0,
    )


# Check-ins


def checkin_record(row: Any) -> CheckinRecord:
    """The check-in of a `Checkin`, or of a row of its columns."""
    return CheckinRecord(
        id=row.id,
        date=row.date,
        peg=(row.peg1, row.peg2, row.peg3),
        sleep=row.sleep,
        stress=row.stress,
        rmdq=row.rmdq,
    )


def checkin_row(person_id: str, entry: CheckinRecord) -> Checkin:
    peg1, peg2, peg3 = entry.peg
    return Checkin(
        id=entry.id,
        person_id=person_id,
        date=entry.date,
        peg1=peg1,
        peg2=peg2,
        peg3=peg3,
        sleep=entry.sleep,
        stress=entry.stress,
        rmdq=entry.rmdq,
    )


# Times


def split_time(moment: datetime.datetime, path: str) -> tuple[datetime.datetime, int]:
    """Naive UTC and the offset in whole seconds: sortable, and the offset kept exactly."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment.isoformat()} has no offset")
    try:
        utc = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    except OverflowError:  # 0001-01-01T00:30+01:00 is in year 0 in UTC
        raise ValidationError(path, f"{moment.isoformat()} is out of range in UTC") from None
    return utc, int(offset.total_seconds())


def aware(utc: datetime.datetime, offset_seconds: int) -> datetime.datetime:
    zone = datetime.timezone(datetime.timedelta(seconds=offset_seconds))
    return utc.replace(tzinfo=datetime.UTC).astimezone(zone)


# Text the database can hold


def can_hold(db: Session, *texts: str) -> bool:
    """False for text with NUL on PostgreSQL, whose text types cannot hold it: no such id
    can be stored there, so looking one up would only raise."""
    return db.get_bind().dialect.name != "postgresql" or not any(NUL in text for text in texts)


def refuse_nul(db: Session, fields: dict[str, str]) -> None:
    """A ValidationError naming the field, rather than the driver's error, on PostgreSQL."""
    for path, value in fields.items():
        if not can_hold(db, value):
            raise ValidationError(path, "must not contain the NUL character (U+0000)")


def refuse_nul_in_journal(db: Session, journal: Journal) -> None:
    fields: dict[str, str] = {}
    for p, person in enumerate(journal.people):
        fields[f"people[{p}].id"] = person.id
        fields[f"people[{p}].name"] = person.name
        for i, session in enumerate(person.sessions):
            fields[f"people[{p}].sessions[{i}].id"] = session.id
            fields[f"people[{p}].sessions[{i}].note"] = session.note
        for i, checkin in enumerate(person.checkins):
            fields[f"people[{p}].checkins[{i}].id"] = checkin.id
    refuse_nul(db, fields)
