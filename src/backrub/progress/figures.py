"""The figures of progress (`backrub.progress/1`): is massage helping this person?

Pure and stdlib-only: `measure` takes a person (`AnyPerson`: read whole, or without the
plans, which it never looks at) and returns its `Figures`.
The contract (docs/contract.md, "Progress summary") fixes every rule; the
figures are computed exactly (with `Fraction`) so that a change of exactly
-2 points or -30% lands on the side the contract says, and `to_dict()` rounds
to one decimal at the very end, halves away from zero (6.25 -> 6.3, -0.05 -> -0.1).
Comparisons (verdict, refer) always use the exact values, never the rounded ones.

On top of the contract: the Theil-Sen trend of session pain and the RMDQ change.
Neither changes the contract's figures. The plain words for the person are
`backrub.progress.words`; `backrub.progress.summary` joins figures and words.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from statistics import median
from typing import Any, Literal

from backrub.contract.records import AnyPerson, AnySession, CheckinRecord

PROGRESS_SCHEMA = "backrub.progress/1"
ProgressVerdict = Literal["better", "slightly_better", "no_change", "worse", "not_enough_data"]
WINDOW_DAYS = 14  # baseline: dated at most 13 days after the first date; recent: before the last
MIN_SPAN_DAYS = 21
REFER_SPAN_DAYS = 42  # 6 weeks
REFER_SESSIONS_PER_WEEK = 2
TREND_DAYS = 84  # the trend looks at the last 12 weeks: what a person can still change
PEG_MCID = 1
RMDQ_MCID_POINTS, RMDQ_MCID_PERCENT = 5, 30


@dataclass(frozen=True)
class Change:
    """Mean of the first and the last 14 days, and the difference (None when unknown)."""

    baseline: Fraction | None = None
    recent: Fraction | None = None
    change: Fraction | None = None
    percent: Fraction | None = None
    mcid_met: bool | None = None


@dataclass(frozen=True)
class ReferReason:
    code: Literal["worse", "no_response", "red_flag"]
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Figures:
    verdict: ProgressVerdict
    refer_reasons: tuple[ReferReason, ...]
    pain: Change
    peg: Change
    immediate_effect: Fraction | None
    sessions_per_week: Fraction | None
    span_days: int
    first_date: datetime.date | None
    last_date: datetime.date | None
    sessions: int
    aborted: int
    trend_per_week: float | None  # Theil-Sen slope of session pain, last 12 weeks
    rmdq: Change  # first and last answered RMDQ scores; MCID 5 points or 30%

    @property
    def refer(self) -> bool:
        return bool(self.refer_reasons)

    @property
    def weeks(self) -> Fraction:
        return Fraction(self.span_days, 7)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the `backrub.progress/1` document, numbers rounded to 1 decimal."""
        return {
            "schema": PROGRESS_SCHEMA,
            "verdict": self.verdict,
            "refer": self.refer,
            "refer_reasons": [reason.to_dict() for reason in self.refer_reasons],
            "pain": {
                "baseline": round1(self.pain.baseline),
                "recent": round1(self.pain.recent),
                "change": round1(self.pain.change),
                "percent": round1(self.pain.percent),
                "mcid_met": self.pain.mcid_met,
            },
            "peg": {
                "baseline": round1(self.peg.baseline),
                "recent": round1(self.peg.recent),
                "change": round1(self.peg.change),
                "mcid_met": self.peg.mcid_met,
            },
            "immediate_effect": round1(self.immediate_effect),
            "sessions_per_week": round1(self.sessions_per_week),
            "weeks": round1(self.weeks),
        }


def round1(value: Fraction | None) -> float | None:
    """One decimal, halves away from zero, from the exact value; never -0.0."""
    if value is None:
        return None
    tenths = abs(value) * 10
    whole = int(tenths + Fraction(1, 2))
    if whole == 0:
        return 0.0
    return (whole if value > 0 else -whole) / 10


# A value as (numerator, denominator): a session's pain is the sum of its ratings over
# their count. Means add numerators per denominator and make one Fraction of each: a
# person's hundreds of sessions rate a handful of region counts, so a mean costs a few
# Fraction additions rather than one per session (each of which reduces by a gcd).
Ratio = tuple[int, int]


def _pain_ratio(session: AnySession) -> Ratio | None:
    values = session.pain_before.values()
    return (sum(values), len(values)) if values else None


def session_pain(session: AnySession) -> Fraction | None:
    """Mean of `pain_before`; None for a session that recorded no pain."""
    ratio = _pain_ratio(session)
    return Fraction(*ratio) if ratio is not None else None


def exact_mean(ratios: Iterable[Ratio]) -> Fraction:
    """The mean of numerator/denominator over `ratios` (at least one), exactly."""
    numerators: defaultdict[int, int] = defaultdict(int)
    count = 0
    for numerator, denominator in ratios:
        numerators[denominator] += numerator
        count += 1
    return sum((Fraction(n, d) for d, n in numerators.items()), Fraction(0)) / count


def _windows(
    dated: list[tuple[datetime.date, Ratio]], first: datetime.date, last: datetime.date
) -> tuple[list[Ratio], list[Ratio]]:
    """Values in the first 14 days and in the last 14 days (they overlap on short spans)."""
    early_end = first + datetime.timedelta(days=WINDOW_DAYS - 1)
    late_start = last - datetime.timedelta(days=WINDOW_DAYS - 1)
    baseline = [value for day, value in dated if day <= early_end]
    recent = [value for day, value in dated if day >= late_start]
    return baseline, recent


def _pain_change(
    dated: list[tuple[datetime.date, Ratio]], first: datetime.date, last: datetime.date
) -> tuple[Change, int]:
    """The pain windows, and the fewest sessions in either window."""
    early, late = _windows(dated, first, last)
    fewest = min(len(early), len(late))
    if fewest < 2:
        return Change(
            baseline=exact_mean(early) if len(early) >= 2 else None,
            recent=exact_mean(late) if len(late) >= 2 else None,
        ), fewest
    baseline, recent = exact_mean(early), exact_mean(late)
    change = recent - baseline
    percent = 100 * change / baseline if baseline != 0 else None
    mcid = change <= -2 or (percent is not None and percent <= -30)
    return Change(baseline, recent, change, percent, mcid), fewest


def _peg_change(
    checkins: tuple[CheckinRecord, ...], first: datetime.date, last: datetime.date
) -> Change:
    dated = [(c.date, (sum(c.peg), 3)) for c in checkins]
    early, late = _windows(dated, first, last)
    baseline = exact_mean(early) if len(early) >= 2 else None
    recent = exact_mean(late) if len(late) >= 2 else None
    if baseline is None or recent is None:
        return Change(baseline=baseline, recent=recent)
    change = recent - baseline
    return Change(baseline, recent, change, None, change <= -PEG_MCID)


def _rmdq_change(checkins: tuple[CheckinRecord, ...]) -> Change:
    """First against last answered RMDQ (by date); MCID is 5 points or 30%."""
    answered = sorted((c.date, c.rmdq) for c in checkins if c.rmdq is not None)
    if len(answered) < 2:
        return Change()
    baseline, recent = Fraction(answered[0][1]), Fraction(answered[-1][1])
    change = recent - baseline
    percent = 100 * change / baseline if baseline != 0 else None
    mcid = change <= -RMDQ_MCID_POINTS or (percent is not None and percent <= -RMDQ_MCID_PERCENT)
    return Change(baseline, recent, change, percent, mcid)


def verdict_for(change: Fraction, percent: Fraction | None) -> ProgressVerdict:
    """The contract's thresholds: the MCID (2 points or 30%), then 1 point or 15%."""
    pct = percent if percent is not None else Fraction(0)
    if change <= -2 or pct <= -30:
        return "better"
    if change <= -1 or pct <= -15:
        return "slightly_better"
    if change >= 2 or pct >= 30:
        return "worse"
    return "no_change"


def immediate_effect(sessions: Sequence[AnySession]) -> Fraction | None:
    """Mean over sessions with both of (mean pain after - mean pain before)."""
    # after/na - before/nb, as one ratio: (after * nb - before * na) / (na * nb)
    effects = [
        (
            sum(s.pain_after.values()) * len(s.pain_before)
            - sum(s.pain_before.values()) * len(s.pain_after),
            len(s.pain_after) * len(s.pain_before),
        )
        for s in sessions
        if s.pain_before and s.pain_after
    ]
    return exact_mean(effects) if effects else None


def theil_sen(points: list[tuple[float, float]]) -> float | None:
    """Median of the slopes between every pair of points with different x (robust to outliers)."""
    slopes = [
        (y2 - y1) / (x2 - x1)
        for i, (x1, y1) in enumerate(points)
        for x2, y2 in points[i + 1 :]
        if x2 != x1
    ]
    return median(slopes) if slopes else None


def pain_trend(
    dated: list[tuple[datetime.date, Ratio]], last: datetime.date | None
) -> float | None:
    """Slope of session pain in points per week over the last 12 weeks (None under 3 days)."""
    if last is None:
        return None
    start = last - datetime.timedelta(days=TREND_DAYS - 1)
    points = [(float((day - start).days), n / d) for day, (n, d) in dated if day >= start]
    if len({x for x, _ in points}) < 3:
        return None
    slope = theil_sen(points)
    return None if slope is None else slope * 7


def _refer_reasons(
    person: AnyPerson,
    verdict: ProgressVerdict,
    span_days: int,
    per_week: Fraction | None,
) -> tuple[ReferReason, ...]:
    reasons: list[ReferReason] = []
    if verdict == "worse":
        reasons.append(ReferReason("worse", "Pain is clearly higher than in the first two weeks."))
    if (
        span_days >= REFER_SPAN_DAYS
        and per_week is not None
        and per_week >= REFER_SESSIONS_PER_WEEK
        and verdict in ("no_change", "slightly_better")
    ):
        reasons.append(
            ReferReason(
                "no_response",
                "Six weeks or more of regular massage (2 or more a week) without a clear "
                "improvement.",
            )
        )
    flags = person.intake.red_flags if person.intake else ()
    if flags:
        names = ", ".join(flag.replace("_", " ") for flag in flags)
        reasons.append(ReferReason("red_flag", f"The saved intake lists a warning sign: {names}."))
    return tuple(reasons)


def measure(person: AnyPerson) -> Figures:
    """The progress figures for one person's journal, by the contract's rules."""
    dates = [s.date for s in person.sessions] + [c.date for c in person.checkins]
    first, last = (min(dates), max(dates)) if dates else (None, None)
    span_days = (last - first).days if first and last else 0
    dated = [(s.date, p) for s in person.sessions if (p := _pain_ratio(s)) is not None]
    dated.sort(key=lambda item: item[0])
    if first and last:
        pain, fewest = _pain_change(dated, first, last)
        peg = _peg_change(person.checkins, first, last)
    else:
        pain, fewest, peg = Change(), 0, Change()
    verdict: ProgressVerdict = "not_enough_data"
    if span_days >= MIN_SPAN_DAYS and fewest >= 2 and pain.change is not None:
        verdict = verdict_for(pain.change, pain.percent)
    per_week = Fraction(len(person.sessions) * 7, span_days) if span_days else None
    return Figures(
        verdict=verdict,
        refer_reasons=_refer_reasons(person, verdict, span_days, per_week),
        pain=pain,
        peg=peg,
        immediate_effect=immediate_effect(person.sessions),
        sessions_per_week=per_week,
        span_days=span_days,
        first_date=first,
        last_date=last,
        sessions=len(person.sessions),
        aborted=sum(1 for s in person.sessions if s.status == "aborted"),
        trend_per_week=pain_trend(dated, last),
        rmdq=_rmdq_change(person.checkins),
    )
