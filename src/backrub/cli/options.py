"""What the journal's command groups share: the `--person` and `--json` options,
pain ratings and dates given as options, and the questions asked instead when an
option is missing and someone is at a terminal to answer.

Typer is imported here, so the fast `plan --json` path (`support`) never imports this.
"""

from __future__ import annotations

import datetime
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from backrub.cli.support import fail

if TYPE_CHECKING:
    from backrub.contract.ids import RegionId

PersonOption = Annotated[
    str | None, typer.Option("--person", metavar="NAME", help="Whose journal (default: current).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print as JSON.")]


# Asking


def interactive() -> bool:
    """Questions are asked only when someone is at a terminal to answer them."""
    return sys.stdin.isatty()


def ask_line(question: str, field: str) -> str:
    try:
        return str(typer.prompt(question, default="", show_default=False)).strip()
    except typer.Abort:
        fail(f"{field}: the question was not answered")


def ask_number(
    question: str, low: int, high: int, field: str, optional: bool = False
) -> int | None:
    """A whole number from low to high, asked again until it is one; blank skips if optional."""
    while True:
        answer = ask_line(question + (" (Enter to skip)" if optional else ""), field)
        if not answer and optional:
            return None
        if answer.isdigit() and low <= int(answer) <= high:
            return int(answer)
        typer.echo(f"Please type a whole number from {low} to {high}.")


def ask_yes(question: str, field: str) -> bool:
    while True:
        answer = ask_line(question + " [y/n]", field).lower()
        if answer in ("y", "yes", "n", "no"):
            return answer.startswith("y")
        typer.echo("Please answer y or n.")


def need(value: Any, field: str, words: str) -> None:
    """A value missing with nobody at a terminal to ask is bad input."""
    if value is None and not interactive():
        fail(f"{field}: required when there is no terminal to ask on; {words}")


# Parsing options


def parse_ratings(values: list[str] | None, field: str) -> dict[RegionId, int] | None:
    """`REGION=N` options as a pain map; None when none were given."""
    from backrub.contract.ids import REGIONS

    if not values:
        return None
    ratings: dict[RegionId, int] = {}
    for value in values:
        region, _, number = value.partition("=")
        region = region.strip()
        if region not in REGIONS:
            fail(f"{field}: unknown region {region!r}; one of {', '.join(REGIONS)}")
        if not number.strip().isdigit() or int(number) > 10:
            fail(f"{field}: expected REGION=N with N from 0 to 10, got {value!r}")
        if region in ratings:
            fail(f"{field}: {region} is given twice")
        ratings[region] = int(number)
    return ratings


def parse_moment(value: str, field: str) -> datetime.datetime:
    """ISO 8601; without an offset it is local time, a date alone is noon that day."""
    try:
        if "T" not in value and " " not in value.strip():
            day = datetime.date.fromisoformat(value)
            return datetime.datetime.combine(day, datetime.time(12)).astimezone()
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        fail(f"{field}: expected a date or time like 2026-01-05T19:00, got {value!r}")
    return moment if moment.tzinfo is not None else moment.astimezone()


def parse_day(value: str | None, field: str) -> datetime.date:
    if value is None:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        fail(f"{field}: expected a date like 2026-01-07, got {value!r}")


def when(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def pain_words(ratings: dict[RegionId, int]) -> str:
    return ", ".join(f"{region} {value}" for region, value in ratings.items()) or "-"
