"""Helpers for the journal page tests: an account with a history, its own person's id."""

from __future__ import annotations

import datetime
import json
from typing import Any

from msgspec.structs import replace

from backrub.contract.records import PersonRecord, SessionRecord
from backrub.journal import entries, people
from backrub.progress.demo import demo_person
from support.accounts import sign_up
from support.intakes import make_intake
from support.web import TestClient

INTAKE_JSON = json.dumps(make_intake())


def person_id(client: TestClient) -> str:
    return str(client.get("/api/v1/me").json()["people"][0]["id"])


def signed_up(client: TestClient, email: str = "sam@example.org", **fields: Any) -> str:
    """Sign up (with the ordinary intake saved unless `intake=""`); the own person's id."""
    fields.setdefault("intake", INTAKE_JSON)
    response = sign_up(client, email, **fields)
    assert response.status_code == 303, response.text
    return person_id(client)


def store(client: TestClient) -> Any:
    return client.app.state.store  # type: ignore[attr-defined]


def add_history(client: TestClient, weeks: int = 8) -> PersonRecord:
    """The demo's sessions and check-ins, ending yesterday, for the signed-in person."""
    start = datetime.date.today() - datetime.timedelta(weeks=weeks)
    start -= datetime.timedelta(days=start.weekday())
    history = demo_person(weeks=weeks, start=start)
    own = person_id(client)
    with store(client).transaction() as db:
        for session in history.sessions:
            entries.add_session(db=db, person_id=own, entry=session)
        for checkin in history.checkins:
            entries.add_checkin(db=db, person_id=own, entry=checkin)
    return history


def add_session(client: TestClient, session: SessionRecord) -> SessionRecord:
    with store(client).transaction() as db:
        entries.add_session(db=db, person_id=person_id(client), entry=session)
    return session


def just_now(session: SessionRecord, hours_ago: float = 1) -> SessionRecord:
    """`session`, moved to have started `hours_ago` hours ago (local offset kept)."""
    started = datetime.datetime.now(session.started.tzinfo) - datetime.timedelta(hours=hours_ago)
    return replace(session, started=started, ended=started + datetime.timedelta(minutes=15))


def journal_of(client: TestClient) -> PersonRecord:
    with store(client).transaction() as db:
        return people.person_journal(db=db, person_id=person_id(client))
