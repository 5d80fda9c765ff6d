"""The journal exchange document (`backrub.journal/1`), as in docs/contract.md.

Export is deterministic: the same journal gives the same text, byte for byte
(fields in the contract's order, two-space indent, UTF-8 kept as is). msgspec writes
it, as the standard library's `json.dumps(indent=2, ensure_ascii=False)` would but for
the spelling of floats of 1e16 and over (`1e20`, not `1e+20`), and ten times faster. Writing
an imported document into the journal is `backrub.journal.transfer.import_json`:
this layer knows the format, not the database.
"""

from __future__ import annotations

from typing import Any

import msgspec

from backrub.contract.records import Journal, load_journal


def export_json(journal: Journal) -> str:
    """The document's text, ending with a newline."""
    return document_text(journal.to_dict())


def document_text(document: dict[str, Any]) -> str:
    """A document in the contract's shape (as `Journal.to_dict` gives it, where a value may
    be `msgspec.Raw` JSON copied as stored) as export text, ending with a newline."""
    return msgspec.json.format(msgspec.json.encode(document), indent=2).decode() + "\n"


def parse_json(text: str | bytes) -> Journal:
    """Validate a document; a ValidationError names the field's path, like
    `people[0].sessions[3].pain_before.lower_back_left: expected an integer from 0 to 10`."""
    return load_journal(text)
