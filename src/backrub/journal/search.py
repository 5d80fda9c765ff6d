"""Search over the guides and the approved tips: one ranked list, one query a search.

SQLite answers with FTS5 (bm25, `snippet()`), PostgreSQL with its full-text search
(ts_rank_cd, ts_headline), over the indexes of migration 0006; both follow their tables
by themselves (triggers, generated columns), so posting, editing or deleting a tip needs
no call here. The guides' words come from the knowledge base: `sync_guides` rewrites
them at start-up when they differ from what is stored.

The reader's words are never query syntax: each word (letters and digits only) is quoted,
the last one matches as a prefix, and the snippet is escaped text in which only
`<mark>` is markup.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from backrub.guides import GUIDE_KINDS, Guide, all_guides
from backrub.guides.build import guide_kind
from backrub.guides.model import RegionGuide, TechniqueGuide
from backrub.journal.models import GuideDocument, Setting
from backrub.knowledge import KnowledgeBase

PLURALS: dict[str, str] = {kind: plural for plural, kind in GUIDE_KINDS.items()}
MAX_WORDS = 10
MAX_CHARACTERS = 200
DIGEST_KEY = "search.guides"  # the digest of the guides' words as stored
OPEN, CLOSE = "\x02", "\x03"  # around a matched word; control characters no text holds
WORD = re.compile(r"[^\W_]+")
# Not models (migration 0006): the FTS5 tables with their shadow tables, PostgreSQL's
# generated columns and their indexes. Migrations and their test leave them out.
INDEX_TABLES = ("guide_documents_fts", "tips_fts")
INDEX_NAMES = frozenset({"search_vector", "ix_guide_documents_search", "ix_tips_search"})


@dataclass(frozen=True)
class SearchHit:
    """One result: a guide (`kind` technique, region or tool) or an approved tip (`tip`,
    with its guide in `guide_kind` and `guide_id`); `snippet` is HTML with <mark>."""

    kind: str
    id: str
    title: str
    snippet: str
    guide_kind: str
    guide_id: str

    @property
    def address(self) -> str:
        """Its page: the guide's stable address, a tip's with `#tip-<id>` on its guide's."""
        page = f"/guides/{PLURALS[self.guide_kind]}/{self.guide_id}"
        return f"{page}#tip-{self.id}" if self.kind == "tip" else page


def is_index_object(name: str | None, type_: str) -> bool:
    """Whether a reflected table, column or index is a search index rather than a model."""
    if name is None:
        return False
    if type_ == "table":
        return any(name == t or name.startswith(f"{t}_") for t in INDEX_TABLES)
    return name in INDEX_NAMES


def words(query: str) -> list[str]:
    """The reader's words, at most ten from the first 200 characters."""
    return WORD.findall(query[:MAX_CHARACTERS])[:MAX_WORDS]


def search(*, db: Session, query: str, limit: int = 20) -> list[SearchHit]:
    """The guides and approved tips that hold every word (the last as a prefix), best
    first, ties by kind and id; nothing for a query without words."""
    found = words(query)
    if not found or limit < 1:
        return []
    if db.get_bind().dialect.name == "sqlite":
        marks = {"open": OPEN, "close": CLOSE}
        rows = db.execute(_SQLITE, {"query": _fts5(found), "limit": limit, **marks}).all()
    else:
        values = {"query": _tsquery(found), "limit": limit, "options": _HEADLINE}
        rows = db.execute(_POSTGRESQL, values).all()
    return [
        SearchHit(
            kind=row.kind,
            id=row.id,
            title=row.title if row.kind != "tip" else f"Tip on {row.title}",
            snippet=marked(row.snippet),
            guide_kind=row.guide_kind,
            guide_id=row.guide_id,
        )
        for row in rows
    ]


def _fts5(found: list[str]) -> str:
    """`"lower" "back"*`: every word a quoted string (FTS5's own words, such as NEAR or
    NOT, are then plain words), all required, the last a prefix."""
    quoted = [f'"{word}"' for word in found]
    return " ".join(quoted) + "*"


def _tsquery(found: list[str]) -> str:
    """`'lower' & 'back':*` for to_tsquery: the words hold letters and digits only."""
    quoted = [f"'{word}'" for word in found]
    return " & ".join(quoted) + ":*"


def marked(snippet: str | None) -> str:
    """The snippet as HTML: its text escaped, each OPEN ... CLOSE a <mark>; a stray
    marker is dropped, so the markup is always balanced."""
    out: list[str] = []
    inside = False
    for piece in re.split(f"([{OPEN}{CLOSE}])", snippet or ""):
        if piece == OPEN and not inside:
            out.append("<mark>")
            inside = True
        elif piece == CLOSE and inside:
            out.append("</mark>")
            inside = False
        elif piece not in (OPEN, CLOSE):
            out.append(html.escape(piece, quote=False))
    if inside:
        out.append("</mark>")
    return "".join(out).replace("<mark></mark>", "")


# Ranked first (`hits`), then only the page's rows get their snippet. CROSS JOIN keeps
# SQLite's planner from walking `tips` by status and matching row by row (60 times
# slower with 2,000 tips).
_SQLITE = text(
    """
    WITH hits AS MATERIALIZED (
        SELECT d.kind AS kind, d.id AS id, d.title AS title, d.kind AS guide_kind,
               d.id AS guide_id, guide_documents_fts.rowid AS doc,
               bm25(guide_documents_fts, 4.0, 1.0) AS score
        FROM guide_documents_fts
        CROSS JOIN guide_documents AS d ON d.seq = guide_documents_fts.rowid
        WHERE guide_documents_fts MATCH :query
        UNION ALL
        SELECT 'tip', t.id, coalesce(g.title, t.guide_id), t.guide_kind, t.guide_id,
               tips_fts.rowid, bm25(tips_fts)
        FROM tips_fts CROSS JOIN tips AS t ON t.rowid = tips_fts.rowid
        LEFT JOIN guide_documents AS g ON g.kind = t.guide_kind AND g.id = t.guide_id
        WHERE tips_fts MATCH :query AND t.status = 'approved'
        ORDER BY score, kind, id LIMIT :limit
    ),
    snippets AS (
        SELECT 0 AS tip, rowid AS doc,
               snippet(guide_documents_fts, 1, :open, :close, '…', 24) AS snippet
        FROM guide_documents_fts
        WHERE guide_documents_fts MATCH :query
          AND rowid IN (SELECT doc FROM hits WHERE kind != 'tip')
        UNION ALL
        SELECT 1, rowid, snippet(tips_fts, 0, :open, :close, '…', 24)
        FROM tips_fts
        WHERE tips_fts MATCH :query AND rowid IN (SELECT doc FROM hits WHERE kind = 'tip')
    )
    SELECT h.kind, h.id, h.title, s.snippet, h.guide_kind, h.guide_id
    FROM hits AS h JOIN snippets AS s ON s.tip = (h.kind = 'tip') AND s.doc = h.doc
    ORDER BY h.score, h.kind, h.id
    """
)

# Ranked first, then only the page's rows get their headline (ts_headline reads the text).
_HEADLINE = f"StartSel={OPEN}, StopSel={CLOSE}, MaxWords=30, MinWords=12, MaxFragments=2"
_POSTGRESQL = text(
    """
    WITH q AS (SELECT to_tsquery('english', :query) AS query),
    hits AS (
        SELECT d.kind AS kind, d.id AS id, d.title AS title, d.body AS body,
               d.kind AS guide_kind, d.id AS guide_id,
               ts_rank_cd(d.search_vector, q.query, 1) AS score
        FROM guide_documents AS d CROSS JOIN q WHERE d.search_vector @@ q.query
        UNION ALL
        SELECT 'tip', t.id, coalesce(g.title, t.guide_id), t.body, t.guide_kind, t.guide_id,
               ts_rank_cd(t.search_vector, q.query, 1)
        FROM tips AS t CROSS JOIN q
        LEFT JOIN guide_documents AS g ON g.kind = t.guide_kind AND g.id = t.guide_id
        WHERE t.status = 'approved' AND t.search_vector @@ q.query
    ),
    top AS (
        SELECT * FROM hits
        ORDER BY score DESC, kind COLLATE "C", id COLLATE "C" LIMIT :limit
    )
    SELECT top.kind, top.id, top.title,
           ts_headline('english', top.body, q.query, :options) AS snippet,
           top.guide_kind, top.guide_id
    FROM top CROSS JOIN q
    ORDER BY top.score DESC, top.kind COLLATE "C", top.id COLLATE "C"
    """
)


def guide_text(guide: Guide) -> str:
    """A guide's words for the index: what a reader may look for, never its pictures."""
    if isinstance(guide, TechniqueGuide):
        parts = [guide.summary, *guide.how_to, guide.pressure, guide.rate, guide.dose]
        parts += [guide.use_on, guide.avoid, *guide.mistakes, guide.evidence]
        parts += [link.title for link in (*guide.hand_parts, *guide.tools)]
    elif isinstance(guide, RegionGuide):
        parts = [guide.where, guide.self_reach]
        for muscle in guide.muscles:
            parts += [muscle.name, muscle.where, muscle.referral]
    else:
        parts = [guide.kind_name, guide.how_to, guide.per_area, guide.position, guide.no_go]
        parts += [*guide.not_for, *(link.title for link in guide.stands_in_for)]
    return " ".join(part if part[-1] in ".!?:" else f"{part}." for part in parts if part)


def documents(kb: KnowledgeBase) -> Iterator[tuple[str, str, str, str]]:
    """(kind, id, title, words) of every guide, in the knowledge base's order."""
    for guide in all_guides(kb):
        yield guide_kind(guide), guide.id, guide.title, guide_text(guide)


def sync_guides(*, db: Session, kb: KnowledgeBase) -> bool:
    """Store the guides' words when they differ from the stored ones (by digest); answers
    whether it rewrote them. Once at start-up, never per request."""
    rows = list(documents(kb))
    digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()
    if db.get_bind().dialect.name == "postgresql":  # two workers starting at once
        db.execute(text("SELECT pg_advisory_xact_lock(6006)"))
    stored = db.execute(select(Setting.value).where(Setting.key == DIGEST_KEY)).scalar()
    if stored == digest:
        return False
    db.execute(delete(GuideDocument))
    db.execute(
        insert(GuideDocument),
        [{"kind": k, "id": i, "title": t, "body": b} for k, i, t, b in rows],
    )
    setting = db.get(Setting, DIGEST_KEY)
    if setting is None:
        db.add(Setting(key=DIGEST_KEY, value=digest))
    else:
        setting.value = digest
    db.flush()
    return True
