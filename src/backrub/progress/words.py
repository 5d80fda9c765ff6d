"""The plain words of a progress summary: the verdict explained, whom to see, what studies say.

Each string is a sentence or two a person can act on; no promises. Pure and
stdlib-only like `figures`: the words read the figures and never change them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from backrub.contract.ids import EMERGENCY_RED_FLAGS
from backrub.progress.figures import Figures, ProgressVerdict, round1


@dataclass(frozen=True)
class Words:
    """What the figures mean, in plain words, for the top of a report."""

    headline: str = ""
    meaning: str = ""
    details: tuple[str, ...] = ()
    referral: tuple[str, ...] = ()
    evidence: str = ""


HEADLINES: dict[ProgressVerdict, str] = {
    "better": "Better: your pain has dropped by a change that matters",
    "slightly_better": "Slightly better: pain is a little lower",
    "no_change": "No real change in your pain so far",
    "worse": "Worse: your pain has gone up",
    "not_enough_data": "Too early to tell",
}
EVIDENCE = (
    "Massage for back pain helps some people, mostly for a short while, "
    "and the evidence is of low quality. In studies, people who improved typically did so "
    "within 4-10 weeks. Nobody can promise it will work for you; your own numbers here are "
    "the best guide."
)


def number(value: Fraction | float | None, signed: bool = False) -> str:
    """A figure as the reports show it: one decimal, or a dash when unknown."""
    rounded = round1(Fraction(value)) if value is not None else None
    if rounded is None:
        return "-"
    return f"{rounded:+.1f}" if signed else f"{rounded:.1f}"


def count(amount: int, thing: str, many: str = "") -> str:
    """`1 session`, `3 sessions`: a whole number and its noun, singular only for one."""
    return f"{amount} {thing if amount == 1 else many or thing + 's'}"


def journal_length(span_days: int) -> str:
    """How long the journal runs, counting its first and last days: `1 day`, `9 days`,
    `2 weeks` (whole weeks from 14 days on; never `0.0 weeks`)."""
    days = span_days + 1
    return count(days, "day") if days < 14 else count(days // 7, "week")


def _num(value: Fraction | float | None) -> str:
    rounded = round1(Fraction(value)) if value is not None else None
    return "?" if rounded is None else f"{abs(rounded):g}"


def change_size(value: Fraction | float | None) -> str:
    """`1 point`, `1.5 points`, `2 points`: a size of change on the 0-10 scale."""
    shown = _num(value)
    return f"{shown} point{'' if shown == '1' else 's'}"


def _meaning(progress: Figures) -> str:
    pain = progress.pain
    if progress.verdict == "not_enough_data":
        return (
            "To judge, backrub needs at least 3 weeks of entries and 2 or more sessions with a "
            "pain rating both in your first two weeks and in your latest two weeks. Keep rating "
            "your pain before each session."
        )
    size = change_size(pain.change)
    if pain.percent is not None:
        size += f" ({_num(pain.percent)}%)"
    then = f"from {_num(pain.baseline)} in your first two weeks to {_num(pain.recent)} lately"
    return {
        "better": f"Your pain fell {size}, {then}. A drop of 2 points or 30% is the size most "
        "people notice as a real improvement, and you reached it.",
        "slightly_better": f"Your pain fell {size}, {then}. That is a small change: people "
        "notice it, but it is short of the 2 points or 30% that counts as clearly better.",
        "no_change": f"Your pain went {then}: a change of less than 1 point and 15%, "
        "too small to count as better or worse.",
        "worse": f"Your pain rose {size}, {then}. A rise of 2 points or 30% is a real change.",
    }[progress.verdict]


def _details(progress: Figures, today: datetime.date | None) -> tuple[str, ...]:
    lines: list[str] = []
    if progress.trend_per_week is not None:
        slope = progress.trend_per_week
        way = "falling" if slope < -0.05 else "rising" if slope > 0.05 else "flat"
        rate = f" by about {change_size(slope)} a week" if way != "flat" else ""
        lines.append(f"Over the last 12 weeks your pain has been {way}{rate} (trend line).")
    if progress.immediate_effect is not None:
        effect = progress.immediate_effect
        word = "lower" if effect < 0 else "higher" if effect > 0 else "the same"
        amount = f"{change_size(effect)} " if effect != 0 else ""
        lines.append(f"Right after a session your pain was on average {amount}{word}.")
    if progress.peg.change is not None:
        met = "a change that matters" if progress.peg.mcid_met else "less than the 1 point that"
        tail = "" if progress.peg.mcid_met else " matters"
        lines.append(
            f"Pain's effect on daily life (PEG) went from {_num(progress.peg.baseline)} to "
            f"{_num(progress.peg.recent)}: {met}{tail}."
        )
    rmdq = progress.rmdq
    if rmdq.change is not None:
        verdict = "a change that matters" if rmdq.mcid_met else "short of the 5 points or 30%"
        tail = "" if rmdq.mcid_met else " that matters"
        lines.append(
            f"Back-related disability (Roland-Morris) went from {_num(rmdq.baseline)} to "
            f"{_num(rmdq.recent)} of 24: {verdict}{tail}."
        )
    if progress.sessions_per_week is not None:
        lines.append(
            f"{count(progress.sessions, 'session')} ({progress.aborted} stopped early) over "
            f"{journal_length(progress.span_days)}: {_num(progress.sessions_per_week)} a week "
            "(2-3 a week is the usual aim)."
        )
    if today and progress.last_date and (today - progress.last_date).days > 14:
        lines.append(f"The last entry is {(today - progress.last_date).days} days old.")
    return tuple(lines)


def _referral(progress: Figures, flags: tuple[str, ...]) -> tuple[str, ...]:
    lines: list[str] = []
    if any(flag in EMERGENCY_RED_FLAGS for flag in flags):
        lines.append(
            "Your saved answers include a sign that needs urgent care: stop massage and get "
            "emergency help now (call your local emergency number)."
        )
    elif flags:
        lines.append(
            "Your saved answers include a warning sign. Stop massage until a doctor (your GP) "
            "has checked your back."
        )
    codes = {reason.code for reason in progress.refer_reasons}
    if "worse" in codes:
        lines.append(
            "Your pain is getting worse. Pause massage and see your GP or a physiotherapist."
        )
    if "no_response" in codes:
        lines.append(
            "You have kept up regular massage for six weeks or more without a clear "
            "improvement. A physiotherapist or your GP can look at what else might help."
        )
    if codes & {"worse", "no_response"}:
        lines.append(
            "Exercise helps back pain: UK guidance (NICE) suggests massage only alongside an "
            "exercise programme, and a physiotherapist can set one up for you."
        )
    return tuple(lines)


def explain(progress: Figures, flags: tuple[str, ...], today: datetime.date | None = None) -> Words:
    """The report's words: verdict, what it means, the details, whom to see, what studies say."""
    return Words(
        headline=HEADLINES[progress.verdict],
        meaning=_meaning(progress),
        details=_details(progress, today),
        referral=_referral(progress, flags),
        evidence=EVIDENCE,
    )
