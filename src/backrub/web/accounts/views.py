"""What the account pages show, as typed data (the twin of `views.py` for accounts).

`ACCOUNT_TEMPLATES` joins `views.TEMPLATES`, so `pages.render` and the
template-context test treat these pages like the others.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from backrub.journal.accounts import TokenRecord
from backrub.journal.credentials import MIN_PASSWORD_LENGTH


@dataclass(frozen=True)
class SignupPage:
    title: str
    email: str
    name: str
    intake_json: str  # an intake carried from the plan page, saved with the new person
    min_password: int
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message


@dataclass(frozen=True)
class SignupConfirmPage:
    """The emailed link's page: one button that makes the account. Mail scanners open
    links, so only the button's POST uses the link."""

    title: str
    email: str
    token: str  # the link's, posted back by the button


@dataclass(frozen=True)
class SigninPage:
    title: str
    email: str
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TokenRow:
    id: str
    name: str
    created: str
    last_used: str
    revoked: bool


@dataclass(frozen=True)
class TokensPage:
    title: str
    email: str
    tokens: tuple[TokenRow, ...]
    new_token: str  # shown once, right after it is made
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DeleteAccountPage:
    title: str
    email: str
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PasswordPage:
    title: str
    email: str
    min_password: int
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MessagePage:
    """A plain page for refusals: a stale form (403), too many sign-ins (429)."""

    title: str
    heading: str
    message: str
    link: str
    link_text: str


ACCOUNT_TEMPLATES: dict[type, str] = {
    SignupPage: "signup.html",
    SignupConfirmPage: "signup_confirm.html",
    SigninPage: "signin.html",
    TokensPage: "settings_tokens.html",
    DeleteAccountPage: "delete_account.html",
    PasswordPage: "password.html",
    MessagePage: "message.html",
}


def signup_page(
    *, email: str = "", name: str = "", intake_json: str = "", errors: dict[str, str] | None = None
) -> SignupPage:
    title = "Sign up to save this intake" if intake_json else "Sign up"
    return SignupPage(title, email, name, intake_json, MIN_PASSWORD_LENGTH, errors or {})


def signup_confirm_page(*, email: str, token: str) -> SignupConfirmPage:
    return SignupConfirmPage("Make your account", email, token)


def check_inbox_page(*, email: str, link_hours: int) -> MessagePage:
    """The one answer to a sign-up by email, whether or not the email has an account."""
    return MessagePage(
        "Check your inbox",
        "Check your inbox",
        f"Check your inbox: we sent a link to {email}. It works for {link_hours} hours.",
        "/",
        "Back to the start",
    )


def signup_link_refused_page() -> MessagePage:
    """A sign-up link that is unknown, used, expired, or whose email was taken since."""
    return MessagePage(
        "Link expired",
        "This link no longer works",
        "This link has expired or was already used; sign up again.",
        "/signup",
        "Sign up",
    )


def signin_page(*, email: str = "", errors: dict[str, str] | None = None) -> SigninPage:
    return SigninPage("Sign in", email, errors or {})


def _when(moment: datetime.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def tokens_page(
    *,
    email: str,
    tokens: list[TokenRecord],
    new_token: str = "",
    errors: dict[str, str] | None = None,
) -> TokensPage:
    rows = tuple(
        TokenRow(t.id, t.name, _when(t.created), _when(t.last_used), t.revoked is not None)
        for t in tokens
    )
    return TokensPage("Access tokens", email, rows, new_token, errors or {})


def delete_account_page(*, email: str, errors: dict[str, str] | None = None) -> DeleteAccountPage:
    return DeleteAccountPage("Delete your account", email, errors or {})


def password_page(*, email: str, errors: dict[str, str] | None = None) -> PasswordPage:
    return PasswordPage("Change your password", email, MIN_PASSWORD_LENGTH, errors or {})


def password_changed_page() -> MessagePage:
    return MessagePage(
        "Password changed",
        "Your password is changed",
        "Use the new one from now on. Every other browser that was signed in to your "
        "account is signed out; this one stays signed in.",
        "/settings",
        "Back to settings",
    )


def signed_out_everywhere_page() -> MessagePage:
    return MessagePage(
        "Signed out everywhere",
        "You are signed out everywhere",
        "Every browser that was signed in to your account, this one included, is signed "
        "out. Access tokens for the API still work: revoke them on the tokens page.",
        "/signin",
        "Sign in again",
    )


def stale_form_page() -> MessagePage:
    return MessagePage(
        "Form expired",
        "This form has expired",
        "For your safety, backrub only accepts forms it has just shown you. "
        "Go back, reload the page and send it again.",
        "/",
        "Back to the start",
    )


def too_many_signins_page(retry_after: int) -> MessagePage:
    minutes = max(1, (retry_after + 59) // 60)
    return MessagePage(
        "Too many attempts",
        "Too many sign-in attempts",
        f"Too many failed sign-ins for this account or from this address. "
        f"Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
        "/signin",
        "Sign in",
    )


def http_error_page(status: int, detail: str) -> MessagePage:
    """A page for an HTTP error outside the API (404 for another account's objects too)."""
    if status == 404:
        return MessagePage(
            "Not found",
            "Nothing here",
            "This page does not exist, or it belongs to someone else.",
            "/",
            "Back to the start",
        )
    heading = f"Something went wrong ({status})"
    return MessagePage("Error", heading, detail, "/", "Back to the start")
