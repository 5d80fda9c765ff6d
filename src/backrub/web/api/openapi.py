"""The OpenAPI words of the journal API: request bodies and the answers each route gives.

Bodies are validated by backrub's own `validation`, not by FastAPI, so they are
described here. The session and check-in shapes are the components FastAPI
makes from the records themselves (the routes' `response_model`), so the
description cannot drift from the dataclasses that validate.
"""

from __future__ import annotations

from typing import Any

from backrub.web.api.schemas import COMPONENTS

SESSION_REF = {"$ref": COMPONENTS + "SessionRecord"}
CHECKIN_REF = {"$ref": COMPONENTS + "CheckinRecord"}
ERROR_CONTENT = {"application/json": {"schema": {"$ref": COMPONENTS + "Error"}}}

JOURNAL_SCHEMA: dict[str, Any] = {
    "title": "Journal",
    "description": "A `backrub.journal/1` document, as `GET /api/v1/export` and "
    "`backrub export --format json` write it.",
    "type": "object",
    "required": ["schema", "people"],
    "properties": {
        "schema": {"const": "backrub.journal/1"},
        "people": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string", "minLength": 1, "maxLength": 64},
                    "name": {"type": "string", "minLength": 1, "maxLength": 100},
                    "intake": {"anyOf": [{"$ref": COMPONENTS + "Intake"}, {"type": "null"}]},
                    "sessions": {"type": "array", "items": SESSION_REF},
                    "checkins": {"type": "array", "items": CHECKIN_REF},
                },
            },
        },
    },
}
COUNTS_SCHEMA: dict[str, Any] = {
    "title": "ImportCounts",
    "description": "What the import added; records already in the account are not counted.",
    "type": "object",
    "properties": {name: {"type": "integer"} for name in ("people", "sessions", "checkins")},
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": ERROR_CONTENT}


def _body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {"application/json": {"schema": schema}},
        }
    }


def session_body() -> dict[str, Any]:
    return _body(
        SESSION_REF,
        "A session of `backrub.journal/1`. `id` may be left out: the server makes one.",
    )


def checkin_body() -> dict[str, Any]:
    return _body(
        CHECKIN_REF,
        "A check-in of `backrub.journal/1`. `id` may be left out, and `date` defaults to today.",
    )


def import_body() -> dict[str, Any]:
    return _body(JOURNAL_SCHEMA, "The document, at most 16 MiB.")


def reads() -> dict[int | str, dict[str, Any]]:
    return {
        401: _error("Not signed in, and no bearer token"),
        404: _error("No such record in this account (another account's ids answer the same)"),
        422: _error("Bad input, naming the field"),
    }


def writes(conflict: str) -> dict[int | str, dict[str, Any]]:
    return {
        **reads(),
        403: _error("Signed in with the cookie, without the X-CSRF-Token header"),
        409: _error(f"A {conflict} with this id is already in the journal"),
        413: _error("Body too large"),
    }


def calendar() -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "description": "An iCalendar file, `backrub.ics`",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        },
        **reads(),
    }


def export() -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "description": "A download: `backrub-journal.json`, `backrub-sessions.csv` "
            "(one row per session) or `backrub-fhir.json` (a FHIR R4 Bundle)",
            "content": {
                "application/json": {"schema": JOURNAL_SCHEMA},
                "text/csv": {"schema": {"type": "string"}},
                "application/fhir+json": {"schema": {"type": "object"}},
            },
        },
        401: _error("Not signed in, and no bearer token"),
        422: _error("An unknown format"),
    }


def import_responses() -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "description": "What was added",
            "content": {"application/json": {"schema": COUNTS_SCHEMA}},
        },
        401: _error("Not signed in, and no bearer token"),
        403: _error("Signed in with the cookie, without the X-CSRF-Token header"),
        413: _error("Body too large"),
        422: _error("A bad document, or an id of a record outside the account; nothing was added"),
    }
