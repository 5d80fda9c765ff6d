"""The demo journal: the same for a seed, valid by the contract, and believable."""

from __future__ import annotations

import datetime
import json
from collections import Counter

from backrub.contract.records import load_journal
from backrub.progress.demo import demo_journal, demo_person
from backrub.progress.summary import summarize

START = datetime.date(2026, 1, 5)  # a Monday
SEEDS = range(12)


def test_same_seed_same_journal() -> None:
    first = demo_journal(seed=5, weeks=12, start=START)
    again = demo_journal(seed=5, weeks=12, start=START)
    assert first == again
    assert json.dumps(first.to_dict()) == json.dumps(again.to_dict())


def test_different_seeds_differ() -> None:
    assert demo_person(seed=1, start=START) != demo_person(seed=2, start=START)


def test_journal_is_valid_by_the_contract() -> None:
    journal = demo_journal(seed=3, weeks=12, start=START)
    text = json.dumps(journal.to_dict())
    assert load_journal(text) == journal  # validation (ranges, ids, offsets) and round trip


def test_history_spans_the_weeks_asked() -> None:
    person = demo_person(seed=4, weeks=12, start=START)
    end = START + datetime.timedelta(weeks=12)
    assert all(START <= s.date < end for s in person.sessions)
    assert [c.date for c in person.checkins] == [
        START + datetime.timedelta(days=6 + 7 * week) for week in range(12)
    ]
    assert all(s.started.utcoffset() is not None for s in person.sessions)


def test_mostly_two_or_three_sessions_a_week_with_some_missed_weeks() -> None:
    counts: Counter[int] = Counter()
    for seed in SEEDS:
        person = demo_person(seed=seed, weeks=12, start=START)
        per_week = Counter((s.date - START).days // 7 for s in person.sessions)
        counts.update(per_week[week] for week in range(12))
    weeks = sum(counts.values())
    assert max(counts) <= 3
    assert (counts[2] + counts[3]) / weeks >= 0.7
    assert counts[0] > 0  # some weeks are missed


def test_pain_drifts_down_with_noise() -> None:
    verdicts = Counter(summarize(demo_person(seed=seed, start=START)).verdict for seed in SEEDS)
    assert verdicts["better"] + verdicts["slightly_better"] >= len(SEEDS) * 0.75
    assert verdicts["worse"] == 0
    person = demo_person(seed=0, start=START)
    pains = {s.pain_before["lower_back_left"] for s in person.sessions}
    assert len(pains) >= 3  # noisy, not a straight line


def test_sessions_have_aborts_soreness_and_relief() -> None:
    people = [demo_person(seed=seed, start=START) for seed in SEEDS]
    sessions = [s for person in people for s in person.sessions]
    aborted = [s for s in sessions if s.status == "aborted"]
    assert 0 < len(aborted) < len(sessions) * 0.2
    assert all(len(s.steps_done) < len(s.plan["steps"]) for s in aborted)
    assert any(s.soreness_next_day for s in sessions)
    assert any(s.soreness_next_day is None for s in sessions)
    assert all(summarize(p).immediate_effect is not None for p in people)
    assert all(float(summarize(p).immediate_effect or 0) < 0 for p in people)


def test_checkins_have_peg_sleep_stress_and_rmdq_every_few_weeks() -> None:
    person = demo_person(seed=2, weeks=12, start=START)
    assert all(c.sleep is not None and c.stress is not None for c in person.checkins)
    answered = [week for week, c in enumerate(person.checkins) if c.rmdq is not None]
    assert answered == [0, 4, 8, 11]
    assert summarize(person).peg.change is not None


def test_plans_come_from_the_planner() -> None:
    person = demo_person(seed=2, start=START)
    assert person.intake is not None
    plan = person.sessions[0].plan
    assert plan["schema"] == "backrub.plan/1" and plan["verdict"] in ("go", "modify")
    assert len(plan["steps"]) >= 3


def test_five_years_stay_in_range() -> None:
    person = demo_person(seed=1, weeks=260, start=START)
    assert len(person.checkins) == 260
    progress = summarize(person)
    assert progress.pain.recent is not None and 2 <= progress.pain.recent <= 5
