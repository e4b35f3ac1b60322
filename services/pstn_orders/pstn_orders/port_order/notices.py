"""Emails about port orders to the customer's administrators and the order's extra address (R-PSTN-19): a
rejection and its remedy, the FOC date, the go-live, a cancellation, and reminders of an LOA still missing
(R-PSTN-17). Each is a durable timer due at once, so a mail server that is down is tried again."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import structlog
from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from pstn_orders.models import known_customers
from pstn_orders.port_order.models import PortOrder
from pstn_orders.port_rejection import rejection_code
from servicekit import Clock, Mailer, schedule_timer

log = structlog.get_logger()

EMAIL_TIMER = "port_order.email"
LOA_REMINDER_TIMER = "port_order.loa_reminder"
EMAIL_ATTEMPTS = 6


class PortNotices:
    def __init__(self, *, mailer: Mailer, clock: Clock, loa_reminder_every: timedelta) -> None:
        self.mailer = mailer
        self.clock = clock
        self.loa_reminder_every = loa_reminder_every

    async def tell(self, session: AsyncSession, order: PortOrder, kind: str, **facts: Any) -> None:
        """Email the order's contacts about `kind` (rejected, foc_received, completed, cancelled)."""
        payload = {"port_order_id": str(order.id), "kind": kind, "attempt": 1, **facts}
        key = f"{order.id}:{kind}:{order.attempts}:{self.clock.now().isoformat()}"
        await schedule_timer(session, EMAIL_TIMER, key, self.clock.now(), payload)

    async def remind_loa(self, session: AsyncSession, order: PortOrder) -> None:
        """R-PSTN-17: remind the order's contacts until the authorised contact uploads the LOA."""
        due = self.clock.now() + self.loa_reminder_every
        await schedule_timer(session, LOA_REMINDER_TIMER, str(order.id), due, {"port_order_id": str(order.id)})

    async def on_email_timer(self, session: AsyncSession, timer: Row[Any]) -> None:
        payload = dict(timer.payload)
        order = await session.get(PortOrder, uuid.UUID(payload["port_order_id"]))
        if order is None:
            return
        await self._send(session, order, payload)

    async def on_loa_reminder(self, session: AsyncSession, timer: Row[Any]) -> None:
        order = await session.get(PortOrder, uuid.UUID(timer.payload["port_order_id"]))
        if order is None or order.loa_id is not None or order.state in ("completed", "cancelled"):
            return  # it arrived, or the order is over: no more reminders
        await self._send(session, order, {"kind": "loa_missing", "attempt": 1, "port_order_id": str(order.id)})
        await self.remind_loa(session, order)

    async def _send(self, session: AsyncSession, order: PortOrder, payload: dict[str, Any]) -> None:
        recipients = await _recipients(session, order)
        if not recipients:
            log.warning("port_order.no_contact", port_order_id=str(order.id))
            return
        try:
            await self.mailer.send(email(order, payload, recipients))
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            attempt = int(payload["attempt"])
            log.warning("port_order.email_failed", port_order_id=str(order.id), attempt=attempt, error=str(exc))
            if attempt < EMAIL_ATTEMPTS:
                due = self.clock.now() + timedelta(minutes=5 * attempt)
                again = {**payload, "attempt": attempt + 1}
                await schedule_timer(session, EMAIL_TIMER, f"{order.id}:{payload['kind']}:{due}", due, again)


async def _recipients(session: AsyncSession, order: PortOrder) -> list[str]:
    contact = await session.scalar(
        select(known_customers.c.contact_email).where(known_customers.c.customer_id == order.customer_id)
    )
    return sorted({address for address in (contact, order.notification_email) if address})


def _when(value: str | None) -> str:
    return datetime.fromisoformat(value).strftime("%A %d %B %Y, %H:%M UTC") if value else "not set"


def email(order: PortOrder, payload: dict[str, Any], recipients: list[str]) -> EmailMessage:
    kind = payload["kind"]
    message = EmailMessage()
    message["To"] = ", ".join(recipients)
    message["X-Port-Order-Id"] = str(order.id)
    message["X-Port-Order-Notice"] = kind
    ref = f"port order {order.order_number}"
    if kind == "rejected":
        row = rejection_code(payload["code"])
        message["Subject"] = f"Action needed: {ref} was rejected ({row.display_name})"
        body = (
            f"The losing carrier rejected {ref}: {row.display_name} ({row.code.value}).\n"
            f"{row.meaning}\n\nWhat to do: {row.remedy}\n\nCarrier's detail: {payload.get('detail', '')}\n"
        )
    elif kind == "foc_received":
        message["Subject"] = f"{ref}: the port date is confirmed"
        body = f"The losing carrier committed to porting the numbers of {ref} on {_when(payload.get('foc_at'))}.\n"
    elif kind == "completed":
        message["Subject"] = f"{ref} is complete: your numbers are live"
        body = (
            f"The numbers of {ref} were ported on {_when(payload.get('completed_at'))} and now carry calls on the "
            "platform; their billing starts today. The carrier contacts you directly to confirm the go-live.\n"
        )
    elif kind == "cancelled":
        message["Subject"] = f"{ref} was cancelled"
        body = f"{ref} was cancelled; its numbers stay with the losing carrier.\n"
    else:  # loa_missing
        message["Subject"] = f"Reminder: {ref} is waiting for its signed letter of agency"
        body = (
            f"The authorised contact of the losing account still has to upload the signed country-specific LOA "
            f"for {ref}. The port cannot complete without it.\n"
        )
    message.set_content(body + f"\nOrder: {order.order_number} ({order.id})\n")
    return message
