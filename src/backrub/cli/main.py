"""The `backrub` program's entry point: a fast path for the machine interface.

`backrub plan --intake FILE --json` is what scripts and other programs call, often
many times; Typer's import alone costs several times Python's own start-up, so
that exact form is parsed here and answered without it. Everything else (and any
other option) goes to the Typer app in `cli.py`, which gives the same answer.
"""

from __future__ import annotations

import sys


def _fast_plan_args(args: list[str]) -> str | None:
    """The intake path when `args` is exactly `plan --intake FILE --json` (any order)."""
    if len(args) < 2 or args[0] != "plan":
        return None
    intake: str | None = None
    as_json = False
    rest = args[1:]
    while rest:
        arg = rest.pop(0)
        if arg == "--json" and not as_json:
            as_json = True
        elif arg == "--intake" and intake is None and rest:
            intake = rest.pop(0)
        elif arg.startswith("--intake=") and intake is None:
            intake = arg.removeprefix("--intake=")
        else:
            return None
    return intake if as_json and intake is not None else None


def main() -> None:
    intake = _fast_plan_args(sys.argv[1:])
    if intake is not None:
        from backrub.cli.plan import run_plan

        run_plan(intake, as_json=True, save_intake=None)
        return
    from backrub.cli.app import main as typer_main

    typer_main()
