"""`backrub guide --search WORDS`: the web's search in the terminal, best first.

The same function as `/search` and `GET /api/v1/search` (`journal.search`), after
bringing the journal's copy of the guides' words up to date (nothing is written when
it already is). The matched words are highlighted; everything else is plain text.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from backrub.cli.support import emit_json, fail, journal_transaction, parse_int

if TYPE_CHECKING:
    from rich.text import Text

    from backrub.journal.search import SearchHit

MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
# Never sent to the terminal: controls (an escape could clear or retitle it) and
# direction changes; line breaks and tabs become spaces.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
KIND_NAMES = {"technique": "technique", "region": "region", "tool": "tool", "tip": "reader's tip"}


def search_guides(kb: Any, words: str | None, limit: str | None, *, as_json: bool) -> None:
    """Print the hits for `words`, or `[]`/a hint when there are none."""
    from backrub.journal.search import MAX_CHARACTERS, search, sync_guides

    typed = (words or "").strip()
    if not 1 <= len(typed) <= MAX_CHARACTERS:
        fail(f"--search: expected 1 to {MAX_CHARACTERS} characters of words, got {len(typed)}")
    most = parse_int(limit, "--limit", 1, 50) or 20
    with journal_transaction() as db:
        sync_guides(db=db, kb=kb)
        hits = search(db=db, query=typed, limit=most)
    if as_json:
        emit_json(
            [
                {"kind": h.kind, "id": h.id, "title": h.title, "snippet": h.snippet}
                | {"url": h.address}
                for h in hits
            ]
        )
        return
    from backrub.cli.render import console

    out = console()
    if not hits:
        out.print(f"No guides or tips match {typed!r}.", markup=False, highlight=False)
        out.print(
            "Every word has to be there: try fewer words, or list them all with backrub guide.",
            markup=False,
            highlight=False,
        )
        return
    for n, hit in enumerate(hits, 1):
        out.print(_heading(n, hit), highlight=False)
        out.print(highlighted(hit.snippet), highlight=False)
        out.print(f"   {_command(hit)}", markup=False, highlight=False, style="dim")


def highlighted(snippet: str) -> Text:
    """The snippet's HTML as terminal text: its <mark> spans bold on yellow, everything
    else the plain text it stands for (no Rich markup is read from it)."""
    from rich.text import Text

    out = Text("   ")
    at = 0
    for found in MARK.finditer(snippet):
        out.append(_plain(snippet[at : found.start()]))
        out.append(_plain(found.group(1)), style="bold black on yellow")
        at = found.end()
    out.append(_plain(snippet[at:]))
    return out


def _plain(escaped: str) -> str:
    text = html.unescape(escaped).replace("\n", " ").replace("\t", " ")
    return UNSAFE.sub("\ufffd", text)


def _heading(n: int, hit: SearchHit) -> Text:
    from rich.text import Text

    title = f"{hit.title[:1].upper()}{hit.title[1:]}"
    return Text.assemble(f"{n}. ", (title, "bold"), f" ({KIND_NAMES[hit.kind]})")


def _command(hit: SearchHit) -> str:
    """How to read it: the guide's command; for a tip, its guide's page too."""
    command = f"backrub guide {hit.guide_kind} {hit.guide_id}"
    return f"{command}; on the web {hit.address}" if hit.kind == "tip" else command
