"""Every template is rendered with typed data (STYLE.md; datasette's test_template_context).

Each page's data is a frozen dataclass from `views.py`, and `views.TEMPLATES`
names the template it fills. Visiting every page must render every template,
each with a context of its registered type.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from pathlib import Path
from typing import Any

from backrub.journal import pending, tips
from backrub.journal.credentials import new_token, token_hash
from backrub.journal.entries import add_session
from backrub.web.intake import views
from support.human import solve_challenge
from support.intakes import make_intake
from support.journal_factories import make_session
from support.web import make_form

SIGNUP = {"email": "sam@example.org", "password": "a long password", "confirm": "a long password"}
TEMPLATE_DIR = Path(views.__file__).resolve().parent.parent / "templates"


JOURNAL_PAGES = ("/checkin", "/progress", "/schedule", "/exchange", "/profile", "/settings")


def _a_session(client: Any) -> str:
    """A session in the signed-in person's journal, for its page."""
    person_id = client.get("/api/v1/me").json()["people"][0]["id"]
    session = make_session()
    with client.app.state.store.transaction() as db:
        add_session(db=db, person_id=person_id, entry=session)
    return session.id


def _a_tip(client: Any) -> str:
    """A tip of the signed-in account's, made a moderator too (for the queue's page)."""
    with client.app.state.store.transaction() as db:
        user = tips.set_moderator(db=db, email=SIGNUP["email"], moderator=True)
        tip = tips.post_tip(
            db=db, author_id=user.id, kind="technique", guide_id="petrissage", body="Go slow."
        )
    return tip.id


def _a_signup_link(client: Any) -> str:
    """The token of a sign-up waiting for its emailed link, for the link's page."""
    token = new_token()
    wanted = pending.SignupRequest("kim@example.org", "a hash", "Kim", None)
    with client.app.state.store.transaction() as db:
        pending.store_pending_signup(db=db, digest=token_hash(token), request=wanted)
    return token


def _visit_every_page(client: Any) -> list[Any]:
    return [
        client.get("/"),
        client.get("/intake"),
        client.get("/intake?region=spine&intensity-spine=3"),
        client.post("/plan", data=make_form()),
        client.post("/plan", data=make_form(red_flags=["chest_pain"])),
        client.post("/plan", data=make_form(minutes="99")),
        client.post("/plan", data=make_form(), csrf=False),  # the stale-form page, 403
        client.get("/sources"),
        client.get("/guides"),
        client.get("/guides/techniques/petrissage"),
        client.get("/search?q=kneading"),
        client.get("/signup"),
        client.get("/signin"),
        client.get(f"/signup/confirm?token={_a_signup_link(client)}"),
        client.post("/signup", data={**SIGNUP, "altcha": solve_challenge(client)}),  # signed in
        client.get("/"),  # signed in: today
        client.get("/settings/delete-account"),
        client.get("/settings/tokens"),
        client.get("/settings/password"),
        *(client.get(url) for url in JOURNAL_PAGES),
        client.get(f"/journal/sessions/{_a_session(client)}"),
        client.get(f"/journal/sessions/{_a_session(client)}/edit"),
        client.get(f"/journal/sessions/{_a_session(client)}/delete"),
        client.get(f"/tips/{_a_tip(client)}/edit"),
        client.get("/moderation"),
        client.post("/player", data={"intake": json.dumps(make_intake())}),  # then the player
    ]


def test_every_template_is_rendered_with_its_typed_context(client: Any) -> None:
    rendered: set[str] = set()
    for response in _visit_every_page(client):
        assert response.status_code in (200, 403, 422)
        name = response.template.name
        page = response.context["page"]
        assert set(response.context) == {"request", "page"}
        assert views.TEMPLATES[type(page)] == name
        rendered.add(name)
    pages = {p.name for p in TEMPLATE_DIR.glob("*.html") if not p.name.startswith("_")}
    assert rendered == pages
    assert set(views.TEMPLATES.values()) == pages


def test_every_context_type_is_a_frozen_dataclass_with_typed_fields() -> None:
    for context_type in views.TEMPLATES:
        assert dataclasses.is_dataclass(context_type)
        assert context_type.__dataclass_params__.frozen  # type: ignore[attr-defined]
        hints = typing.get_type_hints(context_type)
        for field in dataclasses.fields(context_type):
            assert field.name in hints
            if field.name != "plan":  # the contract's plan dict, served as JSON
                assert hints[field.name] is not Any, f"{context_type.__name__}.{field.name}"
