"""The backrub checkout a benchmark measures: this one, or another given with `--root`.

Measuring another checkout (an older commit in a `git worktree`, with its own
`.venv`) in the same harness gives before-and-after numbers taken the same way.
Everything that touches the measured code goes through its own interpreter and
its own `backrub` command, never through this process's imports.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OWN_ROOT = HERE.parent
ROOT_VARIABLE = "BACKRUB_BENCH_ROOT"


@dataclass(frozen=True)
class Tree:
    """A checkout and the interpreter and console script of the virtualenv it is installed in."""

    root: Path
    python: Path
    backrub: Path

    @property
    def is_own(self) -> bool:
        """Whether this is the checkout the harness itself comes from."""
        return self.root == OWN_ROOT

    @property
    def example_intake(self) -> Path:
        return self.root / "examples" / "partner_lower_back.json"


def find_tree(root: str | None = None) -> Tree:
    """`root`, else BACKRUB_BENCH_ROOT, else this checkout; SystemExit when it has no venv.

    This checkout runs with the interpreter running the harness; another one with
    its `.venv`, where `pip install -e ROOT` put its `backrub` command.
    """
    given = root or os.environ.get(ROOT_VARIABLE)
    path = Path(given).resolve() if given else OWN_ROOT
    if path == OWN_ROOT:
        bin_folder = Path(sys.executable).parent
    else:
        bin_folder = path / ".venv" / "bin"
    tree = Tree(path, bin_folder / "python", bin_folder / "backrub")
    for needed in (tree.python, tree.backrub, tree.example_intake):
        if not needed.exists():
            raise SystemExit(f"{ROOT_VARIABLE}: {needed} is missing; is {path} installed?")
    return tree
