"""Tips, their moderation and reports, against a real, fresh database (SQLite, or
PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from backrub.journal import accounts, tips
from backrub.journal.accounts import UserRecord
from backrub.journal.models import TipReport
from backrub.journal.store import Store


def _user(store: Store, email: str, *, moderator: bool = False) -> UserRecord:
    with store.transaction() as db:
        user = accounts.create_user(db=db, email=email, password_hash="x")
        if moderator:
            tips.set_moderator(db=db, email=email, moderator=True)
        return user


def _post(store: Store, author: UserRecord, body: str = "Go *slowly*.") -> tips.TipRecord:
    with store.transaction() as db:
        return tips.post_tip(
            db=db, author_id=author.id, kind="technique", guide_id="effleurage", body=body
        )


def _decide(
    store: Store, moderator: UserRecord, tip_id: str, decision: str, reason: str = ""
) -> tips.TipRecord:
    with store.transaction() as db:
        return tips.decide_tip(
            db=db, moderator=moderator, tip_id=tip_id, decision=decision, reason=reason
        )


def _approved(store: Store) -> list[str]:
    with store.transaction() as db:
        return [t.id for t in tips.approved_tips(db=db, kind="technique", guide_id="effleurage")]


def test_a_new_tip_waits_and_only_its_author_sees_it(store: Store) -> None:
    author = _user(store, "author@example.org")
    tip = _post(store, author, "  Warm the oil first.  ")
    assert (tip.status, tip.body, tip.reason, tip.reports) == (
        "pending",
        "Warm the oil first.",
        None,
        0,
    )
    assert "author" not in tip.author_label and "@" not in tip.author_label
    assert _approved(store) == []
    with store.transaction() as db:
        assert [t.id for t in tips.own_tips(db=db, user_id=author.id)] == [tip.id]
        assert tips.own_tips(db=db, user_id=author.id, kind="region") == []
        assert [t.id for t in tips.tip_queue(db=db)] == [tip.id]


def test_approval_publishes_and_rejection_keeps_the_reason(store: Store) -> None:
    author = _user(store, "author@example.org")
    moderator = _user(store, "mod@example.org", moderator=True)
    first, second = _post(store, author, "one"), _post(store, author, "two")
    assert _decide(store, moderator, first.id, "approve").status == "approved"
    rejected = _decide(store, moderator, second.id, "reject", "  Not about massage. ")
    assert (rejected.status, rejected.reason) == ("rejected", "Not about massage.")
    assert _approved(store) == [first.id]
    with store.transaction() as db:
        assert tips.tip_queue(db=db) == []
        log = tips.decisions(db=db)
        assert [(d.tip_id, d.decision, d.reason, d.moderator_email) for d in log] == [
            (first.id, "approve", "", "mod@example.org"),
            (second.id, "reject", "Not about massage.", "mod@example.org"),
        ]
        assert [d.decision for d in tips.decisions(db=db, tip_id=second.id)] == ["reject"]


def test_an_edit_goes_back_to_the_queue_without_the_old_reason(store: Store) -> None:
    author = _user(store, "author@example.org")
    moderator = _user(store, "mod@example.org", moderator=True)
    tip = _post(store, author)
    _decide(store, moderator, tip.id, "reject", "Too vague.")
    with store.transaction() as db:
        edited = tips.edit_tip(db=db, user_id=author.id, tip_id=tip.id, body="Clearer now.")
    assert (edited.status, edited.reason, edited.body) == ("pending", None, "Clearer now.")
    assert edited.updated >= tip.updated
    approved = _decide(store, moderator, tip.id, "approve")
    with store.transaction() as db:
        tips.edit_tip(db=db, user_id=author.id, tip_id=tip.id, body="Changed after approval.")
    assert approved.status == "approved"
    assert _approved(store) == []


def test_nobody_else_edits_or_deletes_a_tip(store: Store) -> None:
    author = _user(store, "author@example.org")
    other = _user(store, "other@example.org")
    tip = _post(store, author, "mine")
    with store.transaction() as db:
        with pytest.raises(tips.TipNotFound):
            tips.edit_tip(db=db, user_id=other.id, tip_id=tip.id, body="theirs")
        with pytest.raises(tips.TipNotFound):
            tips.delete_tip(db=db, user_id=other.id, tip_id=tip.id)
        with pytest.raises(tips.TipNotFound):
            tips.delete_tip(db=db, user_id=author.id, tip_id="no-such-tip")
        with pytest.raises(tips.TipNotFound):
            tips.edit_tip(db=db, user_id=author.id, tip_id="nul\x00", body="x")
    with store.transaction() as db:
        found = tips.find_tip(db=db, tip_id=tip.id)
        assert found is not None and found.body == "mine"
        tips.delete_tip(db=db, user_id=author.id, tip_id=tip.id)
    with store.transaction() as db:
        assert tips.find_tip(db=db, tip_id=tip.id) is None


def test_bad_input_names_its_field(store: Store) -> None:
    author = _user(store, "author@example.org")
    moderator = _user(store, "mod@example.org", moderator=True)
    tip = _post(store, author)
    with store.transaction() as db:
        with pytest.raises(tips.BadTip) as empty:
            tips.post_tip(db=db, author_id=author.id, kind="technique", guide_id="x", body=" ")
        assert empty.value.field == "body"
        with pytest.raises(tips.BadTip) as kind:
            tips.post_tip(db=db, author_id=author.id, kind="muscle", guide_id="x", body="hi")
        assert kind.value.field == "kind"
        assert "technique, region, tool" in kind.value.message
        for decision, reason, field in [
            ("reject", "  ", "reason"),
            ("reject", "x" * 501, "reason"),
            ("maybe", "", "decision"),
        ]:
            with pytest.raises(tips.BadTip) as refused:
                tips.decide_tip(
                    db=db, moderator=moderator, tip_id=tip.id, decision=decision, reason=reason
                )
            assert refused.value.field == field
    with store.transaction() as db:
        assert tips.decisions(db=db) == []


def test_only_moderators_decide_and_never_their_own_tip(store: Store) -> None:
    author = _user(store, "author@example.org")
    moderator = _user(store, "mod@example.org", moderator=True)
    tip = _post(store, author)
    own = _post(store, moderator, "a moderator's own tip")
    with store.transaction() as db:
        with pytest.raises(tips.NotModerator):
            tips.decide_tip(db=db, moderator=author, tip_id=tip.id, decision="approve", reason="")
        with pytest.raises(tips.OwnTip) as refused:
            tips.decide_tip(
                db=db, moderator=moderator, tip_id=own.id, decision="approve", reason=""
            )
        assert "your own tip" in refused.value.message
        with pytest.raises(tips.TipNotFound):
            tips.decide_tip(
                db=db, moderator=moderator, tip_id="nope", decision="approve", reason=""
            )
        assert tips.decisions(db=db) == []
    with store.transaction() as db:
        tips.set_moderator(db=db, email="MOD@example.org", moderator=False)
    with store.transaction() as db:
        assert not tips.is_moderator(db=db, user_id=moderator.id)
        with pytest.raises(tips.NotModerator):
            tips.decide_tip(
                db=db, moderator=moderator, tip_id=tip.id, decision="approve", reason=""
            )
        with pytest.raises(tips.NoSuchUser) as unknown:
            tips.set_moderator(db=db, email="nobody@example.org", moderator=True)
        assert unknown.value.field == "email"


def test_a_report_sends_a_published_tip_back_once_per_reader(store: Store) -> None:
    author = _user(store, "author@example.org")
    moderator = _user(store, "mod@example.org", moderator=True)
    reader = _user(store, "reader@example.org")
    tip = _post(store, author)
    with store.transaction() as db:
        with pytest.raises(tips.TipNotFound):  # a pending tip is not the reader's to see
            tips.report_tip(db=db, reporter_id=reader.id, tip_id=tip.id)
    _decide(store, moderator, tip.id, "approve")
    with store.transaction() as db:
        with pytest.raises(tips.OwnTip):
            tips.report_tip(db=db, reporter_id=author.id, tip_id=tip.id)
        reported = tips.report_tip(db=db, reporter_id=reader.id, tip_id=tip.id)
    assert (reported.status, reported.reports) == ("pending", 1)
    assert _approved(store) == []
    with store.transaction() as db:
        again = tips.report_tip(db=db, reporter_id=reader.id, tip_id=tip.id)
        assert (again.status, again.reports) == ("pending", 1)
        assert [(t.id, t.reports) for t in tips.tip_queue(db=db)] == [(tip.id, 1)]
    _decide(store, moderator, tip.id, "approve")
    with store.transaction() as db:  # reported once already: this reader's report stands
        assert tips.report_tip(db=db, reporter_id=reader.id, tip_id=tip.id).status == "approved"
        assert db.scalar(select(func.count()).select_from(TipReport)) == 1
        tips.delete_tip(db=db, user_id=author.id, tip_id=tip.id)
    with store.transaction() as db:
        assert db.scalar(select(func.count()).select_from(TipReport)) == 0
        assert len(tips.decisions(db=db, tip_id=tip.id)) == 2  # the log outlives the tip


def test_the_queue_is_the_longest_waiting_first(store: Store) -> None:
    author = _user(store, "author@example.org")
    first, second = _post(store, author, "first"), _post(store, author, "second")
    with store.transaction() as db:
        tips.edit_tip(db=db, user_id=author.id, tip_id=first.id, body="first, edited")
        assert [t.id for t in tips.tip_queue(db=db)] == [second.id, first.id]
