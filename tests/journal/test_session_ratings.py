"""A person's sessions through their ratings, as the JSON API reads and writes them: the
listing says exactly what the session records say, the ratings write changes only what it
is given, and neither lets one account see or touch another's; tokens' last use."""

from __future__ import annotations

import datetime

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from msgspec import UNSET
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backrub.contract.records import SessionRecord
from backrub.journal import accounts
from backrub.journal.entries import add_session
from backrub.journal.mapping import plan_size
from backrub.journal.models import AccessToken
from backrub.journal.owned import owned_session
from backrub.journal.store import Store
from support.journal_factories import make_session
from support.journal_strategies import SETTINGS, empty_journal, sessions, with_id

HREF = "/api/v1/people/p/sessions/"
# The order the API has always answered in.
LISTED_FIELDS = [
    "id",
    "started",
    "ended",
    "status",
    "giver",
    "step_count",
    "planned_seconds",
    "steps_done",
    "pain_before",
    "pain_after",
    "soreness_next_day",
    "note",
    "href",
]


def _owned(
    store: Store, entries: list[SessionRecord], email: str = "sam@example.org"
) -> tuple[str, str]:
    with store.transaction() as db:
        user = accounts.create_user(db=db, email=email, password_hash="-")
        person = accounts.create_owned_person(db=db, user_id=user.id, name=email.split("@")[0])
        for entry in entries:
            add_session(db=db, person_id=person.id, entry=entry)
    return user.id, person.id


def _listed(
    store: Store, user_id: str, person_id: str, limit: int = 50
) -> list[dict[str, object]] | None:
    with store.transaction(write=False) as db:
        found = accounts.recent_sessions(
            db=db, user_id=user_id, person_id=person_id, limit=limit, href_prefix=HREF
        )
    if found is None:
        return None
    listed: list[dict[str, object]] = msgspec.json.decode(msgspec.json.encode(found))
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
    """Times keep their wall clock and offset (fractions of a second too), ratings keep
    their order, the fields come in the contract's order; newest first."""
    entries = [with_id(entry, f"s{n}") for n, entry in enumerate(found)]
    limit = data.draw(st.integers(1, len(entries)))
    with empty_journal() as store:
        user_id, person_id = _owned(store, entries)
        listed = _listed(store, user_id, person_id, limit)
    assert listed is not None
    expected = {entry.id: _summary(entry) for entry in entries}
    assert len(listed) == limit
    assert all(list(item) == LISTED_FIELDS for item in listed)
    assert [expected[str(item["id"])] for item in listed] == listed
    moments = [datetime.datetime.fromisoformat(str(item["started"])) for item in listed]
    newest = sorted((entry.started for entry in entries), reverse=True)[:limit]
    assert moments == newest  # the newest `limit`, newest first


def test_another_accounts_person_lists_as_none(store: Store) -> None:
    user_id, person_id = _owned(store, [])
    _owned(store, [make_session()], email="alex@example.org")
    assert _listed(store, user_id, "nobody") is None
    assert _listed(store, "someone else", person_id) is None
    assert _listed(store, user_id, person_id) == []


def _rate(store: Store, user_id: str, person_id: str, session_id: str, **given: object) -> object:
    with store.transaction() as db:
        return accounts.set_ratings(
            db=db,
            user_id=user_id,
            person_id=person_id,
            session_id=session_id,
            **given,  # type: ignore[arg-type]
        )


def test_a_rating_replaces_only_what_is_given(store: Store) -> None:
    session = make_session(soreness_next_day=2)
    user_id, person_id = _owned(store, [session])
    rated = _rate(
        store, user_id, person_id, session.id, pain_after={"spine": 1, "shoulder_left": 3}
    )
    assert rated == accounts.SessionRatings(
        session.id, {"lower_back_left": 6}, {"spine": 1, "shoulder_left": 3}, 2
    )
    rated = _rate(store, user_id, person_id, session.id, pain_before={}, soreness_next_day=None)
    assert rated == accounts.SessionRatings(session.id, {}, {"spine": 1, "shoulder_left": 3}, None)
    # Nothing given: the ratings as they are, nothing written.
    assert _rate(store, user_id, person_id, session.id) == rated
    unset = {"pain_before": UNSET, "pain_after": UNSET, "soreness_next_day": UNSET}
    assert _rate(store, user_id, person_id, session.id, **unset) == rated
    with store.transaction(write=False) as db:
        stored = owned_session(db=db, user_id=user_id, person_id=person_id, session_id=session.id)
    assert stored is not None
    assert (stored.pain_before, stored.pain_after, stored.soreness_next_day) == (
        {},
        {"spine": 1, "shoulder_left": 3},
        None,
    )
    assert list(stored.pain_after) == ["spine", "shoulder_left"]  # the order given
    assert stored.note == session.note and stored.plan == session.plan


def test_another_accounts_session_is_neither_rated_nor_read(store: Store) -> None:
    mine = make_session()
    theirs = make_session()
    user_id, person_id = _owned(store, [mine])
    other_user, other_person = _owned(store, [theirs], email="alex@example.org")
    for person, session in ((other_person, theirs.id), (person_id, theirs.id), (person_id, "none")):
        assert _rate(store, user_id, person, session, soreness_next_day=9) is None
        assert _rate(store, user_id, person, session) is None
    assert _rate(store, other_user, person_id, mine.id, pain_before={"spine": 9}) is None
    with store.transaction(write=False) as db:
        kept = owned_session(
            db=db, user_id=other_user, person_id=other_person, session_id=theirs.id
        )
    assert kept is not None and kept.soreness_next_day == theirs.soreness_next_day
    assert _rate(store, user_id, person_id, mine.id) == accounts.SessionRatings(
        mine.id, dict(mine.pain_before), dict(mine.pain_after), mine.soreness_next_day
    )


def _token(store: Store) -> tuple[str, str]:
    user_id, _ = _owned(store, [])
    with store.transaction() as db:
        token = accounts.create_access_token(db=db, user_id=user_id, name="t", token_hash="h" * 64)
    return user_id, token.id


def _last_used(store: Store, token_id: str) -> datetime.datetime | None:
    with store.transaction(write=False) as db:
        return db.scalar(select(AccessToken.last_used).where(AccessToken.id == token_id))


def _use(*, db: Session, token_hash: str) -> accounts.UserRecord | None:
    """What the web's `api_user` does with a bearer token: its user, and the use
    recorded when the last one recorded is over a minute old."""
    found = accounts.find_token(db=db, token_hash=token_hash)
    if found is None:
        return None
    if found.stale:
        accounts.record_token_use(db=db, token_id=found.token_id)
    return found.user


def test_a_tokens_use_is_recorded_at_most_once_a_minute(store: Store) -> None:
    user_id, token_id = _token(store)
    with store.transaction() as db:
        found = _use(db=db, token_hash="h" * 64)
    assert found is not None and found.id == user_id
    first = _last_used(store, token_id)
    assert first is not None
    with store.transaction() as db:
        assert _use(db=db, token_hash="h" * 64) == found
    assert _last_used(store, token_id) == first  # within the minute: no write
    earlier = first - accounts.TOKEN_USE_RECORDED_EVERY - datetime.timedelta(seconds=1)
    with store.transaction() as db:
        db.execute(update(AccessToken).values(last_used=earlier))
        use = accounts.find_token(db=db, token_hash="h" * 64)
    assert use is not None and use.stale and use.token_id == token_id
    with store.transaction() as db:
        _use(db=db, token_hash="h" * 64)
    refreshed = _last_used(store, token_id)
    assert refreshed is not None and refreshed > earlier


def test_a_revoked_or_unknown_token_has_no_user(store: Store) -> None:
    user_id, token_id = _token(store)
    with store.transaction() as db:
        assert _use(db=db, token_hash="x" * 64) is None
        assert accounts.revoke_access_token(db=db, user_id=user_id, token_id=token_id)
    with store.transaction() as db:
        assert _use(db=db, token_hash="h" * 64) is None
        assert accounts.find_token(db=db, token_hash="h" * 64) is None
