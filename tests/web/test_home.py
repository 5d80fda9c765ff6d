"""The home page: signed out, what backrub is; signed in, "today"; and the Plan link's
intake, which starts from the saved answers."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator

import pytest

from backrub.web.home.views import long_day, next_session_day, week_words
from support.accounts import app_client
from support.intakes import make_intake
from support.journal_factories import make_session
from support.journal_pages import add_session, just_now, signed_up
from support.web import TestClient

pytestmark = pytest.mark.database

MONDAY = datetime.date(2026, 11, 30)


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


def today_fact(html: str, name: str) -> str:
    """The text of one of the card's facts (`data-today="..."`), tags and spaces folded."""
    match = re.search(rf'data-today="{name}">(.*?)</(?:dd|strong)>', html, re.S)
    assert match, f"no {name} on the page"
    return " ".join(re.sub(r"<[^>]+>", "", match[1]).split())


def test_signed_out_sees_what_backrub_is(client: TestClient) -> None:
    html = client.get("/").text
    assert "A safe back massage, planned for you" in html
    assert "data-today" not in html
    assert "Nothing is stored unless you sign up" in html  # sign-up does store them


def test_signed_in_sees_today(client: TestClient) -> None:
    signed_up(client)
    today = datetime.date.today()
    noon = datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(12))
    yesterday = make_session(started=noon.astimezone(), pain_before={"lower_back_left": 6})
    add_session(client, just_now(make_session(), hours_ago=24 * 9))
    add_session(client, yesterday)

    html = client.get("/").text

    assert "<h1>Today</h1>" in html
    assert today_fact(html, "last").startswith("Yesterday, completed; pain before → after: 6 → 4")
    monday = datetime.date.today() - datetime.timedelta(days=datetime.date.today().weekday())
    in_week = sum(1 for day in (yesterday.date,) if day >= monday)
    assert (
        today_fact(html, "week")
        == f"{in_week} {'session' if in_week == 1 else 'sessions'} of the 2-3 planned"
    )
    assert today_fact(html, "verdict").startswith("Too early to tell.")
    assert today_fact(html, "next") in {"Today", "Tomorrow"} or re.fullmatch(
        r"(Monday|Wednesday|Friday) \d+ \w+( \d{4})?", today_fact(html, "next")
    )
    assert 'class="button button--primary" href="/player">Start today' in html


def test_without_a_saved_intake_the_button_plans_one(client: TestClient) -> None:
    signed_up(client, intake="")
    html = client.get("/").text
    assert today_fact(html, "last") == "None yet"
    assert today_fact(html, "week") == "0 sessions of the 2-3 planned"
    assert 'href="/intake">Plan a routine</a>' in html


def test_saved_answers_that_stop_the_plan_offer_a_change_not_a_start(
    client: TestClient,
) -> None:
    signed_up(client, intake=json.dumps(make_intake(red_flags=["fever"])))
    html = client.get("/").text
    assert "Your saved answers say no massage for now" in html
    assert 'href="/intake">Change my answers</a>' in html
    assert 'href="/player"' not in html


def test_the_next_session_is_the_next_scheduled_day() -> None:
    days = ("mon", "wed", "fri")
    assert next_session_day((), MONDAY, days) == MONDAY
    done_today = (make_session(started=datetime.datetime(2026, 11, 30, 8, 0)),)
    assert next_session_day(done_today, MONDAY, days) == MONDAY + datetime.timedelta(days=2)
    tuesday = MONDAY + datetime.timedelta(days=1)
    assert next_session_day((), tuesday, days) == tuesday + datetime.timedelta(days=1)


def test_days_and_counts_read_naturally() -> None:
    assert long_day(MONDAY, MONDAY) == "Today"
    assert long_day(MONDAY, MONDAY - datetime.timedelta(days=1)) == "Tomorrow"
    assert long_day(MONDAY, MONDAY + datetime.timedelta(days=1)) == "Yesterday"
    assert long_day(MONDAY, MONDAY + datetime.timedelta(days=3)) == "Monday 30 November"
    assert long_day(MONDAY, datetime.date(2027, 1, 2)) == "Monday 30 November 2026"
    assert week_words(1) == "1 session of the 2-3 planned"


def test_the_plan_link_starts_from_the_saved_answers(client: TestClient) -> None:
    signed_up(client)  # the ordinary intake: lower back left 6 for 10 weeks, a partner
    html = client.get("/intake").text
    assert re.search(r'id="region-lower_back_left" value="lower_back_left" checked', html)
    assert re.search(
        r'id="intensity-lower_back_left" name="intensity-lower_back_left" value="6"', html
    )
    assert re.search(r'id="giver-partner"[^>]* checked', html)
    assert "Nothing you enter is stored" not in html
    assert "Your saved answers are filled in" in html


def test_signed_in_without_saved_answers_the_intake_is_blank(client: TestClient) -> None:
    signed_up(client, intake="")
    html = client.get("/intake").text
    assert not re.search(r'name="region"[^>]* checked', html)
    assert "Starting the routine keeps your answers in your profile" in html
    assert "Nothing you enter is stored" not in html


def test_signed_out_the_intake_is_blank_and_says_nothing_is_stored(client: TestClient) -> None:
    html = client.get("/intake").text
    assert not re.search(r'name="region"[^>]* checked', html)
    assert "Nothing you enter is stored" in html
