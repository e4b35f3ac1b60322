"""Every customer event, every PSTN event of pstn_orders and every contact-center event of cc_setup, heard in
groups of their own, becomes deliveries to the endpoints that want it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope, Event
from contracts.events import EVENT_TYPES
from customers.webhook.service import WebhookService
from servicekit import EventHandlers


def handlers(service: WebhookService, family: type[Event]) -> EventHandlers:
    """Deliveries of every event type of `family` (CustomerEvent, PstnEvent, ContactCenterEvent)."""
    # fan_out takes any event of the three families; only those of `family` are added here.
    fan_out = cast(Callable[[AsyncSession, Event, Envelope], Awaitable[None]], service.fan_out)
    every = EventHandlers()
    for event_type in EVENT_TYPES.values():
        if issubclass(event_type, family):
            every.add(event_type, fan_out)
    return every
