"""The journal exchange document (`backrub.journal/1`), as in docs/contract.md.

Export is deterministic: the same journal gives the same text, byte for byte
(fields in the contract's order, two-space indent, UTF-8 kept as is). Writing
an imported document into the journal is `backrub.journal.transfer.import_json`:
this layer knows the format, not the database.
"""

from __future__ import annotations

import json

from backrub.contract.records import Journal, load_journal


def export_json(journal: Journal) -> str:
    """The document's text, ending with a newline."""
    return json.dumps(journal.to_dict(), indent=2, ensure_ascii=False) + "\n"


def parse_json(text: str | bytes) -> Journal:
    """Validate a document; a ValidationError names the field's path, like
    `people[0].sessions[3].pain_before.lower_back_left: expected an integer from 0 to 10`."""
    return load_journal(text)
