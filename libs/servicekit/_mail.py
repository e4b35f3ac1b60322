"""Email to a configured SMTP server (aiosmtplib): the adapter a service's `create_app` takes, so a test may pass
another."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Protocol

import aiosmtplib


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Hand the message to the mail server; raises when it was not accepted."""


class SmtpMailer:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str | None = None,
        password: str | None = None,
        start_tls: bool = False,
        timeout_seconds: float = 10.0,
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.start_tls = username, password, start_tls
        self.timeout_seconds = timeout_seconds

    async def send(self, message: EmailMessage) -> None:
        if "From" not in message:
            message["From"] = self.sender
        await aiosmtplib.send(
            message,
            hostname=self.host,
            port=self.port,
            username=self.username,
            password=self.password,
            start_tls=self.start_tls,
            timeout=self.timeout_seconds,
        )
