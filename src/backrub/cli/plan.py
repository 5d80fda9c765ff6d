"""`backrub plan`'s work, shared by the Typer command and the fast path in `entry.py`.

The answers can be kept in the journal (`--save`, or "yes" at a terminal), and
`backrub start` then uses them instead of asking again. The journal (and so
SQLAlchemy) is imported only when they are kept: `plan --json` stays fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from backrub.cli.support import emit_json, fail, read_input

if TYPE_CHECKING:
    from backrub.contract.intake import Intake

SAVE_QUESTION = "Save these answers for next time? [Y/n] "
HOW_TO_SAVE = (
    "These answers were not saved; add --save to keep them, and backrub start will use them.\n"
)


def run_plan(
    intake_file: str | None,
    as_json: bool,
    save_intake: Path | None,
    *,
    save: bool = False,
    person: str | None = None,
) -> None:
    from backrub.contract.intake import load_intake, parse_intake
    from backrub.contract.validation import ValidationError
    from backrub.planning.planner import make_plan

    try:
        if intake_file is not None:
            intake = load_intake(read_input(intake_file, "--intake"))
        else:
            from rich.console import Console

            from backrub.cli.interview import ask_intake

            # With --json, stdout carries only the plan: the questions go to stderr.
            asker = Console(stderr=True, highlight=False) if as_json else None
            try:
                intake = parse_intake(ask_intake(out=asker))
            except (EOFError, KeyboardInterrupt):
                fail("--intake: the questions were not answered; pass --intake FILE (or -)")
    except ValidationError as error:
        fail(str(error))
    if save_intake is not None:
        try:
            save_intake.write_text(json.dumps(intake.to_dict(), indent=2) + "\n", "utf-8")
        except OSError as error:
            fail(f"--save-intake: cannot write {save_intake}: {error.strerror}")
    result = make_plan(intake)
    if as_json:
        emit_json(result.to_dict())
    else:
        from backrub.cli.render import console, render_plan

        render_plan(result, console())
    if save:
        keep_answers(intake, person)
    elif intake_file is None and save_intake is None:  # answered here, kept nowhere yet
        _offer_to_keep(intake, person)


def _offer_to_keep(intake: Intake, person: str | None) -> None:
    """At a terminal, ask (yes unless they say no); else one line on stderr on how to."""
    if not sys.stdin.isatty():
        sys.stderr.write(HOW_TO_SAVE)
        return
    sys.stderr.write(SAVE_QUESTION)
    sys.stderr.flush()
    try:
        answer = sys.stdin.readline()  # "" at the end of input: no answer, so not saved
    except KeyboardInterrupt:
        answer = ""
    if answer and answer.strip().lower() in ("", "y", "yes"):
        keep_answers(intake, person)
    else:
        sys.stderr.write("Not saved.\n")


def keep_answers(intake: Intake, person: str | None) -> None:
    """Store the intake as the person's (`--person`, else the current CLI person) and say
    so on stderr, which leaves stdout to the plan."""
    from backrub.cli.support import journal_transaction, resolve
    from backrub.journal.people import save_intake

    with journal_transaction() as db:
        found = resolve(db, person)
        save_intake(db=db, person_id=found.id, intake=intake)
    sys.stderr.write(
        f"Saved these answers for {found.name}; backrub start will use them "
        "(change them with backrub plan --save).\n"
    )
