"""Helpers every command group shares: one-line errors, JSON output, reading input.

Kept apart from `cli.py` so that a group can import them without importing (and
registering) every other group.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn


def fail(message: str) -> NoReturn:
    """Bad input: one line on stderr, exit status 2, nothing else written."""
    sys.stderr.write(f"backrub: {message}\n")
    typer = sys.modules.get("typer")
    if typer is not None:  # inside a Typer command: exit its way (an Exception)
        raise typer.Exit(2)
    raise SystemExit(2)  # the fast path in `entry.py`: Typer is not even loaded


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
