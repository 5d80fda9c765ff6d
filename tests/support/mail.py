"""A real SMTP server for the tests (aiosmtpd, in a thread, on a free port) that keeps
what it receives, so a test reads the emails the app really sent."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"
USER, PASSWORD = "backrub", "mail password"


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class Inbox:
    """Every message the server accepted, parsed, oldest first."""

    url: str
    messages: list[EmailMessage] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def authenticate(
        self, _server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any
    ) -> AuthResult:
        """Accept USER with PASSWORD only, and remember who logged in."""
        good = (
            isinstance(data, LoginPassword)
            and data.login.decode() == USER
            and data.password.decode() == PASSWORD
        )
        if good:
            self.logins.append(data.login.decode())
        return AuthResult(success=good, handled=False)


@contextmanager
def catching_mail(*, login: bool = False) -> Iterator[Inbox]:
    """An SMTP server at `inbox.url` until the block ends; with `login`, it asks for
    USER and PASSWORD (over plain text: it is a test on the loopback)."""
    port = free_port()
    inbox = Inbox(url=f"smtp://{HOST}:{port}")
    options: dict[str, Any] = {}
    if login:
        options = {"authenticator": inbox.authenticate, "auth_require_tls": False}
        inbox.url = f"smtp://{USER}:{PASSWORD.replace(' ', '%20')}@{HOST}:{port}"
    controller = Controller(inbox, hostname=HOST, port=port, **options)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
