"""Isolation: for every route that takes an object id, another account gets 404.

The routes come from the app itself; a new id parameter must be added to `IDS`
below, so a new route cannot go untested.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts

from backrub.contract.intake import parse_intake
from backrub.contract.records import CheckinRecord, SessionRecord
from backrub.journal import tips
from backrub.journal.entries import add_checkin, add_session
from backrub.journal.models import Tip
from backrub.journal.people import person_journal, save_intake
from backrub.web.api.bodies import API_PREFIX
from support.accounts import app_client, other_client, sign_up
from support.intakes import make_intake
from support.journal_factories import make_checkin, make_session
from support.web import TestClient

# What each route is sent, beyond the ids in its path: a valid request for its owner.
# A route not listed gets `DEFAULT`; list a new route here when that is not valid for it.
DEFAULT: dict[str, Any] = {"json": {"value": 2}, "data": {}}
_NEW_SESSION = {k: v for k, v in make_session().to_dict().items() if k != "id"}  # server's id
PAYLOADS: dict[str, dict[str, Any]] = {
    f"{API_PREFIX}/people/{{person_id}}/sessions": {"json": _NEW_SESSION, "data": {}},
    f"{API_PREFIX}/people/{{person_id}}/checkins": {"json": {"peg": [3, 3, 3]}, "data": {}},
    f"{API_PREFIX}/people/{{person_id}}/sessions/{{session_id}}/ratings": {
        "json": {"pain_after": {"lower_back_left": 3}, "soreness_next_day": 2},
        "data": {},
    },
    "/journal/sessions/{session_id}/soreness": {"json": {}, "data": {"value": "2"}},
    f"{API_PREFIX}/people/{{person_id}}/sessions/{{session_id}}": {
        "json": {"note": "changed"},
        "data": {},
    },
    f"{API_PREFIX}/people/{{person_id}}/checkins/{{checkin_id}}": {
        "json": {"peg": [1, 2, 3]},
        "data": {},
    },
    "/journal/sessions/{session_id}/edit": {"json": {}, "data": {"note": "changed"}},
    f"{API_PREFIX}/tips/{{tip_id}}": {"json": {"body": "a changed tip"}, "data": {}},
    "/tips/{tip_id}/edit": {"json": {}, "data": {"body": "a changed tip"}},
    "/journal/checkins/{checkin_id}/edit": {
        "json": {},
        "data": {"peg_pain": "1", "peg_enjoyment": "2", "peg_activity": "3"},
    },
}


@dataclass
class Owner:
    client: TestClient
    ids: dict[str, str]
    bearer: dict[str, str]
    records: tuple[SessionRecord, CheckinRecord]

    def restore(self) -> None:
        """Put back the session and check-in if a route deleted them (issue 12)."""
        session, checkin = self.records
        store = self.client.app.state.store  # type: ignore[attr-defined]
        with store.transaction() as db:
            person_id = self.ids["person_id"]
            if not any(
                s.id == session.id for s in person_journal(db=db, person_id=person_id).sessions
            ):
                add_session(db=db, person_id=person_id, entry=session)
            if not any(
                c.id == checkin.id for c in person_journal(db=db, person_id=person_id).checkins
            ):
                add_checkin(db=db, person_id=person_id, entry=checkin)
            tip = tips.find_tip(db=db, tip_id=self.ids["tip_id"])
            if tip is None:  # a tip as it was posted, under its id
                moment = datetime.datetime(2026, 1, 5, 9, 0)
                fields = {"guide_kind": "technique", "guide_id": "effleurage", "body": "a tip"}
                db.add(
                    Tip(
                        id=self.ids["tip_id"],
                        author_id=self.ids["user_id"],
                        **fields,
                        status="pending",
                        created=moment,
                        updated=moment,
                        reason=None,
                    )
                )


def _owner(client: TestClient, email: str) -> Owner:
    sign_up(client, email)
    me = client.get("/api/v1/me").json()
    person_id, user_id = me["people"][0]["id"], me["id"]
    session, checkin = make_session(), make_checkin()
    with client.app.state.store.transaction() as db:  # type: ignore[attr-defined]
        add_session(db=db, person_id=person_id, entry=session)
        add_checkin(db=db, person_id=person_id, entry=checkin)
        save_intake(db=db, person_id=person_id, intake=parse_intake(make_intake()))
        tip = tips.post_tip(
            db=db, author_id=user_id, kind="technique", guide_id="effleurage", body="a tip"
        )
    token = client.post("/settings/tokens", data={"name": "t"}).context["page"].new_token
    token_id = client.get("/settings/tokens").context["page"].tokens[0].id
    ids = {
        "person_id": person_id,
        "session_id": session.id,
        "checkin_id": checkin.id,
        "token_id": token_id,
        "tip_id": tip.id,
        "user_id": user_id,
    }
    return Owner(client, ids, {"Authorization": f"Bearer {token}"}, (session, checkin))


@pytest.fixture
def owners(journal_url: str) -> Iterator[tuple[Owner, Owner]]:
    with app_client(journal_url) as client:
        yield _owner(client, "a@example.org"), _owner(other_client(client), "b@example.org")


# Ids of the knowledge base's entries (a guide's technique, region or tool), the same for
# everyone: no account's record, so nothing to keep apart.
KNOWLEDGE = re.compile(r"^(/api/v1)?/guides/")
# A published tip is every reader's to report and a waiting one every moderator's to decide
# (never its author's): no one account's; tests/web/test_tips_api.py checks who may.
SHARED = re.compile(r"^(/api/v1)?/(moderation/|tips/\{tip_id\}/report$)")


def _routes_with_ids(client: TestClient) -> list[tuple[str, str]]:
    """Routes with a record's id in their path (`/progress/charts/{name}.svg` names a
    chart of the own person's, never another's)."""
    return [
        (method, route.path)
        for route in iter_route_contexts(client.app.routes)  # type: ignore[attr-defined]
        if route.path
        and route.methods
        and re.search(r"\{\w+_id\}", route.path)
        and not KNOWLEDGE.match(route.path)
        and not SHARED.match(route.path)
        for method in sorted(route.methods)
    ]


def _request(owner: Owner, method: str, path: str, ids: dict[str, str]) -> int:
    url = re.sub(r"\{([^}]+)\}", lambda m: ids[m[1]], path)
    payload = PAYLOADS.get(path, DEFAULT)
    if path.startswith(API_PREFIX):
        response = other_client(owner.client).request(
            method, url, headers=owner.bearer, json=payload["json"]
        )
    else:
        data = {**payload["data"], "csrf_token": owner.client.csrf_token()}
        response = owner.client.request(method, url, data=data, follow_redirects=False)
    return response.status_code


def test_every_route_with_an_id_answers_404_for_another_accounts_ids(
    owners: tuple[Owner, Owner],
) -> None:
    a, b = owners
    routes = _routes_with_ids(a.client)
    assert len(routes) >= 4
    for method, path in routes:
        assert set(re.findall(r"\{([^}]+)\}", path)) <= set(a.ids), f"add ids for {path}"
        a.restore()
        owner_status = _request(a, method, path, a.ids)
        assert owner_status in (200, 201, 204, 303), (
            f"{method} {path} for its owner: {owner_status}"
        )
        a.restore()
        tries = [a.ids]
        for record in ("session_id", "checkin_id"):
            if f"{{{record}}}" in path:  # a's record under b's own person
                tries.append({**b.ids, record: a.ids[record]})
        for ids in tries:
            assert _request(b, method, path, ids) == 404, f"{method} {path} {ids}"


def test_an_unknown_id_is_the_same_404(owners: tuple[Owner, Owner]) -> None:
    a, b = owners
    other = b.client.get(f"/api/v1/people/{a.ids['person_id']}", headers=b.bearer)
    missing = b.client.get("/api/v1/people/nobody", headers=b.bearer)
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
