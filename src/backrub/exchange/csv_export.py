"""The journal as CSV, for spreadsheets and analysis.

Three tables, each a complete CSV text with a header row (RFC 4180: comma,
double-quote quoting, CRLF line ends; write it with `newline=""`):

- `export_csv`: one row per session, the wide view a spreadsheet user expects.
- `export_checkins_csv`: one row per check-in.
- `export_measurements_csv`: the tidy, long view for analysis, one row per number
  measured: `person, person_id, date, time, kind, region, value, record_id`. Kinds:
  `pain_before`, `pain_after` (one row per rated region), `soreness_next_day`,
  `peg_pain`, `peg_enjoyment`, `peg_activity`, `sleep`, `stress`, `rmdq`. `region`
  is empty where a number is not about one region; `time` is empty for check-ins.
  Filtering `kind == "pain_before"` and grouping by person and date gives the pain
  series the progress report uses.

Rows follow the journal's order (people as listed, sessions by start, check-ins
by date), and numbers are written the same way every time, so the same journal
gives the same text. Means are rounded to two decimals; a missing value is an
empty cell. Text that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) is written
with a leading apostrophe, so a spreadsheet shows it instead of running it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from statistics import mean

from backrub.contract.records import CheckinRecord, Journal, PersonRecord, SessionRecord

SESSION_COLUMNS = (
    "person",
    "person_id",
    "session_id",
    "date",
    "started",
    "ended",
    "status",
    "giver",
    "minutes_planned",
    "steps_planned",
    "steps_done",
    "mean_pain_before",
    "mean_pain_after",
    "soreness_next_day",
    "note",
)
CHECKIN_COLUMNS = (
    "person",
    "person_id",
    "checkin_id",
    "date",
    "peg_pain",
    "peg_enjoyment",
    "peg_activity",
    "peg_score",
    "sleep",
    "stress",
    "rmdq",
)
MEASUREMENT_COLUMNS = (
    "person",
    "person_id",
    "date",
    "time",
    "kind",
    "region",
    "value",
    "record_id",
)
PEG_KINDS = ("peg_pain", "peg_enjoyment", "peg_activity")

Cell = str | int | float | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_csv(journal: Journal) -> str:
    """One row per session (see the module docstring)."""
    rows = (
        _session_row(person, session) for person in journal.people for session in person.sessions
    )
    return _table(SESSION_COLUMNS, rows)


def export_checkins_csv(journal: Journal) -> str:
    """One row per check-in: the three PEG items, their mean, sleep, stress, RMDQ."""
    rows = (
        _checkin_row(person, checkin) for person in journal.people for checkin in person.checkins
    )
    return _table(CHECKIN_COLUMNS, rows)


def export_measurements_csv(journal: Journal) -> str:
    """One row per measured number, sessions first then check-ins for each person."""
    rows: list[Sequence[Cell]] = []
    for person in journal.people:
        for session in person.sessions:
            rows += _session_measurements(person, session)
        for checkin in person.checkins:
            rows += _checkin_measurements(person, checkin)
    return _table(MEASUREMENT_COLUMNS, rows)


def _session_row(person: PersonRecord, session: SessionRecord) -> Sequence[Cell]:
    steps = session.plan.get("steps") or []
    total = session.plan.get("total_seconds")
    return (
        person.name,
        person.id,
        session.id,
        session.date.isoformat(),
        session.started.isoformat(),
        session.ended.isoformat() if session.ended else None,
        session.status,
        session.giver,
        _number(total / 60) if isinstance(total, int) else None,
        len(steps),
        len(session.steps_done),
        _mean(session.pain_before.values()),
        _mean(session.pain_after.values()),
        session.soreness_next_day,
        session.note,
    )


def _checkin_row(person: PersonRecord, checkin: CheckinRecord) -> Sequence[Cell]:
    return (
        person.name,
        person.id,
        checkin.id,
        checkin.date.isoformat(),
        *checkin.peg,
        _number(checkin.peg_score),
        checkin.sleep,
        checkin.stress,
        checkin.rmdq,
    )


def _session_measurements(person: PersonRecord, session: SessionRecord) -> list[Sequence[Cell]]:
    date, time = session.date.isoformat(), session.started.isoformat()
    values: list[tuple[str, str, int | None]] = [
        *(("pain_before", region, value) for region, value in session.pain_before.items()),
        *(("pain_after", region, value) for region, value in session.pain_after.items()),
        ("soreness_next_day", "", session.soreness_next_day),
    ]
    return [
        (person.name, person.id, date, time, kind, region, value, session.id)
        for kind, region, value in values
        if value is not None
    ]


def _checkin_measurements(person: PersonRecord, checkin: CheckinRecord) -> list[Sequence[Cell]]:
    values: list[tuple[str, int | None]] = [
        *zip(PEG_KINDS, checkin.peg, strict=True),
        ("sleep", checkin.sleep),
        ("stress", checkin.stress),
        ("rmdq", checkin.rmdq),
    ]
    date = checkin.date.isoformat()
    return [
        (person.name, person.id, date, None, kind, None, value, checkin.id)
        for kind, value in values
        if value is not None
    ]


def _table(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([_inert(cell) for cell in row] for row in rows)  # None: an empty cell
    return out.getvalue()


def _inert(cell: Cell) -> Cell:
    """Text a spreadsheet would run as a formula (`=HYPERLINK(...)` as a name or note)
    gets a leading apostrophe, which spreadsheets show as text (OWASP's advice)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _mean(values: Iterable[int]) -> float | None:
    values = list(values)
    return _number(mean(values)) if values else None


def _number(value: float) -> float:
    return round(value, 2)
