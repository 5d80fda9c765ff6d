"""Child process for test_crash: writes journal entries until it is killed.

Usage, from tests/: python -m support.crash_writer URL. Prints `saved <id>` after
each transaction commits (a session with its pain ratings plus a check-in),
flushing each line, so that the parent knows exactly what the journal promised to keep.
"""

from __future__ import annotations

import sys

from backrub.contract.records import new_id
from backrub.journal import open_journal
from backrub.journal.entries import add_checkin, add_session
from backrub.journal.people import create_person
from support.journal_factories import make_checkin, make_session


def main(url: str) -> None:
    with open_journal(url) as store:
        with store.transaction() as db:
            person = create_person(db=db, name="crash")
        while True:
            session = make_session(id=new_id(), note="x" * 500)
            with store.transaction() as db:
                add_session(db=db, person_id=person.id, entry=session)
                add_checkin(db=db, person_id=person.id, entry=make_checkin(id=session.id))
            sys.stdout.write(f"saved {session.id}\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
