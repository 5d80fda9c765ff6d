"""The signed-in pages: journal, session, soreness, check-in, profile, settings, the header,
and where sign-up and sign-in lead."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest

from backrub.progress.checkin import RMDQ_ITEMS
from support.accounts import app_client, other_client, row_counts, sign_in, sign_up
from support.journal_factories import make_session
from support.journal_pages import (
    INTAKE_JSON,
    add_history,
    add_session,
    journal_of,
    just_now,
    signed_up,
)
from support.web import TestClient

pytestmark = pytest.mark.database

PAGES = ("/journal", "/checkin", "/progress", "/schedule", "/exchange", "/profile", "/settings")
GOOD_CHECKIN = {"peg_pain": "6", "peg_enjoyment": "5", "peg_activity": "4", "sleep": "7"}


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


@pytest.mark.parametrize("url", [*PAGES, "/schedule.ics", "/export.json", "/journal/sessions/nope"])
def test_signed_out_goes_to_sign_in(client: TestClient, url: str) -> None:
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/signin"


def test_every_page_has_its_own_title_and_heading(client: TestClient) -> None:
    signed_up(client)
    add_history(client, weeks=3)
    titles, headings = set(), set()
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        titles.add(re.search(r"<title>(.*?)</title>", response.text, re.S)[1])  # type: ignore[index]
        (heading,) = re.findall(r"<h1[^>]*>(.*?)</h1>", response.text, re.S)
        headings.add(heading)
    assert len(titles) == len(headings) == len(PAGES)


def test_sign_up_leads_to_the_journal_or_the_saved_routine(client: TestClient) -> None:
    assert sign_up(client, "sam@example.org").headers["location"] == "/journal"
    with_intake = sign_up(other_client(client), "alex@example.org", intake=INTAKE_JSON)
    assert with_intake.headers["location"] == "/player"
    client.post("/signout", data={})
    assert sign_in(client, "sam@example.org").headers["location"] == "/journal"


def test_the_header_shows_who_is_signed_in(client: TestClient) -> None:
    home = client.get("/").text
    assert 'href="/signin"' in home and 'href="/journal"' not in home
    signed_up(client)
    for url in ("/", "/journal", "/signin"):  # "/" is not a journal page: the cookie tells
        page = client.get(url).text
        assert 'href="/journal"' in page and 'action="/signout"' in page, url
        assert 'href="/signin"' not in page
    assert 'href="/journal" aria-current="page"' in client.get("/journal").text


# The journal


def test_a_new_journal_says_what_to_do(client: TestClient) -> None:
    signed_up(client, intake="")
    page = client.get("/journal")
    assert "Plan a routine" in page.text and 'href="/intake"' in page.text
    assert page.context["page"].sessions == ()


def test_the_journal_lists_sessions_newest_first_and_check_ins(client: TestClient) -> None:
    signed_up(client)
    history = add_history(client, weeks=4)
    page = client.get("/journal").context["page"]
    dates = [line.date for line in page.sessions]
    assert dates == sorted(dates, reverse=True)
    assert len(page.sessions) == len(history.sessions)
    assert len(page.checkins) == len(history.checkins)
    first = page.sessions[0]
    newest = max(history.sessions, key=lambda s: s.started)
    assert first.time == f"{newest.started:%H:%M}"  # in the session's own offset
    assert first.steps_total == len(newest.plan["steps"])
    assert first.url in client.get("/journal").text


def test_the_journal_shows_fifty_then_older(client: TestClient) -> None:
    signed_up(client)
    add_history(client, weeks=30)
    page = client.get("/journal").context["page"]
    assert len(page.sessions) == 50 and page.older_url == "/journal?shown=100"
    more = client.get(page.older_url).context["page"]
    assert len(more.sessions) > 50


def test_a_session_page_and_its_404_for_another_account(client: TestClient) -> None:
    signed_up(client)
    session = add_session(client, make_session(note="Felt <good>", steps_done=(1,)))
    response = client.get(f"/journal/sessions/{session.id}")
    assert response.status_code == 200
    page = response.context["page"]
    assert page.session.note == "Felt <good>" and "Felt &lt;good&gt;" in response.text
    assert page.started == "19:00 (UTC+01:00)"
    assert [step.done for step in page.steps] == [True]
    stranger = other_client(client)
    signed_up(stranger, "alex@example.org")
    assert stranger.get(f"/journal/sessions/{session.id}").status_code == 404
    assert stranger.get("/journal/sessions/nope").status_code == 404


def test_the_journal_answers_json_too(client: TestClient) -> None:
    signed_up(client)
    add_session(client, make_session())
    data = client.get("/journal", headers={"Accept": "application/json"}).json()
    assert data["title"] == "Your journal"
    assert data["sessions"][0]["pain_summary"] == "6 → 4"


# Next-day soreness


def test_soreness_is_asked_for_a_recent_session_and_kept(client: TestClient) -> None:
    signed_up(client)
    recent = add_session(client, just_now(make_session()))
    old = add_session(client, make_session())
    lines = {line.id: line for line in client.get("/journal").context["page"].sessions}
    assert lines[recent.id].soreness_due and not lines[old.id].soreness_due
    response = client.post(
        f"/journal/sessions/{recent.id}/soreness", data={"value": "2"}, follow_redirects=False
    )
    assert response.status_code == 303
    after = client.get(response.headers["location"])
    assert "Soreness 2/10 kept" in after.text
    assert not after.context["page"].sessions[0].soreness_due
    assert next(s for s in journal_of(client).sessions if s.id == recent.id).soreness_next_day == 2


@pytest.mark.parametrize("value", ["11", "", "two", "-1"])
def test_a_bad_soreness_names_the_field_and_keeps_nothing(client: TestClient, value: str) -> None:
    signed_up(client)
    session = add_session(client, just_now(make_session()))
    response = client.post(f"/journal/sessions/{session.id}/soreness", data={"value": value})
    assert response.status_code == 422
    line = response.context["page"].sessions[0]
    assert "from 0 to 10" in line.soreness_error and line.soreness_answer == value
    assert f'id="error-soreness-{session.id}"' in response.text
    assert journal_of(client).sessions[0].soreness_next_day is None


def test_soreness_from_the_session_page_goes_back_there(client: TestClient) -> None:
    signed_up(client)
    session = add_session(client, just_now(make_session()))
    url = f"/journal/sessions/{session.id}/soreness"
    refused = client.post(url, data={"value": "12", "back": "session"})
    assert refused.status_code == 422 and refused.context["page"].session.soreness_error
    kept = client.post(url, data={"value": "3", "back": "session"}, follow_redirects=False)
    assert kept.headers["location"] == f"/journal/sessions/{session.id}?kept=soreness"
    assert "Soreness 3/10 kept" in client.get(kept.headers["location"]).text


def test_another_accounts_session_gets_no_soreness(client: TestClient) -> None:
    signed_up(client)
    session = add_session(client, just_now(make_session()))
    stranger = other_client(client)
    signed_up(stranger, "alex@example.org")
    url = f"/journal/sessions/{session.id}/soreness"
    assert stranger.post(url, data={"value": "2"}).status_code == 404
    assert journal_of(client).sessions[0].soreness_next_day is None


# The weekly check-in


def test_the_check_in_asks_the_cli_questions(client: TestClient) -> None:
    signed_up(client)
    page = client.get("/checkin").context["page"]
    assert [q.name for q in page.questions] == [
        "peg_pain",
        "peg_enjoyment",
        "peg_activity",
        "sleep",
        "stress",
    ]
    assert [(q.low, q.high) for q in page.questions][-1] == (1, 5)
    assert len(page.statements) == len(RMDQ_ITEMS) == 24
    assert page.date == datetime.date.today().isoformat()


def test_a_check_in_is_kept_then_progress_shows_it(client: TestClient) -> None:
    signed_up(client)
    form = {**GOOD_CHECKIN, "stress": "3", "rmdq": "answer", "rmdq_item": ["1", "5", "24"]}
    response = client.post("/checkin", data=form, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/progress")
    (kept,) = journal_of(client).checkins
    assert (kept.peg, kept.sleep, kept.stress, kept.rmdq) == ((6, 5, 4), 7, 3, 3)
    assert kept.date == datetime.date.today()
    assert "Check-in kept: PEG 5.0" in client.get(response.headers["location"]).text


@pytest.mark.parametrize(
    ("extra", "rmdq"),
    [({}, None), ({"rmdq": "answer"}, 0), ({"rmdq_item": ["2"]}, 1)],
)
def test_the_roland_morris_score_only_when_answered(
    client: TestClient, extra: dict[str, object], rmdq: int | None
) -> None:
    signed_up(client)
    client.post("/checkin", data={**GOOD_CHECKIN, **extra})
    assert journal_of(client).checkins[0].rmdq == rmdq


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"peg_pain": "11"}, "peg_pain"),
        ({"peg_activity": ""}, "peg_activity"),
        ({"sleep": "lots"}, "sleep"),
        ({"stress": "0"}, "stress"),
        ({"rmdq_item": ["25"]}, "rmdq"),
        ({"date": "yesterday"}, "date"),
    ],
)
def test_a_bad_check_in_names_the_field_keeps_answers_and_nothing(
    client: TestClient, changes: dict[str, object], field: str
) -> None:
    signed_up(client)
    response = client.post("/checkin", data={**GOOD_CHECKIN, **changes})
    assert response.status_code == 422
    page = response.context["page"]
    assert set(page.errors) == {field}
    assert f'href="#{field}"' in response.text and f'id="error-{field}"' in response.text
    assert page.questions[1].value == "5"  # the other answers are kept
    assert row_counts(client)["checkins"] == 0


# Profile and settings


def test_the_profile_shows_the_saved_answers_and_a_link_to_change_them(
    client: TestClient,
) -> None:
    signed_up(client)
    page = client.get("/profile").context["page"]
    lines = {line.label: line.value for line in page.intake}
    assert lines["Where it hurts"].startswith("lower back (left): 6 of 10, for 10 weeks")
    assert lines["How long"] == "15 minutes"
    assert page.change_url.startswith("/intake?region=lower_back_left&region=shoulder_right")
    form = client.get(page.change_url).context["page"]
    assert [r.id for r in form.regions if r.picked] == ["shoulder_right", "lower_back_left"]


def test_a_profile_without_answers_offers_to_plan(client: TestClient) -> None:
    signed_up(client, intake="")
    page = client.get("/profile")
    assert page.context["page"].intake == () and "No answers saved yet" in page.text


def test_renaming_and_names_refused(client: TestClient) -> None:
    """Another account's name is no matter (names are unique within an account); an
    empty name and one with a direction override are refused, naming the field."""
    signed_up(client)
    renamed = client.post("/profile", data={"name": "  Samira "}, follow_redirects=False)
    assert renamed.status_code == 303
    assert "Your name is now Samira." in client.get(renamed.headers["location"]).text
    signed_up(other_client(client), "alex@example.org", name="Alex")
    refusals = (("  ", "1 to 100"), ("Al\u202eex", "direction-changing characters (found U+202E)"))
    for name, words in refusals:
        refused = client.post("/profile", data={"name": name})
        assert refused.status_code == 422
        assert words in refused.context["page"].errors["name"]
        assert refused.context["page"].name_answer == name
    assert journal_of(client).name == "Samira"
    assert client.post("/profile", data={"name": "Alex"}, follow_redirects=False).status_code == 303
    assert journal_of(client).name == "Alex"


def test_settings_link_tokens_sign_out_and_deleting(client: TestClient) -> None:
    signed_up(client)
    page = client.get("/settings")
    assert "sam@example.org" in page.text
    for target in ('href="/settings/tokens"', 'action="/signout"', "/settings/delete-account"):
        assert target in page.text
    assert "erases your account and everything in it" in page.text
    assert 'href="/settings"' in client.get("/settings/delete-account").text
