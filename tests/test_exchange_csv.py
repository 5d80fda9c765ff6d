"""CSV export: the sessions table, the check-ins table and the tidy measurements."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

from backrub.contract.records import CheckinRecord, Journal, PersonRecord, SessionRecord
from backrub.exchange.csv_export import (
    CHECKIN_COLUMNS,
    MEASUREMENT_COLUMNS,
    SESSION_COLUMNS,
    export_checkins_csv,
    export_csv,
    export_measurements_csv,
)

CET = datetime.timezone(datetime.timedelta(hours=1))
PLAN: dict[str, Any] = {
    "schema": "backrub.plan/1",
    "verdict": "go",
    "total_seconds": 900,
    "steps": [{"n": n} for n in range(1, 7)],
}


def sample_journal() -> Journal:
    """Two people with sessions and check-ins, one with nothing, awkward notes included."""
    start = datetime.datetime(2026, 1, 5, 23, 30, tzinfo=CET)
    sam = PersonRecord(
        id="p-sam",
        name="Sam",
        sessions=(
            SessionRecord(
                id="s1",
                started=start,
                ended=start + datetime.timedelta(minutes=15),
                status="completed",
                giver="partner",
                plan=PLAN,
                steps_done=(1, 2, 3, 4, 5, 6),
                pain_before={"lower_back_left": 6, "shoulder_right": 3},
                pain_after={"lower_back_left": 4},
                soreness_next_day=2,
                note='felt good, "really"\nsecond line',
            ),
            SessionRecord(
                id="s2",
                started=start + datetime.timedelta(days=2),
                ended=None,
                status="aborted",
                giver="self",
                plan=PLAN,
                steps_done=(1, 2),
            ),
        ),
        checkins=(
            CheckinRecord(id="c1", date=datetime.date(2026, 1, 7), peg=(6, 5, 5), sleep=6),
            CheckinRecord(
                id="c2", date=datetime.date(2026, 1, 14), peg=(4, 4, 3), stress=2, rmdq=7
            ),
        ),
    )
    ada = PersonRecord(
        id="p-ada",
        name="Ada, Jr.",
        sessions=(
            SessionRecord(
                id="s3",
                started=datetime.datetime(2026, 2, 1, 8, 0, tzinfo=datetime.UTC),
                ended=datetime.datetime(2026, 2, 1, 8, 10, tzinfo=datetime.UTC),
                status="completed",
                giver="device",
                plan=PLAN,
                steps_done=(1, 2, 3, 4, 5, 6),
                pain_before={"spine": 5},
                pain_after={"spine": 3},
            ),
        ),
        checkins=(CheckinRecord(id="c3", date=datetime.date(2026, 2, 2), peg=(0, 0, 1)),),
    )
    nobody = PersonRecord(id="p-empty", name="Empty")
    return Journal(people=(sam, ada, nobody))


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_session_with_means_and_counts() -> None:
    text = export_csv(sample_journal())
    assert text.splitlines()[0] == ",".join(SESSION_COLUMNS)
    table = rows(text)
    assert [row["session_id"] for row in table] == ["s1", "s2", "s3"]
    first, aborted, device = table
    assert first["person"] == "Sam" and first["person_id"] == "p-sam"
    assert first["date"] == "2026-01-05"  # the session's own offset, not UTC
    assert first["mean_pain_before"] == "4.5"
    assert first["mean_pain_after"] == "4"
    assert first["minutes_planned"] == "15.0"
    assert first["steps_planned"] == "6" and first["steps_done"] == "6"
    assert first["soreness_next_day"] == "2"
    assert first["note"] == 'felt good, "really"\nsecond line'
    assert aborted["status"] == "aborted" and aborted["steps_done"] == "2"
    assert aborted["ended"] == "" and aborted["mean_pain_before"] == ""
    assert aborted["soreness_next_day"] == ""
    assert device["person"] == "Ada, Jr."


def test_one_row_per_checkin() -> None:
    table = rows(export_checkins_csv(sample_journal()))
    assert list(table[0]) == list(CHECKIN_COLUMNS)
    assert [row["checkin_id"] for row in table] == ["c1", "c2", "c3"]
    assert table[0]["peg_score"] == "5.33"
    assert table[0]["sleep"] == "6" and table[0]["stress"] == ""
    assert table[1]["rmdq"] == "7"


def test_measurements_are_tidy() -> None:
    table = rows(export_measurements_csv(sample_journal()))
    assert list(table[0]) == list(MEASUREMENT_COLUMNS)
    s1 = [(r["kind"], r["region"], r["value"]) for r in table if r["record_id"] == "s1"]
    assert s1 == [
        ("pain_before", "lower_back_left", "6"),
        ("pain_before", "shoulder_right", "3"),
        ("pain_after", "lower_back_left", "4"),
        ("soreness_next_day", "", "2"),
    ]
    assert not [r for r in table if r["record_id"] == "s2"]  # nothing measured
    c2 = {r["kind"]: r["value"] for r in table if r["record_id"] == "c2"}
    assert c2 == {"peg_pain": "4", "peg_enjoyment": "4", "peg_activity": "3", "stress": "2",
                  "rmdq": "7"}  # fmt: skip
    assert all(r["time"] == "" for r in table if r["record_id"].startswith("c"))


def test_exports_are_deterministic_and_empty_journals_have_headers() -> None:
    for export in (export_csv, export_checkins_csv, export_measurements_csv):
        assert export(sample_journal()) == export(sample_journal())
        assert len(export(Journal(people=())).splitlines()) == 1
