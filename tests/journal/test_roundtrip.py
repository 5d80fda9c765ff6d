"""`backrub.journal/1` round trips: export → import into an empty journal → export.

Journals are made by Hypothesis (`support.journal_strategies`); sessions come
sorted by start and check-ins by date, the order an export gives, so the first
export is already canonical.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from backrub.contract.records import Journal
from backrub.contract.validation import ValidationError
from backrub.exchange.journal_json import export_json, parse_json
from backrub.journal import accounts, open_journal, owned
from backrub.journal.entries import set_soreness
from backrub.journal.people import NAME_ROOM, create_person, find_person, person_journal
from backrub.journal.store import Store
from backrub.journal.transfer import export_journal, import_json
from support.journal_strategies import SETTINGS, empty_journal, journals


def exported(store: Store) -> str:
    with store.transaction() as db:
        return export_json(export_journal(db=db))


@pytest.mark.database
@SETTINGS
@given(journal=journals())
def test_export_import_export_gives_the_same_text(journal: Journal) -> None:
    text = export_json(journal)
    assert parse_json(text) == journal
    with empty_journal() as store:
        with store.transaction() as db:
            counts = import_json(db=db, text=text)
        assert counts.people == len(journal.people)
        assert counts.sessions == sum(len(p.sessions) for p in journal.people)
        assert exported(store) == text
        with store.transaction() as db:
            assert import_json(db=db, text=text).total == 0
        assert exported(store) == text


@pytest.mark.database
@SETTINGS
@given(journal=journals())
def test_an_accounts_export_copies_the_plans_and_says_what_the_records_say(
    journal: Journal,
) -> None:
    """The web and API export writes each plan as stored, never decoded
    (`owned_journal_json`), and must give the text the records give, byte for byte."""
    with empty_journal() as store:
        with store.transaction() as db:
            user = accounts.create_user(db=db, email="a@example.org", password_hash="x")
            owned.import_owned_journal(db=db, user_id=user.id, journal=journal)
        with store.transaction() as db:
            text = owned.export_owned(db=db, user_id=user.id, format_="json")
            assert text == export_json(owned.owned_journal(db=db, user_id=user.id))
    # Everything but the names is the document's: an account keeps a name stripped, and
    # numbers a second "Sam" (`people.free_name`, tested in test_names.py).
    kept = parse_json(text)
    assert [replace(p, name="-") for p in kept.people] == [
        replace(p, name="-") for p in journal.people
    ]
    assert all(
        p.name.startswith(q.name.strip()[:NAME_ROOM])
        for p, q in zip(kept.people, journal.people, strict=True)
    )


BREAKAGES = [
    ("sessions", "pain_before", {"lower_back_left": "six"}),
    ("sessions", "started", "2026-01-05T19:00:00"),
    ("sessions", "steps_done", [1, "two"]),
    ("sessions", "status", "paused"),
    ("checkins", "peg", [1, 2]),
    ("checkins", "stress", 0),
]


@pytest.mark.database
@settings(SETTINGS, max_examples=15)
@given(journal=journals(), data=st.data())
def test_a_bad_document_is_refused_whole(journal: Journal, data: st.DataObject) -> None:
    document = journal.to_dict()
    places = [
        (p, kind, i)
        for p, person in enumerate(document["people"])
        for kind in ("sessions", "checkins")
        for i in range(len(person[kind]))
    ]
    if not places:
        return
    p, kind, i = data.draw(st.sampled_from(places))
    field, bad = data.draw(st.sampled_from([(f, v) for k, f, v in BREAKAGES if k == kind]))
    broken = copy.deepcopy(document)
    broken["people"][p][kind][i][field] = bad
    with empty_journal() as store:
        before = exported(store)
        with pytest.raises(ValidationError) as error, store.transaction() as db:
            import_json(db=db, text=json.dumps(broken))
        assert error.value.path.startswith(f"people[{p}].{kind}[{i}].{field}")
        assert exported(store) == before


def test_a_name_clash_rolls_back_what_was_already_written(journal_url: str) -> None:
    document = {
        "schema": "backrub.journal/1",
        "people": [
            {"id": "a1", "name": "Alex", "sessions": [], "checkins": []},
            {"id": "b2", "name": "Sam", "sessions": [], "checkins": []},
        ],
    }
    with open_journal(journal_url) as store:
        with store.transaction() as db:
            create_person(db=db, name="Sam")
        before = exported(store)
        with (
            pytest.raises(ValidationError, match=r"^people\[1\]\.name: "),
            store.transaction() as db,
        ):
            import_json(db=db, text=json.dumps(document))
        assert exported(store) == before


def test_the_contract_example_times_keep_their_offset(journal_url: str) -> None:
    session = {
        "id": "s1",
        "started": "2026-01-05T19:00:00+01:00",
        "ended": "2026-01-05T19:15:10+01:00",
        "status": "completed",
        "giver": "partner",
        "plan": {"schema": "backrub.plan/1"},
    }
    document = {
        "schema": "backrub.journal/1",
        "people": [{"id": "p1", "name": "Sam", "sessions": [session]}],
    }
    with open_journal(journal_url) as store:
        with store.transaction() as db:
            import_json(db=db, text=json.dumps(document))
        text = exported(store)
    assert '"started": "2026-01-05T19:00:00+01:00"' in text
    assert '"ended": "2026-01-05T19:15:10+01:00"' in text


def _one_session_document(**changes: Any) -> str:
    session = {
        "id": "s1",
        "started": "2026-01-05T19:00:00+01:00",
        "ended": None,
        "status": "completed",
        "giver": "partner",
        "plan": {"schema": "backrub.plan/1"},
    }
    return json.dumps(
        {
            "schema": "backrub.journal/1",
            "people": [{"id": "p1", "name": "Sam", "sessions": [{**session, **changes}]}],
        }
    )


def test_a_time_out_of_range_in_utc_is_refused_by_name(store: Store) -> None:
    """Year 1 at +01:00 is year 0 in UTC, which datetime cannot hold (it was a traceback)."""
    text = _one_session_document(started="0001-01-01T00:30:00+01:00")
    with (
        pytest.raises(ValidationError, match=r"^people\[0\]\.sessions\[0\]\.started: "),
        store.transaction() as db,
    ):
        import_json(db=db, text=text)
    assert exported(store) == export_json(Journal(people=()))


def test_nul_in_a_name_or_a_note_is_refused_on_every_database(store: Store) -> None:
    """NUL is a control character: a name or a note refuses it by name, whatever the
    database (PostgreSQL's text could not hold it anyway); lookups by an id with NUL
    find nothing rather than the driver failing."""
    text = _one_session_document(note="before\x00after")
    with (
        pytest.raises(
            ValidationError, match=r"^people\[0\]\.sessions\[0\]\.note: .*\(found U\+0000\)$"
        ),
        store.transaction() as db,
    ):
        import_json(db=db, text=text)
    with store.transaction() as db:
        assert find_person(db=db, name="S\x00m") is None
        with pytest.raises(LookupError):
            set_soreness(db=db, session_id="s\x001", value=3)
        with pytest.raises(LookupError):
            person_journal(db=db, person_id="p\x001")
        with pytest.raises(ValidationError, match=r"^name: .*\(found U\+0000\)$"):
            create_person(db=db, name="S\x00m")
    assert exported(store) == export_json(Journal(people=()))
