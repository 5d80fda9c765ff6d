"""Account secrets and their rules, shared by sign-up and `backrub admin`.

Passwords: at least MIN_PASSWORD_LENGTH characters, hashed with argon2id
through pwdlib (its recommended parameters). Web sessions and access tokens:
`secrets.token_urlsafe(32)`, of which the journal keeps only the SHA-256, so a
leaked table signs nobody in. Free of the web stack, so the CLI can use it.
"""

from __future__ import annotations

import hashlib
import secrets

from pwdlib import PasswordHash

from backrub.contract.validation import ValidationError, check_text

MIN_PASSWORD_LENGTH = 10
MAX_EMAIL = 254


def email_problem(email: str) -> str | None:
    """What is wrong with an email address (already stripped and lowercased), or None."""
    local, at, domain = email.partition("@")
    if not (local and at and "." in domain) or len(email) > MAX_EMAIL or " " in email:
        return "expected an email address, like sam@example.org"
    try:  # it is shown, and its first part names the person when no name is given
        check_text("email", email)
    except ValidationError as refused:
        return refused.message
    return None


def password_problem(password: str) -> str | None:
    """What is wrong with a new password, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"expected at least {MIN_PASSWORD_LENGTH} characters"
    return None


def password_hasher() -> PasswordHash:
    return PasswordHash.recommended()  # argon2id


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """SHA-256, hex: enough for random 256-bit tokens (passwords get argon2id)."""
    return hashlib.sha256(token.encode()).hexdigest()
