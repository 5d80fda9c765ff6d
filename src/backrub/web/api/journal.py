"""The journal part of `/api/v1`: sessions, check-ins, progress, schedule, export and import.

What the CLI's `log`, `checkin`, `report --json`, `schedule`, `export` and
`import` do, for the signed-in account's people (changing and deleting one record:
`edits`). Every route takes `ApiUser` and loads objects only through owner checks,
so another account's ids answer 404 exactly like unknown ones. Bodies are validated by backrub's own
`validation` (messages are the CLI's), read with a size limit (413), and each
request is one transaction: a refused import leaves the journal as it was.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from backrub.contract.records import (
    CheckinRecord,
    Journal,
    JournalDocument,
    SessionRecord,
    check_entry_date,
    check_session_dates,
    new_id,
)
from backrub.contract.validation import ValidationError, loads, parse
from backrub.exchange.formats import EXPORT_FILES, EXPORT_FORMATS
from backrub.exchange.schedule import DAY_NAMES, DAYS
from backrub.journal import owned
from backrub.journal.entries import add_checkin, add_session
from backrub.journal.people import progress_history
from backrub.journal.transfer import ImportCounts
from backrub.planning.planner import make_plan
from backrub.progress.summary import summarize
from backrub.web.api import edits, openapi
from backrub.web.api.bodies import API_PREFIX, JournalBody, MsgspecResponse, RecordBody
from backrub.web.auth import ApiUser, NotFound, owned_person_or_404
from backrub.web.deps import KnowledgeDep, SessionDep

CHECKINS_LISTED_MAX = 1000
MODELS = (
    SessionRecord,
    CheckinRecord,
    list[CheckinRecord],
    Journal,
    JournalDocument,
    ImportCounts,
    *edits.MODELS,
)
NO_TOKEN = "Not signed in, and no bearer token"
NO_CSRF = "Signed in with the cookie, without the X-CSRF-Token header"
READS = {
    401: NO_TOKEN,
    404: "No such record in this account (another account's ids answer the same)",
    422: "Bad input, naming the field",
}

router = APIRouter(prefix=API_PREFIX, tags=["journal"])


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c}]" for c in word)


# schedule.ics's options as `backrub schedule` reads them, said in its schema (issue 14).
_DAY = "|".join(_any_case(day) for day in (*DAYS, *DAY_NAMES))
DAYS_PATTERN = rf"^[\s,]*({_DAY})(\s*,[\s,]*({_DAY}))*[\s,]*$"
TIME_PATTERN = r"^\s*([01]?[0-9]|2[0-3]):[0-5][0-9]\s*$"
WEEKS_PATTERN = r"^\s*([1-9]|[1-9][0-9]|10[0-4])\s*$"
ZONES = sorted(zoneinfo.available_timezones())
router.include_router(edits.router)  # PATCH and DELETE of one session or check-in


def _writes(record: str) -> dict[int | str, dict[str, Any]]:
    """The answers of a route that records a `record`: it, or an error."""
    return {
        201: openapi.answer(SessionRecord if record == "session" else CheckinRecord, "Kept"),
        **openapi.errors(
            {
                **READS,
                403: NO_CSRF,
                409: f"A {record} with this id is already in the journal",
                413: "Body too large",
            }
        ),
    }


class Conflict(HTTPException):
    """409: the journal's state refuses the request (a record with the id given is already
    there, or there is no saved intake to plan from)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(409, message)
        self.field = field


def _record_fields(body: bytes, record: type) -> dict[str, Any]:
    """The body as a JSON object; anything else is a ValidationError naming `body` (or the
    field, in `record`'s words, where a number is too large to read)."""
    return loads(dict[str, Any], body, fields_of=record)


def _keep(add: Callable[[], object], record: str) -> None:
    """Run `add`; an id already taken (by this account or another) is a 409."""
    try:
        add()
    except ValidationError:
        raise
    except ValueError:
        raise Conflict("id", f"a {record} with this id is already in the journal") from None


def _kept(shown: object, path: str) -> Response:
    """201 with the record as kept, and where it now lives (`path` under /people/)."""
    location = quote(f"{API_PREFIX}/people/{path}")  # ids are ASCII; older ones may not be
    return MsgspecResponse(shown, status_code=201, headers={"Location": location})


# Sessions


@router.post(
    "/people/{person_id}/sessions",
    summary="Record a session (what the player sends when a routine ends)",
    status_code=201,
    response_class=MsgspecResponse,
    openapi_extra=openapi.body(
        SessionRecord,
        "A session of `backrub.journal/1`. `id` may be left out: the server makes one. "
        "`started` and `ended` are dated from 1900-01-01 to tomorrow.",
    ),
    responses=_writes("session"),
)
def record_session(person_id: str, user: ApiUser, db: SessionDep, body: RecordBody) -> Response:
    """A `backrub.journal/1` session; `id` may be left out and the server makes one."""
    owned_person_or_404(db=db, user=user, person_id=person_id)
    fields = _record_fields(body, SessionRecord)
    fields.setdefault("id", new_id())
    entry = parse(SessionRecord, fields)
    check_session_dates(entry)
    _keep(lambda: add_session(db=db, person_id=person_id, entry=entry), "session")
    # to_dict: times as the contract writes them (`+00:00`, where msgspec writes `Z`)
    return _kept(entry.to_dict(), f"{person_id}/sessions/{entry.id}")


@router.get(
    "/people/{person_id}/sessions/{session_id}",
    summary="One session in full, with its plan",
    response_class=MsgspecResponse,
    responses={200: openapi.answer(SessionRecord, "The session"), **openapi.errors(READS)},
)
def session(person_id: str, session_id: str, user: ApiUser, db: SessionDep) -> Response:
    owned_person_or_404(db=db, user=user, person_id=person_id)
    found = owned.owned_session(db=db, user_id=user.id, person_id=person_id, session_id=session_id)
    if found is None:
        raise NotFound("session_id")
    return MsgspecResponse(found.to_dict())


# Check-ins


@router.post(
    "/people/{person_id}/checkins",
    summary="Record a weekly check-in (PEG, sleep, stress, RMDQ)",
    status_code=201,
    response_class=MsgspecResponse,
    openapi_extra=openapi.body(
        CheckinRecord,
        "A check-in of `backrub.journal/1`. `id` may be left out, and `date` defaults to "
        "today; it may be from 1900-01-01 to tomorrow.",
    ),
    responses=_writes("check-in"),
)
def record_checkin(person_id: str, user: ApiUser, db: SessionDep, body: RecordBody) -> Response:
    """Like `backrub checkin`: `date` defaults to today; `id` may be left out."""
    owned_person_or_404(db=db, user=user, person_id=person_id)
    fields = _record_fields(body, CheckinRecord)
    fields.setdefault("id", new_id())
    fields.setdefault("date", datetime.date.today().isoformat())
    entry = parse(CheckinRecord, fields)
    check_entry_date("date", entry.date)
    _keep(lambda: add_checkin(db=db, person_id=person_id, entry=entry), "check-in")
    return _kept(entry, f"{person_id}/checkins/{entry.id}")


@router.get(
    "/people/{person_id}/checkins",
    summary="A person's check-ins, newest first",
    response_class=MsgspecResponse,
    responses={
        200: openapi.answer(list[CheckinRecord], "The check-ins, newest first"),
        **openapi.errors(READS),
    },
)
def checkins(
    person_id: str,
    user: ApiUser,
    db: SessionDep,
    limit: Annotated[
        int | None, Query(ge=1, le=CHECKINS_LISTED_MAX, description="At most this many.")
    ] = None,
) -> Response:
    owned_person_or_404(db=db, user=user, person_id=person_id)
    return MsgspecResponse(owned.latest_checkins(db=db, person_id=person_id, limit=limit))


@router.get(
    "/people/{person_id}/checkins/{checkin_id}",
    summary="One check-in",
    response_class=MsgspecResponse,
    responses={200: openapi.answer(CheckinRecord, "The check-in"), **openapi.errors(READS)},
)
def checkin(person_id: str, checkin_id: str, user: ApiUser, db: SessionDep) -> Response:
    owned_person_or_404(db=db, user=user, person_id=person_id)
    found = owned.owned_checkin(db=db, user_id=user.id, person_id=person_id, checkin_id=checkin_id)
    if found is None:
        raise NotFound("checkin_id")
    return MsgspecResponse(found)


# Progress and schedule


@router.get(
    "/people/{person_id}/progress",
    summary="Whether massage is helping (`backrub.progress/1`, as `backrub report --json`)",
    response_class=MsgspecResponse,
    responses=openapi.errors(READS),
)
def progress(person_id: str, user: ApiUser, db: SessionDep) -> Response:
    owned_person_or_404(db=db, user=user, person_id=person_id)
    record = progress_history(db=db, person_id=person_id)
    return MsgspecResponse(summarize(record, today=datetime.date.today()).to_dict())


@router.get(
    "/people/{person_id}/schedule.ics",
    summary="The routine as a weekly calendar (.ics), as `backrub schedule` writes it",
    response_class=Response,
    responses={
        200: openapi.answer(str, "An iCalendar file, `backrub.ics`", "text/calendar"),
        **openapi.errors({**READS, 409: "The person has no saved intake yet"}),
    },
)
def schedule(
    person_id: str,
    user: ApiUser,
    db: SessionDep,
    kb: KnowledgeDep,
    days: Annotated[
        str, Query(description="Weekdays, e.g. mon,wed,fri.", pattern=DAYS_PATTERN)
    ] = "mon,wed,fri",
    time: Annotated[
        str, Query(description="Start time, 24-hour HH:MM.", pattern=TIME_PATTERN)
    ] = "19:00",
    weeks: Annotated[
        str, Query(description="How many weeks, 1 to 104.", pattern=WEEKS_PATTERN)
    ] = "8",
    tz: Annotated[
        str | None,
        Query(
            description="IANA time zone, e.g. Europe/London; default: the server's.",
            json_schema_extra={"enum": ZONES},
        ),
    ] = None,
) -> Response:
    """The person's saved intake, planned now; a reminder 10 minutes before each session.
    Without `tz`, the server's zone, as `backrub schedule` takes the computer's."""
    from backrub.exchange.schedule import ScheduleError, build_calendar

    person = owned_person_or_404(db=db, user=user, person_id=person_id)
    day_list, time_of_day, week_count, zone = _schedule_options(days, time, weeks, tz)
    if person.intake is None:  # nothing wrong with the request: nothing to plan from yet
        message = f"{person.name} has no saved intake yet; answer the questions and save them"
        raise Conflict("intake", message)
    plan = make_plan(person.intake, kb)
    try:
        data = build_calendar(
            day_list,
            time_of_day,
            week_count,
            plan,
            datetime.datetime.now(zone).date(),
            zone,
            uid_seed=person.id,
            title=f"Back massage for {person.name}",
        )
    except ScheduleError as error:
        raise ValidationError("intake", str(error)) from None
    return _download(data, "text/calendar; charset=utf-8", "backrub.ics")


def _schedule_options(
    days: str, time: str, weeks: str, tz: str | None
) -> tuple[list[str], datetime.time, int, datetime.tzinfo]:
    """The query's options parsed as the CLI parses them; a ValidationError names the bad one."""
    from backrub.exchange.schedule import (
        ScheduleError,
        local_zone,
        parse_days,
        parse_time,
        parse_weeks,
        parse_zone,
    )

    field = "days"
    try:
        day_list = parse_days(days)
        field = "time"
        time_of_day = parse_time(time)
        field = "weeks"
        week_count = parse_weeks(weeks)
        field = "tz"
        zone = local_zone() if tz is None else parse_zone(tz)
    except ScheduleError as error:
        raise ValidationError(field, str(error)) from None
    return day_list, time_of_day, week_count, zone


# Export and import


@router.get(
    "/export",
    summary="Every person of the account, as `backrub export` writes them",
    response_class=Response,
    responses={
        200: {
            "description": "A download: `backrub-journal.json`, `backrub-sessions.csv` "
            "(one row per session) or `backrub-fhir.json` (a FHIR R4 Bundle)",
            "content": {
                "application/json": {"schema": openapi.schema(Journal)},
                "text/csv": {"schema": openapi.schema(str)},
                "application/fhir+json": {"schema": openapi.schema(dict[str, Any])},
            },
        },
        **openapi.errors({401: NO_TOKEN, 422: "An unknown format"}),
    },
)
def export(
    user: ApiUser,
    db: SessionDep,
    format: Annotated[  # the CLI's option is --format
        str,
        Query(
            description="json (backrub.journal/1), csv or fhir.",
            json_schema_extra={"enum": list(EXPORT_FORMATS)},
        ),
    ] = "json",
) -> Response:
    if format not in EXPORT_FILES:
        listed = ", ".join(EXPORT_FORMATS)
        raise ValidationError("format", f"expected one of {listed}; got {format!r}")
    media_type, filename = EXPORT_FILES[format]
    text = owned.export_owned(db=db, user_id=user.id, format_=format)
    return _download(text.encode("utf-8"), media_type, filename)


@router.post(
    "/import",
    summary="Add a `backrub.journal/1` document to the account (as `backrub import`)",
    response_class=MsgspecResponse,
    openapi_extra=openapi.body(JournalDocument, "The document, at most 16 MiB."),
    responses={
        200: openapi.answer(ImportCounts, "What was added"),
        **openapi.errors(
            {
                401: NO_TOKEN,
                403: NO_CSRF,
                413: "Body too large",
                422: "A bad document, or an id of a record outside the account; nothing was added",
            }
        ),
    },
)
def import_journal(user: ApiUser, db: SessionDep, body: JournalBody) -> Response:
    """Its people become the account's; records already in the account are skipped, so
    importing the same file twice adds nothing. An id that belongs to a record outside
    the account refuses the whole document, naming its path."""
    from backrub.exchange.journal_json import parse_json

    journal = parse_json(body)
    return MsgspecResponse(owned.import_owned_journal(db=db, user_id=user.id, journal=journal))


def _download(data: bytes, media_type: str, filename: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(data, media_type=media_type, headers=headers)
