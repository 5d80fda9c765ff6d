"""The progress summary against the contract's rules, on histories built by hand.

Every expected number is worked out in the test (in comments or arithmetic on
literals), never by calling the code under test.
"""

from __future__ import annotations

import datetime
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backrub.contract.intake import parse_intake
from backrub.contract.records import CheckinRecord, PersonRecord, SessionRecord
from backrub.progress.figures import exact_mean, immediate_effect, round1, theil_sen
from backrub.progress.summary import summarize

DAY0 = datetime.date(2026, 1, 5)
PLAN: dict[str, Any] = {"schema": "backrub.plan/1", "verdict": "go", "steps": []}
COUNTER = iter(range(10**9))


def at(day: int, hour: int = 19, minute: int = 0, offset: float = 0) -> datetime.datetime:
    """A start time `day` days after DAY0, in a given UTC offset (hours)."""
    date = DAY0 + datetime.timedelta(days=day)
    zone = datetime.timezone(datetime.timedelta(hours=offset))
    return datetime.datetime(date.year, date.month, date.day, hour, minute, tzinfo=zone)


def make_session(
    day: int,
    pain: int | dict[str, int] | None = 5,
    *,
    after: dict[str, int] | None = None,
    status: str = "completed",
    started: datetime.datetime | None = None,
) -> SessionRecord:
    before = {"lower_back_left": pain} if isinstance(pain, int) else dict(pain or {})
    return SessionRecord(
        id=f"s{next(COUNTER)}",
        started=started or at(day),
        ended=None,
        status=status,  # type: ignore[arg-type]
        giver="partner",
        plan=PLAN,
        pain_before=before,  # type: ignore[arg-type]
        pain_after=after or {},  # type: ignore[arg-type]
    )


def make_checkin(day: int, peg: tuple[int, int, int] = (5, 5, 5), rmdq: int | None = None) -> Any:
    return CheckinRecord(
        id=f"c{next(COUNTER)}", date=DAY0 + datetime.timedelta(days=day), peg=peg, rmdq=rmdq
    )


def make_person(
    sessions: list[SessionRecord],
    checkins: list[CheckinRecord] | None = None,
    red_flags: list[str] | None = None,
) -> PersonRecord:
    intake = None
    if red_flags is not None:
        intake = parse_intake({"giver": "partner", "minutes": 15, "red_flags": red_flags})
    return PersonRecord(
        id="p1", name="Sam", intake=intake, sessions=tuple(sessions), checkins=tuple(checkins or [])
    )


def history(baseline: list[int], recent: list[int], span: int = 28) -> PersonRecord:
    """Baseline sessions on days 0, 1, ...; recent ones on days span, span-1, ..."""
    sessions = [make_session(i, pain) for i, pain in enumerate(baseline)]
    sessions += [make_session(span - i, pain) for i, pain in enumerate(recent)]
    return make_person(sessions)


def pain_of(person: PersonRecord) -> dict[str, Any]:
    result: dict[str, Any] = summarize(person).to_dict()["pain"]
    return result


# Verdicts and their boundaries


def test_change_of_exactly_minus_two_is_better() -> None:
    # 8 -> 6: change -2, percent -25: better by the points rule alone.
    result = summarize(history([8, 8], [6, 6])).to_dict()
    assert result["verdict"] == "better"
    assert result["pain"] == {
        "baseline": 8.0,
        "recent": 6.0,
        "change": -2.0,
        "percent": -25.0,
        "mcid_met": True,
    }


def test_change_just_under_two_and_under_thirty_percent_is_slightly_better() -> None:
    # 8 -> 6.5: change -1.5, percent -18.75 (rounded half away from zero: -18.8).
    result = summarize(history([8, 8], [6, 7])).to_dict()
    assert result["verdict"] == "slightly_better"
    assert result["pain"]["change"] == -1.5
    assert result["pain"]["percent"] == -18.8
    assert result["pain"]["mcid_met"] is False


def test_exactly_minus_thirty_percent_is_better() -> None:
    # 5 -> 3.5: change -1.5 (not -2), percent -30 exactly: better by the percent rule.
    result = summarize(history([5, 5], [3, 4])).to_dict()
    assert result["verdict"] == "better"
    assert result["pain"]["percent"] == -30.0
    assert result["pain"]["mcid_met"] is True


def test_percent_just_short_of_thirty_is_slightly_better() -> None:
    # 5 -> 11/3: change -4/3, percent -26.67: slightly better (by the 1-point rule).
    result = summarize(history([5, 5, 5], [4, 4, 3])).to_dict()
    assert result["verdict"] == "slightly_better"
    assert result["pain"]["change"] == -1.3
    assert result["pain"]["percent"] == -26.7


def test_exactly_minus_one_point_is_slightly_better() -> None:
    # 8 -> 7: change -1, percent -12.5.
    result = summarize(history([8, 8], [7, 7])).to_dict()
    assert result["verdict"] == "slightly_better"
    assert result["pain"]["percent"] == -12.5


def test_exactly_minus_fifteen_percent_is_slightly_better() -> None:
    # 4 -> 17/5 = 3.4: change -0.6 (less than a point), percent -15 exactly.
    result = summarize(history([4, 4], [3, 4, 3, 4, 3])).to_dict()
    assert result["verdict"] == "slightly_better"
    assert result["pain"]["change"] == -0.6
    assert result["pain"]["percent"] == -15.0


def test_small_drop_is_no_change() -> None:
    # 8 -> 7.5: change -0.5, percent -6.25 (-6.3).
    result = summarize(history([8, 8], [7, 8])).to_dict()
    assert result["verdict"] == "no_change"
    assert result["pain"]["percent"] == -6.3
    assert result["refer"] is False


def test_exactly_plus_two_is_worse_and_refers() -> None:
    # 8 -> 10: change +2, percent +25.
    result = summarize(history([8, 8], [10, 10])).to_dict()
    assert result["verdict"] == "worse"
    assert result["pain"]["mcid_met"] is False
    assert result["refer"] is True
    assert [reason["code"] for reason in result["refer_reasons"]] == ["worse"]


def test_exactly_plus_thirty_percent_is_worse() -> None:
    # 5 -> 6.5: change +1.5, percent +30 exactly.
    result = summarize(history([5, 5], [6, 7])).to_dict()
    assert result["verdict"] == "worse"
    assert result["pain"]["percent"] == 30.0


def test_rise_short_of_both_thresholds_is_no_change() -> None:
    # 8 -> 9.5: change +1.5, percent +18.75.
    assert summarize(history([8, 8], [9, 10])).verdict == "no_change"


def test_baseline_zero_gives_null_percent() -> None:
    # 0 -> 0.5: percent undefined, change +0.5: no change.
    result = summarize(history([0, 0], [0, 1])).to_dict()
    assert result["verdict"] == "no_change"
    assert result["pain"]["percent"] is None
    assert result["pain"]["change"] == 0.5


def test_baseline_zero_rise_of_two_is_worse() -> None:
    result = summarize(history([0, 0], [2, 2])).to_dict()
    assert result["verdict"] == "worse"
    assert result["pain"]["percent"] is None


# Span and windows


def test_span_of_exactly_21_days_is_enough() -> None:
    result = summarize(history([8, 8], [5, 5], span=21)).to_dict()
    assert result["verdict"] == "better"
    assert result["weeks"] == 3.0  # 21 / 7


def test_span_of_20_days_is_not_enough_data() -> None:
    result = summarize(history([8, 8], [5, 5], span=20)).to_dict()
    assert result["verdict"] == "not_enough_data"
    assert result["weeks"] == 2.9  # 20 / 7 = 2.857...
    assert result["refer"] is False


def test_one_session_in_a_window_is_not_enough_data() -> None:
    result = summarize(history([8], [5, 5], span=40)).to_dict()
    assert result["verdict"] == "not_enough_data"
    assert result["pain"]["baseline"] is None
    assert result["pain"]["change"] is None
    assert result["pain"]["recent"] == 5.0


def test_baseline_takes_day_13_but_not_day_14() -> None:
    # Days 0 and 13 are in the first 14 days: (8 + 4) / 2 = 6. Day 14 (pain 0) is not.
    sessions = [make_session(0, 8), make_session(13, 4), make_session(14, 0)]
    sessions += [make_session(39, 4), make_session(40, 4)]
    result = summarize(make_person(sessions)).to_dict()
    assert result["pain"]["baseline"] == 6.0
    assert result["pain"]["change"] == -2.0
    assert result["verdict"] == "better"


def test_recent_takes_13_days_before_last_but_not_14() -> None:
    # Last date is day 40: day 27 (= 40 - 13) is recent, day 26 is not.
    sessions = [make_session(0, 6), make_session(1, 6)]
    sessions += [make_session(26, 10), make_session(27, 2), make_session(40, 4)]
    assert summarize(make_person(sessions)).to_dict()["pain"]["recent"] == 3.0  # (2 + 4) / 2


def test_checkins_set_the_first_date_too() -> None:
    # A check-in on day 0 opens the journal, so a session on day 14 is outside the baseline.
    sessions = [make_session(1, 8), make_session(13, 8), make_session(14, 2)]
    sessions += [make_session(29, 7), make_session(30, 7)]
    result = summarize(make_person(sessions, [make_checkin(0)])).to_dict()
    assert result["pain"]["baseline"] == 8.0
    assert result["weeks"] == 4.3  # 30 / 7 = 4.2857


def test_a_session_is_dated_in_its_own_offset_across_midnight() -> None:
    # 23:30 at UTC-5 on day 13 is 04:30 UTC on day 14: it still belongs to day 13.
    late_west = make_session(13, 2, started=at(13, 23, 30, offset=-5))
    # 00:30 at UTC+9 on day 14 is 15:30 UTC on day 13: it belongs to day 14.
    early_east = make_session(14, 10, started=at(14, 0, 30, offset=9))
    sessions = [make_session(0, 6), late_west, early_east, make_session(40, 4)]
    sessions.append(make_session(39, 4))
    result = summarize(make_person(sessions)).to_dict()
    assert result["pain"]["baseline"] == 4.0  # (6 + 2) / 2; the 10 is left out


def test_aborted_sessions_count_for_pain_and_adherence() -> None:
    sessions = [make_session(0, 8), make_session(1, 8, status="aborted")]
    sessions += [make_session(27, 4, status="aborted"), make_session(28, 4)]
    progress = summarize(make_person(sessions))
    assert progress.verdict == "better"
    assert progress.aborted == 2
    assert progress.to_dict()["sessions_per_week"] == 1.0  # 4 sessions / (28 / 7)


def test_sessions_per_week_and_its_rounding() -> None:
    # 7 sessions over 28 days: 7 / 4 = 1.75 -> 1.8 (half away from zero).
    sessions = [make_session(day, 5) for day in (0, 1, 8, 15, 22, 27, 28)]
    assert summarize(make_person(sessions)).to_dict()["sessions_per_week"] == 1.8


def test_empty_journal() -> None:
    result = summarize(make_person([])).to_dict()
    assert result["verdict"] == "not_enough_data"
    assert result["sessions_per_week"] is None
    assert result["immediate_effect"] is None
    assert result["weeks"] == 0.0
    assert result["peg"] == {"baseline": None, "recent": None, "change": None, "mcid_met": None}


# PEG and immediate effect


def test_peg_windows_and_mcid_of_exactly_one_point() -> None:
    # Baseline check-ins: means 6 and 5 -> 5.5. Recent: 5 and 4 -> 4.5. Fell by exactly 1.
    checkins = [make_checkin(0, (6, 6, 6)), make_checkin(7, (5, 5, 5))]
    checkins += [make_checkin(21, (5, 5, 5)), make_checkin(28, (4, 4, 4))]
    sessions = [make_session(1), make_session(2), make_session(26), make_session(27)]
    result = summarize(make_person(sessions, checkins)).to_dict()
    assert result["peg"] == {"baseline": 5.5, "recent": 4.5, "change": -1.0, "mcid_met": True}


def test_peg_fall_under_one_point_does_not_meet_the_mcid() -> None:
    # Baseline (6,6,5) and (6,6,5): 17/3 each. Recent (5,5,5) twice: 5. Change -2/3.
    checkins = [make_checkin(0, (6, 6, 5)), make_checkin(7, (6, 6, 5))]
    checkins += [make_checkin(21, (5, 5, 5)), make_checkin(28, (5, 5, 5))]
    result = summarize(make_person([], checkins)).to_dict()
    assert result["peg"] == {"baseline": 5.7, "recent": 5.0, "change": -0.7, "mcid_met": False}


def test_peg_with_fewer_than_two_checkins_in_a_window_is_null() -> None:
    checkins = [make_checkin(0, (6, 6, 6)), make_checkin(21, (4, 4, 4)), make_checkin(28)]
    result = summarize(make_person([], checkins)).to_dict()
    assert result["peg"] == {"baseline": None, "recent": 4.5, "change": None, "mcid_met": None}


def test_immediate_effect_is_the_mean_over_sessions_with_both() -> None:
    # Session 1: before mean 5, after mean 3 -> -2. Session 2: 6 -> 5 -> -1. Session 3 has no
    # "after" and is left out. Mean: -1.5.
    sessions = [
        make_session(
            0,
            {"lower_back_left": 6, "shoulder_left": 4},
            after={"lower_back_left": 3, "shoulder_left": 3},
        ),
        make_session(1, 6, after={"lower_back_left": 5}),
        make_session(2, 9),
    ]
    assert summarize(make_person(sessions)).to_dict()["immediate_effect"] == -1.5


RATIOS = st.lists(st.tuples(st.integers(-110, 110), st.integers(1, 120)), min_size=1, max_size=60)


@given(RATIOS)
def test_exact_mean_is_the_mean_of_the_fractions(ratios: list[tuple[int, int]]) -> None:
    expected = sum((Fraction(n, d) for n, d in ratios), Fraction(0)) / len(ratios)
    assert exact_mean(ratios) == expected


PAIN_MAPS = st.dictionaries(
    st.sampled_from(["lower_back_left", "lower_back_right", "neck", "shoulder_left"]),
    st.integers(0, 10),
    max_size=4,
)


@given(st.lists(st.tuples(PAIN_MAPS, PAIN_MAPS), max_size=30))
def test_immediate_effect_is_exact(pains: list[tuple[dict[str, int], dict[str, int]]]) -> None:
    """Each session's after-mean minus before-mean, averaged, as Fractions one by one."""
    sessions = [make_session(day, before, after=after) for day, (before, after) in enumerate(pains)]
    effects = [
        Fraction(sum(after.values()), len(after)) - Fraction(sum(before.values()), len(before))
        for before, after in pains
        if before and after
    ]
    expected = sum(effects, Fraction(0)) / len(effects) if effects else None
    assert immediate_effect(sessions) == expected


# Refer rules


def no_response_history(span: int = 42, extra: int = 8, recent: int = 6) -> PersonRecord:
    """Pain 6 in the baseline; 2 + extra + 2 sessions over `span` days."""
    sessions = [make_session(0, 6), make_session(1, 6)]
    sessions += [make_session(15 + i, 6) for i in range(extra)]
    sessions += [make_session(span - 1, recent), make_session(span, recent)]
    return make_person(sessions)


def test_six_weeks_at_two_a_week_without_change_refers() -> None:
    # 12 sessions over 42 days: exactly 2 a week; 6 -> 6: no change.
    result = summarize(no_response_history()).to_dict()
    assert result["sessions_per_week"] == 2.0
    assert result["verdict"] == "no_change"
    assert [reason["code"] for reason in result["refer_reasons"]] == ["no_response"]


def test_slightly_better_after_six_weeks_refers() -> None:
    # 6 -> 5: change -1, percent -16.7.
    result = summarize(no_response_history(recent=5)).to_dict()
    assert result["verdict"] == "slightly_better"
    assert result["refer"] is True


def test_no_referral_before_six_weeks() -> None:
    # 41 days, 12 sessions: 2.05 a week, but the span is short of 42 days.
    assert summarize(no_response_history(span=41)).refer is False


def test_no_referral_under_two_sessions_a_week() -> None:
    # 11 sessions over 42 days: 1.83 a week.
    assert summarize(no_response_history(extra=7)).refer is False


def test_no_referral_when_better() -> None:
    assert summarize(no_response_history(recent=4)).verdict == "better"
    assert summarize(no_response_history(recent=4)).refer is False


def test_saved_red_flag_refers_even_without_data() -> None:
    result = summarize(make_person([], red_flags=["fever"])).to_dict()
    assert result["verdict"] == "not_enough_data"
    assert result["refer"] is True
    assert [reason["code"] for reason in result["refer_reasons"]] == ["red_flag"]


def test_intake_without_red_flags_does_not_refer() -> None:
    assert summarize(make_person([], red_flags=[])).refer is False


def test_worse_with_red_flag_gives_both_reasons() -> None:
    person = history([4, 4], [7, 7])
    person = make_person(list(person.sessions), red_flags=["night_pain_at_rest"])
    codes = [r["code"] for r in summarize(person).to_dict()["refer_reasons"]]
    assert codes == ["worse", "red_flag"]


# The document and the extras


def test_document_has_exactly_the_contract_keys() -> None:
    result = summarize(history([8, 8], [6, 6])).to_dict()
    assert list(result) == [
        "schema",
        "verdict",
        "refer",
        "refer_reasons",
        "pain",
        "peg",
        "immediate_effect",
        "sessions_per_week",
        "weeks",
    ]
    assert result["schema"] == "backrub.progress/1"
    assert list(result["pain"]) == ["baseline", "recent", "change", "percent", "mcid_met"]
    assert list(result["peg"]) == ["baseline", "recent", "change", "mcid_met"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1, 4), 0.3),
        (Fraction(-1, 4), -0.3),
        (Fraction(-1, 20), -0.1),
        (Fraction(-1, 25), 0.0),
        (Fraction(83, 2), 41.5),
        (Fraction(2, 3), 0.7),
    ],
)
def test_rounding_is_half_away_from_zero(value: Fraction, expected: float) -> None:
    assert round1(value) == expected


def test_theil_sen_ignores_an_outlier() -> None:
    # y = 10 - x with one wild point: pairwise slopes are mostly -1, so the median is -1.
    points = [(0.0, 10.0), (1.0, 9.0), (2.0, 8.0), (3.0, 17.0), (4.0, 6.0)]
    assert theil_sen(points) == -1.0


def test_trend_is_points_per_week() -> None:
    # One point a week down: day 0 pain 8, day 7 pain 7, day 14 pain 6.
    sessions = [make_session(0, 8), make_session(7, 7), make_session(14, 6)]
    assert summarize(make_person(sessions)).trend_per_week == pytest.approx(-1.0)


def test_rmdq_change_against_its_mcid() -> None:
    # 12 -> 7: -5 points (and -41.7%): a change that matters.
    checkins = [make_checkin(0, rmdq=12), make_checkin(14), make_checkin(28, rmdq=7)]
    rmdq = summarize(make_person([], checkins)).rmdq
    assert rmdq.change == -5 and rmdq.mcid_met is True
    # 10 -> 8: -2 points, -20%: not enough.
    checkins = [make_checkin(0, rmdq=10), make_checkin(28, rmdq=8)]
    assert summarize(make_person([], checkins)).rmdq.mcid_met is False


def test_words_for_a_referral_name_the_clinician_and_exercise() -> None:
    words = summarize(no_response_history()).words
    text = " ".join(words.referral)
    assert "physiotherapist" in text and "GP" in text and "xercise" in text
    assert "4-10 weeks" in words.evidence
    assert words.headline


def test_emergency_red_flag_words_say_get_help_now() -> None:
    words = summarize(make_person([], red_flags=["saddle_numbness"])).words
    assert "emergency" in " ".join(words.referral)
