"""How a source reads when a person is shown it: one line, the way a reference list has it.

The CLI's `backrub sources`, the web page `/sources`, docs/knowledge.md and the review
fixture all print references through `citation`, so they agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from backrub.knowledge.model import Source

if TYPE_CHECKING:
    from backrub.knowledge.loader import KnowledgeBase

# What each kind of reference is, in words a reader understands.
KIND_NAMES = {
    "study": "study",
    "review": "systematic review",
    "guideline": "clinical guideline",
    "book": "book",
    "article": "professional article",
    "page": "web page",
    "home_page": "home page, for further reading only: it supports no claim",
}


def citation(source: Source) -> str:
    """`Authors (year). Title. Journal.` for research, `Title. Publisher, year.` otherwise."""
    if source.authors:
        where = source.journal or source.publisher
        return f"{source.authors} ({source.year}). {source.title}. {where}."
    return f"{source.title}. {source.publisher}, {source.year}."


def cited_by(kb: KnowledgeBase) -> dict[str, list[str]]:
    """For each source id, the knowledge entries that cite it ("technique heat", ...).

    A reviewer checking a reference sees at once which advice rests on it; a source
    cited by nothing is listed with an empty list.
    """
    found: dict[str, list[str]] = {source_id: [] for source_id in kb.sources}
    for table in msgspec.structs.fields(kb):
        if table.name == "sources":
            continue
        for key, entry in getattr(kb, table.name).items():
            for source_id in getattr(entry, "sources", ()):
                found.setdefault(source_id, []).append(
                    f"{_SINGULAR.get(table.name, table.name)} {key}"
                )
    return found


_SINGULAR = {
    "regions": "region",
    "muscles": "muscle",
    "techniques": "technique",
    "tools": "tool",
    "positions": "position",
    "causes": "cause",
    "goals": "goal",
    "red_flags": "red flag",
    "conditions": "condition",
    "local_issues": "local issue",
    "movements": "movement",
    "doses": "dose",
}
