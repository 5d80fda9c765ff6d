"""`backrub admin grant-moderator`/`revoke-moderator` and `backrub moderate`, through the
real CLI, on a fresh journal that the web app then reads."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from backrub.journal import accounts, open_journal, tips
from backrub.journal.store import Store
from support.accounts import app_client
from support.cli import ok, refused

MOD = "mod@example.org"
AUTHOR = "author@example.org"


@pytest.fixture
def store(journal_url: str) -> Iterator[Store]:
    """The journal the CLI opens, with an author and a would-be moderator in it."""
    journal = open_journal(journal_url)
    with journal.transaction() as db:
        for email in (MOD, AUTHOR):
            accounts.create_user(db=db, email=email, password_hash="x")
    yield journal
    journal.close()


def _post(store: Store, email: str, body: str) -> str:
    with store.transaction() as db:
        found = accounts.find_credentials(db=db, email=email)
        assert found is not None
        return tips.post_tip(
            db=db, author_id=found.user.id, kind="region", guide_id="lower_back_left", body=body
        ).id


def test_grant_and_revoke_moderator(store: Store) -> None:
    assert ok("admin", "grant-moderator", " Mod@Example.org ") == f"{MOD} is now a moderator.\n"
    tip_id = _post(store, AUTHOR, "A tip.")
    assert ok("moderate", "approve", tip_id, "--as", MOD).startswith("Approved")
    assert ok("admin", "revoke-moderator", MOD) == f"{MOD} is no longer a moderator.\n"
    stderr = refused("moderate", "reject", tip_id, "--reason", "No.", "--as", MOD)
    assert "--as: mod@example.org is not a moderator" in stderr
    assert "EMAIL: there is no account" in refused("admin", "grant-moderator", "no@example.org")


def test_list_show_approve_and_the_web_shows_it(store: Store, journal_url: str) -> None:
    ok("admin", "grant-moderator", MOD)
    assert ok("moderate", "list") == "No tips are waiting.\n"
    first = _post(store, AUTHOR, "Knead *gently*.\nThen rest.")
    second = _post(store, AUTHOR, "x" * 100)
    listed = ok("moderate", "list").splitlines()
    assert listed[0] == f"{first}  region/lower_back_left  Knead *gently*."
    assert listed[1].startswith(f"{second}  region/lower_back_left  ") and listed[1].endswith("…")
    queued = json.loads(ok("moderate", "list", "--json"))
    assert [(t["id"], t["status"], t["reports"]) for t in queued] == [
        (first, "pending", 0),
        (second, "pending", 0),
    ]
    assert AUTHOR not in json.dumps(queued)
    assert ok("moderate", "approve", first, "--as", MOD) == (
        f"Approved tip {first} on region/lower_back_left.\n"
    )
    with app_client(journal_url) as client:
        published = client.get("/api/v1/guides/regions/lower_back_left/tips").json()
    assert [t["id"] for t in published] == [first]
    shown = ok("moderate", "show", first)
    assert "Knead *gently*.\nThen rest." in shown and "Status: approved" in shown
    assert f"{MOD}  approve" in shown


def test_reject_keeps_the_reason_in_the_tip_and_the_log(store: Store) -> None:
    ok("admin", "grant-moderator", MOD)
    tip_id = _post(store, AUTHOR, "Press hard on the spine.")
    said = ok("moderate", "reject", tip_id, "--reason", "Never press on the spine.", "--as", MOD)
    assert said == f"Rejected tip {tip_id} on region/lower_back_left.\n"
    shown = json.loads(ok("moderate", "show", tip_id, "--json"))
    assert (shown["status"], shown["reason"]) == ("rejected", "Never press on the spine.")
    [entry] = shown["history"]
    assert (entry["moderator"], entry["decision"], entry["reason"]) == (
        MOD,
        "reject",
        "Never press on the spine.",
    )
    assert entry["at"].endswith("+00:00")
    assert ok("moderate", "list") == "No tips are waiting.\n"


def test_bad_input_is_one_line(store: Store) -> None:
    ok("admin", "grant-moderator", MOD)
    tip_id = _post(store, AUTHOR, "A tip.")
    own = _post(store, MOD, "The moderator's own tip.")
    assert "ID: no tip with the id nope" in refused("moderate", "show", "nope")
    assert "ID: there is no such tip" in refused("moderate", "approve", "nope", "--as", MOD)
    assert "--reason: say why" in refused(
        "moderate", "reject", tip_id, "--reason", " ", "--as", MOD
    )
    long_reason = "x" * 501
    assert "--reason: keep the reason to 500" in refused(
        "moderate", "reject", tip_id, "--reason", long_reason, "--as", MOD
    )
    assert "ID: this is your own tip" in refused("moderate", "approve", own, "--as", MOD)
    assert "--as: no account with the email who@example.org" in refused(
        "moderate", "approve", tip_id, "--as", "who@example.org"
    )
    assert "--as: author@example.org is not a moderator" in refused(
        "moderate", "approve", tip_id, "--as", AUTHOR
    )
    with store.transaction() as db:
        assert tips.decisions(db=db) == []
        assert {t.status for t in tips.tip_queue(db=db)} == {"pending"}
