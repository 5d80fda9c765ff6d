"""Search over guides and approved tips, on SQLite (FTS5) and PostgreSQL (tsvector).

Tips are written through the `Tip` model, as any repository writes them: the indexes
must follow the table by themselves (triggers, a generated column).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import delete, event, select, text, update

from backrub import knowledge
from backrub.journal.models import Setting, Tip, User
from backrub.journal.search import DIGEST_KEY, SearchHit, search, sync_guides, words
from backrub.journal.store import Store

NOW = datetime.datetime(2026, 12, 1, 9, 0)
SYNTAX = [  # a query, and whether it finds the tip "Wombat beside the bed, body upright..."
    ('"', False),
    ("*", False),
    ("-", False),
    (":", False),
    ("(", False),
    ("-wombat", True),
    ("wombat*", True),
    ("(wombat", True),
    ('"wombat', True),
    ("body:wombat", True),
    ("wombat -zzqx", False),  # were "-" an operator, these would find the tip
    ("wombat | zzqx", False),
    ("wombat & !zzqx", False),
    ('"wombat" OR "zzqx"', False),
    ("NEAR(wombat bed)", False),
    ("wombat NOT zzqx", False),
    ("^wombat", True),
]


@pytest.fixture
def indexed(store: Store) -> Iterator[Store]:
    """The test's journal with the guides' words stored and one reader to post tips."""
    with store.transaction() as db:
        sync_guides(db=db, kb=knowledge.load())
        db.add(User(id="u1", email="reader@example.org", password_hash="x", created=NOW))
    yield store


def _tip(store: Store, tip_id: str, body: str, status: str = "approved") -> None:
    with store.transaction() as db:
        db.add(
            Tip(
                id=tip_id,
                author_id="u1",
                guide_kind="technique",
                guide_id="effleurage",
                body=body,
                status=status,
                created=NOW,
                updated=NOW,
            )
        )


def _found(store: Store, query: str, limit: int = 20) -> list[SearchHit]:
    with store.transaction(write=False) as db:
        return search(db=db, query=query, limit=limit)


def _keys(hits: list[SearchHit]) -> list[tuple[str, str]]:
    return [(hit.kind, hit.id) for hit in hits]


def _only_marks(snippet: str) -> bool:
    """No markup but balanced <mark> pairs."""
    bare = snippet.replace("<mark>", "").replace("</mark>", "")
    balanced = snippet.count("<mark>") == snippet.count("</mark>")
    return "<" not in bare and ">" not in bare and balanced


def test_a_region_is_found_by_one_of_its_muscles(indexed: Store) -> None:
    kb = knowledge.load()
    region = next(r for r in kb.regions.values() if r.muscles)
    muscle = kb.muscles[region.muscles[-1]].name  # e.g. "levator scapulae"
    hits = _found(indexed, muscle)
    assert ("region", region.id) in _keys(hits)
    hit = next(h for h in hits if (h.kind, h.id) == ("region", region.id))
    assert hit.title == region.name
    assert (hit.guide_kind, hit.guide_id) == ("region", region.id)
    assert "<mark>" in hit.snippet and _only_marks(hit.snippet)


def test_a_technique_is_found_by_a_word_of_its_how_to(indexed: Store) -> None:
    technique = knowledge.load().techniques["petrissage"]
    assert any("grasp" in step for step in technique.how_to)
    hits = _found(indexed, "grasp")
    assert ("technique", "petrissage") in _keys(hits)
    assert "<mark>grasp</mark>" in next(h.snippet for h in hits if h.id == "petrissage")


def test_the_last_word_matches_as_a_prefix_and_every_word_is_needed(indexed: Store) -> None:
    assert ("technique", "petrissage") in _keys(_found(indexed, "gently gras"))
    assert _found(indexed, "grasp zzzunknownword") == []


def test_an_approved_tip_is_found_by_a_word_in_its_body(indexed: Store) -> None:
    _tip(indexed, "t1", "A rolled towel under the ankles eased my *lumbar* ache.")
    hits = _found(indexed, "towel ankles")
    assert _keys(hits) == [("tip", "t1")]
    assert hits[0].title == "Tip on effleurage (long gliding strokes)"
    assert (hits[0].guide_kind, hits[0].guide_id) == ("technique", "effleurage")
    assert "<mark>towel</mark>" in hits[0].snippet


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_a_tip_not_approved_is_never_found(indexed: Store, status: str) -> None:
    _tip(indexed, "t1", "Quokka grease works wonders.", status=status)
    assert _found(indexed, "quokka") == []
    with indexed.transaction() as db:
        db.execute(update(Tip).where(Tip.id == "t1").values(status="approved"))
    assert _keys(_found(indexed, "quokka")) == [("tip", "t1")]
    with indexed.transaction() as db:  # reported: back to the queue, out of search
        db.execute(update(Tip).where(Tip.id == "t1").values(status="pending"))
    assert _found(indexed, "quokka") == []


def test_an_edited_tip_is_found_by_its_new_words_only(indexed: Store) -> None:
    _tip(indexed, "t1", "Pelican stretches before bed.")
    with indexed.transaction() as db:
        db.execute(update(Tip).where(Tip.id == "t1").values(body="Flamingo stretches at dawn."))
    assert _found(indexed, "pelican") == []
    assert _keys(_found(indexed, "flamingo")) == [("tip", "t1")]


def test_a_deleted_tip_is_gone(indexed: Store) -> None:
    _tip(indexed, "t1", "Walrus pose for the lower back.")
    _tip(indexed, "t2", "Walrus pose, but slower.")
    with indexed.transaction() as db:
        db.execute(delete(Tip).where(Tip.id == "t1"))
    assert _keys(_found(indexed, "walrus")) == [("tip", "t2")]


def test_snippets_are_escaped_text_with_only_marks(indexed: Store) -> None:
    body = 'Lemur <script>alert("x")</script> & <img src=x onerror=alert(1)> <mark>lemur</mark>'
    _tip(indexed, "t1", body)
    (hit,) = _found(indexed, "lemur")
    assert "<mark>" in hit.snippet and _only_marks(hit.snippet)
    assert "<script" not in hit.snippet and "<img" not in hit.snippet


@pytest.mark.parametrize(("query", "finds"), SYNTAX, ids=[f"syntax{i}" for i in range(len(SYNTAX))])
def test_query_syntax_is_only_characters_between_words(
    indexed: Store, query: str, finds: bool
) -> None:
    """FTS5's and tsquery's operators never act: `-wombat` excludes nothing, `OR` is a
    word that must be there, a column filter is two words; and nothing fails."""
    _tip(indexed, "t1", "Wombat beside the bed, body upright, then glide.")
    assert _keys(_found(indexed, query)) == ([("tip", "t1")] if finds else [])


def test_no_words_answers_nothing(indexed: Store) -> None:
    for query in ("", "   ", '"*-:(', "\u202e"):
        assert _found(indexed, query) == []


def test_at_most_ten_words_and_the_limit(indexed: Store) -> None:
    assert words("a b c d e f g h i j k l") == list("abcdefghij")
    assert len(words("x" * 300)[0]) == 200
    assert len(_found(indexed, "back", limit=3)) == 3
    assert len(_found(indexed, "back", limit=50)) > 3


def test_the_order_is_deterministic_ties_by_kind_then_id(indexed: Store) -> None:
    kb = knowledge.load()
    muscle = kb.muscles["levator_scapulae"].name
    first, again = _found(indexed, muscle), _found(indexed, muscle)
    assert first == again
    # Left and right shoulder hold the same words: the same rank, then by id.
    assert _keys(first)[:2] == [("region", "shoulder_left"), ("region", "shoulder_right")]
    for query in ("back", "warm oil", "spine"):
        assert _found(indexed, query) == _found(indexed, query)


def test_the_guides_are_stored_again_only_when_they_change(indexed: Store) -> None:
    kb = knowledge.load()
    with indexed.transaction() as db:
        assert sync_guides(db=db, kb=kb) is False
        setting = db.get(Setting, DIGEST_KEY)
        assert setting is not None
        setting.value = "an older knowledge base"
    with indexed.transaction() as db:
        assert sync_guides(db=db, kb=kb) is True
    assert ("technique", "petrissage") in _keys(_found(indexed, "grasp"))
    assert len(_found(indexed, "levator scapulae")) == 2  # rewritten, not doubled


def test_before_the_sync_no_guide_is_found(store: Store) -> None:
    """The guides' words come from `sync_guides` (the web app's start-up, the CLI's
    search), not from the migration."""
    assert _found(store, "grasp") == []
    with store.transaction(write=False) as db:
        assert db.get(Setting, DIGEST_KEY) is None


def test_a_search_is_one_statement(indexed: Store) -> None:
    """Guides and tips, ranked, with their snippets and their guides' titles: one query."""
    _tip(indexed, "t1", "Back rub with a warm towel.")
    sent: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    with indexed.transaction(write=False) as db:
        db.execute(select(1))  # the transaction's own BEGIN is sent before the search
        event.listen(indexed.engine, "before_cursor_execute", count)
        try:
            hits = search(db=db, query="warm back")
        finally:
            event.remove(indexed.engine, "before_cursor_execute", count)
    assert {hit.kind for hit in hits} >= {"tip", "technique"}
    assert len(sent) == 1


@pytest.mark.sqlite_only
def test_sqlite_starts_from_the_match_not_from_the_tips(sqlite_store: Store) -> None:
    """The planner once walked every approved tip and matched each on its own: 60 times
    slower with 2,000 tips. The FTS5 match must come first, each tip found by rowid."""
    from backrub.journal.search import _SQLITE

    values = {"query": '"x"', "limit": 20, "open": "", "close": ""}
    with sqlite_store.transaction(write=False) as db:
        plan = [row[3] for row in db.execute(text(f"EXPLAIN QUERY PLAN {_SQLITE.text}"), values)]
    tips = [line for line in plan if line.split()[1:2] == ["t"]]  # `tips AS t`
    assert tips == ["SEARCH t USING INTEGER PRIMARY KEY (rowid=?)"]


def test_tips_written_through_their_repository_follow_moderation(indexed: Store) -> None:
    """journal.tips calls nothing here: posting, approving, editing, reporting and
    deleting are seen by search through the index alone."""
    from backrub.journal import tips

    with indexed.transaction() as db:
        db.add(User(id="u2", email="mod@example.org", password_hash="x", created=NOW))
        db.add(User(id="u3", email="other@example.org", password_hash="x", created=NOW))
        db.flush()
        moderator = tips.set_moderator(db=db, email="mod@example.org", moderator=True)
        tip = tips.post_tip(
            db=db, author_id="u1", kind="region", guide_id="spine", body="Axolotl *breathing*."
        )
    assert _found(indexed, "axolotl") == []  # waiting for approval
    with indexed.transaction() as db:
        tips.decide_tip(db=db, moderator=moderator, tip_id=tip.id, decision="approve", reason="")
    assert _keys(_found(indexed, "axolotl")) == [("tip", tip.id)]
    with indexed.transaction() as db:
        tips.edit_tip(db=db, user_id="u1", tip_id=tip.id, body="Narwhal breathing.")
        tips.decide_tip(db=db, moderator=moderator, tip_id=tip.id, decision="approve", reason="")
    assert (_found(indexed, "axolotl"), _keys(_found(indexed, "narwhal"))) == (
        [],
        [("tip", tip.id)],
    )
    with indexed.transaction() as db:
        tips.report_tip(db=db, reporter_id="u3", tip_id=tip.id)
    assert _found(indexed, "narwhal") == []  # reported: back in the queue
    with indexed.transaction() as db:
        tips.decide_tip(db=db, moderator=moderator, tip_id=tip.id, decision="approve", reason="")
    assert _keys(_found(indexed, "narwhal")) == [("tip", tip.id)]
    with indexed.transaction() as db:
        tips.delete_tip(db=db, user_id="u1", tip_id=tip.id)
    assert _found(indexed, "narwhal") == []


def test_0006_indexes_the_tips_already_there(journal_url: str) -> None:
    """A journal at 0005 with tips: after the upgrade the approved ones are found."""
    from alembic import command
    from alembic.config import Config

    from backrub.journal.store import MIGRATIONS, make_engine, migrate

    engine = make_engine(journal_url)
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            command.upgrade(config, "0005")
            connection.execute(
                text(
                    "INSERT INTO users (id, email, password_hash, created, moderator) "
                    "VALUES ('u1', 'a@example.org', 'x', '2026-12-01 09:00:00', false)"
                )
            )
            for tip_id, status in (("old-ok", "approved"), ("old-wait", "pending")):
                connection.execute(
                    text(
                        "INSERT INTO tips (id, author_id, guide_kind, guide_id, body, status, "
                        "created, updated) VALUES (:id, 'u1', 'region', 'spine', "
                        "'Platypus stretch.', :status, '2026-12-01 09:00:00', "
                        "'2026-12-01 09:00:00')"
                    ),
                    {"id": tip_id, "status": status},
                )
        migrate(engine)
    finally:
        engine.dispose()
    with Store(journal_url) as store:
        assert _keys(_found(store, "platypus")) == [("tip", "old-ok")]
