"""Sign-ups waiting for their emailed link (`pending_signups`).

When the server sends email, sign-up stores what the form said here and mails a link;
the account is made only when the link is followed (`take_pending_signup`). The row is
kept by the SHA-256 of the link's token (`credentials.token_hash`), so the table alone
confirms nobody; the password is already an argon2id hash. Keyword-only functions over
the caller's Session, inside the caller's transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backrub.contract.intake import Intake, parse_intake
from backrub.journal.mapping import now
from backrub.journal.models import PendingSignup

LINK_LIFETIME = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class SignupRequest:
    """What a followed link makes: the account, and its person with the carried intake."""

    email: str
    password_hash: str
    person_name: str
    intake: Intake | None


def store_pending_signup(
    *,
    db: Session,
    digest: str,
    request: SignupRequest,
    lifetime: datetime.timedelta = LINK_LIFETIME,
) -> None:
    """Keep a sign-up under its token's digest until `lifetime` has passed; expired ones
    (everyone's, by the `expires` index) go on the way, so the table holds one day's."""
    moment = now()
    db.execute(
        delete(PendingSignup)
        .where(PendingSignup.expires <= moment)
        .execution_options(synchronize_session=False)
    )
    db.add(
        PendingSignup(
            digest=digest,
            email=request.email,
            password_hash=request.password_hash,
            person_name=request.person_name,
            intake=request.intake.to_dict() if request.intake else None,
            expires=moment + lifetime,
        )
    )
    db.flush()


def pending_signup_email(*, db: Session, digest: str) -> str | None:
    """The email a link would make an account for, without using the link (the page a
    GET shows); None when it is unknown or expired."""
    return db.scalar(
        select(PendingSignup.email).where(
            PendingSignup.digest == digest, PendingSignup.expires > now()
        )
    )


def take_pending_signup(*, db: Session, digest: str) -> SignupRequest | None:
    """The sign-up under `digest`, deleted now so its link works once; None when it is
    unknown, expired or already taken. Two requests racing for one link: the DELETE
    decides, and only the one whose DELETE removed the row gets it."""
    row = db.scalar(
        select(PendingSignup).where(PendingSignup.digest == digest, PendingSignup.expires > now())
    )
    if row is None:
        return None
    found = SignupRequest(
        email=row.email,
        password_hash=row.password_hash,
        person_name=row.person_name,
        intake=parse_intake(row.intake) if row.intake is not None else None,
    )
    db.expunge(row)
    removed = db.execute(
        delete(PendingSignup)
        .where(PendingSignup.digest == digest)
        .execution_options(synchronize_session=False)
    )
    return found if getattr(removed, "rowcount", 0) == 1 else None
