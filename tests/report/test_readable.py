"""Charts and figures that read right (issue 12): plurals, a one-session journal's axis
by days, every chart a scalable SVG of its own with nothing drawn outside it."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ElementTree

import msgspec
import pytest

from backrub.contract.records import PersonRecord
from backrub.progress.demo import demo_person
from backrub.progress.summary import summarize
from backrub.progress.words import count, journal_length
from backrub.report import html_report
from backrub.report.charts import all_charts
from backrub.report.html import figure_cards
from backrub.report.svg import CHAR, WIDTH

START = datetime.date(2026, 1, 5)
SVG = "{http://www.w3.org/2000/svg}"


def one_session() -> PersonRecord:
    person = demo_person(seed=7, weeks=12, start=START)
    return msgspec.structs.replace(person, sessions=person.sessions[:1], checkins=())


def test_counts_read_naturally() -> None:
    assert [count(n, "session") for n in (0, 1, 2)] == ["0 sessions", "1 session", "2 sessions"]
    assert [journal_length(days) for days in (0, 1, 12, 13, 20, 83)] == [
        "1 day",
        "2 days",
        "13 days",
        "2 weeks",
        "3 weeks",
        "12 weeks",
    ]


def test_a_one_session_journal_in_words() -> None:
    person = one_session()
    progress = summarize(person, today=person.sessions[0].date)
    card = figure_cards(progress)[-1]
    assert (card.label, card.value, card.sub) == (
        "Journal kept for",
        "1 day",
        "1 session, 0 stopped early",
    )
    assert not any("1 sessions" in line or "0.0 weeks" in line for line in progress.words.details)


def _labels(svg: str) -> list[str]:
    return [element.text or "" for element in ElementTree.fromstring(svg).iter(f"{SVG}text")]


def test_a_one_session_chart_spans_the_days_around_it() -> None:
    """Not an axis from 2024 to 2030: three or more dates within four days of the session."""
    person = one_session()
    day = person.sessions[0].date
    charts = all_charts(person, summarize(person, today=day))
    for name in ("pain", "sessions", "before_after"):
        labels = _labels(charts[name])
        dates = [
            datetime.datetime.strptime(f"{found[1]} {day.year}", "%d %b %Y").date()
            for label in labels
            if (found := re.fullmatch(r"(\d+ \w{3})( \d{4})?", label))
        ]
        assert len(dates) >= 3, (name, labels)
        assert all(abs((date - day).days) <= 4 for date in dates), (name, labels)
        assert f"{day.year}" in " ".join(labels)


def _persons() -> dict[str, PersonRecord]:
    far = demo_person(seed=7, weeks=12, start=START)
    old = msgspec.structs.replace(far.checkins[0], id="far", date=datetime.date(1900, 1, 1))
    far = msgspec.structs.replace(far, checkins=(*far.checkins, old))
    return {
        "twelve weeks": demo_person(seed=7, weeks=12, start=START),
        "five years": demo_person(seed=7, weeks=260, start=START),
        "one session": one_session(),
        "back to 1900": far,
        "empty": msgspec.structs.replace(one_session(), sessions=()),
    }


@pytest.mark.parametrize("kind", list(_persons()))
def test_each_chart_scales_and_keeps_its_text_inside(kind: str) -> None:
    """A viewBox 360 units wide and no more; every text, at a generous width per
    letter, inside it (the browser test measures the real glyphs)."""
    person = _persons()[kind]
    for name, svg in all_charts(person, summarize(person, today=START)).items():
        root = ElementTree.fromstring(svg)
        _, _, width, height = map(float, root.attrib["viewBox"].split())
        assert width == WIDTH == 360 and root.attrib["width"] == "360", name
        assert "style" not in svg and root.attrib["role"] == "img"
        for element in root.iter(f"{SVG}text"):
            size, x = float(element.attrib["font-size"]), float(element.attrib["x"])
            wide = len(element.text or "") * size * CHAR
            left = {"middle": x - wide / 2, "end": x - wide}.get(
                element.attrib.get("text-anchor", ""), x
            )
            if "transform" not in element.attrib:  # the y label turns; it is checked below
                assert 0 <= left and left + wide <= width, (kind, name, element.text)
            assert 0 < float(element.attrib["y"]) <= height, (kind, name, element.text)


def test_the_html_report_lets_charts_shrink() -> None:
    page = html_report(_persons()["twelve weeks"], summarize(_persons()["twelve weeks"]))
    assert "min-width:480px" not in page and "figure svg{width:100%" in page


def test_a_change_of_one_point_is_one_point() -> None:
    from fractions import Fraction

    from backrub.progress.words import change_size

    assert [change_size(Fraction(v)) for v in (1, -1, 2, Fraction(3, 2))] == [
        "1 point",
        "1 point",
        "2 points",
        "1.5 points",
    ]
