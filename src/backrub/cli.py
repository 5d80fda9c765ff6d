"""The `backrub` command line: a thin adapter over the pure core.

Heavy imports (Rich rendering, the interview) happen inside the commands that
need them, so `backrub plan --intake FILE --json` starts fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from backrub import __version__

app = typer.Typer(
    name="backrub",
    help="A personal, safe, guided back-massage routine that shows whether it helps.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def fail(message: str) -> NoReturn:
    """Bad input: one line on stderr, exit status 2, nothing else written."""
    sys.stderr.write(f"backrub: {message}\n")
    raise typer.Exit(2)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def read_input(path: str, option: str) -> str:
    """Text of FILE, or stdin for '-'; a missing or unreadable file is bad input."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"{option}: no such file: {path}")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{option}: cannot read {path}: {getattr(error, 'strerror', None) or error}")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"backrub {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """backrub: turn back-massage know-how into a safe routine for today."""


@app.command()
def plan(
    intake_file: Annotated[
        str | None,
        typer.Option("--intake", metavar="FILE", help="An intake JSON file, or - for stdin."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    save_intake: Annotated[
        Path | None,
        typer.Option("--save-intake", metavar="FILE", help="Also write the answers as JSON."),
    ] = None,
) -> None:
    """Plan today's routine from your answers (asked here) or from an intake file.

    Example: backrub plan --intake examples/partner_lower_back.json
    """
    from backrub.intake import load_intake, parse_intake
    from backrub.planner import make_plan
    from backrub.validation import ValidationError

    try:
        if intake_file is not None:
            intake = load_intake(read_input(intake_file, "--intake"))
        else:
            from rich.console import Console

            from backrub.interview import ask_intake

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
    from backrub.render import console, render_plan

    render_plan(result, console())


@app.command()
def techniques(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List the techniques backrub plans with.

    Example: backrub techniques --json
    """
    from backrub.knowledge import load

    kb = load()
    if as_json:
        emit_json([_technique_json(kb, technique_id) for technique_id in kb.techniques])
        return
    from backrub.render import console, render_techniques

    render_techniques(kb, console())


@app.command()
def technique(
    technique_id: Annotated[str, typer.Argument(metavar="ID", help="A technique id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show one technique's guide: how, where, pressure, mistakes and sources.

    Example: backrub technique petrissage
    """
    from backrub.knowledge import load

    kb = load()
    if technique_id not in kb.techniques:
        fail(f"ID: unknown technique {technique_id!r}; one of {', '.join(kb.techniques)}")
    if as_json:
        emit_json(_technique_json(kb, technique_id))
        return
    from backrub.render import console, render_technique

    render_technique(kb, technique_id, console())


@app.command()
def sources(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List the references backrub's advice rests on.

    Example: backrub sources
    """
    from dataclasses import asdict

    from backrub.knowledge import load

    kb = load()
    if as_json:
        emit_json([asdict(source) for source in kb.sources.values()])
        return
    from backrub.render import console, render_sources

    render_sources(kb, console())


def _technique_json(kb: Any, technique_id: str) -> dict[str, Any]:
    from dataclasses import asdict

    data = asdict(kb.techniques[technique_id])
    return {key: list(value) if isinstance(value, tuple) else value for key, value in data.items()}


def _register_groups() -> None:
    """Each group lives in its own module and imports its heavy parts lazily."""
    from backrub import cli_exchange, cli_journal, cli_report, cli_schedule, cli_session

    for group in (cli_session, cli_journal, cli_report, cli_schedule, cli_exchange):
        group.register(app)


_register_groups()


def main() -> None:
    app()
