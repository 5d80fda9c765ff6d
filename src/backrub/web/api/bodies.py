"""How the JSON API reads and writes bodies: a size limit, msgspec, and one error shape.

Requests are read with a limit (413 past it) and decoded by the contract's own
`validation.loads`, so a bad body answers the CLI's message naming the field;
answers are encoded by msgspec from the same models. Every error the API gives
has the shape of `Error`.
"""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import msgspec
from fastapi import Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from msgspec import UNSET, UnsetType

from backrub.contract.ids import RegionId
from backrub.contract.records import Peg, Score
from backrub.contract.validation import TEXT_SCHEMA

API_PREFIX = "/api/v1"
MAX_BODY_BYTES = 64 * 1024  # an intake is well under 2 KB, a session with its plan ~15 KB
MAX_IMPORT_BYTES = 16 * 1024 * 1024  # years of sessions, each with its plan, fit in a few MB


class ErrorEntry(msgspec.Struct):
    field: Annotated[str, msgspec.Meta(examples=["pain[0].intensity"])]
    message: Annotated[str, msgspec.Meta(examples=["expected an integer from 0 to 10, got 11"])]


class Error(msgspec.Struct):
    """Bad input: each entry names the field (its path) and what it accepts."""

    detail: list[ErrorEntry]


class MsgspecResponse(JSONResponse):
    """JSON encoded by msgspec: Structs, lists of them, or plain dicts and lists.
    (A JSONResponse to FastAPI, which then documents it as JSON.)"""

    def render(self, content: Any) -> bytes:
        return msgspec.json.encode(content)


def error_response(field: str, message: str, status_code: int = 422, **options: Any) -> Response:
    """The API's one error answer; a problem with the whole body names `body`."""
    body = Error([ErrorEntry(field or "body", message)])
    return MsgspecResponse(body, status_code=status_code, **options)


class BodyTooLarge(HTTPException):
    """413 in the API's error shape, naming `body`."""

    def __init__(self, limit: int, size: int | None) -> None:
        got = f"got {size}" if size is not None else "got more"
        super().__init__(413, f"expected at most {limit} bytes, {got}")
        self.field = "body"


def body_up_to(limit: int) -> Callable[[Request], Awaitable[bytes]]:
    """A dependency that reads the body, refusing it as soon as it passes `limit` bytes
    (a declared Content-Length over the limit is refused before anything is read)."""

    async def read(request: Request) -> bytes:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge(limit, int(declared))
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge(limit, None)
            chunks.append(chunk)
        return b"".join(chunks)

    return read


PainGiven = Annotated[dict[RegionId, Score], msgspec.Meta(description="Pain by region id, 0-10")]


class SessionChanges(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A session's ratings and note to replace; what is left out is kept. `{}` clears a
    phase's pain, null the soreness. Times, plan and steps are what happened: they stay."""

    pain_before: PainGiven | UnsetType = UNSET
    pain_after: PainGiven | UnsetType = UNSET
    soreness_next_day: Score | None | UnsetType = UNSET
    note: (
        Annotated[str, msgspec.Meta(max_length=2000, extra_json_schema=TEXT_SCHEMA)] | UnsetType
    ) = UNSET


class CheckinChanges(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A check-in's answers to replace; what is left out is kept, null clears an optional
    one. `date` is from 1900-01-01 to tomorrow, as for a new check-in."""

    date: datetime.date | UnsetType = UNSET
    peg: Peg | UnsetType = UNSET
    sleep: Score | None | UnsetType = UNSET
    stress: Annotated[int, msgspec.Meta(ge=1, le=5)] | None | UnsetType = UNSET
    rmdq: Annotated[int, msgspec.Meta(ge=0, le=24)] | None | UnsetType = UNSET


def given(changes: msgspec.Struct) -> dict[str, Any]:
    """The fields a body gave (left-out ones are UNSET)."""
    return {
        name: value
        for name in changes.__struct_fields__
        if (value := getattr(changes, name)) is not UNSET
    }


RecordBody = Annotated[bytes, Depends(body_up_to(MAX_BODY_BYTES))]
JournalBody = Annotated[bytes, Depends(body_up_to(MAX_IMPORT_BYTES))]
