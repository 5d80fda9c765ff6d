"""Reports of a person's progress: the terminal summary, charts and a one-file HTML page.

All take a person (`AnyPerson`: read whole, or without the plans, which none shows) and
the `Progress` that `backrub.progress.summary.summarize` made of it; none reads or writes
the journal. The charts are plain SVG
(`svg`, `charts`): about a millisecond each, with nothing heavy to import.
"""

from __future__ import annotations

import datetime

from backrub.contract.records import AnyPerson
from backrub.progress.figures import session_pain
from backrub.progress.summary import Progress


def weekly_pain(person: AnyPerson) -> list[float]:
    """Mean session pain per calendar week (Monday first), oldest first; weeks without a
    rating are left out."""
    weeks: dict[datetime.date, list[float]] = {}
    for session in person.sessions:
        pain = session_pain(session)
        if pain is not None:
            monday = session.date - datetime.timedelta(days=session.date.weekday())
            weeks.setdefault(monday, []).append(float(pain))
    return [sum(values) / len(values) for _, values in sorted(weeks.items())]


def html_report(person: AnyPerson, progress: Progress, today: datetime.date | None = None) -> str:
    """The one-file HTML report with every chart inline."""
    from backrub.report.charts import all_charts
    from backrub.report.html import render_html

    return render_html(person, progress, all_charts(person, progress), made=today)
