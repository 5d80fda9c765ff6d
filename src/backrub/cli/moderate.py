"""`backrub moderate`: the tips queue for operators, without the web app running.

The CLI is the operator's, so a decision names the moderator's account with `--as`;
it must be a moderator (`backrub admin grant-moderator EMAIL`) and it cannot decide its
own tip, exactly as in the web queue. Each decision is logged with who made it.
"""

from __future__ import annotations

import datetime
import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from backrub.cli.options import JsonOption
from backrub.cli.support import emit_json, fail, journal_transaction

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from backrub.journal.accounts import UserRecord
    from backrub.journal.tips import TipError, TipRecord

TipId = Annotated[str, typer.Argument(metavar="ID", help="The tip's id, as `list` shows it.")]
AsEmail = Annotated[
    str,
    typer.Option("--as", metavar="EMAIL", help="The moderator's account deciding this."),
]
# The repository's field names, as a person at the terminal typed them.
OPTION_NAMES = {"tip_id": "ID", "reason": "--reason", "moderator": "--as", "email": "--as"}
FIRST_LINE = 60


def register(app: typer.Typer) -> None:
    """Add the `moderate` group and its commands to the app."""
    group = typer.Typer(help="Readers' tips waiting for a moderator.", no_args_is_help=True)
    group.command("list")(list_queue)
    group.command("show")(show)
    group.command("approve")(approve)
    group.command("reject")(reject)
    app.add_typer(group, name="moderate")


def list_queue(as_json: JsonOption = False) -> None:
    """List the tips waiting for a decision, the longest waiting first.

    Each with its id, its guide, its first line and how many readers reported it.

    Example: backrub moderate list
    """
    from backrub.journal import tips

    with journal_transaction() as db:
        queued = tips.tip_queue(db=db)
    if as_json:
        emit_json([_tip_json(tip) for tip in queued])
        return
    if not queued:
        sys.stdout.write("No tips are waiting.\n")
    for tip in queued:
        reports = f"  reported {tip.reports}x" if tip.reports else ""
        guide = f"{tip.kind}/{tip.guide_id}"
        sys.stdout.write(f"{tip.id}  {guide}  {_first_line(tip.body)}{reports}\n")


def show(tip_id: TipId, as_json: JsonOption = False) -> None:
    """Show one tip in full: its guide, status, words and every decision about it.

    Example: backrub moderate show 3q2-7Xo1dPQ4KJeq
    """
    from backrub.journal import tips

    with journal_transaction() as db:
        tip = tips.find_tip(db=db, tip_id=tip_id)
        if tip is None:
            fail(f"ID: no tip with the id {tip_id}")
        history = tips.decisions(db=db, tip_id=tip_id)
    log = [
        {
            "at": _utc(d.at),
            "moderator": d.moderator_email,
            "decision": d.decision,
            "reason": d.reason,
        }
        for d in history
    ]
    if as_json:
        emit_json({**_tip_json(tip), "history": log})
        return
    lines = [
        f"Tip {tip.id} on {tip.kind}/{tip.guide_id}, by {tip.author_label}",
        f"Status: {tip.status}" + (f" ({tip.reason})" if tip.reason else ""),
        f"Posted {tip.created:%Y-%m-%d %H:%M} UTC, changed {tip.updated:%Y-%m-%d %H:%M} UTC;"
        f" reported by {tip.reports} reader{'' if tip.reports == 1 else 's'}",
        "",
        tip.body,
        "",
        "History:" if log else "No decisions yet.",
    ]
    for d in history:
        why = f": {d.reason}" if d.reason else ""
        lines.append(f"  {d.at:%Y-%m-%d %H:%M} UTC  {d.moderator_email}  {d.decision}{why}")
    sys.stdout.write("\n".join(lines) + "\n")


def approve(tip_id: TipId, moderator: AsEmail) -> None:
    """Publish a tip on its guide.

    Example: backrub moderate approve 3q2-7Xo1dPQ4KJeq --as mod@example.org
    """
    _decide(tip_id, moderator, "approve", "")


def reject(
    tip_id: TipId,
    moderator: AsEmail,
    reason: Annotated[
        str,
        typer.Option(
            "--reason", metavar="TEXT", help="Why, in 1 to 500 characters; its author reads it."
        ),
    ],
) -> None:
    """Keep a tip off its guide, saying why.

    Example: backrub moderate reject ID --reason "Not about massage." --as mod@example.org
    """
    _decide(tip_id, moderator, "reject", reason)


def _decide(tip_id: str, email: str, decision: str, reason: str) -> None:
    from backrub.journal import tips

    with journal_transaction() as db:
        user = _moderator(db, email)
        try:
            tip = tips.decide_tip(
                db=db, moderator=user, tip_id=tip_id, decision=decision, reason=reason
            )
        except tips.TipError as error:
            _refuse(error)
    done = "Approved" if tip.status == "approved" else "Rejected"
    sys.stdout.write(f"{done} tip {tip.id} on {tip.kind}/{tip.guide_id}.\n")


def _moderator(db: Session, email: str) -> UserRecord:
    from backrub.journal import accounts

    email = email.strip().lower()
    found = accounts.find_credentials(db=db, email=email)
    if found is None:
        fail(f"--as: no account with the email {email}")
    if not found.user.moderator:
        fail(f"--as: {email} is not a moderator; grant it with: backrub admin grant-moderator")
    return found.user


def _refuse(error: TipError) -> NoReturn:
    fail(f"{OPTION_NAMES.get(error.field, error.field)}: {error.message}")


def _first_line(body: str) -> str:
    line = body.strip().splitlines()[0] if body.strip() else ""
    return line if len(line) <= FIRST_LINE else line[: FIRST_LINE - 1] + "…"


def _tip_json(tip: TipRecord) -> dict[str, Any]:
    return {
        "id": tip.id,
        "kind": tip.kind,
        "guide_id": tip.guide_id,
        "author": tip.author_label,
        "body": tip.body,
        "status": tip.status,
        "reason": tip.reason,
        "created": _utc(tip.created),
        "updated": _utc(tip.updated),
        "reports": tip.reports,
    }


def _utc(moment: datetime.datetime) -> str:
    """A stored naive-UTC time as ISO 8601 with its offset."""
    return moment.replace(tzinfo=datetime.UTC).isoformat()
