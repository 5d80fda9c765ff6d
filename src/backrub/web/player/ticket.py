"""The routine a player page hands out, sealed so that saving it cannot change it.

The player page runs a plan made from the saved intake and the history as they
were when the page was shown. Saving must keep *that* plan: planning again at
save time would give another one whenever the history or the intake changed in
between (a session saved from another tab, next-day soreness noted, new
answers), and the steps done would then point at other steps. So the page
carries the routine it ran (whose person, the session id to save under, the
giver, the regions asked about, the plan) as a ticket signed with the app's
secret key by itsdangerous, with a salt of its own (a ticket means nothing to
any other signed value) and an age limit. Saving checks the signature, the age
and that the ticket is the signed-in person's, and stores exactly that plan;
the browser can neither make nor alter one. The session id makes saving
idempotent: a second tap of Save finds the session already there.

A visitor who is not signed in gets a ticket for nobody (`ANYONE`): the routine
runs, its ratings wait in the browser, and whoever signs up or in on that browser
may save them, once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadData, URLSafeTimedSerializer

from backrub.contract.intake import Intake
from backrub.contract.plan import Plan
from backrub.contract.records import new_id

SALT = "backrub.player"
# Long enough for a routine run offline (or signed out) and sent weeks later.
MAX_AGE = datetime.timedelta(days=30)
ANYONE = ""  # the person of a signed-out visitor's ticket


@dataclass(frozen=True)
class Routine:
    """What the page ran, and for whom."""

    person_id: str
    session_id: str
    giver: str
    pain_regions: tuple[str, ...]  # asked about before and after, in the intake's order
    plan: dict[str, Any]  # the contract's plan (`backrub.plan/1`)

    @property
    def step_numbers(self) -> tuple[int, ...]:
        return tuple(int(step["n"]) for step in self.plan["steps"])

    @property
    def total_seconds(self) -> int:
        return int(self.plan["total_seconds"])


def routine_for(person_id: str, intake: Intake, plan: Plan) -> Routine:
    """A new routine (a fresh session id) for the person's intake and today's plan."""
    regions = tuple(dict.fromkeys(entry.region for entry in intake.pain))
    return Routine(person_id, new_id(), intake.giver, regions, plan.to_dict())


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


def seal(secret: str, routine: Routine) -> str:
    data = {
        "person": routine.person_id,
        "session": routine.session_id,
        "giver": routine.giver,
        "regions": list(routine.pain_regions),
        "plan": routine.plan,
    }
    return _serializer(secret).dumps(data)


def unseal(
    secret: str, ticket: str, *, person_id: str, max_age: datetime.timedelta = MAX_AGE
) -> Routine | None:
    """The routine if `ticket` was sealed here within `max_age` for `person_id` (or for
    `ANYONE`, then claimed by `person_id`); else None."""
    try:
        data = _serializer(secret).loads(ticket.strip(), max_age=int(max_age.total_seconds()))
    except BadData:  # a bad signature, an expired one, or not a ticket at all
        return None
    if not isinstance(data, dict) or data.get("person") not in (person_id, ANYONE):
        return None
    return Routine(person_id, data["session"], data["giver"], tuple(data["regions"]), data["plan"])
