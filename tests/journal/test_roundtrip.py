"""`backrub.journal/1` round trips: export → import into an empty journal → export.

Journals are made by Hypothesis: unicode names and notes, random offsets
(to the minute) on every time, microseconds sometimes, pain maps in any order,
plans with arbitrary extra JSON. Sessions come sorted by start and check-ins
by date, the order an export gives, so the first export is already canonical.
"""

from __future__ import annotations

import copy
import datetime
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backrub.contract.intake import parse_intake
from backrub.contract.records import CheckinRecord, Journal, PersonRecord, SessionRecord
from backrub.contract.validation import ValidationError
from backrub.exchange.journal_json import export_json, import_json, parse_json
from backrub.journal import open_journal
from backrub.journal import repository as repo
from backrub.journal.store import Store
from support.contract_checker import REGIONS
from support.databases import fresh_database
from support.strategies import intakes

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# PostgreSQL text cannot hold NUL, and lone surrogates are not UTF-8.
texts = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
offsets = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)
moments = st.datetimes(
    min_value=datetime.datetime(2000, 1, 1),
    max_value=datetime.datetime(2099, 12, 31),
    timezones=offsets,
)
scores = st.integers(0, 10)
pain_maps = st.dictionaries(st.sampled_from(REGIONS), scores, max_size=4)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**9), 10**9)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(texts, max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(texts), inner, max_size=3),
    max_leaves=8,
)
plans = st.dictionaries(st.text(texts, max_size=8).filter(lambda k: k != "schema"), json_values)
ids = st.text("0123456789abcdef", min_size=1, max_size=64)


@st.composite
def sessions(draw: st.DrawFn) -> SessionRecord:
    started = draw(moments)
    length = draw(st.none() | st.timedeltas(datetime.timedelta(0), datetime.timedelta(hours=3)))
    ended = None
    if length is not None:
        ended = (started + length).astimezone(draw(offsets))
    return SessionRecord(
        id="",
        started=started,
        ended=ended,
        status=draw(st.sampled_from(["completed", "aborted"])),
        giver=draw(st.sampled_from(["self", "partner", "device"])),
        plan={"schema": "backrub.plan/1", **draw(plans)},
        steps_done=tuple(draw(st.lists(st.integers(1, 1000), max_size=8))),
        pain_before=draw(pain_maps),
        pain_after=draw(pain_maps),
        soreness_next_day=draw(st.none() | scores),
        note=draw(st.text(texts, max_size=60)),
    )


checkins = st.builds(
    CheckinRecord,
    id=st.just(""),
    date=st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)),
    peg=st.tuples(scores, scores, scores),
    sleep=st.none() | scores,
    stress=st.none() | st.integers(1, 5),
    rmdq=st.none() | st.integers(0, 24),
)


@st.composite
def journals(draw: st.DrawFn) -> Journal:
    names = draw(st.lists(st.text(texts, min_size=1, max_size=100), unique=True, max_size=3))
    people = []
    for name in names:
        intake = draw(st.none() | intakes().map(parse_intake))
        found = sorted(draw(st.lists(sessions(), max_size=4)), key=lambda s: s.started)
        weekly = sorted(draw(st.lists(checkins, max_size=3)), key=lambda c: c.date)
        people.append(PersonRecord("", name, intake, tuple(found), tuple(weekly)))
    count = len(people) + sum(len(p.sessions) + len(p.checkins) for p in people)
    fresh = iter(draw(st.lists(ids, unique=True, min_size=count, max_size=count)))
    return Journal(
        people=tuple(
            PersonRecord(
                id=next(fresh),
                name=person.name,
                intake=person.intake,
                sessions=tuple(_with_id(s, next(fresh)) for s in person.sessions),
                checkins=tuple(_with_id(c, next(fresh)) for c in person.checkins),
            )
            for person in people
        )
    )


def _with_id(record: Any, new: str) -> Any:
    from dataclasses import replace

    return replace(record, id=new)


@contextmanager
def empty_journal() -> Iterator[Store]:
    """A fresh database per Hypothesis example (function fixtures would be shared)."""
    with fresh_database() as url, open_journal(url) as store:
        yield store


def exported(store: Store) -> str:
    with store.transaction() as db:
        return export_json(repo.export_journal(db=db))


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
            repo.create_person(db=db, name="Sam")
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


def test_nul_in_text_is_kept_where_the_database_can_hold_it(store: Store) -> None:
    """SQLite keeps NUL; PostgreSQL's text cannot hold it, so the field is named instead
    of the driver failing, and lookups by such an id find nothing."""
    text = _one_session_document(note="before\x00after")
    if store.engine.dialect.name != "postgresql":
        with store.transaction() as db:
            import_json(db=db, text=text)
        assert parse_json(exported(store)) == parse_json(text)
        return
    with (
        pytest.raises(ValidationError, match=r"^people\[0\]\.sessions\[0\]\.note: "),
        store.transaction() as db,
    ):
        import_json(db=db, text=text)
    with store.transaction() as db:
        assert repo.find_person(db=db, name="S\x00m") is None
        with pytest.raises(LookupError):
            repo.set_soreness(db=db, session_id="s\x001", value=3)
        with pytest.raises(LookupError):
            repo.person_journal(db=db, person_id="p\x001")
        with pytest.raises(ValueError, match="NUL"):
            repo.create_person(db=db, name="S\x00m")
        sam = repo.create_person(db=db, name="Sam")
        with pytest.raises(ValidationError, match="^note: "):
            repo.add_session(db=db, person_id=sam.id, entry=parse_json(text).people[0].sessions[0])
    assert exported(store).count('"name": "Sam"') == 1
