"""The journal exchange document (`backrub.journal/1`), as in docs/contract.md.

Export is deterministic: the same journal gives the same text, byte for byte
(fields in the contract's order, two-space indent, UTF-8 kept as is). Import
validates the whole document before it writes anything, and writes it in the
caller's transaction, so a bad document is refused whole.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from backrub.contract.records import Journal, load_journal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from backrub.journal.repository import ImportCounts


def export_json(journal: Journal) -> str:
    """The document's text, ending with a newline."""
    return json.dumps(journal.to_dict(), indent=2, ensure_ascii=False) + "\n"


def parse_json(text: str | bytes) -> Journal:
    """Validate a document; a ValidationError names the field's path, like
    `people[0].sessions[3].pain_before.lower_back_left: expected an integer from 0 to 10`."""
    return load_journal(text)


def import_json(*, db: Session, text: str | bytes) -> ImportCounts:
    """Validate the document, then add what the journal does not have yet.

    Raises ValidationError for a bad document (nothing is written) or for a
    person whose name another person in the journal already has (the caller's
    transaction rolls back). Importing the same document twice adds nothing.
    """
    from backrub.journal import repository

    return repository.import_journal(db=db, journal=parse_json(text))
