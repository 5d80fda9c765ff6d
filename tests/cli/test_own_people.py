"""On a journal shared with the web app, the CLI works on its own people (those of no web
account): it never prints an account's people's names, never counts them, and never
writes to them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backrub.contract.records import Journal, PersonRecord
from backrub.exchange.journal_json import export_json
from backrub.journal import accounts, open_journal
from backrub.journal.entries import add_session
from backrub.journal.models import Setting
from backrub.journal.people import CURRENT_PERSON
from support.cli import add_sam, ok, refused, run
from support.intakes import REPO_ROOT
from support.journal_factories import make_session

WEB_NAMES = ("Alex Webb", "Robin Webb")


@pytest.fixture
def web_people(journal_url: str) -> list[str]:
    """Two accounts' people, each with a session; their ids."""
    ids = []
    with open_journal(journal_url) as store, store.transaction() as db:
        for number, name in enumerate(WEB_NAMES):
            user = accounts.create_user(db=db, email=f"u{number}@example.org", password_hash="x")
            person = accounts.create_owned_person(db=db, user_id=user.id, name=name)
            add_session(db=db, person_id=person.id, entry=make_session())
            ids.append(person.id)
    return ids


def _says_no_web_name(*texts: str) -> None:
    for text in texts:
        for name in WEB_NAMES:
            assert name not in text and "Webb" not in text, text


def test_lists_and_counts_only_its_own(web_people: list[str]) -> None:
    assert ok("profile", "list") == "Nobody yet. Add someone with: backrub profile create NAME\n"
    assert json.loads(ok("profile", "list", "--json")) == []
    assert json.loads(ok("export", "--format", "json"))["people"] == []
    empty = refused("report")
    assert "the journal is empty" in empty
    ok("profile", "create", "Kim")
    listed = ok("profile", "list")
    assert listed == "* Kim: 0 sessions and 0 check-ins\n"
    _says_no_web_name(listed, ok("history"), ok("report"), ok("export", "--format", "csv"))


def test_with_several_of_its_own_and_none_current_it_names_only_its_own(
    web_people: list[str], journal_url: str
) -> None:
    ok("profile", "create", "Kim")
    ok("profile", "create", "Lee")
    with open_journal(journal_url) as store, store.transaction() as db:
        # As an older journal could have it: the current person is an account's.
        db.merge(Setting(key=CURRENT_PERSON, value=web_people[0]))
    message = refused("history")
    assert message == (
        "backrub: --person: there are several people; choose one with --person (Kim, Lee)\n"
    )


def test_an_accounts_person_is_unknown_by_name(web_people: list[str]) -> None:
    for args in (
        ("profile", "show", "--person", WEB_NAMES[0]),
        ("profile", "switch", WEB_NAMES[0]),
        ("history", "--person", WEB_NAMES[0]),
        ("export", "--person", WEB_NAMES[0]),
    ):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "no person named" in result.stderr
        assert WEB_NAMES[1] not in result.stderr
    # The name is free for the CLI's own person.
    assert ok("profile", "create", WEB_NAMES[0]) == f"Created {WEB_NAMES[0]} (current).\n"


def test_an_import_never_adds_to_an_accounts_person(
    web_people: list[str], tmp_path: Path, journal_url: str
) -> None:
    document = tmp_path / "journal.json"
    person = PersonRecord(id=web_people[0], name="Anyone", sessions=(make_session(),))
    document.write_text(export_json(Journal(people=(person,))), encoding="utf-8")
    message = refused("import", str(document))
    assert message == "backrub: people[0].id: this id belongs to a web account\n"
    with open_journal(journal_url) as store, store.transaction() as db:
        (user,) = [u for u in accounts.list_users(db=db) if u.email == "u0@example.org"]
        (own,) = accounts.owned_people(db=db, user_id=user.id)
    assert own.name == WEB_NAMES[0]


def test_a_misleading_name_is_one_line(journal_url: str) -> None:
    message = refused("profile", "create", "Sam\u202egnp.exe")
    assert message == (
        "backrub: NAME: must not contain control or direction-changing characters (found U+202E)\n"
    )
    assert ok("profile", "list").startswith("Nobody yet")


def test_a_misleading_note_is_one_line_and_nothing_is_logged(
    journal_url: str, tmp_path: Path
) -> None:
    """`backrub log` builds the record itself; the program's entry point turns the record's
    refusal into one line and exit 2 (no traceback), and nothing is written."""
    add_sam(tmp_path)
    args = ["log", "--note", "fine\u202eenif", "--pain-before", "lower_back_left=3"]
    done = subprocess.run(
        [sys.executable, "-m", "backrub", *args, "--pain-after", "lower_back_left=2"],
        env={**os.environ, "BACKRUB_DATABASE_URL": journal_url},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "backrub: note: must not contain control or direction-changing characters (found U+202E)\n"
    )
    assert json.loads(ok("history", "--json"))["sessions"] == []
