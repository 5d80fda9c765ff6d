"""The progress summary for the terminal (Rich): verdict, figures, words, referral."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from backrub.progress.figures import Change
from backrub.progress.summary import Progress
from backrub.progress.words import journal_length, number

STYLES = {
    "better": "green",
    "slightly_better": "green",
    "no_change": "yellow",
    "worse": "red",
    "not_enough_data": "blue",
}
SPARK = " ▁▂▃▄▅▆▇█"


def _change_row(table: Table, name: str, change: Change, unit: str) -> None:
    percent = f" ({number(change.percent, signed=True)}%)" if change.percent is not None else ""
    met = {True: "yes", False: "no", None: "-"}[change.mcid_met]
    table.add_row(
        name,
        f"{number(change.baseline)} → {number(change.recent)}{unit}",
        f"{number(change.change, signed=True)}{percent}",
        met,
    )


def sparkline(values: list[float]) -> str:
    """Pain 0-10 as one block character each (a weekly average per character)."""
    return "".join(SPARK[min(8, max(0, round(value * 0.8)))] for value in values)


def figures_table(progress: Progress) -> Table:
    table = Table(expand=True, title="Your figures (first 2 weeks → last 2 weeks)")
    for column in ("measure", "then → now", "change", "a change that matters?"):
        table.add_column(column, overflow="fold")
    _change_row(table, "pain before sessions (0-10)", progress.pain, "")
    _change_row(table, "PEG: pain's effect on life (0-10)", progress.peg, "")
    if progress.rmdq.change is not None:
        _change_row(table, "Roland-Morris, first → last (0-24)", progress.rmdq, "")
    return table


def facts_table(progress: Progress) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    trend = progress.trend_per_week
    table.add_row("right after a session", f"{number(progress.immediate_effect, True)} points")
    table.add_row("trend, last 12 weeks", f"{number(trend, True)} points a week" if trend else "-")
    table.add_row("sessions a week", f"{number(progress.sessions_per_week)} (aim: 2-3)")
    table.add_row("sessions", f"{progress.sessions}, {progress.aborted} stopped early")
    if progress.first_date and progress.last_date:
        table.add_row(
            "journal",
            f"{progress.first_date:%d %b %Y} to {progress.last_date:%d %b %Y} "
            f"({journal_length(progress.span_days)})",
        )
    return table


def render_progress(
    progress: Progress, out: Console, name: str = "", weekly_pain: list[float] | None = None
) -> None:
    """Print the whole summary; `weekly_pain` (0-10 per week) adds a sparkline."""
    words = progress.words
    style = STYLES[progress.verdict]
    title = f"Progress{f' for {name}' if name else ''}"
    out.print(
        Panel(
            Group(Text(words.headline, style=f"bold {style}"), Text(words.meaning)),
            title=title,
            border_style=style,
        )
    )
    if words.referral:
        body = Text("\n".join(f"• {line}" for line in words.referral))
        out.print(Panel(body, title="Please see a clinician", border_style="red"))
    out.print(figures_table(progress))
    out.print(facts_table(progress))
    if weekly_pain:
        out.print(Text("pain by week: ", style="bold") + Text(sparkline(weekly_pain[-52:])))
    out.print()
    for line in words.details:
        out.print(f"• {line}", markup=False, highlight=False)
    out.print()
    out.print(Text("What studies found: ", style="bold") + Text(words.evidence, style="dim"))
