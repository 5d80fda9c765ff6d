"""Write the published JSON Schemas (`schemas/*.schema.json`) from the models.

A development tool: pydantic (a test extra) reads the same dataclasses the app
validates with, so the schemas cannot say something the code does not. Run
`python -m backrub.schema_export` after changing a model; a test fails when the
committed files drift.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from backrub.contract.intake import Intake
from backrub.contract.plan import Plan

# file: (model, id, description, closed): a closed schema refuses unknown fields,
# as the intake's validation does (a misspelt "red_flag" must not pass silently).
SCHEMAS: dict[str, tuple[type, str, str, bool]] = {
    "intake.schema.json": (Intake, "backrub.intake/1", "What a person tells backrub.", True),
    "plan.schema.json": (Plan, "backrub.plan/1", "A routine, or why there is none.", False),
}


def _close(node: Any) -> None:
    if isinstance(node, dict):
        if "properties" in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close(value)
    elif isinstance(node, list):
        for value in node:
            _close(value)


def build(model: type, schema_id: str, description: str, closed: bool) -> dict[str, Any]:
    from pydantic import TypeAdapter

    body = TypeAdapter(model).json_schema(mode="serialization")
    if closed:
        _close(body)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://backrub.invalid/schemas/{schema_id}",
        "description": description,
        **body,
    }


def render(name: str) -> str:
    return json.dumps(build(*SCHEMAS[name]), indent=2, sort_keys=True) + "\n"


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in SCHEMAS:
        (folder / name).write_text(render(name), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("schemas"))
