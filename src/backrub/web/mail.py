"""Email for sign-up: the link that confirms a new account, and the note to an owner that
someone tried to sign up with their address.

Both go through the server `BACKRUB_SMTP_URL` names, with the standard library's
smtplib: `smtps://` speaks TLS from the start, `smtp://` upgrades with STARTTLS when the
server offers it. Sending happens inside the sign-up request, so a failure can be
answered (`MailNotSent`, a 503) with nothing stored; the timeout keeps a silent server
from holding the request (and, on SQLite, the one writer) for long.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from backrub.journal.pending import LINK_LIFETIME
from backrub.web.settings import Settings

TIMEOUT = 5  # seconds for each step of the conversation with the mail server
LINK_HOURS = int(LINK_LIFETIME.total_seconds() // 3600)


class MailNotSent(Exception):
    """The mail server could not be reached or refused the message; the reason is for the
    log, never for the page."""


def confirm_message(settings: Settings, *, to: str, link: str) -> EmailMessage:
    """The email with the link that makes the account."""
    body = (
        "Hello,\n\n"
        "Someone (we hope you) asked for a backrub account with this address.\n"
        f"To make it, open this link within {LINK_HOURS} hours and press the button:\n\n"
        f"{link}\n\n"
        "If it was not you, ignore this email: without the link no account is made.\n\n"
        "backrub\n"
    )
    return _message(settings, to=to, subject="Confirm your backrub account", body=body)


def already_registered_message(settings: Settings, *, to: str) -> EmailMessage:
    """The email to an owner whose address someone tried to sign up with."""
    base = settings.base_url.rstrip("/")
    body = (
        "Hello,\n\n"
        "Someone (maybe you) tried to make a backrub account with this address.\n"
        f"You already have one: sign in at {base}/signin\n\n"
        "If it was not you, ignore this email: nothing has changed in your account.\n\n"
        "backrub\n"
    )
    return _message(settings, to=to, subject="You already have a backrub account", body=body)


def _message(settings: Settings, *, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def send(settings: Settings, message: EmailMessage) -> None:
    """Send `message` through `BACKRUB_SMTP_URL`; MailNotSent for any failure."""
    parts = urlsplit(settings.smtp_url.get_secret_value().strip())
    host = parts.hostname or "localhost"
    tls = parts.scheme == "smtps"
    port = parts.port or (465 if tls else 587)
    context = ssl.create_default_context()
    try:
        client = (
            smtplib.SMTP_SSL(host, port, timeout=TIMEOUT, context=context)
            if tls
            else smtplib.SMTP(host, port, timeout=TIMEOUT)
        )
        with client:
            client.ehlo()
            if not tls and client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            if parts.username:
                client.login(unquote(parts.username), unquote(parts.password or ""))
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:  # refused, unreachable, timed out
        raise MailNotSent(f"{host}:{port}: {error}") from error
