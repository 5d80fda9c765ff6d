"""A person's progress: the figures of `backrub.progress/1` and the words that explain them.

What the report, the progress page and the API's summary show. `today` only
feeds the words (how old the last entry is), never the figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from backrub.contract.records import AnyPerson
from backrub.progress.figures import Figures, measure
from backrub.progress.words import Words, explain


@dataclass(frozen=True)
class Progress(Figures):
    """The figures, plus what they mean in plain words for the top of a report."""

    words: Words


def summarize(person: AnyPerson, today: datetime.date | None = None) -> Progress:
    """The progress summary for one person's journal, by the contract's rules."""
    figures = measure(person)
    flags = person.intake.red_flags if person.intake else ()
    return Progress(**vars(figures), words=explain(figures, flags, today))
