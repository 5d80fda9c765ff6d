"""The listing written straight from the rows says exactly what the session records say, and
the one-statement rating write changes only what it is given."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backrub.contract.records import SessionRecord
from backrub.journal import accounts, ratings
from backrub.journal import repository as repo
from backrub.journal.repository import plan_size
from backrub.journal.store import Store

from .test_roundtrip import SETTINGS, empty_journal, sessions

HREF = "/api/v1/people/p/sessions/"


def _owned(store: Store, entries: list[SessionRecord]) -> tuple[str, str]:
    with store.transaction() as db:
        user = accounts.create_user(db=db, email="sam@example.org", password_hash="-")
        person = accounts.create_owned_person(db=db, user_id=user.id, name="sam")
        for entry in entries:
            repo.add_session(db=db, person_id=person.id, entry=entry)
    return user.id, person.id


def _listed(store: Store, user_id: str, person_id: str, limit: int = 50) -> list[dict[str, object]]:
    driver = store.driver
    with driver.reading() as cursor:
        text = ratings.session_listing(
            driver, cursor, user_id=user_id, person_id=person_id, href=HREF, limit=limit
        )
    assert text is not None
    listed: list[dict[str, object]] = json.loads(text)
    return listed


def _summary(entry: SessionRecord) -> dict[str, object]:
    whole = entry.to_dict()
    del whole["plan"]
    steps, seconds = plan_size(entry.plan)
    return {**whole, "step_count": steps, "planned_seconds": seconds, "href": HREF + entry.id}


@pytest.mark.database
@SETTINGS
@given(found=st.lists(sessions(), min_size=1, max_size=6), data=st.data())
def test_the_listing_says_what_the_records_say(
    found: list[SessionRecord], data: st.DataObject
) -> None:
    """Times keep their wall clock and offset (fractions of a second too), text is escaped,
    ratings keep their order; newest first."""
    entries = [replace(entry, id=f"s{n}") for n, entry in enumerate(found)]
    limit = data.draw(st.integers(1, len(entries)))
    with empty_journal() as store:
        user_id, person_id = _owned(store, entries)
        listed = _listed(store, user_id, person_id, limit)
    expected = {entry.id: _summary(entry) for entry in entries}
    assert len(listed) == limit
    assert [expected[str(item["id"])] for item in listed] == listed
    moments = [datetime.datetime.fromisoformat(str(item["started"])) for item in listed]
    newest = sorted((entry.started for entry in entries), reverse=True)[:limit]
    assert moments == newest  # the newest `limit`, newest first


def test_another_accounts_person_lists_as_none(store: Store) -> None:
    user_id, person_id = _owned(store, [])
    driver = store.driver
    with driver.reading() as cursor:
        for user, person in ((user_id, "nobody"), ("someone else", person_id)):
            found = ratings.session_listing(
                driver, cursor, user_id=user, person_id=person, href=HREF
            )
            assert found is None
        assert (
            ratings.session_listing(driver, cursor, user_id=user_id, person_id=person_id, href=HREF)
            == "[]"
        )
