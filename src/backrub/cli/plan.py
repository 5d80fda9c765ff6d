"""`backrub plan`'s work, shared by the Typer command and the fast path in `entry.py`."""

from __future__ import annotations

import json
from pathlib import Path

from backrub.cli.support import emit_json, fail, read_input


def run_plan(intake_file: str | None, as_json: bool, save_intake: Path | None) -> None:
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
        return
    from backrub.cli.render import console, render_plan

    render_plan(result, console())
