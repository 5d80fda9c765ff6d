"""`backrub report` and `backrub demo`: how a person is doing, and a journal to try it on.

Heavy modules (the journal store, Rich) are imported inside the
commands, so registering this group costs nothing.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from backrub.cli.support import journal_transaction, plural

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from backrub.contract.records import PersonHistory


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("report")(report)
    app.command("demo")(demo)


def _person(db: Session, name: str | None) -> PersonHistory:
    """Whom to report on, without creating anyone (unlike `resolve_person` on an empty
    journal), with every session but not the plans, which no report shows."""
    from backrub.cli.support import fail
    from backrub.journal.people import list_people, progress_history, resolve_person

    if name is None and not list_people(db=db):
        fail("--person: the journal is empty; record a session first, or try `backrub demo`")
    try:
        found = resolve_person(db=db, name=name)
    except LookupError as error:
        fail(f"--person: {error.args[0]}")
    return progress_history(db=db, person_id=found.id)


def report(
    person: Annotated[
        str | None, typer.Option("--person", metavar="NAME", help="Whose progress.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the backrub.progress/1 summary as JSON.")
    ] = False,
    html_file: Annotated[
        Path | None,
        typer.Option("--html", metavar="FILE", help="Write a one-file HTML report with charts."),
    ] = None,
) -> None:
    """Show whether massage is helping: the verdict, the figures and what they mean.

    Example: backrub report --html progress.html
    """
    from backrub.cli.support import emit_json, fail
    from backrub.progress.summary import summarize

    with journal_transaction() as db:
        record = _person(db, person)
    today = datetime.date.today()
    progress = summarize(record, today=today)
    if as_json:
        emit_json(progress.to_dict())
    if html_file is not None:
        from backrub.report import html_report

        try:
            html_file.write_text(html_report(record, progress, today), encoding="utf-8")
        except OSError as error:
            fail(f"--html: cannot write {html_file}: {error.strerror or error}")
        target = sys.stderr if as_json else sys.stdout
        target.write(f"Wrote the report for {record.name} to {html_file}\n")
    if as_json or html_file is not None:
        return
    from backrub.cli.render import console
    from backrub.report import weekly_pain
    from backrub.report.terminal import render_progress

    render_progress(progress, console(), name=record.name, weekly_pain=weekly_pain(record))


def demo(
    weeks: Annotated[
        int, typer.Option("--weeks", min=1, max=520, help="How many weeks of history.")
    ] = 12,
    seed: Annotated[int, typer.Option("--seed", help="The random seed: same seed, same data.")] = 7,
    replace: Annotated[
        bool, typer.Option("--replace", help="Delete an existing person named demo first.")
    ] = False,
) -> None:
    """Add a made-up person, "demo", with a realistic history ending yesterday.

    Example: backrub demo --weeks 12 && backrub report --person demo
    """
    from backrub.cli.support import fail
    from backrub.journal.people import delete_person, find_person, person_journal
    from backrub.journal.transfer import import_journal
    from backrub.progress.demo import DEMO_NAME, demo_journal

    today = datetime.date.today()
    start = today - datetime.timedelta(weeks=weeks)
    start -= datetime.timedelta(days=start.weekday())  # a Monday, so weeks run Monday-Sunday
    journal = demo_journal(seed=seed, weeks=weeks, start=start)
    with journal_transaction() as db:
        existing = find_person(db=db, name=DEMO_NAME)
        if existing is not None:
            if not replace:
                fail(f'demo: there is already a person named "{DEMO_NAME}"; pass --replace')
            delete_person(db=db, person_id=existing.id)
        import_journal(db=db, journal=journal)
        added = person_journal(db=db, person_id=journal.people[0].id)
    sys.stdout.write(
        f'Added "{added.name}": {plural(len(added.sessions), "session")} and '
        f"{plural(len(added.checkins), 'check-in')} over {plural(weeks, 'week')}.\n"
        f"See it with: backrub report --person {added.name}\n"
    )
