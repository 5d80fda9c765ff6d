"""The `backrub` command line: a thin adapter over the pure core.

Heavy imports (Rich rendering, the interview) happen inside the commands that
need them, so `backrub plan --intake FILE --json` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from backrub import __version__
from backrub.cli.support import emit_json, fail

_SETTINGS: dict[str, Any] = {
    "name": "backrub",
    "help": "A personal, safe, guided back-massage routine that shows whether it helps.",
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
}
_app = typer.Typer(**_SETTINGS)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"backrub {__version__}\n")
        raise typer.Exit()


@_app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """backrub: turn back-massage know-how into a safe routine for today."""


@_app.command()
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
    save: Annotated[
        bool,
        typer.Option(
            "--save", help="Keep the answers in the journal; backrub start then uses them."
        ),
    ] = False,
    person: Annotated[
        str | None,
        typer.Option(
            "--person", metavar="NAME", help="Whose answers --save keeps (default: current)."
        ),
    ] = None,
) -> None:
    """Plan today's routine from your answers (asked here) or from an intake file.

    At a terminal it offers to keep the answers for next time; --save keeps them
    without asking, as the current person's (or --person's).

    Example: backrub plan --intake examples/partner_lower_back.json --save
    """
    from backrub.cli.plan import run_plan

    run_plan(intake_file, as_json, save_intake, save=save, person=person)


@_app.command()
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
    from backrub.cli.render import console, render_techniques

    render_techniques(kb, console())


@_app.command()
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
    from backrub.cli.render import console, render_technique

    render_technique(kb, technique_id, console())


def _technique_json(kb: Any, technique_id: str) -> dict[str, Any]:
    import msgspec

    data: dict[str, Any] = msgspec.to_builtins(kb.techniques[technique_id])
    return data


# Command groups live in their own modules and are imported only when used: the
# plan path must not pay for the journal, the player or the report.
GROUPS = {
    "sources": "sources",
    "guide": "guide",
    "start": "session",
    "log": "journal",
    "soreness": "journal",
    "checkin": "checkin",
    "history": "journal",
    "profile": "profile",
    "report": "report",
    "demo": "report",
    "schedule": "schedule",
    "export": "exchange",
    "import": "exchange",
    "serve": "serve",
    "admin": "admin",
    "moderate": "moderate",
    "db": "db",
    "backup": "backup",
    "restore": "backup",
}
_registered: set[str] = set()


def _register(module_name: str) -> None:
    if module_name not in _registered:
        import importlib

        importlib.import_module(f"backrub.cli.{module_name}").register(_app)
        _registered.add(module_name)


def full_app() -> typer.Typer:
    """The app with every command group, for help, tests and other callers."""
    for module_name in dict.fromkeys(GROUPS.values()):
        _register(module_name)
    return _app


def __getattr__(name: str) -> Any:
    if name == "app":  # `from backrub.cli.app import app` gets every command
        return full_app()
    raise AttributeError(name)


def _only(command: str) -> typer.Typer:
    """An app holding just `command`: Typer builds every command it holds on each
    run, which costs more than the plan itself."""
    single = typer.Typer(**_SETTINGS)
    single.registered_callback = _app.registered_callback
    single.registered_commands = [c for c in _app.registered_commands if _name(c) == command]
    single.registered_groups = [g for g in _app.registered_groups if g.name == command]
    return single


def _name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))


def main() -> None:
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    if command in GROUPS:
        _register(GROUPS[command])
    known = {_name(c) for c in _app.registered_commands} | {g.name for g in _app.registered_groups}
    try:
        if command is not None and command in known:
            _only(command)()
        else:  # help, --version or a typo: the whole app answers
            full_app()()
    except ValueError as error:
        # A record that refused what it was given as it was made (a note with a control
        # character, say) says so in one line, like any bad input; anything else is a bug.
        validation = sys.modules.get("backrub.contract.validation")
        if validation is None or not isinstance(error, validation.ValidationError):
            raise
        sys.stderr.write(f"backrub: {error}\n")  # as `fail` says it, outside Typer's run
        raise SystemExit(2) from None
