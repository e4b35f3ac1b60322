"""Every customer event, and every PSTN event of pstn_orders, heard in groups of their own, becomes deliveries to
the endpoints that want it."""

from __future__ import annotations

from contracts.events import EVENT_TYPES
from contracts.events.customers import CustomerEvent
from contracts.events.pstn import PstnEvent
from customers.webhook.service import WebhookService
from servicekit import EventHandlers


def handlers(service: WebhookService) -> EventHandlers:
    every = EventHandlers()
    for event_type in EVENT_TYPES.values():
        if issubclass(event_type, CustomerEvent):
            every.add(event_type, service.fan_out)
    return every


def pstn_handlers(service: WebhookService) -> EventHandlers:
    every = EventHandlers()
    for event_type in EVENT_TYPES.values():
        if issubclass(event_type, PstnEvent):
            every.add(event_type, service.fan_out)
    return every
