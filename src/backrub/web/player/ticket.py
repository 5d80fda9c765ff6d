"""The routine a player page hands out, sealed so that saving it cannot change it.

The player page runs a plan made from the saved intake and the history as they
were when the page was shown. Saving must keep *that* plan: planning again at
save time would give another one whenever the history or the intake changed in
between (a session saved from another tab, next-day soreness noted, new
answers), and the steps done would then point at other steps. So the page
carries the routine it ran (whose person, the session id to save under, the
giver, the regions asked about, the plan) as a ticket: the JSON in base64url
and an HMAC-SHA256 of it under the app's secret key. Saving verifies the tag
and that the ticket is the signed-in person's, and stores exactly that plan;
the browser can neither make nor alter one. The session id makes saving
idempotent: a second tap of Save finds the session already there.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from backrub.contract.intake import Intake
from backrub.contract.plan import Plan
from backrub.contract.records import new_id

PURPOSE = b"backrub.player/1|"  # a tag made here means nothing to any other signed value


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


def seal(secret: str, routine: Routine) -> str:
    data = {
        "person": routine.person_id,
        "session": routine.session_id,
        "giver": routine.giver,
        "regions": list(routine.pain_regions),
        "plan": routine.plan,
    }
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    body = base64.urlsafe_b64encode(text).rstrip(b"=")
    return f"{body.decode()}.{_tag(secret, body)}"


def unseal(secret: str, ticket: str, *, person_id: str) -> Routine | None:
    """The routine if `ticket` was sealed here for `person_id`; else None."""
    body, dot, tag = ticket.strip().partition(".")
    if not dot or not hmac.compare_digest(_tag(secret, body.encode()), tag):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, binascii.Error):
        return None
    if data.get("person") != person_id:
        return None
    return Routine(
        data["person"], data["session"], data["giver"], tuple(data["regions"]), data["plan"]
    )


def _tag(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), PURPOSE + body, hashlib.sha256).hexdigest()
