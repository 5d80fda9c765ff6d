"""`backrub log`, `soreness` and `history`: the journal's sessions by hand (changing and
deleting one: `edits`).

The weekly check-in is `checkin.py`, people are `profile.py`. Everything goes
through the journal's repositories (`backrub.journal.people`, `.entries`).
SQLAlchemy and the journal are imported inside the commands (through
`journal_transaction`), so `backrub plan --json` never loads them. Questions are
asked only on a terminal, and outside any transaction, so a person thinking does
not hold the database's lock.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

import typer

from backrub.cli import options  # `options.interactive()`: tests stand in a terminal there
from backrub.cli.options import (
    JsonOption,
    PersonOption,
    ask_line,
    ask_number,
    need,
    pain_words,
    parse_moment,
    parse_ratings,
    when,
)
from backrub.cli.support import (
    emit_json,
    fail,
    journal_transaction,
    parse_int,
    plural,
    read_input,
    resolve,
)

if TYPE_CHECKING:
    from backrub.contract.ids import RegionId
    from backrub.contract.intake import Intake
    from backrub.contract.records import PersonRecord, SessionRecord


ID_SHOWN = 8  # characters of an id in `history`: enough to tell records apart


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("log")(log_session)
    app.command("soreness")(soreness)
    app.command("history")(history)


# backrub log


def log_session(
    person: PersonOption = None,
    pain_before: Annotated[
        list[str] | None,
        typer.Option("--pain-before", metavar="REGION=N", help="Pain before, 0-10; repeatable."),
    ] = None,
    pain_after: Annotated[
        list[str] | None,
        typer.Option("--pain-after", metavar="REGION=N", help="Pain after, 0-10; repeatable."),
    ] = None,
    minutes: Annotated[
        str | None,
        typer.Option(metavar="<int>", help="Plan this long from the saved intake (5-60)."),
    ] = None,
    plan_file: Annotated[
        str | None, typer.Option("--plan", metavar="FILE", help="The plan followed (plan --json).")
    ] = None,
    status: Annotated[str, typer.Option(metavar="completed|aborted")] = "completed",
    steps: Annotated[
        str | None, typer.Option(metavar="<int>", help="Steps done (default: all if completed).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note to keep with the session.")] = None,
    at: Annotated[str | None, typer.Option(metavar="TIME", help="When it started.")] = None,
    date: Annotated[str | None, typer.Option(metavar="DATE", help="The day it took place.")] = None,
    edit: Annotated[
        str | None,
        typer.Option("--edit", metavar="ID", help="Change a session's ratings and note."),
    ] = None,
    delete: Annotated[
        str | None, typer.Option("--delete", metavar="ID", help="Delete a session, after asking.")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="With --delete: do not ask.")] = False,
    soreness: Annotated[
        str | None,
        typer.Option(metavar="<int>", help="With --edit: next-day soreness, 0-10 (- clears)."),
    ] = None,
) -> None:
    """Record a massage done without the player (default: just finished, as planned).

    The plan is the person's saved intake planned again (with --minutes), or --plan FILE.

    --edit ID changes a recorded session's ratings and note: each is asked again with
    the stored answer as its default, or taken from --pain-before, --pain-after,
    --soreness and --note (- clears one). --delete ID asks first (--yes does not).
    IDs: backrub history.

    Example: backrub log --pain-before lower_back_left=6 --pain-after lower_back_left=4
    """
    if edit is not None or delete is not None or yes or soreness is not None:
        logged = (minutes, plan_file, steps, at, date)
        if any(value is not None for value in logged) or status != "completed":
            fail(
                "--edit: only the ratings and note change (--pain-before, --pain-after, "
                "--soreness, --note)"
            )
        from backrub.cli.edits import session_edit_or_delete

        pain = (pain_before, pain_after)
        session_edit_or_delete(person, edit, delete, yes, pain, soreness, note)
        return
    from backrub.contract.records import SessionRecord, new_id
    from backrub.journal.entries import add_session
    from backrub.journal.people import save_intake

    if status not in ("completed", "aborted"):
        fail(f"--status: expected one of completed, aborted; got {status!r}")
    planned_minutes = parse_int(minutes, "--minutes", 5, 60)
    steps_given = parse_int(steps, "--steps")
    if at is not None and date is not None:
        fail("--at: give --at or --date, not both")
    before, after = (
        parse_ratings(pain_before, "--pain-before"),
        parse_ratings(pain_after, "--pain-after"),
    )
    started = parse_moment(at, "--at") if at else parse_moment(date, "--date") if date else None
    if started is not None:
        _refuse_far_date(started.date(), "--at" if at else "--date")
    with journal_transaction() as db:
        found = resolve(db, person)
    intake, plan = _log_plan(found, plan_file, planned_minutes)
    done = _steps_done(plan, status, steps_given)
    regions = [entry.region for entry in intake.pain] if intake else []
    if before is None:
        before = _ask_pain(regions, "before the massage", "--pain-before")
    if after is None:
        after = _ask_pain(list(before) or regions, "after it", "--pain-after")
    if note is None and options.interactive():
        note = ask_line("Anything to note? (Enter for nothing)", "--note")
    seconds = sum(int(s.get("seconds", 0)) for s in plan.get("steps", []) if s.get("n") in done)
    if started is None:  # it has just finished
        started = datetime.datetime.now().astimezone() - datetime.timedelta(seconds=seconds)
    entry = SessionRecord(
        id=new_id(),
        started=started,
        ended=started + datetime.timedelta(seconds=seconds),
        status=cast(Literal["completed", "aborted"], status),
        giver=intake.giver if intake else "self",
        plan=plan,
        steps_done=done,
        pain_before=before,
        pain_after=after,
        note=(note or "")[:2000],
    )
    with journal_transaction() as db:
        if intake is not None and found.intake is None:
            save_intake(db=db, person_id=found.id, intake=intake)
        add_session(db=db, person_id=found.id, entry=entry)
    _say_logged(found.name, entry, seconds)


def _refuse_far_date(day: datetime.date, field: str) -> None:
    from backrub.contract.records import check_entry_date
    from backrub.contract.validation import ValidationError

    try:
        check_entry_date(field, day)
    except ValidationError as error:
        fail(str(error))


def _say_logged(name: str, entry: SessionRecord, seconds: int) -> None:
    typer.echo(
        f"Logged {name}'s session of {when(entry.started)}: {entry.status}, "
        f"{plural(len(entry.steps_done), 'step')}, {seconds // 60} min."
    )
    typer.echo(
        f"Pain before: {pain_words(entry.pain_before)}; after: {pain_words(entry.pain_after)}."
    )
    typer.echo("Tomorrow, note any soreness with: backrub soreness N")


def _log_plan(
    found: PersonRecord, plan_file: str | None, minutes: int | None
) -> tuple[Intake | None, dict[str, Any]]:
    """The intake (saved, else asked) and the plan: from --plan FILE, else planned from it."""
    from msgspec.structs import replace

    from backrub.contract.intake import parse_intake
    from backrub.contract.validation import ValidationError, loads
    from backrub.planning.planner import make_plan

    intake = found.intake
    if plan_file is not None:
        try:  # `loads`: nesting and numbers within limits (a RecursionError before)
            plan = loads(Any, read_input(plan_file, "--plan"))
        except ValidationError as error:
            fail(f"--plan: {error}")
        if not isinstance(plan, dict) or plan.get("schema") != "backrub.plan/1":
            fail('--plan: expected a plan with "schema": "backrub.plan/1" (backrub plan --json)')
        return intake, plan
    if intake is None:
        if not options.interactive():
            fail(f"--plan: {found.name} has no saved intake to plan from; pass --plan FILE")
        from backrub.cli.interview import ask_intake

        try:
            intake = parse_intake(ask_intake())
        except (EOFError, KeyboardInterrupt):
            fail("--plan: the questions were not answered; pass --plan FILE")
        except ValidationError as error:
            fail(str(error))
    planned = replace(intake, minutes=minutes) if minutes is not None else intake
    return intake, make_plan(planned).to_dict()


def _steps_done(plan: dict[str, Any], status: str, steps: int | None) -> tuple[int, ...]:
    numbers = [int(step["n"]) for step in plan.get("steps", []) if isinstance(step.get("n"), int)]
    if steps is None and status == "aborted" and options.interactive():
        steps = ask_number(
            f"How many of the {plural(len(numbers), 'step')} were done?", 0, len(numbers), "--steps"
        )
    if steps is None:
        steps = len(numbers) if status == "completed" else 0
    if not 0 <= steps <= len(numbers):
        fail(f"--steps: expected an integer from 0 to {len(numbers)}, got {steps}")
    return tuple(numbers[:steps])


def _ask_pain(regions: list[RegionId], moment: str, field: str) -> dict[RegionId, int]:
    ratings: dict[RegionId, int] = {}
    if not options.interactive():
        return ratings
    for region in regions:
        question = f"Pain in {region.replace('_', ' ')} {moment}, 0-10"
        value = ask_number(question, 0, 10, field, optional=True)
        if value is not None:
            ratings[region] = value
    return ratings


# backrub soreness


def soreness(
    value: Annotated[
        str | None, typer.Argument(metavar="[VALUE]", help="0 none to 10 worst.")
    ] = None,
    session: Annotated[
        str | None, typer.Option(metavar="ID", help="A session id or its start (default: last).")
    ] = None,
    person: PersonOption = None,
) -> None:
    """Record how sore your back is the day after a massage, 0 to 10.

    Example: backrub soreness 2
    """
    from backrub.journal.entries import set_soreness
    from backrub.journal.people import person_journal

    score = parse_int(value, "VALUE", 0, 10)
    need(score, "VALUE", "give the soreness from 0 to 10, like: backrub soreness 2")
    with journal_transaction() as db:
        found = resolve(db, person)
        target = _find_session(person_journal(db=db, person_id=found.id).sessions, session)
    if score is None:
        score = ask_number(
            f"How sore is your back today after the massage of {when(target.started)}? (0-10)",
            0,
            10,
            "VALUE",
        )
    assert score is not None
    with journal_transaction() as db:
        set_soreness(db=db, session_id=target.id, value=score)
    typer.echo(f"Soreness {score}/10 kept with {found.name}'s session of {when(target.started)}.")


def _find_session(sessions: tuple[SessionRecord, ...], wanted: str | None) -> SessionRecord:
    if not sessions:
        fail("--session: there is no session in this journal yet; record one with: backrub log")
    if wanted is None:
        return sessions[-1]
    matches = [s for s in sessions if s.id.startswith(wanted)]
    if len(matches) != 1:
        found = "several sessions" if matches else "no session"
        fail(f"--session: {found} with an id starting {wanted!r}; see: backrub history")
    return matches[0]


# backrub history


def history(
    person: PersonOption = None,
    as_json: JsonOption = False,
    limit: Annotated[
        str | None, typer.Option(metavar="<int>", help="At most this many of each, newest first.")
    ] = None,
) -> None:
    """List a person's sessions and check-ins with their ids, newest first.

    The ids are what --edit and --delete take (log for sessions, checkin for
    check-ins); their first characters are enough. --json prints the whole journal
    in the exchange shape, oldest first (null when nobody).

    Example: backrub history --person Sam --limit 10
    """
    from backrub.journal.people import list_people, person_journal

    shown = parse_int(limit, "--limit", 1, 100_000)
    with journal_transaction() as db:
        if person is None and not list_people(db=db):
            if as_json:
                emit_json(None)
            else:
                typer.echo("Nothing recorded yet. Record a session with: backrub log")
            return
        found = resolve(db, person)
        full = person_journal(db=db, person_id=found.id)
    if as_json:
        emit_json(full.to_dict())
        return
    from rich.box import SIMPLE
    from rich.table import Table

    from backrub.cli.render import console

    out = console()
    if not full.sessions and not full.checkins:
        out.print(f"Nothing recorded for {full.name} yet. Record a session with: backrub log")
        return
    newest_sessions = list(reversed(full.sessions))[:shown]
    newest_checkins = list(reversed(full.checkins))[:shown]
    sessions = Table("id", "started", "status", "pain before→after", "sore", "note", box=SIMPLE)
    for column in sessions.columns[:4]:
        column.no_wrap = True
    for s in newest_sessions:
        sessions.add_row(
            s.id[:ID_SHOWN],
            when(s.started),
            s.status,
            _pain_change(s),
            _dash(s.soreness_next_day),
            s.note,
        )
    checkins = Table("id", "date", "PEG", "sleep", "stress", "RMDQ", box=SIMPLE)
    for c in newest_checkins:
        checkins.add_row(
            c.id[:ID_SHOWN],
            str(c.date),
            f"{c.peg_score:.1f}",
            _dash(c.sleep),
            _dash(c.stress),
            _dash(c.rmdq),
        )
    for title, table, rows, total in (
        ("session", sessions, newest_sessions, len(full.sessions)),
        ("check-in", checkins, newest_checkins, len(full.checkins)),
    ):
        if rows:
            of = f", the newest {len(rows)}" if len(rows) < total else ""
            out.print(f"{full.name}: {plural(total, title)}{of}", markup=False)
            out.print(table)


def _pain_change(session: SessionRecord) -> str:
    """`lower_back_left 6→4` per rated region; `?` where one side was not rated."""
    regions = list(session.pain_before) + [
        r for r in session.pain_after if r not in session.pain_before
    ]
    return (
        "\n".join(
            f"{r} {_dash(session.pain_before.get(r), '?')}→{_dash(session.pain_after.get(r), '?')}"
            for r in regions
        )
        or "-"
    )


def _dash(value: int | None, missing: str = "-") -> str:
    return missing if value is None else str(value)
