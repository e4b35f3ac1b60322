"""Registering, reading, disabling and replaying webhook endpoints (each caller sees only its own), turning each
customer event into one pending delivery per endpoint that wants it, and recording each attempt's outcome."""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import structlog
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope
from contracts.events.cc import ContactCenterEvent
from contracts.events.customers import CustomerEvent
from contracts.events.customers import WebhookEndpointDisabled as EndpointDisabledEvent
from contracts.events.pstn import PstnEvent
from customers.webhook.errors import WebhookEndpointDisabled, WebhookEndpointNotFound
from customers.webhook.models import WebhookDelivery, WebhookEndpoint
from customers.webhook.repository import WebhookRepository
from customers.webhook.schemas import WebhookEndpointCreate
from servicekit import Clock, Mailer, PageRequest, Principal, ValidationFailed, emit, schedule_timer

log = structlog.get_logger()

# After the first attempt, as Standard Webhooks suggests: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
RETRY_AFTER = [timedelta(seconds=s) for s in (5, 300, 1800, 7200, 18000, 36000, 36000)]
# An endpoint that answered nothing for the whole schedule of a delivery it gave up on is disabled.
FAILING_FOR = sum(RETRY_AFTER, timedelta())
DISABLED_NOTICE_TIMER = "webhook.endpoint_disabled_notice"
NOTICE_ATTEMPTS = 5  # the email to the owner's contact, tried again 5, 10, 15 and 20 min later


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def parent_of(path: str) -> uuid.UUID | None:
    ids = [part for part in path.split("/") if part]
    return uuid.UUID(ids[-2]) if len(ids) > 1 else None


@dataclass(frozen=True)
class Outcome:
    """What one attempt got: a 2xx, another status, or no answer (`error`)."""

    ok: bool
    status_code: int | None
    error: str | None


class WebhookService:
    def __init__(self, *, clock: Clock, require_https: bool, mailer: Mailer) -> None:
        self.clock = clock
        self.require_https = require_https
        self.mailer = mailer

    async def create(
        self, session: AsyncSession, data: WebhookEndpointCreate, *, principal: Principal
    ) -> WebhookEndpoint:
        if self.require_https and data.url.scheme != "https":
            raise ValidationFailed.field("url", "must be an https URL")
        endpoint = WebhookEndpoint(
            customer_id=principal.customer_id,
            path=principal.tenant_path,
            url=str(data.url),
            secret=new_secret(),
            event_types=[str(t) for t in data.event_types],
            description=data.description,
        )
        return await WebhookRepository.for_caller(session, principal).add_endpoint(endpoint)

    async def get(self, session: AsyncSession, endpoint_id: uuid.UUID, *, principal: Principal) -> WebhookEndpoint:
        repo = WebhookRepository.for_caller(session, principal)
        endpoint = await repo.endpoint(endpoint_id, owner_id=principal.customer_id)
        if endpoint is None:
            raise WebhookEndpointNotFound(endpoint_id)
        return endpoint

    async def list(self, session: AsyncSession, *, principal: Principal) -> Sequence[WebhookEndpoint]:
        return await WebhookRepository.for_caller(session, principal).endpoints(owner_id=principal.customer_id)

    async def disable(self, session: AsyncSession, endpoint_id: uuid.UUID, *, principal: Principal) -> None:
        endpoint = await self.get(session, endpoint_id, principal=principal)
        if endpoint.disabled_at is None:
            await self._disable(session, endpoint, reason="disabled_by_owner", failing_since=None)

    async def deliveries(
        self,
        session: AsyncSession,
        endpoint_id: uuid.UUID,
        page: PageRequest,
        *,
        principal: Principal,
        status: str | None,
    ) -> Sequence[WebhookDelivery]:
        endpoint = await self.get(session, endpoint_id, principal=principal)
        return await WebhookRepository.for_caller(session, principal).deliveries(endpoint.id, status, page)

    async def replay(
        self, session: AsyncSession, endpoint_id: uuid.UUID, since: datetime, *, principal: Principal
    ) -> int:
        """Send again every event delivered or given up since `since`: same event, same `webhook-id`."""
        endpoint = await self.get(session, endpoint_id, principal=principal)
        if endpoint.disabled_at is not None:
            raise WebhookEndpointDisabled(endpoint_id)
        return await WebhookRepository.for_caller(session, principal).replay(endpoint.id, since, self.clock.now())

    async def fan_out(
        self, session: AsyncSession, event: CustomerEvent | PstnEvent | ContactCenterEvent, envelope: Envelope
    ) -> None:
        """One pending delivery per endpoint that wants the event; a redelivered event adds none."""
        repo = WebhookRepository.unscoped(session)
        # An endpoint hears about its owner's whole subtree (R-HIER-03 holds for webhooks too).
        endpoints = await repo.hearing(event.tenant_path)
        wanted = [e for e in endpoints if not e.event_types or envelope.type in e.event_types]
        if not wanted:
            return
        if isinstance(event, PstnEvent | ContactCenterEvent):  # another service's: placed where this one heard it
            position: int | None = await repo.heard_position()
        else:
            position = await repo.position(envelope.id)
        if position is None:  # the outbox keeps sent rows 7 days; a fan-out this late is parked, not guessed
            raise LookupError(f"event {envelope.id} is not in the outbox: its position is unknown")
        # CloudEvents `sequence` extension: a string that orders lexicographically, so zero-padded.
        payload = envelope.model_dump(mode="json") | {"sequence": f"{position:020d}"}
        now = self.clock.now()
        await repo.add_deliveries(
            [
                {
                    "endpoint_id": e.id,
                    "event_id": envelope.id,
                    "event_type": envelope.type,
                    "payload": payload,
                    "next_attempt_at": now,
                }
                for e in wanted
            ]
        )

    async def record(self, session: AsyncSession, delivery_id: uuid.UUID, outcome: Outcome) -> None:
        """Keep an attempt's outcome: delivered, tried again on the schedule, or given up."""
        repo = WebhookRepository.unscoped(session)
        delivery = await repo.delivery_for_update(delivery_id)
        if delivery is None or delivery.status != "pending":  # disabled meanwhile
            return
        now = self.clock.now()
        delivery.attempts += 1
        delivery.last_status_code, delivery.last_error = outcome.status_code, outcome.error
        if outcome.ok:
            delivery.status, delivery.delivered_at = "delivered", now
        elif delivery.attempts <= len(RETRY_AFTER):
            delivery.next_attempt_at = now + RETRY_AFTER[delivery.attempts - 1]
        else:
            delivery.status = "failed"
            log.warning("webhooks.gave_up", delivery_id=str(delivery.id), attempts=delivery.attempts)
            failing_since = now - FAILING_FOR
            if not await repo.delivered_since(delivery.endpoint_id, failing_since):
                endpoint = await repo.endpoint_by_id(delivery.endpoint_id, for_update=True)
                if endpoint is not None and endpoint.disabled_at is None:
                    await self._disable(session, endpoint, reason="failing", failing_since=failing_since)

    async def _disable(
        self, session: AsyncSession, endpoint: WebhookEndpoint, *, reason: str, failing_since: datetime | None
    ) -> None:
        now = self.clock.now()
        endpoint.disabled_at = now
        detail = "endpoint disabled" if failing_since is None else "endpoint disabled: it kept failing"
        await WebhookRepository.unscoped(session).fail_pending(endpoint.id, detail)
        await emit(
            session,
            EndpointDisabledEvent(
                customer_id=endpoint.customer_id,
                parent_id=parent_of(endpoint.path),
                tenant_path=endpoint.path,
                endpoint_id=endpoint.id,
                url=endpoint.url,
                reason=reason,
                failing_since=failing_since.isoformat() if failing_since else None,
            ),
        )
        if failing_since is not None:
            log.warning("webhooks.endpoint_disabled", endpoint_id=str(endpoint.id), url=endpoint.url)
            payload = {"endpoint_id": str(endpoint.id), "attempt": 1}
            await schedule_timer(session, DISABLED_NOTICE_TIMER, str(endpoint.id), now, payload)

    async def on_disabled_notice(self, session: AsyncSession, timer: Row[Any]) -> None:
        """Email the owner's contact that its endpoint was disabled; a mail server that is down is tried again."""
        repo = WebhookRepository.unscoped(session)
        endpoint = await repo.endpoint_by_id(uuid.UUID(timer.payload["endpoint_id"]))
        contact = await repo.contact_of(endpoint.customer_id) if endpoint else None
        if endpoint is None or contact is None:
            return
        try:
            await self.mailer.send(disabled_notice(endpoint, contact))
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            attempt = int(timer.payload["attempt"])
            log.warning("webhooks.notice_failed", endpoint_id=str(endpoint.id), attempt=attempt, error=str(exc))
            if attempt < NOTICE_ATTEMPTS:
                due = self.clock.now() + timedelta(minutes=5 * attempt)
                payload = {"endpoint_id": str(endpoint.id), "attempt": attempt + 1}
                await schedule_timer(session, DISABLED_NOTICE_TIMER, str(endpoint.id), due, payload)


def disabled_notice(endpoint: WebhookEndpoint, contact: str) -> EmailMessage:
    message = EmailMessage()
    message["To"] = contact
    message["Subject"] = f"Webhook endpoint disabled: {endpoint.url}"
    message["X-Webhook-Endpoint-Id"] = str(endpoint.id)
    hours = int(FAILING_FOR.total_seconds() // 3600)
    message.set_content(
        f"Your webhook endpoint {endpoint.url} (id {endpoint.id}) answered no delivery with a 2xx for about "
        f"{hours} hours, through the whole retry schedule, and has been disabled. Its pending deliveries were "
        "marked failed; every delivery stays readable at "
        f"/v1/webhook-endpoints/{endpoint.id}/deliveries.\n\n"
        "To receive events again, register an endpoint that answers (POST /v1/webhook-endpoints).\n"
    )
    return message
