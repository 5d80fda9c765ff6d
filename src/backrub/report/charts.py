"""The report's charts, each an inline SVG string (matplotlib, Agg, no pyplot state).

Import this module only when a chart is wanted: matplotlib is slow to import.
Every chart has a title, labelled axes and dates along the bottom; text stays
text in the SVG (`svg.fonttype: none`) so it is sharp and small, and the output
is deterministic (fixed hash salt, no date in the metadata).
"""

from __future__ import annotations

import datetime
import io
import math
from collections import Counter
from collections.abc import Collection, Sequence
from statistics import median
from typing import TYPE_CHECKING, Any

import matplotlib

from backrub.contract.records import PersonRecord
from backrub.progress.figures import session_pain
from backrub.progress.summary import Progress

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

matplotlib.use("Agg")

INK, MUTED, GRID = "#1f2933", "#616e7c", "#e4e7eb"
BLUE, ORANGE, GREEN, RED = "#2563eb", "#d97706", "#16a34a", "#dc2626"
RC: Any = {  # Any: matplotlib's stubs type rc keys as one long Literal
    "svg.fonttype": "none",
    "font.family": ["DejaVu Sans", "sans-serif"],
    "font.size": 11,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "legend.frameon": False,
    "legend.fontsize": 10,
}
RECENT_DAYS = 84  # the before/after chart shows the last 12 weeks
MAX_TICKS = 8  # dates along the x axis: at most this many, and at least 3
DAY_STEPS = (1, 2, 3, 7, 14)  # days between ticks; 7 and 14 fall on Mondays
MONTH_STEPS = (1, 2, 3, 6) + tuple(12 * years for years in (1, 2, 5, 10, 20, 50, 100, 200))
MONTH_STEPS += tuple(12 * years for years in (500, 1000, 2000, 5000, 10000))
MARKER_POINTS = 60  # more check-ins than this: a line without markers
DOT_DAYS = 366  # longer histories show weekly averages only
BAR_WEEKS = 40  # sessions per week as bars up to this many weeks


def _figure(title: str, ylabel: str) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, 3.8))
    figure.subplots_adjust(left=0.09, right=0.95, bottom=0.14, top=0.9)
    axes = figure.add_subplot()
    axes.set_title(title, y=1.02)  # a fixed place: placing it automatically costs a layout pass
    axes.set_ylabel(ylabel)
    axes.set_yticks(range(0, 11, 2))
    axes.set_xlabel("date")
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    return figure, axes


def _headroom(axes: Axes, rows: int) -> None:
    """A 0-10 scale with room above 10 for the legend, so that it never hides a point."""
    axes.set_ylim(0, 10.4 + 1.25 * rows)
    axes.spines["left"].set_bounds(0, 10)


def _date_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Dates for the x axis, 3 to 8 of them, whatever the span: every day or few days,
    Mondays, month starts, or years by 1, 2, 5, 10, 20, 50, 100...

    Worked out here rather than by matplotlib's AutoDateLocator, which costs more
    than the rest of a chart. The year is shown on the first tick and where it changes.
    """
    first, last = _date_at(math.ceil(low)), _date_at(math.floor(high))
    ticks, by_day, by_year = _tick_dates(first, last)
    if by_year:
        labels = [str(tick.year) for tick in ticks]
    else:
        labels = [f"{tick.day} {tick:%b}" if by_day else f"{tick:%b}" for tick in ticks]
        for n, tick in enumerate(ticks):
            if n == 0 or tick.year != ticks[n - 1].year:
                labels[n] += f" {tick.year}"
    return [float((tick - EPOCH).days) for tick in ticks], labels


def _tick_dates(
    first: datetime.date, last: datetime.date
) -> tuple[list[datetime.date], bool, bool]:
    """The fewest-steps ticks from `first` to `last` that are at most MAX_TICKS; and
    whether they are days (not month starts) and whether they are years."""
    for step in DAY_STEPS:
        day = first if step < 7 else first + datetime.timedelta(days=-first.weekday() % 7)
        count = (last - day).days // step + 1
        if count <= MAX_TICKS:
            return [day + datetime.timedelta(days=step * n) for n in range(count)], True, False
    # months counted from January of year 0; the first month start on or after `first`
    lowest = first.year * 12 + first.month - 1 + (0 if first.day == 1 else 1)
    highest = last.year * 12 + last.month - 1
    for months in MONTH_STEPS:
        start = -(-lowest // months) * months
        if (highest - start) // months + 1 <= MAX_TICKS:
            ticks = [
                datetime.date(index // 12, index % 12 + 1, 1)
                for index in range(start, highest + 1, months)
            ]
            return ticks, False, months >= 12
    raise AssertionError("the last month step spans the calendar")  # pragma: no cover


def _date_at(day: int) -> datetime.date:
    """The date `day` days after the epoch, held inside the calendar Python can write."""
    lowest, highest = (datetime.date.min - EPOCH).days, (datetime.date.max - EPOCH).days
    return EPOCH + datetime.timedelta(days=min(max(day, lowest), highest))


def _journal_span(axes: Axes, progress: Progress) -> None:
    """The whole journal along the x axis, the same on every chart, so they line up."""
    if progress.first_date and progress.last_date:
        axes.set_xlim(_day(progress.first_date) - 4, _day(progress.last_date) + 4)


def _svg(figure: Figure, name: str) -> str:
    """The figure as an `<svg>` element, ready to inline (no XML prolog, scalable)."""
    axes = figure.axes[0]
    if len(axes.get_xticks()):  # not an empty chart
        positions, labels = _date_ticks(*axes.get_xlim())
        axes.set_xticks(positions, labels)
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": name}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _empty(axes: Axes, message: str) -> None:
    from matplotlib.ticker import NullLocator

    axes.text(0.5, 0.5, message, transform=axes.transAxes, ha="center", color=MUTED)
    axes.xaxis.set_major_locator(NullLocator())
    axes.yaxis.set_major_locator(NullLocator())


EPOCH = datetime.date(1970, 1, 1)  # matplotlib's default date epoch


def _day(day: datetime.date) -> float:
    """Midday of a date as a matplotlib date number (days since 1970-01-01)."""
    return (day - EPOCH).days + 0.5


def pain_chart(person: PersonRecord, progress: Progress) -> str:
    """Session pain over time, the baseline, the MCID zone and the 12-week trend."""
    with matplotlib.rc_context(RC):
        figure, axes = _figure("Pain before each session", "pain (0-10)")
        points = [
            (s.date, float(p), s.status)
            for s in person.sessions
            if (p := session_pain(s)) is not None
        ]
        if not points:
            _empty(axes, "No pain ratings yet")
            return _svg(figure, "pain")
        _headroom(axes, rows=3)
        if progress.pain.baseline is not None:
            _baseline(
                axes,
                float(progress.pain.baseline),
                max(2.0, 0.3 * float(progress.pain.baseline)),
                "clearly better (2 points or 30% below baseline)",
            )
        if (points[-1][0] - points[0][0]).days <= DOT_DAYS:
            _dots(axes, points)
        weekly = _weekly_means([(d, p) for d, p, _ in points])
        axes.plot(
            [x for x, _ in weekly],
            [y for _, y in weekly],
            color=BLUE,
            lw=1.8,
            label="weekly average",
        )
        _trend(axes, [(d, p) for d, p, _ in points], progress)
        axes.legend(loc="upper left", ncols=2)
        _journal_span(axes, progress)
        return _svg(figure, "pain")


def _baseline(axes: Axes, baseline: float, mcid: float, zone_label: str) -> None:
    """The first two weeks' mean as a dashed line, and the zone a change that matters reaches."""
    axes.axhspan(0, max(0.0, baseline - mcid), color=GREEN, alpha=0.10, lw=0, label=zone_label)
    axes.axhline(
        baseline, color=MUTED, ls="--", lw=1.2, label=f"baseline, first 2 weeks ({baseline:.1f})"
    )


def _dots(axes: Axes, points: Sequence[tuple[datetime.date, float, str]]) -> None:
    """One mark per session (a cross when it stopped early); a year or less, else a smear."""
    for status, marker, label in (
        ("completed", "o", "session"),
        ("aborted", "x", "stopped early"),
    ):
        chosen = [(_day(d), p) for d, p, s in points if s == status]
        if chosen:
            axes.scatter(
                [x for x, _ in chosen],
                [y for _, y in chosen],
                s=14,
                marker=marker,
                color=BLUE,
                alpha=0.55,
                lw=1,
                label=label,
            )


def _weekly_means(
    points: list[tuple[datetime.date, float]],
) -> list[tuple[float, float]]:
    weeks: dict[datetime.date, list[float]] = {}
    for day, value in points:
        weeks.setdefault(day - datetime.timedelta(days=day.weekday()), []).append(value)
    return [
        (_day(monday + datetime.timedelta(days=3)), sum(v) / len(v))
        for monday, v in sorted(weeks.items())
    ]


def _trend(axes: Axes, points: list[tuple[datetime.date, float]], progress: Progress) -> None:
    """The Theil-Sen line over the last 12 weeks (intercept: median of y - slope * x)."""
    if progress.trend_per_week is None or progress.last_date is None:
        return
    start = progress.last_date - datetime.timedelta(days=RECENT_DAYS - 1)
    slope = progress.trend_per_week / 7
    recent = [((d - start).days, p) for d, p in points if d >= start]
    intercept = median(p - slope * x for x, p in recent)
    first_x = min(x for x, _ in recent)
    last_x = (progress.last_date - start).days
    xs = [_day(start + datetime.timedelta(days=x)) for x in (first_x, last_x)]
    ys = [intercept + slope * x for x in (first_x, last_x)]
    axes.plot(
        xs,
        ys,
        color=ORANGE,
        lw=2.2,
        label=f"trend, last 12 weeks ({progress.trend_per_week:+.1f}/week)",
    )


def peg_chart(person: PersonRecord, progress: Progress) -> str:
    """PEG (pain, enjoyment, activity) per check-in, with its baseline and MCID."""
    with matplotlib.rc_context(RC):
        figure, axes = _figure("Pain's effect on daily life (PEG, weekly check-in)", "PEG (0-10)")
        checkins = sorted(person.checkins, key=lambda c: c.date)
        if not checkins:
            _empty(axes, "No check-ins yet")
            return _svg(figure, "peg")
        _headroom(axes, rows=2)
        if progress.peg.baseline is not None:
            _baseline(
                axes,
                float(progress.peg.baseline),
                1.0,
                "1 point or more below baseline (a change that matters)",
            )
        axes.plot(
            [_day(c.date) for c in checkins],
            [c.peg_score for c in checkins],
            color=BLUE,
            marker="o" if len(checkins) <= MARKER_POINTS else "",
            ms=4,
            lw=1.6,
            label="PEG score",
        )
        axes.legend(loc="upper left", ncols=2)
        _journal_span(axes, progress)
        return _svg(figure, "peg")


def sessions_chart(person: PersonRecord, progress: Progress) -> str:
    """Sessions per calendar week (Monday to Sunday) against the 2-3 a week aim."""
    with matplotlib.rc_context(RC):
        figure, axes = _figure("Sessions per week", "sessions")
        if not person.sessions:
            _empty(axes, "No sessions yet")
            return _svg(figure, "sessions")
        done = Counter(_monday(s.date) for s in person.sessions if s.status == "completed")
        stopped = Counter(_monday(s.date) for s in person.sessions if s.status == "aborted")
        first, last = min(done | stopped), max(done | stopped)
        mondays = [first + datetime.timedelta(weeks=w) for w in range((last - first).days // 7 + 1)]
        axes.axhspan(2, 3, color=GREEN, alpha=0.12, lw=0, label="aim: 2-3 a week")
        done_counts = [done[m] for m in mondays]
        totals = [done[m] + stopped[m] for m in mondays]
        if len(mondays) <= BAR_WEEKS:
            xs = [_day(m + datetime.timedelta(days=3)) for m in mondays]
            axes.bar(xs, totals, width=5, color=ORANGE, label="stopped early")
            axes.bar(xs, done_counts, width=5, color=BLUE, label="completed")
        else:  # hundreds of bars are slow to draw: two filled step outlines instead
            starts = [_day(m) - 0.5 for m in mondays]
            axes.fill(*_steps(starts, totals), color=ORANGE, lw=0, label="stopped early")
            axes.fill(*_steps(starts, done_counts), color=BLUE, lw=0, label="completed")
        most = max(4, max(done[m] + stopped[m] for m in mondays))
        axes.set_ylim(0, most + 1)
        axes.spines["left"].set_bounds(0, most)
        axes.set_yticks(range(most + 1))
        axes.legend(loc="upper left", ncols=3)
        _journal_span(axes, progress)
        return _svg(figure, "sessions")


def _steps(starts: list[float], heights: list[int]) -> tuple[list[float], list[float]]:
    """The outline of week-wide bars side by side, as one polygon (fast to draw); weeks
    in a row of the same height are one run, so years without a session cost nothing."""
    xs: list[float] = []
    ys: list[float] = []
    for start, height in zip(starts, heights, strict=True):
        if ys and ys[-1] == height:
            xs[-1] = start + 7
        else:
            xs += [start, start + 7]
            ys += [height, height]
    return xs + [xs[-1], xs[0]], ys + [0, 0]


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def before_after_chart(person: PersonRecord, progress: Progress) -> str:
    """Pain before and right after each session of the last 12 weeks."""
    with matplotlib.rc_context(RC):
        figure, axes = _figure("Pain before and after each session (last 12 weeks)", "pain (0-10)")
        last = progress.last_date
        pairs = [
            (_day(s.date), _avg(s.pain_before.values()), _avg(s.pain_after.values()))
            for s in person.sessions
            if s.pain_before and s.pain_after and last and (last - s.date).days < RECENT_DAYS
        ]
        if not pairs:
            _empty(axes, "No sessions with pain rated before and after")
            return _svg(figure, "before_after")
        _headroom(axes, rows=1)
        axes.vlines(
            [x for x, _, _ in pairs],
            [b for _, b, _ in pairs],
            [a for _, _, a in pairs],
            colors=[GREEN if a < b else RED for _, b, a in pairs],
            lw=1.5,
        )
        axes.scatter(
            [x for x, _, _ in pairs],
            [b for _, b, _ in pairs],
            s=22,
            facecolors="white",
            edgecolors=INK,
            lw=1,
            label="before",
            zorder=3,
        )
        axes.scatter(
            [x for x, _, _ in pairs],
            [a for _, _, a in pairs],
            s=22,
            color=BLUE,
            label="after",
            zorder=3,
        )
        axes.legend(loc="upper left", ncols=2)
        return _svg(figure, "before_after")


def _avg(values: Collection[int]) -> float:
    return sum(values) / len(values)


def all_charts(person: PersonRecord, progress: Progress) -> dict[str, str]:
    """Every chart, by id, in the order a report shows them."""
    return {
        "pain": pain_chart(person, progress),
        "peg": peg_chart(person, progress),
        "sessions": sessions_chart(person, progress),
        "before_after": before_after_chart(person, progress),
    }
