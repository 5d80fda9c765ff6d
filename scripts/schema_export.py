"""Write the published JSON Schemas (`schemas/*.schema.json`) from the contract's structs.

msgspec writes them from the annotations it validates with, so a schema cannot
promise what the code refuses: a struct that refuses unknown fields gets
`additionalProperties: false`. Run `python scripts/schema_export.py` after changing
a struct; with `--check` it writes nothing and exits 1 when a committed file differs
from what the structs say (the test suite runs that).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from backrub.contract.intake import Intake
from backrub.contract.plan import Plan

ROOT = Path(__file__).resolve().parents[1]
# file: (model, schema id, description)
SCHEMAS: dict[str, tuple[type, str, str]] = {
    "intake.schema.json": (Intake, "backrub.intake/1", "What a person tells backrub."),
    "plan.schema.json": (Plan, "backrub.plan/1", "A routine, or why there is none."),
}


def json_schema(model: type, schema_id: str, description: str) -> dict[str, Any]:
    """A standalone JSON Schema (draft 2020-12): `model` at the top, what it holds in `$defs`."""
    found = msgspec.json.schema(model)
    defs: dict[str, Any] = found["$defs"]
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://backrub.invalid/schemas/{schema_id}",
        **defs.pop(model.__name__),
        "description": description,
    }
    if defs:
        document["$defs"] = defs
    return document


def render(name: str) -> str:
    return json.dumps(json_schema(*SCHEMAS[name]), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 on drift")
    parser.add_argument("--folder", type=Path, default=ROOT / "schemas")
    args = parser.parse_args()
    stale = []
    for name in SCHEMAS:
        path = args.folder / name
        text = render(name)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            args.folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print(f"stale: {', '.join(stale)}; run python scripts/schema_export.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
