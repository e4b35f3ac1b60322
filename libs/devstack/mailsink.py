"""A local SMTP sink: every message received is written as an .eml file in a folder."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import time
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class MaildirHandler:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        (self.folder / name).write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


class MemoryInbox:
    """Keeps every message received, parsed, for a test session to read (the tests' SMTP sink)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def start_memory(port: int) -> tuple[Controller, MemoryInbox]:
    inbox = MemoryInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


def start(folder: Path, port: int) -> Controller:
    controller = Controller(MaildirHandler(folder), hostname="127.0.0.1", port=port)
    controller.start()
    return controller


if __name__ == "__main__":
    folder = Path(os.environ.get("MAIL_DIR", ".data/mail")).resolve()
    port = int(os.environ.get("SMTP_PORT", "1025"))
    start(folder, port)
    print(f"mail: SMTP sink on 127.0.0.1:{port}, messages saved in {folder}", flush=True)
    try:
        asyncio.run(asyncio.Event().wait())
    except KeyboardInterrupt:
        pass
