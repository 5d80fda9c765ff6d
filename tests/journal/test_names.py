"""People's names are unique per account, and among the CLI's own people; not across the
journal. Checked against a real database, SQLite or PostgreSQL (`database`): the repository
says so in words, and the schema holds it even against a write that skips the repository."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.exc import IntegrityError

from backrub.contract.validation import ValidationError
from backrub.journal import accounts
from backrub.journal.mapping import now
from backrub.journal.models import Person
from backrub.journal.people import (
    create_person,
    current_person,
    find_person,
    list_people,
    rename_person,
    resolve_person,
)
from backrub.journal.store import Store


def _user(store: Store, email: str) -> str:
    with store.transaction() as db:
        return accounts.create_user(db=db, email=email, password_hash="x").id


def _row(name: str, owner_id: str | None) -> Person:
    """A person written straight to the table, past every check of the repository."""
    return Person(id=f"raw-{name}-{owner_id}", name=name, created=now(), owner_id=owner_id)


def test_two_accounts_and_the_cli_each_have_a_sam(store: Store) -> None:
    one, two = _user(store, "one@example.org"), _user(store, "two@example.org")
    with store.transaction() as db:
        first = accounts.create_owned_person(db=db, user_id=one, name="Sam")
        second = accounts.create_owned_person(db=db, user_id=two, name=" Sam ")
        cli = create_person(db=db, name="Sam")
    assert (first.name, second.name, cli.name) == ("Sam", "Sam", "Sam")
    assert len({first.id, second.id, cli.id}) == 3


def test_one_account_cannot_have_two_sams(store: Store) -> None:
    one, two = _user(store, "one@example.org"), _user(store, "two@example.org")
    with store.transaction() as db:
        accounts.create_owned_person(db=db, user_id=one, name="Sam")
        kim = accounts.create_owned_person(db=db, user_id=one, name="Kim")
        accounts.create_owned_person(db=db, user_id=two, name="Ann")
    with pytest.raises(ValueError, match="already a person named 'Sam'"), store.transaction() as db:
        accounts.create_owned_person(db=db, user_id=one, name="Sam")
    with pytest.raises(ValueError, match="already a person named 'Sam'"), store.transaction() as db:
        rename_person(db=db, person_id=kim.id, name="Sam")
    with store.transaction() as db:  # another account's name is no matter
        assert rename_person(db=db, person_id=kim.id, name="Ann").name == "Ann"
    with pytest.raises(IntegrityError), store.transaction() as db:
        db.add(_row("Sam", one))
        db.flush()


def test_two_cli_people_cannot_share_a_name(store: Store) -> None:
    with store.transaction() as db:
        create_person(db=db, name="Sam")
    with pytest.raises(ValueError, match="already a person named 'Sam'"), store.transaction() as db:
        create_person(db=db, name="Sam")
    # The schema holds it too: a unique index alone would let NULL owners repeat a name.
    with pytest.raises(IntegrityError), store.transaction() as db:
        db.add(_row("Sam", None))
        db.flush()
    with store.transaction() as db:
        assert [p.name for p in list_people(db=db)] == ["Sam"]


@pytest.mark.parametrize("bad", ["\u202e", "\u2067", "\x00", "\x1b", "\x85", "\t", "\n"])
def test_a_name_with_a_control_or_direction_character_is_refused(store: Store, bad: str) -> None:
    user = _user(store, "one@example.org")
    code = f"U+{ord(bad):04X}"
    for make in (
        lambda db: create_person(db=db, name=f"Sam{bad}x"),
        lambda db: accounts.create_owned_person(db=db, user_id=user, name=f"Sam{bad}x"),
    ):
        with pytest.raises(ValidationError) as refused, store.transaction() as db:
            make(db)
        assert refused.value.path == "name" and code in refused.value.message
    with store.transaction() as db:
        assert list_people(db=db) == [] and accounts.owned_people(db=db, user_id=user) == []


def test_the_clis_lookups_never_see_an_accounts_people(store: Store) -> None:
    user = _user(store, "one@example.org")
    with store.transaction() as db:
        accounts.create_owned_person(db=db, user_id=user, name="Alex")
        accounts.create_owned_person(db=db, user_id=user, name="Robin")
    with store.transaction() as db:
        assert list_people(db=db) == []
        assert find_person(db=db, name="Alex") is None
        assert current_person(db=db) is None
        # Two people in the journal, none the CLI's: it starts its own, not "choose one".
        made = resolve_person(db=db)
        assert made.name == "me" and current_person(db=db) == made
        with pytest.raises(LookupError) as unknown:
            resolve_person(db=db, name="Alex")
        assert "Robin" not in str(unknown.value)


def test_parallel_adds_of_one_name_to_one_account_answer_in_words(store: Store) -> None:
    """Twenty requests add "Sam" to one account at once (issue 14 found 500s on
    PostgreSQL: each looked, found no Sam, and inserted). Exactly one is added; every
    other hears "there is already a person named 'Sam'", none an IntegrityError."""
    owner = _user(store, "one@example.org")
    barrier = threading.Barrier(20)

    def add() -> str:
        with store.transaction() as db:
            barrier.wait()
            try:
                accounts.create_owned_person(db=db, user_id=owner, name="Sam")
            except ValueError as error:
                return str(error)
            return "added"

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda _: add(), range(20)))
    assert answers.count("added") == 1
    assert sorted(set(answers) - {"added"}) == ["there is already a person named 'Sam'"]
    with store.transaction() as db:
        assert [p.name for p in accounts.owned_people(db=db, user_id=owner)] == ["Sam"]
