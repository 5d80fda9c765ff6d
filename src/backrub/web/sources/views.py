"""The sources page's data: every reference as a reader wants it, and what cites it.

The same function feeds the page and its JSON twin (`Accept: application/json`).
`SOURCES_TEMPLATES` joins `intake.views.TEMPLATES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from backrub.knowledge import KnowledgeBase
from backrub.knowledge.citations import KIND_NAMES, citation, cited_by


@dataclass(frozen=True)
class SourceEntry:
    id: str  # the page anchor: a plan's source links to /sources#<id>
    kind: str
    kind_name: str
    citation: str
    url: str
    note: str
    cited_by: tuple[str, ...]


@dataclass(frozen=True)
class SourcesPage:
    title: str
    sources: tuple[SourceEntry, ...]


SOURCES_TEMPLATES: dict[type, str] = {SourcesPage: "sources.html"}


def sources_page(kb: KnowledgeBase) -> SourcesPage:
    citing = cited_by(kb)
    return SourcesPage(
        title="Sources",
        sources=tuple(
            SourceEntry(
                id=source.id,
                kind=source.kind,
                kind_name=KIND_NAMES[source.kind],
                citation=citation(source),
                url=source.url,
                note=source.note,
                cited_by=tuple(citing[source.id]),
            )
            for source in kb.sources.values()
        ),
    )
