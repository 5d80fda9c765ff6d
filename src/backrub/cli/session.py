"""`backrub start`: run today's routine with a timer and cues, then keep it in the journal.

The clock is `backrub.session.clock` (pure); `backrub.cli.player` feeds it the time and
shows and says what it says; this module asks the questions around it. Rich, the
planner and the journal are imported inside the command, so the CLI starts fast.

`BACKRUB_TIME_SCALE` (a positive number, default 1) stretches or shrinks real
time: 0.01 runs a 15-minute session in 9 seconds. It exists for tests and demos.
"""

from __future__ import annotations

import datetime
import math
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from backrub.cli.support import fail, journal_transaction, plural, read_input

if TYPE_CHECKING:
    from rich.console import Console

    from backrub.contract.intake import Intake
    from backrub.contract.plan import Plan
    from backrub.contract.records import SessionFacts
    from backrub.knowledge import KnowledgeBase
    from backrub.session.clock import Player

TIME_SCALE_ENV = "BACKRUB_TIME_SCALE"
PAIN_QUESTION = "Pain now in the {region}, 0 to 10 (Enter to skip): "
NOTE_QUESTION = "Anything to note? (Enter for nothing): "


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command()(start)


def start(
    intake_file: Annotated[
        str | None,
        typer.Option(
            "--intake",
            metavar="FILE",
            help="An intake JSON file, or - for stdin; else the person's saved intake, "
            "else the questions.",
        ),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option("--person", metavar="NAME", help="Whose journal keeps the session."),
    ] = None,
    voice: Annotated[
        bool | None,
        typer.Option(
            "--voice/--no-voice", help="Speak the cues (espeak-ng); default: on when installed."
        ),
    ] = None,
) -> None:
    """Run today's routine: a timer, spoken cues, and an entry in the journal.

    Keys: space pause/resume, n next step, b back, q quit. Without a terminal it
    prints one line per event and runs to the end (Ctrl-C stops it).
    BACKRUB_TIME_SCALE=0.01 runs the clock 100 times faster (for tests and demos).

    Example: backrub start --intake examples/partner_lower_back.json --no-voice
    """
    from backrub.cli.player import Voice, run
    from backrub.cli.render import console, render_plan
    from backrub.knowledge import load
    from backrub.planning.adapt import adapt_plan

    scale = _time_scale()
    out = console()
    intake, person_id = _intake_and_person(intake_file, person, out)
    plan = adapt_plan(intake, _history(person_id))  # the last sessions shape today's
    if plan.stopped:
        render_plan(plan, out)
        return
    kb = load()
    _intro(plan, out)
    for reason in plan.reasons:
        if reason.code.startswith("adapt_"):
            out.print(f"Changed since last time: {reason.message}", markup=False)
    pain_before = _ask_pain(intake, kb, out)
    started = _now_local()
    player = run(plan, kb, out, Voice(voice, intake.giver), scale)
    ended = _now_local()
    out.print("How was it?")
    pain_after = _ask_pain(intake, kb, out, after=True)
    note = _ask_note(out)
    _save(person_id, intake, plan, player, Times(started, ended), (pain_before, pain_after), note)
    _summary(player, pain_before, pain_after, kb, out)


@dataclass(frozen=True)
class Times:
    started: datetime.datetime
    ended: datetime.datetime


def _time_scale() -> float:
    raw = os.environ.get(TIME_SCALE_ENV, "1")
    try:
        scale = float(raw)
    except ValueError:
        scale = math.nan
    if not (math.isfinite(scale) and scale > 0):
        fail(f"{TIME_SCALE_ENV}: expected a positive number, got {raw!r}")
    return scale


def _history(person_id: str) -> tuple[SessionFacts, ...]:
    from backrub.journal.people import progress_history

    with journal_transaction() as db:
        return progress_history(db=db, person_id=person_id).sessions


def _now_local() -> datetime.datetime:
    return datetime.datetime.now().astimezone()


def _intake_and_person(
    intake_file: str | None, name: str | None, out: Console
) -> tuple[Intake, str]:
    """The intake to plan from and the person whose journal keeps the session.

    Without --intake it is the person's saved intake (and it says so, with the
    date), else the questions (whose answers are then saved as the person's)."""
    from backrub.contract.intake import load_intake, parse_intake
    from backrub.contract.validation import ValidationError
    from backrub.journal.people import intake_saved, resolve_person, save_intake

    with journal_transaction() as db:
        try:
            found = resolve_person(db=db, name=name)
        except LookupError as error:
            fail(f"--person: {error.args[0] if error.args else name}")
        saved = intake_saved(db=db, person_id=found.id)
    try:
        if intake_file is not None:
            return load_intake(read_input(intake_file, "--intake")), found.id
        if found.intake is not None:
            out.print(using_saved_answers(saved), markup=False, soft_wrap=True)
            return found.intake, found.id
        from backrub.cli.interview import ask_intake

        try:
            intake = parse_intake(ask_intake())
        except (EOFError, KeyboardInterrupt):
            fail("--intake: the questions were not answered; pass --intake FILE (or -)")
    except ValidationError as error:
        fail(str(error))
    with journal_transaction() as db:
        save_intake(db=db, person_id=found.id, intake=intake)
    out.print(f"Saved these answers for next time ({CHANGE_THEM}).", markup=False, soft_wrap=True)
    return intake, found.id


CHANGE_THEM = "change them with `backrub plan --save`"


def using_saved_answers(saved: datetime.datetime | None) -> str:
    """ "Using your saved answers from 3 March (...)": the day in local time, the year too
    when it is not this one; without the day for answers saved before it was kept."""
    if saved is None:
        return f"Using your saved answers ({CHANGE_THEM})."
    day = saved.replace(tzinfo=datetime.UTC).astimezone().date()
    words = f"{day.day} {day:%B}"
    if day.year != datetime.date.today().year:
        words += f" {day.year}"
    return f"Using your saved answers from {words} ({CHANGE_THEM})."


def _intro(plan: Plan, out: Console) -> None:
    from backrub.contract.plan import clock

    first = ""
    if plan.before:
        heat = plan.before[0]
        first = f"First, {clock(heat.seconds)} of heat before the massage (n skips it). "
    out.print(
        f"Today's routine: {plural(len(plan.steps), 'step')}, "
        f"{clock(plan.total_seconds)} of massage. "
        f"{first}Keys: space pause/resume, n next step, b back, q quit.",
        markup=False,
        soft_wrap=not out.is_terminal,  # a log keeps whole lines
    )


def _ask(out: Console, question: str, after: bool = False) -> str:
    """One answer; running out of input counts as no answer, and so does Ctrl-C
    `after` the session (which is saved anyway); before it, Ctrl-C stops."""
    try:
        answer = out.input(question, markup=False).strip()
        if not sys.stdin.isatty():
            out.print(answer, markup=False, soft_wrap=True)  # so that a log reads as a dialogue
        return answer
    except EOFError:
        out.print("")
        return ""
    except KeyboardInterrupt:
        if not after:
            raise
        out.print("")
        return ""


def _ask_note(out: Console) -> str:
    """The note, asked again while it holds a control or direction-changing character
    (pasted text can), since the journal refuses those."""
    from backrub.contract.validation import ValidationError, check_text

    while True:
        note = _ask(out, NOTE_QUESTION, after=True)[:2000]
        try:
            check_text("note", note, lines=True)
        except ValidationError as error:
            out.print(f"{error}; please type it again.", markup=False)
            continue
        return note


def _ask_pain(
    intake: Intake, kb: KnowledgeBase, out: Console, after: bool = False
) -> dict[str, int]:
    """Pain 0-10 now in each painful region of the intake; Enter skips a region."""
    pain: dict[str, int] = {}
    for region in dict.fromkeys(entry.region for entry in intake.pain):
        while True:
            answer = _ask(out, PAIN_QUESTION.format(region=kb.regions[region].name), after)
            if not answer:
                break
            if answer.isdigit() and 0 <= int(answer) <= 10:
                pain[region] = int(answer)
                break
            out.print("Please type a whole number from 0 to 10, or press Enter to skip.")
    return pain


def _save(
    person_id: str,
    intake: Intake,
    plan: Plan,
    player: Player,
    times: Times,
    pain: tuple[dict[str, int], dict[str, int]],
    note: str,
) -> None:
    from backrub.contract.records import SessionRecord, new_id
    from backrub.journal.entries import add_session

    record = SessionRecord(
        id=new_id(),
        started=times.started,
        ended=times.ended,
        status="completed" if player.state == "finished" else "aborted",
        giver=intake.giver,
        plan=plan.to_dict(),
        steps_done=player.status().steps_done,
        pain_before=pain[0],  # type: ignore[arg-type]
        pain_after=pain[1],  # type: ignore[arg-type]
        note=note,
    )
    with journal_transaction() as db:
        add_session(db=db, person_id=person_id, entry=record)


def _summary(
    player: Player,
    before: dict[str, int],
    after: dict[str, int],
    kb: KnowledgeBase,
    out: Console,
) -> None:
    from backrub.contract.plan import clock

    status = player.status()
    word = "completed" if status.state == "finished" else "stopped early"
    done = ", ".join(str(n) for n in status.steps_done) or "none"
    out.print(
        f"Saved: session {word}; steps done: {done} of {player.massage_steps}; "
        f"{clock(round(status.active_seconds))} "
        f"{'in all, the heat included' if player.first else 'of massage'}.",
        markup=False,
        soft_wrap=not out.is_terminal,
    )
    for region, score in before.items():
        if region in after:
            out.print(f"  {kb.regions[region].name}: pain {score} → {after[region]}", markup=False)
