"""Write a benchmark's table into docs/benchmarks.md, between its own markers, so that
each run replaces its last table and leaves the rest of the page as written."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def write_section(name: str, heading: str, lines: list[str], doc: Path = DOC) -> None:
    """Replace the text between `<!-- {name}:begin -->` and `<!-- {name}:end -->` with
    `heading` and `lines` (or add the section at the end of the page)."""
    text = doc.read_text()
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    section = "\n".join([begin, f"### {heading}", "", *lines, end])
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    doc.write_text(text)
