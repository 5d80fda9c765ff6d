"""docs/examples.md shows every example intake and its readable plan, kept in sync.

Regenerate with `python tests/contract/test_examples_doc.py` after changing the planner,
the knowledge base or an example; the test fails when the page is stale.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from rich.console import Console

from backrub.cli.render import render_plan
from backrub.contract.intake import load_intake
from backrub.planning.planner import make_plan

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "examples.md"
START, END = "<!-- generated:start -->", "<!-- generated:end -->"


def plain_plan(text: str) -> str:
    buffer = io.StringIO()
    out = Console(file=buffer, width=100, color_system=None, highlight=False, emoji=False)
    render_plan(make_plan(load_intake(text)), out)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())


def generated() -> str:
    parts = [START]
    for path in sorted((ROOT / "examples").glob("*.json")):
        text = path.read_text(encoding="utf-8")
        verdict = make_plan(load_intake(text)).verdict
        parts += [
            f"\n## {path.stem} ({verdict})\n",
            f"`backrub plan --intake examples/{path.name}`\n",
            "```json",
            json.dumps(json.loads(text), indent=2),
            "```\n",
            "```text",
            plain_plan(text),
            "```",
        ]
    parts.append(END)
    return "\n".join(parts)


def current() -> str:
    page = DOC.read_text(encoding="utf-8")
    return page[page.index(START) : page.index(END) + len(END)]


def test_examples_doc_is_in_sync() -> None:
    assert current() == generated(), (
        "docs/examples.md is stale: run python tests/contract/test_examples_doc.py"
    )


def test_every_example_is_documented() -> None:
    page = DOC.read_text(encoding="utf-8")
    for path in (ROOT / "examples").glob("*.json"):
        assert f"examples/{path.name}" in page


if __name__ == "__main__":
    page = DOC.read_text(encoding="utf-8")
    DOC.write_text(page.replace(current(), generated()), encoding="utf-8")
    sys.stdout.write(f"wrote {DOC}\n")
