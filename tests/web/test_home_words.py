"""Counts read naturally wherever the home part's work touched them: one step, one
session, one week (never "1 sessions"), on the plan's banner, the schedule page and the
CLI's schedule and demo lines."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backrub.cli.app import app
from backrub.web.intake.views import _banner
from backrub.web.journal.forms import ScheduleAnswers, schedule_choice
from backrub.web.progress.views import schedule_page
from support.accounts import app_client
from support.intakes import make_intake, plan_for
from support.journal_factories import make_session
from support.journal_pages import add_session, signed_up
from support.session_plans import r2_plan
from support.web import make_form


def test_a_one_step_plan_says_one_step() -> None:
    assert _banner(r2_plan(("both",), heat=None)).text == "1 step, 1 min 30 s."
    assert _banner(r2_plan(("both", "both"), heat=None)).text.startswith("2 steps, ")


def test_a_one_week_one_day_schedule_says_one_session() -> None:
    answers = ScheduleAnswers(days=("mon",), time="19:00", weeks="1", tz="UTC")
    page = schedule_page(
        answers,
        plan=r2_plan(("both",), heat=None),
        choice=schedule_choice(answers),
        today=datetime.date(2026, 11, 30),
    )
    assert page.routine == "2 min, 1 step"
    assert page.summary.startswith("1 session: Monday at 19:00 (UTC), for 1 week, from ")


def test_the_cli_schedule_counts_one_session(tmp_path: Path) -> None:
    intake = tmp_path / "intake.json"
    intake.write_text(json.dumps(make_intake()))
    assert plan_for(make_intake())["steps"]  # a routine to schedule
    out = tmp_path / "one.ics"

    result = CliRunner().invoke(
        app, ["schedule", "--intake", str(intake), "--days", "mon", "--weeks", "1", "-o", str(out)]
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote 1 session (mon at 19:00, ")


def test_a_technique_s_tempo_ends_with_one_full_stop() -> None:
    result = CliRunner().invoke(app, ["technique", "petrissage"])

    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "moving along the muscle. " in text + " "
    assert ".." not in text


def test_the_emergency_stop_page_makes_the_numbers_tap_to_call(client: Any) -> None:
    html = client.post("/plan", data=make_form(red_flags=["chest_pain"])).text

    assert "Get emergency help now" in html
    for number in ("112", "911", "999"):
        assert f'<a href="tel:{number}">{number}</a>' in html


def test_a_clinician_stop_does_not_list_emergency_numbers(client: Any) -> None:
    html = client.post("/plan", data=make_form(red_flags=["fever"])).text

    assert "No massage today" in html
    assert 'href="tel:' not in html


@pytest.mark.database
def test_a_one_step_session_says_one_step(journal_url: str) -> None:
    with app_client(journal_url) as client:
        signed_up(client)
        session = add_session(client, make_session())  # its plan has one step

        for url in ("/journal", f"/journal/sessions/{session.id}"):
            text = " ".join(client.get(url).text.split())
            assert "1 of 1 step" in text, url
            assert "1 of 1 steps" not in text, url
