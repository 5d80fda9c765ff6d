"""Changing and deleting what was recorded: `backrub log --edit/--delete ID` and
`backrub checkin --edit/--delete ID`.

An ID is one `backrub history` shows (its first characters are enough when they
name one record). Editing asks each question again with the stored answer as its
default (Enter keeps it, "-" clears an optional one), or takes the options given
with nobody at a terminal. Deleting asks "[y/N]" first; `--yes` skips the question,
and without a terminal and without `--yes` nothing is deleted (one line, exit 2).
The journal is imported inside the functions, and no question is asked inside a
transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

import typer

from backrub.cli import options  # `options.interactive()`: tests stand in a terminal there
from backrub.cli.options import pain_words, parse_ratings, when
from backrub.cli.support import fail, journal_transaction, parse_int, resolve

if TYPE_CHECKING:
    from backrub.contract.ids import RegionId
    from backrub.contract.records import CheckinRecord, PersonRecord, SessionRecord

Entry = TypeVar("Entry", "SessionRecord", "CheckinRecord")
CLEAR = "-"
CHECKIN_ANSWERS = ("peg", "sleep", "stress", "rmdq", "date")  # `checkin`'s options, in order


def day_words(day: datetime.date) -> str:
    """3 March 2026."""
    return f"{day.day} {day:%B %Y}"


def pick(entries: Sequence[Entry], wanted: str, what: str, option: str) -> Entry:
    """The one record whose id starts with `wanted`; one line naming `option` otherwise."""
    matches = [entry for entry in entries if entry.id.startswith(wanted)] if wanted else []
    if len(matches) != 1:
        found = f"several {what}s" if matches else f"no {what}"
        fail(f"{option}: {found} with an id starting {wanted!r}; see: backrub history")
    return matches[0]


def confirm(question: str, yes: bool, option: str) -> bool:
    """Whether to go ahead: `--yes`, or "y" at a terminal; without either, refused."""
    if yes:
        return True
    if not options.interactive():
        fail(f"{option}: there is no terminal to ask on; add --yes to delete without asking")
    try:
        return bool(typer.confirm(question, default=False))
    except typer.Abort:
        fail(f"{option}: the question was not answered; nothing was deleted")


def _journal(person: str | None) -> PersonRecord:
    from backrub.journal.people import person_journal

    with journal_transaction() as db:
        found = resolve(db, person)
        return person_journal(db=db, person_id=found.id)


def _ask(question: str, default: str, field: str) -> str:
    """A question with the stored answer as its default: Enter keeps it."""
    try:
        answer = typer.prompt(question, default=default or CLEAR, show_default=True)
    except typer.Abort:
        fail(f"{field}: the question was not answered; nothing was changed")
    return str(answer).strip()


def _optional(text: str | None, field: str, low: int, high: int, stored: int | None) -> int | None:
    """An optional number given as text: None keeps `stored`, "-" clears it."""
    if text is None:
        return stored
    if text == CLEAR:
        return None
    return parse_int(text, field, low, high)


# Check-ins


def delete_checkin(person: str | None, wanted: str, yes: bool) -> None:
    from backrub.journal import entries

    found = _journal(person)
    checkin = pick(found.checkins, wanted, "check-in", "--delete")
    question = f"Delete the check-in of {day_words(checkin.date)}?"
    if not confirm(question, yes, "--delete"):
        typer.echo("Kept.")
        return
    with journal_transaction() as db:
        entries.delete_checkin(db=db, person_id=found.id, checkin_id=checkin.id)
    typer.echo(f"Deleted the check-in of {day_words(checkin.date)}.")


def edit_checkin(
    person: str | None,
    wanted: str,
    given: dict[str, str | None],
) -> None:
    """`given`: the options as typed (peg, sleep, stress, rmdq, date; None: not given)."""
    from msgspec.structs import replace

    from backrub.contract.validation import ValidationError
    from backrub.journal import entries
    from backrub.progress.checkin import checkin_words, parse_peg

    found = _journal(person)
    stored = pick(found.checkins, wanted, "check-in", "--edit")
    if options.interactive():
        given = _ask_checkin(stored, given)
    peg = stored.peg
    if given["peg"] is not None:
        parsed = parse_peg(given["peg"])
        if parsed is None:
            fail(f"--peg: expected three numbers from 0 to 10 like 6,5,5; got {given['peg']!r}")
        peg = parsed
    day = stored.date
    if given["date"] is not None:
        day = options.parse_day(given["date"], "--date")
    entry = replace(
        stored,
        date=day,
        peg=peg,
        sleep=_optional(given["sleep"], "--sleep", 0, 10, stored.sleep),
        stress=_optional(given["stress"], "--stress", 1, 5, stored.stress),
        rmdq=_optional(given["rmdq"], "--rmdq", 0, 24, stored.rmdq),
    )
    try:
        with journal_transaction() as db:
            entries.edit_checkin(db=db, person_id=found.id, entry=entry)
    except ValidationError as error:
        fail(f"--{error.path}: {error.message}" if error.path == "date" else str(error))
    typer.echo(f"Check-in of {day_words(entry.date)} changed: {checkin_words(entry)}.")


def _ask_checkin(stored: CheckinRecord, given: dict[str, str | None]) -> dict[str, str | None]:
    """Each answer not given as an option, asked with the stored one as its default."""

    def text(value: int | None) -> str:
        return "" if value is None else str(value)

    defaults = {
        "peg": ",".join(str(n) for n in stored.peg),
        "sleep": text(stored.sleep),
        "stress": text(stored.stress),
        "rmdq": text(stored.rmdq),
        "date": stored.date.isoformat(),
    }
    questions = {
        "peg": "Pain, enjoyment of life, general activity (0-10 each, like 6,5,5)",
        "sleep": "Sleep quality this week, 0-10 (- for none)",
        "stress": "Stress this week, 1-5 (- for none)",
        "rmdq": "Roland-Morris score, 0-24 (- for none)",
        "date": "Date of this check-in",
    }
    answers: dict[str, str | None] = {}
    for key, value in given.items():
        while value is None:
            value = _ask(questions[key], defaults[key], f"--{key}")
            problem = _checkin_answer_problem(key, value)
            if problem:
                typer.echo(f"Please type {problem}.")
                value = None
        answers[key] = value
    return answers


def _checkin_answer_problem(key: str, answer: str) -> str:
    """What a typed answer should have been, or "" when it will do."""
    from backrub.contract.records import check_entry_date
    from backrub.contract.validation import ValidationError
    from backrub.progress.checkin import parse_peg

    if key == "peg":
        return "" if parse_peg(answer) is not None else "three numbers from 0 to 10, like 6,5,5"
    if key == "date":
        try:
            check_entry_date("date", datetime.date.fromisoformat(answer))
        except ValueError as error:  # ValidationError is one
            if isinstance(error, ValidationError):
                return f"a date from 1900-01-01 to tomorrow, like {datetime.date.today()}"
            return f"a date like {datetime.date.today()}"
        return ""
    low, high = {"sleep": (0, 10), "stress": (1, 5), "rmdq": (0, 24)}[key]
    if answer == CLEAR or (answer.isdigit() and low <= int(answer) <= high):
        return ""
    return f"a whole number from {low} to {high}, or - for none"


# Sessions


def session_edit_or_delete(
    person: str | None,
    edit: str | None,
    delete: str | None,
    yes: bool,
    pain: tuple[list[str] | None, list[str] | None],
    soreness: str | None,
    note: str | None,
) -> None:
    """`log`'s --edit, --delete and the options that go with them."""
    if edit is not None and delete is not None:
        fail("--edit: give --edit or --delete, not both")
    if delete is not None:
        if pain != (None, None) or soreness is not None or note is not None:
            fail("--delete: nothing else goes with it (the session goes whole)")
        delete_session(person, delete, yes)
    elif edit is not None:
        if yes:
            fail("--yes: only with --delete ID")
        edit_session(person, edit, pain, soreness, note)
    else:
        fail("--yes: only with --delete ID" if yes else "--soreness: only with --edit ID")


def delete_session(person: str | None, wanted: str, yes: bool) -> None:
    from backrub.journal import entries

    found = _journal(person)
    session = pick(found.sessions, wanted, "session", "--delete")
    what = f"the session of {day_words(session.date)}, {session.started:%H:%M}"
    if not confirm(f"Delete {what}?", yes, "--delete"):
        typer.echo("Kept.")
        return
    with journal_transaction() as db:
        entries.delete_session(db=db, person_id=found.id, session_id=session.id)
    typer.echo(f"Deleted {what}.")


def edit_session(
    person: str | None,
    wanted: str,
    pain: tuple[list[str] | None, list[str] | None],
    soreness: str | None,
    note: str | None,
) -> None:
    """`pain`: the --pain-before and --pain-after options; each given replaces that phase."""
    from dataclasses import replace

    from backrub.contract.validation import ValidationError
    from backrub.journal import entries
    from backrub.journal.entries import SessionNotes

    found = _journal(person)
    stored = pick(found.sessions, wanted, "session", "--edit")
    notes = SessionNotes.of(stored)
    before, after = parse_ratings(pain[0], "--pain-before"), parse_ratings(pain[1], "--pain-after")
    if options.interactive():
        if before is None:
            before = _ask_pain(stored, stored.pain_before, "before", "--pain-before")
        if after is None:
            after = _ask_pain(stored, stored.pain_after, "after", "--pain-after")
        if soreness is None:
            sore = "" if notes.soreness_next_day is None else str(notes.soreness_next_day)
            soreness = _ask("Sore the day after, 0-10 (- for not noted)", sore, "--soreness")
            while soreness != CLEAR and not (soreness.isdigit() and int(soreness) <= 10):
                typer.echo("Please type a whole number from 0 to 10, or - for not noted.")
                soreness = _ask("Sore the day after, 0-10 (- for not noted)", sore, "--soreness")
        if note is None:
            note = _ask("Note (- for none)", notes.note, "--note")
    notes = replace(
        notes,
        pain_before=notes.pain_before if before is None else before,
        pain_after=notes.pain_after if after is None else after,
        soreness_next_day=_optional(soreness, "--soreness", 0, 10, notes.soreness_next_day),
        note=notes.note if note is None else "" if note == CLEAR else note.strip(),
    )
    try:
        with journal_transaction() as db:
            entries.edit_session(db=db, person_id=found.id, session_id=stored.id, notes=notes)
    except ValidationError as error:
        fail(f"--{error.path.split('.')[0].replace('_', '-')}: {error.message}")
    sore = "-" if notes.soreness_next_day is None else f"{notes.soreness_next_day}/10"
    typer.echo(
        f"Session of {when(stored.started)} changed. Pain before: "
        f"{pain_words(notes.pain_before)}; after: {pain_words(notes.pain_after)}; sore: {sore}."
    )


def _ask_pain(
    session: SessionRecord, stored: dict[RegionId, int], phase: str, field: str
) -> dict[RegionId, int]:
    """Each region rated or worked, asked with its stored rating (- for not rated)."""
    from backrub.contract.ids import REGIONS

    regions = list(session.pain_before) + list(session.pain_after)
    for step in session.plan.get("steps") or []:
        if isinstance(step, dict):
            regions += [r for r in step.get("regions") or [] if r in REGIONS]
    ratings: dict[RegionId, int] = {}
    for region in dict.fromkeys(regions):
        default = str(stored[region]) if region in stored else ""
        question = f"Pain in {region.replace('_', ' ')} {phase}, 0-10 (- for not rated)"
        while True:
            answer = _ask(question, default, field)
            if answer == CLEAR:
                break
            if answer.isdigit() and int(answer) <= 10:
                ratings[region] = int(answer)
                break
            typer.echo("Please type a whole number from 0 to 10, or - for not rated.")
    return ratings
