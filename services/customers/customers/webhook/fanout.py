"""Turns each customer event into one pending delivery per endpoint that wants it."""

from __future__ import annotations

from sqlalchemy import literal, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope
from contracts.events import EVENT_TYPES
from contracts.events.customers import CustomerEvent
from customers.webhook.models import WebhookDelivery, WebhookEndpoint
from servicekit import Clock, EventHandlers


def handlers(clock: Clock) -> EventHandlers:
    async def fan_out(session: AsyncSession, event: CustomerEvent, envelope: Envelope) -> None:
        # An endpoint hears about its owner's whole subtree (R-HIER-03 holds for webhooks too).
        event_path = event.tenant_path
        endpoints = (
            await session.scalars(
                select(WebhookEndpoint).where(
                    WebhookEndpoint.disabled_at.is_(None),
                    literal(event_path).startswith(WebhookEndpoint.path),
                )
            )
        ).all()
        wanted = [e for e in endpoints if not e.event_types or envelope.type in e.event_types]
        if not wanted:
            return
        payload = envelope.model_dump(mode="json")
        await session.execute(
            insert(WebhookDelivery)
            .values(
                [
                    {
                        "endpoint_id": e.id,
                        "event_id": envelope.id,
                        "event_type": envelope.type,
                        "payload": payload,
                        "next_attempt_at": clock.now(),
                    }
                    for e in wanted
                ]
            )
            .on_conflict_do_nothing(constraint="uq_webhook_deliveries_endpoint_event")  # a redelivered event
        )

    every = EventHandlers()
    for event_type in EVENT_TYPES.values():
        if issubclass(event_type, CustomerEvent):
            every.add(event_type, fan_out)
    return every
