"""The journal as a FHIR R4B (4.3.0) Bundle, for clinicians' systems.

R4B because `fhir.resources` 7.x and later validate R5 by default and R4B in a
subpackage, while R4 proper (4.0.1) needs the old 6.x line; R4B keeps R4's
shapes for every resource used here. Plain dicts are built (no `fhir.resources`
at run time); the tests validate every resource against the R4B models.
`docs/fhir.md` describes the mapping. In short, a `collection` Bundle with, per
person:

- a `Patient` (name as text; the journal id as identifier);
- a `Procedure` per session (`completed`, or `stopped` when aborted; the period);
- an `Observation` per pain rating: LOINC 72514-3, `valueInteger`, `bodySite` for
  the region, `partOf` the session's Procedure, timed at the session's start
  (before) or end (after). One per rating, not a mean, so nothing is lost and a
  reader can average as it likes;
- per check-in a `QuestionnaireResponse` with every answer, a PEG panel
  `Observation` (LOINC 91148-7, the three items as components) and the PEG score
  (LOINC 91147-9, `valueQuantity` in UCUM `{score}`), both `derivedFrom` the
  QuestionnaireResponse, the panel's `hasMember` pointing at the score.

Next-day soreness, sleep, stress and RMDQ have no Observation (no agreed code);
sleep, stress and RMDQ are in the QuestionnaireResponse. Ids are UUIDs derived
from the journal's ids, so the same journal gives the same Bundle.
"""

from __future__ import annotations

import uuid
from typing import Any

from backrub.contract.records import CheckinRecord, Journal, PersonRecord, SessionRecord

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
RECORD_ID = "urn:backrub:journal-id"  # identifier system: the journal's own ids
REGION_SYSTEM = "urn:backrub:region"
PAIN_CODE = {
    "coding": [
        {
            "system": LOINC,
            "code": "72514-3",
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        }
    ]
}
PEG_PANEL_CODE = {
    "coding": [{"system": LOINC, "code": "91148-7"}],
    "text": "PEG three-item pain scale (pain, enjoyment of life, general activity)",
}
PEG_SCORE_CODE = {"coding": [{"system": LOINC, "code": "91147-9", "display": "Mean score [PEG]"}]}
PEG_ITEMS = (
    ("peg-pain", "Pain on average in the past week (0-10)"),
    ("peg-enjoyment", "How much pain interfered with enjoyment of life (0-10)"),
    ("peg-activity", "How much pain interfered with general activity (0-10)"),
)
OTHER_ITEMS = (
    ("sleep", "Sleep quality (0-10)"),
    ("stress", "Stress (1-5)"),
    ("rmdq", "Roland-Morris Disability Questionnaire score (0-24)"),
)
NAMESPACE = uuid.UUID("8f0c3c1e-6a55-4b7e-9d0e-2b6f1c9a7d41")

Resource = dict[str, Any]


def export_fhir(journal: Journal) -> dict[str, Any]:
    """A FHIR R4B Bundle (type `collection`) holding the whole journal."""
    entries: list[Resource] = []
    for person in journal.people:
        entries += _person_resources(person)
    key = ",".join(person.id for person in journal.people)
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": _uuid("bundle", key),
        "type": "collection",
    }
    if entries:  # FHIR JSON has no empty arrays
        bundle["entry"] = [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in entries]
    return bundle


def _person_resources(person: PersonRecord) -> list[Resource]:
    patient = {
        "resourceType": "Patient",
        "id": _uuid("patient", person.id),
        "identifier": [_identifier(person.id)],
        "name": [{"text": person.name}],
    }
    resources: list[Resource] = [patient]
    subject = _ref(patient)
    for session in person.sessions:
        resources += _session_resources(subject, session)
    for checkin in person.checkins:
        resources += _checkin_resources(subject, checkin)
    return resources


def _session_resources(subject: dict[str, str], session: SessionRecord) -> list[Resource]:
    period = {"start": session.started.isoformat()}
    if session.ended is not None:
        period["end"] = session.ended.isoformat()
    procedure: Resource = {
        "resourceType": "Procedure",
        "id": _uuid("procedure", session.id),
        "identifier": [_identifier(session.id)],
        "status": "completed" if session.status == "completed" else "stopped",
        "code": {"text": f"Back massage ({session.giver})"},
        "subject": subject,
        "performedPeriod": period,
    }
    if session.note:
        procedure["note"] = [{"text": session.note}]
    resources = [procedure]
    after_time = session.ended or session.started
    for phase, ratings, moment in (
        ("before", session.pain_before, session.started),
        ("after", session.pain_after, after_time),
    ):
        for region, value in ratings.items():
            key = f"{session.id}/pain_{phase}/{region}"
            observation = _observation(key, PAIN_CODE, subject, moment.isoformat())
            observation["partOf"] = [_ref(procedure)]
            observation["bodySite"] = _body_site(region)
            observation["valueInteger"] = value
            observation["note"] = [{"text": f"Rated {phase} the massage"}]
            resources.append(observation)
    return resources


def _checkin_resources(subject: dict[str, str], checkin: CheckinRecord) -> list[Resource]:
    date = checkin.date.isoformat()
    response = _questionnaire_response(subject, checkin)
    derived = [_ref(response)]
    score = _observation(f"{checkin.id}/peg_score", PEG_SCORE_CODE, subject, date)
    score["derivedFrom"] = derived
    score["valueQuantity"] = {
        "value": round(checkin.peg_score, 2),
        "unit": "{score}",
        "system": UCUM,
        "code": "{score}",
    }
    panel = _observation(f"{checkin.id}/peg", PEG_PANEL_CODE, subject, date)
    panel["derivedFrom"] = derived
    panel["hasMember"] = [_ref(score)]
    panel["component"] = [
        {"code": {"text": text}, "valueInteger": value}
        for (_, text), value in zip(PEG_ITEMS, checkin.peg, strict=True)
    ]
    return [response, panel, score]


def _questionnaire_response(subject: dict[str, str], checkin: CheckinRecord) -> Resource:
    answers = list(zip(PEG_ITEMS, checkin.peg, strict=True))
    others = (checkin.sleep, checkin.stress, checkin.rmdq)
    answers += [
        (item, value) for item, value in zip(OTHER_ITEMS, others, strict=True) if value is not None
    ]
    return {
        "resourceType": "QuestionnaireResponse",
        "id": _uuid("questionnaire-response", checkin.id),
        "identifier": _identifier(checkin.id),  # 0..1 in R4B
        "status": "completed",
        "subject": subject,
        "authored": checkin.date.isoformat(),
        "item": [
            {"linkId": link, "text": text, "answer": [{"valueInteger": value}]}
            for (link, text), value in answers
        ],
    }


def _observation(key: str, code: dict[str, Any], subject: dict[str, str], when: str) -> Resource:
    """An Observation's common part: final, a survey, about `subject` at `when`."""
    return {
        "resourceType": "Observation",
        "id": _uuid("observation", key),
        "identifier": [_identifier(key)],
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": code,
        "subject": subject,
        "effectiveDateTime": when,
    }


def _body_site(region: str) -> dict[str, Any]:
    words = region.replace("_", " ")
    side = words.rsplit(" ", 1)
    text = f"{side[0]}, {side[1]}" if side[-1] in ("left", "right") else words
    return {
        "coding": [{"system": REGION_SYSTEM, "code": region}],
        "text": text.capitalize(),
    }


def _identifier(value: str) -> dict[str, str]:
    return {"system": RECORD_ID, "value": value}


def _ref(resource: Resource) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource['id']}"}


def _uuid(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))
