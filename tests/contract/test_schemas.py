"""The published JSON Schemas match the models, and real documents satisfy them."""

import json
from pathlib import Path

import jsonschema
import pytest
from schema_export import SCHEMAS, render

from backrub.contract.intake import load_intake
from backrub.planning.planner import make_plan

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_matches_the_models(name: str) -> None:
    committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert committed == render(name), (
        f"schemas/{name} is stale: run `python -m backrub.schema_export`"
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_and_their_plans_satisfy_the_schemas(path: Path) -> None:
    intake_schema = json.loads((ROOT / "schemas" / "intake.schema.json").read_text())
    plan_schema = json.loads((ROOT / "schemas" / "plan.schema.json").read_text())
    text = path.read_text(encoding="utf-8")
    jsonschema.validate(json.loads(text), intake_schema)
    jsonschema.validate(make_plan(load_intake(text)).to_dict(), plan_schema)


def test_intake_schema_refuses_an_unknown_field() -> None:
    intake_schema = json.loads((ROOT / "schemas" / "intake.schema.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"giver": "self", "minutes": 10, "red_flag": []}, intake_schema)
