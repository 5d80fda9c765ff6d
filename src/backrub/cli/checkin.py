"""`backrub checkin`: the weekly questions, from options or asked at a terminal.

The questions themselves are `backrub.progress.checkin`; the journal is imported
inside the command, like every group's.
"""

from __future__ import annotations

from typing import Annotated

import typer

from backrub.cli import options  # `options.interactive()`: tests stand in a terminal there
from backrub.cli.options import PersonOption, ask_number, ask_yes, need, parse_day
from backrub.cli.support import fail, journal_transaction, parse_int, resolve
from backrub.progress.checkin import (
    PEG_QUESTIONS,
    RMDQ_ITEMS,
    RMDQ_OFFER,
    SLEEP_QUESTION,
    STRESS_QUESTION,
    checkin_words,
    parse_peg,
    rmdq_score,
)


def register(app: typer.Typer) -> None:
    """Add this group's command to the app."""
    app.command("checkin")(checkin)


def checkin(
    peg: Annotated[
        str | None, typer.Option(metavar="P,E,A", help="PEG: pain, enjoyment, activity, 0-10.")
    ] = None,
    sleep: Annotated[
        str | None, typer.Option(metavar="<int>", help="Sleep quality this week, 0-10.")
    ] = None,
    stress: Annotated[
        str | None, typer.Option(metavar="<int>", help="Stress this week, 1-5.")
    ] = None,
    rmdq: Annotated[
        str | None, typer.Option(metavar="<int>", help="Roland-Morris score, 0-24.")
    ] = None,
    date: Annotated[str | None, typer.Option(metavar="DATE", help="Default: today.")] = None,
    person: PersonOption = None,
    edit: Annotated[
        str | None,
        typer.Option("--edit", metavar="ID", help="Change this check-in (an id from history)."),
    ] = None,
    delete: Annotated[
        str | None,
        typer.Option("--delete", metavar="ID", help="Delete this check-in, after asking."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="With --delete: do not ask.")] = False,
) -> None:
    """Answer the weekly questions: pain and what it stops you doing, sleep, stress.

    On a terminal it asks what the options leave out, and offers the 24 yes/no
    Roland-Morris questions on how your back limits you today.

    --edit ID asks each question again with the stored answer as its default (Enter
    keeps it, - clears an optional one), or takes --peg, --sleep, --stress, --rmdq
    and --date; --delete ID asks first (--yes does not). IDs: backrub history.

    Example: backrub checkin --peg 6,5,5 --sleep 6 --stress 3
    """
    if edit is not None or delete is not None or yes:
        _edit_or_delete(person, edit, delete, yes, peg, sleep, stress, rmdq, date)
        return
    from backrub.contract.records import CheckinRecord, check_entry_date, new_id
    from backrub.contract.validation import ValidationError
    from backrub.journal.entries import add_checkin

    day = parse_day(date, "--date")
    try:
        check_entry_date("--date", day)
    except ValidationError as error:
        fail(str(error))
    items = _parse_peg(peg) if peg is not None else None
    answers = (
        parse_int(sleep, "--sleep", 0, 10),
        parse_int(stress, "--stress", 1, 5),
        parse_int(rmdq, "--rmdq", 0, 24),
    )
    need(items, "--peg", "give the three answers, like --peg 6,5,5")
    with journal_transaction() as db:
        found = resolve(db, person)
    if options.interactive():
        items, answers = _ask_checkin(items, answers)
    assert items is not None
    sleep_score, stress_score, rmdq_answer = answers
    entry = CheckinRecord(
        id=new_id(), date=day, peg=items, sleep=sleep_score, stress=stress_score, rmdq=rmdq_answer
    )
    with journal_transaction() as db:
        add_checkin(db=db, person_id=found.id, entry=entry)
    typer.echo(f"Check-in kept for {found.name} on {day}: {checkin_words(entry)}.")


def _edit_or_delete(
    person: str | None, edit: str | None, delete: str | None, yes: bool, *answers: str | None
) -> None:
    from backrub.cli import edits

    if edit is not None and delete is not None:
        fail("--edit: give --edit or --delete, not both")
    if delete is not None:
        edits.delete_checkin(person, delete, yes)
    elif edit is not None:
        edits.edit_checkin(person, edit, dict(zip(edits.CHECKIN_ANSWERS, answers, strict=True)))
    else:
        fail("--yes: only with --delete ID")


Answers = tuple[int | None, int | None, int | None]  # sleep, stress, Roland-Morris


def _ask_checkin(
    items: tuple[int, int, int] | None, answers: Answers
) -> tuple[tuple[int, int, int], Answers]:
    """Ask for whatever the options left out; Roland-Morris only if the person agrees."""
    sleep, stress, rmdq = answers
    if items is None:
        pain, enjoyment, activity = (_ask_score(q, 0, 10, "--peg") for q in PEG_QUESTIONS)
        items = (pain, enjoyment, activity)
    sleep = sleep if sleep is not None else ask_number(SLEEP_QUESTION, 0, 10, "--sleep", True)
    stress = stress if stress is not None else ask_number(STRESS_QUESTION, 1, 5, "--stress", True)
    if rmdq is None and ask_yes(RMDQ_OFFER, "--rmdq"):
        rmdq = rmdq_score(ask_yes(f"{n}. {item}", "--rmdq") for n, item in enumerate(RMDQ_ITEMS, 1))
    return items, (sleep, stress, rmdq)


def _ask_score(question: str, low: int, high: int, field: str) -> int:
    value = ask_number(question, low, high, field)
    assert value is not None
    return value


def _parse_peg(value: str) -> tuple[int, int, int]:
    items = parse_peg(value)
    if items is None:
        fail(f"--peg: expected three numbers from 0 to 10 like 6,5,5; got {value!r}")
    return items
