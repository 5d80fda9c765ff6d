"""Reports: the one-file HTML page, the terminal summary, and `backrub report`/`demo`."""

from __future__ import annotations

import datetime
import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from backrub.cli.app import app
from backrub.contract.records import PersonRecord
from backrub.progress.demo import demo_person
from backrub.progress.summary import summarize
from backrub.report import html_report, weekly_pain
from backrub.report.terminal import render_progress

START = datetime.date(2026, 1, 5)
CHART_IDS = ("pain", "peg", "sessions", "before_after")
runner = CliRunner()


@pytest.fixture(scope="module")
def person() -> PersonRecord:
    return demo_person(seed=7, weeks=12, start=START)


@pytest.fixture(scope="module")
def page(person: PersonRecord) -> str:
    return html_report(person, summarize(person), START)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "100"})
    return result.exit_code, result.stdout, result.stderr


# HTML


def test_html_is_self_contained(page: str) -> None:
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert "<script" not in page.lower()
    assert "<link" not in page.lower()
    assert "@import" not in page
    # no fonts or images fetched from CSS; only references inside the page (clip paths)
    assert not re.search(r"""url\(\s*['"]?(?!#)""", page)


def test_html_has_every_chart_as_inline_svg(page: str) -> None:
    assert page.count("<svg") == len(CHART_IDS)
    for chart_id in CHART_IDS:
        assert f'id="chart-{chart_id}"' in page
    assert "<?xml" not in page


def test_html_puts_the_verdict_in_words_first(page: str, person: PersonRecord) -> None:
    words = summarize(person).words
    headline = page.index(words.headline)
    assert headline < page.index("<svg")
    assert page.index("<h1>") < headline
    assert "4-10 weeks" in page
    assert 'name="viewport"' in page


def test_html_escapes_journal_text() -> None:
    person = PersonRecord(id="x", name="<b>Sam</b> & co")
    page = html_report(person, summarize(person))
    assert "<b>Sam</b>" not in page
    assert "&lt;b&gt;Sam&lt;/b&gt; &amp; co" in page


def test_html_for_an_empty_journal_still_has_every_chart() -> None:
    person = PersonRecord(id="x", name="Nobody")
    page = html_report(person, summarize(person))
    assert page.count("<svg") == len(CHART_IDS)
    assert "Too early to tell" in page


def test_long_history_draws_sessions_as_steps() -> None:
    person = demo_person(seed=1, weeks=60, start=START)
    page = html_report(person, summarize(person))
    assert page.count("<svg") == len(CHART_IDS)


# Terminal


def rendered(person: PersonRecord, width: int = 100) -> str:
    out = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    render_progress(summarize(person), out, name=person.name, weekly_pain=weekly_pain(person))
    text = out.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text


def test_terminal_summary_shows_verdict_figures_and_words(person: PersonRecord) -> None:
    text = rendered(person)
    progress = summarize(person)
    assert progress.words.headline in text
    assert "Progress for demo" in text
    assert "pain before sessions" in text
    assert "sessions a week" in text
    assert "4-10 weeks" in text
    assert "Please see a clinician" not in text


def test_terminal_summary_shows_a_referral() -> None:
    from backrub.contract.intake import parse_intake

    person = PersonRecord(
        id="x",
        name="Sam",
        intake=parse_intake({"giver": "self", "minutes": 10, "red_flags": ["fever"]}),
    )
    text = rendered(person, width=80)
    assert "Please see a clinician" in text
    assert "GP" in text


# The CLI


def test_report_on_an_empty_journal_is_bad_input(journal_url: str) -> None:
    code, out, err = run("report")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "backrub demo" in err


def test_demo_then_report_json_matches_summarize(journal_url: str) -> None:
    from backrub.journal import open_journal
    from backrub.journal.people import find_person, person_journal

    code, out, _ = run("demo", "--weeks", "8", "--seed", "3")
    assert code == 0 and '"demo"' in out
    code, out, _ = run("report", "--json")
    assert code == 0
    with open_journal() as store, store.transaction() as db:
        found = find_person(db=db, name="demo")
        assert found is not None
        stored = person_journal(db=db, person_id=found.id)
    assert json.loads(out) == summarize(stored).to_dict()
    # The journal holds exactly what the generator made, so the figures are the generator's.
    made = demo_person(seed=3, weeks=8, start=stored.checkins[0].date - datetime.timedelta(days=6))
    assert json.loads(out) == summarize(made).to_dict()


def test_demo_twice_needs_replace(journal_url: str) -> None:
    assert run("demo")[0] == 0
    code, _, err = run("demo")
    assert code == 2 and "--replace" in err
    assert run("demo", "--replace", "--seed", "9")[0] == 0


def test_report_html_writes_the_file(journal_url: str, tmp_path: Path) -> None:
    run("demo")
    target = tmp_path / "report.html"
    code, out, _ = run("report", "--person", "demo", "--html", str(target))
    assert code == 0
    assert str(target) in out
    assert target.read_text(encoding="utf-8").count("<svg") == len(CHART_IDS)


def test_report_in_the_terminal(journal_url: str) -> None:
    run("demo")
    code, out, _ = run("report")
    assert code == 0
    assert "Progress for demo" in out


def test_report_for_an_unknown_person(journal_url: str) -> None:
    run("demo")
    code, out, err = run("report", "--person", "Nobody")
    assert code == 2 and out == ""
    assert err.startswith("backrub: --person:") and len(err.strip().splitlines()) == 1
