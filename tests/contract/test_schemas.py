"""The published JSON Schemas match the models, and real documents satisfy them."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from backrub.contract.intake import load_intake
from backrub.planning.planner import make_plan

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def _schema(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    return loaded


def test_committed_schemas_match_the_models() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/schema_export.py", "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_the_check_fails_on_a_stale_schema(tmp_path: Path) -> None:
    (tmp_path / "intake.schema.json").write_text("{}\n", encoding="utf-8")
    check = [sys.executable, "scripts/schema_export.py", "--check", "--folder", str(tmp_path)]
    result = subprocess.run(check, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 1
    assert "intake.schema.json" in result.stderr
    assert (tmp_path / "intake.schema.json").read_text(encoding="utf-8") == "{}\n"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_and_their_plans_satisfy_the_schemas(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    jsonschema.validate(json.loads(text), _schema("intake.schema.json"))
    jsonschema.validate(make_plan(load_intake(text)).to_dict(), _schema("plan.schema.json"))


def test_intake_schema_refuses_an_unknown_field() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"giver": "self", "minutes": 10, "red_flag": []}, _schema("intake.schema.json")
        )


def test_intake_schema_refuses_what_the_model_refuses() -> None:
    schema = _schema("intake.schema.json")
    for bad in (
        {"giver": "robot", "minutes": 10},
        {"giver": "self", "minutes": 61},
        {"giver": "self", "minutes": 10, "pain": [{"region": "spine", "intensity": 11}]},
        {"minutes": 10},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
