"""`backrub export` and `backrub import` in-process, on a fresh journal (`journal_url`)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backrub.cli.app import app
from backrub.contract.records import Journal, PersonRecord
from backrub.exchange.journal_json import export_json
from backrub.journal import open_journal
from backrub.journal.transfer import ImportCounts
from support.databases import count_rows
from support.journal_factories import make_checkin, make_session

runner = CliRunner()


def sample() -> Journal:
    return Journal(
        people=(
            PersonRecord(
                id="p1",
                name="Sam",
                sessions=(make_session(id="s1"), make_session(id="s2", status="aborted")),
                checkins=(make_checkin(id="c1"),),
            ),
            PersonRecord(id="p2", name="Zoë", sessions=(make_session(id="s3"),)),
        )
    )


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "journal.json"
    path.write_text(export_json(sample()), encoding="utf-8")
    return path


def test_import_then_export_gives_the_file_back(journal_url: str, document: Path) -> None:
    result = runner.invoke(app, ["import", str(document)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Added 2 people, 3 sessions and 1 check-in.\n"
    exported = runner.invoke(app, ["export", "--format", "json"])
    assert exported.exit_code == 0
    assert exported.stdout == document.read_text(encoding="utf-8")


def test_importing_twice_adds_nothing(journal_url: str, document: Path) -> None:
    runner.invoke(app, ["import", str(document)])
    again = runner.invoke(app, ["import", "--json", str(document)])
    assert again.exit_code == 0
    assert json.loads(again.stdout) == {"people": 0, "sessions": 0, "checkins": 0}


def test_import_from_stdin(journal_url: str, document: Path) -> None:
    result = runner.invoke(app, ["import", "-"], input=document.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Added 2 people")


def test_a_bad_file_is_refused_whole(journal_url: str, document: Path) -> None:
    data = json.loads(document.read_text(encoding="utf-8"))
    data["people"][1]["sessions"][0]["pain_before"] = {"lower_back_left": 11}
    document.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["import", str(document)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "backrub: people[1].sessions[0].pain_before.lower_back_left: "
        "expected an integer from 0 to 10, got 11\n"
    )
    with open_journal(journal_url) as store, store.transaction() as db:
        assert count_rows(db=db).total == 0


def test_a_time_before_1900_is_one_line(journal_url: str, document: Path) -> None:
    """(A time out of range in UTC, as 0001-01-01T00:30+01:00, is refused for this first.)"""
    data = json.loads(document.read_text(encoding="utf-8"))
    data["people"][1]["sessions"][0]["started"] = "0001-01-01T00:30:00+01:00"
    document.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["import", str(document)])
    assert result.exit_code == 2, result.output
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert result.stderr == (
        "backrub: people[1].sessions[0].started: expected a date from 1900-01-01 to "
        f"{tomorrow} (tomorrow), got 0001-01-01\n"
    )
    with open_journal(journal_url) as store, store.transaction() as db:
        assert count_rows(db=db).total == 0


def test_a_name_clash_imports_nothing(journal_url: str, document: Path) -> None:
    assert runner.invoke(app, ["profile", "create", "Zoë"]).exit_code == 0
    result = runner.invoke(app, ["import", str(document)])
    assert result.exit_code == 2
    assert result.stderr.startswith("backrub: people[1].name: ")
    with open_journal(journal_url) as store, store.transaction() as db:
        assert count_rows(db=db) == ImportCounts(people=1)


def test_a_missing_file_is_one_line(journal_url: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no such file" in result.stderr


def test_export_one_person_to_a_file(journal_url: str, document: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["import", str(document)])
    out = tmp_path / "zoe.json"
    result = runner.invoke(app, ["export", "--person", "Zoë", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote 1 person, 1 session and 0 check-ins to {out}.\n"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [p["name"] for p in data["people"]] == ["Zoë"]
    assert data["people"][0] == sample().people[1].to_dict()


def test_export_an_unknown_person(journal_url: str, document: Path) -> None:
    runner.invoke(app, ["import", str(document)])
    result = runner.invoke(app, ["export", "--person", "Kim"])
    assert result.exit_code == 2
    assert result.stderr == "backrub: --person: no person named 'Kim'; known: Sam, Zoë\n"


def test_export_an_unknown_format(journal_url: str) -> None:
    result = runner.invoke(app, ["export", "--format", "xml"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "backrub: --format: expected one of json, csv, checkins-csv, measurements-csv, fhir"
    )


def test_export_csv_and_fhir(journal_url: str, document: Path) -> None:
    runner.invoke(app, ["import", str(document)])
    csv_text = runner.invoke(app, ["export", "--format", "csv"])
    assert csv_text.exit_code == 0, csv_text.output
    assert csv_text.stdout.count("\n") == 4  # a header and three sessions
    checkins = runner.invoke(app, ["export", "--format", "checkins-csv"])
    assert checkins.stdout.splitlines()[0].startswith("person,person_id,checkin_id,")
    measurements = runner.invoke(app, ["export", "--format", "measurements-csv"])
    assert measurements.exit_code == 0, measurements.output
    assert measurements.stdout.count("\n") > csv_text.stdout.count("\n")
    fhir = runner.invoke(app, ["export", "--format", "fhir"])
    assert fhir.exit_code == 0, fhir.output
    assert json.loads(fhir.stdout)["resourceType"] == "Bundle"


def test_a_bad_database_url_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKRUB_DATABASE_URL", "nonsense://")
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 2
    assert result.stderr.startswith("backrub: BACKRUB_DATABASE_URL: cannot open the journal")
    assert result.stderr.count("\n") == 1


def test_the_empty_journal_exports_an_empty_document(journal_url: str) -> None:
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"schema": "backrub.journal/1", "people": []}
