"""Every kind of refusal, word for word: the messages are part of the contract.

Each case names the field's path as the contract writes it and says what the
field accepts and what it got, the same whether the data comes decoded (`parse`)
or as JSON text (`loads`).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from backrub.contract.intake import Intake
from backrub.contract.records import CheckinRecord, Journal, SessionRecord
from backrub.contract.validation import ID_PATTERN, PATTERN_WORDS, ValidationError, loads, parse
from backrub.knowledge.model import Technique
from support.intakes import make_intake

REGIONS = (
    "shoulder_left, shoulder_right, upper_back_left, upper_back_right, mid_back_left, "
    "mid_back_right, lower_back_left, lower_back_right, spine"
)
WHEN = "a date and time in ISO 8601 with an offset, like 2026-01-05T19:00:00+00:00"
PLAN = {"schema": "backrub.plan/1", "verdict": "go"}
ID_WORDS = PATTERN_WORDS[ID_PATTERN]


def session(**fields: Any) -> dict[str, Any]:
    base = {
        "id": "s1",
        "started": "2026-01-05T19:00:00+01:00",
        "ended": "2026-01-05T19:15:00+01:00",
        "status": "completed",
        "giver": "partner",
        "plan": PLAN,
    }
    return {key: value for key, value in {**base, **fields}.items() if value is not ...}


def checkin(**fields: Any) -> dict[str, Any]:
    return {"id": "c1", "date": "2026-01-07", "peg": [5, 5, 5], **fields}


def journal(**person: Any) -> dict[str, Any]:
    return {"schema": "backrub.journal/1", "people": [{"id": "p1", "name": "Sam", **person}]}


CASES = [
    (
        Intake,
        make_intake(pain=[{"region": "spine", "intensity": 11}]),
        "pain[0].intensity",
        "expected an integer from 0 to 10, got 11",
    ),
    (Intake, make_intake(minutes="15"), "minutes", 'expected an integer from 5 to 60, got "15"'),
    (Intake, make_intake(minutes=15.5), "minutes", "expected an integer from 5 to 60, got 15.5"),
    (Intake, make_intake(minutes=True), "minutes", "expected an integer from 5 to 60, got true"),
    (Intake, make_intake(minutes=None), "minutes", "expected an integer from 5 to 60, got null"),
    (
        Intake,
        make_intake(giver="robot"),
        "giver",
        'expected one of self, partner, device; got "robot"',
    ),
    (Intake, make_intake(giver=...), "giver", "required; expected one of self, partner, device"),
    (Intake, make_intake(minutes=...), "minutes", "required; expected an integer from 5 to 60"),
    (Intake, make_intake(pain="lower back"), "pain", 'expected a list, got "lower back"'),
    (
        Intake,
        make_intake(pain=[{"region": "neck", "intensity": 1}]),
        "pain[0].region",
        f'expected one of {REGIONS}; got "neck"',
    ),
    (
        Intake,
        make_intake(pain=[{"region": "spine"}]),
        "pain[0].intensity",
        "required; expected an integer from 0 to 10",
    ),
    (Intake, make_intake(pain=["spine"]), "pain[0]", 'expected an object, got "spine"'),
    (
        Intake,
        make_intake(tools=["oil", "hammer"]),
        "tools[1]",
        "expected one of oil, lotion, heat_pack, massage_ball, foam_roller, massage_cane, "
        'percussion_massager, shiatsu_massager, vibration_massager; got "hammer"',
    ),
    (Intake, make_intake(goals=["relief", "sleep", "relief"]), "goals", '"relief" is listed twice'),
    (
        Intake,
        make_intake(
            pain=[{"region": "spine", "intensity": 2}, {"region": "spine", "intensity": 3}]
        ),
        "pain[1].region",
        "spine is listed twice; give it once",
    ),
    (
        Intake,
        {**make_intake(), "red_flag": []},
        "red_flag",
        "unknown field; the fields here are causes, cleared, conditions, giver, goals, "
        "local_issues, minutes, pain, pressure, red_flags, schema, tools",
    ),
    (
        Intake,
        make_intake(red_flags=["fever"], cleared=["fever"]),
        "cleared[0]",
        '"fever" cannot be cleared: a fever is checked again once it is over, not cleared',
    ),
    (
        Intake,
        make_intake(cleared=["dvt"]),
        "cleared[0]",
        '"dvt" is not listed in conditions; list it there too, or leave it out of cleared',
    ),
    (
        Intake,
        make_intake(local_issues=[{"kind": "bruise", "region": "spine", "size": 2}]),
        "local_issues[0].size",
        "unknown field; the fields here are kind, region",
    ),
    (Intake, [make_intake()], "", "expected an object, got a list"),
    (
        Intake,
        make_intake(schema="backrub.intake/2"),
        "schema",
        'expected one of backrub.intake/1; got "backrub.intake/2"',
    ),
    (Intake, make_intake(causes="x" * 50), "causes", f'expected a list, got "{"x" * 37}..."'),
    (
        SessionRecord,
        session(started="2026-01-05T19:00:00"),
        "started",
        f"expected {WHEN}; the offset is missing",
    ),
    (
        SessionRecord,
        session(started="2026-01-05"),
        "started",
        f"expected {WHEN}; the offset is missing",
    ),
    (SessionRecord, session(started="soon"), "started", f'expected {WHEN}, got "soon"'),
    (
        SessionRecord,
        session(ended="2026-01-05T18:00:00+01:00"),
        "ended",
        "must not be before started",
    ),
    (
        SessionRecord,
        session(plan={"verdict": "go"}),
        "plan",
        'expected a plan with "schema": "backrub.plan/1"',
    ),
    (SessionRecord, session(plan=[]), "plan", "expected an object, got a list"),
    (SessionRecord, session(note="x" * 2001), "note", "at most 2000 characters"),
    (SessionRecord, session(id=""), "id", f'expected {ID_WORDS}, got ""'),
    (SessionRecord, session(id="a/b"), "id", f'expected {ID_WORDS}, got "a/b"'),
    (SessionRecord, session(id="a\n"), "id", f'expected {ID_WORDS}, got "a\\n"'),
    (
        SessionRecord,
        session(steps_done=[1, 1001]),
        "steps_done[1]",
        "expected an integer from 1 to 1000, got 1001",
    ),
    (
        SessionRecord,
        session(pain_before={"spine": 2, "lower_back_left": 11}),
        "pain_before.lower_back_left",
        "expected an integer from 0 to 10, got 11",
    ),
    (
        SessionRecord,
        session(pain_after={"neck": 2}),
        "pain_after",
        f'expected one of {REGIONS}; got "neck"',
    ),
    (SessionRecord, session(pain_after=None), "pain_after", "expected an object, got null"),
    (
        SessionRecord,
        session(status="paused"),
        "status",
        'expected one of completed, aborted; got "paused"',
    ),
    (SessionRecord, session(ended=...), "ended", f"required; expected {WHEN}"),
    (CheckinRecord, checkin(peg=[5, 5]), "peg", "expected a list of 3 items, got a list"),
    (
        CheckinRecord,
        checkin(peg=[5, 5, "x"]),
        "peg[2]",
        'expected an integer from 0 to 10, got "x"',
    ),
    (
        CheckinRecord,
        checkin(date="7 January"),
        "date",
        'expected a date like 2026-01-07, got "7 January"',
    ),
    (CheckinRecord, checkin(stress=0), "stress", "expected an integer from 1 to 5, got 0"),
    (
        Journal,
        journal(sessions=[session(), session()]),
        "people[0].sessions[1].id",
        "id 's1' is used twice",
    ),
    (
        Journal,
        journal(sessions=[session(), session(id="s2", ended="2026-01-05T18:00:00+01:00")]),
        "people[0].sessions[1].ended",
        "must not be before started",
    ),
    (Journal, journal(name=""), "people[0].name", "at least 1 characters"),
    (
        Journal,
        journal(intake=make_intake(minutes=90)),
        "people[0].intake.minutes",
        "expected an integer from 5 to 60, got 90",
    ),
]


@pytest.mark.parametrize(("model", "data", "path", "message"), CASES)
def test_parse_says_where_what_it_accepts_and_what_it_got(
    model: type, data: Any, path: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        parse(model, data)
    assert (caught.value.path, caught.value.message) == (path, message)


@pytest.mark.parametrize(("model", "data", "path", "message"), CASES)
def test_loads_says_the_same_of_the_json(model: type, data: Any, path: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        loads(model, json.dumps(data).encode())
    assert (caught.value.path, caught.value.message) == (path, message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not valid JSON at line 1 column 1"),
        ("{not json", "not valid JSON at line 1 column 2"),
        ('{"giver": "self",\n "minutes": 15,}', "not valid JSON at line 2 column 16"),
        ("[1, 2", "not valid JSON at line 1 column 6"),
        (b"\xff\xfe", "not valid JSON at line 1 column 1"),
        ('{"giver": "self", "minutes": NaN}', "not valid JSON"),
    ],
)
def test_bad_json_says_where_it_stops(text: str | bytes, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        loads(Intake, text)
    assert (caught.value.path, caught.value.message) == ("", message)


def test_a_whole_number_written_with_a_point_is_an_integer_as_json_schema_says() -> None:
    """JSON Schema counts 15.0 as an integer, so the published schema allows it and the
    server takes it (issue 14: Schemathesis's valid requests were refused); 15.5 and
    "15" stay refused."""
    assert parse(Intake, make_intake(minutes=15.0)).minutes == 15
    assert loads(Intake, '{"giver": "self", "minutes": 15.0}').minutes == 15
    with pytest.raises(ValidationError) as caught:
        parse(Intake, make_intake(minutes=15.5))
    assert str(caught.value) == "minutes: expected an integer from 5 to 60, got 15.5"
    with pytest.raises(ValidationError):
        parse(Intake, make_intake(minutes="15"))


def test_a_knowledge_entry_names_its_field() -> None:
    with pytest.raises(ValidationError) as caught:
        parse(Technique, {"id": "x"})
    assert caught.value.path == "name"
    assert caught.value.message == "required; expected text"


def test_good_data_comes_back_as_the_structs() -> None:
    intake = parse(Intake, make_intake(pain=[{"region": "spine", "intensity": 3}]))
    assert intake.pain[0].region == "spine" and intake.schema == "backrub.intake/1"
    record = loads(SessionRecord, json.dumps(session(pain_before={"spine": 3})))
    assert record.started.utcoffset() is not None and record.pain_before == {"spine": 3}
    assert record.to_dict()["started"] == "2026-01-05T19:00:00+01:00"
