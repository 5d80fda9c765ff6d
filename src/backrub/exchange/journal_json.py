"""The journal exchange document (`backrub.journal/1`), as in docs/contract.md.

Export is deterministic: the same journal gives the same text, byte for byte
(fields in the contract's order, two-space indent, UTF-8 kept as is). msgspec writes
it, as the standard library's `json.dumps(indent=2, ensure_ascii=False)` would but for
the spelling of floats of 1e16 and over (`1e20`, not `1e+20`), and ten times faster. Writing
an imported document into the journal is `backrub.journal.transfer.import_json`:
this layer knows the format, not the database.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from itertools import pairwise
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


class Splice:
    """A document's text with values written from JSON texts given apart, each formatted
    once however often it recurs: a person's 300 sessions follow a handful of plans, and
    indenting every copy of a plan was most of an export's time.

    The document holds `placeholder(key)` where `texts[key]` goes. `document_text` formats
    the document, then the text of each key once (as `document_text` would format it in
    place), re-indents it for each depth it stands at, and puts it where the placeholder
    stands: the same text, byte for byte, as the document with the values themselves.

    A placeholder is a string beginning with NUL and a token drawn for each Splice, and
    JSON writes it quoted with the NUL escaped (`"\\u0000<token>:<key>"`), so no other
    string in the document can be taken for one: it would have to be that very string,
    the NUL and the token included. The match takes the whole string, quotes and all: the
    same text inside a longer string is left as it is.
    """

    def __init__(self, texts: Mapping[str, str]) -> None:
        """`texts`: JSON texts by key (letters and digits, such as a SHA-256 in hex)."""
        self._texts = texts
        self._mark = f"\x00{secrets.token_hex(16)}:"
        # The placeholder as the formatted document writes it, up to the key.
        self._quoted = msgspec.json.encode(self._mark).decode()[:-1]
        self._placeholders: dict[str, str] = {}

    def __contains__(self, key: str) -> bool:
        return key in self._texts

    def placeholder(self, key: str) -> str:
        """What the document holds where `texts[key]` goes; KeyError for a key it has not."""
        found = self._placeholders.get(key)
        if found is None:
            if not (key.isascii() and key.isalnum()):
                raise ValueError(f"a splice key is letters and digits, got {key!r}")
            if key not in self._texts:
                raise KeyError(key)
            found = self._placeholders[key] = self._mark + key
        return found

    def document_text(self, document: dict[str, Any]) -> str:
        """`document_text` of the document with each placeholder's text in its place."""
        pieces = document_text(document).split(self._quoted)
        out = [pieces[0]]
        formatted: dict[str, str] = {}
        placed: dict[tuple[str, int], str] = {}
        for before, piece in pairwise(pieces):
            key, quote, rest = piece.partition('"')
            if before.endswith("\\") or not quote or key not in self._texts:
                out += (self._quoted, piece)  # inside a string: not a placeholder
                continue
            # A value of a formatted document starts its line, after its key if any: the
            # text's own lines go in as deep as that line.
            line = before[before.rfind("\n") + 1 :]
            depth = len(line) - len(line.lstrip(" "))
            text = placed.get((key, depth))
            if text is None:
                if key not in formatted:
                    formatted[key] = msgspec.json.format(self._texts[key], indent=2)
                text = formatted[key].replace("\n", "\n" + " " * depth)
                placed[key, depth] = text
            out += (text, rest)
        return "".join(out)


def parse_json(text: str | bytes) -> Journal:
    """Validate a document; a ValidationError names the field's path, like
    `people[0].sessions[3].pain_before.lower_back_left: expected an integer from 0 to 10`."""
    return load_journal(text)
