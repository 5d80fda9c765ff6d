"""The published JSON Schemas, as OpenAPI components.

`schemas/*.schema.json` at the top of the repository are the published ones;
copies ship in this package (a test checks they are equal) because an installed
backrub has no repository. Their `$defs` become OpenAPI components, so that
`$ref`s resolve in the OpenAPI document as they do in the schema files.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
COMPONENTS = "#/components/schemas/"


@dataclass(frozen=True)
class ApiSchemas:
    components: dict[str, Any]  # name -> schema, for components.schemas
    intake_ref: dict[str, str]
    plan_ref: dict[str, str]
    error_ref: dict[str, str]


ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "description": "Bad input: each entry names the field (its path) and what it accepts.",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string", "examples": ["pain[0].intensity"]},
                    "message": {
                        "type": "string",
                        "examples": ["expected an integer from 0 to 10, got 11"],
                    },
                },
            },
        }
    },
}


def _rewrite(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: value.replace("#/$defs/", COMPONENTS)
            if key == "$ref" and isinstance(value, str)
            else _rewrite(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite(value) for value in node]
    return node


def _components(name: str, document: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(document)
    found = {key: _rewrite(value) for key, value in document.pop("$defs", {}).items()}
    for key in ("$id", "$schema"):  # an $id would move the base that $refs resolve against
        document.pop(key, None)
    found[name] = _rewrite(document)
    return found


def load_schemas(folder: Path = SCHEMA_DIR) -> ApiSchemas:
    """Read the packaged schemas (at app creation, not at import)."""
    intake = json.loads((folder / "intake.schema.json").read_text(encoding="utf-8"))
    plan = json.loads((folder / "plan.schema.json").read_text(encoding="utf-8"))
    components = {**_components("Intake", intake), **_components("Plan", plan)}
    components["Error"] = ERROR_SCHEMA
    return ApiSchemas(
        components=components,
        intake_ref={"$ref": COMPONENTS + "Intake"},
        plan_ref={"$ref": COMPONENTS + "Plan"},
        error_ref={"$ref": COMPONENTS + "Error"},
    )
