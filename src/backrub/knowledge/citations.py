"""How a source reads when a person is shown it: one line, the way a reference list has it.

The CLI's `backrub sources`, the web page `/sources`, docs/knowledge.md and the review
fixture all print references through `citation`, so they agree.
"""

from __future__ import annotations

from backrub.knowledge.model import Source

# What each kind of reference is, in words a reader understands.
KIND_NAMES = {
    "study": "study",
    "review": "systematic review",
    "guideline": "clinical guideline",
    "book": "book",
    "article": "professional article",
    "page": "web page",
    "home_page": "home page (for further reading; supports no claim)",
}


def citation(source: Source) -> str:
    """`Authors (year). Title. Journal.` for research, `Title. Publisher, year.` otherwise."""
    if source.authors:
        where = source.journal or source.publisher
        return f"{source.authors} ({source.year}). {source.title}. {where}."
    return f"{source.title}. {source.publisher}, {source.year}."


def supports_claims(source: Source) -> bool:
    """False for a journal's or publisher's front page: it may be listed, never cited."""
    return source.kind != "home_page"
