"""An account's journal as the contract's JSON (`backrub.journal/1`), fast: the text
`export_json(owned.owned_journal(...))` gives, byte for byte (a property test holds it),
without decoding a plan or building a record of a session.

A person's 300 sessions follow a handful of plans, each stored once (`plans`): the
export reads the sessions without them, then each of the account's plans once, and
`journal_json.Splice` formats each plan once and the document around them once.
"""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import JSON, Text, cast, select
from sqlalchemy.orm import Session

from backrub.contract.records import Journal
from backrub.exchange.journal_json import Splice
from backrub.journal.mapping import RATED_COLUMNS, checkin_record, person_record
from backrub.journal.models import Checkin, Person, PlanRow, SessionRow


def owned_journal_json(*, db: Session, user_id: str) -> str:
    """`export_json(owned_journal(...))`, byte for byte, with each of the account's plans
    read once and copied as stored rather than decoded and encoded again: a person's 300
    sessions follow a handful of plans, and one formatted plan stands for every session
    that followed it (`journal_json.Splice`). The sessions' other JSON columns are copied
    as stored too, into structs the garbage collector does not track, so that an export
    leaves little for it to walk. Four statements on the person's indexes; the journal
    checked every record as it was written."""
    people = db.scalars(select(Person).where(Person.owner_id == user_id).order_by(Person.seq))
    # Each person's part as `PersonRecord.to_dict` writes it; the lists fill in below.
    documents = {row.id: person_record(row).to_dict() for row in people}
    in_account = SessionRow.person_id.in_(select(Person.id).where(Person.owner_id == user_id))
    sessions = db.execute(
        select(*EXPORTED_COLUMNS).where(in_account).order_by(SessionRow.started_utc, SessionRow.seq)
    ).all()
    plans = db.execute(
        select(PlanRow.digest, PlanRow.plan_text).where(PlanRow.person_id.in_(list(documents)))
    )
    splice = Splice({digest: text for digest, text in plans})
    for row in sessions:
        if row.plan_digest in splice:  # else deleted since, with its plan (`full_person_record`)
            documents[row.person_id]["sessions"].append(_session_document(row, splice))
    checkins = db.execute(
        select(Checkin.person_id, *CHECKIN_COLUMNS)
        .where(Checkin.person_id.in_(list(documents)))
        .order_by(Checkin.date, Checkin.seq)
    )
    for checkin in checkins:
        # A record is written as its `to_dict` writes it.
        documents[checkin.person_id]["checkins"].append(checkin_record(checkin))
    document = Journal(people=()).to_dict()
    document["people"] = list(documents.values())
    return splice.document_text(document)


# A session's columns for the export: its plan by digest, read once from `plans`, and its
# JSON columns as the text stored (the journal's own msgspec encoding).
EXPORTED_COLUMNS = (
    SessionRow.person_id,
    SessionRow.id,
    SessionRow.started_iso,
    SessionRow.ended_iso,
    SessionRow.plan_digest,
    *(cast(c, Text).label(c.key) if isinstance(c.type, JSON) else c for c in RATED_COLUMNS),
)
# A check-in's columns: `checkin_record` reads a row of them as it reads a `Checkin`.
CHECKIN_COLUMNS = (
    Checkin.id,
    Checkin.date,
    Checkin.peg1,
    Checkin.peg2,
    Checkin.peg3,
    Checkin.sleep,
    Checkin.stress,
    Checkin.rmdq,
)


class _SessionDocument(msgspec.Struct, gc=False):
    """A session as `SessionRecord.to_dict` writes it: its fields in the record's order,
    the times as given (`*_iso`), the plan's place held for its stored text, the other
    JSON as stored. Only strings, numbers and `Raw`: nothing for the collector to track."""

    id: str
    started: str
    ended: str | None
    status: str
    giver: str
    plan: str
    steps_done: msgspec.Raw
    pain_before: msgspec.Raw
    pain_after: msgspec.Raw
    soreness_next_day: int | None
    note: str


def _session_document(row: Any, splice: Splice) -> _SessionDocument:
    return _SessionDocument(
        row.id,
        row.started_iso,
        row.ended_iso,
        row.status,
        row.giver,
        splice.placeholder(row.plan_digest),
        msgspec.Raw(row.steps_done),
        msgspec.Raw(row.pain_before),
        msgspec.Raw(row.pain_after),
        row.soreness_next_day,
        row.note,
    )
