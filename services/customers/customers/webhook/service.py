"""Registering, reading and disabling webhook endpoints (each caller sees only its own), and turning each
customer event into one pending delivery per endpoint that wants it."""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope
from contracts.events.customers import CustomerEvent
from customers.webhook.errors import WebhookEndpointNotFound
from customers.webhook.models import WebhookDelivery, WebhookEndpoint
from customers.webhook.repository import WebhookRepository
from customers.webhook.schemas import WebhookEndpointCreate
from servicekit import Clock, PageRequest, Principal, ValidationFailed


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookService:
    def __init__(self, *, clock: Clock, require_https: bool) -> None:
        self.clock = clock
        self.require_https = require_https

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
            event_types=data.event_types,
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
        endpoint.disabled_at = endpoint.disabled_at or self.clock.now()
        await WebhookRepository.for_caller(session, principal).fail_pending(endpoint.id, "endpoint disabled")

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

    async def fan_out(self, session: AsyncSession, event: CustomerEvent, envelope: Envelope) -> None:
        """One pending delivery per endpoint that wants the event; a redelivered event adds none."""
        repo = WebhookRepository.unscoped(session)
        # An endpoint hears about its owner's whole subtree (R-HIER-03 holds for webhooks too).
        endpoints = await repo.hearing(event.tenant_path)
        wanted = [e for e in endpoints if not e.event_types or envelope.type in e.event_types]
        if not wanted:
            return
        payload = envelope.model_dump(mode="json")
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
