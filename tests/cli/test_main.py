"""The fast path for `backrub plan --intake FILE --json`: same answer, fewer imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backrub.cli.app import app
from backrub.cli.main import _fast_plan_args

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "partner_lower_back.json")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["plan", "--intake", "a.json", "--json"], "a.json"),
        (["plan", "--json", "--intake", "-"], "-"),
        (["plan", "--intake=a.json", "--json"], "a.json"),
        (["plan", "--intake", "a.json"], None),  # readable output: Typer path
        (["plan", "--json"], None),  # asks the questions: Typer path
        (["plan", "--intake", "a.json", "--json", "--save-intake", "b"], None),
        (["plan", "--json", "--json", "--intake", "a"], None),
        (["plan", "--intake"], None),
        (["techniques", "--json"], None),
        ([], None),
    ],
)
def test_only_the_exact_machine_form_takes_the_fast_path(
    args: list[str], expected: str | None
) -> None:
    assert _fast_plan_args(args) == expected


def test_fast_path_answers_as_the_typer_command_does() -> None:
    fast = subprocess.run(
        [sys.executable, "-m", "backrub", "plan", "--intake", EXAMPLE, "--json"],
        capture_output=True,
        check=True,
    )
    typer_path = CliRunner().invoke(app, ["plan", "--intake", EXAMPLE, "--json"])
    assert typer_path.exit_code == 0
    assert fast.stdout.decode() == typer_path.stdout


PROBE = """
import sys
sys.argv = ["backrub", "plan", "--intake", {path!r}, "--json"]
from backrub.cli.main import main
main()
heavy = [m for m in ("typer", "rich", "sqlalchemy", "alembic", "pydantic",
                     "fastapi", "backrub.journal", "backrub.report") if m in sys.modules]
sys.stderr.write(",".join(heavy))
"""


def test_plan_json_imports_no_web_database_plotting_or_cli_framework() -> None:
    probe = subprocess.run(
        [sys.executable, "-c", PROBE.format(path=EXAMPLE)], capture_output=True, check=True
    )
    assert json.loads(probe.stdout)["schema"] == "backrub.plan/1"
    assert probe.stderr.decode() == ""


def test_fast_path_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"giver": "robot", "minutes": 15}')
    result = subprocess.run(
        [sys.executable, "-m", "backrub", "plan", "--intake", str(bad), "--json"],
        capture_output=True,
    )
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode().count("\n") == 1 and "giver" in result.stderr.decode()
