"""Account secrets and their rules, shared by sign-up and `backrub admin`.

Passwords: at least MIN_PASSWORD_LENGTH characters and not on a list of common ones
(Django's, kept beside this file), hashed with argon2id
through pwdlib (its recommended parameters). Web sessions and access tokens:
`secrets.token_urlsafe(32)`, of which the journal keeps only the SHA-256, so a
leaked table signs nobody in. Free of the web stack, so the CLI can use it.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import secrets
from pathlib import Path

from pwdlib import PasswordHash

from backrub.contract.validation import ValidationError, check_text

MIN_PASSWORD_LENGTH = 10
COMMON_PASSWORDS = Path(__file__).resolve().parent / "common-passwords.txt.gz"
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
    if password.strip().lower() in _common_passwords():
        return "that password is on a list of common passwords that guessers try first"
    return None


@functools.cache
def _common_passwords() -> frozenset[str]:
    """Django's list of 20,000 common passwords (see common-passwords.LICENSE), read
    once per process, when a password is first chosen."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as listed:
        return frozenset(line.strip() for line in listed if line.strip())


def password_hasher() -> PasswordHash:
    return PasswordHash.recommended()  # argon2id


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """SHA-256, hex: enough for random 256-bit tokens (passwords get argon2id)."""
    return hashlib.sha256(token.encode()).hexdigest()
