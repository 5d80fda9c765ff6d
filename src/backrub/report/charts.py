"""The report's four charts, each an `<svg>` element (drawn by `backrub.report.svg`).

Every chart has a title, a legend, a labelled 0-10 (or sessions) axis and dates
along the bottom; all of them span the journal's dates, so they line up. The
output is deterministic: the same journal draws the same bytes.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from statistics import median

from backrub.contract.records import AnyPerson
from backrub.progress.figures import session_pain
from backrub.progress.summary import Progress
from backrub.report.svg import (
    PLOT_WIDTH,
    TICK_SIZE,
    Axes,
    Frame,
    Key,
    chart,
    line,
    marker,
    polygon,
    rect,
    text_width,
)

BLUE, ORANGE, GREEN, RED = "#2563eb", "#d97706", "#16a34a", "#dc2626"
INK, MUTED = "#1f2933", "#616e7c"
RECENT_DAYS = 84  # the before/after chart shows the last 12 weeks
MAX_TICKS = 8  # dates along the x axis: at most this many, and at least 3
DAY_STEPS = (1, 2, 3, 7, 14)  # days between ticks; 7 and 14 fall on Mondays
MONTH_STEPS = (1, 2, 3, 6) + tuple(12 * years for years in (1, 2, 5, 10, 20, 50, 100, 200))
MONTH_STEPS += tuple(12 * years for years in (500, 1000, 2000, 5000, 10000))
MARKER_POINTS = 60  # more check-ins than this: a line without markers
DOT_DAYS = 366  # longer histories show weekly averages only
BAR_WEEKS = 40  # sessions per week as bars up to this many weeks
PAIN_TICKS = range(0, 11, 2)


def _date_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Dates for the x axis, 3 to 8 of them, whatever the span: every day or few days,
    Mondays, month starts, or years by 1, 2, 5, 10, 20, 50, 100...

    The year is shown on the first tick and where it changes.
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


EPOCH = datetime.date(1970, 1, 1)  # x is counted in days from here


def _day(day: datetime.date) -> float:
    """Midday of a date as a number of days since 1970-01-01, the x of every chart."""
    return (day - EPOCH).days + 0.5


def _x_ticks(low: float, high: float, width: float) -> list[tuple[float, str]]:
    """`_date_ticks`, every tick marked; labels thinned to every second or third when
    they would not fit `width` side by side, the year kept on each where it changes."""
    positions, labels = _date_ticks(low, high)
    for every in (1, 2, 3, 4):
        shown = list(range(0, len(positions), every))
        if sum(text_width(labels[n], TICK_SIZE) + 8 for n in shown) <= width:
            break
    ticks = [(position, "") for position in positions]
    previous_year = None
    for n in shown:
        label = labels[n]
        year = _date_at(int(positions[n])).year
        if not label.isdigit() and year != previous_year and not label.endswith(str(year)):
            label += f" {year}"
        previous_year = year
        ticks[n] = (positions[n], label)
    return ticks


def _span(progress: Progress) -> tuple[float, float]:
    """The whole journal along the x axis, the same on every chart, so they line up;
    a one-day journal spans the days around it, not years."""
    first, last = progress.first_date, progress.last_date
    if first is None or last is None:
        today = _day(datetime.date.today())
        return today - 4, today + 4
    return _day(first) - 4, _day(last) + 4


def _axes(span: tuple[float, float], y_top: float, label: str, ticks: Sequence[int]) -> Axes:
    return Axes(span, (0, y_top), label, ticks, _x_ticks(*span, PLOT_WIDTH))


def pain_chart(person: AnyPerson, progress: Progress) -> str:
    """Session pain over time, the baseline, the MCID zone and the 12-week trend."""
    title = "Pain before each session"
    points = [
        (s.date, float(p), s.status) for s in person.sessions if (p := session_pain(s)) is not None
    ]
    axes = _axes(_span(progress), 10.4, "pain (0-10)", PAIN_TICKS)
    if not points:
        return chart("pain", title, axes, (), lambda _: [], empty="No pain ratings yet")
    keys: list[Key] = []
    baseline = float(progress.pain.baseline) if progress.pain.baseline is not None else None
    if baseline is not None:
        keys += _baseline_keys(baseline, "clearly better (2 points or 30% below baseline)")
    dots = (points[-1][0] - points[0][0]).days <= DOT_DAYS
    if dots:
        keys.append(Key("session", BLUE, "dot"))
        if any(status == "aborted" for _, _, status in points):
            keys.append(Key("stopped early", BLUE, "cross"))
    keys.append(Key("weekly average", BLUE))
    trend = _trend(points, progress)
    if trend and progress.trend_per_week is not None:
        keys.append(Key(f"trend, last 12 weeks ({progress.trend_per_week:+.1f}/week)", ORANGE))

    def marks(frame: Frame) -> list[str]:
        parts = []
        if baseline is not None:
            parts += _baseline(frame, baseline, max(2.0, 0.3 * baseline))
        if dots:
            for day, pain, status in points:
                shape = "dot" if status == "completed" else "cross"
                parts.append(marker(frame.x(_day(day)), frame.y(pain), shape, BLUE, 0.55))
        weekly = _weekly_means([(d, p) for d, p, _ in points])
        parts.append(line([(frame.x(x), frame.y(y)) for x, y in weekly], BLUE, 1.8))
        if trend:
            parts.append(line([(frame.x(x), frame.y(y)) for x, y in trend], ORANGE, 2.2))
        return parts

    return chart("pain", title, axes, keys, marks)


def _baseline_keys(baseline: float, zone_label: str) -> list[Key]:
    return [
        Key(zone_label, GREEN, "box"),
        Key(f"baseline, first 2 weeks ({baseline:.1f})", MUTED, "dash"),
    ]


def _baseline(frame: Frame, baseline: float, mcid: float) -> list[str]:
    """The first two weeks' mean as a dashed line, and the zone a change that matters reaches."""
    zone_top = frame.y(max(0.0, baseline - mcid))
    bottom = frame.y(0)
    right = frame.left + frame.width
    return [
        rect(frame.left, zone_top, frame.width, bottom - zone_top, GREEN, 0.12),
        line([(frame.left, frame.y(baseline)), (right, frame.y(baseline))], MUTED, 1.2, "5 3"),
    ]


def _weekly_means(points: list[tuple[datetime.date, float]]) -> list[tuple[float, float]]:
    weeks: dict[datetime.date, list[float]] = {}
    for day, value in points:
        weeks.setdefault(day - datetime.timedelta(days=day.weekday()), []).append(value)
    return [
        (_day(monday + datetime.timedelta(days=3)), sum(v) / len(v))
        for monday, v in sorted(weeks.items())
    ]


def _trend(
    points: Sequence[tuple[datetime.date, float, str]], progress: Progress
) -> list[tuple[float, float]]:
    """The Theil-Sen line over the last 12 weeks (intercept: median of y - slope * x)."""
    if progress.trend_per_week is None or progress.last_date is None:
        return []
    start = progress.last_date - datetime.timedelta(days=RECENT_DAYS - 1)
    slope = progress.trend_per_week / 7
    recent = [((d - start).days, p) for d, p, _ in points if d >= start]
    if not recent:
        return []
    intercept = median(p - slope * x for x, p in recent)
    first_x = min(x for x, _ in recent)
    last_x = (progress.last_date - start).days
    return [
        (_day(start + datetime.timedelta(days=x)), intercept + slope * x) for x in (first_x, last_x)
    ]


def peg_chart(person: AnyPerson, progress: Progress) -> str:
    """PEG (pain, enjoyment, activity) per check-in, with its baseline and MCID."""
    title = "Pain's effect on daily life (PEG, weekly check-in)"
    checkins = sorted(person.checkins, key=lambda c: c.date)
    axes = _axes(_span(progress), 10.4, "PEG (0-10)", PAIN_TICKS)
    if not checkins:
        return chart("peg", title, axes, (), lambda _: [], empty="No check-ins yet")
    keys: list[Key] = []
    baseline = float(progress.peg.baseline) if progress.peg.baseline is not None else None
    if baseline is not None:
        keys += _baseline_keys(baseline, "1 point or more below baseline (a change that matters)")
    keys.append(Key("PEG score", BLUE))

    def marks(frame: Frame) -> list[str]:
        parts = _baseline(frame, baseline, 1.0) if baseline is not None else []
        xy = [(frame.x(_day(c.date)), frame.y(c.peg_score)) for c in checkins]
        parts.append(line(xy, BLUE, 1.6))
        if len(checkins) <= MARKER_POINTS:
            parts += [marker(x, y, "dot", BLUE) for x, y in xy]
        return parts

    return chart("peg", title, axes, keys, marks)


def sessions_chart(person: AnyPerson, progress: Progress) -> str:
    """Sessions per calendar week (Monday to Sunday) against the 2-3 a week aim."""
    title = "Sessions per week"
    if not person.sessions:
        axes = _axes(_span(progress), 5, "sessions", range(5))
        return chart("sessions", title, axes, (), lambda _: [], empty="No sessions yet")
    done = Counter(_monday(s.date) for s in person.sessions if s.status == "completed")
    stopped = Counter(_monday(s.date) for s in person.sessions if s.status == "aborted")
    first, last = min(done | stopped), max(done | stopped)
    mondays = [first + datetime.timedelta(weeks=w) for w in range((last - first).days // 7 + 1)]
    done_counts = [done[m] for m in mondays]
    totals = [done[m] + stopped[m] for m in mondays]
    most = max(4, *totals)
    step = max(1, math.ceil(most / 6))
    axes = _axes(_span(progress), most + 0.4, "sessions", range(0, most + 1, step))
    keys = [Key("aim: 2-3 a week", GREEN, "box"), Key("completed", BLUE, "box")]
    if stopped:
        keys.append(Key("stopped early", ORANGE, "box"))

    def marks(frame: Frame) -> list[str]:
        parts = [rect(frame.left, frame.y(3), frame.width, frame.y(2) - frame.y(3), GREEN, 0.12)]
        if len(mondays) <= BAR_WEEKS:
            for monday, total, count in zip(mondays, totals, done_counts, strict=True):
                left = frame.x(_day(monday) + 0.5)
                width = frame.x(_day(monday) + 5.5) - left
                parts.append(rect(left, frame.y(total), width, frame.y(0) - frame.y(total), ORANGE))
                parts.append(rect(left, frame.y(count), width, frame.y(0) - frame.y(count), BLUE))
        else:  # hundreds of bars: two filled step outlines instead
            starts = [_day(m) - 0.5 for m in mondays]
            for heights, colour in ((totals, ORANGE), (done_counts, BLUE)):
                xs, ys = _steps(starts, heights)
                parts.append(polygon(zip(map(frame.x, xs), map(frame.y, ys), strict=True), colour))
        return parts

    return chart("sessions", title, axes, keys, marks)


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


def before_after_chart(person: AnyPerson, progress: Progress) -> str:
    """Pain before and right after each session of the last 12 weeks."""
    title = "Pain before and after each session (last 12 weeks)"
    last = progress.last_date
    pairs = [
        (_day(s.date), _avg(s.pain_before.values()), _avg(s.pain_after.values()))
        for s in person.sessions
        if s.pain_before and s.pain_after and last and (last - s.date).days < RECENT_DAYS
    ]
    if not pairs:
        axes = _axes(_span(progress), 10.4, "pain (0-10)", PAIN_TICKS)
        message = "No sessions with pain rated before and after"
        return chart("before_after", title, axes, (), lambda _: [], empty=message)
    span = (min(x for x, _, _ in pairs) - 4, max(x for x, _, _ in pairs) + 4)
    axes = _axes(span, 10.4, "pain (0-10)", PAIN_TICKS)
    keys = [Key("before", INK, "ring"), Key("after", BLUE, "dot")]
    keys += [Key("went down", GREEN), Key("went up or stayed", RED)]

    def marks(frame: Frame) -> list[str]:
        parts = []
        for x, before, after in pairs:
            colour = GREEN if after < before else RED
            parts.append(
                line([(frame.x(x), frame.y(before)), (frame.x(x), frame.y(after))], colour, 1.5)
            )
        parts += [marker(frame.x(x), frame.y(b), "ring", INK) for x, b, _ in pairs]
        parts += [marker(frame.x(x), frame.y(a), "dot", BLUE) for x, _, a in pairs]
        return parts

    return chart("before_after", title, axes, keys, marks)


def _avg(values: Collection[int]) -> float:
    return sum(values) / len(values)


CHARTS: dict[str, Callable[[AnyPerson, Progress], str]] = {
    "pain": pain_chart,
    "peg": peg_chart,
    "sessions": sessions_chart,
    "before_after": before_after_chart,
}  # by id, in the order a report shows them


def all_charts(person: AnyPerson, progress: Progress) -> dict[str, str]:
    """Every chart, by id, in the order a report shows them."""
    return {name: draw(person, progress) for name, draw in CHARTS.items()}
