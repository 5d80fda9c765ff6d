"""The progress, schedule, and export-and-import pages."""

from __future__ import annotations

import datetime
import io
import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from typing import Any

import pytest
from icalendar import Calendar
from markupsafe import escape
from msgspec.structs import replace

from backrub.contract.records import Journal
from backrub.exchange.journal_json import export_json, parse_json
from backrub.progress.demo import demo_journal
from backrub.progress.summary import summarize
from backrub.report.html import figure_cards
from support.accounts import app_client, other_client, row_counts
from support.journal_factories import make_session
from support.journal_pages import add_history, add_session, journal_of, signed_up
from support.web import TestClient

pytestmark = pytest.mark.database


@pytest.fixture
def client(journal_url: str) -> Iterator[TestClient]:
    with app_client(journal_url) as test_client:
        yield test_client


# Progress


def test_progress_shows_the_reports_figures_words_and_charts(client: TestClient) -> None:
    signed_up(client)
    add_history(client, weeks=6)
    response = client.get("/progress")
    assert response.status_code == 200
    page = response.context["page"]
    progress = summarize(journal_of(client), today=datetime.date.today())
    assert page.headline == progress.words.headline and page.meaning == progress.words.meaning
    assert page.cards == figure_cards(progress)
    assert page.summary == progress.to_dict()
    assert [chart.id for chart in page.charts] == ["pain", "peg", "sessions", "before_after"]
    html = response.text
    for chart in page.charts:  # images the browser asks for: the page holds no SVG
        assert chart.url.startswith(f"/progress/charts/{chart.id}.svg?v=")
        assert f'<img src="{escape(chart.url)}" alt="{escape(chart.title)}"' in html
        assert f'width="{chart.width}" height="{chart.height}"' in html  # no jump on load
    assert html.count("<svg") == html.count('class="back-map')


def test_each_chart_is_the_reports_chart_as_an_svg_document(client: TestClient) -> None:
    from backrub.report.charts import all_charts

    signed_up(client)
    add_history(client, weeks=6)
    record = journal_of(client)
    drawn = all_charts(record, summarize(record, today=datetime.date.today()))
    urls = {chart.id: chart.url for chart in client.get("/progress").context["page"].charts}
    for name, svg in drawn.items():
        # the page's own drawing, one drawn now for no digest or an unknown one: the same
        for url in (urls[name], f"/progress/charts/{name}.svg", f"{urls[name]}0"):
            response = client.get(url)
            assert response.status_code == 200
            assert response.headers["content-type"] == "image/svg+xml"
            assert response.text == svg, url
        ElementTree.fromstring(response.text)  # a well-formed document of its own
        # Nothing to load, run or style; a person's health is kept by no cache.
        assert response.headers["content-security-policy"] == "default-src 'none'"
        assert "<style" not in svg and " style=" not in svg
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "<script" not in response.text


def test_a_new_session_draws_new_charts_and_an_old_url_the_new_drawing(
    client: TestClient,
) -> None:
    """The charts a page drew are kept for its images; the next page after a session
    names new ones, and the old URL (an old tab) draws the journal as it is now."""
    from backrub.report.charts import pain_chart

    signed_up(client)
    add_history(client, weeks=3)
    before = client.get("/progress").context["page"].charts[0]
    kept = client.get(before.url).text
    now_utc = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    add_session(client, make_session(started=now_utc, pain_before={"upper_back_left": 9}))
    after = client.get("/progress").context["page"].charts[0]
    assert after.url != before.url
    record = journal_of(client)
    now = pain_chart(record, summarize(record, today=datetime.date.today()))
    assert now != kept
    assert client.get(after.url).text == now
    assert client.get(before.url).text == now


def test_charts_are_only_the_signed_in_persons_own(client: TestClient) -> None:
    signed_up(client)
    add_history(client, weeks=2)
    assert client.get("/progress/charts/pie.svg").status_code == 404
    with other_client(client) as stranger:
        answer = stranger.get("/progress/charts/pain.svg", follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, "/signin")
        signed_up(stranger, "kim@example.org")
        empty = stranger.get("/progress/charts/pain.svg")
        assert empty.status_code == 200 and "No pain ratings yet" in empty.text


def test_progress_lists_recent_sessions_with_their_dates(client: TestClient) -> None:
    signed_up(client)
    session = add_session(client, make_session())
    page = client.get("/progress")
    (recent,) = page.context["page"].recent
    assert (recent.date, recent.pain) == ("2026-01-05", "6 → 4")
    assert '<time datetime="2026-01-05">Mon 5 Jan 2026</time>' in page.text
    assert f'href="/journal/sessions/{session.id}"' in page.text


def test_progress_for_nobody_yet_draws_nothing(client: TestClient) -> None:
    signed_up(client)
    page = client.get("/progress")
    assert page.context["page"].empty and page.context["page"].charts == ()
    assert "Nothing to show yet" in page.text and "<figure" not in page.text


def test_progress_as_json_holds_the_progress_document(client: TestClient) -> None:
    signed_up(client)
    add_session(client, make_session())
    data = client.get("/progress", headers={"Accept": "application/json"}).json()
    assert data["summary"]["schema"] == "backrub.progress/1"
    assert data["recent"][0]["date"] == "2026-01-05"


# The schedule


def test_the_schedule_starts_from_the_clis_defaults(client: TestClient) -> None:
    signed_up(client)
    page = client.get("/schedule?tz=Europe/London").context["page"]
    assert [d.value for d in page.days if d.checked] == ["mon", "wed", "fri"]
    assert (page.time, page.weeks) == ("19:00", "8")
    assert page.summary.startswith("24 sessions: Monday, Wednesday and Friday at 19:00")
    assert page.warning == ""
    query = "days=mon%2Cwed%2Cfri&time=19%3A00&weeks=8&tz=Europe%2FLondon"
    assert page.download_url == f"/schedule.ics?{query}"


def test_the_schedule_warns_about_one_day_a_week(client: TestClient) -> None:
    signed_up(client)
    page = client.get("/schedule?days=sun&time=08:30&weeks=2&tz=UTC").context["page"]
    assert "less than the usual 2-3" in page.warning
    assert page.summary.startswith("2 sessions: Sunday at 08:30 (UTC), for 2 weeks")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("days=funday", "days"),
        ("time=25:00", "time"),
        ("weeks=0", "weeks"),
        ("tz=Mars/Olympus", "tz"),
    ],
)
def test_a_bad_schedule_names_the_field(client: TestClient, query: str, field: str) -> None:
    signed_up(client)
    for url in (f"/schedule?{query}", f"/schedule.ics?{query}"):
        response = client.get(url)
        assert response.status_code == 422, url
        assert set(response.context["page"].errors) == {field}
        assert f'id="error-{field}"' in response.text


def test_the_calendar_file(client: TestClient) -> None:
    signed_up(client)
    response = client.get("/schedule.ics?days=tue,thu&time=07:15&weeks=3&tz=Europe/Paris")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["content-disposition"] == 'attachment; filename="backrub.ics"'
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert event["SUMMARY"] == "Back massage for sam"
    assert event["RRULE"]["COUNT"] == [6] and event["RRULE"]["BYDAY"] == ["TU", "TH"]
    start = event["DTSTART"].dt
    assert (start.hour, start.minute, str(start.tzinfo)) == (7, 15, "Europe/Paris")


def test_no_schedule_without_a_saved_routine(client: TestClient) -> None:
    signed_up(client, intake="")
    page = client.get("/schedule")
    assert page.status_code == 200 and "A schedule needs a routine" in page.text
    refused = client.get("/schedule.ics")
    assert refused.status_code == 422 and "A schedule needs a routine" in refused.text
    assert "plan a routine first" in refused.context["page"].errors["intake"]


# Export and import


def test_the_exports_download_and_json_reads_back(client: TestClient) -> None:
    signed_up(client)
    history = add_history(client, weeks=2)
    as_json = client.get("/export.json")
    assert as_json.headers["content-type"].startswith("application/json")
    assert "attachment" in as_json.headers["content-disposition"]
    (person,) = parse_json(as_json.content).people
    assert len(person.sessions) == len(history.sessions)
    assert person.intake is not None
    as_csv = client.get("/export.csv")
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.text.count("\r\n") == len(history.sessions) + 1
    checkins = client.get("/export.checkins.csv")
    assert 'filename="backrub-checkins.csv"' in checkins.headers["content-disposition"]
    assert checkins.text.count("\r\n") == len(history.checkins) + 1
    measurements = client.get("/export.measurements.csv")
    assert measurements.text.count("\r\n") > len(history.sessions) + len(history.checkins)
    fhir = client.get("/export.fhir.json")
    assert fhir.headers["content-type"].startswith("application/fhir+json")
    assert json.loads(fhir.text)["resourceType"] == "Bundle"


def _upload(client: TestClient, content: bytes, name: str = "journal.json") -> Any:
    files = {"file": (name, io.BytesIO(content), "application/json")}
    return client.post("/import", data={}, files=files)


def test_one_persons_journal_joins_the_own_journal_once(client: TestClient) -> None:
    signed_up(client)
    demo = demo_journal(weeks=3)
    document = export_json(demo).encode()
    first = _upload(client, document)
    assert first.status_code == 200
    sessions, checkins = len(demo.people[0].sessions), len(demo.people[0].checkins)
    assert first.context["page"].added == (
        f"Added 0 people, {sessions} sessions and {checkins} check-ins."
    )
    assert len(client.get("/journal").context["page"].sessions) == sessions
    again = _upload(client, document)
    assert "Added 0 people, 0 sessions and 0 check-ins." in again.context["page"].added
    own_export = client.get("/export.json").content
    assert "already in your journal" in _upload(client, own_export).context["page"].added


def test_a_households_file_adds_its_people(client: TestClient) -> None:
    signed_up(client)
    one, two = demo_journal(weeks=1, seed=1), demo_journal(weeks=1, seed=2)
    household = Journal(people=(one.people[0], replace(two.people[0], name="demo too")))
    added = _upload(client, export_json(household).encode()).context["page"].added
    assert added.startswith("Added 2 people, ")
    names = [p.name for p in parse_json(client.get("/export.json").content).people]
    assert names == ["sam", "demo", "demo too"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "expected a backrub.journal/1 JSON file"),
        (b"{not json", "not valid JSON"),
        (b'{"schema": "backrub.journal/1", "people": [{"id": "x"}]}', "people[0].name"),
    ],
)
def test_a_bad_file_is_refused_whole(client: TestClient, content: bytes, words: str) -> None:
    signed_up(client)
    before = row_counts(client)
    response = _upload(client, content)
    assert response.status_code == 422
    assert words in response.context["page"].errors["file"]
    assert row_counts(client) == before


def test_another_accounts_ids_are_refused_and_nothing_is_kept(client: TestClient) -> None:
    signed_up(client)
    add_session(client, make_session())
    theirs = client.get("/export.json").content
    stranger = other_client(client)
    signed_up(stranger, "alex@example.org")
    document = json.loads(theirs)
    document["people"][0]["id"] = "a-new-person"  # the person is new; the session is not
    before = row_counts(client)
    response = _upload(stranger, json.dumps(document).encode())
    assert response.status_code == 422
    assert "people[0].sessions[0].id" in response.context["page"].errors["file"]
    assert row_counts(client) == before


def test_the_chart_shelf_keeps_the_latest_pages_and_only_their_exact_charts() -> None:
    from backrub.web.progress.routes import ChartShelf
    from backrub.web.progress.views import drawn_charts

    shelf = ChartShelf(size=2)
    drawn = drawn_charts({"pain": '<svg width="360" height="250.5">a</svg>'})
    assert (drawn["pain"].width, drawn["pain"].height) == (360, 250)
    digest = drawn["pain"].digest
    for person in ("ann", "bo", "cy"):  # ann drew first: out when cy draws
        shelf.keep(person, drawn)
    assert shelf.find("ann", "pain", digest) is None
    assert shelf.find("cy", "pain", digest) == shelf.find("bo", "pain", digest) == drawn["pain"].svg
    assert shelf.find("cy", "pain", digest[:-1] + "x") is None  # another drawing
    assert shelf.find("cy", "peg", digest) is None
