"""CSV export: the sessions table, the check-ins table and the tidy measurements."""

from __future__ import annotations

import csv
import io

import msgspec

from backrub.contract.records import Journal
from backrub.exchange.csv_export import (
    CHECKIN_COLUMNS,
    MEASUREMENT_COLUMNS,
    SESSION_COLUMNS,
    export_checkins_csv,
    export_csv,
    export_measurements_csv,
)
from support.journal_factories import sample_journal


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


FORMULAS = ('=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)")


def test_cells_a_spreadsheet_would_run_as_formulas_are_escaped() -> None:
    """A name or note that starts like a formula is written with a leading apostrophe,
    so a spreadsheet shows it as text instead of running it (issue 14)."""
    journal = sample_journal()
    for text in FORMULAS:
        person = msgspec.structs.replace(journal.people[0], name=text)
        session = msgspec.structs.replace(person.sessions[0], note=text)
        person = msgspec.structs.replace(person, sessions=(session, *person.sessions[1:]))
        one = Journal(people=(person,))
        first = rows(export_csv(one))[0]
        assert first["person"] == "'" + text and first["note"] == "'" + text
        assert all(row["person"] == "'" + text for row in rows(export_checkins_csv(one)))
        measured = rows(export_measurements_csv(one))
        assert measured and all(row["person"] == "'" + text for row in measured)
    tabbed = msgspec.structs.replace(
        journal.people[0].sessions[0], note="\t=1"
    )  # names take no tab
    person = msgspec.structs.replace(journal.people[0], sessions=(tabbed,))
    assert rows(export_csv(Journal(people=(person,))))[0]["note"] == "'\t=1"


def test_ordinary_text_and_numbers_are_not_escaped() -> None:
    table = rows(export_csv(sample_journal()))
    assert table[0]["person"] == "Sam" and table[0]["mean_pain_before"] == "4.5"
