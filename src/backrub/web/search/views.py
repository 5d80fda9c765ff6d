"""The search page's data, and the checks of a search's words that the API shares.

`SEARCH_TEMPLATES` joins `intake.views.TEMPLATES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from backrub.contract.validation import ValidationError
from backrub.journal.search import MAX_CHARACTERS, SearchHit

KIND_NAMES = {"technique": "Technique", "region": "Region", "tool": "Tool", "tip": "Reader's tip"}
LIMIT_MAX = 50
LIMIT_PATTERN = "^(?:[1-9]|[1-4][0-9]|50)$"  # 1 to 50, as written: the API's schema says so


def check_query(q: str) -> str:
    """The words to look for: 1 to 200 characters once trimmed."""
    words = q.strip()
    if not words or len(q) > MAX_CHARACTERS:
        raise ValidationError(
            "q", f"expected 1 to {MAX_CHARACTERS} characters of words, got {len(words)}"
        )
    return words


def check_limit(limit: str) -> int:
    """How many results: a whole number from 1 to 50."""
    if not re.fullmatch(LIMIT_PATTERN, limit):
        raise ValidationError(
            "limit", f"expected a whole number from 1 to {LIMIT_MAX}, got {limit!r}"
        )
    return int(limit)


@dataclass(frozen=True)
class Result:
    kind: str  # "Technique", "Reader's tip", ...
    title: str
    url: str
    snippet: Markup  # escaped text with <mark> around the matched words (journal.search)


@dataclass(frozen=True)
class SearchPage:
    title: str
    query: str  # as typed, kept in the box
    results: tuple[Result, ...]
    problem: str  # a one-line reason the words were not searched, else ""


SEARCH_TEMPLATES: dict[type, str] = {SearchPage: "search.html"}


def result(hit: SearchHit) -> Result:
    title = f"{hit.title[:1].upper()}{hit.title[1:]}"
    return Result(KIND_NAMES[hit.kind], title, hit.address, Markup(hit.snippet))


def search_page(query: str, hits: list[SearchHit], problem: str = "") -> SearchPage:
    title = f"Search: {query}" if query and not problem else "Search"
    return SearchPage(title, query, tuple(result(hit) for hit in hits), problem)
