"""FHIR export: every resource valid under the R4B models, codes and links in place."""

from __future__ import annotations

import datetime
import json
from typing import Any

import fhir.resources.R4B as r4b
from fhir.resources.R4B.bundle import Bundle

from backrub.contract.records import Journal
from backrub.exchange.fhir_export import export_fhir
from backrub.progress.demo import demo_journal
from support.journal_factories import sample_journal


def resources(doc: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    found = [entry["resource"] for entry in doc["entry"]]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def loinc(resource: dict[str, Any]) -> str:
    (coding,) = [c for c in resource["code"]["coding"] if c["system"] == "http://loinc.org"]
    return str(coding["code"])


def by_url(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["fullUrl"]: entry["resource"] for entry in doc["entry"]}


def test_the_bundle_and_every_resource_validate_as_r4b() -> None:
    doc = export_fhir(sample_journal())
    assert doc["resourceType"] == "Bundle" and doc["type"] == "collection"
    Bundle.model_validate(doc)
    for resource in resources(doc):
        model = r4b.get_fhir_model_class(resource["resourceType"])
        parsed = model.model_validate(resource)
        assert parsed.id == resource["id"]
    assert Bundle.model_validate_json(json.dumps(doc)).type == "collection"


def test_the_demo_history_exports_as_valid_r4b() -> None:
    doc = export_fhir(demo_journal(seed=3, weeks=12, start=datetime.date(2026, 1, 5)))
    Bundle.model_validate(doc)
    kinds = {resource["resourceType"] for resource in resources(doc)}
    assert {"Patient", "Procedure", "Observation", "QuestionnaireResponse"} <= kinds
    for resource in resources(doc):
        r4b.get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    codes = {loinc(o) for o in resources(doc, "Observation")}
    assert {"72514-3", "91148-7", "91147-9"} <= codes


def test_a_patient_per_person() -> None:
    patients = resources(export_fhir(sample_journal()), "Patient")
    assert [p["name"][0]["text"] for p in patients] == ["Sam", "Ada, Jr.", "Empty"]


def test_one_pain_observation_per_rating() -> None:
    doc = export_fhir(sample_journal())
    urls = by_url(doc)
    pain = [o for o in resources(doc, "Observation") if loinc(o) == "72514-3"]
    assert len(pain) == 5  # Sam: 2 before + 1 after; Ada: 1 + 1
    for observation in pain:
        assert observation["status"] == "final"
        assert observation["category"][0]["coding"][0]["code"] == "survey"
        assert isinstance(observation["valueInteger"], int)
        assert urls[observation["subject"]["reference"]]["resourceType"] == "Patient"
        (procedure,) = [urls[ref["reference"]] for ref in observation["partOf"]]
        assert procedure["resourceType"] == "Procedure"
    first = pain[0]
    assert first["bodySite"]["coding"][0]["code"] == "lower_back_left"
    assert first["bodySite"]["text"] == "Lower back, left"
    assert first["effectiveDateTime"] == "2026-01-05T23:30:00+01:00"
    assert first["valueInteger"] == 6


def test_peg_panel_and_score_derive_from_the_questionnaire_response() -> None:
    doc = export_fhir(sample_journal())
    urls = by_url(doc)
    responses = resources(doc, "QuestionnaireResponse")
    assert len(responses) == 3
    observations = resources(doc, "Observation")
    panels = [o for o in observations if loinc(o) == "91148-7"]
    scores = [o for o in observations if loinc(o) == "91147-9"]
    assert len(panels) == len(scores) == 3
    for panel in panels:
        (source,) = [urls[ref["reference"]] for ref in panel["derivedFrom"]]
        assert source["resourceType"] == "QuestionnaireResponse"
        (member,) = [urls[ref["reference"]] for ref in panel["hasMember"]]
        assert loinc(member) == "91147-9"
        assert member["derivedFrom"] == panel["derivedFrom"]
        assert [c["valueInteger"] for c in panel["component"]]
    assert scores[0]["valueQuantity"] == {
        "value": 5.33,
        "unit": "{score}",
        "system": "http://unitsofmeasure.org",
        "code": "{score}",
    }
    answers = {i["linkId"]: i["answer"][0]["valueInteger"] for i in responses[1]["item"]}
    assert answers == {"peg-pain": 4, "peg-enjoyment": 4, "peg-activity": 3, "stress": 2,
                       "rmdq": 7}  # fmt: skip


def test_aborted_sessions_are_stopped_procedures() -> None:
    procedures = resources(export_fhir(sample_journal()), "Procedure")
    assert [p["status"] for p in procedures] == ["completed", "stopped", "completed"]
    assert "end" not in procedures[1]["performedPeriod"]
    assert procedures[0]["note"][0]["text"].startswith("felt good")


def test_same_journal_same_bundle_and_unique_ids() -> None:
    doc = export_fhir(sample_journal())
    assert json.dumps(doc) == json.dumps(export_fhir(sample_journal()))
    urls = [entry["fullUrl"] for entry in doc["entry"]]
    assert len(urls) == len(set(urls))
    empty = export_fhir(Journal(people=()))
    assert "entry" not in empty
    Bundle.model_validate(empty)
