"""The CLI in-process, through Typer's runner: `ok(...)` answers stdout, `refused(...)`
checks the one-line error of bad input and answers it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from backrub.cli.app import app
from support.intakes import make_intake

runner = CliRunner()


def run(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


def ok(*args: str, input: str | None = None) -> str:
    result = run(*args, input=input)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def refused(*args: str, input: str | None = None) -> str:
    """Bad input: exit status 2, nothing on stdout, one line on stderr."""
    result = run(*args, input=input)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("backrub: ")
    return str(result.stderr)


def add_sam(folder: Path) -> str:
    """Sam, made the current person with an ordinary saved intake; his name."""
    intake = folder / "intake.json"
    intake.write_text(json.dumps(make_intake()), encoding="utf-8")
    ok("profile", "create", "Sam", "--intake", str(intake))
    return "Sam"
