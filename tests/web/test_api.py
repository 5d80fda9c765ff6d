"""The JSON API: the contract over HTTP, with the CLI's messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from backrub.contract.intake import parse_intake
from backrub.contract.validation import ValidationError
from support.accounts import row_counts
from support.intakes import REPO_ROOT, make_intake, plan_for

EXAMPLES = sorted((REPO_ROOT / "examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_plans_as_the_core_does(client: Any, path: Path) -> None:
    intake = json.loads(path.read_text(encoding="utf-8"))
    response = client.post("/api/v1/plans", json=intake)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == plan_for(intake)


def _cli_message(intake: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        parse_intake(intake)
    return caught.value.path, caught.value.message


BAD_INTAKES = {
    "unknown id": make_intake(causes=["sedentary", "gravity"]),
    "wrong type": make_intake(minutes="fifteen"),
    "out of range": make_intake(pain=[{"region": "lower_back_left", "intensity": 11}]),
    "missing field": make_intake(giver=...),
    "unknown region": make_intake(local_issues=[{"kind": "bruise", "region": "neck"}]),
    "not an object": [],
}


@pytest.mark.parametrize("intake", BAD_INTAKES.values(), ids=BAD_INTAKES.keys())
def test_bad_input_is_422_naming_the_field_with_the_cli_message(client: Any, intake: Any) -> None:
    response = client.post("/api/v1/plans", json=intake)
    assert response.status_code == 422
    path, message = _cli_message(intake)
    assert response.json() == {"detail": [{"field": path or "body", "message": message}]}


def test_the_contract_example_message(client: Any) -> None:
    intake = make_intake(pain=[{"region": "lower_back_left", "intensity": 11}])
    response = client.post("/api/v1/plans", json=intake)
    assert response.json() == {
        "detail": [
            {"field": "pain[0].intensity", "message": "expected an integer from 0 to 10, got 11"}
        ]
    }


@pytest.mark.parametrize("body", [b"", b"{not json", b"\xff\xfe", b"null"])
def test_a_body_that_is_not_an_intake_is_422(client: Any, body: bytes) -> None:
    response = client.post(
        "/api/v1/plans", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "body"
    assert error["message"]


def test_a_huge_body_is_refused(client: Any) -> None:
    response = client.post("/api/v1/plans", content=b" " * 100_000)
    assert response.status_code == 413
    assert response.json()["detail"][0]["field"] == "body"


def test_openapi_describes_the_plans_route_with_the_published_schemas(client: Any) -> None:
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/plans"]["post"]
    request_schema = operation["requestBody"]["content"]["application/json"]["schema"]
    response_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    error_schema = operation["responses"]["422"]["content"]["application/json"]["schema"]
    assert request_schema == {"$ref": "#/components/schemas/Intake"}
    assert response_schema == {"$ref": "#/components/schemas/Plan"}
    assert error_schema == {"$ref": "#/components/schemas/Error"}
    components = document["components"]
    for name in ("Intake", "PainEntry", "LocalIssue", "Plan", "Step", "Reason", "Error"):
        assert name in components["schemas"]
    assert "/" not in document["paths"]  # pages are not part of the API

    def validator(name: str) -> Draft202012Validator:
        return Draft202012Validator({"$ref": f"#/components/schemas/{name}", **document})

    intake = make_intake()
    validator("Intake").validate(intake)
    validator("Plan").validate(client.post("/api/v1/plans", json=intake).json())
    validator("Error").validate(client.post("/api/v1/plans", content=b"{").json())
    assert not validator("Intake").is_valid(make_intake(giver="robot"))


def test_no_cdn_docs(client: Any) -> None:
    assert client.get("/api/v1/docs").status_code == 404
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


def test_knowledge_techniques(client: Any) -> None:
    response = client.get("/api/v1/knowledge/techniques")
    assert response.status_code == 200
    techniques = {t["id"]: t for t in response.json()}
    assert {"effleurage", "petrissage", "heat"} <= set(techniques)
    assert techniques["effleurage"]["pressure_min"] == "light"
    assert techniques["effleurage"]["sources"]


def test_knowledge_regions(client: Any) -> None:
    response = client.get("/api/v1/knowledge/regions")
    assert response.status_code == 200
    regions = [r["id"] for r in response.json()]
    assert regions == [
        "shoulder_left",
        "shoulder_right",
        "upper_back_left",
        "upper_back_right",
        "mid_back_left",
        "mid_back_right",
        "lower_back_left",
        "lower_back_right",
        "spine",
    ]


def test_the_api_stores_nothing(client: Any) -> None:
    assert client.post("/api/v1/plans", json=make_intake()).status_code == 200
    assert not any(row_counts(client).values())


def test_an_intake_spelt_out_differently_gets_the_same_plan(client: Any) -> None:
    """Whitespace changes nothing; a bad body is refused every time it is sent."""
    intake = make_intake(minutes=20)
    spellings = [
        json.dumps(intake).encode(),
        json.dumps(intake, indent=2).encode(),
        json.dumps(intake).encode() + b" " * 8192,
    ]
    for body in spellings + spellings:
        answer = client.post("/api/v1/plans", content=body)
        assert (answer.status_code, answer.json()) == (200, plan_for(intake))
    bad = json.dumps(make_intake(minutes=-1)).encode()
    for _ in range(2):
        assert client.post("/api/v1/plans", content=bad).status_code == 422
